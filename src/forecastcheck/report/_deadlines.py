"""The deadline sensitivity as report sections: text lines, JSON, and an HTML section.

What :class:`~forecastcheck.evaluation.DeadlineSensitivity` holds, shown the
same way in every format: how many calls have a deadline with two readings,
each call whose verdict flips between the shortest and the longest reading,
each source's mean Brier score and rank both ways, and whether the ranking
changes. The text and Markdown reports show :func:`lines`; the HTML page
shows the same as two tables (:func:`html_section`: calls and sources by name,
every empty cell saying why); the JSON report's ``deadline_sensitivity`` key is
:func:`tree` (see ``docs/report-json.md``).
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from forecastcheck._terminal import printable
from forecastcheck.evaluation import (
    CallStatus,
    DeadlineSensitivity,
    PredictionResult,
    SourceDeadlines,
)
from forecastcheck.report import _html_words
from forecastcheck.report._format import fmt_score

__all__ = ["TITLE", "html_section", "lines", "markdown", "tree"]

TITLE = "Deadline sensitivity"
_NOTE = "verdicts under each deadline's shortest and longest reading (the longest is the default)"


def _rank(rank: int | None) -> str:
    return "unranked" if rank is None else str(rank)


def _score(score: float | None) -> str:
    return "no scored call" if score is None else fmt_score(score)


def _row(s: SourceDeadlines) -> str:
    return (
        f"  {s.name}: {s.n_two_readings} with two readings, {s.n_flipped} flipped; "
        f"Brier {_score(s.brier_shortest)} (shortest) / {_score(s.brier_longest)} (longest); "
        f"rank {_rank(s.rank_shortest)} / {_rank(s.rank_longest)}"
    )


def lines(ds: DeadlineSensitivity) -> list[str]:
    """The section as plain lines, its title first (text as written: escape it for a terminal)."""
    out = [f"{TITLE}: {_NOTE}"]
    if not ds.n_two_readings:
        return [*out, "  No call has a deadline with two readings: no verdict can flip."]
    out.append(
        f"  {ds.n_two_readings} calls have a deadline with two readings; "
        f"{len(ds.flips)} verdicts flip between them."
    )
    for f in ds.flips:
        phrases = ", ".join(repr(p) for p in f.phrases)
        out.append(
            f"  - {f.prediction} ({f.source_name}) {phrases}: "
            f"shortest {f.shortest or 'not resolved'}, longest {f.longest or 'not resolved'}"
        )
    out += [_row(s) for s in ds.sources]
    out.append(
        "  Ranking: changes between the readings."
        if ds.ranking_changes
        else "  Ranking: the same under both readings."
    )
    return out


def markdown(ds: DeadlineSensitivity) -> list[str]:
    """The section as Markdown lines: a heading and the lines in a code block."""
    return [f"## {TITLE}", "", "```text", *map(printable, lines(ds)), "```"]


_OUTCOME = {
    CallStatus.YES: "came true",
    CallStatus.NO: "did not come true",
    CallStatus.PENDING: "not decided yet",
    CallStatus.AMBIGUOUS: "unclear: not scored",
    CallStatus.ANNULLED: "fell away: not scored",
}


def _td(label: str, value: str, cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return f'<td{attr} data-label="{escape(label)}">{value}</td>'


def _outcome(status: CallStatus | None) -> str:
    if status is None:
        return "not resolved under this reading"
    return escape(_OUTCOME.get(status, str(status).replace("_", " ").lower()))


def _flip_rows(ds: DeadlineSensitivity, calls: Mapping[str, PredictionResult]) -> str:
    from forecastcheck.report import _html_calls  # noqa: PLC0415 - the HTML page's alone

    rows = []
    for f in ds.flips:
        call = calls.get(f.prediction)
        said = "" if call is None else f", {_html_words.plain_date(call.stated)}"
        href = _html_calls.anchor("call", f.prediction)
        who = f'<a href="#{href}">{escape(f.source_name)}{said}</a>'
        rows.append(
            f'<tr><td class="name">{who}</td>'
            + _td("Deadline", escape(", ".join(f"“{p}”" for p in f.phrases)))
            + _td("Shortest reading", _outcome(f.shortest))
            + _td("Longest reading (used)", _outcome(f.longest))
            + "</tr>"
        )
    return "".join(rows)


def _html_rank(rank: int | None) -> str:
    return "not ranked: too few resolved calls" if rank is None else f"{rank}"


def _source_rows(ds: DeadlineSensitivity) -> str:
    return "".join(
        f'<tr><td class="name">{escape(s.name)}</td>'
        + _td("Calls with two readings", str(s.n_two_readings), "num")
        + _td("Verdicts that flip", str(s.n_flipped), "num")
        + _td("Brier, shortest", escape(_score(s.brier_shortest)), "num")
        + _td("Brier, longest", escape(_score(s.brier_longest)), "num")
        + _td("Rank, shortest", escape(_html_rank(s.rank_shortest)), "num")
        + _td("Rank, longest", escape(_html_rank(s.rank_longest)), "num")
        + "</tr>"
        for s in ds.sources
    )


def html_section(ds: DeadlineSensitivity, calls: Mapping[str, PredictionResult]) -> str:
    """The section for the HTML page: the flipped calls and the sources as tables, by name.

    Args:
        ds: the deadline sensitivity.
        calls: the evaluation's results by prediction id, to name and link each flipped call.
    """
    head = (
        '<section id="deadline-sensitivity">'
        "<h2>Does the reading of a deadline matter?</h2>\n"
        "<p>A vague deadline (“within weeks”) or a choice of two (“by late January / early "
        "February”) can be read short or long. The page uses the longest reading; here is what "
        "changes under the shortest.</p>\n"
    )
    if not ds.n_two_readings:
        return (
            f"{head}<p>No call has a deadline with two readings: no verdict can flip.</p></section>"
        )
    n, k = ds.n_two_readings, len(ds.flips)
    summary = (
        f"<p>{n} call{'s' if n != 1 else ''} {'have' if n != 1 else 'has'} a deadline with two "
        f"readings; {k} verdict{'s' if k != 1 else ''} {'flip' if k != 1 else 'flips'} "
        "between them.</p>\n"
    )
    flips = ""
    if ds.flips:
        flips = (
            '<h3>Calls whose verdict flips</h3><div class="scroll">'
            '<table class="deadline-flips cards"><thead><tr><th>Call</th><th>Deadline</th>'
            "<th>Shortest reading</th><th>Longest reading (used)</th></tr></thead>"
            f"<tbody>{_flip_rows(ds, calls)}</tbody></table></div>\n"
        )
    sources = (
        '<h3>Each source both ways</h3><div class="scroll">'
        '<table class="deadline-sources cards"><thead><tr><th>Source</th>'
        '<th class="num">Calls with two readings</th><th class="num">Verdicts that flip</th>'
        '<th class="num">Brier, shortest</th><th class="num">Brier, longest</th>'
        '<th class="num">Rank, shortest</th><th class="num">Rank, longest</th></tr></thead>'
        f"<tbody>{_source_rows(ds)}</tbody></table></div>\n"
    )
    ranking = (
        "The ranking changes between the two readings."
        if ds.ranking_changes
        else "The ranking is the same under both readings."
    )
    return f"{head}{summary}{flips}{sources}<p>{ranking}</p></section>"


def tree(ds: DeadlineSensitivity) -> dict[str, object]:
    """The section as JSON-ready data (the report's ``deadline_sensitivity`` key)."""
    return {
        "default_reading": "longest",
        "n_two_readings": ds.n_two_readings,
        "ranking_changes": ds.ranking_changes,
        "flips": [
            {
                "prediction": f.prediction,
                "source": f.source,
                "source_name": f.source_name,
                "phrases": list(f.phrases),
                "shortest": None if f.shortest is None else str(f.shortest),
                "longest": None if f.longest is None else str(f.longest),
            }
            for f in ds.flips
        ],
        "sources": [
            {
                "source": s.source,
                "name": s.name,
                "n_two_readings": s.n_two_readings,
                "n_flipped": s.n_flipped,
                "brier_shortest": s.brier_shortest,
                "brier_longest": s.brier_longest,
                "rank_shortest": s.rank_shortest,
                "rank_longest": s.rank_longest,
            }
            for s in ds.sources
        ],
    }
