"""The ranked logarithmic score: scoringrules' golden value and its identities."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from forecastcheck.scoring import (
    ScoringInputError,
    log_score,
    ranked_logarithmic_score,
    summarize,
)


def test_scoringrules_golden_value() -> None:
    """RLS matches scoringrules' test_rls: obs 2 of [0.21, 0.31, 0.32, 0.16] -> 1.064002."""
    # scoringrules tests/test_brier.py::test_rls (1-based obs = 2, i.e. index 1 here).
    assert ranked_logarithmic_score([[0.21, 0.31, 0.32, 0.16]], [1])[0] == pytest.approx(
        1.064002, abs=1e-6
    )


def test_by_hand() -> None:
    """RLS = -ln F_0 - ln F_1 - ln(1 - F_2)... summed over the K - 1 thresholds."""
    # P = (0.2, 0.5, 0.3), outcome 1: F = (0.2, 0.7); O = (0, 1) -> -ln(0.8) - ln(0.7)
    out = ranked_logarithmic_score([[0.2, 0.5, 0.3]], [1])[0]
    assert out == pytest.approx(-math.log(0.8) - math.log(0.7))


def test_zero_on_the_side_that_happened_is_infinite_and_counted() -> None:
    """A zero cumulative probability on what happened scores +inf, counted by summarize."""
    out = ranked_logarithmic_score([[0.0, 1.0], [0.5, 0.5]], [0, 0])
    assert out[0] == math.inf
    assert summarize(out).n_infinite == 1


def test_rows_must_sum_to_one() -> None:
    """Rows that do not sum to 1 are rejected, never renormalised."""
    with pytest.raises(ScoringInputError, match="summing to 1"):
        ranked_logarithmic_score([[0.2, 0.2]], [0])


@given(st.floats(0.001, 0.999), st.integers(0, 1))
def test_two_categories_is_the_log_score(p_yes: float, y: int) -> None:
    """With two categories the RLS is the binary log score of the second category."""
    rls = ranked_logarithmic_score([[1 - p_yes, p_yes]], [y])[0]
    assert rls == pytest.approx(log_score([p_yes], [y])[0], rel=1e-12)


@given(st.lists(st.floats(0.01, 1.0), min_size=2, max_size=6), st.data())
def test_nonnegative_and_perfect_is_zero(weights: list[float], data: st.DataObject) -> None:
    """RLS >= 0, and 0 for all mass on the category that happened."""
    P = np.array(weights) / np.sum(weights)
    y = data.draw(st.integers(0, len(weights) - 1))
    assert ranked_logarithmic_score([P], [y])[0] >= 0.0
    onehot = np.eye(len(weights))[y]
    assert ranked_logarithmic_score([onehot], [y])[0] == 0.0
