"""The cue tables: what marks a statement about the future, a likelihood, a deadline, speech.

Every cue is a word or a short pattern in one of the tables below, grouped by
what it tells: a *strong* future reference ("will", "is going to", "expects"),
a *weak* one (the modals "would", "could", "might", "may", "can"), a
counterfactual that cancels a modal ("could have", "would have"), and the
verbs and phrases that report speech ("said", "told", "believes", "according
to", "in his opinion"). Likelihood wording is not listed here: it is whatever
the verbal lexicon (:func:`forecastcheck.verbal.interpret`, default scale)
knows, and deadline phrases are whatever the deadline grammar
(:func:`forecastcheck.ledger.deadlines.read_phrase`) reads. The rules are set
out in ``docs/extraction.md``.
"""

from __future__ import annotations

import functools
import re

import attrs

from forecastcheck.errors import ForecastcheckError
from forecastcheck.ledger import DateWindow, How, Reading, read_phrase
from forecastcheck.verbal import DEFAULT_SCALE, Interpretation, get_scale, interpret, phrase_rules

__all__ = [
    "COUNTERFACTUAL",
    "SPEECH_VERBS",
    "STRONG_FUTURE",
    "WEAK_FUTURE",
    "DatePhrase",
    "Wording",
    "dates_in",
    "deadline_in",
    "future_cues",
    "likelihood_in",
    "words",
]

#: Words and patterns that put a statement in the future outright.
STRONG_FUTURE: tuple[str, ...] = (
    r"will",
    r"won['’]t",
    r"\w+['’]ll",
    r"shall",
    r"going to",
    r"(?:is|are) (?:bound|set|about|expected|likely|unlikely|certain|sure) to",
    r"expects?",
    r"doubts? (?:it|that|whether|if)",
    r"promises? to",
    r"anticipates?",
    r"predicts?",
    r"forecasts?",
    r"foresees?",
    r"hopes?",
    r"(?:does|did|do)\s+not\s+rule\s+out",
    r"rules?\s+out",
    r"considers?\s+it\s+(?:possible|likely|unlikely|probable|inevitable)",
    r"in the (?:near |foreseeable )?future",
    r"next (?:year|month|week|decade)",
    r"soon",
    r"eventually",
    r"sooner or later",
)
#: Modals that may speak of the future, or of a possibility now.
WEAK_FUTURE: tuple[str, ...] = (r"would", r"could", r"might", r"may", r"can", r"cannot")
#: A modal followed by these speaks of what did not happen: the modal is no cue.
COUNTERFACTUAL = re.compile(
    r"\b(?:would|could|might|may|should|must)(?:\s+not|n['’]t)?\s+have\s+\w+(?:ed|en|t|n)\b",
    re.IGNORECASE,
)
#: Verbs and phrases that report what someone said or thinks.
SPEECH_VERBS: tuple[str, ...] = (
    "said",
    "says",
    "told",
    "tells",
    "believes",
    "believed",
    "thinks",
    "considers",
    "warns",
    "warned",
    "suggested",
    "suggests",
    "expects",
    "expected",
    "noted",
    "added",
    "emphasized",
    "emphasised",
    "stressed",
    "explained",
    "concluded",
    "predicted",
    "predicts",
    "argued",
    "argues",
    "claimed",
    "stated",
    "indicated",
    "pointed out",
    "is sure",
    "is confident",
    "is convinced",
    "does not rule out",
    "did not rule out",
    "quoted",
    "according to",
    "in (?:his|her|their) (?:opinion|view)",
    "in the (?:opinion|view) of",
)


def _alternation(items: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{'|'.join(items)})\b", re.IGNORECASE)


_STRONG = _alternation(STRONG_FUTURE)
_WEAK = _alternation(WEAK_FUTURE)
SPEECH = _alternation(SPEECH_VERBS)


def future_cues(sentence: str) -> tuple[list[str], list[str]]:
    """(strong, weak): the future cues of a sentence, lower-cased, in order.

    A modal in a counterfactual ("could have left") is no cue.
    """
    plain = COUNTERFACTUAL.sub(" ", sentence)
    strong = [m.group(0).lower() for m in _STRONG.finditer(plain)]
    weak = [
        m.group(0).lower()
        for m in _WEAK.finditer(plain)
        if m.group(0) != "May" or not plain[: m.start()].strip(' “"')  # the month, mid-sentence
    ]
    return strong, weak


# --- likelihood wording, read by the verbal lexicon -------------------------


@attrs.frozen
class Wording:
    """Likelihood wording found in a sentence, and how the lexicon reads it."""

    phrase: str
    reading: Interpretation


