"""The pytest plugin: a thin adapter between pytest and :func:`forecastcheck.evaluate`.

Inert unless turned on, by ``--forecastcheck`` or by the ini setting
``forecastcheck_paths``. Then:

- every ledger given on the command line (a ledger file, or a folder of them)
  or named in ``forecastcheck_paths`` is loaded and evaluated once, by the
  library;
- each prediction becomes one test item, shown with its verdict under ``-v``
  (HIT, MISS, EVEN, PENDING, AMBIGUOUS, ANNULLED, UNSCORABLE); an item fails
  only when its data are invalid;
- the terminal summary prints the scoreboard;
- gates (``--forecastcheck-max-brier``, ``--forecastcheck-max-source-brier``,
  ``--forecastcheck-min-resolved``), checked by :mod:`forecastcheck.gates`,
  print one line each after the scoreboard and fail the run when one fails
  or has nothing to check (unless ``--forecastcheck-allow-empty-gates``);
- per-item figures go to ``user_properties`` (so JUnit XML and xdist carry
  them), the gate lines to the JUnit test suite's properties, and the
  ``forecastcheck`` fixture gives tests the evaluations.

Under pytest-xdist every worker collects the same items (evaluation is a
pure function of the files); the controller evaluates the same ledgers for
the scoreboard and the gates. See ``docs/pytest-plugin.md``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import fnmatch
import json
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import attrs
import pytest
from _pytest.junitxml import xml_key

from forecastcheck.errors import ForecastcheckError, LedgerError, Problem
from forecastcheck.files import FORMATS, RecordPlace, ledger_files, record_places
from forecastcheck.gates import (
    MIN_SOURCE_RESOLVED,
    GateResult,
    GateSettings,
    any_failed,
    check_gates,
    parse_brier_threshold,
    parse_count,
)

if TYPE_CHECKING:
    from forecastcheck.evaluation import Evaluation, PredictionResult

__all__ = ["ForecastcheckFixture"]

LEDGER_SUFFIXES = tuple(f".{suffix}" for suffix in FORMATS)
LEDGER_KEYS = frozenset({"log", "sources", "documents", "predictions", "events"})
NEAR_MISS = 0.8  # difflib ratio above which a top-level key is read as a misspelt ledger table

_T = TypeVar("_T")


# --- options ----------------------------------------------------------------


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("forecastcheck", "forecastcheck: score predictions in ledger files")
    group.addoption(
        "--forecastcheck",
        action="store_true",
        default=False,
        help="collect ledger files (given as arguments, or in the ini setting forecastcheck_paths)",
    )
    group.addoption(
        "--forecastcheck-as-of",
        metavar="DATE",
        default=None,
        help="resolve as of this day (YYYY-MM-DD); default: the ini setting, else today",
    )
    group.addoption(
        "--forecastcheck-scale",
        metavar="NAME",
        default=None,
        help="verbal-probability scale: a built-in name, or a scale file (.toml)",
    )
    group.addoption(
        "--forecastcheck-max-brier",
        metavar="X",
        default=None,
        help="gate: fail the run if the mean Brier score over all resolved calls exceeds X (0..1)",
    )
    group.addoption(
        "--forecastcheck-max-source-brier",
        metavar="X",
        default=None,
        help=(
            "gate: fail the run if the mean Brier score of any source with enough resolved "
            "calls (--forecastcheck-min-source-resolved) exceeds X (0..1)"
        ),
    )
    group.addoption(
        "--forecastcheck-min-resolved",
        metavar="N",
        default=None,
        help="gate: fail the run if fewer than N calls are resolved and scored",
    )
    group.addoption(
        "--forecastcheck-min-source-resolved",
        metavar="N",
        default=None,
        help=(
            "resolved calls a source needs to be ranked and to be checked by "
            f"--forecastcheck-max-source-brier (default: {MIN_SOURCE_RESOLVED})"
        ),
    )
    group.addoption(
        "--forecastcheck-allow-empty-gates",
        action="store_true",
        default=False,
        help="let a gate with nothing to check pass (by default it fails the run)",
    )
    parser.addini(
        "forecastcheck_paths", "ledger files or folders to collect", type="paths", default=[]
    )
    parser.addini("forecastcheck_as_of", "resolve as of this day (YYYY-MM-DD)", default="")
    parser.addini("forecastcheck_scale", "verbal-probability scale", default="")
    parser.addini("forecastcheck_max_brier", "gate: maximum overall mean Brier", default="")
    parser.addini(
        "forecastcheck_max_source_brier", "gate: maximum mean Brier of a checked source", default=""
    )
    parser.addini("forecastcheck_min_resolved", "gate: minimum resolved calls", default="")
    parser.addini(
        "forecastcheck_min_source_resolved",
        f"resolved calls a source needs to be ranked and gated (default: {MIN_SOURCE_RESOLVED})",
        default="",
    )
    parser.addini(
        "forecastcheck_allow_empty_gates",
        "let a gate with nothing to check pass",
        type="bool",
        default=False,
    )


@attrs.frozen
class _Settings:
    as_of: dt.date
    scale: str | None
    gates: GateSettings


@attrs.define
class _State:
    settings: _Settings
    roots: list[Path]
    labels: dict[Path, str] = attrs.Factory(dict)
    evaluations: dict[Path, Evaluation | Exception] = attrs.Factory(dict)
    places: dict[Path, list[RecordPlace]] = attrs.Factory(dict)
    gates: tuple[GateResult, ...] | None = None


_STATE = pytest.StashKey[_State]()


def _ini_or_option(config: pytest.Config, option: str) -> tuple[str | None, str]:
    """The setting's text (the command line wins over the ini file), and where it came from."""
    value = config.getoption(option)
    if value is not None:
        return str(value), "--" + option.replace("_", "-")
    text = str(config.getini(option)).strip()
    return text or None, option


