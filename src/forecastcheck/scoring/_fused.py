"""One compiled sweep over validated binary forecasts, when numba is installed.

:func:`binary_sums` bins each forecast and adds its outcome count and the
exact sums of ``p``, of its Brier, log and spherical scores and its
misclassification halves in one pass (the figures of
:class:`~forecastcheck.aggregate.BinaryAccumulator`). The per-forecast scores
are the same IEEE-754 operations as :mod:`._formulas` (the log values are
numpy's own, computed from the ``p_y`` the sweep writes), and the sums are
exact, so they equal the numpy path's integers (units of ``2**-1127``, see
:mod:`._exact`) bit for bit.

The exact sums are fixed-point. A score ``v`` in ``[0, 2**(52 - s)]`` is
split, with exact float operations, into two 52-bit integers: ``hi =
floor(v * 2**s)`` and ``lo = floor(frac(v * 2**s) * 2**52)``; when nothing is
left below (every forecast whose bits reach down to ``2**-(s + 52)``, i.e.
all but the tiniest scores), ``v = (hi * 2**52 + lo) * 2**-(s + 52)`` and the
integers are added in int64 registers or per-bin cells, a block of
:data:`_BLOCK` forecasts at a time, then carried into three normalised 52-bit
words per sum (:func:`_fold`). A score with bits further down is added
instead to the per-exponent integer cells of :func:`_add` (the representation
of :func:`._exact.sums`), exact for any finite float. The elementwise work
(binning, scores, splitting) runs in one loop numba vectorises; only the
per-bin adds are a scalar scatter. ``fastmath`` is not used: it could change
the scores.

numba is the optional ``fast`` extra: without it, or below :data:`MIN_SIZE`
forecasts, :func:`binary_sums` returns None and callers take the numpy path.
The compiled code is cached on disk (``cache=True``), so a fresh process
loads it instead of compiling. The kernels release the GIL (``nogil``): from
``2 * MIN_PART`` forecasts up, :func:`binary_sums` sweeps contiguous parts in
up to :data:`THREADS` threads and adds their exact sums.
Private: imported as a module (``from forecastcheck.scoring import _fused``).
"""

from __future__ import annotations

import concurrent.futures
import functools
import math
import os
from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

from forecastcheck.scoring import _exact
from forecastcheck.scoring._validate import BoolArray, FloatArray

MIN_SIZE = 1 << 16  # fewer forecasts: the numpy path (dispatch and set-up cost more than it saves)
_CALL = 1 << 22  # forecasts per kernel call: bounds the p_y buffer (32 MiB)
_BLOCK = 1024  # forecasts per block: every block sum of 52-bit integers stays below 2**62
_T52 = 4503599627370496.0  # 2**52
_M52 = (1 << 52) - 1
_S_UNIT = 52  # scores in [0, 1]: hi counts units of 2**-52
_S_LOG = 42  # log scores (below 745 < 2**10): hi counts units of 2**-42
_SPLIT_LOG = 4398046511104.0  # 2**42


class BinarySums(NamedTuple):
    """The sufficient statistics of one set of binary forecasts over fixed bins."""

    counts: NDArray[np.int64]  # (B, 2): forecasts per bin and outcome
    sum_p: tuple[int, ...]  # exact sums of p per bin and outcome, flattened (2B)
    sum_brier: tuple[int, ...]  # exact sums of the Brier scores, likewise
    log_total: int  # exact sum of the finite log scores
    log_infinite: int  # forecasts with an infinite log score
    spherical_total: int
    misclassification_halves: int
    rests: int = 0  # scores added through the exponent cells (bits below the fixed point)


def _split(v: float, scale: float) -> tuple[Any, Any, Any]:  # pragma: no cover - compiled
    """``(hi, lo, exact)``: the top two 52-bit integers of ``v * scale`` (``v >= 0``, finite).

    Every step is exact: scaling by a power of two, the integer part, the
    fraction ``a - floor(a)``; ``exact`` is whether ``lo`` took the last bits.
    """
    a = v * scale
    hi = np.int64(a)
    r = (a - hi) * _T52
    lo = np.int64(r)
    return hi, lo, r == lo


