"""Verbal probabilities: scales as data, phrase rules, and sensitivity to the scale."""

from __future__ import annotations

import ast
import importlib
import importlib.util
import itertools
import math
import pkgutil
import re
import tomllib
import typing
from pathlib import Path

import numpy as np
import pytest
import tomli_w
from hypothesis import assume, given
from hypothesis import strategies as st

import forecastcheck.ledger
import forecastcheck.verbal
from forecastcheck.errors import ScaleError
from forecastcheck.scoring import brier, log_score
from forecastcheck.verbal import (
    DEFAULT_SCALE,
    POINT_RULES,
    RULES,
    Interval,
    PointRuleName,
    ReadStatus,
    Scale,
    ScalePhrase,
    VerbalRecord,
    builtin_scales,
    get_scale,
    interpret,
    load_scale,
    normalise,
    phrase_rules,
    sensitivity,
)

ROOT = Path(__file__).resolve().parent.parent
SCALES = builtin_scales()
NAMES = sorted(SCALES)
SURVEYS = ("survey-a", "survey-b")

# Phrases of the Karabakh case that appear in no published table.
CASE_PHRASES = (
    "absolutely inevitable",
    "inevitable",
    "practically sealed",
    "only a matter of time",
    "seems highly unlikely",
    "I do not expect",
    "might need to",
    "will probably",
    "does not rule out",
    "could",
    "will never",
    "is sure",
    "I know for sure",
    "will probably continue",
)


def _wordings(scale: Scale) -> list[tuple[str, ScalePhrase]]:
    return [(w, p) for p in scale.phrases for w in (p.phrase, *p.synonyms)]


def _band(scale: Scale, wording: str) -> Interval:
    phrase = scale.find(wording)
    assert phrase is not None, wording
    return phrase.interval


def _rule_ids(rules: tuple[str, ...]) -> list[str]:
    return [rule.split(":", 1)[0] for rule in rules]


def _approx(interval: Interval | None, lo: float, hi: float) -> bool:
    return interval is not None and math.isclose(interval.lo, lo) and math.isclose(interval.hi, hi)


# --- strategies ---------------------------------------------------------------

scale_names = st.sampled_from(NAMES)
probabilities = st.floats(0.0, 1.0, allow_nan=False)


@st.composite
def intervals(draw: st.DrawFn) -> Interval:
    a, b = sorted((draw(probabilities), draw(probabilities)))
    stated = draw(st.none() | st.floats(a, b))
    return Interval(a, b, stated)


@st.composite
def surface(draw: st.DrawFn, text: str) -> str:
    """The same wording as a person might type it: case, spacing, punctuation."""
    words = text.split()
    cased = [draw(st.sampled_from([w, w.upper(), w.title()])) for w in words]
    spaces = [draw(st.sampled_from([" ", "  ", "\t", " \n "])) for _ in words[1:]]
    out = cased[0] + "".join(s + w for s, w in zip(spaces, cased[1:], strict=True))
    return draw(st.sampled_from(["", " ", '"'])) + out + draw(st.sampled_from(["", ".", "!", '."']))


_VOCABULARY = sorted(
    {
        word
        for scale in SCALES.values()
        for wording, _ in _wordings(scale)
        for word in wording.split()
    }
    | {w for w in phrase_rules().entries for w in w.split()}
    | {"seems", "i", "think", "not", "do", "very", "highly", "extremely", "it", "is", "a"}
)
gibberish = st.text(alphabet="bcdfghjklmnpqrstvwxz", min_size=4, max_size=9)


# --- tests --------------------------------------------------------------------


