"""Comparing sources: skill scores, Metaculus-style scores, pairwise relative skill,
bootstrap intervals, Diebold–Mariano tests and difficulty adjustment.

Most functions take the long format every forecast table reduces to: three
aligned 1-D arrays ``sources`` (who), ``questions`` (on what) and ``scores``
(one score per forecast, negatively oriented: lower is better, such as the
Brier or log score). Sources usually answered different questions; every
comparison here says how many questions it rests on.

Everything random takes a ``seed`` (an int or a ``numpy.random.Generator``),
0 by default, so a report is reproducible.
"""

from __future__ import annotations

from typing import Literal, TypeAlias

import attrs
import numpy as np
import numpy.typing as npt
from numpy.typing import NDArray
from scipy import sparse, stats  # type: ignore[import-untyped]
from scipy.sparse import csgraph, linalg  # type: ignore[import-untyped]

from forecastcheck.scoring import (
    FloatArray,
    NanPolicy,
    ScoringInputError,
    _as_bool,
    _binary_inputs,
    _exact_sums,
    _to_fraction,
    summarize_binary,
)

__all__ = [
    "BootstrapResult",
    "DieboldMariano",
    "DifficultyAdjustment",
    "PairwiseComparison",
    "SkillScore",
    "SourceInterval",
    "baseline_score",
    "bootstrap",
    "diebold_mariano",
    "difficulty_adjust",
    "holm",
    "pairwise",
    "peer_score",
    "skill_score",
]

Seed: TypeAlias = int | np.random.Generator
IntArray: TypeAlias = NDArray[np.int64]
SkillRule: TypeAlias = Literal["brier", "log", "spherical"]


# ---------------------------------------------------------------------------
# Skill scores
# ---------------------------------------------------------------------------


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
    pa, ya, mask = _binary_inputs(p, y, nan_policy)
    pa, yb = pa.reshape(-1), _as_bool(ya).reshape(-1)
    if isinstance(reference, str):
        if reference not in ("half", "base_rate"):
            raise ScoringInputError(
                f"reference must be 'half', 'base_rate' or an array, not {reference!r}"
            )
        keep = slice(None) if mask is None else ~mask.reshape(-1)
        pk, yk = pa[keep], yb[keep]
        value = 0.5 if reference == "half" else float(np.count_nonzero(yk)) / max(yk.size, 1)
        ref = np.full(pk.shape, value)
        name = reference
    else:
        ra, _, rmask = _binary_inputs(reference, ya, nan_policy)
        ra = ra.reshape(-1)
        if ra.shape != pa.shape:
            raise ScoringInputError("reference must have one probability per forecast")
        both = mask if rmask is None else (rmask if mask is None else mask | rmask)
        keep = slice(None) if both is None else ~both.reshape(-1)
        pk, yk, ref = pa[keep], yb[keep], ra[keep]
        name = "supplied"
    s = summarize_binary(pk, yk, rule)
    r = summarize_binary(ref, yk, rule)
    perfect = 1.0 if rule == "spherical" else 0.0
    if r.mean == perfect:
        raise ScoringInputError("the reference scores perfectly: the skill score is undefined")
    value_ss = (s.mean - r.mean) / (perfect - r.mean)
    return SkillScore(
        value=float(value_ss),
        score=s.mean,
        reference_score=r.mean,
        n=s.n,
        rule=rule,
        reference=name,
    )


# ---------------------------------------------------------------------------
# Metaculus-style scores
# ---------------------------------------------------------------------------


