"""A draft ledger from one text: a document, a source per person, a draft prediction per call.

:func:`extract` is the library's entry point; ``forecastcheck extract`` calls
it once per file. Each draft prediction keeps the quote verbatim, the
speaker, the stated date, the confidence wording as written and ``draft =
true`` with a ``why`` note of the cues that fired; it has no proposition
until a person writes one. The draft is a ledger in every other way, so
``forecastcheck check`` reads it (and lists the drafts still to confirm).
"""

from __future__ import annotations

import datetime as dt

import attrs

from forecastcheck.extraction import cleaning, speakers
from forecastcheck.extraction.candidates import Candidate, find_candidates
from forecastcheck.ledger import (
    Confidence,
    DateWindow,
    Document,
    Ledger,
    Prediction,
    Source,
    as_window,
    dumps,
)

__all__ = ["DEFAULT_MIN_SCORE", "UNATTRIBUTED", "Draft", "extract", "merge"]

DEFAULT_MIN_SCORE = 1.5
"""Candidates scoring below this are left out unless ``min_score`` says otherwise."""

UNATTRIBUTED = Source(
    id="unattributed",
    name="Unattributed",
    notes="Statements the text gives to no one named (the outlet's own voice).",
)
"""The source of statements the text attributes to no one."""


@attrs.frozen
class Draft:
    """What extraction proposes for one or more texts: a ledger to confirm, and its candidates.

    Args:
        documents: one per text.
        sources: one per person named as a speaker (and :data:`UNATTRIBUTED` if needed).
        predictions: one draft prediction per candidate kept, best score first per document.
        candidates: the candidates kept, in the order of ``predictions``.
        left_out: how many candidates scored below the minimum.
    """

    documents: tuple[Document, ...]
    sources: tuple[Source, ...]
    predictions: tuple[Prediction, ...]
    candidates: tuple[Candidate, ...]
    left_out: int = 0

    @property
    def ledger(self) -> Ledger:
        """The draft as a ledger (checked: it reads back as it was written)."""
        return Ledger(sources=self.sources, documents=self.documents, predictions=self.predictions)

    def to_toml(self) -> str:
        """The draft ledger as TOML text."""
        return dumps(self.ledger, "toml")


def _date(value: dt.date | DateWindow | str | None) -> DateWindow | None:
    if value is None or isinstance(value, DateWindow):
        return value
    if isinstance(value, str):
        return DateWindow.parse(value)
    return as_window(value)


def _source(person: speakers.Person) -> Source:
    return Source(
        id=speakers.slug(person.name),
        name=person.name,
        role=person.role,
        affiliation=person.affiliation,
    )


def _why(candidate: Candidate) -> str:
    score = f"score {candidate.score:g}"
    stated = f"stated from {candidate.stated_from}"
    return "; ".join((score, *candidate.why, stated))


def extract(
    text: str,
    date: dt.date | DateWindow | str | None = None,
    *,
    outlet: str | None = None,
    url: str | None = None,
    title: str | None = None,
    document_id: str | None = None,
    min_score: float = DEFAULT_MIN_SCORE,
    html: bool | None = None,
) -> Draft:
    """Find the calls in a text, with who made them, as a draft ledger.

    Args:
        text: the article: plain text, or an HTML page (``html=None`` tells them apart).
        date: the publication date; ``None`` takes the one the page or text gives.
        outlet: who published it ("" when unknown: the document says so).
        url: where it can be read.
        title: its title; ``None`` takes the first heading.
        document_id: the document's id; ``None`` makes one from the title.
        min_score: candidates scoring below this are left out (``0`` keeps all).
        html: read ``text`` as HTML (``True``), as plain text (``False``) or by its look.

    Returns:
        The :class:`Draft`.

    Raises:
        ExtraMissingError: a library of the ``extract`` extra is not installed.
        ValueError: ``date`` is a string that is not a date.

    .. versionadded:: 0.3
    """
    is_html = cleaning.looks_like_html(text) if html is None else html
    article = cleaning.from_html(text) if is_html else cleaning.from_text(text)
    published = _date(date) or article.published
    shown_title = title or article.title or "untitled"
    doc_id = document_id or speakers.slug(shown_title)[:48].strip("-")
    notes = [] if published is not None else ["The text gives no date: set `published`."]
    document = Document(
        id=doc_id,
        outlet=outlet or "unknown outlet",
        title=shown_title,
        url=url,
        author=article.author.name if article.author else None,
        published=published,
        notes=" ".join(notes),
    )
    found = find_candidates(article, published)
    kept = sorted((c for c in found if c.score >= min_score), key=lambda c: -c.score)
    sources: dict[str, Source] = {}
    predictions = []
    for n, candidate in enumerate(kept, start=1):
        source = UNATTRIBUTED if candidate.speaker is None else _source(candidate.speaker)
        sources.setdefault(source.id, source)
        stated = candidate.stated
        note = ""
        if stated is None:
            stated = DateWindow(dt.date(1, 1, 1), dt.date.today())
            note = "The text gives no date: `stated` is only known to be before extraction."
        confidence = Confidence(phrase=candidate.wording) if candidate.wording else None
        said = Prediction(
            id=f"{doc_id}-{n:02d}",
            source=source.id,
            quote=candidate.quote,
            stated=stated,
            draft=True,
        )
        why = _why(candidate)
        predictions.append(
            attrs.evolve(said, document=doc_id, confidence=confidence, notes=note, why=why)
        )
    return Draft(
        (document,),
        tuple(sources.values()),
        tuple(predictions),
        tuple(kept),
        len(found) - len(kept),
    )


def merge(drafts: list[Draft]) -> Draft:
    """Several drafts as one: documents and predictions in order, each source once."""
    sources: dict[str, Source] = {}
    for draft in drafts:
        for source in draft.sources:
            sources.setdefault(source.id, source)
    return Draft(
        tuple(d for draft in drafts for d in draft.documents),
        tuple(sources.values()),
        tuple(p for draft in drafts for p in draft.predictions),
        tuple(c for draft in drafts for c in draft.candidates),
        sum(draft.left_out for draft in drafts),
    )