class TestScales:
    """The shipped scales: names, citations and the published numbers."""

    def test_eight_named_scales_default_first(self) -> None:
        """Eight scales ship, each under its short id, with ICD 203 the default and listed first."""
        assert next(iter(SCALES)) == DEFAULT_SCALE == "icd203"
        assert set(SCALES) == {
            "icd203",
            "phia2025",
            "kent1964",
            "ipcc-ar6",
            "mauboussin2018",
            "kucharski2026",
            "survey-a",
            "survey-b",
        }

    @pytest.mark.parametrize("name", NAMES)
    def test_metadata_and_file_name(self, name: str) -> None:
        """Every scale has a title, version and citation, and lives in <name>.toml."""
        scale = SCALES[name]
        assert scale.title
        assert scale.version
        assert scale.citation
        assert scale.file == f"{name}.toml"
        assert scale.phrases

    def test_published_numbers(self) -> None:
        """The numbers are the published ones, as probabilities; Kent's spreads become intervals."""
        icd, phia = SCALES["icd203"], SCALES["phia2025"]
        kent, ipcc = SCALES["kent1964"], SCALES["ipcc-ar6"]
        assert _approx(_band(icd, "very unlikely"), 0.05, 0.20)
        assert _approx(_band(phia, "highly unlikely"), 0.10, 0.20)
        almost = kent.find("almost certain")
        assert almost is not None
        assert _approx(almost.interval, 0.87, 0.99)
        assert almost.interval.stated == 0.93
        assert _approx(_band(ipcc, "likely"), 0.66, 1.0)
        survey_b = SCALES["survey-b"].find("probably not")
        assert survey_b is not None
        assert _approx(survey_b.interval, 0.20, 0.39)
        assert survey_b.interval.stated == 0.265

    def test_icd203_covers_the_range_without_gaps(self) -> None:
        """ICD 203's bands run from 0.01 to 0.99, each starting where the last ends."""
        bands = sorted((p.interval for p in SCALES["icd203"].phrases), key=lambda i: (i.lo, i.hi))
        assert bands[0].lo == 0.01
        assert bands[-1].hi == 0.99
        assert all(a.hi == b.lo for a, b in itertools.pairwise(bands))

    def test_phia_keeps_its_deliberate_gaps(self) -> None:
        """The PHIA yardstick's gaps between bands are kept, not filled in."""
        bands = sorted((p.interval for p in SCALES["phia2025"].phrases), key=lambda i: (i.lo, i.hi))
        assert sum(a.hi < b.lo for a, b in itertools.pairwise(bands)) == 6

    def test_surveys_state_their_medians(self) -> None:
        """Every survey phrase states its median as the point, inside its interquartile range."""
        for name in SURVEYS:
            assert all(p.interval.stated is not None for p in SCALES[name].phrases)

    def test_package_reads_nothing_from_shared(self) -> None:
        """No package source names the shared reference folder: the numbers are copied in."""
        package = ROOT / "src" / "forecastcheck"
        for path in [*package.rglob("*.py"), *package.rglob("*.toml")]:
            assert "/work/shared" not in path.read_text(encoding="utf-8"), path

    def test_get_scale_unknown_lists_the_known(self) -> None:
        """An unknown scale name raises ScaleError naming the built-in scales."""
        with pytest.raises(ScaleError, match="icd203"):
            get_scale("nato")

    def test_builtin_scales_returns_a_fresh_dict(self) -> None:
        """Changing the returned dict does not change the shipped scales."""
        builtin_scales().pop("icd203")
        assert "icd203" in builtin_scales()

    def test_top_band_skips_point_masses(self) -> None:
        """A scale's top band is its highest estimate: Kent's 'certain' (a fact) is skipped."""
        assert SCALES["kent1964"].top().phrase == "almost certain"
        assert SCALES["ipcc-ar6"].top().phrase == "virtually certain"


_GOOD = """
name = "myscale"
title = "My scale"
version = "1"
citation = "Me, 2025."

[[phrases]]
phrase = "unlikely"
synonyms = ["improbable"]
range = [0.1, 0.3]

[[phrases]]
phrase = "likely"
point = 0.75
spread = 0.1

[[phrases]]
phrase = "might"
point = 0.4
range = [0.3, 0.5]
"""

_BAD = """
name = "My Scale"
title = "My scale"
version = 2025
colour = "blue"

[[phrases]]
phrase = "unlikely"
range = [0.1, 0.3]

[[phrases]]
phrase = "likely"
synonyms = ["probable", 3]
range = [0.6, 0.8]
point = 0.9

[[phrases]]
phrase = "about even"
range = [0.3, 0.1]

[[phrases]]
phrase = "Unlikely!"
range = [5, 20]

[[phrases]]
phrase = "sure"
range = [true, 1]

[[phrases]]
phrase = "hmm"
"""


