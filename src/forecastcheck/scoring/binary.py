"""Proper scores of binary forecasts: Brier, log, spherical and misclassification.

A binary forecast is a probability ``p`` of the proposition and its outcome
``y`` (0 or 1; booleans welcome). Each function validates its input once and
returns one score per forecast, in the shape of the input.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from forecastcheck.scoring import _formulas, _validate
from forecastcheck.scoring._validate import FloatArray, NanPolicy

__all__ = ["brier", "log_score", "misclassification", "spherical"]


# Same shape as in scoring/categorical.py: the same keyword options by design (one public API shape)
# (intentional).
def brier(
    p: npt.ArrayLike,
    y: npt.ArrayLike,
    *,
    two_category: bool = False,
    nan_policy: NanPolicy = "raise",
) -> FloatArray:
    """Brier score per forecast: ``(p - y)**2`` (0 best, 1 worst).

    Brier (1950). With ``two_category=True`` the score is ``2 * (p - y)**2``
    (range 0–2), the sum over both outcomes that Brier originally wrote and
    that Good Judgment and Fatebook report; it equals :func:`multicategory_brier`
    with two categories.

    Args:
        p: probabilities of the proposition, in [0, 1].
        y: outcomes, 0/1 or booleans, same shape as ``p``.
        two_category: score ``2 * (p - y)**2`` instead of ``(p - y)**2``.
        nan_policy: ``"raise"`` (default) or ``"omit"`` (NaN in, NaN out).

    Returns:
        One score per forecast, float64, in the shape of ``p``.

    Raises:
        ScoringInputError: malformed input (see :class:`ScoringInputError`).
    """
    pa, ya, mask = _validate.binary_inputs(p, y, nan_policy)
    out = _formulas.brier(pa, ya)
    if two_category:
        out *= 2.0
    return _validate.finish(out, mask)


# Same parameters as categorical.categorical_log_score: one option set by design (intentional).
def log_score(
    p: npt.ArrayLike,
    y: npt.ArrayLike,
    *,
    epsilon: float | None = None,
    nan_policy: NanPolicy = "raise",
) -> FloatArray:
    """Logarithmic score per forecast: ``-ln p_y`` in nats (0 best; lower is better).

    Good (1952). ``p_y`` is the probability given to what happened: ``p`` when
    ``y = 1``, ``1 - p`` when ``y = 0`` (as ``log1p(-p)`` when ``p < 1/16``, for accuracy).
    A wrong forecast of exactly 0 or 1 scores ``+inf``; :func:`summarize`
    counts those in ``n_infinite``. Clipping is opt-in: with ``epsilon``, ``p``
    is first clipped to ``[epsilon, 1 - epsilon]`` (scikit-learn's ``log_loss``
    behaviour); use :func:`summarize_binary` to get the number clipped.

    Args:
        p: probabilities of the proposition, in [0, 1].
        y: outcomes, 0/1 or booleans, same shape as ``p``.
        epsilon: clip ``p`` to ``[epsilon, 1 - epsilon]`` first; ``0 < epsilon < 0.5``.
        nan_policy: ``"raise"`` (default) or ``"omit"`` (NaN in, NaN out).

    Returns:
        One score per forecast, float64 (``+inf`` possible without ``epsilon``).

    Raises:
        ScoringInputError: malformed input or an ``epsilon`` outside (0, 0.5).
    """
    pa, ya, mask = _validate.binary_inputs(p, y, nan_policy)
    if epsilon is not None:
        pa = np.clip(pa, _validate.epsilon(epsilon), 1.0 - epsilon)
    return _validate.finish(_formulas.log(pa, _validate.as_bool(ya)), mask)


def spherical(p: npt.ArrayLike, y: npt.ArrayLike, *, nan_policy: NanPolicy = "raise") -> FloatArray:
    """Spherical score per forecast: ``p_y / sqrt(p**2 + (1 - p)**2)`` (1 best; higher is better).

    Good (1971); Gneiting & Raftery (2007), section 3.

    Args:
        p: probabilities of the proposition, in [0, 1].
        y: outcomes, 0/1 or booleans, same shape as ``p``.
        nan_policy: ``"raise"`` (default) or ``"omit"`` (NaN in, NaN out).

    Returns:
        One score per forecast, float64, in [0, 1].

    Raises:
        ScoringInputError: malformed input.
    """
    pa, ya, mask = _validate.binary_inputs(p, y, nan_policy)
    return _validate.finish(_formulas.spherical(pa, _validate.as_bool(ya)), mask)


def misclassification(
    p: npt.ArrayLike, y: npt.ArrayLike, *, nan_policy: NanPolicy = "raise"
) -> FloatArray:
    """Misclassification (zero-one) score per forecast (0 best; lower is better).

    1 when the forecast is on the wrong side of 50% (``p > 0.5`` and ``y = 0``,
    or ``p < 0.5`` and ``y = 1``), 0 on the right side, and 0.5 for a forecast
    of exactly 0.5 — the value under which the score stays proper (Dimitriadis,
    Gneiting & Jordan 2021, Table 1). Its mean is the error rate, and one minus
    it is the share of forecasts on the right side of 50% (ties counted half).

    Args:
        p: probabilities of the proposition, in [0, 1].
        y: outcomes, 0/1 or booleans, same shape as ``p``.
        nan_policy: ``"raise"`` (default) or ``"omit"`` (NaN in, NaN out).

    Returns:
        One score per forecast: 0.0, 0.5 or 1.0.

    Raises:
        ScoringInputError: malformed input.
    """
    pa, ya, mask = _validate.binary_inputs(p, y, nan_policy)
    return _validate.finish(_formulas.misclassification(pa, _validate.as_bool(ya)), mask)
