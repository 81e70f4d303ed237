"""The pytest plugin's items: what a prediction's item and a whole file's item share.

A ledger file gives pytest either one item per prediction or one item for all
the predictions of the file; ``forecastcheck_items = auto``, the default,
chooses by the file's size (:func:`kind_for`: an item each up to
:data:`AUTO_MAX_PREDICTIONS` predictions). Both fail only on invalid data,
listing the located problems, and are skipped when another file's problems
stopped the ledger's evaluation; :class:`DataItem` holds that behaviour. :class:`PredictionsItem`
is the whole file's item: it counts its predictions' verdicts (``-v`` shows
the tally, JUnit XML carries it) and lists each prediction's verdict in a
report section (``-rP`` shows it). A valid ledger of one file is named from
its evaluation (:func:`ledger_results`), not read a second time.
See ``docs/pytest-plugin.md``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from forecastcheck import _terminal
from forecastcheck.errors import ForecastcheckError
from forecastcheck.ledger import ledger_files

if TYPE_CHECKING:
    from forecastcheck.errors import Problem
    from forecastcheck.evaluation import Evaluation, PredictionResult
    from forecastcheck.session import RecordProblems, Session

__all__ = [
    "AUTO",
    "AUTO_MAX_PREDICTIONS",
    "DRAFT",
    "FILE",
    "FILE_ITEM_NAME",
    "ITEM_KINDS",
    "NOT_EVALUATED",
    "PREDICTION",
    "DataItem",
    "PredictionDataError",
    "PredictionsItem",
    "auto_lines",
    "figures",
    "file_items",
    "kind_for",
    "ledger_results",
    "parse_item_kind",
    "result_of",
    "tally",
]

PREDICTION, FILE = "prediction", "file"  # the item kinds: one per prediction, one per file
ITEM_KINDS = (PREDICTION, FILE)
"""What a ledger file's items are: one per prediction, or one per file."""

AUTO = "auto"
"""The default: an item per prediction up to :data:`AUTO_MAX_PREDICTIONS`, else one per file."""

AUTO_MAX_PREDICTIONS = 1000
"""The most predictions a file may hold and still give an item each under ``auto``.

pytest spends about half a millisecond on each item (collecting it, making
and logging its three reports), so a file at this size adds about half a
second to the run; ``docs/pytest-plugin.md`` gives the measurements.
"""

NOT_EVALUATED = "not evaluated: the ledger has problems (see the [ledger] item and the failures)"

DRAFT = "a draft, still to confirm (remove draft = true): the evaluation leaves it out"

FILE_ITEM_NAME = "[predictions]"
"""The name of a file's one item under ``forecastcheck_items = file``."""


def parse_item_kind(text: str) -> str:
    """``prediction``, ``file`` or ``auto``, as given.

    Raises:
        ValueError: anything else.
    """
    if text in ITEM_KINDS or text == AUTO:
        return text
    raise ValueError(
        f"expected one of {', '.join(ITEM_KINDS)}, got {text!r} "
        f"(or {AUTO}, the default, which chooses by the size of each file)"
    )


def kind_for(setting: str, n_predictions: int) -> str:
    """The item kind a file of ``n_predictions`` gets under ``setting`` (``auto``: by size)."""
    if setting != AUTO:
        return setting
    return PREDICTION if n_predictions <= AUTO_MAX_PREDICTIONS else FILE


def ledger_results(
    root: Path, file: Path, evaluation: Evaluation | ForecastcheckError
) -> tuple[PredictionResult, ...] | None:
    """The results of ``file``'s predictions when it is the whole of a valid ledger, else ``None``.

    They are its evaluation's, in file order, so the file need not be read
    again to name its predictions. A ledger with drafts (which its evaluation
    leaves out), with problems, or of several files gives ``None``.
    """
    if isinstance(evaluation, ForecastcheckError) or evaluation.n_drafts:
        return None
    if file.resolve() != root:
        return None
    return evaluation.predictions


def _count(session: Session, root: Path, file: Path) -> int:
    """How many prediction records ``file`` of the ledger at ``root`` holds."""
    results = ledger_results(root, file, session.evaluation(root))
    return len(session.file_problems(root, file).records) if results is None else len(results)