class TestLoadScale:
    """User scale files: loading, and every problem reported at once with file and path."""

    def test_a_good_file_loads(self, tmp_path: Path) -> None:
        """A well-formed file loads, phrases normalised, spreads read as intervals."""
        path = tmp_path / "myscale.toml"
        path.write_text(_GOOD, encoding="utf-8")
        scale = load_scale(path)
        assert scale.name == "myscale"
        assert scale.file == str(path)
        likely = scale.find("LIKELY")
        assert likely is not None
        assert _approx(likely.interval, 0.65, 0.85)
        assert likely.interval.stated == 0.75
        assert scale.find("improbable") == scale.find("unlikely")

    def test_a_bad_file_lists_every_problem(self, tmp_path: Path) -> None:
        """Every problem of a bad file is listed, each with the file and a JSONPath."""
        path = tmp_path / "myscale.toml"
        path.write_text(_BAD, encoding="utf-8")
        with pytest.raises(ScaleError) as caught:
            load_scale(path)
        f = str(path)
        found = {(p.file, p.path) for p in caught.value.problems}
        assert found == {
            (f, "$.name"),
            (f, "$.version"),
            (f, "$.citation"),
            (f, "$.colour"),
            (f, "$.phrases[1].synonyms[1]"),
            (f, "$.phrases[1].point"),
            (f, "$.phrases[2].range"),
            (f, "$.phrases[3].phrase"),
            (f, "$.phrases[3].range"),
            (f, "$.phrases[4].range"),
            (f, "$.phrases[5]"),
        }
        text = str(caught.value)
        assert (
            f"{f}: $.phrases[2].range: expected two numbers 0 ≤ lo ≤ hi ≤ 1, got [0.3, 0.1]" in text
        )
        assert '"unlikely" is already used at $.phrases[0].phrase' in text
        assert "probabilities, not percentages" in text
        assert "got 2025 (an integer)" in text
        assert text.startswith("11 problems found:")

    def test_errors_carry_no_traceback(self, tmp_path: Path) -> None:
        """A bad file's error is the located list alone: no chained exception, no traceback text."""
        path = tmp_path / "broken.toml"
        path.write_text("name = [unclosed", encoding="utf-8")
        with pytest.raises(ScaleError) as caught:
            load_scale(path)
        assert caught.value.__cause__ is None
        assert caught.value.__suppress_context__ or caught.value.__context__ is None
        assert "Traceback" not in str(caught.value)
        assert f"{path}: $: not valid TOML" in str(caught.value)

    def test_a_missing_file(self, tmp_path: Path) -> None:
        """A file that cannot be read is a ScaleError naming the file."""
        with pytest.raises(ScaleError, match="cannot read the file"):
            load_scale(tmp_path / "nowhere.toml")

    def test_a_user_scale_overrides_the_unscorable_default(self, tmp_path: Path) -> None:
        """A scale that maps 'might' is used as it says; 'might' is unscorable only by default."""
        path = tmp_path / "myscale.toml"
        path.write_text(_GOOD, encoding="utf-8")
        read = interpret("might", load_scale(path))
        assert read.status == "mapped"
        assert read.point == 0.4
        assert interpret("might").status == "unscorable"

    def test_a_user_scale_with_a_builtin_name_replaces_it_where_passed(
        self, tmp_path: Path
    ) -> None:
        """A user file named 'icd203' is used when passed as an object; the built-in stays."""
        path = tmp_path / "icd.toml"
        path.write_text(_GOOD.replace('"myscale"', '"icd203"'), encoding="utf-8")
        mine = load_scale(path)
        assert _approx(interpret("unlikely", mine).interval, 0.1, 0.3)
        assert _approx(interpret("unlikely").interval, 0.2, 0.45)

    @given(
        bad=st.sets(st.integers(0, 5), min_size=1),
        kind=st.sampled_from(["reversed", "string", "bool", "outside", "percent"]),
    )
    def test_every_injected_problem_is_reported(
        self, tmp_path_factory: pytest.TempPathFactory, bad: set[int], kind: str
    ) -> None:
        """However many phrases are broken, each broken one is reported at its own path."""
        broken = {
            "reversed": [0.4, 0.1],
            "string": ["0.1", "0.2"],
            "bool": [False, 0.2],
            "outside": [-0.1, 0.2],
            "percent": [10, 20],
        }[kind]
        phrases = [
            {"phrase": f"phrase {i}", "range": broken if i in bad else [0.1, 0.2]} for i in range(6)
        ]
        data = {"name": "gen", "title": "t", "version": "1", "citation": "c", "phrases": phrases}
        path = tmp_path_factory.mktemp("scale") / "gen.toml"
        path.write_text(tomli_w.dumps(data), encoding="utf-8")
        with pytest.raises(ScaleError) as caught:
            load_scale(path)
        assert {p.path for p in caught.value.problems} == {f"$.phrases[{i}].range" for i in bad}
        assert all(p.file == str(path) for p in caught.value.problems)


class TestNormalise:
    """Phrase text normalisation."""

    @pytest.mark.parametrize(
        ("raw", "expected"),
        [
            ("  Seems   HIGHLY unlikely!! ", "seems highly unlikely"),
            ("I don\u2019t expect", "i do not expect"),
            ("It won't", "it will not"),
            ("can't rule out", "cannot rule out"),
            ("can not rule out", "cannot rule out"),
            ("it's \u201clikely\u201d", "it is likely"),
            ("a 20.5% chance.", "a 20.5% chance"),
            ("very-likely", "very likely"),
        ],
    )
    def test_examples(self, raw: str, expected: str) -> None:
        """Case, quotes, punctuation, spacing and contractions normalise as documented."""
        assert normalise(raw) == expected

    @given(st.text())
    def test_idempotent(self, text: str) -> None:
        """Normalising twice is normalising once."""
        once = normalise(text)
        assert normalise(once) == once


