"""The default item kind, auto: an item per prediction in a small ledger file, one in a large one."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
import scipy.stats  # type: ignore[import-untyped]  # noqa: F401

# Imported here so in-process pytester runs find them already loaded (see test_pytest_plugin).
import forecastcheck.evaluation
import forecastcheck.ledger
import forecastcheck.report
from forecastcheck import _pytest_items
from forecastcheck.discovery import find_ledgers
from forecastcheck.session import RunSettings, Session, parse_day

ROOT = Path(__file__).resolve().parent.parent
KARABAKH = ROOT / "fixtures" / "karabakh"
AS_OF = "--forecastcheck-as-of=2026-02-07"
N = _pytest_items.AUTO_MAX_PREDICTIONS
FILE_ITEM = "[predictions]"

pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestAssertRewriteWarning")


def _ledger(path: Path, n: int, *, first: int = 0, head: bool = True) -> Path:
    """A valid JSON Lines ledger file of ``n`` predictions (ids from ``first``), written at ``path``."""
    lines: list[dict[str, object]] = []
    if head:
        lines += [
            {"log": {"complete_through": "2026-02-01"}},
            {"sources": {"id": "src", "name": "Analyst", "role": "analyst"}},
            {"documents": {"id": "doc", "outlet": "Wire", "title": "T", "published": "2020-01-27"}},
        ]
    for i in range(first, first + n):
        proposition = {"type": "occurs", "subject": f"s{i}", "kind": "signed", "deadline": "2023"}
        prediction = {
            "id": f"p-{i:05d}",
            "source": "src",
            "quote": f"Statement {i}.",
            "stated": "2022-03-08",
            "document": "doc",
            "proposition": proposition,
            "confidence": {"probability": 0.25},
        }
        lines.append({"predictions": prediction})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


def _names(pytester: pytest.Pytester, *args: str) -> list[str]:
    """The names of the items collected with ``args``."""
    items, _ = pytester.inline_genitems("--forecastcheck", AS_OF, *args)
    return [item.name for item in items]


class TestTheBoundary:
    def test_a_file_of_n_predictions_gives_an_item_each(self, pytester: pytest.Pytester) -> None:
        """A ledger file of exactly N predictions gives N prediction items under the default."""
        _ledger(pytester.path / "ledger.jsonl", N)
        names = _names(pytester, "ledger.jsonl")
        assert len(names) == N
        assert FILE_ITEM not in names

    def test_a_file_of_n_plus_one_predictions_gives_one_item(
        self, pytester: pytest.Pytester
    ) -> None:
        """A ledger file of N + 1 predictions gives its one [predictions] item under the default."""
        _ledger(pytester.path / "ledger.jsonl", N + 1)
        assert _names(pytester, "ledger.jsonl") == [FILE_ITEM]

    def test_a_folder_of_files_each_below_n_gives_an_item_each(
        self, pytester: pytest.Pytester
    ) -> None:
        """Each file of a folder ledger is judged alone: two files of N - 1, more than N in all."""
        _ledger(pytester.path / "ledger" / "a.jsonl", N - 1)
        _ledger(pytester.path / "ledger" / "b.jsonl", N - 1, first=N, head=False)
        names = _names(pytester, "ledger")
        assert len(names) == 2 * (N - 1)
        assert FILE_ITEM not in names

    def test_one_large_file_of_a_folder_gets_one_item(self, pytester: pytest.Pytester) -> None:
        """In a folder ledger, the file over N gets one item and the small one an item each."""
        _ledger(pytester.path / "ledger" / "a.jsonl", 2)
        _ledger(pytester.path / "ledger" / "b.jsonl", N + 1, first=10, head=False)
        assert _names(pytester, "ledger") == ["p-00000", "p-00001", FILE_ITEM]

    @pytest.mark.parametrize(
        ("args", "ini"),
        [
            (["--forecastcheck-items=prediction"], ""),
            ([], "[pytest]\nforecastcheck_items = prediction\n"),
        ],
    )
    def test_prediction_overrides_auto(
        self, pytester: pytest.Pytester, args: list[str], ini: str
    ) -> None:
        """--forecastcheck-items prediction (or the ini key) gives N + 1 items to N + 1 predictions."""
        if ini:
            pytester.makeini(ini)
        _ledger(pytester.path / "ledger.jsonl", N + 1)
        assert len(_names(pytester, "ledger.jsonl", *args)) == N + 1

    def test_file_overrides_auto(self, pytester: pytest.Pytester) -> None:
        """--forecastcheck-items file gives one item to a file of N predictions."""
        _ledger(pytester.path / "ledger.jsonl", N)
        assert _names(pytester, "ledger.jsonl", "--forecastcheck-items=file") == [FILE_ITEM]

    def test_auto_can_be_named(self, pytester: pytest.Pytester) -> None:
        """forecastcheck_items = auto is accepted and is the default's behaviour."""
        pytester.makeini("[pytest]\nforecastcheck_items = auto\n")
        _ledger(pytester.path / "ledger.jsonl", 3)
        assert _names(pytester, "ledger.jsonl") == ["p-00000", "p-00001", "p-00002"]


