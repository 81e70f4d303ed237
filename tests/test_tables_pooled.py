"""score_table(..., aggregate=...): the models' forecasts pooled per forecast unit, then scored."""

from __future__ import annotations

import math

import pyarrow as pa
import pytest

from forecastcheck.tables import TableError, score_table


def _table(observed: list[float] | None = None) -> pa.Table:
    return pa.table(
        {
            "question": [1, 1, 1, 2, 2, 2],
            "model": ["a", "b", "c", "a", "b", "c"],
            "predicted": [0.7, 0.8, 0.9, 0.2, 0.4, 0.3],
            "observed": observed or [1.0, 1.0, 1.0, 0.0, 0.0, 0.0],
        }
    )


def test_geometric_mean_of_odds_crowd_is_scored_as_one_model() -> None:
    """Pooled by the geometric mean of odds, each question has one forecast: its Brier is by hand."""
    out = score_table(_table(), aggregate="geometric_mean_odds").to_pydict()
    q1 = (7 / 3 * 4 * 9) ** (1 / 3)  # odds of 0.7, 0.8, 0.9
    q2 = (0.25 * (2 / 3) * (3 / 7)) ** (1 / 3)  # odds of 0.2, 0.4, 0.3
    p1, p2 = q1 / (1 + q1), q2 / (1 + q2)
    assert out["model"] == ["crowd:geometric_mean_odds"]
    assert out["n"] == [2]
    assert out["brier_score"][0] == pytest.approx(((1 - p1) ** 2 + p2**2) / 2, rel=1e-12)
    assert out["log_score"][0] == pytest.approx(-(math.log(p1) + math.log(1 - p2)) / 2, rel=1e-12)


def test_median_crowd_brier() -> None:
    """The median crowd forecasts 0.8 and 0.3: Brier (0.2**2 + 0.3**2) / 2."""
    out = score_table(_table(), aggregate="median").to_pydict()
    assert out["brier_score"][0] == pytest.approx((0.2**2 + 0.3**2) / 2, rel=1e-12)


def test_models_disagreeing_on_an_outcome_cannot_be_pooled() -> None:
    """A unit whose rows give different outcomes is a located problem, not a silent pick."""
    with pytest.raises(TableError, match=r"row 4, column observed: .*disagree"):
        score_table(_table([1.0, 1.0, 1.0, 0.0, 1.0, 0.0]), aggregate="mean")


def test_a_missing_forecast_cannot_be_pooled() -> None:
    """A missing forecast is a located problem, never left out of the pool silently."""
    t = _table().set_column(2, "predicted", pa.array([0.7, None, 0.9, 0.2, 0.4, 0.3]))
    with pytest.raises(TableError, match=r"row 2, column predicted: is missing"):
        score_table(t, aggregate="mean")


def test_only_binary_tables_are_pooled() -> None:
    """A quantile table with aggregate= is refused with a clear message."""
    t = pa.table({"model": ["a"], "quantile_level": [0.5], "predicted": [1.0], "observed": [1.0]})
    with pytest.raises(TableError, match="pools binary forecasts, not quantile"):
        score_table(t, aggregate="median")


def test_an_outcome_missing_from_some_rows_of_a_unit_cannot_be_pooled() -> None:
    """A unit where some models give the outcome and one does not is a problem at that row."""
    t = _table().set_column(3, "observed", pa.array([1.0, None, 1.0, 0.0, 0.0, 0.0]))
    with pytest.raises(TableError) as info:
        score_table(t, aggregate="mean")
    assert [str(p) for p in info.value.problems] == [
        "row 2, column observed: is missing while other models of this unit have one"
    ]


def test_a_unit_without_any_outcome_is_pooled_without_one() -> None:
    """A unit that no row gives an outcome for pools to a crowd row without one (counted)."""
    t = _table().set_column(3, "observed", pa.array([None, None, None, 0.0, 0.0, 0.0]))
    out = score_table(t, aggregate="mean", missing="count").to_pydict()
    assert (out["n"], out["n_no_observation"]) == ([1], [1])
    assert out["brier_score"][0] == pytest.approx(0.3**2, rel=1e-12)  # still a binary table
