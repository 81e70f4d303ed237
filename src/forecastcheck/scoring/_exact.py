"""Exact sums of float64 arrays: order-free, chunkable, mergeable.

A sum here is a Python integer in units of ``2**-1127`` (:data:`SCALE`): every
finite float64 is an integer multiple of ``2**-1074``, and the sums of the
halves of the mantissas are scaled by a further ``2**-53``. Adding two such
integers is exact, so partial sums merge into exactly the sum of the whole.
Private: imported as a module (``from forecastcheck.scoring import _exact``).
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from numpy.typing import NDArray

from forecastcheck.scoring import _validate
from forecastcheck.scoring._validate import FloatArray

SCALE = 1127  # an exact sum is an integer times 2**-1127 (= 2**-1074 * 2**-53)
_CHUNK = 1 << 16  # keeps every bincount partial sum far below 2**53, and temporaries small


def sums(
    values: FloatArray,
    groups: NDArray[np.intp] | None = None,
    ngroups: int = 1,
    *,
    square: bool = False,
) -> list[int]:
    """Exact sums of finite ``values`` (or of their rounded squares) per group.

    Returns one integer per group, in units of ``2**-1127`` (see :func:`to_fraction`).
    Each value's 53-bit integer mantissa is split into halves of 27 and 26
    bits and ``np.bincount`` adds the halves per (group, sign and exponent).
    Every partial sum is an integer below 2**53 (at most 2**16 terms per chunk), so
    the float additions are exact and the result depends neither on the order
    of the values nor on chunking: the sums of two chunks add up to exactly
    the sum of the whole.

    Raises:
        ScoringInputError: a value (or square) is NaN or infinite.
    """
    totals, bad = sums_checked(values, groups, ngroups, square=square)
    if bad:
        raise _validate.ScoringInputError(f"cannot sum non-finite values ({bad} found)")
    return totals


def sums_checked(
    values: FloatArray,
    groups: NDArray[np.intp] | None,
    ngroups: int,
    *,
    square: bool = False,
) -> tuple[list[int], int]:
    """:func:`sums` that skips non-finite values and returns how many it skipped."""
    totals = [0] * ngroups
    skipped = 0
    flat = values.reshape(-1)
    gflat = None if groups is None else groups.reshape(-1)
    buffers = _Buffers(min(flat.size, _CHUNK))
    for start in range(0, flat.size, _CHUNK):
        chunk = flat[start : start + _CHUNK]
        gchunk = None if gflat is None else gflat[start : start + _CHUNK]
        if square:
            chunk = np.multiply(chunk, chunk, out=buffers.square[: chunk.size])
        result = _chunk_sums(chunk, gchunk, ngroups, buffers)
        if result is None:  # NaN or inf inside: sum the finite values only
            finite = np.isfinite(chunk)
            skipped += int(finite.size - np.count_nonzero(finite))
            kept = chunk[finite]
            result = _chunk_sums(kept, None if gchunk is None else gchunk[finite], ngroups, buffers)
            assert result is not None
        for g, add in result:
            totals[g] += add
    return totals, skipped


class _Buffers:
    """Work arrays reused from chunk to chunk (no fresh memory per chunk)."""

    def __init__(self, size: int) -> None:
        self.square = np.empty(size)
        self.key = np.empty(size, dtype=np.intp)
        self.hi = np.empty(size, dtype=np.int64)
        self.lo = np.empty(size, dtype=np.int64)


_LOW26 = (1 << 26) - 1


def _chunk_sums(
    chunk: FloatArray, groups: NDArray[np.intp] | None, ngroups: int, buf: _Buffers
) -> list[tuple[int, int]] | None:
    """(group, exact integer sum) pairs for one chunk; None if a value is not finite.

    Works on the IEEE-754 bits: ``x = (-1)**s * M * 2**(max(E, 1) - 1075)`` with
    the 12-bit key ``s * 2048 + E`` and the 53-bit integer ``M``: the 52 stored
    bits plus the implicit leading bit when ``E > 0``. Per key, ``np.bincount``
    adds ``hi`` = the top 26 stored bits plus the implicit bit, and ``lo`` = the
    low 26 bits: sums of integers below 2**27, exact in float64.
    """
    m = chunk.size
    if m == 0:
        return []
    bits = np.ascontiguousarray(chunk).view(np.int64)
    key, hi, lo = buf.key[:m], buf.hi[:m], buf.lo[:m]
    np.right_shift(bits, 52, out=key)
    key &= 0xFFF  # sign bit and biased exponent
    np.right_shift(bits, 26, out=hi)
    hi &= _LOW26
    hi += 1 << 26  # the implicit bit; taken back below where E = 0
    np.bitwise_and(bits, _LOW26, out=lo)
    kmin = int(key.min())
    span = int(key.max()) - kmin + 1
    key -= kmin
    if groups is not None:
        key += groups * span
    size = ngroups * span
    hsum = np.bincount(key, weights=hi, minlength=size)
    lsum = np.bincount(key, weights=lo, minlength=size)
    nonzero = np.flatnonzero(hsum).tolist()  # every value adds at least 2**26 to hsum
    subnormal: dict[int, int] = {}
    for idx in nonzero:
        k = idx % span + kmin
        if k & 0x7FF == 0x7FF:  # inf or NaN
            return None
        if k & 0x7FF == 0 and not subnormal:  # zeros or subnormals: count them
            raw = (key % span) + kmin if groups is not None else key + kmin
            at = np.flatnonzero((raw & 0x7FF) == 0)
            counts = np.bincount(key[at], minlength=size)
            subnormal = {int(c): int(counts[c]) for c in np.flatnonzero(counts).tolist()}
    out = []
    for idx in nonzero:
        g, k = divmod(idx, span)
        k += kmin
        sign, e = divmod(k, 2048)
        h = int(hsum[idx]) - (subnormal.get(idx, 0) << 26 if e == 0 else 0)
        # value = M * 2**(max(E, 1) - 1075) = M * 2**(max(E, 1) + 52) * 2**-1127
        add = ((h << 26) + int(lsum[idx])) << (max(e, 1) + 52)
        out.append((g, -add if sign else add))
    return out


_FEW = 1 << 14  # up to this many (value, count) pairs: Python integers; more: repeat and sum


def weighted_sum(values: FloatArray, counts: NDArray[np.int64]) -> int:
    """Exact sum of ``counts[i]`` copies of each finite ``values[i]``, in units of ``2**-1127``.

    The same integer as :func:`sums` of the repeated values, without repeating
    them when the pairs are few (each value times its count, in Python integers).
    """
    if values.size > _FEW:
        return sums(np.repeat(values, counts))[0]
    total = 0
    for v, c in zip(values.tolist(), counts.tolist(), strict=True):
        if c:
            num, den = v.as_integer_ratio()  # den = 2**d, d <= 1074
            total += (c * num) << (SCALE + 1 - den.bit_length())
    return total


_FLUSH_ROWS = 1 << 26  # float64 cell sums of 26-bit parts stay below 2**53 units: exact
_TOP26 = ~((1 << 26) - 1)  # keeps the sign, the exponent and the top 26 stored bits
_EMAX_FAST = 2000  # a cell at E sums below 2**(E - 996): finite in float64 up to here
_MAX_CELLS = 1 << 22  # beyond this many (group, exponent) cells, the sparse path (32 MiB a part)
_SPARSE_ROWS = 1 << 10  # rows summed at a time on the sparse path


class GroupedSums:
    """Exact sums of finite float64 values per group, added chunk by chunk without Python loops.

    The streaming form of :func:`sums`, with the same result. Each value ``x``
    with biased exponent ``E`` is split, exactly, into ``hi`` (``x`` with its
    bottom 26 stored bits cleared) and ``lo = x - hi``: multiples of
    ``u = 2**(max(E, 1) - 1075 + 26)`` below ``2**27 u``, and of ``u / 2**26``
    below ``u``. Per (group, ``E``), ``np.bincount`` adds the parts in float64
    arrays; every partial sum is a multiple of its unit below ``2**53`` units, so
    each addition is exact for :data:`_FLUSH_ROWS` values, after which (and at
    :meth:`totals`) the cells are turned into Python integers. The exponent axis
    spans only the exponents seen; groups are added as they appear. With so many
    groups that the cells would pass :data:`_MAX_CELLS`, values are summed
    instead by :func:`sums` a few rows at a time, straight into the integers
    (slower, with memory bounded).
    """

    def __init__(self) -> None:
        self._emin = 0
        self._cells = np.zeros((2, 0, 0))  # the hi and lo sums per group and exponent
        self._rows = 0
        self._flushed: list[int] = []
        self._ngroups = 0

    @property
    def ngroups(self) -> int:
        """Groups known so far (codes ``0 .. ngroups - 1``)."""
        return self._ngroups

    def add(self, values: FloatArray, groups: NDArray[np.intp], ngroups: int) -> None:
        """Add finite ``values`` to their groups (codes below ``ngroups``; groups only grow).

        Raises:
            ScoringInputError: a value is NaN or infinite.
        """
        flat = np.ascontiguousarray(values, dtype=np.float64).reshape(-1)
        codes = groups.reshape(-1)
        self._ngroups = max(self._ngroups, ngroups)
        if self._ngroups * max(self._cells.shape[2], 64) > _MAX_CELLS:
            self._add_sparse(flat, codes)
            return
        if self._ngroups > self._cells.shape[1]:
            grow = self._ngroups - self._cells.shape[1]
            self._cells = np.pad(self._cells, ((0, 0), (0, grow), (0, 0)))
        for start in range(0, flat.size, _FLUSH_ROWS):
            self._add(flat[start : start + _FLUSH_ROWS], codes[start : start + _FLUSH_ROWS])

    def _add(self, chunk: FloatArray, codes: NDArray[np.intp]) -> None:
        if chunk.size == 0:
            return
        if self._rows + chunk.size > _FLUSH_ROWS:
            self._flush()
        self._rows += chunk.size
        bits = chunk.view(np.int64)
        e = np.right_shift(bits, 52)
        e &= 0x7FF
        low, high = int(e.min()), int(e.max())
        if high == 0x7FF:
            bad = int(np.count_nonzero(~np.isfinite(chunk)))
            raise _validate.ScoringInputError(f"cannot sum non-finite values ({bad} found)")
        if high > _EMAX_FAST:  # cells this high could overflow float64: summed by sums()
            big = e > _EMAX_FAST
            extra = sums(chunk[big], codes[big], self.ngroups)
            self._flushed = [a + b for a, b in zip(self._padded(), extra, strict=True)]
            keep = ~big
            chunk, codes, e = chunk[keep], codes[keep], e[keep]
            bits = chunk.view(np.int64)
            if chunk.size == 0:
                return
            low, high = int(e.min()), int(e.max())
        if self._cells.shape[2]:
            low, high = min(low, self._emin), max(high, self._emin + self._cells.shape[2] - 1)
        self._grow(low, high)
        span = self._cells.shape[2]
        idx = codes * span
        e -= self._emin
        idx += e
        hi = np.bitwise_and(bits, _TOP26).view(np.float64)
        size, shape = self._cells[0].size, self._cells.shape[1:]  # codes below shape[0]
        self._cells[0] += np.bincount(idx, hi, size).reshape(shape)
        np.subtract(chunk, hi, out=hi)  # the low part, exactly
        self._cells[1] += np.bincount(idx, hi, size).reshape(shape)

    def _add_sparse(self, flat: FloatArray, codes: NDArray[np.intp]) -> None:
        """:func:`sums` of a few rows at a time, over the groups present in them."""
        acc = self._padded()
        for start in range(0, flat.size, _SPARSE_ROWS):
            present, local = np.unique(codes[start : start + _SPARSE_ROWS], return_inverse=True)
            part = sums(flat[start : start + _SPARSE_ROWS], local.astype(np.intp), present.size)
            for g, total in zip(present.tolist(), part, strict=True):
                acc[g] += total
        self._flushed = acc

    def _grow(self, emin: int, emax: int) -> None:
        """Widen the exponent axis to ``emin .. emax`` (which covers the present one)."""
        span = self._cells.shape[2]
        if span == 0:
            before, after = 0, emax - emin + 1
        else:
            before, after = self._emin - emin, emax - (self._emin + span - 1)
        if before or after:
            self._cells = np.pad(self._cells, ((0, 0), (0, 0), (before, after)))
            self._emin = emin

    def _flush(self) -> None:
        """Move the float cells into the Python-integer totals and clear them.

        A cell at ``E`` is an integer ``k`` times ``2**(max(E, 1) - 1075)``;
        ``k`` (below ``2**80``) is exact as a float, and ``k << (max(E, 1) + 52)``
        is the cell in units of ``2**-1127``.
        """
        acc = self._padded()
        for j in range(self._cells.shape[2]):
            e = max(self._emin + j, 1)
            for part in self._cells[:, :, j]:
                k = np.ldexp(part, 1075 - e)
                for g in np.flatnonzero(k).tolist():
                    acc[g] += int(k[g]) << (e + 52)
        self._flushed = acc
        self._cells[:] = 0
        self._rows = 0

    def _padded(self) -> list[int]:
        return self._flushed + [0] * (self.ngroups - len(self._flushed))

    def totals(self) -> list[int]:
        """The exact sum of each group, in units of ``2**-1127`` (as :func:`sums` gives)."""
        self._flush()
        return list(self._flushed)


def to_fraction(total: int) -> Fraction:
    """An exact sum (an integer in units of ``2**-1127``) as a fraction."""
    return Fraction(total, 1 << SCALE)