class TestWhatTheRunSays:
    def test_the_summary_names_the_file_and_the_other_kind(self, pytester: pytest.Pytester) -> None:
        """A file auto gave one item is named after the scoreboard, with the option for an item each."""
        _ledger(pytester.path / "ledger.jsonl", N + 1)
        result = pytester.runpytest("--forecastcheck", AS_OF, "ledger.jsonl")
        result.assert_outcomes(passed=1)
        result.stdout.fnmatch_lines(
            [
                f"ledger.jsonl: one item for its {N + 1} predictions (forecastcheck_items = auto "
                f"gives an item each only up to {N}); --forecastcheck-items prediction gives an "
                "item each"
            ]
        )

    def test_xdist_gives_the_same_item_and_line(self, pytester: pytest.Pytester) -> None:
        """Under -n 2 a file of N + 1 predictions passes as one item, and the controller says so."""
        _ledger(pytester.path / "ledger.jsonl", N + 1)
        result = pytester.runpytest_subprocess("--forecastcheck", AS_OF, "ledger.jsonl", "-n", "2")
        result.assert_outcomes(passed=1)
        result.stdout.fnmatch_lines([f"ledger.jsonl: one item for its {N + 1} predictions *"])

    def test_a_small_ledger_run_says_nothing_new(self, pytester: pytest.Pytester) -> None:
        """The Karabakh run under the default prints no line about item kinds."""
        shutil.copytree(KARABAKH, pytester.path / "karabakh")
        result = pytester.runpytest("--forecastcheck", AS_OF, "karabakh")
        assert result.ret == pytest.ExitCode.OK
        assert "one item for its" not in result.stdout.str()

    def test_explicit_file_says_nothing_about_auto(self, pytester: pytest.Pytester) -> None:
        """With --forecastcheck-items file chosen by the user, no line explains the kind."""
        _ledger(pytester.path / "ledger.jsonl", N + 1)
        result = pytester.runpytest(
            "--forecastcheck", AS_OF, "ledger.jsonl", "--forecastcheck-items=file"
        )
        assert "one item for its" not in result.stdout.str()

    def test_lines_for_a_folder_name_the_file(self, tmp_path: Path) -> None:
        """auto_lines names the large file of a folder ledger by its path under the ledger."""
        _ledger(tmp_path / "ledger" / "a.jsonl", 2)
        _ledger(tmp_path / "ledger" / "b.jsonl", N + 1, first=10, head=False)
        (root,) = find_ledgers([tmp_path / "ledger"])
        session = Session(RunSettings(as_of=parse_day("2026-02-07")), [root])
        session.labels = {root: "ledger"}
        (line,) = _pytest_items.auto_lines(session, root, _pytest_items.AUTO)
        assert line.startswith(f"ledger/b.jsonl: one item for its {N + 1} predictions")


