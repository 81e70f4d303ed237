"""The pytest plugin: a thin adapter between pytest and :func:`forecastcheck.evaluate`.

Inert unless turned on, by ``--forecastcheck`` or by the ini setting
``forecastcheck_paths``. Then:

- every ledger given on the command line (a ledger file, or a folder of them)
  or named in ``forecastcheck_paths`` is loaded and evaluated once, by the
  library;
- each prediction becomes one test item, shown with its verdict under ``-v``
  (HIT, MISS, EVEN, PENDING, AMBIGUOUS, ANNULLED, UNSCORABLE); an item fails
  only when its data are invalid; a ledger file of more than a thousand
  predictions (``forecastcheck_items = auto``, the default), or every file
  with ``forecastcheck_items = file``, gives one item for all its
  predictions instead (see :mod:`forecastcheck._pytest_items`);
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

This module, the ``pytest11`` entry point, only adds the options, the
fixture and, when the plugin is turned on, registers a
:class:`LedgerPlugin` holding the hooks that do the work. The work itself is
library code the command line shares: :mod:`forecastcheck.discovery` finds
the ledgers, :class:`forecastcheck.session.Session` evaluates each once,
places each problem on its record and checks the gates once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import attrs
import pytest
from _pytest.junitxml import xml_key

from forecastcheck import _pytest_items, _terminal
from forecastcheck.discovery import LEDGER_SUFFIXES, find_ledgers, ledger_holding
from forecastcheck.errors import ForecastcheckError, LedgerError, Problem
from forecastcheck.gates import (
    MIN_SOURCE_RESOLVED,
    GateSettings,
    any_failed,
    parse_brier_threshold,
    parse_count,
)
from forecastcheck.ledger.chains import DEFAULT_RESTATED, RESTATED_POLICIES, parse_restated
from forecastcheck.session import RunSettings, Session, parse_day

if TYPE_CHECKING:
    import pluggy

    from forecastcheck.evaluation import Evaluation, PredictionResult
    from forecastcheck.session import RecordProblems

__all__ = ["ForecastcheckFixture", "LedgerFile", "LedgerPlugin", "PredictionItem"]

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
    _add_policy_options(group)
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
    _add_ini_keys(parser)


def _add_policy_options(group: pytest.OptionGroup) -> None:
    """The options of how the ledgers are scored and collected (restated policy, item kind)."""
    group.addoption(
        "--forecastcheck-restated",
        metavar="POLICY",
        default=None,
        help=(
            f"how chains of restated readings are scored: {', '.join(RESTATED_POLICIES)} "
            f"(default: the ini setting, else {DEFAULT_RESTATED})"
        ),
    )
    group.addoption(
        "--forecastcheck-items",
        metavar="KIND",
        default=None,
        help=(
            "what each ledger file gives pytest: an item per prediction (prediction), one "
            "item for all its predictions (file), or by its size (auto, the default: an item "
            f"per prediction up to {_pytest_items.AUTO_MAX_PREDICTIONS} predictions)"
        ),
    )


def _add_ini_keys(parser: pytest.Parser) -> None:
    """The ini keys, one per option (``forecastcheck_paths`` for ``--forecastcheck``)."""
    parser.addini(
        "forecastcheck_paths", "ledger files or folders to collect", type="paths", default=[]
    )
    parser.addini("forecastcheck_as_of", "resolve as of this day (YYYY-MM-DD)", default="")
    parser.addini("forecastcheck_scale", "verbal-probability scale", default="")
    parser.addini(
        "forecastcheck_items", "items per ledger file: auto (default), prediction, file", default=""
    )
    parser.addini(
        "forecastcheck_restated", "how chains of restated readings are scored", default=""
    )
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


_SESSION = pytest.StashKey[Session]()
_ITEMS = pytest.StashKey[str]()  # "auto", "prediction" or "file"


def _ini_or_option(config: pytest.Config, option: str) -> tuple[str | None, str]:
    """The setting's text (the command line wins over the ini file), and where it came from."""
    value = config.getoption(option)
    if value is not None:
        return str(value), "--" + option.replace("_", "-")
    text = str(config.getini(option)).strip()
    return text or None, option


def _setting(config: pytest.Config, option: str, parse: Callable[[str], _T]) -> _T | None:
    """The setting read by ``parse``, ``None`` if unset; a bad one is a usage error naming it."""
    text, where = _ini_or_option(config, option)
    if text is None:
        return None
    try:
        return parse(text)
    except ValueError as exc:
        raise pytest.UsageError(f"{where}: {exc}") from None