class TestInterval:
    """Probability intervals, their negation and their points."""

    @given(intervals())
    def test_negation_maps_a_b_to_one_minus_b_one_minus_a(self, iv: Interval) -> None:
        """negate() maps [a, b] to [1 - b, 1 - a] (and a stated p to 1 - p)."""
        neg = iv.negate()
        assert math.isclose(neg.lo, 1 - iv.hi, abs_tol=1e-11)
        assert math.isclose(neg.hi, 1 - iv.lo, abs_tol=1e-11)
        if iv.stated is not None:
            assert neg.stated is not None
            assert math.isclose(neg.stated, 1 - iv.stated, abs_tol=1e-11)

    @given(intervals())
    def test_points_lie_inside(self, iv: Interval) -> None:
        """Every named point rule gives a number inside the interval."""
        for rule in ("lower", "mid", "upper", "stated"):
            assert iv.lo <= iv.point(rule) <= iv.hi

    def test_point_rules(self) -> None:
        """lower, upper, mid and stated (falling back to mid) give the documented numbers."""
        iv = Interval(0.05, 0.10, 0.05)
        assert (iv.point("lower"), iv.point("upper"), iv.point("stated")) == (0.05, 0.10, 0.05)
        assert math.isclose(iv.point("mid"), 0.075)
        assert Interval(0.2, 0.4).point("stated") == pytest.approx(0.3)

    def test_a_callable_point_rule(self) -> None:
        """A callable rule is used, and must return a probability."""
        iv = Interval(0.2, 0.4)
        assert iv.point(lambda i: i.lo + (i.hi - i.lo) / 4) == pytest.approx(0.25)
        with pytest.raises(ValueError, match="not a probability"):
            iv.point(lambda i: 2.0)
        with pytest.raises(ValueError, match="unknown point rule"):
            iv.point("median")  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("lo", "hi", "stated"),
        [
            (0.5, 0.4, None),
            (True, 0.5, None),
            (0.1, 0.2, 0.3),
            (-0.1, 0.1, None),
            (math.nan, 0.5, None),
            ("0.1", 0.5, None),
            (0.1, 0.5, True),
            (0.1, 0.5, math.nan),
        ],
    )
    def test_invalid_intervals_are_refused(
        self, lo: float, hi: float, stated: float | None
    ) -> None:
        """Reversed ends, booleans, NaN, strings, points outside and values outside [0, 1] are refused."""
        with pytest.raises(ValueError):  # noqa: PT011
            Interval(lo, hi, stated)


class TestAcceptance:
    """The issue's acceptance criteria, phrase by phrase."""

    def test_highly_unlikely(self) -> None:
        """'highly unlikely': ICD 203's 'very unlikely', PHIA's own phrase, 5% in both surveys."""
        icd = interpret("highly unlikely", "icd203")
        assert icd.matched == "very unlikely"
        assert _approx(icd.interval, 0.05, 0.20)
        phia = interpret("highly unlikely", "phia2025")
        assert phia.matched == "highly unlikely"
        assert _approx(phia.interval, 0.10, 0.20)
        for name in SURVEYS:
            assert interpret("highly unlikely", name).point == 0.05
            assert interpret("highly unlikely", name, point_rule="stated").point == 0.05

    @pytest.mark.parametrize("name", NAMES)
    def test_seems_highly_unlikely_records_the_hedge(self, name: str) -> None:
        """'seems highly unlikely' reads as 'highly unlikely', with the stripped hedge recorded."""
        hedged = interpret("Seems highly unlikely.", name)
        plain = interpret("highly unlikely", name)
        assert hedged.interval == plain.interval
        assert hedged.matched == plain.matched
        assert hedged.hedges == ("seems",)
        assert "hedge" in _rule_ids(hedged.rules)

    @pytest.mark.parametrize("name", NAMES)
    def test_absolutely_inevitable_is_at_least_95_percent(self, name: str) -> None:
        """'absolutely inevitable' is ≥ 0.95 under every scale, by the certainty rule."""
        read = interpret("absolutely inevitable", name)
        assert read.interval is not None
        assert read.interval.lo >= 0.95
        assert read.point is not None
        assert read.point >= 0.95
        assert "certainty" in _rule_ids(read.rules)

    @pytest.mark.parametrize("name", NAMES)
    def test_i_do_not_expect_is_low(self, name: str) -> None:
        """'I do not expect' is low under every scale: the negation of 'expect' = 'likely'."""
        read = interpret("I do not expect", name)
        assert read.interval is not None
        assert read.interval.hi < 0.5
        assert read.point is not None
        assert read.point < 0.5
        assert {"same-as", "negation"} <= set(_rule_ids(read.rules))

    @pytest.mark.parametrize("name", NAMES)
    @pytest.mark.parametrize("phrase", ["might need to", "does not rule out", "could", "possible"])
    def test_modal_phrases_are_unscorable_with_a_reason(self, name: str, phrase: str) -> None:
        """Kent's 'possible' and its kin are unscorable by default, the reason citing Kent."""
        read = interpret(phrase, name)
        assert read.status == "unscorable"
        assert read.interval is None
        assert read.point is None
        assert read.reason.startswith("Kent (1964)")

    def test_kent_reason_for_possible(self) -> None:
        """The reason for 'possible' is Kent's, in his words' spirit."""
        assert interpret("possible").reason == "Kent (1964): 'possible' states no likelihood"

    @pytest.mark.parametrize("name", NAMES)
    def test_case_phrases_are_never_unmapped(self, name: str) -> None:
        """Every phrase of the case is mapped or explicitly unscorable under every scale."""
        for phrase in CASE_PHRASES:
            assert interpret(phrase, name).status != "unmapped", phrase

    def test_every_fixture_phrase_is_handled_under_the_default(self) -> None:
        """Every phrase in fixtures/karabakh maps or is explicitly unscorable under the default."""
        data = tomllib.loads((ROOT / "fixtures/karabakh/predictions.toml").read_text("utf-8"))
        phrases = [
            p["confidence"]["phrase"]
            for p in data["predictions"]
            if "phrase" in p.get("confidence", {})
        ]
        assert phrases
        for phrase in phrases:
            read = interpret(phrase)
            assert read.status in ("mapped", "unscorable"), (phrase, read.reason)