class TestNoSecondRead:
    def test_a_valid_ledger_file_is_read_once(
        self, pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A valid one-file ledger given one item is named from its evaluation, not read again."""
        calls: list[object] = []
        read = forecastcheck.ledger.record_places

        def counted(path: Path) -> list[forecastcheck.ledger.RecordPlace]:
            calls.append(path)
            return read(path)

        monkeypatch.setattr("forecastcheck.session.record_places", counted)
        _ledger(pytester.path / "ledger.jsonl", 5)
        result = pytester.runpytest(
            "--forecastcheck", AS_OF, "ledger.jsonl", "--forecastcheck-items=file"
        )
        result.assert_outcomes(passed=1)
        assert calls == []

    def test_its_item_is_the_one_a_second_read_makes(self, pytester: pytest.Pytester) -> None:
        """The file's verdict listing is the same named from the evaluation and from a re-read."""
        _ledger(pytester.path / "alone.jsonl", 4)
        _ledger(pytester.path / "folder" / "ledger.jsonl", 4)
        sections = []
        for path in ("alone.jsonl", "folder"):  # a folder ledger's files are read again
            result = pytester.runpytest(
                "--forecastcheck", AS_OF, path, "-rP", "--forecastcheck-items=file"
            )
            out = result.stdout.str()
            start = out.index("forecastcheck verdicts")
            sections.append(out[start : out.index("p-00003", start)])
        assert sections[0] == sections[1]
        assert "p-00000 " in sections[0]

    def test_drafts_are_read_again(self, tmp_path: Path) -> None:
        """A ledger with a draft (left out of its evaluation) is not named from the evaluation."""
        path = _ledger(tmp_path / "ledger.jsonl", 2)
        text = path.read_text(encoding="utf-8").replace(
            '"id": "p-00001",', '"id": "p-00001", "draft": true,'
        )
        path.write_text(text, encoding="utf-8")
        session = Session(RunSettings(as_of=parse_day("2026-02-07")), [path.resolve()])
        evaluation = session.evaluation(path.resolve())
        assert not isinstance(evaluation, Exception)
        assert evaluation.n_drafts == 1
        assert _pytest_items.ledger_results(path.resolve(), path, evaluation) is None


def _with_draft(path: Path) -> Path:
    """A ledger of two predictions at ``path``, the second a draft."""
    _ledger(path, 2)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"id": "p-00001",', '"id": "p-00001", "draft": true,'), "utf-8")
    return path


class TestDrafts:
    def test_a_drafts_item_is_skipped_saying_why(self, pytester: pytest.Pytester) -> None:
        """A draft prediction's item is skipped as a draft, not a collection error."""
        _with_draft(pytester.path / "ledger.jsonl")
        result = pytester.runpytest("--forecastcheck", AS_OF, "ledger.jsonl", "-rs")
        assert result.ret == pytest.ExitCode.OK
        result.stdout.fnmatch_lines([f"SKIPPED * {_pytest_items.DRAFT}", "*1 skipped*"])

    def test_a_files_item_counts_drafts(self, pytester: pytest.Pytester) -> None:
        """One item per file tallies and lists a draft as DRAFT, and passes."""
        _with_draft(pytester.path / "ledger.jsonl")
        args = ("ledger.jsonl", "-v", "-rP", "--forecastcheck-items=file")
        result = pytester.runpytest("--forecastcheck", AS_OF, *args)
        assert result.ret == pytest.ExitCode.OK
        result.stdout.fnmatch_lines(["*[[]predictions] PASSED (1 DRAFT, 1 *", "p-00001 DRAFT"])


def test_a_missing_result_without_drafts_is_a_fault_not_a_draft() -> None:
    """In a ledger with no drafts, a record name the evaluation lacks raises; it is not skipped."""
    ledger = forecastcheck.ledger.load(Path(__file__).parent.parent / "fixtures" / "karabakh")
    evaluation = forecastcheck.evaluation.evaluate(ledger, as_of=dt.date(2026, 2, 7))
    assert evaluation.n_drafts == 0
    first = ledger.predictions[0].id
    assert _pytest_items.result_of(evaluation, first) is evaluation.by_id(first)
    with pytest.raises(KeyError):
        _pytest_items.result_of(evaluation, "no-such-prediction")


def test_a_missing_result_beside_a_draft_is_a_fault_not_a_draft(tmp_path: Path) -> None:
    """With a draft in the ledger, only the draft record is skipped; a record lacking a result raises."""
    path = _with_draft(tmp_path / "ledger.jsonl")
    session = Session(RunSettings(as_of=parse_day("2026-02-07")), [path.resolve()])
    evaluation = session.evaluation(path.resolve())
    assert not isinstance(evaluation, Exception)
    assert evaluation.n_drafts == 1
    _ledger(tmp_path / "more.jsonl", 1, first=2, head=False)  # changed after it was evaluated
    with path.open("a", encoding="utf-8") as out:
        out.write((tmp_path / "more.jsonl").read_text(encoding="utf-8"))
    records = session.file_problems(path.resolve(), path).records
    assert [(r.name, r.place.draft) for r in records] == [
        ("p-00000", False),
        ("p-00001", True),
        ("p-00002", False),
    ]
    first, draft, unread = records
    assert _pytest_items.result_of(evaluation, first.name, draft=first.place.draft) is (
        evaluation.by_id("p-00000")
    )
    assert _pytest_items.result_of(evaluation, draft.name, draft=draft.place.draft) is None
    with pytest.raises(KeyError):
        _pytest_items.result_of(evaluation, unread.name, draft=unread.place.draft)