@functools.cache
def words() -> frozenset[str]:
    """Every word that occurs in a wording the default scale or the extension table knows."""
    rules = phrase_rules()
    known: set[str] = set()
    for entry in get_scale(DEFAULT_SCALE).phrases:
        for text in (entry.phrase, *entry.synonyms):
            known.update(text.split())
    for extension in rules.entries.values():
        known.update(extension.phrase.split())
    for hedge in rules.hedges:
        known.update(hedge.split())
    known.update(("not", "do", "does", "don't", "doesn't", "no", "is", "are", "it", "be"))
    return frozenset(known)


_TOKEN = re.compile(r"[A-Za-z'’]+")
_LONGEST = 6


_PAST = re.compile(
    r"\s+(?:\w+ed|was|were|had|did|went|became|made|took|gave|came|left|knew|saw|got|been)\b",
    re.IGNORECASE,
)


def about_the_past(sentence: str, wording: Wording) -> bool:
    """Whether a wording is followed by a verb in the past tense ("never allowed")."""
    at = sentence.find(wording.phrase)
    return at >= 0 and bool(_PAST.match(sentence, at + len(wording.phrase)))


def likelihood_in(sentence: str) -> Wording | None:
    """The longest run of words the verbal lexicon reads as a likelihood, if any.

    Runs of up to six known words are read with
    :func:`~forecastcheck.verbal.interpret` under the default scale; a
    mapped reading beats an unscorable one ("could"), and a longer run beats
    a shorter one; an unmapped run is no wording.
    """
    tokens = list(_TOKEN.finditer(sentence))
    known = words()
    best: tuple[int, int, Wording] | None = None
    for i in range(len(tokens)):
        for j in range(min(len(tokens), i + _LONGEST), i, -1):
            run = tokens[i:j]
            if any(t.group(0).lower().replace("’", "'") not in known for t in run):
                continue
            phrase = sentence[run[0].start() : run[-1].end()]
            reading = interpret(phrase)
            if reading.status == "unmapped":
                continue
            rank = (int(reading.mapped), j - i)
            if best is None or rank > best[:2]:
                best = (*rank, Wording(phrase, reading))
            break
    return None if best is None else best[2]


# --- deadlines and dates, read by the deadline grammar ----------------------

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_QUALIFIER = (
    r"(?:(?:at\s+least\s+)?until|till|through|by|no\s+later\s+than|before|prior\s+to"
    r"|within|in|during|on|at)"
)
#: Where a date phrase may start: a qualifier, a part of a year or month, a month, a year.
_START = re.compile(
    rf"\b(?:{_QUALIFIER}|early|mid|late|the\s+end|end|this|next|{_MONTH}|\d{{1,4}})\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[\w’'-]+")
_PHRASE_WORDS = 9


@attrs.frozen
class DatePhrase:
    """A date or deadline phrase found in a sentence, with the grammar's reading."""

    phrase: str
    start: int
    reading: Reading


def _last_year(text: str, anchor: DateWindow) -> str:
    """'last year' written as the year before the anchor's (the grammar reads only numbers)."""
    year = anchor.start.year - 1
    return re.sub(r"\b(?:the\s+)?(?:last|previous)\s+year\b", str(year), text, flags=re.I)


def dates_in(sentence: str, anchor: DateWindow, how: How = "deadline") -> list[DatePhrase]:
    """Every phrase the deadline grammar reads, longest first at each place, without overlaps.

    ``how`` is ``"deadline"`` (a window and its last day) or ``"point"`` (a
    date). "Last year" is read as the year before the anchor's.
    """
    found: list[DatePhrase] = []
    end = 0
    for start in _START.finditer(sentence):
        if start.start() < end:
            continue
        tail = list(_WORD.finditer(sentence, start.start()))[:_PHRASE_WORDS]
        for k in range(len(tail), 0, -1):
            phrase = sentence[start.start() : tail[k - 1].end()]
            if not re.search(r"\d|" + _MONTH + r"|year|month", phrase, re.IGNORECASE):
                break
            if re.search(rf"\b{_MONTH}\b", phrase) and not re.search(r"\d|year", phrase):
                continue  # a month written in lower case ("may") is another word
            try:
                reading = read_phrase(_last_year(phrase, anchor), how, anchor)
            except (ForecastcheckError, ValueError):
                continue
            if reading.result is None:
                continue
            found.append(DatePhrase(phrase, start.start(), reading))
            end = tail[k - 1].end()
            break
    return found


def deadline_in(sentence: str, anchor: DateWindow) -> DatePhrase | None:
    """The first deadline phrase of a sentence that ends after the anchor starts, if any."""
    for found in dates_in(sentence, anchor):
        window = found.reading.window
        if window is not None and window.end >= anchor.start:
            return found
    return None
