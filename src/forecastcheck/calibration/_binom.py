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

import numpy as np
from numpy.typing import NDArray

__all__ = ["ppf"]

SURE = 1e-7
"""How far a counted CDF must lie from ``q`` to be trusted (its error is below 1e-8)."""

MOST = 1_000_000
"""Counts above this go to scipy: the log-factorials' rounding nears :data:`SURE`."""

_CELLS = 1 << 21
"""Window cells (elements x window width) counted at once; more go to scipy."""

_SMALL = 256
_LOG_FACTORIAL = np.array([math.lgamma(k + 1.0) for k in range(_SMALL)])
_HALF_LOG_2PI = 0.5 * math.log(2.0 * math.pi)


def _log_factorial(k: NDArray[np.float64]) -> NDArray[np.float64]:
    """``log(k!)`` of whole numbers ``k >= 0``: the table below 256, Stirling's series above."""
    small = k < _SMALL
    out = np.empty_like(k)
    out[small] = _LOG_FACTORIAL[k[small].astype(np.intp)]
    big = k[~small]
    inv = 1.0 / big
    inv2 = inv * inv
    series = inv * (1.0 / 12.0 - inv2 * (1.0 / 360.0 - inv2 / 1260.0))
    out[~small] = (big + 0.5) * np.log(big) - big + _HALF_LOG_2PI + series
    return out


def _counted(
    q: float, n: NDArray[np.float64], p: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """The quantile counted in numpy, and where it is sure (``0 < p < 1``, no near tie)."""
    inner = (p > 0.0) & (p < 1.0) & (n <= MOST)
    p = np.where(inner, p, 0.5)
    n = np.where(inner, n, 1.0)
    mean = n * p
    reach = 12.0 * np.sqrt(mean * (1.0 - p)) + 30.0
    lo = np.clip(np.floor(mean - reach), 0.0, n)
    hi = np.clip(np.ceil(mean + reach), 0.0, n)
    width = int((hi - lo).max()) + 1
    k = lo[:, None] + np.arange(width, dtype=np.float64)
    inside = k <= hi[:, None]
    k = np.minimum(k, n[:, None])
    log_pmf = (
        (_log_factorial(n) + n * np.log1p(-p))[:, None]
        - _log_factorial(k)
        - _log_factorial(n[:, None] - k)
        + k * np.log(p / (1.0 - p))[:, None]
    )
    cdf = np.cumsum(np.where(inside, np.exp(log_pmf), 0.0), axis=1)
    reached = cdf >= q
    first = np.argmax(reached, axis=1)
    rows = np.arange(first.size)
    at = cdf[rows, first]
    below = np.where(first > 0, cdf[rows, first - 1], 0.0)
    sure = inner & reached.any(axis=1) & (at - q >= SURE) & (q - below >= SURE)
    return lo + first, sure


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


def ppf(q: float, n: NDArray[np.int64], p: NDArray[np.float64]) -> NDArray[np.float64]:
    """``scipy.stats.binom.ppf(q, n, p)`` for counts ``n >= 1``, importing scipy only if need be.

    The ends are ``binom.ppf``'s: ``q == 0`` gives -1, ``q == 1`` gives ``n``,
    ``p`` outside [0, 1] gives NaN; ``p == 0`` gives 0 and ``p == 1`` gives ``n``.
    """
    n_f = np.asarray(n, dtype=np.float64)
    p = np.asarray(p, dtype=np.float64)
    if q == 0.0:
        out = np.full(p.shape, -1.0)
    elif q == 1.0:
        out = n_f.copy()
    else:
        out = _quantile(q, n_f, p)
    return np.where((p >= 0.0) & (p <= 1.0), out, np.nan)


def _quantile(q: float, n: NDArray[np.float64], p: NDArray[np.float64]) -> NDArray[np.float64]:
    """:func:`ppf` for ``0 < q < 1``: counted where sure, scipy's elsewhere."""
    flat_n, flat_p = n.reshape(-1), p.reshape(-1)
    out = np.where(flat_p == 1.0, flat_n, 0.0)  # p == 0: 0; p == 1: n (Boost's ends)
    sure = ~((flat_p > 0.0) & (flat_p < 1.0))  # the ends, and p that ppf makes NaN
    if flat_p.size and flat_p.size * (12.0 * math.sqrt(max(1.0, float(flat_n.max()))) + 62.0) <= (
        _CELLS
    ):
        counted, counted_sure = _counted(q, flat_n, flat_p)
        out = np.where(counted_sure, counted, out)
        sure |= counted_sure
    unsure = np.flatnonzero(~sure)
    if unsure.size:
        out[unsure] = _scipy_ppf(q, flat_n[unsure], flat_p[unsure])
    return out.reshape(p.shape)
