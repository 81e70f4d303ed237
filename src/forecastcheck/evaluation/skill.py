"""Summarise, part two: each source's relative skill against the sources it shares questions with.

:func:`relative_skill` keeps each source's last call on each question,
compares every pair of sources on the questions both answered
(:func:`forecastcheck.compare.pairwise`: Brier ratios, their geometric mean,
Holm-adjusted permutation p-values, left out above
:data:`MAX_PERMUTATION_PAIRS` pairs) and says the result in words.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import cast

import numpy as np
import numpy.typing as npt

from forecastcheck._counted import counted
from forecastcheck.compare import PairwiseComparison, pairwise
from forecastcheck.evaluation._made import comparison as made_comparison
from forecastcheck.evaluation.results import Comparison, PredictionResult

__all__ = ["MAX_PERMUTATION_PAIRS", "Skill", "last_calls", "relative_skill", "revisions"]

MAX_PERMUTATION_PAIRS = 300
"""Above this many overlapping pairs of sources, relative skill is given without p-values."""

Skill = tuple[float | None, str, tuple[Comparison, ...]]
"""A source's relative skill (or ``None``), the skill in words, and its comparisons."""

_NO_OVERLAP: Skill = (None, "n/a (no overlap)", ())


def revisions(readings: Iterable[PredictionResult]) -> dict[str, str]:
    """The ``revises`` links of ``readings``: each id restating another, and the id it revises."""
    return {r.id: r.revises for r in readings if r.revises is not None}


def last_calls(
    scored: Iterable[PredictionResult], links: Mapping[str, str] | None = None
) -> dict[tuple[str, int], PredictionResult]:
    """Each source's last call on each question, by (source, question).

    The last is the call stated last (the last day of its statement window),
    the later in ledger order on a tie, except within one chain of restated
    readings, where a reading that restates another (through the readings
    between them, scored or not) comes after it whatever its window: a
    revision stated on 2 January supersedes the reading it revises stated
    "January to March", even when an unscorable reading stands between them.
    ``links`` are the :func:`revisions` of every reading the chains hold (the
    evaluation's results); without them only the links of ``scored`` are
    followed. Relative skill and the crowd comparison both take a source's
    call on a question by this rule.
    """
    calls = list(scored)
    revised = revisions(calls) if links is None else links
    last: dict[tuple[str, int], PredictionResult] = {}
    for r in calls:
        assert r.question is not None  # a scored call records a proposition
        k = (r.source, r.question)
        held = last.get(k)
        if held is None or _later(r, held, revised):
            last[k] = r
    return last


def _later(r: PredictionResult, held: PredictionResult, revised: Mapping[str, str]) -> bool:
    """Whether ``r`` replaces ``held`` as the last call (see :func:`last_calls`)."""
    if r.chain is not None and r.chain == held.chain:
        if _restates(r, held.id, revised):
            return True
        if _restates(held, r.id, revised):
            return False
    return r.stated.end >= held.stated.end


def _restates(r: PredictionResult, other: str, revised: Mapping[str, str]) -> bool:
    """Whether ``r`` restates the reading ``other``, directly or through readings in ``revised``."""
    at = r.revises
    while at is not None:  # a chain is a line (the ledger refuses cycles), so this ends
        if at == other:
            return True
        at = revised.get(at)
    return False


def _n_pairs(keys: Sequence[tuple[str, int]]) -> int:
    """How many pairs of sources share a question, of distinct (source, question) keys."""
    if not keys:
        return 0
    names = {source: k for k, source in enumerate(dict.fromkeys(s for s, _ in keys))}
    source = np.array([names[s] for s, _ in keys], dtype=np.int64)
    question = np.array([q for _, q in keys], dtype=np.int64)
    return _n_pairs_of(source, question)


