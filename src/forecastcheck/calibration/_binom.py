"""The binomial quantile of the reliability bands, without importing scipy when it can.

``ppf(q, n, p)`` is ``scipy.stats.binom.ppf(q, n, p)``: the smallest ``k``
with ``P(X <= k) >= q`` for ``X ~ Binomial(n, p)``. scipy's is Boost's
(the ufunc ``scipy.special._ufuncs._binom_ppf``), and importing scipy costs
a report about a fifth of a second, so the quantile is first counted here in
numpy: the binomial probabilities over a window of ``±(12 sd + 30)`` around
``n p`` (the mass outside is below 1e-17), from log-factorials (a table of
``math.lgamma`` below 256, Stirling's series above, accurate to a few ulps),
summed in order. Where a summed probability is within :data:`SURE` of ``q``
(a near tie: one forecast of 0.95 and ``q = 0.05``; or ``q`` in a far tail)
its rounding could decide the answer, and scipy's own quantile is taken
there, and for counts above :data:`MOST`, where the log-factorials lose the
margin. Everywhere else the CDF is far enough from ``q`` that scipy's and
this count are the same integer (the tests compare them over random and
tied cases).

Private: imported as a module (``from forecastcheck.calibration import _binom``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

__all__ = ["ppf", "ppf_parts"]

SURE = 1e-7
"""How far a counted CDF must lie from ``q`` to be trusted (its error is below 1e-8)."""

MOST = 1_000_000
"""Counts above this go to scipy: the log-factorials' rounding nears :data:`SURE`."""

_CELLS = 1 << 21
"""Window cells (elements x window width) counted at once; more go to scipy."""

_SMALL = 256
_HALF_LOG_2PI = 0.5 * math.log(2.0 * math.pi)
_TABLE = [np.array([math.lgamma(k + 1.0) for k in range(_SMALL)])]
"""``log(k!)`` for ``k`` from 0: ``math.lgamma`` below 256, Stirling's series above (grown)."""


def _log_factorials(most: int) -> NDArray[np.float64]:
    """The table of ``log(k!)``, grown (to a power of two) to hold ``k = most``."""
    table = _TABLE[0]
    if most >= table.size:
        k = np.arange(table.size, 1 << max(most, _SMALL).bit_length(), dtype=np.float64)
        inv = 1.0 / k
        inv2 = inv * inv
        series = inv * (1.0 / 12.0 - inv2 * (1.0 / 360.0 - inv2 / 1260.0))
        table = np.concatenate([table, (k + 0.5) * np.log(k) - k + _HALF_LOG_2PI + series])
        _TABLE[0] = table
    return table


def _counted(
    levels: tuple[float, ...], n: NDArray[np.float64], p: NDArray[np.float64]
) -> list[tuple[NDArray[np.float64], NDArray[np.bool_]]]:
    """Each level's quantile counted in numpy, and where it is sure (``0 < p < 1``, no near tie).

    One window of probabilities and one running sum serve every level.
    """
    inner = (p > 0.0) & (p < 1.0) & (n <= MOST)
    p = np.where(inner, p, 0.5)
    n = np.where(inner, n, 1.0)
    mean = n * p
    reach = 12.0 * np.sqrt(mean * (1.0 - p)) + 30.0
    lo = np.clip(np.floor(mean - reach), 0.0, n)
    hi = np.clip(np.ceil(mean + reach), 0.0, n)
    width = int((hi - lo).max()) + 1
    k = np.minimum(lo[:, None] + np.arange(width, dtype=np.float64), n[:, None])
    table = _log_factorials(int(n.max()))
    whole, ki = n.astype(np.intp), k.astype(np.intp)
    log_pmf = (table[whole] + n * np.log1p(-p))[:, None] - table[ki]
    log_pmf -= table[whole[:, None] - ki]
    log_pmf += k * np.log(p / (1.0 - p))[:, None]
    pmf = np.exp(log_pmf)
    pmf[k > hi[:, None]] = 0.0  # past the window's end (k was held at n there)
    cdf = np.cumsum(pmf, axis=1)
    rows = np.arange(n.size)
    out = []
    for q in levels:
        reached = cdf >= q
        first = np.argmax(reached, axis=1)
        below = np.where(first > 0, cdf[rows, first - 1], 0.0)
        sure = inner & reached[rows, first] & (cdf[rows, first] - q >= SURE) & (q - below >= SURE)
        out.append((lo + first, sure))
    return out


