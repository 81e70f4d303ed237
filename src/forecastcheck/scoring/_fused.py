"""One compiled sweep over validated binary forecasts, when numba is installed.

:func:`binary_sums` bins each forecast and adds its outcome count and the
exact sums of ``p``, of its Brier, log and spherical scores and its
misclassification halves in one pass (the figures of
:class:`~forecastcheck.aggregate.BinaryAccumulator`). The sums are the
integers of :mod:`._exact` (units of ``2**-1127``), so they equal the numpy
path's bit for bit; the per-forecast scores are the same IEEE-754 operations
as :mod:`._formulas` (the log values are numpy's own, computed beforehand).
numba is the optional ``fast`` extra: without it, or below :data:`MIN_SIZE`
forecasts (where the one-off compilation would cost more than it saves),
:func:`binary_sums` returns None and callers take the numpy path.
Private: imported as a module (``from forecastcheck.scoring import _fused``).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

from forecastcheck.scoring._validate import BoolArray, FloatArray

MIN_SIZE = 1 << 16  # fewer forecasts: the numpy path (no compilation for small sets)
_STEP = 1 << 34  # forecasts per kernel call: every 27-bit half-sum stays below 2**63


class BinarySums(NamedTuple):
    """The sufficient statistics of one set of binary forecasts over fixed bins."""

    counts: NDArray[np.int64]  # (B, 2): forecasts per bin and outcome
    sum_p: tuple[int, ...]  # exact sums of p per bin and outcome, flattened (2B)
    sum_brier: tuple[int, ...]  # exact sums of the Brier scores, likewise
    log_total: int  # exact sum of the finite log scores
    log_infinite: int  # forecasts with an infinite log score
    spherical_total: int
    misclassification_halves: int


def _sweep(  # noqa: PLR0917  (a compiled kernel: positional arrays)
    p: Any, y: Any, inner: Any, nbins: int, uniform: bool, q: Any, count: Any, acc: Any
) -> tuple[int, int]:  # pragma: no cover - compiled
    """Bin and score each forecast and add it up; (misses with ``p < 1/16``, halves).

    Adds to ``count[2k + y]`` for bin ``k`` and to the half-mantissa sums
    ``acc`` (see :func:`_add`) of ``p`` (row ``2k + y``), the Brier score
    (``2B + 2k + y``) and the spherical score (``4B + 1``). Writes ``p_y`` into
    ``q`` for numpy's ``log``, and the indices of the misses with ``p < 1/16``
    (whose log score is numpy's ``log1p``) into the front of ``q``'s twin
    ``q[1]`` as floats.
    """
    m = 0
    halves = 0
    nin = inner.size
    buf = np.empty(3)
    bits = buf.view(np.int64)
    s_key, s_hi, s_lo = 0, 0, 0
    for i in range(p.size):
        x = p[i]
        yi = 1 if y[i] else 0
        k = 0
        near = False
        if uniform:
            sx = x * nbins
            k = int(sx)
            f = sx - k
            near = f < 1e-6 or f > 1.0 - 1e-6
            k = min(k, nbins - 1)
        if not uniform or near:  # the edges decide: the count of inner edges <= x
            a, b = 0, nin
            while a < b:
                mid = (a + b) // 2
                if inner[mid] <= x:
                    a = mid + 1
                else:
                    b = mid
            k = a
        g = 2 * k + yi
        count[g] += 1
        qy = x if yi else 1.0 - x
        q[0, i] = qy
        d = x - yi
        buf[0] = x
        buf[1] = d * d
        _add_c(acc, g, bits[0])
        _add_c(acc, 2 * nbins + g, bits[1])
        buf[2] = qy / math.sqrt(x * x + (1.0 - x) * (1.0 - x))
        v = bits[2]  # the spherical scores mostly share one slot: add them up in registers
        key = (v >> 52) & 0xFFF
        if key != s_key:
            acc[4 * nbins + 1, s_key, 0] += s_hi
            acc[4 * nbins + 1, s_key, 1] += s_lo
            s_key, s_hi, s_lo = key, 0, 0
        mant = (v & 0xFFFFFFFFFFFFF) | (0x10000000000000 if key & 0x7FF else 0)
        s_hi += mant >> 26
        s_lo += mant & 0x3FFFFFF
        q[1, m] = i  # kept only for a miss below 1/16
        m += 1 if yi == 0 and x < 0.0625 else 0
        halves += (1 if x == 0.5 else 0) + (2 if (x < 0.5 if yi else x > 0.5) else 0)
    acc[4 * nbins + 1, s_key, 0] += s_hi
    acc[4 * nbins + 1, s_key, 1] += s_lo
    return m, halves


def _add(acc: Any, row: int, v: int) -> None:  # pragma: no cover - compiled
    """Add the float64 with bits ``v`` to ``acc[row]`` (finite values only).

    A value ``(-1)**s * M * 2**(max(E, 1) - 1075)`` adds the top 27 and the
    low 26 bits of its 53-bit integer ``M`` to ``acc[row, s * 2048 + E]``.
    """
    key = (v >> 52) & 0xFFF
    mant = v & 0xFFFFFFFFFFFFF
    if key & 0x7FF:
        mant |= 0x10000000000000
    acc[row, key, 0] += mant >> 26
    acc[row, key, 1] += mant & 0x3FFFFFF


_add_c: Callable[..., None] = _add  # compiled by _kernels


def _sweep_logs(logs: Any, row: int, acc: Any) -> int:  # pragma: no cover - compiled
    """Add the finite log scores to ``acc[row]``; the number of infinite ones."""
    bits = logs.view(np.int64)
    n_inf = 0
    for i in range(bits.size):
        v = bits[i]
        if (v >> 52) & 0x7FF == 0x7FF:
            n_inf += 1
        else:
            _add_c(acc, row, v)
    return n_inf


@functools.cache
def _kernels() -> tuple[Callable[..., Any], Callable[..., Any]] | None:
    """The compiled kernels, or None without numba (imported here, on first use)."""
    try:
        import numba  # noqa: PLC0415  # lazily: optional, and slow to import  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except ImportError:
        return None
    global _add_c  # noqa: PLW0603  # the kernels call the compiled _add (numba reads globals as it compiles)
    jit = numba.njit(cache=True, nogil=True, error_model="numpy")
    _add_c = jit(_add)
    return jit(_sweep), jit(_sweep_logs)


def available() -> bool:
    """Whether numba is installed (the compiled path can run)."""
    return _kernels() is not None


def binary_sums(
    pa: FloatArray, yb: BoolArray, edges: FloatArray, uniform: bool
) -> BinarySums | None:
    """The statistics of flat, validated forecasts in one compiled sweep (None: use numpy).

    Args:
        pa: probabilities, flat float64 in [0, 1], no NaN.
        yb: outcomes, flat booleans.
        edges: the bin edges, rising from 0 to 1.
        uniform: whether ``edges`` are the ``k / B`` edges (binned by ``floor(p * B)``
            with the edges rechecked near each, as ``calibration.bins`` does).

    Returns:
        The statistics, or None without numba or below :data:`MIN_SIZE` forecasts.
    """
    kernels = _kernels()
    if kernels is None or pa.size < MIN_SIZE:
        return None
    sweep, sweep_logs = kernels
    nbins = int(edges.size - 1)
    inner = np.ascontiguousarray(edges[1:-1])
    count = np.zeros(2 * nbins, dtype=np.int64)
    acc = np.zeros((4 * nbins + 2, 4096, 2), dtype=np.int64)
    n_inf = halves = 0
    for start in range(0, pa.size, _STEP):
        p = np.ascontiguousarray(pa[start : start + _STEP])
        y = np.ascontiguousarray(yb[start : start + _STEP])
        q = np.empty((2, p.size))
        m, add_halves = sweep(p, y, inner, nbins, uniform, q, count, acc)
        logs = q[0]
        _logs(logs, p, q[1, : int(m)].astype(np.intp))
        n_inf += int(sweep_logs(logs, 4 * nbins, acc))
        halves += int(add_halves)
    totals = _totals(acc)
    return BinarySums(
        counts=count.reshape(nbins, 2),
        sum_p=tuple(totals[: 2 * nbins]),
        sum_brier=tuple(totals[2 * nbins : 4 * nbins]),
        log_total=totals[4 * nbins],
        log_infinite=n_inf,
        spherical_total=totals[4 * nbins + 1],
        misclassification_halves=halves,
    )


def _logs(q: FloatArray, p: FloatArray, small: NDArray[np.intp]) -> None:
    """``q = p_y`` in place into the log scores of :func:`._formulas.log` (numpy's own)."""
    with np.errstate(divide="ignore"):
        np.log(q, out=q)
        if small.size:
            q[small] = np.log1p(-p[small])
    np.negative(q, out=q)
    q += 0.0  # -0.0 (a certain, right forecast) reads as 0.0


def _totals(acc: NDArray[np.int64]) -> list[int]:
    """Per row, the exact sum (in units of ``2**-1127``) of its half-mantissa sums."""
    out = [0] * acc.shape[0]
    flat = acc.reshape(-1, 2)
    for idx in np.flatnonzero(flat[:, 0] | flat[:, 1]).tolist():
        g, key = divmod(idx, 4096)
        sign, e = divmod(key, 2048)
        # value = M * 2**(max(E, 1) - 1075) = M * 2**(max(E, 1) + 52) * 2**-1127
        add = ((int(flat[idx, 0]) << 26) + int(flat[idx, 1])) << (max(e, 1) + 52)
        out[g] += -add if sign else add
    return out
