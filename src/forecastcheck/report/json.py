"""The evaluation as stable, documented JSON (``docs/report-json.md``).

Numbers that are not finite never reach the output as bare ``Infinity`` or
``NaN`` (invalid JSON): an infinite score is written as the *string*
``"Infinity"`` (``float("Infinity")`` in Python and ``Number("Infinity")`` in
JavaScript read it back) and a missing one as ``null``.

Strings are written as they are, except that DEL, the C1 and bidirectional
controls, the line and paragraph separators and lone surrogates are written as
``\\u`` escapes (``"\\u202e"``): the same strings, but nothing that acts on a
terminal or editor showing the file raw.

.. versionadded:: 0.1
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import math
from collections.abc import Sequence
from typing import Any

import attrs

from forecastcheck import _collector, _version
from forecastcheck._terminal import CONTROL_CODES, any_of
from forecastcheck.calibration import ReliabilityTable
from forecastcheck.evaluation import (
    LEVEL,
    CrowdComparison,
    Evaluation,
    PredictionResult,
    Scorecard,
)
from forecastcheck.evaluation.numeric_results import NumericScore, NumericSummary
from forecastcheck.gates import GateResult
from forecastcheck.ledger import DateWindow, Ledger
from forecastcheck.report import _deadlines, _json_extras, _json_text
from forecastcheck.report._format import link_target
from forecastcheck.report._recorded import recorder_counts
from forecastcheck.verbal import Sensitivity

__all__ = ["FORMAT_VERSION", "render_json", "to_dict"]

FORMAT_VERSION = 2
"""The version of the JSON layout; raised only when a field changes meaning or goes away.

Version 2 renamed the calibration bins' ``hits`` (calls that came true) to ``n_true``.
"""

JSON = dict[str, Any]

# C0 controls: json.dumps escapes them in strings, and its indentation uses "\n".
# A large report holds none or few of them: one regex pass, not a per-character translation.
_ESCAPED = any_of(code for code in CONTROL_CODES if code >= 0x7F)


def _escaped(text: str) -> str:
    """``text`` with each of those characters written as its ``\\u`` escape."""
    return _ESCAPED.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _num(x: float | None) -> float | str | None:
    """A number as JSON: ``null`` when missing or NaN, ``"Infinity"`` / ``"-Infinity"``."""
    if x is None or math.isnan(x):
        return None
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return float(x)


def _pair(pair: tuple[float, float] | None) -> list[float | str | None] | None:
    return None if pair is None else [_num(pair[0]), _num(pair[1])]


def _day(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _window(window: DateWindow | None) -> str | None:
    return None if window is None else str(window)


def _reading(r: PredictionResult) -> JSON:
    """A call's place in its chain of restated readings, and its weight there."""
    return {"weight": _num(r.weight), "revises": r.revises, "chain": r.chain}


def _prediction(r: PredictionResult) -> JSON:
    return {
        "id": r.id,
        "source": r.source,
        "source_name": r.source_name,
        "quote": r.quote,
        "stated": _window(r.stated),
        "document": r.document,
        "topic": r.topic,
        "proposition": r.proposition_text,
        "wording": r.wording,
        "stated_probability": _num(r.stated_probability),
        "polarity": r.polarity,
        "interval": _pair(r.interval),
        "probability": _num(r.probability),
        "mapping": r.mapping,
        "mapping_rules": list(r.mapping_rules),
        "status": str(r.status),
        "resolved": None if r.resolved is None else str(r.resolved),
        "verdict": str(r.verdict),
        "outcome": r.outcome,
        "brier": _num(r.brier),
        "log_score": _num(r.log_score),
        "log_score_infinite": r.log_score is not None and math.isinf(r.log_score),
        "decided_on": _day(r.decided_on),
        "deadline": _day(r.deadline),
        "lead_days": r.lead_days,
        "open_ended": r.open_ended,
        "error_days": _num(r.error_days),
        "value_error": _num(r.value_error),
        "question": r.question,
        **_reading(r),
        "reason": r.reason,
        "timing": None if r.timing is None else str(r.timing),
        "timing_note": r.timing_note,
        "notes": r.notes,
        "tags": list(r.tags),
        "paraphrase": r.paraphrase,
        "notes_flagged": r.notes_flagged,
        "judged": r.judged,
        "decided_by_completeness": r.by_completeness,
        "numeric": _fields(r.numeric),
        "evidence": [
            {
                "event": e.event,
                "date": _window(e.date),
                "summary": e.summary,
                "links": [
                    {
                        "outlet": link.outlet,
                        "url": link.url,
                        "href": link_target(link.url),
                        "title": link.title,
                        "published": _window(link.published),
                        "document": link.document,
                    }
                    for link in e.links
                ],
                "occurred": e.occurred,
                "judged_by": e.judged_by,
                "reason": e.reason,
            }
            for e in r.evidence
        ],
    }


