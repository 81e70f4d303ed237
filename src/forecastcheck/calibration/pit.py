"""Probability integral transform (PIT) values and histograms, for samples and quantiles.

The PIT of a forecast with predictive distribution ``F`` is ``u = F(y)``; a
calibrated forecaster's PIT values are uniform on [0, 1] (Dawid 1984; Gneiting,
Balabdaoui & Raftery 2007), so their histogram should be flat.

Bin convention for PIT histograms: bins are *right*-closed, ``(e_k, e_{k+1}]``,
except the first, ``[0, e_1]`` — R's ``hist()`` default, which scoringutils'
PIT histograms use. It is the convention under which the quantile PIT brackets
``(tau_i, tau_{i+1}]`` fall in one bin each, so sample and quantile histograms
agree. (Reliability tables use left-closed bins; see :mod:`forecastcheck.calibration`.)
Empty bins are kept, with a count of 0.
"""

from __future__ import annotations

import attrs
import numpy as np
import numpy.typing as npt

from forecastcheck.scoring import FloatArray, NanPolicy, NumbersOrDates, _validate, interval

__all__ = [
    "PitBracket",
    "PitHistogram",
    "pit_histogram",
    "pit_histogram_quantile",
    "pit_quantile",
    "pit_sample",
]

IntArray = npt.NDArray[np.int64]


def pit_sample(
    samples: NumbersOrDates,
    y: NumbersOrDates,
    *,
    randomize: bool = True,
    seed: int | np.random.Generator = 0,
    nan_policy: NanPolicy = "raise",
) -> FloatArray:
    """PIT values of forecasts given as samples, randomised where the step is ambiguous.

    With the empirical distribution of the M samples, ``F(y) = #{x_i <= y} / M``
    and ``F(y-) = #{x_i < y} / M``. The randomised PIT (Czado, Gneiting & Held
    2009, for count data; Smith 1985) is ``u = F(y-) + V (F(y) - F(y-))``, ``V``
    uniform on [0, 1], one draw per forecast: it differs from ``F(y)`` only
    where samples tie with ``y`` (always possible for counts, where it is
    scoringutils' ``p_xm1 + runif * (p_x - p_xm1)``). Without randomisation the
    PIT is ``F(y)``, scoringutils' ``p_x`` (its ``integers = "ignore"``).
    scoringutils draws one ``V`` for all forecasts of a replicate; here each
    forecast draws its own, as in Czado et al.

    Args:
        samples: shape (n, M): M samples per forecast (a 1-D array is one forecast).
        y: shape (n,), what happened; numbers or dates.
        randomize: draw within ``[F(y-), F(y)]`` (default) or return ``F(y)``.
        seed: seed or ``numpy.random.Generator`` for the draws (0 by default).
        nan_policy: ``"raise"`` (default) or ``"omit"`` (a row with NaN gives NaN).

    Returns:
        One PIT value per forecast in [0, 1], shape (n,).

    Raises:
        ScoringInputError: malformed input.
    """
    _validate.check_policy(nan_policy)
    x, ya = _validate.sample_inputs(samples, y)
    mask = _validate.row_mask(np.isnan(x).any(axis=1) | np.isnan(ya), nan_policy, "samples or y")
    M = x.shape[1]
    with np.errstate(invalid="ignore"):
        at_or_below = np.count_nonzero(x <= ya[:, None], axis=1) / M
        below = np.count_nonzero(x < ya[:, None], axis=1) / M
    if not randomize:
        return _validate.finish(np.asarray(at_or_below, dtype=np.float64), mask)
    v = np.random.default_rng(seed).random(ya.shape[0])
    out = np.asarray(below + v * (at_or_below - below), dtype=np.float64)
    return _validate.finish(out, mask)


@attrs.frozen(eq=False)
class PitBracket:
    """Where the PIT of each quantile forecast lies: ``lower < u <= upper``.

    A quantile forecast pins its predictive CDF down only at the levels: with
    ``q_i < y <= q_{i+1}``, ``F(y)`` lies in ``(tau_i, tau_{i+1}]`` (``tau_0 = 0``,
    ``tau_{Q+1} = 1``).

    Attributes:
        lower: ``max({0} ∪ {tau_i : q_i < y})``, shape (n,).
        upper: ``min({1} ∪ {tau_i : q_i >= y})``, shape (n,).
    """

    lower: FloatArray
    upper: FloatArray


# Same shape as in scoring/quantile.py: the quantile inputs checked, then one comparison per level;
# the figures differ (intentional).
def pit_quantile(
    quantiles: NumbersOrDates,
    levels: npt.ArrayLike,
    y: NumbersOrDates,
    *,
    nan_policy: NanPolicy = "raise",
) -> PitBracket:
    """The PIT bracket of each quantile forecast (see :class:`PitBracket`).

    The bracket is what scoringutils' quantile PIT histogram counts: a forecast
    adds one to the bin between the levels whose quantiles straddle ``y``
    (its ``quantile_coverage = observed <= predicted``, differenced).

    Args:
        quantiles: shape (n, Q), non-decreasing along each row.
        levels: shape (Q,), strictly increasing in (0, 1).
        y: shape (n,), what happened.
        nan_policy: ``"raise"`` (default) or ``"omit"`` (a row with NaN gives NaN).

    Returns:
        A :class:`PitBracket`.

    Raises:
        ScoringInputError: malformed input or crossing quantiles.
    """
    q, tau, ya, mask = interval._quantile_inputs(quantiles, levels, y, nan_policy)
    with np.errstate(invalid="ignore"):
        n_below = np.count_nonzero(q < ya[:, None], axis=1)  # a prefix: rows are sorted
    edges = np.concatenate([[0.0], tau, [1.0]])
    lower = np.asarray(edges[n_below], dtype=np.float64)
    upper = np.asarray(edges[n_below + 1], dtype=np.float64)
    return PitBracket(lower=_validate.finish(lower, mask), upper=_validate.finish(upper, mask))


