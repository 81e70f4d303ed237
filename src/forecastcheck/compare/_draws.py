"""The bootstrap's multinomial question weights, drawn once when several bootstraps share them.

Private: imported as a module (``from forecastcheck.compare import _draws``).

A report bootstraps the same questions with the same seed more than once
(the Brier and the log intervals; the ranks, when the ranked sources answered
every question). Drawing the weights is most of a bootstrap's time, so inside
:func:`shared` a draw is kept and handed out again to every later bootstrap
with the same seed (an int), number of questions, resamples and batch size —
the same numbers a fresh draw gives, since the generator restarts from the
seed each time. Outside :func:`shared` nothing is kept. A seed given as a
``numpy.random.Generator`` is never shared: its state moves on with each draw.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

import numpy as np
from numpy.typing import NDArray

from forecastcheck.compare import _long

__all__ = ["columns", "shared"]

_Key = tuple[int, int, int, int]
_CACHE: contextvars.ContextVar[dict[_Key, list[NDArray[np.unsignedinteger]]] | None] = (
    contextvars.ContextVar("forecastcheck_bootstrap_draws", default=None)
)


@contextlib.contextmanager
def shared() -> Iterator[None]:
    """Within this block, bootstraps with equal seed and shape reuse one draw of weights."""
    token = _CACHE.set({})
    try:
        yield
    finally:
        _CACHE.reset(token)


def _fresh(
    rng: np.random.Generator, q: int, n_resamples: int, batch: int
) -> Iterator[NDArray[np.int64]]:
    done = 0
    while done < n_resamples:
        b = min(batch, n_resamples - done)
        yield rng.multinomial(q, np.full(q, 1.0 / q), size=b)
        done += b


def columns(
    seed: _long.Seed, q: int, n_resamples: int, batch: int
) -> Iterator[NDArray[np.float64]]:
    """Batches of multinomial weights, one column a resample (``q`` x resamples), as floats.

    Batch ``k`` is the transpose of ``rng.multinomial(q, [1/q] * q, size=b)``
    (C-contiguous) for ``rng = numpy.random.default_rng(seed)``, ``b = batch``
    but the last: question-major, so the bootstrap's sparse product reads
    each question's weights in one row.
    """
    cache = _CACHE.get()
    if cache is None or not isinstance(seed, int):
        for w in _fresh(np.random.default_rng(seed), q, n_resamples, batch):
            yield np.ascontiguousarray(w.T, dtype=np.float64)
        return
    key = (seed, q, n_resamples, batch)
    if key not in cache:  # kept compactly: each weight is a count of at most q
        dtype = np.min_scalar_type(q)
        rng = np.random.default_rng(seed)
        cache[key] = [
            np.ascontiguousarray(w.T, dtype=dtype) for w in _fresh(rng, q, n_resamples, batch)
        ]
    for kept in cache[key]:
        yield kept.astype(np.float64)