def _recorder(evaluation: Evaluation) -> JSON:
    c = recorder_counts(evaluation)
    return {
        "n_calls": c.n_calls,
        "paraphrase": c.n_paraphrase,
        "judged": c.n_judged,
        "notes_flagged": c.n_notes_flagged,
    }


# Same shape as in report/json.py: one JSON object per result type, a key per field, each key
# documented in docs/report-json.md (intentional).
def _plain(x: object) -> object:
    """One field as JSON: a day as ``YYYY-MM-DD``, a float through :func:`_num`."""
    if isinstance(x, dt.date):
        return x.isoformat()
    if isinstance(x, float):
        return _num(x)
    return x


def _fields(record: NumericScore | NumericSummary | None) -> JSON | None:
    """A point forecast's score, or a source's summary of them, field by field (``None``: null)."""
    if record is None:
        return None
    return {f.name: _plain(getattr(record, f.name)) for f in attrs.fields(type(record))}


def _calibration(table: ReliabilityTable | None) -> JSON | None:
    if table is None:
        return None
    return {
        "n": table.n,
        "band": list(table.band),
        "bins": [
            {
                "lower": b.lower,
                "upper": b.upper,
                "n": b.n,
                "n_true": b.hits,
                "mean_forecast": _num(b.mean_forecast),
                "observed": _num(b.observed),
                "band_low": _num(b.band_low),
                "band_high": _num(b.band_high),
            }
            for b in table.bins
        ],
    }


def _card(card: Scorecard) -> JSON:
    return {
        "source": card.source,
        "source_name": card.source_name,
        "kind": card.kind,
        "n_predictions": card.n_predictions,
        "n_scorable": card.n_scorable,
        "n_resolved": card.n_resolved,
        "n_pending": card.n_pending,
        "n_ambiguous": card.n_ambiguous,
        "n_annulled": card.n_annulled,
        "n_unscorable": card.n_unscorable,
        "n_after_the_fact": card.n_after_the_fact,
        "n_timing_uncertain": card.n_timing_uncertain,
        "n_hits": card.n_hits,
        "n_misses": card.n_misses,
        "n_even": card.n_even,
        "n_questions": card.n_questions,
        "brier": _num(card.brier),
        "brier_interval": _pair(card.brier_interval),
        "log_score": _num(card.log_score),
        "log_score_interval": _pair(card.log_score_interval),
        "n_infinite": card.n_infinite,
        "hit_rate": _num(card.hit_rate),
        "calibration": _calibration(card.calibration),
        "relative_skill": _num(card.relative_skill),
        "relative_skill_note": card.skill_note,
        "comparisons": [
            {
                "other": c.other,
                "n_shared": c.n_shared,
                "ratio": _num(c.ratio),
                "p_value": _num(c.p_value),
            }
            for c in card.comparisons
        ],
        "sensitivity_brier": _pair(card.sensitivity_brier),
        "sensitivity_log": _pair(card.sensitivity_log),
        "ranked": card.ranked,
        "rank": card.rank,
        "rank_interval": _pair(card.rank_interval),
        "ranking": card.ranking,
        "value_forecasts": _fields(card.value_forecasts),
        "date_forecasts": _fields(card.date_forecasts),
    }


# Same shape as in report/json.py: one JSON object per result type, a key per field, each key
# documented in docs/report-json.md (intentional).
def _sensitivity(sens: Sensitivity) -> JSON:
    ranking: Sequence[str] = sens.ranking()
    return {
        "scales": list(sens.scales),
        "point_rules": list(sens.point_rules),
        "reference": list(sens.reference),
        "ranking": list(ranking),
        "robust_steps": [
            {"better": a, "worse": b, "robust": sens.robust(a, b), "tied": sens.tied(a, b)}
            for a, b in itertools.pairwise(ranking)
        ],
        "sources": [
            {
                "source": s.source,
                "n": s.n,
                "unscorable": s.unscorable,
                "unmapped": s.unmapped,
                "unresolved": s.unresolved,
                "brier": _pair(s.brier),
                "log": _pair(s.log),
                **_sensitivity_reach(sens, s.source),
            }
            for s in sens.sources
        ],
        "read_elsewhere": list(sens.read_elsewhere()),
    }


