"""The pytest plugin's items: what a prediction's item and a whole file's item share.

A ledger file gives pytest either one item per prediction (the plugin's
default) or, under ``forecastcheck_items = file``, one item for all the
predictions of the file. Both fail only on invalid data, listing the located
problems, and are skipped when another file's problems stopped the ledger's
evaluation; :class:`DataItem` holds that behaviour. :class:`PredictionsItem`
is the whole file's item: it counts its predictions' verdicts (``-v`` shows
the tally, JUnit XML carries it) and lists each prediction's verdict in a
report section (``-rP`` shows it). See ``docs/pytest-plugin.md``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from forecastcheck import _terminal
from forecastcheck.errors import ForecastcheckError

if TYPE_CHECKING:
    from forecastcheck.errors import Problem
    from forecastcheck.evaluation import Evaluation, PredictionResult
    from forecastcheck.session import RecordProblems

__all__ = [
    "FILE_ITEM_NAME",
    "ITEM_KINDS",
    "NOT_EVALUATED",
    "DataItem",
    "PredictionDataError",
    "PredictionsItem",
    "figures",
    "file_items",
    "parse_item_kind",
    "tally",
]

ITEM_KINDS = ("prediction", "file")
"""What a ledger file's items are: one per prediction (the default), or one per file."""

NOT_EVALUATED = "not evaluated: the ledger has problems (see the [ledger] item and the failures)"

FILE_ITEM_NAME = "[predictions]"
"""The name of a file's one item under ``forecastcheck_items = file``."""


def parse_item_kind(text: str) -> str:
    """``prediction`` or ``file``, as given.

    Raises:
        ValueError: anything else.
    """
    if text in ITEM_KINDS:
        return text
    raise ValueError(f"expected one of {', '.join(ITEM_KINDS)}, got {text!r}")


class PredictionDataError(Exception):
    """The prediction's record (or its ledger) is invalid."""


class DataItem(pytest.Item):
    """An item that fails when its records have problems, and is skipped when its ledger does."""

    problems: tuple[Problem, ...]
    ledger_invalid: bool
    line: int | None

    def runtest(self) -> None:
        if self.problems:
            raise PredictionDataError("\n".join(_terminal.printable(str(p)) for p in self.problems))
        if self.ledger_invalid:
            pytest.skip(NOT_EVALUATED)

    def repr_failure(
        self,
        excinfo: pytest.ExceptionInfo[BaseException],
        style: str | None = None,
    ) -> str:
        if isinstance(excinfo.value, PredictionDataError):
            return f"invalid prediction data:\n{excinfo.value}"
        return str(super().repr_failure(excinfo))


def tally(verdicts: Sequence[str]) -> str:
    """``3 HIT, 2 MISS, 1 PENDING``: each verdict's count, most frequent first, ties by name."""
    counts = sorted(Counter(verdicts).items(), key=lambda pair: (-pair[1], pair[0]))
    return ", ".join(f"{n} {verdict}" for verdict, n in counts)


class PredictionsItem(DataItem):
    """Every prediction of one ledger file as a single item, ``FILE::[predictions]``.

    It fails listing every problem of its records, is skipped when the ledger
    is invalid elsewhere, and otherwise passes: its JUnit properties are
    ``forecastcheck_predictions`` (how many) and ``forecastcheck_verdicts``
    (the tally), and its call report carries a ``forecastcheck verdicts``
    section with one ``name VERDICT`` line per prediction.
    """

    def __init__(
        self,
        *,
        names: Sequence[str],
        results: Sequence[PredictionResult] | None,
        problems: tuple[Problem, ...],
        ledger_invalid: bool,
        **kwargs: object,
    ) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.names = tuple(names)
        self.results = None if results is None else tuple(results)
        self.problems = problems
        self.ledger_invalid = ledger_invalid
        self.line = None
        self.add_marker("forecastcheck")
        self.user_properties.append(("forecastcheck_predictions", len(self.names)))
        if self.results is not None and not problems:
            verdicts = [str(result.verdict) for result in self.results]
            self.user_properties.append(("forecastcheck_verdicts", tally(verdicts)))

    def runtest(self) -> None:
        super().runtest()
        if self.results is not None:
            lines = (
                f"{name} {r.verdict}" for name, r in zip(self.names, self.results, strict=True)
            )
            self.add_report_section("call", "forecastcheck verdicts", "\n".join(lines))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"predictions of {self.path.name}"


def file_items(
    parent: pytest.File,
    records: Sequence[RecordProblems],
    evaluation: Evaluation | ForecastcheckError,
) -> Iterator[PredictionsItem]:
    """A ledger file's item for all its prediction records, if it has any."""
    if not records:
        return
    invalid = isinstance(evaluation, ForecastcheckError)
    results = None
    if not isinstance(evaluation, ForecastcheckError):
        results = [evaluation.by_id(record.name) for record in records]
    yield PredictionsItem.from_parent(
        parent,
        name=FILE_ITEM_NAME,
        names=[_terminal.printable(record.name) for record in records],
        results=results,
        problems=tuple(p for record in records for p in record.problems),
        ledger_invalid=invalid,
    )


def figures(result: PredictionResult) -> dict[str, object]:
    """A prediction item's JUnit properties: its verdict and its scores."""
    return {
        "forecastcheck_verdict": str(result.verdict),
        "forecastcheck_source": result.source,
        "forecastcheck_status": str(result.status),
        "forecastcheck_probability": result.probability,
        "forecastcheck_outcome": result.outcome,
        "forecastcheck_brier": result.brier,
        "forecastcheck_log_score": result.log_score,
        "forecastcheck_decided_on": None
        if result.decided_on is None
        else result.decided_on.isoformat(),
    }
