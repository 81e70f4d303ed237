"""The deadline sensitivity as report sections: text lines, JSON, and an HTML section.

What :class:`~forecastcheck.evaluation.DeadlineSensitivity` holds, shown the
same way in every format: how many calls have a deadline with two readings,
each call whose verdict flips between the shortest and the longest reading,
each source's mean Brier score and rank both ways, and whether the ranking
changes. The text, Markdown and HTML reports show :func:`lines`; the JSON
report's ``deadline_sensitivity`` key is :func:`tree` (see ``docs/report-json.md``).
"""

from __future__ import annotations

from html import escape

from forecastcheck._terminal import printable
from forecastcheck.evaluation import DeadlineSensitivity, SourceDeadlines
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


def html_section(ds: DeadlineSensitivity) -> str:
    """The section for the HTML page."""
    text = escape("\n".join(lines(ds)[1:]))
    return (
        f'<section id="deadline-sensitivity"><h2>Does the reading of a deadline matter?</h2>\n'
        f"<p>{escape(_NOTE[0].upper() + _NOTE[1:])}.</p>\n<pre>{text}</pre></section>"
    )


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