def _sensitivity_reach(sens: Sensitivity, source: str) -> JSON:
    """A source's name, what each scale reads of it, and the table's note (additive keys)."""
    s = next(x for x in sens.sources if x.source == source)
    (b0, b1), (l0, l1) = sens.spans(source)
    return {
        "name": sens.label(source),
        "read": dict(zip(sens.scales, s.read, strict=True)),
        "partly": s.partly,
        "shown_brier": _pair((b0, b1)),
        "shown_log": _pair((l0, l1)),
        "note": sens.note(source),
    }


def _crowd(c: CrowdComparison) -> JSON:
    """A comparison field by field (``docs/report-json.md``), numbers written by :func:`_num`."""
    return attrs.asdict(c, value_serializer=lambda _, __, v: _num(v) if isinstance(v, float) else v)


def _gate(g: GateResult) -> JSON:
    return {
        "name": g.name,
        "ledger": g.ledger,
        "threshold": g.threshold,
        "status": str(g.status),
        "passed": g.passed,
        "n_checked": g.n_checked,
        "n_total": g.n_total,
        "min_source_resolved": g.min_source_resolved,
        "value": _num(g.value),
        "failing": [
            {
                "source": f.source,
                "source_name": f.source_name,
                "brier": _num(f.brier),
                "n_resolved": f.n_resolved,
            }
            for f in g.failing
        ],
        "line": g.line,
    }


def to_dict(
    evaluation: Evaluation, gates: Sequence[GateResult] = (), ledger: Ledger | None = None
) -> JSON:
    """The evaluation as plain JSON-ready data (what :func:`render_json` writes).

    Args:
        evaluation: what :func:`forecastcheck.evaluate` returned.
        gates: what :func:`forecastcheck.gates.check_gates` returned for it, if anything.
        ledger: the ledger evaluated, for the sources' ``metadata`` and the
            ``documents`` (``null`` without it).

    Returns:
        A dict of str, numbers, booleans, ``None``, lists and dicts only.
    """
    cards = [evaluation.overall, *evaluation.sources]  # format 2's keys: one pass (_json_extras)
    more = _json_extras.cards_extras(evaluation, [c.source for c in cards], ledger)
    return {
        "format_version": FORMAT_VERSION,
        "generator": f"forecastcheck {_version.VERSION}",
        "as_of": evaluation.as_of.isoformat(),
        "scale": evaluation.scale,
        "point_rule": evaluation.point_rule,
        "restated": evaluation.restated,
        "min_resolved": evaluation.min_resolved,
        "n_bootstrap": evaluation.n_bootstrap,
        "interval_level": LEVEL,
        "seed": evaluation.seed,
        "overall": {**_card(evaluation.overall), **more[evaluation.overall.source]},
        "sources": [{**_card(c), **more[c.source]} for c in evaluation.sources],
        "documents": _json_extras.documents(ledger),
        "predictions": [_prediction(r) for r in evaluation.predictions],
        "recorder": _recorder(evaluation),
        "sensitivity": _sensitivity(evaluation.sensitivity),
        "crowd_comparison": [_crowd(c) for c in evaluation.crowd_comparison],
        "deadline_sensitivity": _deadlines.tree(evaluation.deadline_sensitivity),
        "gates": [_gate(g) for g in gates],
        "n_drafts": evaluation.n_drafts,
    }


def render_json(
    evaluation: Evaluation,
    *,
    indent: int | None = 2,
    gates: Sequence[GateResult] = (),
    ledger: Ledger | None = None,
) -> str:
    """The evaluation as JSON text (see ``docs/report-json.md``).

    Args:
        evaluation: what :func:`forecastcheck.evaluate` returned.
        indent: indentation, ``None`` for one line.
        gates: gate results to include (``"gates"``), from :func:`forecastcheck.gates.check_gates`.
        ledger: the ledger evaluated, for the sources' ``metadata`` and the ``documents``.

    Returns:
        Valid JSON (no bare ``Infinity`` or ``NaN``), ending with a newline.
    """
    # Millions of dicts and lists at 10^5 calls, in no cycle: the collector's passes over them
    # (and the whole evaluation) would find nothing, so it is off while they are made.
    with _collector.paused():
        data = to_dict(evaluation, gates, ledger)
        if indent is None:
            text = json.dumps(data, ensure_ascii=False, allow_nan=False)
        else:  # json.dumps's text, most of it written by its C encoder (_json_text)
            text = _json_text.dumps(data, indent)
        del data
    return _escaped(text) + "\n"  # only ever inside strings: JSON's own syntax is ASCII
