"""CORP with weights: weights of 1 change nothing, integer weights replicate forecasts."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from forecastcheck.calibration import Corp, corp
from forecastcheck.scoring import ScoringInputError

probs = st.floats(0.0, 1.0, allow_nan=False).map(lambda v: round(v, 2))


@st.composite
def forecasts(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    """Binary forecasts (with repeated values) and outcomes."""
    n = draw(st.integers(1, 40))
    p = np.array(draw(st.lists(probs, min_size=n, max_size=n)))
    y = np.array(draw(st.lists(st.booleans(), min_size=n, max_size=n)))
    return p, y


def _same(a: Corp, b: Corp) -> None:
    for field in ("n", "mean_score", "recalibrated_score", "unc", "mcb", "dsc", "n_infinite"):
        assert getattr(a, field) == getattr(b, field), field
    assert np.array_equal(a.x, b.x)
    assert np.array_equal(a.recalibrated, b.recalibrated)


@given(forecasts(), st.sampled_from(["brier", "misclassification"]))
def test_unit_weights_give_exactly_the_unweighted_result(
    data: tuple[np.ndarray, np.ndarray], score: str
) -> None:
    """weights = 1 reproduce corp() without weights, bit for bit."""
    p, y = data
    plain = corp(p, y, score)  # type: ignore[arg-type]
    weighted = corp(p, y, score, weights=np.ones(p.size))  # type: ignore[arg-type]
    _same(plain, weighted)
    assert weighted.x_weight is not None
    assert weighted.x_weight.tolist() == plain.x_count.tolist()


def test_unit_weights_with_resampling() -> None:
    """The band and p-value are unchanged by unit weights too."""
    p = np.round(np.linspace(0.05, 0.95, 40), 1)
    y = np.arange(40) % 3 == 0
    a = corp(p, y, n_resamples=30, seed=4)
    b = corp(p, y, n_resamples=30, seed=4, weights=np.ones(40))
    assert a.p_value == b.p_value
    assert a.band_low is not None
    assert b.band_low is not None
    assert np.array_equal(a.band_low, b.band_low)


@given(forecasts(), st.data())
def test_integer_weights_replicate_forecasts(
    data: tuple[np.ndarray, np.ndarray], draw: st.DataObject
) -> None:
    """A weight of k counts a forecast as k copies of it."""
    p, y = data
    w = np.array(draw.draw(st.lists(st.integers(1, 4), min_size=p.size, max_size=p.size)))
    weighted = corp(p, y, weights=w.astype(float))
    replicated = corp(np.repeat(p, w), np.repeat(y, w))
    for field in ("mean_score", "recalibrated_score", "unc", "mcb", "dsc"):
        assert getattr(weighted, field) == pytest.approx(getattr(replicated, field), abs=1e-15)
    assert np.allclose(weighted.recalibrated, replicated.recalibrated, rtol=0, atol=1e-15)


def test_weights_shift_the_fit() -> None:
    """Weighting pulls the PAV pool towards the heavier forecast."""
    c = corp([0.3, 0.6], [1, 0], weights=[3.0, 1.0])
    assert c.recalibrated.tolist() == pytest.approx([0.75, 0.75])
    assert c.unc == pytest.approx(0.75 * 0.25)


def test_bad_weights_rejected() -> None:
    """Weights must match p and be positive and finite."""
    with pytest.raises(ScoringInputError, match="shape"):
        corp([0.2, 0.4], [0, 1], weights=[1.0])
    with pytest.raises(ScoringInputError, match="positive and finite"):
        corp([0.2, 0.4], [0, 1], weights=[1.0, 0.0])


def test_weights_follow_omitted_rows() -> None:
    """Under nan_policy='omit' the weights of omitted forecasts are dropped with them."""
    c = corp([0.2, np.nan, 0.7], [0, 1, 1], weights=[1.0, 5.0, 2.0], nan_policy="omit")
    d = corp([0.2, 0.7], [0, 1], weights=[1.0, 2.0])
    assert (c.n, c.n_omitted) == (2, 1)
    assert c.mean_score == d.mean_score
