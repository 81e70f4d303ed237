"""Summarise, part two: each source's relative skill against the sources it shares questions with.

:func:`relative_skill` keeps each source's last call on each question,
compares every pair of sources on the questions both answered
(:func:`forecastcheck.compare.pairwise`: Brier ratios, their geometric mean,
Holm-adjusted permutation p-values, left out above
:data:`MAX_PERMUTATION_PAIRS` pairs) and says the result in words.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np

from forecastcheck._counted import counted
from forecastcheck.compare import PairwiseComparison, pairwise
from forecastcheck.evaluation.results import Comparison, PredictionResult

__all__ = ["MAX_PERMUTATION_PAIRS", "Skill", "last_calls", "relative_skill"]

MAX_PERMUTATION_PAIRS = 300
"""Above this many overlapping pairs of sources, relative skill is given without p-values."""

Skill = tuple[float | None, str, tuple[Comparison, ...]]
"""A source's relative skill (or ``None``), the skill in words, and its comparisons."""

_NO_OVERLAP: Skill = (None, "n/a (no overlap)", ())


def last_calls(scored: Iterable[PredictionResult]) -> dict[tuple[str, int], PredictionResult]:
    """Each source's last call on each question, by (source, question).

    The last is the call stated last (the last day of its statement window),
    the later in ledger order on a tie. Relative skill and the crowd
    comparison both take a source's call on a question by this rule.
    """
    last: dict[tuple[str, int], PredictionResult] = {}
    for r in scored:
        assert r.question is not None  # a scored call records a proposition
        k = (r.source, r.question)
        if k not in last or r.stated.end >= last[k].stated.end:
            last[k] = r
    return last


def _n_pairs(keys: Sequence[tuple[str, int]]) -> int:
    """How many pairs of sources share at least one question."""
    by_question: dict[int, list[str]] = {}
    for source, question in keys:
        by_question.setdefault(question, []).append(source)
    pairs = {
        (a, b)
        for sources in by_question.values()
        for i, a in enumerate(sources)
        for b in sources[i + 1 :]
    }
    return len(pairs)


def _comparisons(result: PairwiseComparison, a: int) -> tuple[Comparison, ...]:
    """Source ``a``'s comparisons with every other source it shares a question with."""
    out = []
    for b, other in enumerate(str(s) for s in result.sources):
        n_shared = int(result.overlap[a, b])
        if a == b or n_shared < 1:
            continue
        ratio = float(result.ratio[a, b])
        p = float(result.p_adjusted[a, b])
        out.append(
            Comparison(
                other=other,
                n_shared=n_shared,
                ratio=ratio if math.isfinite(ratio) else None,
                p_value=None if math.isnan(p) else p,
            )
        )
    return tuple(out)


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


def relative_skill(scored: Sequence[PredictionResult], seed: int) -> dict[str, Skill]:
    """Pairwise relative skill on shared questions (the last call per source and question)."""
    last = last_calls(scored)
    out = dict.fromkeys(sorted({s for s, _ in last}), _NO_OVERLAP)
    n_pairs = _n_pairs(list(last))
    if not n_pairs:
        return out
    rows = list(last.values())
    result = pairwise(
        np.array([r.source for r in rows], dtype=object),
        np.array([r.question for r in rows], dtype=np.int64),
        np.array([r.brier for r in rows], dtype=np.float64),
        min_overlap=1,
        n_permutations=999 if n_pairs <= MAX_PERMUTATION_PAIRS else 0,
        include_self=False,
        seed=seed,
    )
    answered: dict[int, set[str]] = {}
    for source, question in last:
        answered.setdefault(question, set()).add(source)
    for a, name in enumerate(str(s) for s in result.sources):
        comparisons = _comparisons(result, a)
        if comparisons:
            shared = sum(1 for who in answered.values() if name in who and len(who) > 1)
            out[name] = _said(float(result.relative_skill[a]), comparisons, shared)
    return out