def _prob_of_outcome(p: npt.ArrayLike, y: npt.ArrayLike, nan_policy: str) -> FloatArray:
    pa, ya, mask = _binary_inputs(p, y, nan_policy)
    py = np.where(_as_bool(ya), pa, 1.0 - pa)
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
        raise ScoringInputError("questions must have one id per forecast")
    _, qi = np.unique(q, return_inverse=True)
    qi = qi.reshape(-1)
    yb = _as_bool(np.asarray(y)).reshape(-1)
    nq = int(qi.max()) + 1 if qi.size else 0
    ok = ~np.isnan(py)
    yes = np.bincount(qi, weights=yb & ok, minlength=nq)
    cnt_all = np.bincount(qi, weights=ok, minlength=nq)
    if np.any((yes > 0) & (yes < cnt_all)):
        bad = np.flatnonzero((yes > 0) & (yes < cnt_all))
        raise ScoringInputError(
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


# ---------------------------------------------------------------------------
# Long-format helpers
# ---------------------------------------------------------------------------


def _long(
    sources: npt.ArrayLike, questions: npt.ArrayLike, scores: npt.ArrayLike
) -> tuple[
    NDArray[np.generic], NDArray[np.intp], NDArray[np.generic], NDArray[np.intp], FloatArray
]:
    """Unique sources and questions, their indices per row, and the scores."""
    s = np.asarray(sources).reshape(-1)
    q = np.asarray(questions).reshape(-1)
    try:
        v = np.asarray(scores, dtype=np.float64).reshape(-1)
    except (TypeError, ValueError) as exc:
        raise ScoringInputError(f"scores: not numeric ({exc})") from exc
    if not (s.shape == q.shape == v.shape):
        raise ScoringInputError(
            f"sources, questions and scores must be aligned, got {s.shape}, {q.shape}, {v.shape}"
        )
    if v.size == 0:
        raise ScoringInputError("no scores")
    if not np.all(np.isfinite(v)):
        bad = int(np.count_nonzero(~np.isfinite(v)))
        raise ScoringInputError(f"scores: {bad} values are NaN or infinite; drop or fix them first")
    su, si = np.unique(s, return_inverse=True)
    qu, qi = np.unique(q, return_inverse=True)
    si, qi = si.reshape(-1).astype(np.intp), qi.reshape(-1).astype(np.intp)
    return su, si, qu, qi, v


def _matrix(
    si: NDArray[np.intp], qi: NDArray[np.intp], v: FloatArray, ns: int, nq: int
) -> FloatArray:
    """Sources x questions matrix of scores, NaN where a source did not answer.

    Raises:
        ScoringInputError: a source scored twice on one question.
    """
    flat = si.astype(np.int64) * nq + qi
    if np.unique(flat).size != flat.size:
        raise ScoringInputError(
            "a source has more than one score on a question; keep one (e.g. the last "
            "statement before the deadline) or average them first"
        )
    out = np.full(ns * nq, np.nan)
    out[flat] = v
    return out.reshape(ns, nq)


# ---------------------------------------------------------------------------
# Pairwise relative skill
# ---------------------------------------------------------------------------


def holm(p_values: npt.ArrayLike) -> FloatArray:
    """Holm's (1979) step-down adjustment of p-values (NaN entries are left alone).

    Args:
        p_values: the raw p-values.

    Returns:
        Adjusted p-values, same shape; as R's ``p.adjust(method = "holm")``.

    Raises:
        ValueError: ``p_values`` is not numeric.
    """
    pv = np.asarray(p_values, dtype=np.float64)
    flat = pv.reshape(-1)
    out = np.full(flat.shape, np.nan)
    ok = np.flatnonzero(~np.isnan(flat))
    m = ok.size
    if m:
        order = ok[np.argsort(flat[ok], kind="stable")]
        adj = np.maximum.accumulate((m - np.arange(m)) * flat[order])
        out[order] = np.minimum(adj, 1.0)
    return out.reshape(pv.shape)


def _sign_flip_p(d: FloatArray, n_permutations: int, rng: np.random.Generator) -> float:
    """Two-sided paired permutation p-value of ``|mean(d)|`` by random sign flips."""
    observed = abs(float(np.sum(d)))
    exceed = 0
    batch = max(1, min(n_permutations, 4_000_000 // max(d.size, 1)))
    done = 0
    while done < n_permutations:
        b = min(batch, n_permutations - done)
        signs = rng.integers(0, 2, size=(b, d.size)) * 2 - 1
        exceed += int(np.count_nonzero(np.abs(signs @ d) >= observed * (1 - 1e-12)))
        done += b
    return (1 + exceed) / (1 + n_permutations)


@attrs.frozen(eq=False)
class PairwiseComparison:
    """Pairwise relative skill of sources (scoringutils' definition).

    Attributes:
        sources: the sources, in the order of every array here.
        ratio: ``ratio[a, b] = θ_ab = sum S_a / sum S_b`` over the questions
            both answered (NaN below ``min_overlap``); 1 on the diagonal.
        overlap: ``overlap[a, b]`` = number of questions both answered.
        p_value: paired sign-flip permutation p-value for ``a`` vs ``b`` (NaN
            on the diagonal and below ``min_overlap``).
        p_adjusted: Holm-adjusted over the distinct pairs.
        relative_skill: geometric mean of each row of ``ratio`` (ignoring NaN;
            the diagonal's 1 included unless ``include_self=False``); below 1
            is better than the field.
        scaled_relative_skill: ``relative_skill / relative_skill[baseline]``
            (None without a baseline).
        n_compared: ratios each relative skill rests on.
        baseline: the baseline source, or None.
        min_overlap: the minimum overlap required for a pair to count.
        n_permutations: permutations per pair.
    """

    sources: tuple[object, ...]
    ratio: FloatArray
    overlap: IntArray
    p_value: FloatArray
    p_adjusted: FloatArray
    relative_skill: FloatArray
    scaled_relative_skill: FloatArray | None
    n_compared: IntArray
    baseline: object | None
    min_overlap: int
    n_permutations: int


def pairwise(
    sources: npt.ArrayLike,
    questions: npt.ArrayLike,
    scores: npt.ArrayLike,
    *,
    baseline: object | None = None,
    min_overlap: int = 1,
    n_permutations: int = 999,
    include_self: bool = True,
    seed: Seed = 0,
) -> PairwiseComparison:
    """Pairwise tournament: mean score ratios on shared questions, relative skill, p-values.

    scoringutils' ``get_pairwise_comparisons`` (Cramer et al. 2022, PNAS;
    Bosse et al. 2022): for sources A and B and the questions ``C_AB`` both
    answered, ``θ_AB = sum_{C_AB} S_A / sum_{C_AB} S_B``; the relative skill of
    A is the geometric mean of ``θ_AB`` over the sources, the ratio 1 of A with
    itself included as scoringutils does (``include_self=False`` averages over
    the others only); the scaled relative skill divides by the baseline
    source's. Pairs sharing fewer than ``min_overlap`` questions are left out.
    p-values come from a paired permutation test of the mean difference (each
    question's two scores swapped with probability 1/2, as scoringutils'
    ``permutation_test``), Holm-adjusted over all pairs.

    Args:
        sources: source id per score.
        questions: question id per score.
        scores: negatively oriented, non-negative scores (Brier, log, WIS, ...).
        baseline: a source to scale relative skill by.
        min_overlap: questions two sources must share to be compared.
        n_permutations: permutations per pair (0: no p-values).
        include_self: include the ratio 1 of a source with itself (scoringutils).
        seed: seed or Generator for the permutations.

    Returns:
        A :class:`PairwiseComparison`.

    Raises:
        ScoringInputError: malformed input, negative scores, duplicate
            (source, question) pairs, fewer than two sources, or an unknown baseline.
    """
    su, si, qu, qi, v = _long(sources, questions, scores)
    if np.any(v < 0):
        raise ScoringInputError("pairwise ratios need non-negative scores (e.g. Brier, log, WIS)")
    if min_overlap < 1:
        raise ScoringInputError("min_overlap must be at least 1")
    M, Q = su.size, qu.size
    if M < 2:
        raise ScoringInputError("pairwise comparison needs at least two sources")
    X = _matrix(si, qi, v, M, Q)
    answered = ~np.isnan(X)
    X0 = np.where(answered, X, 0.0)
    A = answered.astype(np.float64)
    overlap = (A @ A.T).round().astype(np.int64)
    # sums of a's scores over the questions a and b share: X0 @ A.T
    sums = X0 @ A.T
    rng = np.random.default_rng(seed)
    ratio = np.full((M, M), np.nan)
    pval = np.full((M, M), np.nan)
    np.fill_diagonal(ratio, 1.0)
    pairs: list[tuple[int, int]] = []
    for a in range(M):
        for b in range(a + 1, M):
            if overlap[a, b] < min_overlap:
                continue
            with np.errstate(divide="ignore", invalid="ignore"):
                ratio[a, b] = sums[a, b] / sums[b, a]
                ratio[b, a] = sums[b, a] / sums[a, b]
            pairs.append((a, b))
            if n_permutations > 0:
                shared = answered[a] & answered[b]
                d = X[a, shared] - X[b, shared]
                pval[a, b] = pval[b, a] = _sign_flip_p(d, n_permutations, rng)
    adjusted = np.full((M, M), np.nan)
    if pairs:
        flat = holm(np.array([pval[a, b] for a, b in pairs]))
        for (a, b), adj in zip(pairs, flat.tolist(), strict=True):
            adjusted[a, b] = adjusted[b, a] = adj
    use = ratio.copy()
    if not include_self:
        np.fill_diagonal(use, np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        logs = np.log(use)
    valid = ~np.isnan(logs)
    n_compared = valid.sum(axis=1).astype(np.int64)
    with np.errstate(invalid="ignore"):
        rel = np.exp(
            np.where(valid, logs, 0.0).sum(axis=1) / np.where(n_compared > 0, n_compared, 1)
        )
    rel = np.where(n_compared > 0, rel, np.nan)
    scaled = None
    if baseline is not None:
        hit = np.flatnonzero(su == baseline)
        if hit.size != 1:
            raise ScoringInputError(f"baseline {baseline!r} is not one of the sources")
        scaled = rel / rel[hit[0]]
    return PairwiseComparison(
        sources=tuple(su.tolist()),
        ratio=ratio,
        overlap=overlap,
        p_value=pval,
        p_adjusted=adjusted,
        relative_skill=rel,
        scaled_relative_skill=scaled,
        n_compared=n_compared,
        baseline=baseline,
        min_overlap=min_overlap,
        n_permutations=n_permutations,
    )


# ---------------------------------------------------------------------------
# Bootstrap
# ---------------------------------------------------------------------------


@attrs.frozen
class SourceInterval:
    """A source's mean score and rank with question-level bootstrap intervals.

    Attributes:
        source: the source.
        n: scores of this source.
        n_questions: questions it answered.
        mean: its mean score.
        mean_low: lower end of the interval for the mean.
        mean_high: upper end.
        rank: its rank by mean (1 = lowest mean score = best).
        rank_low: lower end of the interval for the rank.
        rank_high: upper end.
    """

    source: object
    n: int
    n_questions: int
    mean: float
    mean_low: float
    mean_high: float
    rank: float
    rank_low: float
    rank_high: float


@attrs.frozen
class BootstrapResult:
    """Question-level bootstrap percentile intervals for every source.

    Attributes:
        sources: one :class:`SourceInterval` per source.
        level: the intervals' nominal coverage.
        n_resamples: bootstrap resamples.
        n_questions: questions resampled.
    """

    sources: tuple[SourceInterval, ...]
    level: float
    n_resamples: int
    n_questions: int


def bootstrap(
    sources: npt.ArrayLike,
    questions: npt.ArrayLike,
    scores: npt.ArrayLike,
    *,
    n_resamples: int = 2000,
    level: float = 0.9,
    seed: Seed = 0,
) -> BootstrapResult:
    """Question-level bootstrap intervals for each source's mean score and rank.

    Questions (not forecasts) are resampled with replacement, so forecasts of
    one question stay together and sources keep facing the same draws; in
    each resample a source's mean is over its scores on the drawn questions
    (counted as often as drawn) and sources are ranked by it (average ranks
    for ties; a source with no drawn question sits that resample out).
    Intervals are percentile intervals (Efron & Tibshirani 1993).

    Args:
        sources: source id per score (all equal for a single source).
        questions: question id per score.
        scores: negatively oriented scores.
        n_resamples: resamples.
        level: nominal coverage, e.g. 0.9 for 5%–95%.
        seed: seed or Generator.

    Returns:
        A :class:`BootstrapResult`.

    Raises:
        ScoringInputError: malformed input or ``level`` outside (0, 1).
    """
    if not 0.0 < level < 1.0:
        raise ScoringInputError("level must be in (0, 1)")
    if n_resamples < 1:
        raise ScoringInputError("n_resamples must be at least 1")
    su, si, qu, qi, v = _long(sources, questions, scores)
    M, Q = su.size, qu.size
    flat = si.astype(np.int64) * Q + qi
    sums = np.bincount(flat, weights=v, minlength=M * Q).reshape(M, Q)
    counts = np.bincount(flat, minlength=M * Q).reshape(M, Q).astype(np.float64)
    rng = np.random.default_rng(seed)
    means = np.empty((n_resamples, M))
    batch = max(1, min(n_resamples, 20_000_000 // max(Q, 1)))
    done = 0
    while done < n_resamples:
        b = min(batch, n_resamples - done)
        W = rng.multinomial(Q, np.full(Q, 1.0 / Q), size=b).astype(np.float64)
        with np.errstate(invalid="ignore", divide="ignore"):
            means[done : done + b] = (W @ sums.T) / (W @ counts.T)
        done += b
    ranks = np.full_like(means, np.nan)
    for r in range(n_resamples):
        ok = ~np.isnan(means[r])
        ranks[r, ok] = stats.rankdata(means[r, ok])
    exact = _exact_sums(v, si, M)  # exact point means: equal means rank as ties
    point = np.array(
        [float(_to_fraction(t) / int(c)) for t, c in zip(exact, counts.sum(axis=1), strict=True)]
    )
    point_rank = stats.rankdata(point)
    lo, hi = (1.0 - level) / 2.0, 1.0 - (1.0 - level) / 2.0
    out = []
    for k in range(M):
        m_k = means[:, k][~np.isnan(means[:, k])]
        r_k = ranks[:, k][~np.isnan(ranks[:, k])]
        out.append(
            SourceInterval(
                source=su[k].item() if hasattr(su[k], "item") else su[k],
                n=int(counts[k].sum()),
                n_questions=int(np.count_nonzero(counts[k])),
                mean=float(point[k]),
                mean_low=float(np.quantile(m_k, lo)) if m_k.size else float("nan"),
                mean_high=float(np.quantile(m_k, hi)) if m_k.size else float("nan"),
                rank=float(point_rank[k]),
                rank_low=float(np.quantile(r_k, lo)) if r_k.size else float("nan"),
                rank_high=float(np.quantile(r_k, hi)) if r_k.size else float("nan"),
            )
        )
    return BootstrapResult(sources=tuple(out), level=level, n_resamples=n_resamples, n_questions=Q)


# ---------------------------------------------------------------------------
# Diebold–Mariano
# ---------------------------------------------------------------------------


@attrs.frozen
class DieboldMariano:
    """Diebold–Mariano test with the Harvey–Leybourne–Newbold correction.

    Attributes:
        statistic: the corrected statistic (negative: the first source scores lower).
        p_value: from Student's t with ``n - 1`` degrees of freedom.
        mean_difference: mean of ``scores_a - scores_b``.
        n: pairs.
        h: forecast horizon used for the autocovariances.
        alternative: ``"two-sided"``, ``"less"`` (a better) or ``"greater"``.
    """

    statistic: float
    p_value: float
    mean_difference: float
    n: int
    h: int
    alternative: str


def diebold_mariano(
    scores_a: npt.ArrayLike,
    scores_b: npt.ArrayLike,
    *,
    h: int = 1,
    alternative: Literal["two-sided", "less", "greater"] = "two-sided",
) -> DieboldMariano:
    """Diebold–Mariano (1995) test of equal mean score, HLN-corrected (1997).

    With ``d_t = S_a,t - S_b,t`` over paired forecasts in time order,
    ``DM = mean(d) / sqrt(V / n)``, ``V = γ_0 + 2 sum_{k=1}^{h-1} γ_k`` (sample
    autocovariances of ``d``), and the Harvey–Leybourne–Newbold statistic
    ``DM * sqrt((n + 1 - 2h + h(h - 1)/n) / n)`` is referred to Student's t
    with ``n - 1`` degrees of freedom.

    Args:
        scores_a: the first source's scores, in time order.
        scores_b: the second source's scores on the same questions, same order.
        h: forecast horizon (1 for one-step: no autocovariance terms).
        alternative: ``"two-sided"`` (default), ``"less"`` (a has lower mean
            score) or ``"greater"``.

    Returns:
        A :class:`DieboldMariano`.

    Raises:
        ScoringInputError: misaligned or non-finite input, ``n < 2``, or a
            non-positive variance estimate.
    """
    a = np.asarray(scores_a, dtype=np.float64).reshape(-1)
    b = np.asarray(scores_b, dtype=np.float64).reshape(-1)
    if a.shape != b.shape:
        raise ScoringInputError("scores_a and scores_b must be paired (same length)")
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        raise ScoringInputError("scores must be finite")
    n = a.size
    if n < 2 or h < 1 or h >= n:
        raise ScoringInputError(f"need n >= 2 and 1 <= h < n (n = {n}, h = {h})")
    if alternative not in ("two-sided", "less", "greater"):
        raise ScoringInputError(f"unknown alternative {alternative!r}")
    d = a - b
    dbar = float(d.mean())
    dc = d - dbar
    var = float(dc @ dc) / n
    for k in range(1, h):
        var += 2.0 * float(dc[k:] @ dc[:-k]) / n
    if not var > 0.0:
        raise ScoringInputError("the long-run variance estimate of the differences is not positive")
    dm = dbar / np.sqrt(var / n)
    stat = float(dm * np.sqrt((n + 1 - 2 * h + h * (h - 1) / n) / n))
    t = stats.t(df=n - 1)
    if alternative == "two-sided":
        pv = float(2.0 * t.sf(abs(stat)))
    elif alternative == "less":
        pv = float(t.cdf(stat))
    else:
        pv = float(t.sf(stat))
    return DieboldMariano(
        statistic=stat, p_value=pv, mean_difference=dbar, n=n, h=h, alternative=alternative
    )


# ---------------------------------------------------------------------------
# Difficulty adjustment
# ---------------------------------------------------------------------------


@attrs.frozen(eq=False)
class DifficultyAdjustment:
    """Scores adjusted for question difficulty by two-way fixed effects.

    Attributes:
        adjusted: one adjusted score per input row.
        sources: the sources.
        source_mean: each source's mean adjusted score.
        source_n: each source's number of scores.
        questions: the questions.
        question_effect: each question's effect ``b_q``, centred to mean 0.
        residual_rms: root mean square residual of the fit.
    """

    adjusted: FloatArray
    sources: tuple[object, ...]
    source_mean: FloatArray
    source_n: IntArray
    questions: tuple[object, ...]
    question_effect: FloatArray
    residual_rms: float


def difficulty_adjust(
    sources: npt.ArrayLike,
    questions: npt.ArrayLike,
    scores: npt.ArrayLike,
) -> DifficultyAdjustment:
    """Difficulty-adjusted scores (ForecastBench): fit ``score = a(source) + b(question) + ε``.

    Least squares on the sparse design matrix with ``scipy.sparse.linalg.lsqr``
    (Karger et al. 2025, ForecastBench). The question effects are identified up
    to a constant; they are centred to mean 0 over the questions, so a source
    that scores the same on every question keeps that score on average after
    adjustment — with the Brier score, "always 0.5" keeps its 0.25, the shift
    ForecastBench applies. Adjusted score = score − b(question).

    Args:
        sources: source id per score.
        questions: question id per score.
        scores: the scores.

    Returns:
        A :class:`DifficultyAdjustment`.

    Raises:
        ScoringInputError: malformed input, duplicate (source, question) pairs,
            or sources and questions that fall into separate groups with no
            question in common (then the effects are not comparable).
    """
    su, si, qu, qi, v = _long(sources, questions, scores)
    M, Q = su.size, qu.size
    _matrix(si, qi, v, M, Q)  # rejects duplicates
    n = v.size
    rows = np.concatenate([np.arange(n), np.arange(n)])
    cols = np.concatenate([si, M + qi])
    design = sparse.csr_matrix((np.ones(2 * n), (rows, cols)), shape=(n, M + Q))
    graph = sparse.csr_matrix((np.ones(n), (si, M + qi)), shape=(M + Q, M + Q))
    n_comp, _ = csgraph.connected_components(graph, directed=False)
    if n_comp > 1:
        raise ScoringInputError(
            f"sources and questions form {n_comp} groups with no question in common; "
            "adjust each group separately"
        )
    centre = float(v.mean())
    sol = linalg.lsqr(design, v - centre, atol=1e-14, btol=1e-14, iter_lim=20 * (M + Q) + 100)
    coef = np.asarray(sol[0], dtype=np.float64)
    a, b = coef[:M], coef[M:]
    fitted = a[si] + b[qi] + centre
    resid = v - fitted
    b_c = b - b.mean()
    adjusted = v - b_c[qi]
    source_n = np.bincount(si, minlength=M).astype(np.int64)
    source_mean = np.bincount(si, weights=adjusted, minlength=M) / source_n
    return DifficultyAdjustment(
        adjusted=adjusted,
        sources=tuple(su.tolist()),
        source_mean=source_mean,
        source_n=source_n,
        questions=tuple(qu.tolist()),
        question_effect=b_c,
        residual_rms=float(np.sqrt(np.mean(resid**2))),
    )
