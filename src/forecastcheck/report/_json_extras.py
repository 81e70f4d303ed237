"""The JSON report's additions of format 2: who the sources are, the documents, calibration.

Each scorecard gains ``metadata`` (the ledger's role, affiliation and notes
of the source) and three calibration figures of its resolved calls, computed
by :mod:`forecastcheck.calibration` from the calls the scorecard counts (a chain
of restated readings as one call, with its weighted probability, as in its
reliability table): ``murphy`` (the decomposition over one bin per distinct forecast,
where ``brier = reliability - resolution + uncertainty`` holds exactly),
``ece`` (over the reliability table's ten equal-width bins) and ``auc``
(``null`` unless both outcomes occur). The top level gains ``documents``,
every publication of the ledger. ``docs/report-json.md`` documents each key.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from forecastcheck.calibration import ece, murphy, roc_auc
from forecastcheck.evaluation import (
    ALL_SOURCES,
    CALIBRATION_BINS,
    Evaluation,
    PredictionResult,
    restating,
)
from forecastcheck.ledger import Ledger
from forecastcheck.report._format import link_target

__all__ = ["calibration_figures", "cards_extras", "documents"]

JSON = dict[str, Any]


def _number(x: float) -> float | None:
    return None if math.isnan(x) else float(x)


def calibration_figures(scored: Sequence[PredictionResult]) -> JSON:
    """``murphy``, ``ece`` and ``auc`` of the scored calls (``null`` each without any)."""
    if not scored:
        return {"murphy": None, "ece": None, "auc": None}
    p = np.array([r.probability for r in scored], dtype=np.float64)
    y = np.array([r.outcome for r in scored], dtype=np.int8)
    m = murphy(p, y, "unique")
    both = 0 < int(y.sum()) < len(y)
    return {
        "murphy": {
            "binning": "unique",
            "n": m.n,
            "brier": _number(m.brier),
            "reliability": _number(m.rel),
            "resolution": _number(m.res),
            "uncertainty": _number(m.unc),
            "base_rate": _number(m.base_rate),
        },
        "ece": {"n_bins": CALIBRATION_BINS, "value": _number(ece(p, y, CALIBRATION_BINS).value)},
        "auc": roc_auc(p, y) if both else None,
    }


def _metadata(ledger: Ledger | None, source: str) -> JSON | None:
    """The ledger's facts about one source (``None``: no ledger given, or the pooled card)."""
    if ledger is None or source == ALL_SOURCES:
        return None
    for s in ledger.sources:
        if s.id == source:
            return {"role": s.role, "affiliation": s.affiliation, "notes": s.notes}
    return None


def cards_extras(
    evaluation: Evaluation, sources: Sequence[str], ledger: Ledger | None
) -> dict[str, JSON]:
    """Each scorecard's new keys (``metadata``, ``murphy``, ``ece``, ``auc``), by its source.

    The counted calls are gathered once for all the cards, then split by source.
    """
    calls = restating.counted(evaluation.predictions, evaluation.restated)  # one per chain
    scored = [r for r in calls if r.brier is not None]
    by_source: dict[str, list[PredictionResult]] = {}
    for r in scored:  # ledger order kept within each source
        by_source.setdefault(r.source, []).append(r)
    return {
        source: {
            "metadata": _metadata(ledger, source),
            **calibration_figures(scored if source == ALL_SOURCES else by_source.get(source, [])),
        }
        for source in sources
    }


def documents(ledger: Ledger | None) -> list[JSON] | None:
    """Every document of the ledger, field by field (``None`` when no ledger was given)."""
    if ledger is None:
        return None
    return [
        {
            "id": d.id,
            "outlet": d.outlet,
            "title": d.title,
            "url": d.url,
            "href": link_target(d.url),
            "author": d.author,
            "published": None if d.published is None else str(d.published),
            "notes": d.notes,
        }
        for d in ledger.documents
    ]
