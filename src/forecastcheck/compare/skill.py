"""Scores of binary forecasts against a reference: skill scores and Metaculus-style scores."""

from __future__ import annotations

from typing import Literal, TypeAlias

import attrs
import numpy as np
import numpy.typing as npt

from forecastcheck.scoring import FloatArray, NanPolicy, _validate, summarize_binary

__all__ = ["SkillRule", "SkillScore", "baseline_score", "peer_score", "skill_score"]

SkillRule: TypeAlias = Literal["brier", "log", "spherical"]


@attrs.frozen
class SkillScore:
    """A skill score against a reference forecast.

    Attributes:
        value: ``(S - S_ref) / (S_perfect - S_ref)``: ``1 - S / S_ref`` for the
            Brier and log scores; 1 is perfect, 0 no better than the reference,
            negative worse.
        score: the forecasts' mean score.
        reference_score: the reference's mean score on the same questions.
        n: forecasts compared.
        rule: the scoring rule.
        reference: ``"half"``, ``"base_rate"`` or ``"supplied"``.
    """

    value: float
    score: float
    reference_score: float
    n: int
    rule: str
    reference: str


# Over 60 lines, kept whole: most of it is the docstring; the body is short.
def skill_score(
    p: npt.ArrayLike,
    y: npt.ArrayLike,
    reference: Literal["half", "base_rate"] | npt.ArrayLike = "half",
    *,
    rule: SkillRule = "brier",
    nan_policy: NanPolicy = "raise",
) -> SkillScore:
    """Skill score of binary forecasts against always-0.5, the base rate, or a reference.

    ``SS = (S - S_ref) / (S_perfect - S_ref)`` (Murphy 1973; Wilks 2011,
    section 8.4): for the Brier and log scores ``S_perfect = 0`` and
    ``SS = 1 - S / S_ref``; for the spherical score ``S_perfect = 1``.
    ``"base_rate"`` is the in-sample share of true outcomes as a constant
    forecast (so the Brier skill against it is ``(RES - REL) / UNC``).

    Args:
        p: probabilities in [0, 1].
        y: outcomes, 0/1 or booleans.
        reference: ``"half"`` (default), ``"base_rate"``, or the reference
            probabilities (a crowd or market forecast), aligned with ``p``.
        rule: ``"brier"`` (default), ``"log"`` or ``"spherical"``.
        nan_policy: ``"raise"`` (default) or ``"omit"`` (rows where either
            forecast is NaN are left out of both means).

    Returns:
        A :class:`SkillScore`.

    Raises:
        ScoringInputError: malformed input, or a reference scoring perfectly.
    """
    pa, ya, mask = _validate.binary_inputs(p, y, nan_policy)
    pa, yb = pa.reshape(-1), _validate.as_bool(ya).reshape(-1)
    if isinstance(reference, str):
        if reference not in ("half", "base_rate"):
            raise _validate.ScoringInputError(
                f"reference must be 'half', 'base_rate' or an array, not {reference!r}"
            )
        keep = slice(None) if mask is None else ~mask.reshape(-1)
        pk, yk = pa[keep], yb[keep]
        value = 0.5 if reference == "half" else float(np.count_nonzero(yk)) / max(yk.size, 1)
        ref = np.full(pk.shape, value)
        name = reference
    else:
        ra, _, rmask = _validate.binary_inputs(reference, ya, nan_policy)
        ra = ra.reshape(-1)
        if ra.shape != pa.shape:
            raise _validate.ScoringInputError("reference must have one probability per forecast")
        both = mask if rmask is None else (rmask if mask is None else mask | rmask)
        keep = slice(None) if both is None else ~both.reshape(-1)
        pk, yk, ref = pa[keep], yb[keep], ra[keep]
        name = "supplied"
    s = summarize_binary(pk, yk, rule)
    r = summarize_binary(ref, yk, rule)
    perfect = 1.0 if rule == "spherical" else 0.0
    if r.mean == perfect:
        raise _validate.ScoringInputError(
            "the reference scores perfectly: the skill score is undefined"
        )
    value_ss = (s.mean - r.mean) / (perfect - r.mean)
    return SkillScore(
        value=float(value_ss),
        score=s.mean,
        reference_score=r.mean,
        n=s.n,
        rule=rule,
        reference=name,
    )


