"""The everyday wordings of issue 14: each read with its interval and its source, and tried by CLI."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import ClassVar

import pytest

from forecastcheck import evaluate, load
from forecastcheck.cli import main
from forecastcheck.verbal import builtin_scales, get_scale, interpret, phrase_rules, sensitivity

ROOT = Path(__file__).resolve().parents[1]
ICD = "Intelligence Community Directive 203"
MAUBOUSSIN = "Harvard Business Review, 3 July 2018"
KUCHARSKI = "doi:10.5281/zenodo.18750055"
THIRD = 1 / 3

# phrase, scale, interval (lo, hi), point, the rule the reading rests on, its source
CONVICTION = ["convinced", "no doubt", "I am sure", "definitely", "without question"]
DENIAL = ["a resounding no", "no chance", "out of the question", "groundless", "there will be no"]
MAPPED = [
    *((p, "icd203", (0.95, 0.99), 0.97, "certainty", ICD) for p in CONVICTION),
    *((p, "icd203", (0.01, 0.05), 0.03, "impossibility", ICD) for p in DENIAL),
    ("real possibility", "mauboussin2018", (0.40, 0.70), 0.60, "scale", MAUBOUSSIN),
    ("serious possibility", "mauboussin2018", (0.45, 0.80), 0.66, "scale", MAUBOUSSIN),
    ("realistic possibility", "kucharski2026", (0.40, 0.75), 0.60, "scale", KUCHARSKI),
    ("remote chance", "kucharski2026", (0.03, 0.10), 0.05, "scale", KUCHARSKI),
    ("very good chance", "kucharski2026", (0.75, 0.85), 0.80, "scale", KUCHARSKI),
    ("could happen", "kucharski2026", (0.25, 0.50), 0.40, "scale", KUCHARSKI),
    ("may happen", "kucharski2026", (0.30, 0.51), 0.40, "scale", KUCHARSKI),
    ("will happen", "kucharski2026", (0.99, 1.0), 1.0, "scale", KUCHARSKI),
    ("will happen", "icd203", (0.95, 0.99), 0.97, "certainty", ICD),
    ("remote chance", "icd203", (0.01, 0.05), 0.03, "impossibility", ICD),
    ("it is a realistic possibility", "kucharski2026", (0.40, 0.75), 0.60, "filler", KUCHARSKI),
    ("toss-up", "icd203", (0.5, 0.5), 0.5, "chances-in-words", "computed"),
    ("fifty-fifty", "icd203", (0.5, 0.5), 0.5, "chances-in-words", "computed"),
    ("one in three", "icd203", (THIRD, THIRD), THIRD, "chances-in-words", "computed"),
    ("a 30 percent chance", "icd203", (0.3, 0.3), 0.3, "stated-number", "used as it is"),
    ("two-to-one against", "icd203", (THIRD, THIRD), THIRD, "chances-in-words", "computed"),
    ("nine times out of ten", "icd203", (0.9, 0.9), 0.9, "chances-in-words", "computed"),
]
# Wordings no shipped scale or checkable survey gives a number: unmapped, with the reason.
UNSOURCED = [
    "distinct possibility",
    "strong possibility",
    "good chance",
    "slim chance",
    "odds are",
]


def _source_text(scale: str, rules: tuple[str, ...]) -> str:
    return get_scale(scale).citation + " " + " ".join(rules)


@pytest.mark.parametrize("row", MAPPED, ids=[row[0] for row in MAPPED])
def test_wording_is_read_with_its_interval_and_source(
    row: tuple[str, str, tuple[float, float], float, str, str],
) -> None:
    """The wording maps to its expected interval and point, by its rule, naming its source."""
    phrase, scale, interval, point, rule, source = row
    read = interpret(phrase, scale)
    assert read.status == "mapped", read.reason
    assert read.interval is not None
    assert (read.interval.lo, read.interval.hi) == pytest.approx(interval)
    assert read.point == pytest.approx(point)
    assert rule in [r.split(":")[0] for r in read.rules]
    assert source in _source_text(scale, read.rules)


@pytest.mark.parametrize("phrase", UNSOURCED)
def test_unsourced_wording_stays_unmapped_with_its_reason(phrase: str) -> None:
    """A wording no source gives a number is unmapped under every scale, saying so."""
    for name in builtin_scales():
        read = interpret(phrase, name)
        assert read.status == "unmapped"
        assert read.reason.startswith("no scale or survey shipped with forecastcheck")


def test_real_possibility_is_unscorable_under_the_default_but_mapped_by_the_survey() -> None:
    """'Real possibility' stays unscorable under ICD 203 and is read by the survey that asked it."""
    assert interpret("real possibility").status == "unscorable"
    assert interpret("real possibility", "mauboussin2018").status == "mapped"


@pytest.mark.parametrize(
    ("phrase", "why"),
    [("4 in 3", "not a probability"), ("0 to 0 against", "not a probability")],
)
def test_impossible_chances_in_words_are_unmapped_with_why(phrase: str, why: str) -> None:
    """Numbers that cannot be a probability are unmapped, and the reason says so."""
    read = interpret(phrase)
    assert read.status == "unmapped"
    assert why in read.reason


def test_odds_without_a_direction_are_not_read() -> None:
    """'three to one' names no side, so it is not read as either."""
    assert interpret("three to one").status == "unmapped"


def test_one_in_a_million_is_computed_exactly() -> None:
    """Large denominators in words are computed, not rounded to a scale band."""
    assert interpret("one in a million").point == pytest.approx(1e-6)


def test_mauboussin_scale_gives_n_and_quartiles() -> None:
    """The survey scale states its respondents and reads each phrase as its quartiles."""
    scale = get_scale("mauboussin2018")
    assert "n=1,836-1,866" in scale.version
    likely = scale.find("likely")
    assert likely is not None
    assert (likely.interval.lo, likely.interval.stated, likely.interval.hi) == (0.6, 0.7, 0.75)


def test_kucharski_scale_gives_n_and_quartiles() -> None:
    """The quiz scale states its 5,174 respondents and reads each phrase as its quartiles."""
    scale = get_scale("kucharski2026")
    assert "n=5,174" in scale.version
    assert len(scale.phrases) == 19
    likely = scale.find("likely")
    assert likely is not None
    assert (likely.interval.lo, likely.interval.stated, likely.interval.hi) == (0.67, 0.75, 0.8)


def test_unsourced_wordings_say_why_in_the_docs() -> None:
    """docs/verbal.md gives, for each wording left unmapped, why no shipped survey reads it."""
    doc = (ROOT / "docs" / "verbal.md").read_text(encoding="utf-8")
    why = " ".join(doc[doc.index("Why each stays unmapped") :].split("\n\n")[0].split())
    for wording in ('"good chance"', '"strong"', '"distinct"', '"slim"', '"odds are"'):
        assert wording in why, wording


def test_karabakh_reads_are_unchanged_under_the_default() -> None:
    """The new wordings leave every Karabakh call's default reading as it was."""
    ledger = load(ROOT / "fixtures" / "karabakh")
    phrases = {p.confidence.phrase for p in ledger.predictions if p.confidence is not None}
    expected = {
        "seems highly unlikely": (0.05, 0.2),
        "unlikely": (0.2, 0.45),
        "will": (0.95, 0.99),
        "absolutely inevitable": (0.95, 0.99),
        "I do not expect": (0.2, 0.45),
        "will probably": (0.55, 0.8),
        "will not": (0.01, 0.05),
        "will never": (0.01, 0.05),
    }
    for phrase in sorted(p for p in phrases if p):
        read = interpret(phrase)
        if phrase in expected:
            assert read.interval is not None
            assert (read.interval.lo, read.interval.hi) == expected[phrase]
        else:
            assert read.status == "unscorable", phrase