def _settings(config: pytest.Config) -> _Settings:
    as_of_text, _ = _ini_or_option(config, "forecastcheck_as_of")
    try:
        as_of = dt.date.fromisoformat(as_of_text) if as_of_text else dt.date.today()
    except ValueError:
        raise pytest.UsageError(
            f"--forecastcheck-as-of: expected a day (YYYY-MM-DD), got {as_of_text!r}"
        ) from None

    def number(option: str, parse: Callable[[str], _T]) -> _T | None:
        text, where = _ini_or_option(config, option)
        if text is None:
            return None
        try:
            return parse(text)
        except ValueError as exc:
            raise pytest.UsageError(f"{where}: {exc}") from None

    min_source_resolved = number("forecastcheck_min_source_resolved", parse_count)
    gates = GateSettings(
        max_brier=number("forecastcheck_max_brier", parse_brier_threshold),
        max_source_brier=number("forecastcheck_max_source_brier", parse_brier_threshold),
        min_resolved=number("forecastcheck_min_resolved", parse_count),
        min_source_resolved=MIN_SOURCE_RESOLVED
        if min_source_resolved is None
        else min_source_resolved,
        allow_empty=bool(
            config.getoption("forecastcheck_allow_empty_gates")
            or config.getini("forecastcheck_allow_empty_gates")
        ),
    )
    return _Settings(
        as_of=as_of, scale=_ini_or_option(config, "forecastcheck_scale")[0], gates=gates
    )


def _is_ledger_key(key: str) -> bool:
    return key in LEDGER_KEYS or bool(difflib.get_close_matches(key, LEDGER_KEYS, 1, NEAR_MISS))


def _is_ledger_file(path: Path) -> bool:
    """A file whose top-level keys are all ledger tables, or near misses of them.

    So pyproject.toml is not one, and a file with a misspelt table
    (``[[predictons]]``) still is: loading it reports the misspelling.
    """
    if path.suffix.lower() not in LEDGER_SUFFIXES or not path.is_file():
        return False
    try:
        text = path.read_text(encoding="utf-8")
        if path.suffix.lower() == ".jsonl":
            first = next((line for line in text.split("\n") if line.strip()), "")
            keys = set(json.loads(first)) if first else set()
        elif path.suffix.lower() == ".toml":
            keys = set(tomllib.loads(text))
        else:
            data = json.loads(text)
            keys = set(data) if isinstance(data, dict) else set()
    except (OSError, UnicodeDecodeError, ValueError, tomllib.TOMLDecodeError):
        return True  # unreadable ledger-like files are collected so their problems are reported
    return bool(keys) and all(_is_ledger_key(str(key)) for key in keys)