def _prob_of_outcome(p: npt.ArrayLike, y: npt.ArrayLike, nan_policy: str) -> FloatArray:
    pa, ya, mask = _validate.binary_inputs(p, y, nan_policy)
    py = np.where(_validate.as_bool(ya), pa, 1.0 - pa)
    if mask is not None:
        py[mask] = np.nan
    return np.asarray(py, dtype=np.float64)


def baseline_score(
    p: npt.ArrayLike, y: npt.ArrayLike, *, nan_policy: NanPolicy = "raise"
) -> FloatArray:
    """Metaculus baseline score per binary forecast: ``100 (log2 p_y + 1)`` (higher is better).

    The log score relative to a 50% forecast, scaled so 50% scores 0 and
    certainty on the right answer scores +100 (Metaculus scores FAQ,
    "What is the Baseline score?"). A forecast of 0.9 scores about +84.8 if
    right and -232.2 if wrong; a wrong certainty scores ``-inf``.

    Args:
        p: probabilities in [0, 1].
        y: outcomes, 0/1 or booleans.
        nan_policy: ``"raise"`` (default) or ``"omit"``.

    Returns:
        One score per forecast.

    Raises:
        ScoringInputError: malformed input.
    """
    py = _prob_of_outcome(p, y, nan_policy)
    with np.errstate(divide="ignore"):
        return np.asarray(100.0 * (np.log2(py) + 1.0), dtype=np.float64)


def peer_score(
    questions: npt.ArrayLike,
    p: npt.ArrayLike,
    y: npt.ArrayLike,
    *,
    nan_policy: NanPolicy = "raise",
) -> FloatArray:
    """Metaculus peer score per binary forecast: ``100 (ln p_y - mean_{others} ln p_y,i)``.

    Each forecast is compared with the other forecasts on the same question
    (Metaculus scores FAQ, "What is the Peer score?"); equivalently
    ``100 ln(p_y / geometric mean of the others' p_y)``. The peer scores on a
    question sum to 0. A question with a single forecast gives it 0 (as
    Metaculus does). A wrong certainty gives infinities on its question.

    Args:
        questions: question id per forecast (one forecast per source and question).
        p: probabilities in [0, 1].
        y: outcomes, 0/1 or booleans (the same on every row of a question).
        nan_policy: ``"raise"`` (default) or ``"omit"`` (NaN rows are left out
            of the others' means and score NaN).

    Returns:
        One score per forecast.

    Raises:
        ScoringInputError: malformed input or a question with conflicting outcomes.
    """
    py = _prob_of_outcome(p, y, nan_policy)
    q = np.asarray(questions).reshape(-1)
    if q.shape != py.shape:
        raise _validate.ScoringInputError("questions must have one id per forecast")
    _, qi = np.unique(q, return_inverse=True)
    qi = qi.reshape(-1)
    yb = _validate.as_bool(np.asarray(y)).reshape(-1)
    nq = int(qi.max()) + 1 if qi.size else 0
    ok = ~np.isnan(py)
    yes = np.bincount(qi, weights=yb & ok, minlength=nq)
    cnt_all = np.bincount(qi, weights=ok, minlength=nq)
    if np.any((yes > 0) & (yes < cnt_all)):
        bad = np.flatnonzero((yes > 0) & (yes < cnt_all))
        raise _validate.ScoringInputError(
            f"{bad.size} question(s) have conflicting outcomes, e.g. {np.unique(q)[bad[0]]!r}"
        )
    with np.errstate(divide="ignore"):
        lp = np.where(ok, np.log(np.where(ok, py, 1.0)), 0.0)
    with np.errstate(invalid="ignore"):
        total = np.bincount(qi, weights=lp, minlength=nq)
    count = np.bincount(qi, weights=ok.astype(np.float64), minlength=nq)
    others = count[qi] - 1.0
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_others = (total[qi] - lp) / others
        out = np.where(others > 0, 100.0 * (lp - mean_others), 0.0)
    out[~ok] = np.nan
    return np.asarray(out, dtype=np.float64)