def _n_pairs_of(source: npt.NDArray[np.int64], question: npt.NDArray[np.int64]) -> int:
    """:func:`_n_pairs` of the keys as two arrays: each source's place (0 … n - 1), the question.

    Sorted by question, a pair of sources on one question sits ``d`` places
    apart for some ``d`` below the largest number of sources on a question;
    each such pair is coded ``a * n + b`` (``a < b``) and the distinct codes
    counted.
    """
    if not source.size:
        return 0
    n = int(source.max()) + 1
    order = np.argsort(question, kind="stable")
    source, question = source[order], question[order]
    widest = int(np.unique(question, return_counts=True)[1].max())
    codes = [np.empty(0, dtype=np.int64)]
    for d in range(1, widest):
        same = question[d:] == question[:-d]
        a, b = source[:-d][same], source[d:][same]
        codes.append(np.minimum(a, b) * n + np.maximum(a, b))
    return int(np.unique(np.concatenate(codes)).size)


def _comparisons(result: PairwiseComparison, names: Sequence[str]) -> list[tuple[Comparison, ...]]:
    """Each source's comparisons with every other source it shares a question with.

    By the source's place in ``result.sources`` (themselves places in
    ``names``); each source's in the others' order there. Read for every
    pair at once, then cut source by source.
    """
    shared = result.overlap >= 1
    np.fill_diagonal(shared, False)
    rows, columns = np.nonzero(shared)  # by source, then the other, in order
    who = [names[cast(int, s)] for s in result.sources]
    ratios = result.ratio[rows, columns]
    p_values = result.p_adjusted[rows, columns]
    made = [
        made_comparison((who[b], n, ratio if finite else None, None if missing else p))
        for b, n, ratio, finite, p, missing in zip(
            columns.tolist(),
            result.overlap[rows, columns].tolist(),
            ratios.tolist(),
            np.isfinite(ratios).tolist(),
            p_values.tolist(),
            np.isnan(p_values).tolist(),
            strict=True,
        )
    ]
    bounds = np.concatenate([[0], np.cumsum(np.count_nonzero(shared, axis=1))]).tolist()
    return [tuple(made[lo:hi]) for lo, hi in itertools.pairwise(bounds)]


def _said(skill: float, comparisons: tuple[Comparison, ...], shared: int) -> Skill:
    """The skill with its line, e.g. ``"0.80 against 2 sources on 5 shared questions"``.

    ``shared`` counts distinct questions (one shared with two sources is one),
    as the scorecard's ``n_questions`` does.
    """
    if not math.isfinite(skill):
        return None, "n/a (undefined: zero scores on shared questions)", comparisons
    others = len(comparisons)
    note = (
        f"{skill:.2f} against {counted(others, 'source')} on {counted(shared, 'shared question')}"
    )
    return skill, note, comparisons


def relative_skill(
    scored: Sequence[PredictionResult], seed: int, links: Mapping[str, str] | None = None
) -> dict[str, Skill]:
    """Pairwise relative skill on shared questions (the last call per source and question).

    ``links``: every reading's ``revises`` link (:func:`last_calls`).
    """
    last = last_calls(scored, links)
    out = dict.fromkeys(sorted({s for s, _ in last}), _NO_OVERLAP)
    rows = list(last.values())
    names = list(out)  # sorted: the sources go in as their places, which sort the same
    place = {name: k for k, name in enumerate(names)}
    source = np.array([place[r.source] for r in rows], dtype=np.int64)
    question = np.array([r.question for r in rows], dtype=np.int64)
    n_pairs = _n_pairs_of(source, question)
    if not n_pairs:
        return out
    result = pairwise(
        source,
        question,
        np.array([r.brier for r in rows], dtype=np.float64),
        min_overlap=1,
        n_permutations=999 if n_pairs <= MAX_PERMUTATION_PAIRS else 0,
        include_self=False,
        seed=seed,
    )
    shared = _shared_questions(source, question, len(names))
    by_source = _comparisons(result, names)
    for a, name in enumerate(names[cast(int, s)] for s in result.sources):
        comparisons = by_source[a]
        if comparisons:
            out[name] = _said(float(result.relative_skill[a]), comparisons, shared[place[name]])
    return out


def _shared_questions(
    source: npt.NDArray[np.int64], question: npt.NDArray[np.int64], n: int
) -> list[int]:
    """By source place: how many of its questions (distinct keys) another source answered too."""
    _, inverse, counts = np.unique(question, return_inverse=True, return_counts=True)
    shared = np.bincount(source[counts[inverse.reshape(-1)] > 1], minlength=n)
    return [int(k) for k in shared.tolist()]
