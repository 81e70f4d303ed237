"""Score: the Brier and log score of every resolved, scorable call, all at once.

The scores come from :func:`forecastcheck.scoring.brier` and
:func:`~forecastcheck.scoring.log_score` on the calls standing on YES or NO
with a probability; a certain wrong call scores ``+inf`` under the log
score (nothing is clipped). Every other call keeps ``None``.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import numpy as np

from forecastcheck.evaluation.results import PredictionResult
from forecastcheck.scoring import brier, log_score

__all__ = ["score_calls"]


def score_calls(results: Sequence[PredictionResult]) -> list[PredictionResult]:
    """The results again, in order, the resolved scorable ones with their scores."""
    out = list(results)
    scored_at = [i for i, r in enumerate(out) if r.status.scored and r.probability is not None]
    if not scored_at:
        return out
    p = np.array([out[i].probability for i in scored_at], dtype=np.float64)
    y = np.array([out[i].outcome for i in scored_at], dtype=np.int8)
    b, lg = brier(p, y).tolist(), log_score(p, y).tolist()
    for k, i in enumerate(scored_at):
        out[i] = attrs.evolve(out[i], brier=b[k], log_score=lg[k])
    return out