# Same shape as in calibration/results.py: attrs fields of a result record, named like another
# record's (intentional).
@attrs.frozen(eq=False)
class PitHistogram:
    """Counts of PIT values per bin, with every bin kept.

    Attributes:
        edges: bin edges from 0 to 1, shape (B + 1,); bins are ``[e_0, e_1]``,
            then ``(e_k, e_{k+1}]``.
        counts: PIT values per bin, shape (B,), zeros included.
        n: values counted (``counts.sum()``).
        n_omitted: NaN values left out (forecasts omitted under ``nan_policy="omit"``).
    """

    edges: FloatArray
    counts: IntArray
    n: int
    n_omitted: int = 0

    @property
    def density(self) -> FloatArray:
        """``counts / (n * width)`` per bin: 1 everywhere for uniform PIT values."""
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.asarray(self.counts / (self.n * np.diff(self.edges)), dtype=np.float64)


def _edges(bins: int | npt.ArrayLike) -> FloatArray:
    if isinstance(bins, int | np.integer) and not isinstance(bins, bool):
        if bins < 1:
            raise _validate.ScoringInputError(f"bins must be at least 1, not {bins}")
        return np.arange(int(bins) + 1) / int(bins)  # each edge the float nearest k / B
    edges = np.asarray(bins, dtype=np.float64).reshape(-1)
    if edges.size < 2 or edges[0] != 0.0 or edges[-1] != 1.0 or np.any(np.diff(edges) <= 0.0):
        raise _validate.ScoringInputError(
            f"bin edges must rise strictly from 0 to 1, got {edges.tolist()}"
        )
    return edges


def pit_histogram(values: npt.ArrayLike, bins: int | npt.ArrayLike = 10) -> PitHistogram:
    """Histogram of PIT values: counts per bin, empty bins kept.

    Bins are right-closed, the first closed on both sides (see the module
    docstring). NaN values (omitted forecasts) are counted in ``n_omitted``.

    Args:
        values: PIT values in [0, 1], e.g. from :func:`pit_sample`.
        bins: a number B of equal-width bins (default 10; edges the floats nearest
            ``k / B``, so a PIT of ``j / M`` on an edge is on it exactly) or the
            edges, rising strictly from 0 to 1.

    Returns:
        A :class:`PitHistogram`.

    Raises:
        ScoringInputError: a value outside [0, 1] or malformed bins.
    """
    edges = _edges(bins)
    u = _validate.probabilities(values, "values").reshape(-1)
    nan = np.isnan(u)
    kept = u[~nan]
    bad = (kept < 0.0) | (kept > 1.0)
    if bad.any():
        raise _validate.first_bad("values", bad, kept, "outside [0, 1]")
    index = np.maximum(np.searchsorted(edges, kept, side="left") - 1, 0)
    counts = np.bincount(index, minlength=edges.size - 1).astype(np.int64)
    return PitHistogram(
        edges=edges, counts=counts, n=int(kept.size), n_omitted=int(np.count_nonzero(nan))
    )


def pit_histogram_quantile(
    quantiles: NumbersOrDates,
    levels: npt.ArrayLike,
    y: NumbersOrDates,
    *,
    edges: npt.ArrayLike | None = None,
    nan_policy: NanPolicy = "raise",
) -> PitHistogram:
    """PIT histogram of quantile forecasts: forecasts per bin between levels.

    scoringutils' ``get_pit_histogram`` for quantile forecasts, as counts: the
    bins are those between consecutive levels (with 0 and 1), each forecast
    counted in the bin of its :class:`PitBracket`. scoringutils falls back,
    with a warning, to the levels present when asked for others; here edges
    that are not forecast levels are an error.

    Args:
        quantiles: shape (n, Q), non-decreasing along each row.
        levels: shape (Q,), strictly increasing in (0, 1).
        y: shape (n,), what happened.
        edges: bin edges, a subset of ``levels`` together with 0 and 1
            (default: all levels, one bin between each two).
        nan_policy: ``"raise"`` (default) or ``"omit"`` (omitted rows counted in
            ``n_omitted``).

    Returns:
        A :class:`PitHistogram`.

    Raises:
        ScoringInputError: malformed input, or edges that are not forecast levels.
    """
    bracket = pit_quantile(quantiles, levels, y, nan_policy=nan_policy)
    tau = np.asarray(levels, dtype=np.float64).reshape(-1)
    allowed = np.concatenate([[0.0], tau, [1.0]])
    chosen = allowed if edges is None else _edges(edges)
    nearest = np.abs(allowed[None, :] - chosen[:, None]).argmin(axis=1)
    missing = [
        e
        for e, i in zip(chosen.tolist(), nearest.tolist(), strict=True)
        if abs(allowed[i] - e) > 1e-12
    ]
    if missing:
        raise _validate.ScoringInputError(
            f"PIT histogram edges {missing} are not among the forecast levels {tau.tolist()}"
        )
    return pit_histogram(bracket.upper, allowed[nearest])  # the levels themselves
