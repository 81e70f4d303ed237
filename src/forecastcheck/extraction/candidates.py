"""Candidate statements: each sentence scored, attributed, dated and kept or left out.

A paragraph is split into sentences by ``pysbd``; each sentence gets its
future cues, its likelihood wording (the verbal lexicon) and its deadline
phrase (the deadline grammar), and a speaker: the person its speech cue
names, the person a pronoun ("he told", "in his opinion", "the expert
added") or a quotation carries over from before, the speaker label of an
interview line ("Name: “…"), or the document's author. A sentence that
starts with a pronoun ("It will probably …") takes the sentence before it,
and neighbouring candidate sentences of one speaker are joined, at most
three. The score and what is left out are set out in ``docs/extraction.md``.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Sequence

import attrs

from forecastcheck.extraction import cues, speakers
from forecastcheck.extraction.cleaning import Article, require_extra
from forecastcheck.ledger import DateWindow
from forecastcheck.verbal import Interval

__all__ = [
    "MAX_SENTENCES",
    "WEIGHTS",
    "Candidate",
    "find_candidates",
    "sentences",
]

#: The score's parts: a statement's score is the sum of those that apply.
WEIGHTS = {
    "future": 1.0,  # a strong future cue: will, going to, expects, next year …
    "modal": 0.5,  # only a weak one: would, could, might, may, can
    "likelihood": 1.0,  # likelihood wording the lexicon maps to an interval
    "wording": 0.5,  # likelihood wording the lexicon knows but cannot score
    "deadline": 0.5,  # a deadline phrase ending after the statement date
    "speaker": 0.5,  # a named speaker
}
#: At most this many sentences make one candidate.
MAX_SENTENCES = 3

_ANAPHORIC = re.compile(r"^[“\"]?(?:it|this|that|they|these|those|such|so|then)\b", re.I)
_QUOTE_CHARS = '“”"«»'
_FIRST_PERSON = re.compile(r"\b(?:I|we|my|our|me|us)\b")
_LABEL = re.compile(r"^(?P<name>(?:[A-Z][\w’'.-]+\s+){0,3}[A-Z][\w’'-]+)\s*:\s*[“\"]")


@attrs.frozen
class Candidate:
    """One statement proposed as a forecast, with everything that made it one.

    Args:
        quote: the sentence, or the two or three that carry the call, verbatim.
        speaker: who made it; ``None`` when the text names no one.
        stated: when it was said: the document's date, or an in-text date.
        stated_from: ``"document"``, ``"text"`` (with the phrase) or ``"none"``.
        score: the sum of :data:`WEIGHTS` that apply.
        why: the cues that fired, in words.
        wording: the likelihood wording found, if any.
        interval: its interval under the default scale, when it has one.
        deadline: the deadline phrase found, if any, and its reading.
        paragraph: the paragraph it is in (from 0).
    """

    quote: str
    speaker: speakers.Person | None
    stated: DateWindow | None
    stated_from: str
    score: float
    why: tuple[str, ...]
    wording: str | None = None
    interval: Interval | None = None
    deadline: str | None = None
    paragraph: int = 0


@functools.cache
def _segmenter() -> object:
    require_extra("pysbd")
    import pysbd  # noqa: PLC0415 - the extra is imported only when a text is read

    return pysbd.Segmenter(language="en", clean=False)


def sentences(paragraph: str) -> list[str]:
    """The sentences of one paragraph (pysbd), stripped."""
    segment = _segmenter().segment  # type: ignore[attr-defined]
    return [s.strip() for s in segment(paragraph) if s.strip()]


@attrs.frozen
class _Sentence:
    text: str
    paragraph: int
    speaker: speakers.Person | None
    stated: DateWindow | None
    stated_from: str
    score: float
    why: tuple[str, ...]
    wording: cues.Wording | None
    deadline: cues.DatePhrase | None


def _outside_quotes(text: str, inside: bool) -> str:
    """The sentence with quoted stretches blanked (``inside``: it opens inside a quotation)."""
    out = []
    for ch in text:
        if ch in _QUOTE_CHARS:
            inside = ch in "“«" or (ch == '"' and not inside)
            out.append(" ")
        else:
            out.append(" " if inside else ch)
    return "".join(out)


def _quote_state(text: str, inside: bool) -> bool:
    for ch in text:
        if ch in "“«":
            inside = True
        elif ch in "”»":
            inside = False
        elif ch == '"':
            inside = not inside
    return inside


def _opens_inside(text: str) -> bool:
    """Whether a paragraph opens inside a quotation: its first quotation mark closes one."""
    first = next((i for i, c in enumerate(text) if c in _QUOTE_CHARS), None)
    if first is None:
        return False
    mark = text[first]
    if mark in "”»":
        return True
    return mark == '"' and text.count('"') % 2 == 1 and text[first - 1 : first] in tuple(",.!?")


class _Reader:
    """Reads one article's paragraphs in order, carrying the speaker and the stated date."""

    def __init__(self, article: Article, published: DateWindow | None) -> None:
        self.article = article
        self.published = published
        self.known: dict[str, speakers.Person] = {}
        if article.author is not None:
            self.known[article.author.name] = article.author
        self.carried: speakers.Person | None = None
        self.intro_date: cues.DatePhrase | None = None

    def _anchor(self) -> DateWindow:
        return self.published or DateWindow.day(dt.date.today())

    def _named(self, text: str) -> list[tuple[int, speakers.Person]]:
        found = speakers.find_people(text, self.known)
        for _, person in found:
            self.known.setdefault(person.name, person)
        return found

    def _attribution(self, plain: str) -> tuple[speakers.Person | None, bool, int]:
        """(named speaker, refers back, cue position) from a sentence's unquoted words."""
        said = list(cues.SPEECH.finditer(plain))
        people = self._named(plain)
        if not said:
            return None, False, -1
        cue = said[0]
        if people:
            _, person = min(people, key=lambda p: abs(p[0] - cue.start()))
            return person, False, cue.start()
        return None, bool(speakers.PRONOUN_SUBJECTS.search(plain)), cue.start()

    def _said_on(self, plain: str, cue: int) -> cues.DatePhrase | None:
        """An in-text date of a past speech cue ("said … on 17 April"), if one is given."""
        if cue < 0:
            return None
        for found in cues.dates_in(plain[cue:], self._anchor(), "point"):
            window = found.reading.window
            if (
                window is not None
                and re.match(r"(?:on|in)\b", found.phrase, re.I)
                and (self.published is None or window.end <= self.published.end)
            ):
                return found
        return None

    def paragraph(self, index: int, text: str) -> list[_Sentence]:
        parts = sentences(text)
        label = _LABEL.match(text)
        labelled = None
        if label:
            people = self._named(label["name"])
            labelled = people[0][1] if people else speakers.Person(label["name"])
            self.known.setdefault(labelled.name, labelled)
        states, inside = [], _opens_inside(text)
        for part in parts:
            states.append(inside)
            inside = _quote_state(part, inside)
        attributions = [
            self._attribution(_outside_quotes(p, s)) for p, s in zip(parts, states, strict=True)
        ]
        named = [a[0] for a in attributions if a[0] is not None]
        quoted = any(c in text for c in _QUOTE_CHARS)
        if not (label or text.rstrip().endswith(":") or quoted) and self.intro_date:
            self.intro_date = None
        para_speaker = labelled or (named[0] if named else None)
        out = []
        for k, part in enumerate(parts):
            person, back, cue = attributions[k]
            in_quote = states[k] or any(c in part for c in _QUOTE_CHARS)
            if person is None and back:
                person = self.carried
            if person is None and label:
                person = labelled
            if person is None and in_quote:
                person = para_speaker or self.carried
            if person is None and _FIRST_PERSON.search(part):
                person = self.article.author or self.carried
            if person is None:
                person = self.article.author
            said_on = self._said_on(_outside_quotes(part, states[k]), cue)
            if said_on is None and self.intro_date is not None and (label or in_quote):
                said_on = self.intro_date
            out.append(self._sentence(part, index, person, said_on, quoted=in_quote))
            if attributions[k][0] is not None:
                self.carried = attributions[k][0]
        if labelled is not None:
            self.carried = labelled
        elif named:
            self.carried = named[-1]
        else:
            mentioned = self._named(_outside_quotes(text, False))
            if mentioned:
                self.carried = mentioned[-1][1]
        if text.rstrip().endswith(":"):
            found = [d for d in cues.dates_in(text, self._anchor(), "point") if d.reading.window]
            past = [
                d
                for d in found
                if re.match(r"(?:on|in)\b", d.phrase, re.I)
                and (self.published is None or d.reading.window.end <= self.published.end)  # type: ignore[union-attr]
            ]
            self.intro_date = past[0] if past else self.intro_date
        return out

    def _sentence(
        self,
        text: str,
        index: int,
        person: speakers.Person | None,
        said_on: cues.DatePhrase | None,
        *,
        quoted: bool,
    ) -> _Sentence:
        if said_on is not None and said_on.reading.window is not None:
            stated, stated_from = said_on.reading.window, f"text: {said_on.phrase!r}"
        elif self.published is not None:
            stated, stated_from = self.published, "document"
        else:
            stated, stated_from = None, "none"
        score, why = 0.0, []
        strong, weak = cues.future_cues(text)
        if strong:
            score += WEIGHTS["future"]
            why.append(f"future: {', '.join(dict.fromkeys(strong))}")
        elif weak:
            score += WEIGHTS["modal"]
            why.append(f"modal: {', '.join(dict.fromkeys(weak))}")
        wording = cues.likelihood_in(text)
        if wording is not None and not (strong or weak) and cues.about_the_past(text, wording):
            why.append(f"left out: {wording.phrase!r} is followed by the past tense")
            wording = None
        if wording is not None:
            kind = "likelihood" if wording.reading.mapped else "wording"
            score += WEIGHTS[kind]
            shown = wording.reading.interval if wording.reading.mapped else "no interval"
            why.append(f"{kind}: {wording.phrase!r} ({shown})")
        deadline = cues.deadline_in(text, stated or self._anchor())
        if deadline is not None:
            score += WEIGHTS["deadline"]
            why.append(f"deadline: {deadline.phrase!r} ({deadline.reading.window})")
        if (person is not None and person is not self.article.author) or (
            person is not None and quoted
        ):
            score += WEIGHTS["speaker"]
            why.append(f"speaker: {person.name}")
        elif person is not None:
            why.append(f"author: {person.name}")
        return _Sentence(
            text, index, person, stated, stated_from, score, tuple(why), wording, deadline
        )