def _run_settings(config: pytest.Config) -> RunSettings:
    """The session's settings from the command line and the ini file."""
    as_of_text, _ = _ini_or_option(config, "forecastcheck_as_of")
    try:
        as_of = dt.date.today() if as_of_text is None else parse_day(as_of_text)
    except ValueError:
        raise pytest.UsageError(
            f"--forecastcheck-as-of: expected a day (YYYY-MM-DD), got {as_of_text!r}"
        ) from None
    min_source_resolved = _setting(config, "forecastcheck_min_source_resolved", parse_count)
    gates = GateSettings(
        max_brier=_setting(config, "forecastcheck_max_brier", parse_brier_threshold),
        max_source_brier=_setting(config, "forecastcheck_max_source_brier", parse_brier_threshold),
        min_resolved=_setting(config, "forecastcheck_min_resolved", parse_count),
        min_source_resolved=MIN_SOURCE_RESOLVED
        if min_source_resolved is None
        else min_source_resolved,
        allow_empty=bool(
            config.getoption("forecastcheck_allow_empty_gates")
            or config.getini("forecastcheck_allow_empty_gates")
        ),
    )
    restated = _setting(config, "forecastcheck_restated", parse_restated)
    return RunSettings(
        as_of=as_of,
        scale=_ini_or_option(config, "forecastcheck_scale")[0],
        restated=restated or DEFAULT_RESTATED,
        gates=gates,
    )


def _named_paths(config: pytest.Config) -> list[Path]:
    """The paths named on the command line or in ``forecastcheck_paths``, made absolute."""
    ini_paths = [Path(p) for p in config.getini("forecastcheck_paths")]
    given = config.args_source is pytest.Config.ArgsSource.ARGS
    # pytest's default arguments (the invocation folder, testpaths) name no
    # ledger when forecastcheck_paths does
    named = [Path(arg.split("::")[0]) for arg in config.args] if given or not ini_paths else []
    return [Path(config.invocation_params.dir, p) for p in [*named, *ini_paths]]


def _label(config: pytest.Config, root: Path) -> str:
    """How lines name a ledger: its path from where pytest was started, if it is inside."""
    try:
        return root.relative_to(Path(config.invocation_params.dir).resolve()).as_posix()
    except ValueError:
        return str(root)


def pytest_configure(config: pytest.Config) -> None:
    enabled = config.getoption("forecastcheck") or bool(config.getini("forecastcheck_paths"))
    if not enabled:
        return
    skip = [str(p) for p in config.getini("norecursedirs")]
    session = Session(_run_settings(config), find_ledgers(_named_paths(config), skip=skip))
    session.labels = {root: _label(config, root) for root in session.roots}
    config.stash[_SESSION] = session
    items = _setting(config, "forecastcheck_items", _pytest_items.parse_item_kind)
    config.stash[_ITEMS] = items or _pytest_items.AUTO
    for path in config.getini("forecastcheck_paths"):
        if str(path) not in config.args:
            config.args.append(str(path))
    config.addinivalue_line("markers", "forecastcheck: a prediction collected from a ledger file")
    config.pluginmanager.register(LedgerPlugin(session), "forecastcheck-ledgers")


def _error_lines(error: ForecastcheckError) -> list[str]:
    """Why a ledger was not evaluated, one terminal line per problem, escaped."""
    if not isinstance(error, LedgerError):
        return [_terminal.printable(f"not evaluated: {error}")]
    head = str(error).partition("\n")[0]  # "N problems found:"
    return [
        _terminal.printable(f"not evaluated: {head}"),
        *(_terminal.printable(f"  {problem}") for problem in error.problems),
    ]


# --- the plugin object, registered when the plugin is on -------------------