class TestPhraseRules:
    """Each documented rule, on its own."""

    def test_synonyms(self) -> None:
        """ICD 203 synonyms map as their phrase: 'probable' as 'likely', 'improbable' too."""
        assert interpret("probable").interval == interpret("likely").interval
        assert interpret("improbable").matched == "unlikely"
        assert _rule_ids(interpret("improbable").rules) == ["synonym"]

    @pytest.mark.parametrize(
        ("phrase", "name", "matched"),
        [
            ("highly likely", "icd203", "very likely"),
            ("very likely", "phia2025", "highly likely"),
            ("highly unlikely", "ipcc-ar6", "very unlikely"),
            ("extremely unlikely", "icd203", "very unlikely"),
            ("very likely", "survey-a", "highly likely"),
        ],
    )
    def test_intensifier_takes_the_scale_own_phrase(
        self, phrase: str, name: str, matched: str
    ) -> None:
        """An intensified phrase takes the scale's own intensified phrase when it has one."""
        read = interpret(phrase, name)
        assert read.matched == matched
        assert _rule_ids(read.rules) == ["intensifier-scale"]

    def test_intensifier_half_way_rule(self) -> None:
        """Without its own phrase, 'highly' moves Kent's 'unlikely' [0.2, 0.4] half way to 0."""
        read = interpret("highly unlikely", "kent1964")
        assert _approx(read.interval, 0.10, 0.20)
        assert read.point == pytest.approx(0.15)
        assert _rule_ids(read.rules)[-1] == "intensifier-halfway"

    def test_intensifier_on_even_chance_is_unmapped(self) -> None:
        """'very' on an even chance has no direction, so the phrase is unmapped, not guessed."""
        read = interpret("very roughly even chance")
        assert read.status == "unmapped"
        assert "no direction" in read.reason

    def test_intensifier_on_a_certainty_word_is_absorbed(self) -> None:
        """'absolutely certain' is exactly 'certain': the top band, no further."""
        assert interpret("absolutely certain").interval == interpret("certain").interval
        assert "intensifier-absorbed" in _rule_ids(interpret("absolutely certain").rules)

    @pytest.mark.parametrize(
        "phrase", ["not likely", "likely not", "isn't likely", "I don't think it will"]
    )
    def test_negation_takes_the_complement(self, phrase: str) -> None:
        """'not likely' (and its forms) maps ICD's 'likely' [0.55, 0.80] to [0.20, 0.45]."""
        assert _approx(interpret(phrase).interval, 0.20, 0.45)
        assert "negation" in _rule_ids(interpret(phrase).rules)

    def test_certainly_not_is_the_negated_certainty_band(self) -> None:
        """'almost certainly not' is certainty about the negation: ICD's [0.01, 0.05]."""
        assert _approx(interpret("almost certainly not").interval, 0.01, 0.05)

    @pytest.mark.parametrize(
        "phrase", ["not certain", "not inevitable", "not certainly", "I'm not sure"]
    )
    def test_denying_certainty_is_unscorable(self, phrase: str) -> None:
        """'not certain' denies certainty without giving a likelihood: unscorable."""
        assert interpret(phrase).status == "unscorable"

    @pytest.mark.parametrize("name", NAMES)
    def test_impossibility_is_the_negated_certainty_band(self, name: str) -> None:
        """'will never' and 'no chance' are the certainty band negated: ≤ 0.05 under every scale."""
        for phrase in ("will never", "no chance"):
            read = interpret(phrase, name)
            certain = interpret("inevitable", name)
            assert certain.interval is not None
            assert read.interval == certain.interval.negate()
            assert read.interval.hi <= 0.05

    def test_certainty_floor_on_surveys(self) -> None:
        """A survey's top band [0.90, 0.98] is raised to [0.95, 0.98] for certainty words."""
        read = interpret("inevitable", "survey-a")
        assert read.interval == Interval(0.95, 0.98, 0.95)

    def test_stated_numbers(self) -> None:
        """A stated percentage is used as it is; one above 100 is unmapped."""
        read = interpret("a 20% chance")
        assert read.interval == Interval(0.2, 0.2, 0.2)
        assert _rule_ids(read.rules) == ["stated-number"]
        assert interpret("150%").status == "unmapped"

    @pytest.mark.parametrize("phrase", ["quite likely", "blorf", "fairly probable", "it seems", ""])
    def test_unknown_phrases_are_unmapped_with_a_reason(self, phrase: str) -> None:
        """A phrase no rule covers is unmapped, with a reason, and no interval."""
        read = interpret(phrase)
        assert read.status == "unmapped"
        assert read.interval is None
        assert read.reason

    def test_every_recorded_rule_is_documented(self) -> None:
        """Every rule id is explained in docs/verbal.md."""
        doc = (ROOT / "docs" / "verbal.md").read_text(encoding="utf-8")
        for rule in RULES:
            assert f"`{rule}`" in doc, rule

    @pytest.mark.parametrize("name", NAMES)
    def test_same_as_targets_resolve(self, name: str) -> None:
        """Every 'same-as' wording of the extension table maps under every shipped scale."""
        for entry in phrase_rules().entries.values():
            if entry.kind == "same-as":
                assert interpret(entry.phrase, name).status == "mapped", entry.phrase


