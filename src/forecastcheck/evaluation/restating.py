"""Score, part two: restated forecasts — each reading of a chain weighed under a policy.

A chain (:mod:`forecastcheck.ledger.chains`) is one forecast over time. Under
the policy ``restated``, :func:`weights_of` gives every reading its
``weight`` (its share of the chain's score), and :func:`units_of` the chain
one *unit*: the call a scorecard counts and scores.

- ``"each"``: every reading is its own call, of weight 1 (today's scoring);
- ``"first"``: the chain is its first reading with a probability;
- ``"last"``: its last reading with a probability (one stated after the
  decision has none: AFTER_THE_FACT);
- ``"time-averaged"`` (the default): each reading stands from the first day of
  its statement window until the first day of the next reading's, or until the
  question is decided or the day after its deadline, or the day after the
  evaluation date, whichever is first; its weight is the share of the days
  the chain stands that it stands. The chain's Brier and log scores and its
  probability are the weighted means of its readings'; its verdict is its
  probability's.

Readings with no probability (unscorable, stated after the fact) carry weight
0 under every policy and are passed over: the reading before them stands on.
A single call is a chain of one: weight 1 under every policy that scores it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import Protocol

import attrs

from forecastcheck.evaluation.results import PredictionResult
from forecastcheck.evaluation.verdicts import verdict_of
from forecastcheck.ledger import DateWindow
from forecastcheck.ledger.chains import Restated, chains_of, parse_restated

__all__ = ["Standing", "counted", "units_of", "weights_of"]


class Standing(Protocol):
    """What a reading's weight is taken from (a result, or the figures it is made from)."""

    @property
    def id(self) -> str: ...  # pragma: no cover - a protocol
    @property
    def probability(self) -> float | None: ...  # pragma: no cover - a protocol
    @property
    def stated(self) -> DateWindow: ...  # pragma: no cover - a protocol
    @property
    def decided_on(self) -> dt.date | None: ...  # pragma: no cover - a protocol
    @property
    def deadline(self) -> dt.date | None: ...  # pragma: no cover - a protocol


def _end(reading: Standing, as_of: dt.date) -> int:
    """The first day (an ordinal) a reading no longer stands: decided, past its deadline or as_of.

    Days are counted as ordinals so the day after :attr:`datetime.date.max` can be named.
    """
    ends = [as_of.toordinal() + 1]
    if reading.decided_on is not None:
        ends.append(reading.decided_on.toordinal())
    if reading.deadline is not None:
        ends.append(reading.deadline.toordinal() + 1)
    return min(ends)


def _weights(readings: Sequence[Standing], policy: Restated, as_of: dt.date) -> list[float]:
    """Each reading's weight under ``policy`` (the readings of one chain, in order)."""
    live = [i for i, r in enumerate(readings) if r.probability is not None]
    weights = [0.0] * len(readings)
    if policy == "each":
        for i in live:
            weights[i] = 1.0
    elif live and policy in ("first", "last"):
        weights[live[0] if policy == "first" else live[-1]] = 1.0
    elif live:
        days: list[int] = []
        for k, i in enumerate(live):
            start = readings[i].stated.start.toordinal()
            until = _end(readings[i], as_of)
            if k + 1 < len(live):
                until = min(until, readings[live[k + 1]].stated.start.toordinal())
            days.append(max(0, until - start))  # an overlapping reading stands no day
        total = sum(days)
        if total == 0:  # no reading stood a day: the last one stands for the chain
            weights[live[-1]] = 1.0
        else:
            for i, d in zip(live, days, strict=True):
                weights[i] = d / total
    return weights


def _unit(readings: Sequence[PredictionResult]) -> PredictionResult:
    """The chain as one call: its weighted readings' means, on its last weighted reading."""
    weighted = [r for r in readings if r.weight > 0]
    if not weighted:
        return readings[-1]
    if len(weighted) == 1:
        return weighted[0]
    last = weighted[-1]
    probability = math.fsum(r.weight * float(r.probability or 0.0) for r in weighted)
    brier = log = None
    if last.brier is not None:  # the readings of a chain share their question and outcome
        brier = math.fsum(r.weight * float(r.brier or 0.0) for r in weighted)
        log = math.fsum(r.weight * float(r.log_score or 0.0) for r in weighted)
    return attrs.evolve(
        last,
        probability=probability,
        brier=brier,
        log_score=log,
        verdict=verdict_of(last.status, probability, last.outcome),
    )


def weights_of(
    calls: Sequence[Standing],
    chains: Sequence[tuple[int, ...]],
    policy: Restated,
    as_of: dt.date,
) -> tuple[list[float], list[str | None]]:
    """Each reading's weight and chain (its chain's first reading's id), in the calls' order.

    ``chains`` are the ledger's (:func:`~forecastcheck.ledger.chains.chains_of`),
    by index into ``calls``. A reading on its own stands in no chain
    (``None``): weight 1 with a probability, 0 without, under every policy.
    """
    weights = [0.0 if c.probability is None else 1.0 for c in calls]
    first: list[str | None] = [None] * len(calls)
    for chain in chains:
        if len(chain) < 2:
            continue
        readings = [calls[i] for i in chain]
        for i, w in zip(chain, _weights(readings, policy, as_of), strict=True):
            weights[i], first[i] = w, calls[chain[0]].id
    return weights, first


def units_of(
    results: Sequence[PredictionResult], chains: Sequence[tuple[int, ...]], policy: Restated
) -> list[PredictionResult]:
    """The calls the scorecards count: the results under ``"each"``, else one per chain.

    One per chain in the order of the chains' first readings; a chain of one
    is its result itself.
    """
    if policy == "each":
        return list(results)
    return [results[c[0]] if len(c) == 1 else _unit([results[i] for i in c]) for c in chains]


def counted(results: Sequence[PredictionResult], policy: str) -> list[PredictionResult]:
    """The calls the scorecards count, from weighed results (``Evaluation.predictions``).

    :func:`units_of` on the chains the results' ``revises`` links make: each
    chain read in its own order, whatever order the file lists its readings
    in, so these are the scorecards' calls exactly (every result under ``"each"``).
    """
    if policy == "each":
        return list(results)
    return units_of(results, chains_of(results), parse_restated(policy))
