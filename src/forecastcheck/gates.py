"""CI gates: thresholds an evaluation must meet, each saying what it checked.

A gate is a threshold on an :class:`~forecastcheck.evaluation.Evaluation`:

- ``max-brier``: the mean Brier score over all resolved calls is at most X;
- ``max-source-brier``: every source with at least ``min_source_resolved``
  resolved calls has a mean Brier score of at most X;
- ``min-resolved``: at least N calls are resolved and scored.

:func:`check_gates` returns one :class:`GateResult` per gate that was set and
per ledger, with the counts behind it and a one-line account
(``gate max-brier 0.3: 5 resolved calls, mean 0.196 — pass``). A gate with
nothing to check (no resolved call; no source with enough resolved calls) is
:attr:`GateStatus.EMPTY`, and an empty gate *fails* unless
``allow_empty`` is set: a gate that silently checks nothing would pass a run
that is not protected at all.

The pytest plugin and ``forecastcheck report`` are fronts on this module
(``docs/pytest-plugin.md``).

.. versionadded:: 0.1
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from forecastcheck.evaluation import Evaluation, Scorecard

__all__ = [
    "MIN_SOURCE_RESOLVED",
    "GateResult",
    "GateSettings",
    "GateStatus",
    "SourceFigure",
    "any_failed",
    "check_gates",
    "parse_brier_threshold",
    "parse_count",
]

MIN_SOURCE_RESOLVED = 5
"""Resolved calls a source needs to be checked by ``max-source-brier`` (and ranked), by default.

The same as :func:`forecastcheck.evaluate`'s ``min_resolved`` default.
"""


def parse_brier_threshold(text: str) -> float:
    """A Brier threshold from text: a finite number from 0 to 1.

    Raises:
        ValueError: anything else, NaN and infinities included (they would
            switch the gate off), with a message fit for a usage error.
    """
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not 0.0 <= value <= 1.0:  # also false for NaN
        raise ValueError(f"expected a number from 0 to 1, got {text!r}")
    return value


def parse_count(text: str) -> int:
    """A minimum count from text: a whole number of 0 or more.

    Raises:
        ValueError: anything else, with a message fit for a usage error.
    """
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise ValueError(f"expected a whole number of 0 or more, got {text!r}")
    return value


def _brier_threshold(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if value is not None and not (number and 0.0 <= value <= 1.0):  # type: ignore[operator]
        raise ValueError(f"{attribute.name}: expected a number from 0 to 1, got {value!r}")


def _count(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
        raise ValueError(f"{attribute.name}: expected a whole number of 0 or more, got {value!r}")


@attrs.frozen
class GateSettings:
    """Which gates to check, and how.

    Attributes:
        max_brier: the highest mean Brier score over all resolved calls, or
            ``None`` for no such gate.
        max_source_brier: the highest mean Brier score of any source checked,
            or ``None``.
        min_resolved: the fewest resolved calls, or ``None``.
        min_source_resolved: resolved calls a source needs to be checked by
            ``max_source_brier`` (a source with fewer is not checked; one with
            none has no score and is never checked). Fronts pass the same
            number to :func:`forecastcheck.evaluate` for the ranking.
        allow_empty: let a gate with nothing to check pass (it fails by default).

    Raises:
        ValueError: a Brier threshold outside 0..1 (NaN included) or a
            negative count.
    """

    max_brier: float | None = attrs.field(default=None, validator=_brier_threshold)
    max_source_brier: float | None = attrs.field(default=None, validator=_brier_threshold)
    min_resolved: int | None = attrs.field(default=None, validator=_count)
    min_source_resolved: int = attrs.field(default=MIN_SOURCE_RESOLVED, validator=_count)
    allow_empty: bool = False

    @property
    def any(self) -> bool:
        """Whether any gate is set."""
        return any(
            x is not None for x in (self.max_brier, self.max_source_brier, self.min_resolved)
        )


class GateStatus(enum.StrEnum):
    """What a gate found."""

    PASS = "pass"
    """Checked something, and the threshold holds."""
    FAIL = "fail"
    """Checked something, and the threshold does not hold."""
    EMPTY = "empty"
    """Had nothing to check."""


@attrs.frozen
class SourceFigure:
    """A source's figures as a gate saw them."""

    source: str
    source_name: str
    brier: float
    n_resolved: int