def _fold(words: Any, row: int, hi: int, lo: int) -> None:  # pragma: no cover - compiled
    """Carry a block's sums ``hi`` and ``lo`` (each below 2**62) into ``words[row]``.

    ``words[row] = (top, mid, low)`` stands for ``top * 2**104 + mid * 2**52 +
    low`` units, with ``mid`` and ``low`` kept below 2**52.
    """
    low = words[row, 2] + lo
    mid = words[row, 1] + hi + (low >> 52)
    words[row, 2] = low & _M52
    words[row, 0] += mid >> 52
    words[row, 1] = mid & _M52


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


def _add_rest(acc: Any, row: int, v: float, buf: Any) -> None:  # pragma: no cover - compiled
    """Add ``v`` to ``acc[row]`` through :func:`_add` (``buf``: a one-float scratch array)."""
    buf[0] = v
    _add_c(acc, row, buf.view(np.int64)[0])


def _sweep(  # noqa: PLR0917  (a compiled kernel: positional arrays)
    p: Any,
    y: Any,
    inner: Any,
    nbins: int,
    uniform: bool,
    q: Any,
    small: Any,
    count: Any,
    words: Any,
    acc: Any,
) -> tuple[int, int, int]:  # pragma: no cover - compiled
    """Bin, score and add up each forecast; ``(misses with p < 1/16, halves, rests)``.

    Adds to ``count[2k + y]`` for bin ``k``, and exactly to ``words`` (see
    :func:`_fold`) the sums of ``p`` (row ``2k + y``), the Brier scores (row
    ``2B + 2k + y``) and the spherical scores (row ``4B + 1``), the rests
    (see the module docs) to ``acc``. Writes ``p_y`` into ``q`` for numpy's
    ``log`` and the indices of the misses with ``p < 1/16`` (whose log score
    is numpy's ``log1p``) into the front of ``small``.
    """
    n = p.size
    b2 = 2 * nbins
    sph = 4 * nbins + 1
    nin = inner.size
    fb = float(nbins)
    blk = np.zeros((b2, 5), np.int64)  # per bin and outcome: count, p hi/lo, Brier hi/lo
    g = np.empty(_BLOCK, np.int64)
    cells = np.empty((4, _BLOCK), np.int64)
    exact = np.empty(_BLOCK, np.bool_)
    buf = np.empty(1)
    m = halves = rests = 0
    for start in range(0, n, _BLOCK):
        w = min(_BLOCK, n - start)
        near = inexact = 0
        s_hi = s_lo = 0
        for j in range(w):  # elementwise (vectorised): bin, scores, splits
            x: float = p[start + j]
            yi = np.int64(y[start + j])
            sx = x * fb
            k = int(sx)
            f = sx - k
            near += (f < 1e-6) | (f > 1.0 - 1e-6)
            g[j] = 2 * min(k, nbins - 1) + yi
            qy = x if yi else 1.0 - x
            q[start + j] = qy
            d = x - yi
            hi, lo, ok = _split(x, _T52)
            cells[0, j], cells[1, j] = hi, lo
            hi, lo, ok2 = _split(d * d, _T52)
            cells[2, j], cells[3, j] = hi, lo
            exact[j] = ok & ok2
            hi, lo, ok = _split(qy / math.sqrt(x * x + (1.0 - x) * (1.0 - x)), _T52)
            s_hi += hi if ok else 0
            s_lo += lo if ok else 0
            inexact += not ok
            halves += (x == 0.5) + 2 * ((x < 0.5) if yi else (x > 0.5))
        if near or not uniform:  # the edges decide: the count of inner edges <= x
            for j in range(w):
                x = p[start + j]
                f = x * fb - np.int64(x * fb)
                if uniform and 1e-6 <= f <= 1.0 - 1e-6:
                    continue
                a, b = 0, nin
                while a < b:
                    mid = (a + b) // 2
                    if inner[mid] <= x:
                        a = mid + 1
                    else:
                        b = mid
                g[j] = 2 * a + np.int64(y[start + j])
        if inexact:  # spherical scores with bits below 2**-104
            for j in range(w):
                x = p[start + j]
                v = q[start + j] / math.sqrt(x * x + (1.0 - x) * (1.0 - x))
                if not _split(v, _T52)[2]:
                    _add_rest(acc, sph, v, buf)
                    rests += 1
        _fold(words, sph, s_hi, s_lo)
        for j in range(w):  # the per-bin adds (a scatter: scalar)
            gj = g[j]
            blk[gj, 0] += 1
            if exact[j]:
                blk[gj, 1] += cells[0, j]
                blk[gj, 2] += cells[1, j]
                blk[gj, 3] += cells[2, j]
                blk[gj, 4] += cells[3, j]
            else:  # a p or Brier score with bits below 2**-104: both to the cells
                x = p[start + j]
                _add_rest(acc, gj, x, buf)
                _add_rest(acc, b2 + gj, (x - (gj & 1)) * (x - (gj & 1)), buf)
                rests += 1
            small[m] = start + j  # kept only for a miss below 1/16
            m += ((gj & 1) == 0) & (p[start + j] < 0.0625)
        for gj in range(b2):
            count[gj] += blk[gj, 0]
            _fold(words, gj, blk[gj, 1], blk[gj, 2])
            _fold(words, b2 + gj, blk[gj, 3], blk[gj, 4])
        blk[:] = 0
    return m, halves, rests