def _ledger_roots(config: pytest.Config) -> list[Path]:
    """The ledgers named on the command line or in ``forecastcheck_paths``.

    A file named there is a ledger whatever it holds (loading it reports what
    is wrong). A folder is one ledger when every TOML/JSON file in it is a
    ledger file. Otherwise (a project folder holding pyproject.toml, say) the
    ledgers are looked for inside it: each pure sub-folder is one ledger, each
    ledger file lying beside other files is one ledger by itself.
    """
    skip = [str(p) for p in config.getini("norecursedirs")]
    roots: list[Path] = []
    ini_paths = [Path(p) for p in config.getini("forecastcheck_paths")]
    given = config.args_source is pytest.Config.ArgsSource.ARGS
    # pytest's default arguments (the invocation folder, testpaths) name no
    # ledger when forecastcheck_paths does
    candidates = [Path(arg.split("::")[0]) for arg in config.args] if given or not ini_paths else []
    candidates += ini_paths
    for candidate in candidates:
        path = (
            candidate if candidate.is_absolute() else Path(config.invocation_params.dir, candidate)
        )
        path = path.resolve()
        if path.is_file() and path.suffix.lower() in LEDGER_SUFFIXES:
            roots.append(path)
        else:
            roots.extend(_roots_in(path, skip))
    unique = list(dict.fromkeys(roots))
    # a file or folder inside a ledger folder is part of that ledger, not another one
    return [r for r in unique if not any(o.is_dir() and o in r.parents for o in unique)]


def _roots_in(path: Path, skip: list[str]) -> list[Path]:
    if path.is_file():
        return [path] if _is_ledger_file(path) else []
    if not path.is_dir():
        return []
    files = [file for file, _ in ledger_files(path)]  # what loading this folder would read
    if not files:
        return []
    if all(_is_ledger_file(f) for f in files):
        return [path]
    roots = [f for f in sorted(path.iterdir()) if f.is_file() and _is_ledger_file(f)]
    for sub in sorted(path.iterdir()):
        if sub.is_dir() and not _skipped(sub, skip):
            roots.extend(_roots_in(sub, skip))
    return roots


def _skipped(folder: Path, skip: list[str]) -> bool:
    return any(fnmatch.fnmatch(folder.name, pattern) for pattern in skip)


def pytest_configure(config: pytest.Config) -> None:
    enabled = config.getoption("forecastcheck") or bool(config.getini("forecastcheck_paths"))
    if not enabled:
        return
    state = _State(settings=_settings(config), roots=[])
    state.roots = _ledger_roots(config)
    state.labels = {root: _label(config, root) for root in state.roots}
    config.stash[_STATE] = state
    for path in config.getini("forecastcheck_paths"):
        if str(path) not in config.args:
            config.args.append(str(path))
    config.addinivalue_line("markers", "forecastcheck: a prediction collected from a ledger file")


def _label(config: pytest.Config, root: Path) -> str:
    """How lines name a ledger: its path from where pytest was started, if it is inside."""
    try:
        return root.relative_to(Path(config.invocation_params.dir).resolve()).as_posix()
    except ValueError:
        return str(root)


def _evaluation(state: _State, root: Path) -> Evaluation | Exception:
    """The library's evaluation of one ledger, computed once per process."""
    if root not in state.evaluations:
        from forecastcheck.evaluation import evaluate
        from forecastcheck.files import load
        from forecastcheck.verbal import DEFAULT_SCALE, Scale, load_scale

        try:
            name = state.settings.scale or DEFAULT_SCALE
            scale: str | Scale = load_scale(name) if name.lower().endswith(".toml") else name
            state.evaluations[root] = evaluate(
                load(root),
                as_of=state.settings.as_of,
                scale=scale,
                min_resolved=state.settings.gates.min_source_resolved,
            )
        except ForecastcheckError as exc:
            state.evaluations[root] = exc
    return state.evaluations[root]