@attrs.frozen
class GateResult:
    """One gate checked on one ledger.

    Attributes:
        name: ``"max-brier"``, ``"max-source-brier"`` or ``"min-resolved"``.
        ledger: the ledger's label, or ``None`` when only one was checked.
        threshold: the gate's threshold.
        status: pass, fail or empty.
        passed: whether the gate lets the run pass: ``PASS``, or ``EMPTY`` with
            ``allow_empty``.
        n_checked: what was checked: resolved calls (``max-brier``,
            ``min-resolved``) or sources (``max-source-brier``).
        n_total: out of how many: calls recorded, or sources recorded.
        min_source_resolved: resolved calls a source needed to be checked
            (``max-source-brier`` only; at least 1), else ``None``.
        value: the figure compared with the threshold: the mean Brier score
            (``max-brier``), the worst checked source's (``max-source-brier``),
            the resolved count (``min-resolved``); ``None`` when empty.
        failing: the sources over the threshold, worst first (``max-source-brier``).
        line: the one-line account printed after the scoreboard.
    """

    name: str
    ledger: str | None
    threshold: float | int
    status: GateStatus
    passed: bool
    n_checked: int
    n_total: int
    min_source_resolved: int | None
    value: float | int | None
    failing: tuple[SourceFigure, ...]
    line: str


def check_gates(
    settings: GateSettings, evaluations: Iterable[tuple[str | None, Evaluation]]
) -> tuple[GateResult, ...]:
    """Check every gate that is set on every evaluation.

    Args:
        settings: the gates.
        evaluations: ``(label, evaluation)`` pairs, one per ledger; the label
            names the ledger in each line (``None``: not named).

    Returns:
        For each evaluation in order, one result per gate set, in the order
        ``max-brier``, ``max-source-brier``, ``min-resolved``.
    """
    results: list[GateResult] = []
    for label, evaluation in evaluations:
        if settings.max_brier is not None:
            results.append(_max_brier(settings, settings.max_brier, label, evaluation))
        if settings.max_source_brier is not None:
            results.append(
                _max_source_brier(settings, settings.max_source_brier, label, evaluation)
            )
        if settings.min_resolved is not None:
            results.append(_min_resolved(settings.min_resolved, label, evaluation))
    return tuple(results)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _figure(x: float, threshold: float) -> str:
    """``x`` to 3 decimals, or to as many more as show on which side of the threshold it lies."""
    for digits in range(3, 18):
        text = f"{x:.{digits}f}"
        shown = float(text)
        if (shown > threshold) == (x > threshold) and (shown == threshold) == (x == threshold):
            return text
    return repr(x)


def _head(name: str, threshold: float | int, label: str | None) -> str:
    where = f" ({label})" if label is not None else ""
    shown = f"{threshold:g}" if float(threshold).is_integer() else str(threshold)
    return f"gate {name} {shown}{where}: "


def _verdict(status: GateStatus, passed: bool, detail: str = "") -> str:
    if status is GateStatus.EMPTY:
        allowed = " — pass (nothing to check; empty gates allowed)"
        return allowed if passed else " — FAIL (nothing to check)"
    return " — pass" if passed else f" — FAIL{detail}"


def _passes(status: GateStatus, settings: GateSettings) -> bool:
    """A gate passes when it holds, or when it is empty and empty gates are allowed."""
    return status is GateStatus.PASS or (status is GateStatus.EMPTY and settings.allow_empty)