class TestProperties:
    """Hypothesis properties of the phrase mapping."""

    @given(name=scale_names, data=st.data())
    def test_mapping_preserves_the_scale_order(self, name: str, data: st.DataObject) -> None:
        """A phrase not below another in the scale maps to an interval (and point) not below it."""
        scale = SCALES[name]
        (w1, p1), (w2, p2) = data.draw(
            st.lists(st.sampled_from(_wordings(scale)), min_size=2, max_size=2)
        )
        r1 = interpret(data.draw(surface(w1)), scale)
        r2 = interpret(data.draw(surface(w2)), scale)
        assert r1.interval is not None
        assert r2.interval is not None
        if p1.interval.not_below(p2.interval):
            assert r1.interval.not_below(r2.interval)
        if p1.interval.point("stated") >= p2.interval.point("stated"):
            assert r1.point is not None
            assert r2.point is not None
            assert r1.point >= r2.point

    @given(name=scale_names, data=st.data())
    def test_negation_of_a_scale_phrase(self, name: str, data: st.DataObject) -> None:
        """'not X' maps X's interval [a, b] to [1 - b, 1 - a] under every scale."""
        scale = SCALES[name]
        wording, phrase = data.draw(st.sampled_from(_wordings(scale)))
        negated = f"not {wording}"
        assume(scale.match(negated) is None and phrase_rules().lookup(negated) is None)
        read = interpret(negated, scale)
        assert read.interval == phrase.interval.negate()

    @given(name=scale_names, data=st.data())
    def test_intensifiers_move_away_from_even(self, name: str, data: st.DataObject) -> None:
        """'very X' is never nearer even odds than X: not below it above 0.5, not above it below."""
        scale = SCALES[name]
        wording, phrase = data.draw(st.sampled_from(_wordings(scale)))
        word = data.draw(st.sampled_from(["very", "highly", "extremely", "absolutely"]))
        read = interpret(f"{word} {wording}", scale)
        iv = phrase.interval
        if read.status != "mapped" or read.interval is None:
            assert iv.lo <= 0.5 <= iv.hi or read.status == "unscorable"
            return
        if iv.lo > 0.5:
            assert read.interval.not_below(iv)
        elif iv.hi < 0.5:
            assert iv.not_below(read.interval)

    @given(
        name=scale_names,
        words=st.lists(st.sampled_from(_VOCABULARY) | gibberish, min_size=1, max_size=5),
    )
    def test_unknown_words_are_never_silently_mapped(self, name: str, words: list[str]) -> None:
        """A phrase with an unknown word is never mapped; any mapping names documented rules."""
        read = interpret(" ".join(words), name)
        assert read.status in ("mapped", "unscorable", "unmapped")
        assert read.reason
        if any(re.fullmatch("[bcdfghj-np-tv-xz]{4,}", w) for w in words):
            assert read.status != "mapped"
        if read.status == "mapped":
            ids = _rule_ids(read.rules)
            assert set(ids) <= set(RULES)
            anchors = {"scale", "synonym", "stated-number", "certainty", "impossibility"}
            assert anchors & set(ids) or "intensifier-scale" in ids


