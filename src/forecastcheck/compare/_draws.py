"""The bootstrap's multinomial question weights, drawn once when several bootstraps share them.

Each resample draws ``q`` questions uniformly with replacement
(``rng.integers``) and counts them: Multinomial(q, [1/q] * q) weights.

Private: imported as a module (``from forecastcheck.compare import _draws``).

A report bootstraps the same questions with the same seed more than once
(the Brier and the log intervals; the ranks, when the ranked sources answered
every question). Drawing the weights is a large part of a bootstrap's
time, so inside :func:`shared` a draw is kept and handed out again to every
later bootstrap with the same seed (an int), number of questions, resamples
and batch size — the same numbers a fresh draw gives, since the generator
restarts from the seed each time. Outside :func:`shared` nothing is kept. A seed given as a
``numpy.random.Generator`` is never shared: its state moves on with each draw.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from typing import Any, TypeVar

import numpy as np
from numpy.typing import NDArray

from forecastcheck.compare import _long

__all__ = ["columns", "shared", "weights"]

_Key = tuple[int, int, int, int]
_Weight = TypeVar("_Weight", np.float64, np.unsignedinteger[Any])
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


_DRAWN = 1 << 19
"""Questions drawn at a time (4 MB of integers, which stay in cache while counted)."""


def _fresh(
    rng: np.random.Generator, q: int, n_resamples: int, batch: int, dtype: type[_Weight]
) -> Iterator[NDArray[_Weight]]:
    """Batches of weights, one column a resample: how often q uniform draws hit each question.

    ``rng.integers(0, q, size=(r, q))`` draws ``r`` resamples' ``q``
    questions each; counting them per resample gives Multinomial(q, [1/q] * q)
    counts exactly, at the cost of ``q`` uniform integers a resample (a
    multinomial draw costs ``q`` binomials). The stream of integers does not
    depend on ``r``, so neither do the weights depend on ``batch``.
    """
    step = max(1, _DRAWN // q)  # resamples drawn at a time
    offsets = np.arange(0, step * q, q)[:, None]  # row r of a draw counts into r*q ..
    done = 0
    while done < n_resamples:
        b = min(batch, n_resamples - done)
        out = np.empty((q, b), dtype=dtype)
        for k in range(0, b, step):
            rows = min(step, b - k)
            drawn = rng.integers(0, q, size=(rows, q))
            drawn += offsets[:rows]
            counted = np.bincount(drawn.reshape(-1), minlength=rows * q)
            out[:, k : k + rows] = counted.reshape(rows, q).T
        yield out
        done += b


def weights(
    seed: _long.Seed, q: int, n_resamples: int, batch: int
) -> Iterator[NDArray[np.float64] | NDArray[np.unsignedinteger[Any]]]:
    """:func:`columns`' batches of weights, as they are kept: unsigned counts or floats.

    Inside :func:`shared`, with an int seed, the kept counts themselves (the
    smallest unsigned type holding ``q``; not to be written to); otherwise a
    fresh draw's floats. Either way the same numbers as :func:`columns`, without
    a float copy of each kept batch: a product with a float is the same float
    whichever type the count comes in.
    """
    cache = _CACHE.get()
    if cache is None or not isinstance(seed, int):
        yield from _fresh(np.random.default_rng(seed), q, n_resamples, batch, np.float64)
        return
    key = (seed, q, n_resamples, batch)
    if key not in cache:  # kept compactly: each weight is a count of at most q
        dtype = np.min_scalar_type(q).type
        rng = np.random.default_rng(seed)
        cache[key] = list(_fresh(rng, q, n_resamples, batch, dtype))
    yield from cache[key]


def columns(
    seed: _long.Seed, q: int, n_resamples: int, batch: int
) -> Iterator[NDArray[np.float64]]:
    """Batches of multinomial weights, one column a resample (``q`` x resamples), as floats.

    Batch ``k`` holds ``b = batch`` resamples (but the last) of :func:`_fresh`
    for ``rng = numpy.random.default_rng(seed)``, question-major, so the
    bootstrap's sparse product reads each question's weights in one row.
    """
    for batch_weights in weights(seed, q, n_resamples, batch):
        yield batch_weights.astype(np.float64, copy=False)