def _max_brier(
    settings: GateSettings, threshold: float, label: str | None, evaluation: Evaluation
) -> GateResult:
    overall = evaluation.overall
    n_total = overall.n_predictions
    if overall.n_resolved == 0 or overall.brier is None:
        status = GateStatus.EMPTY
        what = f"0 of {_plural(n_total, 'call')} resolved, no mean to check"
        value: float | None = None
    else:
        value = overall.brier
        status = GateStatus.PASS if value <= threshold else GateStatus.FAIL
        what = f"{_plural(overall.n_resolved, 'resolved call')}, mean {_figure(value, threshold)}"
    passed = _passes(status, settings)
    # Same shape as in calibration/decomposition.py and _max_source_brier below: a record built
    # by keyword, one argument per field (intentional).
    return GateResult(
        name="max-brier",
        ledger=label,
        threshold=threshold,
        status=status,
        passed=passed,
        n_checked=overall.n_resolved,
        n_total=n_total,
        min_source_resolved=None,
        value=value,
        failing=(),
        line=_head("max-brier", threshold, label) + what + _verdict(status, passed),
    )


def _checked(card: Scorecard, need: int) -> bool:
    return card.n_resolved >= need and card.brier is not None


def _max_source_brier(
    settings: GateSettings, threshold: float, label: str | None, evaluation: Evaluation
) -> GateResult:
    need = max(settings.min_source_resolved, 1)  # a source with no resolved call has no score
    cards = [c for c in evaluation.sources if _checked(c, need)]
    n_total = len(evaluation.sources)
    failing = tuple(
        sorted(
            (
                SourceFigure(c.source, c.source_name, c.brier, c.n_resolved)
                for c in cards
                if c.brier is not None and c.brier > threshold
            ),
            key=lambda f: (-f.brier, f.source),
        )
    )
    value = max((c.brier for c in cards if c.brier is not None), default=None)
    if not cards:
        status = GateStatus.EMPTY
        what = (
            f"0 of {_plural(n_total, 'source')} {'has' if n_total == 1 else 'have'} the "
            f"{_plural(need, 'resolved call')} the gate needs"
        )
        detail = ""
    else:
        status = GateStatus.FAIL if failing else GateStatus.PASS
        what = f"{_plural(len(cards), 'source')} checked (>= {need} resolved)"
        if value is not None and not failing:
            what += f", worst {_figure(value, threshold)}"
        detail = ": " + ", ".join(f"{f.source_name} {_figure(f.brier, threshold)}" for f in failing)
    passed = _passes(status, settings)
    # Same shape as in evaluation/pipeline.py and _max_brier above: a record built by keyword,
    # one argument per field (intentional).
    return GateResult(
        name="max-source-brier",
        ledger=label,
        threshold=threshold,
        status=status,
        passed=passed,
        n_checked=len(cards),
        n_total=n_total,
        min_source_resolved=need,
        value=value,
        failing=failing,
        line=_head("max-source-brier", threshold, label) + what + _verdict(status, passed, detail),
    )


def _min_resolved(threshold: int, label: str | None, evaluation: Evaluation) -> GateResult:
    overall = evaluation.overall
    status = GateStatus.PASS if overall.n_resolved >= threshold else GateStatus.FAIL
    passed = status is GateStatus.PASS
    what = f"{_plural(overall.n_resolved, 'resolved call')} of {overall.n_predictions}"
    return GateResult(
        name="min-resolved",
        ledger=label,
        threshold=threshold,
        status=status,
        passed=passed,
        n_checked=overall.n_resolved,
        n_total=overall.n_predictions,
        min_source_resolved=None,
        value=overall.n_resolved,
        failing=(),
        line=_head("min-resolved", threshold, label) + what + _verdict(status, passed),
    )


def any_failed(results: Sequence[GateResult]) -> bool:
    """Whether any of the gates stops the run (fails, or is empty and not allowed to be)."""
    return not all(r.passed for r in results)
