"""The HTML page's records: each call as a card, each source as a section, events, documents.

A call card says in plain words what was said and what happened, then the
quote, the wording and how it was read, the scores, the document quoting it
(linked to its entry on the page, and to its address when it has an http(s)
one) and every report behind the events that decided it; the resolver's own
line sits behind a "how this was read" disclosure. A source's section is a
``<details>`` element, closed by default, whose summary line gives its
record; inside, its calls are in date order, the unscorable ones grouped
apart. Every event of the log and every document has an entry with an
anchor, so calls and the timeline link to them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from html import escape

from forecastcheck.evaluation import CallStatus, Evaluation, PredictionResult, Scorecard, Verdict
from forecastcheck.ledger import Citation, Document, Event, Ledger, walk
from forecastcheck.report import _format, _html_words, _numeric, _recorded, _restated

__all__ = [
    "OPEN_LIMIT",
    "anchor",
    "badge",
    "documents_section",
    "events_section",
    "link",
    "source_sections",
]

OPEN_LIMIT = 30
"""Lists longer than this (events, documents) start closed; a link into one opens it."""

_NOT_SCORED = frozenset({CallStatus.UNSCORABLE, CallStatus.AFTER_THE_FACT})


_SPECIAL = re.compile("[&<>\"']")
"""What :func:`html.escape` replaces (with ``quote=True``): text without any is kept as it is."""


def _e(text: object) -> str:
    text = str(text)
    return escape(text, quote=True) if _SPECIAL.search(text) else text


def anchor(kind: str, ident: str) -> str:
    """The page id of a call, source, event or document: ``call-<id>`` …"""
    return _e(f"{kind}-{ident}")


def link(url: str | None, label: str) -> str:
    """An outside link under the rule of every renderer; any other address is shown as text."""
    href = _format.link_target(url)
    if href is not None:
        return f'<a href="{_e(href)}" rel="noopener noreferrer">{_e(label)}</a>'
    return _e(_format.unlinked(label, url) if url else label)


def badge(verdict: Verdict | CallStatus) -> str:
    """The verdict as a coloured badge, its meaning in the tooltip."""
    words = _format.VERDICT_WORDS[verdict]
    return (
        f'<span class="badge v-{_e(verdict)}" title="{_e(words)}">'
        f"{_e(str(verdict).replace('_', ' '))}</span>"
    )


def _document_ref(documents: dict[str, Document], ident: str) -> str:
    doc = documents.get(ident)
    if doc is None:
        return _e(ident)
    return f'<a href="#{anchor("document", ident)}">{_e(doc.outlet)}: {_e(doc.title)}</a>'


def _citation(citation: Citation, documents: dict[str, Document]) -> str:
    """One report: linked where it has an http(s) address, its outlet (or document) otherwise."""
    label = citation.outlet or citation.title or ""
    if citation.outlet and citation.title:
        label = f"{citation.outlet}: {citation.title}"
    parts = []
    if label:
        parts.append(link(citation.url, label))
    elif citation.url and citation.document is None:
        parts.append(link(citation.url, citation.url))
    if citation.document is not None:
        parts.append(_document_ref(documents, citation.document))
    if citation.published is not None:
        parts.append(f"({_e(_html_words.plain_date(citation.published))})")
    return " ".join(parts) or "a report"


def _reports(event: Event, documents: dict[str, Document]) -> str:
    if not event.evidence:
        return '<span class="muted">no report cited</span>'
    return "; ".join(_citation(c, documents) for c in event.evidence)


class _Log:
    """The ledger's events indexed once for every card: by id, and by subject and state."""

    def __init__(self, ledger: Ledger) -> None:
        self.events = ledger.events
        self.by_id = {e.id: e for e in self.events}
        self.on: dict[str, list[int]] = {}  # a subject or state: its events' places in the log
        for i, e in enumerate(self.events):
            for key in dict.fromkeys((e.subject, *e.starts, *e.ends)):
                self.on.setdefault(key, []).append(i)


def _related(ledger: Ledger, result: PredictionResult, log: _Log) -> list[Event]:
    """The log's events on the subjects (or states) of the call's proposition, in log order."""
    proposition = ledger.prediction(result.id).proposition
    if proposition is None:
        return []
    keys: set[str] = set()
    for part in walk(proposition):
        for name in ("subject", "state"):
            value = getattr(part, name, None)
            if isinstance(value, str):
                keys.add(value)
    places = sorted({i for key in keys for i in log.on.get(key, ())})
    return [log.events[i] for i in places]


