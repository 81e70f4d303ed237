"""The long format every comparison takes: aligned sources, questions and scores.

Private: imported as a module (``from forecastcheck.compare import _long``).
"""

from __future__ import annotations

from typing import TypeAlias

import numpy as np
import numpy.typing as npt
from numpy.typing import NDArray

from forecastcheck.scoring import FloatArray, _validate

Seed: TypeAlias = int | np.random.Generator
"""What every random comparison takes: a seed or a ``numpy.random.Generator``."""


def long_format(
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
        raise _validate.ScoringInputError(f"scores: not numeric ({exc})") from exc
    if not (s.shape == q.shape == v.shape):
        raise _validate.ScoringInputError(
            f"sources, questions and scores must be aligned, got {s.shape}, {q.shape}, {v.shape}"
        )
    if v.size == 0:
        raise _validate.ScoringInputError("no scores")
    if not np.all(np.isfinite(v)):
        bad = int(np.count_nonzero(~np.isfinite(v)))
        raise _validate.ScoringInputError(
            f"scores: {bad} values are NaN or infinite; drop or fix them first"
        )
    su, si = np.unique(s, return_inverse=True)
    qu, qi = np.unique(q, return_inverse=True)
    si, qi = si.reshape(-1).astype(np.intp), qi.reshape(-1).astype(np.intp)
    return su, si, qu, qi, v


def matrix(
    si: NDArray[np.intp], qi: NDArray[np.intp], v: FloatArray, ns: int, nq: int
) -> FloatArray:
    """Sources x questions matrix of scores, NaN where a source did not answer.

    Raises:
        ScoringInputError: a source scored twice on one question.
    """
    flat = si.astype(np.int64) * nq + qi
    if np.unique(flat).size != flat.size:
        raise _validate.ScoringInputError(
            "a source has more than one score on a question; keep one (e.g. the last "
            "statement before the deadline) or average them first"
        )
    out = np.full(ns * nq, np.nan)
    out[flat] = v
    return out.reshape(ns, nq)
