"""Who is speaking: person names, their roles, speech cues, bylines and author lines.

A *name* is a run of two to four capitalised words (initials and hyphens
allowed) that holds no organisation or title word; a run that does ("Director
of the Atlas Analytical Center Elkhan Shainoglu") is cut after its last such
word. A single capitalised word is a name only when it is the surname of a
person already named in the text ("Karavaev explained"). A person's role and
affiliation are read from the words around the first mention: an appositive
after the name (", a senior researcher at the Center for …,") or the
lower-case words just before it ("military expert, reserve officer Adalat
Verdiev"). The rules are set out in ``docs/extraction.md``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import attrs

from forecastcheck.extraction import cues

__all__ = [
    "ORGANISATION_WORDS",
    "PRONOUN_SUBJECTS",
    "TITLES",
    "Person",
    "author_line",
    "find_people",
    "slug",
]

#: Words that make a capitalised run an organisation or a title, not a person.
ORGANISATION_WORDS = frozenset(
    [
        "center",
        "centre",
        "institute",
        "university",
        "agency",
        "ministry",
        "network",
        "forum",
        "council",
        "committee",
        "commission",
        "department",
        "office",
        "party",
        "parliament",
        "assembly",
        "bank",
        "fund",
        "union",
        "foundation",
        "school",
        "college",
        "laboratory",
        "group",
        "corporation",
        "company",
        "association",
        "society",
        "service",
        "administration",
        "government",
        "army",
        "republic",
        "federation",
        "state",
        "states",
        "nations",
        "court",
        "president",
        "minister",
        "ambassador",
        "director",
        "head",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "secretary",
        "senator",
        "governor",
        "mayor",
        "chairman",
        "chair",
        "officer",
        "general",
        "professor",
        "assistant",
        "deputy",
        "chief",
        "editor",
        "correspondent",
        "analyst",
        "expert",
        "researcher",
        "studies",
        "ras",
        "kiss",
        "news",
        "agency",
        "tv",
        "radio",
        "times",
        "post",
        "journal",
        "daily",
        "tribune",
    ]
)
#: Titles dropped from the front of a name.
TITLES = frozenset(["dr", "dr.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "prof", "prof.", "sir"])
#: Words that cannot start or end a person's name.
_NOT_NAME = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "or",
        "of",
        "in",
        "on",
        "at",
        "for",
        "to",
        "by",
        "from",
        "with",
        "as",
        "but",
        "if",
        "this",
        "that",
        "these",
        "those",
        "it",
        "he",
        "she",
        "they",
        "we",
        "i",
        "you",
        "your",
        "his",
        "her",
        "their",
        "our",
        "its",
        "there",
        "here",
        "what",
        "when",
        "where",
        "why",
        "how",
        "moreover",
        "however",
        "meanwhile",
        "therefore",
        "because",
        "although",
        "though",
        "while",
        "since",
        "so",
        "also",
        "according",
        "yes",
        "no",
        "not",
        "nothing",
        "everything",
        "one",
        "few",
        "many",
        "some",
        "all",
        "last",
        "first",
        "echoing",
        "russian",
        "azerbaijani",
        "armenian",
        "american",
        "french",
        "european",
        "turkish",
        "western",
        "eastern",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ]
)
#: Subjects that refer back to the last named speaker.
PRONOUN_SUBJECTS = re.compile(
    r"\b(?:he|she|him|her|his|the (?:expert|analyst|researcher|interlocutor|politician|"
    r"scientist|official|minister|diplomat|author|speaker))\b",
    re.IGNORECASE,
)

_CAP = r"(?:(?:Dr|Mr|Mrs|Ms|Prof|St)\.|[A-Z]\.|[A-Z][\w’'-]*)"
_RUN = re.compile(rf"{_CAP}(?:(?:\s+(?:of|the|for|and|de|van|von|al|bin))*\s+{_CAP})*")
_QUOTED = re.compile(r"[“\"«][^”\"»]*[”\"»]")
_APPOSITIVE = re.compile(
    r"^\s*,\s*(?:(?:a|an|the|another)\s+)?(?P<role>[a-z][\w\s,’'-]*?)"
    r"(?:\s+(?:at|of|with|from|in)\s+(?:the\s+)?(?P<aff>[A-Z][^,;:“”\"]*?))?\s*(?=[,;:.“”\"]|$)"
)
_LOWER_BEFORE = re.compile(r"(?<![\w’'])((?:(?:[a-z][\w-]*|(?<=the )[A-Z][\w-]*),?\s+)*)$")
_ROLE_SPLIT = re.compile(r"^(?P<role>.*?)\s+(?:of|at)\s+(?:the\s+)?(?P<aff>[A-Z].*)$")
_NOT_ROLE = re.compile(r"^(?:in|with|at|on|for|to|from|during|after|before|who|which|that)\b")
_CONNECTORS = frozenset(("of", "the", "for", "and", "de", "van", "von", "al", "bin"))


@attrs.frozen
class Person:
    """A person named in the text, with what the text says they are."""

    name: str
    role: str = ""
    affiliation: str = ""

    @property
    def surname(self) -> str:
        """The last word of the name."""
        return self.name.split()[-1]


def slug(name: str) -> str:
    """An identifier made from a name: lower case, words joined by hyphens."""
    parts = re.findall(r"[a-z0-9]+", name.lower().replace("’", "").replace("'", ""))
    return "-".join(parts) or "unnamed"


def _name_start(words: list[str]) -> int | None:
    """Where a person's name starts in a capitalised run (``None``: the run names no one)."""
    cut = [i for i, w in enumerate(words) if w.lower().strip(".") in ORGANISATION_WORDS]
    first = cut[-1] + 1 if cut else 0
    if cut and first < len(words) and words[first].lower() in _CONNECTORS:
        return None  # "Center for Post-Soviet Studies": the rest belongs to the organisation
    while first < len(words) and (
        words[first].lower() in TITLES or words[first].lower() in _NOT_NAME
    ):
        first += 1
    rest = words[first:]
    if any(w.lower() in _CONNECTORS or w.lower() in _NOT_NAME for w in rest) or any(
        re.search(r"[’']s$", w) for w in rest
    ):
        return None
    if len(rest) > 4:
        first = len(words) - 2
    return first if rest else None