def _evidence(
    result: PredictionResult, ledger: Ledger, documents: dict[str, Document], log: _Log
) -> str:
    by_id = log.by_id
    found = [
        (by_id[e.event], _recorded.evidence_words(e)) for e in result.evidence if e.event in by_id
    ]
    head, lead = "Decided by", ""
    if result.by_completeness:
        lead = f"<li>{_e(_recorded.COMPLETENESS_ONLY)}</li>"
    if not found and result.outcome is not None:
        found = [(e, "") for e in _related(ledger, result, log)]
        head = "Decided by" if lead else "Reports on this question"
    if not found and not lead:
        return ""
    items = "".join(
        f'<li><a href="#{anchor("event", e.id)}">{_e(_html_words.plain_date(e.date))}</a>: '
        f"{_e(e.summary or e.kind)} — {_reports(e, documents)}"
        + (f' <span class="judged">({_e(words)})</span>' if words else "")
        + "</li>"
        for e, words in found
    )
    return f'<dt>{head}</dt><dd><ul class="evidence">{lead}{items}</ul></dd>'


def _quoted_in(result: PredictionResult, documents: dict[str, Document]) -> str:
    if result.document is None:
        return ""
    doc = documents.get(result.document)
    line = _document_ref(documents, result.document)
    if doc is not None:
        if doc.published is not None:
            line += f" ({_e(_html_words.plain_date(doc.published))})"
        if doc.url:
            line += f" · {link(doc.url, 'the article')}"
    return f"<dt>Quoted in</dt><dd>{line}</dd>"


def _pbar(p: float | None) -> str:
    if p is None or math.isnan(p):
        return ""
    return (
        f'<span class="pbar" aria-hidden="true"><span style="width:{100 * p:.1f}%"></span></span>'
    )


def _how_read(result: PredictionResult) -> str:
    rows = [("Resolver", result.reason)]
    if result.mapping:
        rows.append(("Wording", result.mapping))
    if result.resolved is not None and result.resolved != result.status:
        rows.append(("The proposition itself", str(result.resolved)))
    if result.error_days is not None:
        rows.append(("Date error", f"{result.error_days:+g} days (happened minus forecast)"))
    if result.value_error is not None:
        rows.append(("Value error", f"{result.value_error:+g} (realised minus forecast)"))
    if result.deadline is not None:
        rows.append(("Deadline", result.deadline.isoformat()))
    rows.append(("Record", result.id))
    cells = "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in rows)
    return (
        '<details class="how"><summary>How this was read</summary>'
        f'<dl class="facts">{cells}</dl></details>'
    )


def call_card(
    result: PredictionResult,
    evaluation: Evaluation,
    ledger: Ledger,
    documents: dict[str, Document],
    log: _Log,
) -> str:
    """One call: the sentence, the quote, the facts, the evidence, how it was read.

    ``log``: the ledger's events indexed (:class:`_Log`), made once for many cards.
    """
    facts = []
    if result.proposition_text:
        facts.append(f"<dt>Scored as</dt><dd>{_e(result.proposition_text)}</dd>")
    words = _html_words.plain_wording(result) if result.numeric is None else None
    facts.append(
        f"<dt>Words</dt><dd>{_e(words or _numeric.call_wording(result))}"
        f"{_pbar(result.probability)}</dd>"
    )
    if result.deadline is not None:
        facts.append(f"<dt>Deadline</dt><dd>{_e(_html_words.plain_date(result.deadline))}</dd>")
    elif result.open_ended:
        facts.append("<dt>Deadline</dt><dd>none (open-ended)</dd>")
    facts.append(f"<dt>Why</dt><dd>{_e(_html_words.plain_reason(result, evaluation.as_of))}</dd>")
    if result.brier is not None:
        facts.append(
            f"<dt>Scores</dt><dd>Brier {_e(_format.fmt_score(result.brier))} · "
            f"log {_e(_format.fmt_score(result.log_score))}</dd>"
        )
    if (figures := _numeric.call_figures(result)) is not None:
        facts.append(f"<dt>Point forecast</dt><dd>{_e(figures)}</dd>")
    if result.timing_note:
        facts.append(f"<dt>When said</dt><dd>{_e(result.timing_note)}</dd>")
    if (note := _restated.reading_note(result)) is not None:
        facts.append(f"<dt>Restated</dt><dd>{_e(note)}</dd>")
    facts.append(_quoted_in(result, documents))
    facts.append(_evidence(result, ledger, documents, log))
    if bits := _recorded.recorded_bits(result):
        facts.append(f"<dt>Recorded</dt><dd>{_e(' · '.join(bits))}</dd>")
    return (
        f'<div class="call" id="{anchor("call", result.id)}">'
        f'<p class="said">{badge(result.verdict)} '
        f"<time>{_e(_html_words.plain_date(result.stated))}</time></p>"
        f'<p class="sentence">{_e(_html_words.call_sentence(result, evaluation.as_of))}</p>'
        f"<blockquote>{_e(result.quote)}</blockquote>"
        f'<dl class="facts">{"".join(facts)}</dl>{_how_read(result)}</div>'
    )