def _is_statement(s: _Sentence) -> bool:
    """Whether a sentence can be a forecast: a future cue or likelihood wording, no question."""
    if s.text.rstrip("”\"’' ").endswith("?"):
        return False
    return any(w.startswith(("future", "modal", "likelihood", "wording")) for w in s.why)


_AUXILIARY = frozenset(("will", "not", "won't", "won’t", "shall", "be", "going", "to"))


def _wording_rank(wording: cues.Wording) -> tuple[bool, bool, int]:
    """Mapped first, then wording beyond the future tense ("will"), then the longer."""
    plain = {w.lower() for w in wording.phrase.split()} - _AUXILIARY
    return (wording.reading.mapped, bool(plain), len(wording.phrase.split()))


def _join(group: Sequence[_Sentence]) -> Candidate:
    best = max(group, key=lambda s: s.score)
    wordings = [s.wording for s in group if s.wording is not None]
    wording = max(wordings, key=_wording_rank, default=None)
    deadline = next((s.deadline for s in group if s.deadline), None)
    why = tuple(dict.fromkeys(w for s in group for w in s.why))
    return Candidate(
        quote=" ".join(s.text for s in group),
        speaker=best.speaker,
        stated=best.stated,
        stated_from=best.stated_from,
        score=max(s.score for s in group),
        why=why,
        wording=wording.phrase if wording else None,
        interval=wording.reading.interval if wording else None,
        deadline=deadline.phrase if deadline else None,
        paragraph=best.paragraph,
    )


def find_candidates(article: Article, published: DateWindow | None) -> list[Candidate]:
    """Every candidate statement of an article, in text order (not yet trimmed by score)."""
    reader = _Reader(article, published)
    out: list[Candidate] = []
    for index, text in enumerate(article.paragraphs):
        read = reader.paragraph(index, text)
        group: list[_Sentence] = []
        for k, s in enumerate(read):
            if not _is_statement(s):
                if group:
                    out.append(_join(group))
                    group = []
                continue
            same = group and group[-1] is read[k - 1] and group[-1].speaker == s.speaker
            if group and (not same or len(group) >= MAX_SENTENCES):
                out.append(_join(group))
                group = []
            if not group and k > 0 and _ANAPHORIC.match(s.text):
                context = read[k - 1]
                group.append(attrs.evolve(context, score=0.0, why=()))
            group.append(s)
        if group:
            out.append(_join(group))
    seen: set[str] = set()
    unique = []
    for candidate in out:
        if candidate.quote not in seen:
            seen.add(candidate.quote)
            unique.append(candidate)
    return unique