class LedgerPlugin:
    """The hooks that collect, report and gate the session's ledgers."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.shows_setup: bool | None = None  # --setup-show and the like, read once

    def pytest_collect_file(
        self, file_path: Path, parent: pytest.Collector
    ) -> pytest.Collector | None:
        if file_path.suffix.lower() not in LEDGER_SUFFIXES:
            return None
        root = ledger_holding(file_path, self.session.roots)
        if root is None:
            return None
        return LedgerFile.from_parent(parent, path=file_path, root=root)

    def pytest_report_teststatus(
        self, report: pytest.TestReport, config: pytest.Config
    ) -> tuple[str, str, str] | None:
        if report.when != "call" or not report.passed:
            return None
        figures = dict(report.user_properties)
        verdict = figures.get("forecastcheck_verdict")
        if not isinstance(verdict, str):
            counts = figures.get("forecastcheck_verdicts")  # a whole file's item
            return ("passed", ".", f"PASSED ({counts})") if isinstance(counts, str) else None
        word = verdict.upper()
        return word.lower(), word[0], word

    def pytest_terminal_summary(
        self, terminalreporter: pytest.TerminalReporter, exitstatus: int, config: pytest.Config
    ) -> None:
        from forecastcheck.report import render_scoreboard

        session = self.session
        for root in session.roots:
            label = _terminal.printable(session.label(root))
            terminalreporter.write_sep("=", f"forecastcheck: {label}")
            evaluation = session.evaluation(root)
            if isinstance(evaluation, ForecastcheckError):
                for line in _error_lines(evaluation):
                    terminalreporter.write_line(line)
            else:
                terminalreporter.write_line(render_scoreboard(evaluation))
            for line in _pytest_items.auto_lines(session, root, config.stash[_ITEMS]):
                terminalreporter.write_line(line)
        if not session.roots or not session.settings.gates.any:
            return
        for result in session.gates():
            line = _terminal.printable(result.line)
            terminalreporter.write_line(line, red=not result.passed, bold=not result.passed)
        for root in session.broken():
            label = _terminal.printable(session.label(root))
            terminalreporter.write_line(
                f"gates not checked on {label}: the ledger has problems (see the failures)",
                red=True,
                bold=True,
            )

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_protocol(
        self, item: pytest.Item, nextitem: pytest.Item | None
    ) -> bool | None:
        """A valid prediction's item: its three passing reports, without per-test machinery.

        Such an item runs no code, so output capture, log capture and the
        setup and teardown of its (no-op) parents are skipped; its setup,
        call and teardown reports are made and logged by the usual hooks, so
        the terminal, JUnit XML, ``--lf`` and xdist see what they always
        saw. Any other item, and any run asking to show setup, takes pytest's
        own protocol.
        """
        if not (_quick(item) and (nextitem is None or _quick(nextitem))):
            return None
        if self.shows_setup is None:
            config = item.config
            self.shows_setup = any(
                config.getoption(o, False) for o in ("setuponly", "setupshow", "setupplan")
            )
        if self.shows_setup:
            return None
        ihook = _hook_of(item)
        ihook.pytest_runtest_logstart(nodeid=item.nodeid, location=item.location)
        for when in ("setup", "call", "teardown"):
            call = pytest.CallInfo.from_call(item.runtest, when=when)
            report = ihook.pytest_runtest_makereport(item=item, call=call)
            ihook.pytest_runtest_logreport(report=report)
        ihook.pytest_runtest_logfinish(nodeid=item.nodeid, location=item.location)
        return True

    @pytest.hookimpl(tryfirst=True)  # before junitxml writes its file
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        if hasattr(session.config, "workerinput") or not self.session.settings.gates.any:
            return
        results = self.session.gates()
        xml = session.config.stash.get(xml_key, None)
        if xml is not None:
            for result in results:
                xml.add_global_property(
                    f"forecastcheck_gate_{result.name.replace('-', '_')}", result.line
                )
            failed = any_failed(results)
            xml.add_global_property("forecastcheck_gates", "fail" if failed else "pass")
        if any_failed(results) and session.exitstatus in (
            pytest.ExitCode.OK,
            pytest.ExitCode.NO_TESTS_COLLECTED,
        ):
            session.exitstatus = pytest.ExitCode.TESTS_FAILED


# --- collection -------------------------------------------------------------


class LedgerFile(pytest.File):
    """One ledger file: an item per prediction it records."""

    def __init__(self, *, root: Path, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.root = root
        self.item_hook: pluggy.HookRelay | None = None  # its items' ihook, found once

    def collect(self) -> Iterator[pytest.Item]:
        session = self.config.stash[_SESSION]
        evaluation = session.evaluation(self.root)
        setting = self.config.stash[_ITEMS]
        whole = _pytest_items.ledger_results(self.root, self.path, evaluation)
        if whole is not None and _pytest_items.kind_for(setting, len(whole)) == _pytest_items.FILE:
            yield from _pytest_items.file_items(self, evaluation)  # the file is not read again
            return
        placed = session.file_problems(self.root, self.path)
        if _pytest_items.kind_for(setting, len(placed.records)) == _pytest_items.FILE:
            yield from _pytest_items.file_items(self, evaluation, placed.records)
        else:
            yield from self._prediction_items(placed.records, evaluation)
        if placed.rest:
            yield PredictionItem.from_parent(
                self,
                name="[ledger]",
                result=None,
                problems=placed.rest,
                ledger_invalid=True,
                line=None,
            )

    def _prediction_items(
        self, records: tuple[RecordProblems, ...], evaluation: Evaluation | ForecastcheckError
    ) -> Iterator[PredictionItem]:
        """An item per prediction record (the default item kind)."""
        invalid = isinstance(evaluation, ForecastcheckError)
        where: str | None = None  # this file as item locations name it, found once
        for record in records:
            item = PredictionItem.from_parent(
                self,
                name=_terminal.printable(record.name),
                result=None
                if isinstance(evaluation, ForecastcheckError)
                else _pytest_items.result_of(evaluation, record.name, draft=record.place.draft),
                problems=record.problems,
                ledger_invalid=invalid,
                line=None if record.line is None else record.line - 1,
            )
            where = _locate(item, where)
            yield item


PredictionDataError = _pytest_items.PredictionDataError


class PredictionItem(_pytest_items.DataItem):
    """One prediction; passes when its data are valid, whatever its verdict."""

    def __init__(
        self,
        *,
        result: PredictionResult | None,
        problems: tuple[Problem, ...],
        ledger_invalid: bool,
        line: int | None,
        **kwargs: object,
    ) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.result = result
        self.problems = problems
        self.ledger_invalid = ledger_invalid
        self.line = line
        self.quick: bool | None = None  # see _quick
        self.draft = result is None and not (problems or ledger_invalid)
        self.add_marker(_marker(self.config))
        if result is not None:
            self.user_properties.extend(_pytest_items.figures(result).items())

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, self.line, f"prediction {self.name}"


_MARKER = pytest.StashKey[pytest.MarkDecorator]()


def _marker(config: pytest.Config) -> pytest.MarkDecorator:
    """The ``forecastcheck`` marker, looked up once per run rather than once per item."""
    marker = config.stash.get(_MARKER, None)
    if marker is None:
        marker = config.stash[_MARKER] = pytest.mark.forecastcheck
    return marker


def _locate(item: PredictionItem, where: str | None) -> str:
    """Give ``item`` its location, reusing ``where``, its file's path as pytest names it.

    pytest's own ``Item.location`` finds the same path again for every item of
    the file; the first item finds it, the others share it.
    """
    if where is None:
        return item.location[0]
    _, line, name = item.reportinfo()
    item.__dict__["location"] = (where, line, name)  # what the cached property would hold
    return where


def _hook_of(item: pytest.Item) -> pluggy.HookRelay:
    """``item.ihook``, found once per ledger file (every item of a file has its hooks)."""
    parent = item.parent
    if not isinstance(parent, LedgerFile):
        return item.ihook
    if parent.item_hook is None:
        parent.item_hook = item.ihook
    return parent.item_hook


_PLAIN_PARENTS = (pytest.Session, pytest.Dir)


def _quick(item: pytest.Item) -> bool:
    """Whether ``item`` is a valid prediction whose run is known to pass and touch nothing.

    It has no problems, its ledger is valid, it carries no marker but
    ``forecastcheck`` (no skip or xfail to apply), and its parents are folders
    and its ledger file (no package or module whose setup would run).
    """
    if not isinstance(item, PredictionItem) or item.problems or item.ledger_invalid or item.draft:
        return False
    quick = item.quick
    if quick is None:
        parent = item.parent
        plain = parent is not None and all(
            type(node) in _PLAIN_PARENTS or isinstance(node, LedgerFile)
            for node in parent.listchain()
        )
        quick = item.quick = plain and all(m.name == "forecastcheck" for m in item.iter_markers())
    return quick


# --- the fixture ------------------------------------------------------------


@attrs.define
class ForecastcheckFixture:
    """What the ``forecastcheck`` fixture gives a test: evaluations of ledgers.

    ``forecastcheck.evaluation()`` is the evaluation of the one configured
    ledger; ``forecastcheck.evaluation("path/to/ledger")`` evaluates any
    ledger with the session's settings (as-of date, scale).
    """

    _config: pytest.Config

    def _session(self) -> Session:
        session = self._config.stash.get(_SESSION, None)
        if session is None:  # the plugin is off: the fixture still evaluates what it is given
            session = Session(_run_settings(self._config))
            self._config.stash[_SESSION] = session
        return session

    def evaluation(self, path: str | Path | None = None) -> Evaluation:
        session = self._session()
        if path is None:
            if len(session.roots) != 1:
                raise ValueError(f"{len(session.roots)} ledgers are configured; name one")
            root = session.roots[0]
        else:
            root = Path(path).resolve()
        evaluation = session.evaluation(root)
        if isinstance(evaluation, Exception):
            raise evaluation
        return evaluation

    @property
    def as_of(self) -> dt.date:
        """The as-of date in force."""
        return self._session().settings.as_of


@pytest.fixture
def forecastcheck(request: pytest.FixtureRequest) -> ForecastcheckFixture:
    """Evaluations of ledgers, for assertions on scorecards in users' own tests."""
    return ForecastcheckFixture(request.config)
