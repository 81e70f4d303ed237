"""The evaluation package: one status vocabulary, its stages, its flat namespace and its layout."""

from __future__ import annotations

import ast
import datetime as dt
import importlib
import importlib.util
from pathlib import Path

import pytest

from forecastcheck import evaluation
from forecastcheck.evaluation import CallStatus, Verdict, evaluate
from forecastcheck.evaluation.interpreting import Reader
from forecastcheck.evaluation.verdicts import verdict_of
from forecastcheck.ledger import Confidence, DateWindow, Occurs, Prediction, load
from forecastcheck.report._format import VERDICT_WORDS
from forecastcheck.resolution import Status
from forecastcheck.verbal import POINT_RULES, Interpretation, Scale, get_scale, interpret

PACKAGE = Path(evaluation.__file__).parent
MODULES = sorted(PACKAGE.glob("*.py"))
SRC = PACKAGE.parent
KARABAKH = Path(__file__).resolve().parent.parent / "fixtures" / "karabakh"

# every public name forecastcheck/evaluation.py defined before it became a package
NAMES_BEFORE = (
    "ALL_SOURCES",
    "CALIBRATION_BINS",
    "LEVEL",
    "MAX_PERMUTATION_PAIRS",
    "CallStatus",
    "Comparison",
    "Evaluation",
    "Evidence",
    "EvidenceLink",
    "PredictionResult",
    "Scorecard",
    "Verdict",
    "evaluate",
)


class TestVocabulary:
    def test_call_status_takes_every_resolution_status_by_name(self) -> None:
        """Each resolution.Status is a CallStatus of the same name, whose string is that name."""
        for status in Status:
            assert CallStatus.of(status) is CallStatus[status.name]
            assert str(CallStatus.of(status)) == str(status) == status.name

    def test_a_call_adds_only_unscorable_and_after_the_fact(self) -> None:
        """CallStatus is resolution.Status's members plus UNSCORABLE and AFTER_THE_FACT, no more."""
        added = {c.name for c in CallStatus} - {s.name for s in Status}
        assert added == {"UNSCORABLE", "AFTER_THE_FACT"}

    def test_verdict_holds_only_what_a_score_adds(self) -> None:
        """Verdict's own members are HIT, MISS, EVEN and NUMERIC; the rest are CallStatus's."""
        assert [str(v) for v in Verdict] == ["HIT", "MISS", "EVEN", "NUMERIC"]
        for name in ("PENDING", "AMBIGUOUS", "ANNULLED", "UNSCORABLE", "AFTER_THE_FACT"):
            assert getattr(Verdict, name) is CallStatus[name]

    def test_an_unscored_verdict_is_the_status(self) -> None:
        """verdict_of gives an undecided call its status and a decided one HIT, MISS or EVEN."""
        assert verdict_of(CallStatus.PENDING, 0.9, None) is Verdict.PENDING
        assert verdict_of(CallStatus.AFTER_THE_FACT, None, 1) is Verdict.AFTER_THE_FACT
        assert verdict_of(CallStatus.YES, 0.9, 1) is Verdict.HIT
        assert verdict_of(CallStatus.NO, 0.9, 0) is Verdict.MISS
        assert verdict_of(CallStatus.NO, 0.5, 0) is Verdict.EVEN

    def test_every_verdict_has_words_in_the_reports(self) -> None:
        """The reports explain every verdict a call can get, scored or not."""
        possible = {*Verdict, *(c for c in CallStatus if not c.scored)}
        assert set(VERDICT_WORDS) == possible

    def test_the_html_report_explains_unscored_verdicts(self) -> None:
        """The HTML report gives a pending call's badge its words (a status, not a Verdict)."""
        from forecastcheck.report.html import render_html

        ledger = load(KARABAKH)
        page = render_html(evaluate(ledger, as_of=dt.date(2026, 2, 7), n_bootstrap=0), ledger)
        assert f'title="{VERDICT_WORDS[Verdict.PENDING]}"' in page


