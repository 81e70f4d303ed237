"""Formatting shared by the renderers: numbers, probabilities, quotes, links, the board order."""

from __future__ import annotations

import functools
import math
import unicodedata
from collections.abc import Callable, Sequence
from urllib.parse import quote, urlsplit

from forecastcheck.evaluation import (
    APART_KINDS,
    CallStatus,
    Evaluation,
    PredictionResult,
    Scorecard,
    Verdict,
)

__all__ = [
    "BRIER_GUIDE",
    "VERDICT_WORDS",
    "Layout",
    "after_the_fact",
    "board_order",
    "calls_by_source",
    "counts_line",
    "cut_line",
    "fmt_interval",
    "fmt_percent",
    "fmt_score",
    "hits_text",
    "link_target",
    "probability_text",
    "scoreboard_order",
    "shorten",
    "table",
    "unlinked",
]

BRIER_GUIDE = (
    "Brier score: 0 is perfect, 0.25 is what always saying 50-50 earns, 1 is certain and wrong "
    "(lower is better)."
)

VERDICT_WORDS: dict[Verdict | CallStatus, str] = {
    Verdict.HIT: "hit: the call leaned the way things went",
    Verdict.MISS: "miss: the call leaned the other way",
    Verdict.EVEN: "even: a 50-50 call, on neither side",
    Verdict.NUMERIC: "numeric: a point forecast of a value or date, scored by its error",
    Verdict.PENDING: "pending: not decided yet",
    Verdict.AMBIGUOUS: "ambiguous: the record is unclear, not scored",
    Verdict.ANNULLED: "annulled: the question fell away, not scored",
    Verdict.UNSCORABLE: "unscorable: recorded, not scored",
    Verdict.AFTER_THE_FACT: "after the fact: stated once the outcome was known, not scored",
}


_LINKED_SCHEMES = frozenset({"http", "https"})
_NEVER_IN_LINKS = frozenset(" \"'<>\\`")
_URL_CHARACTERS = "!#$%&'()*+,-./:;=?@[]_~"  # RFC 3986 reserved and unreserved, and ``%``


@functools.lru_cache(maxsize=4096)  # a report links the same documents from many calls
def link_target(url: str | None) -> str | None:
    """The address a report links for ``url``, or ``None`` when it shows ``url`` as text only.

    The one rule of every renderer: only an absolute ``http://`` or
    ``https://`` address with a host is linked, and only when it has no
    whitespace, quote, angle bracket, backslash, backtick or control
    character. Anything else — ``javascript:``, ``data:``, ``vbscript:``,
    ``file:``, ``//host``, a relative path — is shown as plain text. A linked
    address is percent-encoded (non-ASCII letters, ``|``, ``{`` …) so that it
    cannot leave a Markdown link or table cell.
    """
    if not url or _unlinkable(url):
        return None
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:  # an unclosed IPv6 bracket, a bad port
        return None
    if parts.scheme.lower() not in _LINKED_SCHEMES or not host:
        return None
    return quote(url, safe=_URL_CHARACTERS)


def _unlinkable(url: str) -> bool:
    """Whether ``url`` holds a character never linked: one of those, or a control or space.

    For ASCII (nearly every address) the controls and spaces (categories C
    and Z) are exactly what ``str.isprintable`` refuses, and the space:
    two scans in C instead of a category look-up per character.
    """
    if url.isascii():
        return not url.isprintable() or not _NEVER_IN_LINKS.isdisjoint(url)
    return any(ch in _NEVER_IN_LINKS or unicodedata.category(ch)[0] in "CZ" for ch in url)


def unlinked(label: str, url: str) -> str:
    """How a report shows an address it does not link: the label, then the address as text."""
    return f"{label} (not linked: {url})"


def fmt_score(x: float | None, digits: int = 3) -> str:
    """A score for people: ``—`` when missing, ``∞`` when infinite."""
    if x is None or math.isnan(x):
        return "—"
    if math.isinf(x):
        return "∞" if x > 0 else "-∞"
    return f"{x:.{digits}f}"


def fmt_interval(pair: tuple[float, float] | None, digits: int = 3) -> str:
    """``[lo, hi]``, or an empty string when there is no interval."""
    if pair is None:
        return ""
    return f"[{fmt_score(pair[0], digits)}, {fmt_score(pair[1], digits)}]"


def fmt_percent(p: float | None) -> str:
    """A probability as a percentage with at most one decimal (``12.5%``)."""
    if p is None or math.isnan(p):
        return "—"
    return _percent(p) if p else _percent_text(p)  # not cached: -0.0 == 0.0 but prints "-0%"


def _percent_text(p: float) -> str:
    text = f"{100 * p:.1f}".rstrip("0").rstrip(".")
    return f"{text}%"


_percent = functools.lru_cache(maxsize=4096)(_percent_text)
""":func:`_percent_text`, each value formatted once: a report shows a scale's few points often."""


