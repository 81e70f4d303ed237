"""The 64-bit hash of each row's forecast unit: how the table engine finds duplicate forecasts.

A private module. Rows whose units hash alike are read again and compared
exactly (:func:`~forecastcheck.tables._common.duplicates`), so a hash only
narrows the search. :func:`row_hashes` hashes one piece of columns (the
streamed binary scoring hashes each batch as it passes,
:mod:`~forecastcheck.tables.binary_stream`); :func:`unit_hashes` a whole
table, the same in every process for a Dask DataFrame's partitions
(:mod:`~forecastcheck.tables.dask_engine`) or quicker within one
(:mod:`~forecastcheck.tables._partitions`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from forecastcheck.tables import _common

__all__ = ["row_hashes", "unit_hashes"]


def unit_hashes(table: Any, unit: Sequence[str], *, stable: bool = True) -> npt.NDArray[np.uint64]:
    """The 64-bit hash of each row's forecast unit (equal units, equal hashes).

    ``stable``: the same in every process, for the rows of a table spread over
    processes (a Dask DataFrame's partitions): text is hashed by
    :func:`pandas.util.hash_array` (a fixed-key SipHash), not by Python's
    ``hash``, which differs from process to process. Within one process (a
    table split into parts, :mod:`~forecastcheck.tables._partitions`) the
    quicker ``stable=False`` does.
    """
    parts = []
    for piece in table.select(list(unit)).to_batches(max_chunksize=_common.PIECE):
        columns = [piece.column(c) for c in unit]
        cache = _common.encoded_dictionaries(columns)
        parts.append(row_hashes(columns, piece.num_rows, cache, stable=stable))
    return np.concatenate(parts) if parts else np.empty(0, dtype=np.uint64)


def _words(values: list[Any], stable: bool) -> npt.NDArray[np.uint64]:
    """A 64-bit hash of each distinct value (``stable``: the same in every process)."""
    if stable:
        import pandas as pd

        return np.asarray(pd.util.hash_array(np.array(values, dtype=object)), dtype=np.uint64)
    return np.array([hash(v) for v in values], dtype=np.int64).view(np.uint64)


def row_hashes(
    columns: Sequence[Any], n: int, cache: dict[int, Any] | None = None, stable: bool = False
) -> npt.NDArray[np.uint64]:
    """A 64-bit hash of each row's values (equal rows, equal hashes; checked exactly after)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    h: npt.NDArray[np.uint64] = np.full(n, 0xCBF29CE484222325, dtype=np.uint64)
    prime = np.uint64(0x100000001B3)
    for col in columns:
        arr = col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col
        t = arr.type
        if pa.types.is_temporal(t):
            arr = arr.view(pa.int32() if t.bit_width == 32 else pa.int64())
            t = arr.type
        if pa.types.is_integer(t) or pa.types.is_boolean(t):
            ints = pc.cast(arr, pa.int64())
            if ints.null_count:
                ints = pc.fill_null(ints, -(2**62))  # null: one more value
            vals = np.asarray(ints.to_numpy(zero_copy_only=False), dtype=np.int64).view(np.uint64)
        elif pa.types.is_floating(t):
            f = pc.fill_null(pc.cast(arr, pa.float64()), np.nan).to_numpy(zero_copy_only=False)
            f = np.asarray(f, dtype=np.float64) + 0.0  # -0.0 as 0.0
            vals = np.where(np.isnan(f), np.nan, f).view(np.uint64)  # one NaN
        else:  # text and anything else: the hash of each distinct value
            idx, values = _common.encoded(col, cache)
            vals = _words(values, stable)[idx]
        h ^= vals
        h *= prime
    h ^= h >> np.uint64(29)
    return h
