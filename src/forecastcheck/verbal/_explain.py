"""Trying a wording before writing a file: every reading of one phrase, and what to write instead.

:func:`explain` reads a phrase under each scale given and lays out the
interval, the point and every rule applied; when no scale reads it at all
(*unmapped* under each), :func:`teaching` names the nearest accepted
wordings (:mod:`difflib`, over every scale phrase and synonym, every wording
of the extension table, with and without a hedge) and where the accepted
forms are documented. The ``forecastcheck phrase`` command prints both.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Sequence

from forecastcheck.verbal.interpretation import Interpretation, interpret
from forecastcheck.verbal.intervals import fmt
from forecastcheck.verbal.rules import normalise, phrase_rules
from forecastcheck.verbal.scales import Scale, builtin_scales

__all__: list[str] = []  # private: the CLI's ``phrase`` command reads it

DOCS = "docs/verbal.md#accepted-wordings"
"""Where every accepted wording is listed."""


def readings(phrase: str, scales: Sequence[Scale]) -> list[Interpretation]:
    """The phrase read under each scale, in order."""
    return [interpret(phrase, scale) for scale in scales]


def explain(phrase: str, reads: Sequence[Interpretation]) -> list[str]:
    """Each reading as lines: the scale, the status, the interval and point, the rules."""
    out = [f"{phrase!r}"]
    for read in reads:
        if read.mapped and read.interval is not None and read.point is not None:
            head = f"{read.interval}, point {fmt(read.point)} (from '{read.matched}')"
        else:
            head = f"{read.status}: {read.reason}"
        out.append(f"  {read.scale}: {head}")
        out += [f"    - {rule}" for rule in read.rules]
    return out


@functools.cache
def _accepted(scales: tuple[Scale, ...]) -> tuple[str, ...]:
    rules = phrase_rules()
    words: set[str] = set()
    for scale in scales:
        for entry in scale.phrases:
            words.add(entry.phrase)
            words.update(entry.synonyms)
    words.update(e.phrase for e in rules.entries.values() if e.kind != "unsourced")
    words.update(("one in three", "two to one against", "nine times out of ten", "30%"))
    bare = sorted(words)
    hedged = [f"{hedge} {word}" for hedge in rules.hedges for word in bare]
    return (*bare, *hedged)


def nearest(phrase: str, scales: Sequence[Scale] | None = None, n: int = 3) -> list[str]:
    """The accepted wordings closest to ``phrase`` (at most ``n``, closest first)."""
    pool = _accepted(tuple(builtin_scales().values() if scales is None else scales))
    return difflib.get_close_matches(normalise(phrase), pool, n=n, cutoff=0.6)


def teaching(
    phrase: str, reads: Sequence[Interpretation], scales: Sequence[Scale] | None = None
) -> str:
    """Why nothing read ``phrase``, the nearest wordings ``scales`` accept, and where they are.

    ``scales`` are the scales that were tried (the built-in ones when None).
    """
    names = ", ".join(r.scale for r in reads)
    reason = reads[0].reason if reads else "no scale given"
    line = f"unread phrase {phrase!r} (unmapped under {names}): {reason}"
    close = nearest(phrase, scales)
    if close:
        line += "; did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
    return f"{line} Accepted forms: {DOCS}"