class TestSensitivity:
    """Mean scores across scales and point rules, and robust rankings."""

    def test_stated_numbers_are_used_as_they_are(self) -> None:
        """A source of stated numbers scores the same under every scale and point rule."""
        result = sensitivity([("a", 0.8, "for", 1), ("a", 0.3, "for", 0)])
        (row,) = result.sources
        expected = float(np.mean(brier(np.array([0.8, 0.3]), np.array([1, 0]))))
        assert row.brier == pytest.approx((expected, expected))
        assert row.n == 2

    def test_each_source_scores_as_it_would_alone(self) -> None:
        """Scored together, each source's cells are bit for bit those it gets scored alone."""
        phrases = ["likely", "highly unlikely", "almost certainly", "maybe", "a remote chance"]
        rng = np.random.default_rng(8)
        records = [
            (
                f"s{rng.integers(6)}",
                str(rng.choice(phrases)) if rng.random() < 0.7 else float(rng.random()),
                "against" if rng.random() < 0.2 else "for",
                None if rng.random() < 0.1 else int(rng.integers(2)),
            )
            for _ in range(400)
        ]
        together = {s.source: s for s in sensitivity(records).sources}
        for source, row in together.items():
            (alone,) = sensitivity([r for r in records if r[0] == source]).sources
            np.testing.assert_array_equal(  # exact, NaN equal to NaN
                [(c.brier, c.log) for c in row.cells + row.own],
                [(c.brier, c.log) for c in alone.cells + alone.own],
            )

    def test_polarity_against_uses_one_minus_p(self) -> None:
        """'against' means the statement is about the negation: the proposition gets 1 - p."""
        (row,) = sensitivity([VerbalRecord("a", 0.8, "against", 1)]).sources
        assert row.brier[0] == pytest.approx(0.64)

    def test_ranges_span_the_point_rules(self) -> None:
        """Under ICD 203, 'highly unlikely' that did not happen ranges from 0.05² to 0.2²."""
        result = sensitivity([("a", "highly unlikely", "for", 0)], scales=["icd203"])
        (row,) = result.sources
        assert row.brier == pytest.approx((0.05**2, 0.20**2))
        expected_log = [float(log_score(np.array([p]), np.array([0]))[0]) for p in (0.05, 0.20)]
        assert row.log == pytest.approx(tuple(expected_log))
        assert row.cell("icd203", "mid").brier == pytest.approx(0.125**2)

    def test_ranges_span_the_scales(self) -> None:
        """Across scales the range covers each scale's reading of the phrase."""
        result = sensitivity(
            [("a", "highly unlikely", "for", 0)], scales=["icd203", "phia2025"], point_rules=["mid"]
        )
        (row,) = result.sources
        assert row.brier == pytest.approx((0.125**2, 0.15**2))

    def test_excluded_records_are_counted(self) -> None:
        """Unscorable, unmapped and unresolved records are counted and left out of the means."""
        records = [
            ("a", "likely", "for", 1),
            ("a", "could", "for", 1),
            ("a", "blorf", "for", 0),
            ("a", "likely", "for", None),
        ]
        (row,) = sensitivity(records).sources
        assert (row.n, row.unscorable, row.unmapped, row.unresolved) == (1, 1, 1, 1)

    def test_a_certain_miss_has_infinite_log_score_unless_clipped(self) -> None:
        """'inevitable' at PHIA's upper end is p = 1: a miss scores inf, finite with epsilon."""
        records = [("a", "inevitable", "for", 0)]
        (row,) = sensitivity(records, scales=["phia2025"]).sources
        assert row.log[1] == math.inf
        (clipped,) = sensitivity(records, scales=["phia2025"], log_epsilon=1e-3).sources
        assert math.isfinite(clipped.log[1])

    def test_robust_and_fragile_rankings(self) -> None:
        """A ranking that holds under every scale is robust; one that flips is reported as not."""
        records: list[tuple[str, str | float, str, int]] = [
            ("good", "highly unlikely", "for", 0),
            ("bad", "likely", "for", 0),
            ("x", "unlikely", "for", 0),
            ("y", 0.3, "for", 0),
        ]
        result = sensitivity(records)
        assert result.robust("good", "bad")
        assert not result.robust("bad", "good")
        assert ("good", "bad") in result.robust_pairs()
        # 'unlikely' is 0.1-0.45 across scales: against a stated 0.3 the order flips.
        assert not result.robust("x", "y")
        assert not result.robust("y", "x")
        table = result.table()
        assert "robust (holds under every scale and point rule)" in table
        assert "not robust" in table
        assert result.ranking()[0] == "good"

    def test_table_lists_every_source(self) -> None:
        """The table has a row per source, with '-' where nothing was scored, and says why."""
        table = sensitivity([("a", "likely", "for", 1), ("b", "likely", "for", None)]).table()
        lines = table.splitlines()
        assert any(line.startswith("a ") for line in lines)
        row = next(line for line in lines if line.startswith("b "))
        assert row.endswith("-  no resolved calls")

    def test_bad_arguments(self) -> None:
        """Bad records (a bool outcome too), repeated scales and empty rule lists are refused."""
        with pytest.raises(ValueError, match="outcome"):
            sensitivity([("a", "likely", "for", 2)])
        with pytest.raises(ValueError, match=r"polarity|must be in"):
            sensitivity([("a", "likely", "sideways", 1)])
        with pytest.raises(ValueError, match="outcome"):
            sensitivity([("a", "likely", "for", True)])
        with pytest.raises(ValueError, match="once"):
            sensitivity([], scales=["icd203", "icd203"])
        with pytest.raises(ValueError, match="at least one"):
            sensitivity([], point_rules=[])


