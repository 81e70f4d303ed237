"""Score: the Brier and log score of every resolved, scorable call, all at once.

The scores come from :func:`forecastcheck.scoring.brier` and
:func:`~forecastcheck.scoring.log_score`, each one pass over the arrays of
the calls standing on YES or NO with a probability; a certain wrong call
scores ``+inf`` under the log score (nothing is clipped). Every other call
keeps ``None``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from forecastcheck.scoring import brier, log_score

__all__ = ["call_scores"]

_Scores = list[float | None]


def call_scores(
    scored: Sequence[bool], probabilities: Sequence[float | None], outcomes: Sequence[int | None]
) -> tuple[_Scores, _Scores]:
    """Every call's (Brier, log) score, in order: ``None`` unless scored with a probability.

    ``scored`` says which calls stand on YES or NO; their ``outcomes`` are 1 or 0.
    """
    n = len(probabilities)
    b: _Scores = [None] * n
    lg: _Scores = [None] * n
    at = [i for i in range(n) if scored[i] and probabilities[i] is not None]
    if not at:
        return b, lg
    p = np.array([probabilities[i] for i in at], dtype=np.float64)
    y = np.array([outcomes[i] for i in at], dtype=np.int8)
    for i, bs, ls in zip(at, brier(p, y).tolist(), log_score(p, y).tolist(), strict=True):
        b[i], lg[i] = bs, ls
    return b, lg