class TestStages:
    def test_each_phrase_is_interpreted_once(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """The reader interprets a phrase once however many calls use it."""
        seen: list[str] = []

        def counting(phrase: str, scale: Scale) -> Interpretation:
            seen.append(phrase)
            return interpret(phrase, scale)

        monkeypatch.setattr("forecastcheck.evaluation.interpreting.interpret", counting)
        reader = Reader(get_scale("icd203"), "mid")
        calls = [
            Prediction(
                id=f"p{i}",
                source="s",
                quote="it will",
                stated=DateWindow.day(dt.date(2020, 1, 1)),
                proposition=Occurs(subject="x", kind="happens", deadline="by 2021"),
                confidence=Confidence(phrase="likely"),
            )
            for i in range(3)
        ]
        readings = [reader.read(p) for p in calls]
        assert seen == ["likely"]
        assert len({r.probability for r in readings}) == 1

    @pytest.mark.parametrize("rule", POINT_RULES)
    def test_every_verbal_point_rule_is_accepted(self, rule: str) -> None:
        """evaluate takes each of verbal.POINT_RULES, the one list of point rules."""
        ev = evaluate(load(KARABAKH), as_of=dt.date(2026, 2, 7), point_rule=rule, n_bootstrap=0)
        assert ev.point_rule == rule

    def test_an_unknown_point_rule_names_the_verbal_list(self) -> None:
        """The refusal of an unknown point rule lists verbal.POINT_RULES."""
        with pytest.raises(ValueError, match=", ".join(POINT_RULES)):
            evaluate(load(KARABAKH), as_of=dt.date(2026, 2, 7), point_rule="median")


def _imports(path: Path) -> set[str]:
    """The forecastcheck modules ``path`` imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("forecastcheck")}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("forecastcheck"):
            assert node.module is not None
            for alias in node.names:
                name = f"{node.module}.{alias.name}"
                found.add(name if _is_module(name) else node.module)
    return found


def _is_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _graph() -> dict[str, set[str]]:
    return {_module_name(p): _imports(p) for p in sorted(SRC.rglob("*.py"))}


class TestLayout:
    def test_every_name_before_is_still_importable(self) -> None:
        """Each public name of the old evaluation module is importable from the package."""
        for name in NAMES_BEFORE:
            assert hasattr(evaluation, name), name
        assert set(evaluation.__all__) == set(NAMES_BEFORE)

    @pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
    def test_modules_stay_under_600_lines(self, path: Path) -> None:
        """No module of the package exceeds the 600-line limit."""
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 600

    @pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
    def test_functions_stay_under_60_lines(self, path: Path) -> None:
        """No function of the package runs over 60 lines (docstring included)."""
        tree = ast.parse(path.read_text(encoding="utf-8"))
        lengths = {
            node.name: (node.end_lineno or node.lineno) - node.lineno + 1
            for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef)
        }
        assert {name: n for name, n in lengths.items() if n > 60} == {}

    @pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
    def test_no_module_imports_its_own_package(self, path: Path) -> None:
        """A module of the package imports its siblings, never the package's __init__."""
        assert "forecastcheck.evaluation" not in _imports(path) or path.name == "__init__.py"

    def test_no_import_cycle_runs_through_the_package(self) -> None:
        """No evaluation module is reached again from what it imports (lazy imports included)."""
        graph = _graph()
        for start in (m for m in graph if m.startswith("forecastcheck.evaluation.")):
            seen: set[str] = set()
            todo = [*graph[start]]
            while todo:
                module = todo.pop()
                assert module != start, f"{start} imports itself back"
                if module not in seen:
                    seen.add(module)
                    todo += graph.get(module, set())

    def test_the_submodules_import_cleanly_alone(self) -> None:
        """Each module of the package can be imported on its own."""
        for path in MODULES:
            importlib.import_module(_module_name(path))