def _role(before: str, prefix: str, after: str) -> tuple[str, str]:
    """(role, affiliation) from an appositive after the name, else the words before it."""
    if m := _APPOSITIVE.match(after):
        role = m["role"].strip(" ,")
        if len(role.split()) <= 8 and not cues.SPEECH.search(role) and not _NOT_ROLE.match(role):
            return role, (m["aff"] or "").strip()
    found = _LOWER_BEFORE.search(before)
    lower = found.group(1) if found else ""
    if said := list(cues.SPEECH.finditer(lower)):
        lower = lower[said[-1].end() :]
    if prefix and "," in lower:
        lower = lower[lower.rfind(",") + 1 :]
    role = " ".join(f"{lower} {prefix}".split()).strip(" ,")
    role = re.sub(r"^(?:the|a|an|another)\s+", "", role, flags=re.IGNORECASE)
    if not role or cues.SPEECH.search(role) or len(role.split()) > 10:
        return "", ""
    if m := _ROLE_SPLIT.match(role):
        return m["role"].strip(" ,"), m["aff"].strip(" ,")
    return role, ""


def _run_person(text: str, match: re.Match[str], known: dict[str, Person]) -> Person | None:
    words = match.group(0).split()
    words[-1] = words[-1] if re.fullmatch(r"[A-Z]\.", words[-1]) else words[-1].rstrip(".")
    first = _name_start(words)
    led_by_the = (first == 0 and re.search(r"\bthe\s*$", text[: match.start()], re.I)) or (
        first is not None and first > 0 and words[first - 1].lower() == "the"
    )
    if first is not None and len(words) - first >= 2 and not led_by_the:
        name = " ".join(words[first:])
        if name in known:
            return known[name]
        prefix = " ".join(words[:first])
        after = text[match.end() :]
        role, aff = _role(text[: match.start()], prefix, after)
        if aff.count("(") > aff.count(")"):
            aff = aff[: aff.rfind("(")].strip()
        return Person(name, role, aff)
    if len(words) == 1:
        bare = re.sub(r"[’']s$", "", words[0])
        for person in known.values():
            if person.surname == bare:
                return person
    return None


def find_people(text: str, known: dict[str, Person]) -> list[tuple[int, Person]]:
    """(position, person) for every person named in ``text`` outside quotation marks."""
    plain = _QUOTED.sub(lambda m: " " * len(m.group(0)), text)
    found = []
    for match in _RUN.finditer(plain):
        person = _run_person(plain, match, known)
        if person is not None:
            found.append((match.start(), person))
    return found


_AUTHOR = re.compile(r"\b(?:the\s+author\s+is|written\s+by)\s+(?P<rest>[A-Z].*)$", re.I)


def author_line(lines: Iterable[str]) -> Person | None:
    """The author named by an author line ("The author is Dr. …, a head of research, …")."""
    for line in lines:
        if m := _AUTHOR.search(line.strip()):
            rest = m["rest"].rstrip(". ")
            people = find_people(rest, {})
            if people:
                _, person = people[0]
                after = rest[rest.find(person.surname) + len(person.surname) :]
                parts = [p.strip() for p in after.split(",") if p.strip()]
                role = re.sub(r"^(?:a|an|the)\s+", "", parts[0]) if parts else person.role
                aff = re.sub(r"^the\s+", "", ", ".join(parts[1:])) if len(parts) > 1 else ""
                if not aff and (split := _ROLE_SPLIT.match(role)):
                    role, aff = split["role"], split["aff"]
                return Person(person.name, role, aff or person.affiliation)
    return None