# --- collection -------------------------------------------------------------


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    state = parent.config.stash.get(_STATE, None)
    if state is None or file_path.suffix.lower() not in LEDGER_SUFFIXES:
        return None
    resolved = file_path.resolve()
    for root in state.roots:
        if resolved == root or root in resolved.parents:
            if root.is_dir() and not _is_ledger_file(resolved):
                return None
            return LedgerFile.from_parent(parent, path=file_path, root=root)
    return None


class LedgerFile(pytest.File):
    """One ledger file: an item per prediction it records."""

    def __init__(self, *, root: Path, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.root = root

    def collect(self) -> Iterator[pytest.Item]:
        state = self.config.stash[_STATE]
        evaluation = _evaluation(state, self.root)
        problems: list[Problem] = []
        if isinstance(evaluation, LedgerError):
            problems = list(evaluation.problems)
        elif isinstance(evaluation, Exception):
            problems = [Problem("", "", str(evaluation))]
        me = self.path.resolve()
        files = ledger_files(self.root)
        labels = {label for _, label in files}
        label = next((label for file, label in files if file.resolve() == me), self.path.name)
        is_first = bool(files) and files[0][0].resolve() == me
        # this file's problems; the first file also takes those no file owns
        mine = [
            p
            for p in problems
            if p.file.split(":")[0] == label or (is_first and p.file.split(":")[0] not in labels)
        ]
        claimed: set[Problem] = set()
        for index, place in enumerate(_places(state, self.root, me)):
            own = [p for p in mine if place.holds(p)]
            claimed.update(own)
            name = place.id or f"predictions[{index}]"
            result = None if isinstance(evaluation, Exception) else evaluation.by_id(name)
            _, _, line = place.file.rpartition(":")
            yield PredictionItem.from_parent(
                self,
                name=name,
                result=result,
                problems=[str(p) for p in own],
                ledger_invalid=bool(problems),
                line=int(line) - 1 if line.isdigit() else None,
            )
        rest = [str(p) for p in mine if p not in claimed]
        if rest:
            yield PredictionItem.from_parent(
                self, name="[ledger]", result=None, problems=rest, ledger_invalid=True, line=None
            )


def _places(state: _State, root: Path, file: Path) -> list[RecordPlace]:
    """The prediction records of one file of a ledger, read once per ledger."""
    if root not in state.places:
        state.places[root] = record_places(root)
    return [
        p for p in state.places[root] if p.table == "predictions" and p.source.resolve() == file
    ]


class PredictionDataError(Exception):
    """The prediction's record (or its ledger) is invalid."""


class PredictionItem(pytest.Item):
    """One prediction; passes when its data are valid, whatever its verdict."""

    def __init__(
        self,
        *,
        result: PredictionResult | None,
        problems: list[str],
        ledger_invalid: bool,
        line: int | None,
        **kwargs: object,
    ) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.result = result
        self.problems = problems
        self.ledger_invalid = ledger_invalid
        self.line = line
        self.add_marker("forecastcheck")
        if result is not None:
            for key, value in _figures(result).items():
                self.user_properties.append((key, value))

    def runtest(self) -> None:
        if self.problems:
            raise PredictionDataError("\n".join(self.problems))
        if self.ledger_invalid:
            pytest.skip(
                "not evaluated: the ledger has problems (see the [ledger] item and the failures)"
            )

    def repr_failure(
        self,
        excinfo: pytest.ExceptionInfo[BaseException],
        style: str | None = None,
    ) -> str:
        if isinstance(excinfo.value, PredictionDataError):
            return f"invalid prediction data:\n{excinfo.value}"
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, self.line, f"prediction {self.name}"


def _figures(result: PredictionResult) -> dict[str, object]:
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


# --- reporting --------------------------------------------------------------


def pytest_report_teststatus(
    report: pytest.TestReport, config: pytest.Config
) -> tuple[str, str, str] | None:
    if report.when != "call" or not report.passed:
        return None
    verdict = dict(report.user_properties).get("forecastcheck_verdict")
    if not isinstance(verdict, str):
        return None
    word = verdict.upper()
    return word.lower(), word[0], word


def _gates(state: _State) -> tuple[GateResult, ...]:
    """The gates checked on every ledger that could be evaluated, computed once."""
    if state.gates is None:
        several = len(state.roots) > 1
        pairs = [(root, _evaluation(state, root)) for root in state.roots]
        state.gates = check_gates(
            state.settings.gates,
            [
                (state.labels[root] if several else None, evaluation)
                for root, evaluation in pairs
                if not isinstance(evaluation, Exception)
            ],
        )
    return state.gates


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, exitstatus: int, config: pytest.Config
) -> None:
    state = config.stash.get(_STATE, None)
    if state is None or not state.roots:
        return
    from forecastcheck.report import render_scoreboard

    broken: list[str] = []
    for root in state.roots:
        evaluation = _evaluation(state, root)
        terminalreporter.write_sep("=", f"forecastcheck: {state.labels[root]}")
        if isinstance(evaluation, Exception):
            terminalreporter.write_line(f"not evaluated: {evaluation}")
            broken.append(state.labels[root])
            continue
        terminalreporter.write_line(render_scoreboard(evaluation))
    if not state.settings.gates.any:
        return
    for result in _gates(state):
        terminalreporter.write_line(result.line, red=not result.passed, bold=not result.passed)
    for label in broken:
        terminalreporter.write_line(
            f"gates not checked on {label}: the ledger has problems (see the failures)",
            red=True,
            bold=True,
        )