def _scipy_ppf(q: float, n: NDArray[np.float64], p: NDArray[np.float64]) -> NDArray[np.float64]:
    """scipy's binomial quantile (Boost's ufunc; ``scipy.stats`` for a scipy without it)."""
    try:
        from scipy.special import _ufuncs  # type: ignore[import-untyped]
    except ImportError:  # pragma: no cover - a scipy laid out differently
        _ufuncs = None
    if _ufuncs is None or not hasattr(_ufuncs, "_binom_ppf"):  # pragma: no cover
        from scipy import stats  # type: ignore[import-untyped]

        return np.asarray(stats.binom.ppf(q, n, p), dtype=np.float64)
    return np.asarray(_ufuncs._binom_ppf(q, n, p), dtype=np.float64)


def ppf(
    levels: tuple[float, ...], n: NDArray[np.int64], p: NDArray[np.float64]
) -> list[NDArray[np.float64]]:
    """``scipy.stats.binom.ppf(q, n, p)`` for each level ``q``, for counts ``n >= 1``.

    scipy is imported only if need be. The ends are ``binom.ppf``'s: ``q == 0``
    gives -1, ``q == 1`` gives ``n``, ``p`` outside [0, 1] gives NaN;
    ``p == 0`` gives 0 and ``p == 1`` gives ``n``.
    """
    n_f = np.asarray(n, dtype=np.float64).reshape(-1)
    p_f = np.asarray(p, dtype=np.float64).reshape(-1)
    between = tuple(q for q in levels if 0.0 < q < 1.0)
    counted = dict(zip(between, _quantiles(between, n_f, p_f), strict=True))
    valid = (p_f >= 0.0) & (p_f <= 1.0)
    out = []
    for q in levels:
        if q == 0.0:
            got = np.full(p_f.shape, -1.0)
        elif q == 1.0:
            got = n_f.copy()
        else:
            got = counted[q]
        out.append(np.where(valid, got, np.nan).reshape(np.shape(p)))
    return out


def _quantiles(
    levels: tuple[float, ...], n: NDArray[np.float64], p: NDArray[np.float64]
) -> list[NDArray[np.float64]]:
    """:func:`ppf` for levels ``0 < q < 1``: counted where sure, scipy's elsewhere."""
    ends = np.where(p == 1.0, n, 0.0)  # p == 0: 0; p == 1: n (Boost's ends)
    plain = ~((p > 0.0) & (p < 1.0))  # the ends, and p that ppf makes NaN
    counted = None
    if levels and p.size and _cells(p.size, float(n.max())) <= _CELLS:
        counted = _counted(levels, n, p)
    out = []
    for i, q in enumerate(levels):
        got, sure = ends.copy(), plain.copy()
        if counted is not None:
            got = np.where(counted[i][1], counted[i][0], got)
            sure |= counted[i][1]
        unsure = np.flatnonzero(~sure)
        if unsure.size:
            got[unsure] = _scipy_ppf(q, n[unsure], p[unsure])
        out.append(got)
    return out


def _cells(rows: int, most: float) -> float:
    """The window cells :func:`_counted` would need for ``rows`` counts of at most ``most``."""
    return rows * (12.0 * math.sqrt(max(1.0, most)) + 62.0)


def ppf_parts(
    levels: tuple[float, ...], parts: Sequence[tuple[NDArray[np.int64], NDArray[np.float64]]]
) -> list[list[NDArray[np.float64]]]:
    """``[ppf(levels, n, p) for n, p in parts]``, with consecutive parts counted together.

    Each quantile depends on its own ``(n, p)`` alone, and is counted in numpy
    whenever its part would be (:func:`_quantiles` counts a whole call's
    quantiles when their window cells fit in :data:`_CELLS`): parts are joined
    only while the joined cells fit, so every part counted on its own is
    counted joined too, and a part too large alone goes alone.
    """
    out: list[list[NDArray[np.float64]]] = []
    start, rows, most = 0, 0, 0.0
    for i, (n, p) in enumerate(parts):
        size = int(np.size(p))
        top = max(most, float(np.max(n))) if size else most
        if rows and _cells(rows + size, top) > _CELLS:
            out += _joined(levels, parts[start:i])
            start, rows, top = i, 0, float(np.max(n)) if size else 0.0
        rows += size
        most = top
    out += _joined(levels, parts[start:])
    return out


def _joined(
    levels: tuple[float, ...], parts: Sequence[tuple[NDArray[np.int64], NDArray[np.float64]]]
) -> list[list[NDArray[np.float64]]]:
    """:func:`ppf` of the parts in one call, split back into the parts (1-D each)."""
    if not parts:
        return []
    n = np.concatenate([np.asarray(n, dtype=np.int64).reshape(-1) for n, _ in parts])
    p = np.concatenate([np.asarray(p, dtype=np.float64).reshape(-1) for _, p in parts])
    got = ppf(levels, n, p)
    bounds = np.cumsum([np.size(p) for _, p in parts])[:-1].tolist()
    split = [np.split(g, bounds) for g in got]
    return [[s[i] for s in split] for i in range(len(parts))]