# Every name forecastcheck.verbal and forecastcheck._phrases offered before the
# verbal layer became a package (Status is now ReadStatus).
_NAMES_BEFORE = [
    "DEFAULT_SCALE",
    "RULES",
    "Entry",
    "Interpretation",
    "Interval",
    "PhraseRules",
    "PointRule",
    "Polarity",
    "RecordLike",
    "Scale",
    "ScalePhrase",
    "ScoreCell",
    "Sensitivity",
    "SourceSensitivity",
    "VerbalRecord",
    "as_scale",
    "builtin_scales",
    "clean",
    "fmt",
    "get_scale",
    "interpret",
    "is_number",
    "load_scale",
    "normalise",
    "phrase_rules",
    "sensitivity",
    "split_prefix",
    "split_suffix",
]


def _verbal_modules() -> list[str]:
    """The modules of the verbal package (the package itself while it was one module)."""
    package = forecastcheck.verbal
    if not hasattr(package, "__path__"):
        return [package.__name__]
    return [m.name for m in pkgutil.iter_modules(package.__path__, package.__name__ + ".")]


def _defined_in_verbal(name: str) -> list[str]:
    """The verbal modules (the old single module too) that assign ``name`` themselves."""
    here = []
    for module in _verbal_modules():
        file = importlib.import_module(module).__file__
        assert file is not None
        for node in ast.walk(ast.parse(Path(file).read_text(encoding="utf-8"))):
            targets = node.targets if isinstance(node, ast.Assign) else []
            if isinstance(node, ast.AnnAssign):
                targets = [node.target]
            if any(isinstance(t, ast.Name) and t.id == name for t in targets):
                here.append(module)
    return here


class TestNamespace:
    """The verbal package: one flat namespace over modules that each hold one thing."""

    def test_names_of_the_old_modules_stay_importable(self) -> None:
        """Every public name the old verbal and _phrases modules offered is in forecastcheck.verbal."""
        missing = [n for n in _NAMES_BEFORE if n not in forecastcheck.verbal.__all__]
        assert not missing
        assert all(hasattr(forecastcheck.verbal, n) for n in _NAMES_BEFORE)

    def test_the_package_holds_one_module_a_part(self) -> None:
        """Scales, rules, intervals, interpretation and sensitivity each have their module.

        (That the namespace is flat is tests/test_architecture.py's rule for every flat package.)
        """
        assert {m.rsplit(".", 1)[1] for m in _verbal_modules()} >= {
            "intervals",
            "rules",
            "scales",
            "interpretation",
            "scale_sensitivity",
        }

    def test_no_module_imports_from_a_private_module(self) -> None:
        """No verbal module takes names out of a private module (it imports the module itself).

        (No underscored name is imported anywhere: tests/test_architecture.py's rule.)
        """
        for name in _verbal_modules():
            module = importlib.import_module(name)
            assert module.__file__ is not None
            tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if not isinstance(node, ast.ImportFrom) or node.module in (None, "__future__"):
                    continue
                source = str(node.module)
                assert not any(p.startswith("_") for p in source.split(".")), (name, source)

    def test_one_polarity(self) -> None:
        """Verbal records use the ledger's Polarity type (defined only there) and its values."""
        assert forecastcheck.verbal.Polarity is forecastcheck.ledger.Polarity
        assert _defined_in_verbal("Polarity") == []
        for polarity in typing.get_args(forecastcheck.ledger.Polarity):
            assert VerbalRecord("a", "likely", polarity, 1).polarity == polarity
        with pytest.raises(ValueError, match="polarity"):
            VerbalRecord("a", "likely", "sideways", 1)  # type: ignore[arg-type]

    def test_read_status_keeps_its_values(self) -> None:
        """A reading's status type is ReadStatus, with the values mapped, unscorable, unmapped."""
        assert typing.get_args(ReadStatus) == ("mapped", "unscorable", "unmapped")
        assert not hasattr(forecastcheck.verbal, "Status")
        assert _defined_in_verbal("Status") == []
        statuses = {interpret(p).status for p in ("likely", "could", "blorf")}
        assert statuses == set(typing.get_args(ReadStatus))

    def test_point_rules_is_the_one_list(self) -> None:
        """POINT_RULES is the PointRuleName literal, in order, and every rule is a point rule."""
        assert typing.get_args(PointRuleName) == POINT_RULES
        assert POINT_RULES == ("mid", "lower", "upper", "stated")
        iv = Interval(0.2, 0.4, 0.25)
        assert [iv.point(rule) for rule in POINT_RULES] == [0.3, 0.2, 0.4, 0.25]
        with pytest.raises(ValueError, match=", ".join(POINT_RULES)):
            iv.point("median")  # type: ignore[arg-type]

    def test_the_shipped_data_are_package_files(self) -> None:
        """The six scales and the extension table are files of the verbal package."""
        package = Path(forecastcheck.verbal.__file__).parent
        assert sorted(p.stem for p in (package / "data" / "scales").glob("*.toml")) == NAMES
        assert (package / "data" / "rules.toml").is_file()
        assert all(scale.file == f"{name}.toml" for name, scale in SCALES.items())