@pytest.hookimpl(tryfirst=True)  # before junitxml writes its file
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    state = session.config.stash.get(_STATE, None)
    if state is None or hasattr(session.config, "workerinput") or not state.settings.gates.any:
        return
    results = _gates(state)
    xml = session.config.stash.get(xml_key, None)
    if xml is not None:
        for result in results:
            xml.add_global_property(
                f"forecastcheck_gate_{result.name.replace('-', '_')}", result.line
            )
        xml.add_global_property("forecastcheck_gates", "fail" if any_failed(results) else "pass")
    if any_failed(results) and session.exitstatus in (
        pytest.ExitCode.OK,
        pytest.ExitCode.NO_TESTS_COLLECTED,
    ):
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


# --- the fixture ------------------------------------------------------------


@attrs.define
class ForecastcheckFixture:
    """What the ``forecastcheck`` fixture gives a test: evaluations of ledgers.

    ``forecastcheck.evaluation()`` is the evaluation of the one configured
    ledger; ``forecastcheck.evaluation("path/to/ledger")`` evaluates any
    ledger with the session's settings (as-of date, scale).
    """

    _config: pytest.Config

    def evaluation(self, path: str | Path | None = None) -> Evaluation:
        state = self._config.stash.get(_STATE, None)
        if state is None:
            state = _State(settings=_settings(self._config), roots=[])
            self._config.stash[_STATE] = state
        if path is None:
            if len(state.roots) != 1:
                raise ValueError(f"{len(state.roots)} ledgers are configured; name one")
            root = state.roots[0]
        else:
            root = Path(path).resolve()
        evaluation = _evaluation(state, root)
        if isinstance(evaluation, Exception):
            raise evaluation
        return evaluation

    @property
    def as_of(self) -> dt.date:
        """The as-of date in force."""
        state = self._config.stash.get(_STATE, None)
        return state.settings.as_of if state is not None else _settings(self._config).as_of


@pytest.fixture
def forecastcheck(request: pytest.FixtureRequest) -> ForecastcheckFixture:
    """Evaluations of ledgers, for assertions on scorecards in users' own tests."""
    return ForecastcheckFixture(request.config)