def _summary_line(card: Scorecard, ledger: Ledger) -> str:
    about = ""
    known = {s.id: s for s in ledger.sources}
    source = known.get(card.source)
    if source is not None:
        about = ", ".join(b for b in (source.role, source.affiliation) if b)
    bits = [_format.counts_line(card)]
    if card.brier is not None:
        bits.append(f"Brier {_format.fmt_score(card.brier)}")
        bits.append(f"{_format.hits_text(card)} hits")
    line = " · ".join(bits)
    return (
        f'<span class="name">{_e(card.source_name)}</span> '
        + (f'<span class="about">{_e(about)}</span> ' if about else "")
        + f'<span class="line">{_e(line)}</span>'
    )


def _group(title: str, results: Sequence[str]) -> str:
    if not results:
        return ""
    return f"<h4>{_e(title)} ({len(results)})</h4>{''.join(results)}"


def source_sections(evaluation: Evaluation, ledger: Ledger, order: Sequence[Scorecard]) -> str:
    """One closed ``<details>`` per source: a summary line, then its calls by date."""
    documents = {d.id: d for d in ledger.documents}
    log = _Log(ledger)
    calls = _format.calls_by_source(evaluation)
    parts = []
    for card in order:
        mine = sorted(calls.get(card.source, []), key=lambda r: (r.stated.start, r.stated.end))
        cards = [(r.status, call_card(r, evaluation, ledger, documents, log)) for r in mine]
        scored = [html for status, html in cards if status not in _NOT_SCORED]
        apart = [html for status, html in cards if status in _NOT_SCORED]
        parts.append(
            f'<details class="source" id="{anchor("source", card.source)}" '
            f'data-name="{_e(card.source_name.lower())}"><summary>{_summary_line(card, ledger)}'
            f"</summary>{_group('Scored or waiting', scored)}{_group('Not scored', apart)}"
            "</details>"
        )
    return "".join(parts)


def _settled(evaluation: Evaluation) -> dict[str, list[PredictionResult]]:
    out: dict[str, list[PredictionResult]] = {}
    for r in evaluation.predictions:
        for e in r.evidence:
            out.setdefault(e.event, []).append(r)
    return out


def events_section(evaluation: Evaluation, ledger: Ledger) -> str:
    """Every event of the log in date order, with every report and the calls it settled."""
    documents = {d.id: d for d in ledger.documents}
    settled = _settled(evaluation)
    items = []
    for event in sorted(ledger.events, key=lambda e: (e.date.start, e.id)):
        label = event.summary or f"{event.kind} of {event.subject}"
        if not event.occurred:
            label = f"reported not to have happened: {label}"
        calls = settled.get(event.id, [])
        decided = ""
        if calls:
            refs = ", ".join(
                f'<a href="#{anchor("call", r.id)}">{_e(r.source_name)} '
                f"({_e(_html_words.plain_date(r.stated))})</a>"
                for r in calls
            )
            decided = f'<p class="small">Settled: {refs}</p>'
        items.append(
            f'<li class="log-event" id="{anchor("event", event.id)}">'
            f"<time>{_e(_html_words.plain_date(event.date))}</time> {_e(label)}"
            f'<p class="small">Reports: {_reports(event, documents)}</p>{decided}</li>'
        )
    if not items:
        return ""
    body = f'<ol class="events">{"".join(items)}</ol>'
    opened = " open" if len(items) <= OPEN_LIMIT else ""
    return (
        '<section id="events"><h2>What happened</h2>'
        f"<details{opened}><summary>All {len(items)} events of the log, with their reports"
        f"</summary>{body}</details></section>"
    )


def documents_section(ledger: Ledger) -> str:
    """Every document the calls were quoted from, each with an anchor the calls link to."""
    items = []
    for doc in ledger.documents:
        bits = [f"<b>{_e(doc.outlet)}</b>: {link(doc.url, doc.title)}"]
        if doc.author:
            bits.append(f"by {_e(doc.author)}")
        if doc.published is not None:
            bits.append(_e(_html_words.plain_date(doc.published)))
        notes = f'<p class="small">{_e(doc.notes)}</p>' if doc.notes else ""
        items.append(f'<li id="{anchor("document", doc.id)}">{", ".join(bits)}{notes}</li>')
    if not items:
        return ""
    opened = " open" if len(items) <= OPEN_LIMIT else ""
    return (
        '<section id="documents"><h2>Where the calls were made</h2>'
        f"<details{opened}><summary>{len(items)} documents</summary>"
        f'<ul class="documents">{"".join(items)}</ul></details></section>'
    )
