"""Group codes over several key columns: one code per distinct key, whatever the cardinalities."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest

from forecastcheck.tables import _common


def _check(columns: list[pa.Array]) -> None:
    """Every row's code names its own key; equal keys share a code; keys are sorted by codes."""
    n = len(columns[0])
    got, keys = _common.codes(columns, n)
    rows = list(zip(*(c.to_pylist() for c in columns), strict=True))
    assert [keys[g] for g in got.tolist()] == rows
    assert len(keys) == len(set(rows))
    assert sorted(set(got.tolist())) == list(range(len(keys)))


def test_keys_of_a_few_columns_are_the_rows_values() -> None:
    """Three small columns, nulls among them: codes name each row's key."""
    _check(
        [
            pa.array(["a", "b", "a", None, "b"]),
            pa.array([1, 2, 1, 2, 2]),
            pa.array([0.5, None, 0.5, 0.5, None]),
        ]
    )


@pytest.mark.parametrize("n_columns", [5, 7])
def test_cardinalities_past_int64_name_the_right_keys(n_columns: int) -> None:
    """Columns of 10^4 distinct values each: their product passes 2**63, codes stay right."""
    rng = np.random.default_rng(3)
    n = 10_000
    columns = [pa.array(rng.permutation(n).tolist()) for _ in range(n_columns)]
    columns.append(pa.array((np.arange(n) % 3).tolist()))  # a small column after the dense step
    _check(columns)


def test_repeated_keys_past_int64_share_their_code() -> None:
    """Rows repeated after the dense step: equal keys share one code."""
    rng = np.random.default_rng(4)
    base = [rng.permutation(10_000).tolist() for _ in range(5)]
    columns = [pa.array(values + values[:50]) for values in base]
    _check(columns)
