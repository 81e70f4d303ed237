"""Brier and log scores against a probabilistic outcome ``q`` in [0, 1].

An unresolved question can be scored against a probability instead of a
0/1 outcome: a prediction market's current price, or a forecast of record.
ForecastBench scores forecasts on its unresolved market questions this way,
with Brier ``(p - q)**2`` against the market's value on the day.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from forecastcheck.scoring import _validate
from forecastcheck.scoring._validate import BoolArray, FloatArray, NanPolicy

__all__ = ["brier_probabilistic", "log_score_probabilistic"]


def _soft_inputs(
    p: npt.ArrayLike, q: npt.ArrayLike, nan_policy: str
) -> tuple[FloatArray, FloatArray, BoolArray | None]:
    """Validate ``p`` and ``q``: same shape, both in [0, 1], NaN as ``nan_policy`` says."""
    _validate.check_policy(nan_policy)
    pa = _validate.probabilities(p, "p")
    qa = _validate.probabilities(q, "q")
    if pa.shape != qa.shape:
        raise _validate.ScoringInputError(
            f"p and q must have the same shape, not {pa.shape} and {qa.shape}"
        )
    pmask, qmask = _validate.nan_mask(pa), _validate.nan_mask(qa)
    if nan_policy == "raise":
        for name, m, arr in (("p", pmask, pa), ("q", qmask, qa)):
            if m is not None:
                raise _validate.first_bad(
                    name, m, arr, "NaN (pass nan_policy='omit' to leave them out)"
                )
    for name, arr in (("p", pa), ("q", qa)):
        with np.errstate(invalid="ignore"):
            bad = (arr < 0.0) | (arr > 1.0)
        if bad.any():
            raise _validate.first_bad(name, bad, arr, "outside [0, 1]")
    if pmask is None:
        return pa, qa, qmask
    return pa, qa, pmask if qmask is None else pmask | qmask


def brier_probabilistic(
    p: npt.ArrayLike, q: npt.ArrayLike, *, nan_policy: NanPolicy = "raise"
) -> FloatArray:
    """Brier score against a probabilistic outcome: ``(p - q)**2`` (0 best).

    ForecastBench's score of a forecast ``p`` on a market question that has not
    resolved, against the market's value ``q``. With ``q`` 0 or 1 it is
    :func:`~forecastcheck.scoring.brier`. If ``Y ~ Bernoulli(q)``, the expected
    Brier score is ``(p - q)**2 + q (1 - q)``: this score ranks forecasts as
    their expected Brier score does (the constant ``q (1 - q)`` does not depend on
    ``p``), so it is proper *in expectation* — only when ``q`` is the outcome's
    probability given what is known. Against a mispriced market it rewards
    agreeing with the market, not with what will happen.

    Args:
        p: probabilities of the proposition, in [0, 1].
        q: the outcome as a probability in [0, 1], same shape as ``p``.
        nan_policy: ``"raise"`` (default) or ``"omit"`` (NaN in, NaN out).

    Returns:
        One score per forecast, float64, in the shape of ``p``.

    Raises:
        ScoringInputError: shapes differ, a value outside [0, 1], or NaN under ``"raise"``.
    """
    pa, qa, mask = _soft_inputs(p, q, nan_policy)
    out = np.asarray(np.subtract(pa, qa), dtype=np.float64)
    np.square(out, out=out)
    return _validate.finish(out, mask)


def log_score_probabilistic(
    p: npt.ArrayLike, q: npt.ArrayLike, *, nan_policy: NanPolicy = "raise"
) -> FloatArray:
    """Log score against a probabilistic outcome: the cross-entropy, in nats (lower is better).

    ``-(q ln p + (1 - q) ln(1 - p))``, with ``0 ln 0 = 0`` (``scipy.special.xlogy``
    and ``xlog1py``). It is linear in the outcome, so it equals the expected log
    score ``E[-ln p_Y]`` under ``Y ~ Bernoulli(q)``, and with ``q`` 0 or 1 it is
    :func:`~forecastcheck.scoring.log_score`. By Gibbs' inequality it is
    smallest at ``p = q``, where it is the entropy of ``q`` (not 0): like
    :func:`brier_probabilistic` it is proper only in expectation, when ``q`` is
    the outcome's probability. A forecast of 0 or 1 where ``q`` gives the other
    side any weight scores ``+inf``; nothing is clipped.

    Args:
        p: probabilities of the proposition, in [0, 1].
        q: the outcome as a probability in [0, 1], same shape as ``p``.
        nan_policy: ``"raise"`` (default) or ``"omit"`` (NaN in, NaN out).

    Returns:
        One score per forecast, float64 (``+inf`` possible).

    Raises:
        ScoringInputError: shapes differ, a value outside [0, 1], or NaN under ``"raise"``.
    """
    from scipy import special  # type: ignore[import-untyped]  # noqa: PLC0415  # lazily: import time

    pa, qa, mask = _soft_inputs(p, q, nan_policy)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.asarray(
            -(special.xlogy(qa, pa) + special.xlog1py(1.0 - qa, -pa)), dtype=np.float64
        )
    out += 0.0  # -0.0 (a certain, right forecast) reads as 0.0
    return _validate.finish(out, mask)