def _sweep_logs(logs: Any, row: int, words: Any, acc: Any) -> tuple[int, int]:  # pragma: no cover
    """Add the finite log scores ``-logs`` exactly (as :func:`_sweep` does); (infinite, rests)."""
    n_inf = rests = 0
    buf = np.empty(1)
    for start in range(0, logs.size, _BLOCK):
        w = min(_BLOCK, logs.size - start)
        s_hi = s_lo = inexact = 0
        for j in range(w):
            v = -logs[start + j]
            inf = v == np.inf
            n_inf += inf
            hi, lo, ok = _split(0.0 if inf else v, _SPLIT_LOG)
            s_hi += hi if ok else 0
            s_lo += lo if ok else 0
            inexact += not ok
        if inexact:
            for j in range(w):
                v = -logs[start + j]
                if v != np.inf and not _split(v, _SPLIT_LOG)[2]:
                    _add_rest(acc, row, v, buf)
                    rests += 1
        _fold(words, row, s_hi, s_lo)
    return n_inf, rests


_add_c: Callable[..., None] = _add  # the compiled helpers (see _kernels)


@functools.cache
def _kernels() -> tuple[Callable[..., Any], Callable[..., Any]] | None:
    """The compiled kernels, or None without numba (imported here, on first use)."""
    try:
        import numba  # noqa: PLC0415  # lazily: optional, and slow to import  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except ImportError:
        return None
    # the kernels call the compiled helpers (numba reads globals as it compiles)
    global _add_c, _split, _fold, _add_rest  # noqa: PLW0603
    jit = numba.njit(cache=True, nogil=True, error_model="numpy")
    _add_c = jit(_add)
    _split, _fold, _add_rest = jit(_split), jit(_fold), jit(_add_rest)
    return jit(_sweep), jit(_sweep_logs)


def available() -> bool:
    """Whether numba is installed (the compiled path can run)."""
    return _kernels() is not None


def _threads() -> int:
    """The cores this process may run on (its affinity where the system tells it)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - a system without affinity (macOS, Windows)
        return os.cpu_count() or 1


THREADS = _threads()
"""Most threads a sweep is split over (each part of at least :data:`MIN_PART` forecasts)."""
MIN_PART = 1 << 18  # fewer forecasts per thread: one thread (a thread's start costs more)


class _Part(NamedTuple):
    """One contiguous part's sums: counts, exact totals per row, and the three tallies."""

    counts: NDArray[np.int64]
    totals: list[int]
    log_infinite: int
    halves: int
    rests: int