class TestPhraseCommand:
    """``forecastcheck phrase``: every reading of one wording, or what to write instead."""

    def test_prints_interval_point_and_rules_under_one_scale(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Under --scale the interval, the point and each rule are printed; exit 0."""
        assert main(["phrase", "seems highly unlikely", "--scale", "icd203"]) == 0
        out = capsys.readouterr().out.splitlines()
        assert out == [
            "'seems highly unlikely'",
            "  icd203: [0.05, 0.2], point 0.125 (from 'very unlikely')",
            "    - hedge: stripped 'seems' (it marks stance, not likelihood)",
            "    - intensifier-scale: 'highly unlikely' read as icd203's own 'very unlikely'"
            " [0.05, 0.2]",
        ]

    def test_prints_every_builtin_scale_by_default(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Without --scale each built-in scale has its line."""
        assert main(["phrase", "real possibility"]) == 0
        out = capsys.readouterr().out
        for name in builtin_scales():
            assert f"\n  {name}: " in out
        assert "mauboussin2018: [0.4, 0.7], point 0.6" in out

    def test_unread_phrase_teaches_and_exits_1(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A misspelt wording exits 1, naming the nearest accepted form and the docs."""
        assert main(["phrase", "seems hihgly unlikely"]) == 1
        err = capsys.readouterr().err
        assert "unread phrase 'seems hihgly unlikely'" in err
        assert "did you mean 'seems highly unlikely'" in err
        assert "Accepted forms: docs/verbal.md#accepted-wordings" in err

    def test_unscorable_phrase_is_read(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A wording that states no likelihood is read (unscorable), so it exits 0."""
        assert main(["phrase", "might need to", "--scale", "kent1964"]) == 0
        assert "kent1964: unscorable: Kent (1964)" in capsys.readouterr().out

    @pytest.mark.parametrize("argv", [["phrase", "likely", "--scale", "nope"], ["phrase", " "]])
    def test_usage_errors_exit_2(self, argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
        """An unknown scale or an empty wording is a usage error."""
        assert main(argv) == 2
        assert "forecastcheck" in capsys.readouterr().err


def _case_with_every_wording(tmp_path: Path) -> Path:
    folder = tmp_path / "case"
    shutil.copytree(ROOT / "fixtures" / "karabakh", folder)
    phrases = [row[0] for row in MAPPED] + UNSOURCED
    blocks = []
    for i, phrase in enumerate(phrases):
        blocks.append(
            f"""
[[predictions]]
id = "wording-{i}"
source = "niculescu"
document = "bakutribune-2022-07-14"
stated = "2022-07-14"
quote = "The withdrawal by November 2025: {phrase}."
confidence = {{ phrase = "{phrase}" }}
proposition = {{ type = "occurs", subject = "russian-contingent-karabakh", kind = "withdrawal-complete", deadline = "by November 2025", text = "Withdrawn by November 2025" }}
"""
        )
    with (folder / "predictions.toml").open("a", encoding="utf-8") as handle:
        handle.write("".join(blocks))
    return folder


def test_check_accepts_a_ledger_using_every_wording(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`check` passes a ledger with every wording, and each call is read as its test says."""
    folder = _case_with_every_wording(tmp_path)
    assert main(["check", str(folder)]) == 0
    assert "ok" in capsys.readouterr().out
    ledger = load(folder)
    evaluation = evaluate(ledger, as_of=dt.date(2026, 12, 1))
    mapped = {row[0] for row in MAPPED if row[1] == "icd203"}
    for prediction, result in zip(ledger.predictions, evaluation.predictions, strict=True):
        if not prediction.id.startswith("wording-") or prediction.confidence is None:
            continue
        phrase = prediction.confidence.phrase
        if phrase in mapped:
            assert result.probability is not None, phrase
        else:
            assert result.probability is None, phrase


class TestSensitivitySeesEveryone:
    """A source the default scale cannot score still shows in the sensitivity table."""

    RECORDS: ClassVar[list[tuple[str, str, str, int | None]]] = [
        ("surveyed", "real possibility", "for", 1),
        ("surveyed", "serious possibility", "for", 0),
        ("plain", "likely", "for", 1),
        ("plain", "unlikely", "for", 0),
        ("silent", "could", "for", 1),
        ("waiting", "likely", "for", None),
    ]

    def test_source_read_only_elsewhere_gets_its_ranges_and_a_note(self) -> None:
        """Its row shows the ranges under the scales that read it, and says so."""
        sens = sensitivity(self.RECORDS, labels={"surveyed": "A. Surveyed"})
        row = next(s for s in sens.sources if s.source == "surveyed")
        assert row.n == 0
        assert row.partly == 2
        assert dict(zip(sens.scales, row.read, strict=True))["mauboussin2018"] == 2
        brier, _ = sens.spans("surveyed")
        assert 0 < brier[0] <= brier[1] < 1
        line = next(x for x in sens.table().splitlines() if x.startswith("A. Surveyed"))
        assert line.endswith("read only under mauboussin2018: ranges over those scales")
        assert "-" not in line.split()[5]

    def test_ranking_lines_name_the_source_read_elsewhere(self) -> None:
        """The robustness lines say why the source has no place in the ranking."""
        sens = sensitivity(self.RECORDS)
        assert sens.read_elsewhere() == ("surveyed",)
        assert (
            "  surveyed: unranked: its calls are read only under mauboussin2018, so no order "
            "with another source holds under every scale"
        ) in sens.table().splitlines()

    def test_empty_cells_say_why(self) -> None:
        """A row without numbers says whether nothing resolved or nothing was read."""
        sens = sensitivity(self.RECORDS)
        assert sens.note("silent") == "resolved calls unscorable under every scale"
        assert sens.note("waiting") == "no resolved calls"
        assert sens.note("plain") == ""

    def test_karabakh_table_uses_names_and_reconciles_with_the_scoreboard(self) -> None:
        """The report's table names sources, and says how n relates to the scoreboard's minimum."""
        ledger = load(ROOT / "fixtures" / "karabakh")
        table = evaluate(ledger, as_of=dt.date(2026, 12, 1)).sensitivity.table()
        assert "George Vlad Niculescu  2" in table
        assert "\nniculescu " not in table
        assert "ranks a source only with at least 5" in table
        assert "Vitaly Arkov" in table
        assert "no resolved calls" in table


def test_docs_list_every_accepted_wording() -> None:
    """docs/verbal.md names every phrase of every built-in scale and every extension-table wording."""
    doc = (ROOT / "docs" / "verbal.md").read_text(encoding="utf-8")
    section = doc[doc.index("## Accepted wordings") :]
    for scale in builtin_scales().values():
        for entry in scale.phrases:
            for wording in (entry.phrase, *entry.synonyms):
                assert f'"{wording}"' in section, (scale.name, wording)
    for wording in phrase_rules().entries:
        assert f'"{wording}' in section, wording
