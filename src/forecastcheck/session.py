"""A run over ledgers with one set of settings: what the command line and the pytest plugin share.

- :class:`RunSettings` holds every choice a front takes from its user: the
  as-of day, the scale, the point rule, the bootstrap, the gates;
  :func:`parse_day` and :func:`scale_for` read the as-of day and the scale
  the same way for every front.
- :func:`evaluate_ledger` evaluates a ledger under those settings (the
  ranking minimum is the source gate's, so the two cannot disagree).
- :class:`Session` evaluates each of several ledgers once, checks the gates
  once on those that could be evaluated, and places each problem of a broken
  ledger on the record (or failing that, the file) it is about.

The fronts only parse their arguments and print (``docs/pytest-plugin.md``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from forecastcheck.errors import ForecastcheckError, LedgerError, Problem
from forecastcheck.gates import GateResult, GateSettings, check_gates
from forecastcheck.ledger import RecordPlace, ledger_files, load, record_places
from forecastcheck.ledger.chains import DEFAULT_RESTATED

if TYPE_CHECKING:
    from forecastcheck.evaluation import Evaluation
    from forecastcheck.ledger import Ledger
    from forecastcheck.verbal import Scale

__all__ = [
    "FileProblems",
    "RecordProblems",
    "RunSettings",
    "Session",
    "evaluate_ledger",
    "is_scale_file",
    "parse_day",
    "place_problems",
    "problems_of",
    "scale_for",
]

_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_day(text: str) -> dt.date:
    """An as-of day written exactly as ``YYYY-MM-DD`` (``20260207`` is refused).

    Raises:
        ValueError: anything else, or a day that does not exist.
    """
    try:
        if _DAY.fullmatch(text):
            return dt.date.fromisoformat(text)
    except ValueError:
        pass
    raise ValueError(f"expected a date as YYYY-MM-DD, got {text!r}")


def is_scale_file(name: str) -> bool:
    """Whether a scale setting names a scale file (``.toml``) rather than a built-in scale."""
    return name.lower().endswith(".toml")


def scale_for(name: str | None) -> str | Scale:
    """The scale a setting names: a built-in scale's name as given, or the scale file loaded.

    ``None`` is the default scale.

    Raises:
        ScaleError: the scale file cannot be read or has problems.
    """
    from forecastcheck.verbal import DEFAULT_SCALE, load_scale  # noqa: PLC0415 - numpy

    if name is None:
        return DEFAULT_SCALE
    return load_scale(name) if is_scale_file(name) else name


@attrs.frozen
class RunSettings:
    """Every choice a front takes from its user.

    Attributes:
        as_of: the day the questions are asked.
        scale: a built-in scale's name, a scale file, a loaded scale, or
            ``None`` for the default.
        point_rule: which point of a phrase's interval is scored.
        restated: how chains of restated readings are scored (``evaluate(restated=...)``).
        n_bootstrap: bootstrap resamples for the intervals.
        seed: seed of the bootstrap.
        gates: the gates; their ``min_source_resolved`` is also the ranking minimum.
    """

    as_of: dt.date
    scale: str | Scale | None = None
    point_rule: str = "stated"
    restated: str = DEFAULT_RESTATED
    n_bootstrap: int = 1000
    seed: int = 0
    gates: GateSettings = attrs.Factory(GateSettings)


def evaluate_ledger(ledger: Ledger, settings: RunSettings) -> Evaluation:
    """:func:`forecastcheck.evaluate` under ``settings``.

    Raises:
        ScaleError: the scale is unknown, or its file has problems.
    """
    from forecastcheck.evaluation import evaluate  # noqa: PLC0415 - numpy and scipy

    scale = settings.scale
    return evaluate(
        ledger,
        as_of=settings.as_of,
        scale=scale_for(scale) if scale is None or isinstance(scale, str) else scale,
        point_rule=settings.point_rule,
        restated=settings.restated,
        min_resolved=settings.gates.min_source_resolved,
        n_bootstrap=settings.n_bootstrap,
        seed=settings.seed,
    )


@attrs.frozen
class RecordProblems:
    """A prediction record of one file, and the problems about it.

    Attributes:
        place: where the record stands.
        name: how to name it: its id, or ``predictions[N]`` (its place in the file).
        line: its line in the file (JSON Lines), counting from 1, else ``None``.
        problems: the problems about it or a field inside it.
    """

    place: RecordPlace
    name: str
    line: int | None
    problems: tuple[Problem, ...]


@attrs.frozen
class FileProblems:
    """A ledger file's prediction records, and the problems no record of it owns.

    The first file of a ledger also takes the problems no file owns.
    """

    records: tuple[RecordProblems, ...]
    rest: tuple[Problem, ...]


def _line_of(place: RecordPlace, label: str) -> int | None:
    """The line a JSON Lines record's place carries after its file's label (``label:N``)."""
    number = place.file.removeprefix(f"{label}:")
    return int(number) if place.file != label and number.isdigit() else None


def _owned_by(problem: Problem, label: str) -> bool:
    """Whether ``problem`` names the file labelled ``label`` (as ``label:N`` in JSON Lines)."""
    if problem.file == label:
        return True
    number = problem.file.removeprefix(f"{label}:")
    return label.lower().endswith(".jsonl") and number != problem.file and number.isdigit()


def place_problems(
    root: Path, file: Path, problems: Sequence[Problem], places: Sequence[RecordPlace]
) -> FileProblems:
    """The problems of one file of the ledger at ``root``, placed on its prediction records.

    Args:
        root: the ledger (file or folder).
        file: one of its files.
        problems: the ledger's problems.
        places: the ledger's record places (:func:`~forecastcheck.ledger.record_places`).
    """
    files = ledger_files(root)
    me = file.resolve()
    label = next((lbl for f, lbl in files if f.resolve() == me), file.name)
    is_first = bool(files) and files[0][0].resolve() == me
    mine = [
        p
        for p in problems
        if _owned_by(p, label) or (is_first and not any(_owned_by(p, lbl) for _, lbl in files))
    ]
    records: list[RecordProblems] = []
    claimed: set[Problem] = set()
    resolved: dict[Path, Path] = {}  # each file resolved once, not once per record
    ours = [
        p
        for p in places
        if p.table == "predictions"
        and (resolved.get(p.source) or resolved.setdefault(p.source, p.source.resolve())) == me
    ]
    for index, place in enumerate(ours):
        own = tuple(p for p in mine if place.holds(p))
        claimed.update(own)
        name = place.id or f"predictions[{index}]"
        records.append(RecordProblems(place, name, _line_of(place, label), own))
    return FileProblems(tuple(records), tuple(p for p in mine if p not in claimed))


def problems_of(error: ForecastcheckError) -> tuple[Problem, ...]:
    """The located problems an error carries; an error of another kind is one unlocated problem."""
    if isinstance(error, LedgerError):
        return error.problems
    return (Problem("", "", str(error)),)


@attrs.define
class Session:
    """Several ledgers under one set of settings, each evaluated once, the gates checked once.

    Attributes:
        settings: the settings.
        roots: the ledgers, as resolved paths.
        labels: how lines name each ledger.
    """

    settings: RunSettings
    roots: list[Path] = attrs.Factory(list)
    labels: dict[Path, str] = attrs.Factory(dict)
    _evaluations: dict[Path, Evaluation | ForecastcheckError] = attrs.field(
        factory=dict, init=False
    )
    _places: dict[Path, list[RecordPlace]] = attrs.field(factory=dict, init=False)
    _gates: tuple[GateResult, ...] | None = attrs.field(default=None, init=False)

    def label(self, root: Path) -> str:
        """How lines name the ledger at ``root``."""
        return self.labels.get(root, str(root))

    def evaluation(self, root: Path) -> Evaluation | ForecastcheckError:
        """The ledger's evaluation, or the error that stopped it; computed once."""
        if root not in self._evaluations:
            try:
                self._evaluations[root] = evaluate_ledger(load(root), self.settings)
            except ForecastcheckError as exc:
                self._evaluations[root] = exc
        return self._evaluations[root]

    def problems(self, root: Path) -> tuple[Problem, ...]:
        """The problems that stopped the ledger's evaluation (none if it was evaluated)."""
        evaluation = self.evaluation(root)
        return problems_of(evaluation) if isinstance(evaluation, ForecastcheckError) else ()

    def file_problems(self, root: Path, file: Path) -> FileProblems:
        """One file's prediction records with their problems; the ledger is read once."""
        if root not in self._places:
            self._places[root] = record_places(root)
        return place_problems(root, file, self.problems(root), self._places[root])

    def broken(self) -> list[Path]:
        """The ledgers that could not be evaluated."""
        return [r for r in self.roots if isinstance(self.evaluation(r), ForecastcheckError)]

    def gates(self) -> tuple[GateResult, ...]:
        """The gates checked on every ledger that could be evaluated, computed once.

        Lines name their ledger only when there are several.
        """
        if self._gates is None:
            several = len(self.roots) > 1
            evaluated = [
                (r, e)
                for r in self.roots
                if not isinstance(e := self.evaluation(r), ForecastcheckError)
            ]
            self._gates = check_gates(
                self.settings.gates,
                [(self.label(r) if several else None, e) for r, e in evaluated],
            )
        return self._gates
