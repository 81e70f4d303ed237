"""Proper scores of forecasts over several categories: Brier, ranked probability, log, ranked log.

A forecast is a row of ``P`` (n forecasts x K categories, each row summing to
1) and its outcome the index of the category that happened.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from numpy.typing import NDArray

from forecastcheck.scoring import _validate
from forecastcheck.scoring._validate import BoolArray, FloatArray, NanPolicy, ScoringInputError

__all__ = [
    "categorical_log_score",
    "multicategory_brier",
    "ranked_logarithmic_score",
    "ranked_probability_score",
]

_SUM_TOLERANCE = 1e-8


def _categorical_inputs(
    P: npt.ArrayLike, y: npt.ArrayLike, nan_policy: str
) -> tuple[FloatArray, NDArray[np.intp], BoolArray | None]:
    """Validate ``P`` (n forecasts x K categories, rows summing to 1) and ``y`` (category indices).

    Returns ``P`` as float64, ``y`` as indices (0 where omitted) and the
    mask of omitted rows.
    """
    _validate.check_policy(nan_policy)
    Pa = _validate.probabilities(P, "P")
    if Pa.ndim != 2 or Pa.shape[1] < 2:
        raise ScoringInputError(
            f"P must be 2-D, one row per forecast and one column per category (K >= 2), "
            f"not shape {Pa.shape}"
        )
    ya = np.asarray(y)
    if ya.shape != (Pa.shape[0],):
        raise ScoringInputError(f"y must have shape ({Pa.shape[0]},), not {ya.shape}")
    K = Pa.shape[1]
    rowmask: BoolArray = np.asarray(np.isnan(Pa).any(axis=1))
    if ya.dtype.kind == "f":
        ymask = np.isnan(ya)
        rowmask |= ymask
        if not ymask.all():
            fin = ya[~ymask]
            if not np.all(fin == np.round(fin)):
                raise _validate.first_bad(
                    "y", (ya != np.round(ya)) & ~ymask, ya, "not a category index"
                )
    elif ya.dtype.kind not in "iub":
        raise ScoringInputError(f"y must hold category indices 0..{K - 1}, not {ya.dtype}")
    mask = _validate.row_mask(rowmask, nan_policy, "P or y")
    keep = slice(None) if mask is None else ~mask
    Pk = Pa[keep]
    with np.errstate(invalid="ignore"):
        bad = (Pa < 0.0) | (Pa > 1.0)
    if bad.any():
        raise _validate.first_bad("P", bad, Pa, "outside [0, 1]")
    sums = Pk.sum(axis=1)
    off = np.abs(sums - 1.0) > _SUM_TOLERANCE
    if off.any():
        raise _validate.first_bad(
            "P", off, sums, f"rows not summing to 1 (tolerance {_SUM_TOLERANCE})"
        )
    # The range is checked on y as given, before the cast to indices: a negative index
    # would pick a category counted from the end, and a huge one wraps round in the cast.
    yv = ya.copy()
    if mask is not None:
        yv[mask] = 0
    badi = (yv < 0) | (yv >= K)
    if badi.any():
        raise _validate.first_bad("y", badi, yv, f"not a category index in 0..{K - 1}")
    return Pa, yv.astype(np.intp), mask


def multicategory_brier(
    P: npt.ArrayLike, y: npt.ArrayLike, *, nan_policy: NanPolicy = "raise"
) -> FloatArray:
    """Multi-category Brier score per forecast: ``sum_k (P_k - 1{y = k})**2`` (0 best, 2 worst).

    Brier (1950), the original form. With two categories it equals
    ``brier(p, y, two_category=True)``; scikit-learn's ``brier_score_loss``
    reports this sum for more than two classes.

    Args:
        P: forecasts, shape (n, K); each row a probability vector summing to 1
            (to within 1e-8; rows are never renormalised).
        y: the index (0..K-1) of the category that happened, shape (n,).
        nan_policy: ``"raise"`` (default) or ``"omit"`` (a row with NaN scores NaN).

    Returns:
        One score per forecast, shape (n,).

    Raises:
        ScoringInputError: malformed input.
    """
    Pa, yi, mask = _categorical_inputs(P, y, nan_policy)
    D = Pa.copy()
    rows = np.arange(Pa.shape[0])
    D[rows, yi] -= 1.0
    out = np.einsum("ij,ij->i", D, D)
    return _validate.finish(out, mask)


# Same shape as in scoring/binary.py: the same keyword options by design (one public API shape)
# (intentional).
def ranked_probability_score(
    P: npt.ArrayLike,
    y: npt.ArrayLike,
    *,
    normalize: bool = False,
    nan_policy: NanPolicy = "raise",
) -> FloatArray:
    """Ranked probability score per forecast, for ordered categories (0 best).

    Epstein (1969); Murphy (1971). With cumulative forecast ``F_k = P_0 + ... + P_k``
    and cumulative outcome ``O_k = 1{y <= k}``, the score is
    ``sum_{k=0}^{K-2} (F_k - O_k)**2`` — the sum over the K - 1 thresholds
    between categories, *not* divided by anything (range 0 to K - 1; with two
    categories it equals the binary Brier score ``(p - y)**2``). With
    ``normalize=True`` it is divided by ``K - 1`` (range 0–1), the form of
    Epstein (1969) and of several verification packages.

    Args:
        P: forecasts, shape (n, K), categories in their natural order.
        y: the index (0..K-1) of the category that happened.
        normalize: divide by ``K - 1``.
        nan_policy: ``"raise"`` (default) or ``"omit"``.

    Returns:
        One score per forecast, shape (n,), in [0, K - 1] ([0, 1] with ``normalize``).

    Raises:
        ScoringInputError: malformed input.
    """
    Pa, yi, mask = _categorical_inputs(P, y, nan_policy)
    K = Pa.shape[1]
    F = np.cumsum(Pa[:, :-1], axis=1)
    F -= np.arange(K - 1)[None, :] >= yi[:, None]
    out = np.einsum("ij,ij->i", F, F)
    if normalize:
        out /= K - 1
    return _validate.finish(out, mask)


# Same shape as in scoring/binary.py (intentional).
# Its parameters are log_score's, for several categories (the same options by design).
def categorical_log_score(
    P: npt.ArrayLike,
    y: npt.ArrayLike,
    *,
    epsilon: float | None = None,
    nan_policy: NanPolicy = "raise",
) -> FloatArray:
    """Logarithmic score per forecast for several categories: ``-ln P_y`` (0 best).

    A probability of exactly 0 on the category that happened scores ``+inf``
    (counted by :func:`summarize`). With ``epsilon`` the probability of the
    outcome is first clipped to ``[epsilon, 1 - epsilon]`` (scikit-learn's
    ``log_loss`` clips the whole vector and renormalises; here nothing else
    is touched and nothing is renormalised).

    Args:
        P: forecasts, shape (n, K).
        y: the index (0..K-1) of the category that happened.
        epsilon: opt-in clipping, ``0 < epsilon < 0.5``.
        nan_policy: ``"raise"`` (default) or ``"omit"``.

    Returns:
        One score per forecast, shape (n,) (``+inf`` possible without ``epsilon``).

    Raises:
        ScoringInputError: malformed input.
    """
    Pa, yi, mask = _categorical_inputs(P, y, nan_policy)
    py = Pa[np.arange(Pa.shape[0]), yi]
    if epsilon is not None:
        py = np.clip(py, _validate.epsilon(epsilon), 1.0 - epsilon)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.asarray(-np.log(py))
    out += 0.0
    return _validate.finish(out, mask)


def ranked_logarithmic_score(
    P: npt.ArrayLike, y: npt.ArrayLike, *, nan_policy: NanPolicy = "raise"
) -> FloatArray:
    """Ranked logarithmic score per forecast, for ordered categories (0 best; nats).

    The log-score analogue of the ranked probability score: the binary log
    score of each cumulative forecast ``F_k = P_0 + ... + P_k`` against the
    cumulative outcome ``O_k = 1{y <= k}``, summed over the K - 1 thresholds
    between categories::

        RLS = -sum_{k=0}^{K-2} ln |F_k + O_k - 1|

    i.e. ``-ln F_k`` where ``y <= k`` and ``-ln(1 - F_k)`` where ``y > k`` (``1 - F_k``
    taken as ``P_{k+1} + ... + P_{K-1}``, so it never cancels below zero).
    Tödter & Ahrens (2012), the ranked ignorance score RIGN (which uses ``log2``:
    RIGN = RLS / ln 2); scoringrules' ``rls_score`` (whose K-th term is
    ``-ln 1 = 0``). With two categories it equals the binary log score. A zero
    cumulative probability on the side that happened scores ``+inf`` (counted
    by :func:`summarize`); nothing is clipped.

    Args:
        P: forecasts, shape (n, K), categories in their natural order.
        y: the index (0..K-1) of the category that happened.
        nan_policy: ``"raise"`` (default) or ``"omit"``.

    Returns:
        One score per forecast, shape (n,) (``+inf`` possible).

    Raises:
        ScoringInputError: malformed input.
    """
    Pa, yi, mask = _categorical_inputs(P, y, nan_policy)
    K = Pa.shape[1]
    F = np.cumsum(Pa[:, :-1], axis=1)
    # 1 - F_k as the sum of the categories above k: no cancellation, never below 0
    above = np.cumsum(Pa[:, :0:-1], axis=1)[:, ::-1]
    happened_below = np.arange(K - 1)[None, :] >= yi[:, None]  # O_k = 1
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.log(np.where(happened_below, F, above))
    out = np.asarray(-terms.sum(axis=1), dtype=np.float64)
    out += 0.0
    return _validate.finish(out, mask)