def auto_lines(session: Session, root: Path, setting: str) -> list[str]:
    """A line for each file ``auto`` gave one item, saying how to get an item per prediction."""
    if setting != AUTO:
        return []
    lines = []
    for file, _ in ledger_files(root):
        n = _count(session, root, file)
        if kind_for(setting, n) == FILE:
            name = session.label(root)
            if file.resolve() != root:
                name = f"{name}/{file.resolve().relative_to(root).as_posix()}"
            lines.append(
                f"{_terminal.printable(name)}: one item for its {n} predictions "
                f"(forecastcheck_items = {AUTO} gives an item each only up to "
                f"{AUTO_MAX_PREDICTIONS}); --forecastcheck-items prediction gives an item each"
            )
    return lines


class PredictionDataError(Exception):
    """The prediction's record (or its ledger) is invalid."""


class DataItem(pytest.Item):
    """An item that fails when its records have problems, and is skipped when its ledger does."""

    problems: tuple[Problem, ...]
    ledger_invalid: bool
    line: int | None
    draft: bool = False

    def runtest(self) -> None:
        if self.problems:
            raise PredictionDataError("\n".join(_terminal.printable(str(p)) for p in self.problems))
        if self.ledger_invalid:
            pytest.skip(NOT_EVALUATED)
        if self.draft:
            pytest.skip(DRAFT)

    def repr_failure(
        self,
        excinfo: pytest.ExceptionInfo[BaseException],
        style: str | None = None,
    ) -> str:
        if isinstance(excinfo.value, PredictionDataError):
            return f"invalid prediction data:\n{excinfo.value}"
        return str(super().repr_failure(excinfo))


def result_of(evaluation: Evaluation, name: str, *, draft: bool = False) -> PredictionResult | None:
    """The result of the prediction record named ``name``; ``None`` when the record is a draft.

    ``draft`` is the record's own flag (``draft = true`` as written). A valid
    ledger's evaluation has a result for every prediction record but its
    drafts, which it leaves out; so any other record without a result (one
    the evaluation never read: the file changed after it was evaluated) is
    raised as the fault it is, never taken for a draft, whether or not the
    ledger has drafts.

    Raises:
        KeyError: a record that is not a draft has no result.
    """
    return None if draft else evaluation.by_id(name)


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
        results: Sequence[PredictionResult | None] | None,
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
            verdicts = [_verdict(result) for result in self.results]
            self.user_properties.append(("forecastcheck_verdicts", tally(verdicts)))

    def runtest(self) -> None:
        super().runtest()
        if self.results is not None:
            lines = (
                f"{name} {_verdict(r)}" for name, r in zip(self.names, self.results, strict=True)
            )
            self.add_report_section("call", "forecastcheck verdicts", "\n".join(lines))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"predictions of {self.path.name}"


def _verdict(result: PredictionResult | None) -> str:
    """A prediction's verdict in a file's tally and listing; ``DRAFT`` for a draft."""
    return "DRAFT" if result is None else str(result.verdict)


def file_items(
    parent: pytest.File,
    evaluation: Evaluation | ForecastcheckError,
    records: Sequence[RecordProblems] | None = None,
) -> Iterator[PredictionsItem]:
    """A ledger file's one item for all its prediction records, if it has any.

    ``records`` are the file's records with their problems; ``None`` when the
    file is the whole of a valid ledger (see :func:`ledger_results`), whose
    records are named from ``evaluation``, the file not read again.
    """
    invalid = isinstance(evaluation, ForecastcheckError)
    results: Sequence[PredictionResult | None] | None = None
    if records is None:
        assert not isinstance(evaluation, ForecastcheckError)  # a valid ledger's evaluation
        results = evaluation.predictions
        names = [result.id for result in evaluation.predictions]
        problems: tuple[Problem, ...] = ()
    else:
        if not isinstance(evaluation, ForecastcheckError):
            results = [result_of(evaluation, r.name, draft=r.place.draft) for r in records]
        names = [record.name for record in records]
        problems = tuple(p for record in records for p in record.problems)
    if not names:
        return
    yield PredictionsItem.from_parent(
        parent,
        name=FILE_ITEM_NAME,
        names=[_terminal.printable(name) for name in names],
        results=results,
        problems=problems,
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
