"""Scores adjusted for question difficulty by two-way fixed effects (ForecastBench)."""

from __future__ import annotations

from typing import TypeAlias

import attrs
import numpy as np
import numpy.typing as npt
from numpy.typing import NDArray

from forecastcheck.compare import _long
from forecastcheck.scoring import FloatArray, _validate

__all__ = ["DifficultyAdjustment", "difficulty_adjust"]

IntArray: TypeAlias = NDArray[np.int64]


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


# Over 60 lines, kept whole: most of it is the docstring; the body is short.
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
    from scipy import sparse  # type: ignore[import-untyped]  # lazily: import time
    from scipy.sparse import csgraph, linalg  # type: ignore[import-untyped]

    su, si, qu, qi, v = _long.long_format(sources, questions, scores)
    M, Q = su.size, qu.size
    _long.matrix(si, qi, v, M, Q)  # rejects duplicates
    n = v.size
    rows = np.concatenate([np.arange(n), np.arange(n)])
    cols = np.concatenate([si, M + qi])
    design = sparse.csr_matrix((np.ones(2 * n), (rows, cols)), shape=(n, M + Q))
    graph = sparse.csr_matrix((np.ones(n), (si, M + qi)), shape=(M + Q, M + Q))
    n_comp, _ = csgraph.connected_components(graph, directed=False)
    if n_comp > 1:
        raise _validate.ScoringInputError(
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
