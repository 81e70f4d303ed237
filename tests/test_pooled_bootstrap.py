"""The report's one bootstrap of Brier and log scores gives each interval its own bootstrap gives."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import pytest

from forecastcheck import evaluate
from forecastcheck.compare import _draws
from forecastcheck.evaluation import ranking
from forecastcheck.evaluation.results import PredictionResult
from forecastcheck.ledger import Ledger, load

KARABAKH = Path(__file__).resolve().parent.parent / "fixtures" / "karabakh"
AS_OF = dt.date(2026, 2, 7)


def _pieces(
    ledger: Ledger,
) -> tuple[dict[str, str], dict[str, list[PredictionResult]], list[PredictionResult]]:
    evaluation = evaluate(ledger, as_of=AS_OF, n_bootstrap=0, min_resolved=1)
    by_source: dict[str, list[PredictionResult]] = {s.id: [] for s in ledger.sources}
    for r in evaluation.predictions:
        by_source.setdefault(r.source, []).append(r)
    scored = [r for r in evaluation.predictions if r.brier is not None]
    return {s.id: s.kind for s in ledger.sources}, by_source, scored


_Intervals = dict[str, tuple[float, float]]
_Three = tuple[_Intervals, _Intervals, _Intervals]


def _both_ways(
    ledger: Ledger, min_resolved: int, log_of: float | None = None
) -> tuple[_Three, _Three]:
    kinds, by_source, scored = _pieces(ledger)
    brier = [float(r.brier or 0.0) for r in scored]
    log = [float(r.log_score or 0.0) for r in scored]
    if log_of is not None:  # one source's log score made infinite
        log = [
            log_of if r.source == scored[0].source else x for r, x in zip(scored, log, strict=True)
        ]
    out: list[_Three] = []
    for share in (False, True):
        with _draws.shared():
            shared = ranking.pooled(scored, brier, log, 200, 3) if share else None
            placing = ranking.rank_by_kind(
                kinds,
                by_source,
                scored,
                min_resolved=min_resolved,
                n_bootstrap=200,
                seed=3,
                shared=shared,
            )
            out.append(
                (
                    placing.rank_interval,
                    ranking.mean_intervals(scored, brier, 200, 3, shared=shared),
                    ranking.mean_intervals(scored, log, 200, 3, shared=shared, part=1),
                )
            )
    return out[0], out[1]


@pytest.mark.parametrize("min_resolved", [1, 3, 10])
def test_the_shared_bootstrap_equals_the_separate_ones_on_karabakh(min_resolved: int) -> None:
    """Ranks (every source ranked, or only some, whose questions are fewer) and means."""
    alone, shared = _both_ways(load(KARABAKH), min_resolved)
    assert shared == alone


@pytest.mark.parametrize("min_resolved", [5, 40])
def test_the_shared_bootstrap_equals_the_separate_ones_on_a_generated_ledger(
    large_ledger: Ledger, min_resolved: int
) -> None:
    """The benchmark's ledger: 30 sources, most ranked; the intervals are bit for bit the same."""
    alone, shared = _both_ways(large_ledger, min_resolved)
    assert shared == alone
    assert alone[1]  # the intervals were made
    assert alone[2]
    assert bool(alone[0]) == (min_resolved == 5)  # ranks, when two sources or more are ranked


def test_an_infinite_log_score_leaves_the_log_intervals_to_their_own_bootstrap(
    large_ledger: Ledger,
) -> None:
    """Non-finite log scores drop their source: the log intervals are bootstrapped apart."""
    alone, shared = _both_ways(large_ledger, 5, log_of=float("inf"))
    assert shared == alone


def test_no_resamples_no_pooled_bootstrap(large_ledger: Ledger) -> None:
    """n_bootstrap 0, or no scored call, makes no pooled bootstrap."""
    _, _, scored = _pieces(large_ledger)
    brier = [float(r.brier or 0.0) for r in scored]
    assert ranking.pooled(scored, brier, brier, 0, 0) is None
    assert ranking.pooled([], [], [], 100, 0) is None
    pooled = ranking.pooled(scored, brier, brier, 100, 0)
    assert pooled is not None
    assert pooled.log
    assert attrs.has(type(pooled))