def binary_sums(
    pa: FloatArray, yb: BoolArray, edges: FloatArray, uniform: bool
) -> BinarySums | None:
    """The statistics of flat, validated forecasts in one compiled sweep (None: use numpy).

    Large inputs are cut into up to :data:`THREADS` contiguous parts swept at
    once in threads (the kernels and numpy's ``log`` release the GIL); each
    part's sums are exact integers, so their total is the same, bit for bit,
    however the forecasts are cut.

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
    nbins = int(edges.size - 1)
    inner = np.ascontiguousarray(edges[1:-1])
    p_all = np.ascontiguousarray(pa)
    y_all = np.ascontiguousarray(yb).view(np.uint8)
    n_parts = max(1, min(THREADS, p_all.size // max(MIN_PART, 1)))
    cuts = [p_all.size * i // n_parts for i in range(n_parts + 1)]

    def part(i: int) -> _Part:
        lo, hi = cuts[i], cuts[i + 1]
        return _sweep_part(kernels, p_all[lo:hi], y_all[lo:hi], inner, nbins, uniform)

    if n_parts == 1:
        parts = [part(0)]
    else:
        with concurrent.futures.ThreadPoolExecutor(n_parts - 1) as pool:
            others = [pool.submit(part, i) for i in range(1, n_parts)]
            parts = [part(0), *(f.result() for f in others)]
    totals = [sum(column) for column in zip(*(q.totals for q in parts), strict=True)]
    return BinarySums(
        counts=np.sum([q.counts for q in parts], axis=0).reshape(nbins, 2),
        sum_p=tuple(totals[: 2 * nbins]),
        sum_brier=tuple(totals[2 * nbins : 4 * nbins]),
        log_total=totals[4 * nbins],
        log_infinite=sum(q.log_infinite for q in parts),
        spherical_total=totals[4 * nbins + 1],
        misclassification_halves=sum(q.halves for q in parts),
        rests=sum(q.rests for q in parts),
    )


def _sweep_part(  # noqa: PLR0917  (the kernels' arguments, positional)
    kernels: tuple[Callable[..., Any], Callable[..., Any]],
    p_all: FloatArray,
    y_all: NDArray[np.uint8],
    inner: FloatArray,
    nbins: int,
    uniform: bool,
) -> _Part:
    """The sums of one contiguous part, swept :data:`_CALL` forecasts per kernel call."""
    sweep, sweep_logs = kernels
    rows = 4 * nbins + 2
    count = np.zeros(2 * nbins, dtype=np.int64)
    words = np.zeros((rows, 3), dtype=np.int64)
    acc = np.zeros((rows, 4096, 2), dtype=np.int64)  # calloc'd: pages touched only by rests
    size = min(p_all.size, _CALL)
    q, small = np.empty(size), np.empty(size, dtype=np.intp)
    n_inf = halves = rests = 0
    for start in range(0, p_all.size, _CALL):
        p = p_all[start : start + _CALL]
        logs = q[: p.size]
        m, add_halves, add_rests = sweep(
            p, y_all[start : start + _CALL], inner, nbins, uniform, logs, small, count, words, acc
        )
        with np.errstate(divide="ignore"):
            np.log(logs, out=logs)
            if m:
                at = small[:m]
                logs[at] = np.log1p(-p[at])  # ln(fl(1 - p)) loses accuracy as p -> 0
        add_inf, log_rests = sweep_logs(logs, 4 * nbins, words, acc)
        n_inf += int(add_inf)
        halves += int(add_halves)
        rests += int(add_rests) + int(log_rests)
    totals = _word_totals(words, 4 * nbins)
    if rests:
        totals = [a + b for a, b in zip(totals, _totals(acc), strict=True)]
    return _Part(count, totals, n_inf, halves, rests)


def _word_totals(words: NDArray[np.int64], log_row: int) -> list[int]:
    """Per row, its three words (see :func:`_fold`) as an exact sum in units of ``2**-1127``."""
    out = []
    for row, (top, mid, low) in enumerate(words.tolist()):
        s = _S_LOG if row == log_row else _S_UNIT  # the words count units of 2**-(s + 52)
        out.append(((top << 104) + (mid << 52) + low) << (_exact.SCALE - s - 52))
    return out


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