def probability_text(result: PredictionResult) -> str:
    """``seems highly unlikely → 12.5% (5%–20%)``: the wording and what it was read as."""
    p, stated, interval = result.probability, result.stated_probability, result.interval
    args = (result.wording, stated, result.polarity, p, interval)
    # remembered only without a zero (-0.0 == 0.0, but one prints "-0%") and with a hashable pair
    if p and stated != 0 and (interval is None or (type(interval) is tuple and all(interval))):
        return _remembered_probability(*args)
    return _probability_text(*args)


def _probability_text(
    wording: str | None,
    stated: float | None,
    polarity: str,
    p: float | None,
    interval: tuple[float, float] | None,
) -> str:
    """:func:`probability_text` of a call with these fields."""
    said = []
    if wording:
        said.append(f"“{wording}”")
    if stated is not None:
        said.append(fmt_percent(stated))
    if not said:
        return "no likelihood stated → not scored"
    left = " / ".join(said)
    if polarity == "against":
        left += " (said of the opposite)"
    if p is None:
        return f"{left} → not scorable"
    right = fmt_percent(p)
    if interval is not None and interval[0] != interval[1]:
        right += f" ({fmt_percent(interval[0])}–{fmt_percent(interval[1])})"
    return f"{left} → {right}"


_remembered_probability = functools.lru_cache(maxsize=4096)(_probability_text)
""":func:`_probability_text`, each call's fields formatted once: a scale's few phrases recur."""


def shorten(text: str, width: int = 110) -> str:
    """One line of at most ``width`` characters, cut at a word with ``…``."""
    return cut_line(" ".join(text.split()), width)


def cut_line(line: str, width: int) -> str:
    """:func:`shorten` of a ``line`` already on one line, its words between single spaces."""
    if len(line) <= width:
        return line
    cut = line[: width - 1].rsplit(" ", 1)[0].rstrip(",;:.")
    return cut + "…"


def hits_text(card: Scorecard) -> str:
    """``3 of 4`` hits among the resolved calls, or ``—``."""
    if not card.n_resolved:
        return "—"
    return f"{card.n_hits} of {card.n_resolved}"


def counts_line(card: Scorecard) -> str:
    """The counts of a scorecard in words."""
    parts = [f"{card.n_predictions} call{'s' if card.n_predictions != 1 else ''}"]
    for n, word in (
        (card.n_resolved, "resolved"),
        (card.n_pending, "pending"),
        (card.n_ambiguous, "ambiguous"),
        (card.n_annulled, "annulled"),
        (card.n_unscorable - card.n_after_the_fact, "unscorable"),
        (card.n_after_the_fact, "after the fact"),
        (card.n_timing_uncertain, "maybe after the fact"),
        (card.value_forecasts.n_total + card.date_forecasts.n_total, "point forecast"),
    ):
        if n:
            parts.append(f"{n} {word}{'s' if word == 'point forecast' and n != 1 else ''}")
    return ", ".join(parts)


def after_the_fact(evaluation: Evaluation) -> list[PredictionResult]:
    """The calls stated after the fact, then those that may have been, in ledger order."""
    return sorted(
        (r for r in evaluation.predictions if r.timing is not None),
        key=lambda r: r.status is not CallStatus.AFTER_THE_FACT,
    )


def scoreboard_order(evaluation: Evaluation) -> list[Scorecard]:
    """Ranked sources by rank, then the unranked by mean Brier (best first), unscored last.

    People and institutions come first, then community, market and model
    sources, each group in that order (they are ranked apart); within a group
    the order is :func:`board_order`'s.
    """

    def key(card: Scorecard) -> tuple[bool, tuple[int, float, float, str]]:
        return (card.kind in APART_KINDS, _board_key(card))

    return sorted(evaluation.sources, key=key)


def board_order(evaluation: Evaluation) -> list[Scorecard]:
    """Ranked sources by rank; then the unranked by mean Brier (best first), unscored last."""

    return sorted(evaluation.sources, key=_board_key)


def _board_key(card: Scorecard) -> tuple[int, float, float, str]:
    """Ranked first, by rank; the unranked by mean Brier, then most resolved first."""
    brier = card.brier if card.brier is not None else math.inf
    if card.ranked and card.rank is not None:
        return (0, card.rank, brier, card.source_name)
    return (1, brier, -card.n_resolved, card.source_name)


def calls_by_source(evaluation: Evaluation) -> dict[str, list[PredictionResult]]:
    """Each source's results, in ledger order."""
    out: dict[str, list[PredictionResult]] = {s.source: [] for s in evaluation.sources}
    for result in evaluation.predictions:
        out.setdefault(result.source, []).append(result)
    return out


Layout = Callable[[Sequence[Sequence[str]], Sequence[bool]], list[str]]
"""How a text table is laid out: its rows (the header first) and its right-aligned columns."""


def table(rows: Sequence[Sequence[str]], right: Sequence[bool]) -> list[str]:
    """Plain-text columns: a header, a rule, the rows; ``right`` aligns numeric columns."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]

    def line(row: Sequence[str]) -> str:
        cells = (
            c.rjust(w) if r else c.ljust(w) for c, w, r in zip(row, widths, right, strict=True)
        )
        return "  ".join(cells).rstrip()

    return [line(rows[0]), line(["-" * w for w in widths]), *(line(r) for r in rows[1:])]
