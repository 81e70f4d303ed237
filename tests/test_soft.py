"""Brier and log scores against a probabilistic outcome: definitions and identities."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from forecastcheck.scoring import (
    ScoringInputError,
    brier,
    brier_probabilistic,
    log_score,
    log_score_probabilistic,
)

probs = st.floats(0.0, 1.0, allow_nan=False)


def test_forecastbench_market_brier() -> None:
    """A forecast of 0.6 on a market standing at 0.45 scores (0.6 - 0.45)**2 = 0.0225."""
    # ForecastBench (Karger et al. 2025) scores unresolved market questions by Brier
    # against the market value: (p - market)**2.
    assert brier_probabilistic([0.6], [0.45])[0] == pytest.approx(0.0225)


def test_cross_entropy_by_hand() -> None:
    """The log score against q is -(q ln p + (1 - q) ln(1 - p)); 0 ln 0 counts as 0."""
    assert log_score_probabilistic([0.8], [0.3])[0] == pytest.approx(
        -(0.3 * math.log(0.8) + 0.7 * math.log(0.2))
    )
    assert log_score_probabilistic([0.0, 1.0], [0.0, 1.0]).tolist() == [0.0, 0.0]
    assert log_score_probabilistic([0.0], [0.1])[0] == math.inf


@given(probs, st.sampled_from([0.0, 1.0]))
def test_zero_one_outcomes_give_the_binary_scores(p: float, q: float) -> None:
    """With q in {0, 1} both equal the binary Brier and log scores."""
    assert brier_probabilistic([p], [q])[0] == brier([p], [q])[0]
    assert log_score_probabilistic([p], [q])[0] == pytest.approx(log_score([p], [q])[0], rel=1e-14)


@given(st.floats(0.001, 0.999), probs)
def test_scores_are_the_expected_binary_scores(p: float, q: float) -> None:
    """Against q: log = E[log score], Brier = E[Brier] - q(1 - q), for Y ~ Bernoulli(q)."""
    expected_log = q * log_score([p], [1])[0] + (1 - q) * log_score([p], [0])[0]
    assert log_score_probabilistic([p], [q])[0] == pytest.approx(expected_log, rel=1e-12, abs=1e-15)
    expected_brier = q * brier([p], [1])[0] + (1 - q) * brier([p], [0])[0]
    assert brier_probabilistic([p], [q])[0] == pytest.approx(
        expected_brier - q * (1 - q), abs=1e-15
    )


@given(probs)
def test_best_at_p_equals_q(q: float) -> None:
    """Both scores are smallest at p = q (proper in expectation)."""
    grid = np.linspace(0.0, 1.0, 101)
    with np.errstate(all="ignore"):
        at_q_log = log_score_probabilistic([q], [q])[0]
        assert (log_score_probabilistic(grid, np.full(101, q)) >= at_q_log - 1e-12).all()
    assert (brier_probabilistic(grid, np.full(101, q)) >= 0.0).all()
    assert brier_probabilistic([q], [q])[0] == 0.0


def test_outcome_outside_unit_interval_rejected() -> None:
    """An outcome probability outside [0, 1] is an error naming q."""
    with pytest.raises(ScoringInputError, match="q: 1 value outside"):
        brier_probabilistic([0.5], [1.2])


def test_nan_policy() -> None:
    """NaN is an error by default and NaN out under 'omit'."""
    with pytest.raises(ScoringInputError, match="NaN"):
        log_score_probabilistic([0.5], [math.nan])
    out = brier_probabilistic([0.5, 0.5], [math.nan, 0.5], nan_policy="omit")
    assert math.isnan(out[0])
    assert out[1] == 0.0
