"""Read once: every deadline and date phrase of a ledger is read once, and the reading is used."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from pathlib import Path

import attrs
import pytest

from forecastcheck import evaluate
from forecastcheck.errors import LedgerError
from forecastcheck.ledger import (
    Checked,
    Confidence,
    DateOf,
    DateWindow,
    Deadline,
    DeadlineError,
    Event,
    EventLog,
    HoldsAt,
    HoldsThroughout,
    How,
    Ledger,
    Not,
    Occurs,
    Prediction,
    Reading,
    Readings,
    Source,
    ValueOf,
    check_records,
    date_problems,
    deadlines,
    load,
    parse_deadline,
    parse_horizon,
    parse_point,
    read_phrase,
    save,
    walk,
)
from forecastcheck.ledger.propositions import date_fields
from forecastcheck.resolution import Resolver, resolve_ledger

Key = tuple[str, str, DateWindow]

FIXED = ("by November 2025", "2025-Q3", "before 2027", "mid 2026", "eventually")
RELATIVE = ("by the end of this year", "within six months", "end of next month", "in 2 weeks")


@pytest.fixture(params=["json", "toml", "jsonl"])
def fmt(request: pytest.FixtureRequest) -> str:
    """Each ledger file format."""
    return str(request.param)


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Counter[Key]:
    """Counts every call of the grammar's one entry point, by (phrase, how, statement window)."""
    counted: Counter[Key] = Counter()
    real = deadlines.read_phrase

    def counting(text: str, how: How, anchor: DateWindow | dt.date) -> Reading:
        window = anchor if isinstance(anchor, DateWindow) else DateWindow.day(anchor)
        counted[text, how, window] += 1
        return real(text, how, anchor)

    monkeypatch.setattr(deadlines, "read_phrase", counting)
    return counted


def _keys(ledger: Ledger) -> set[Key]:
    """Every (phrase, how, statement window) the ledger's propositions hold."""
    return {
        (text, how, p.stated)
        for p in ledger.predictions
        if p.proposition is not None
        for part in walk(p.proposition)
        for _, text, how in date_fields(part)
    }


def _generated(n: int = 120, seed: int = 5) -> Ledger:
    """A ledger whose predictions repeat fixed and relative phrases over a few statement dates."""
    rng = random.Random(seed)
    stated = [DateWindow.day(dt.date(2024, 1, 1) + dt.timedelta(days=d)) for d in (0, 40, 90)]
    stated.append(DateWindow.month(2024, 2))  # an uncertain statement date
    predictions = []
    for i in range(n):
        phrase = rng.choice(FIXED + RELATIVE[:1]) if i % 3 else rng.choice(FIXED + RELATIVE)
        leaf = Occurs(
            subject=f"s{i % 7}", kind="k", deadline=None if phrase == "eventually" else phrase
        )
        shape = i % 5
        if shape == 1:
            proposition: object = Not(proposition=leaf)
        elif shape == 2:
            proposition = HoldsThroughout(state="st", start="2025-01", end=rng.choice(FIXED[:3]))
        elif shape == 3:
            proposition = DateOf(subject="s", kind="k", point="mid 2026", latest="before 2027")
        elif shape == 4:
            proposition = HoldsAt(state="st", date=rng.choice(("2025-06-01", "mid 2026")))
        else:
            proposition = ValueOf(subject="s", quantity="q", point=1.0, by=phrase)
        window = rng.choice(stated)
        if phrase in RELATIVE[1:] and window.days > 1:
            window = stated[0]  # a relative phrase needs a precise statement date
        predictions.append(
            Prediction(
                id=f"p{i}",
                source="a",
                quote="q",
                stated=window,
                proposition=proposition,  # type: ignore[arg-type]
                confidence=Confidence(probability=0.5),
            )
        )
    events = (Event(id="e", subject="s0", kind="k", date=DateWindow.day(dt.date(2024, 6, 1))),)
    return Ledger(
        sources=[Source(id="a", name="A")],
        predictions=predictions,
        log=EventLog(events=events, complete_through=dt.date(2025, 1, 31)),
    )


def _assert_read_once(reads: Counter[Key], ledger: Ledger) -> None:
    """Each relative (phrase, how, window) read exactly once; each fixed (phrase, how) once in all."""
    keys = _keys(ledger)
    fixed = {(r.phrase, r.how) for r in ledger.readings if r.anchor is None}
    relative = {(r.phrase, r.how, r.anchor) for r in ledger.readings if r.anchor is not None}
    assert {k for k in keys if (k[0], k[1]) not in fixed} == relative
    assert {(k[0], k[1]) for k in keys} - {(p, h) for p, h, _ in relative} == fixed
    assert {k: n for k, n in reads.items() if n != 1} == {}
    by_phrase = Counter((phrase, how) for phrase, how, _ in reads)
    assert {k: by_phrase[k] for k in fixed if by_phrase[k] != 1} == {}
    assert sum(reads.values()) == len(fixed) + len(relative) == len(ledger.readings)


class TestReadPhrase:
    @pytest.mark.parametrize("phrase", FIXED[:4])
    def test_a_phrase_that_ignores_the_statement_date_has_no_anchor(self, phrase: str) -> None:
        """A phrase naming its own dates reads the same everywhere, and its reading says so."""
        early, late = dt.date(1999, 2, 11), dt.date(2011, 9, 27)
        reading = read_phrase(phrase, "deadline", early)
        assert reading.anchor is None
        assert reading.result == read_phrase(phrase, "deadline", late).result

    @pytest.mark.parametrize("phrase", RELATIVE)
    def test_a_relative_phrase_keeps_its_statement_date(self, phrase: str) -> None:
        """A phrase read relative to the statement date keeps that date as its anchor."""
        said = DateWindow.day(dt.date(2024, 4, 15))
        assert read_phrase(phrase, "deadline", said).anchor == said

    @pytest.mark.parametrize(
        ("how", "parse"),
        [("horizon", parse_horizon), ("deadline", parse_deadline), ("point", parse_point)],
    )
    @pytest.mark.parametrize("phrase", FIXED[:4] + RELATIVE)
    def test_the_parse_functions_give_the_reading(
        self, how: How, parse: object, phrase: str
    ) -> None:
        """parse_horizon, parse_deadline and parse_point give exactly read_phrase's result."""
        said = dt.date(2024, 4, 15)
        assert parse(phrase, said) == read_phrase(phrase, how, said).result  # type: ignore[operator]

    def test_an_open_ended_horizon_reads_as_none(self) -> None:
        """'eventually' read as a horizon has no result and no anchor; as a deadline it is refused."""
        assert read_phrase("eventually", "horizon", dt.date(2024, 1, 1)) == Reading(
            "eventually", "horizon", None, None
        )
        with pytest.raises(DeadlineError, match="open-ended"):
            read_phrase("eventually", "deadline", dt.date(2024, 1, 1))

    def test_a_fixed_phrase_is_read_once_for_an_uncertain_statement_date(
        self, reads: Counter[Key]
    ) -> None:
        """A phrase that ignores the statement date is not read again at the window's other end."""
        readings = Readings()
        found = readings.deadline("by November 2025", DateWindow.year(2024))
        assert found.last_day == dt.date(2025, 11, 30)
        assert readings.deadline("by November 2025", DateWindow.day(dt.date(2020, 1, 1))) is found
        assert sum(reads.values()) == 1

    def test_a_relative_phrase_still_refuses_an_uncertain_statement_date(self) -> None:
        """'this year' said sometime in 2024..2025 is refused, as before."""
        with pytest.raises(DeadlineError, match="depends on when"):
            Readings().deadline("by the end of this year", DateWindow.parse("2024..2025"))

    def test_a_failed_reading_is_not_kept(self, reads: Counter[Key]) -> None:
        """A phrase that cannot be read raises each time it is asked for, and is not stored."""
        readings = Readings()
        for _ in range(2):
            with pytest.raises(DeadlineError, match="unrecognised"):
                readings.horizon("soon", dt.date(2024, 1, 1))
        assert (len(readings), sum(reads.values())) == (0, 2)


class TestLedgerReadings:
    def test_building_a_ledger_reads_each_phrase_once(self, reads: Counter[Key]) -> None:
        """A Ledger built in Python reads every distinct (phrase, how, statement date) once."""
        ledger = _generated()
        _assert_read_once(reads, ledger)

    def test_resolution_and_evaluation_use_the_ledger_readings(self, reads: Counter[Key]) -> None:
        """Resolving and evaluating a ledger read no phrase again: they use ledger.readings."""
        ledger = _generated()
        before = sum(reads.values())
        resolve_ledger(ledger, dt.date(2025, 2, 1))
        evaluate(ledger, as_of=dt.date(2025, 2, 1), n_bootstrap=0)
        assert sum(reads.values()) == before

    def test_a_resolver_without_readings_reads_on_demand(self, reads: Counter[Key]) -> None:
        """A prediction resolved without a ledger still works, reading its phrases when asked."""
        prediction = _generated().predictions[0]
        reads.clear()
        resolver = Resolver(EventLog())
        first = resolver.resolve_prediction(prediction, dt.date(2025, 2, 1))
        assert resolver.resolve_prediction(prediction, dt.date(2025, 2, 1)) == first
        assert 1 <= sum(reads.values()) == len(resolver.index.readings)

    def test_readings_are_not_part_of_equality(self) -> None:
        """Two ledgers of the same records are equal and hash alike whatever their readings hold."""
        a, b = _generated(), _generated()
        b.readings.horizon("within a year", dt.date(2024, 1, 1))
        assert len(a.readings) != len(b.readings)
        assert (a == b, hash(a) == hash(b)) == (True, True)

    def test_date_problems_fill_the_readings_given(self) -> None:
        """date_problems reads into the readings it is given, so a caller can keep them."""
        prediction = _generated().predictions[0]
        readings = Readings()
        assert list(date_problems(prediction, readings)) == []
        assert len(readings) >= 1
        assert all(isinstance(r.result, Deadline | type(None)) for r in readings)


class TestLoadChecksOnce:
    def test_loading_reads_each_phrase_once(
        self, reads: Counter[Key], tmp_path: Path, fmt: str
    ) -> None:
        """Loading a generated ledger reads each distinct (phrase, how, statement window) once."""
        path = save(_generated(n=400), tmp_path / f"ledger.{fmt}")
        reads.clear()
        ledger = load(path)
        _assert_read_once(reads, ledger)
        resolve_ledger(ledger, dt.date(2025, 2, 1))
        assert sum(reads.values()) == len(ledger.readings)

    def test_loading_a_large_json_ledger_reads_each_phrase_once(
        self, reads: Counter[Key], tmp_path: Path
    ) -> None:
        """A generated 10^4-prediction JSON ledger reads each (phrase, how, statement window) once."""
        path = save(_generated(n=10_000, seed=11), tmp_path / "ledger.json")
        reads.clear()
        ledger = load(path)
        assert len(ledger.predictions) == 10_000
        _assert_read_once(reads, ledger)

    def test_two_loads_share_no_date_memo(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        """Each load reads each date text once itself; nothing read by one load serves another."""
        parsed: Counter[str] = Counter()
        real = DateWindow.parse.__func__  # type: ignore[attr-defined]

        def counting(cls: type[DateWindow], text: str) -> DateWindow:
            parsed[text] += 1
            return real(cls, text)  # type: ignore[no-any-return]

        monkeypatch.setattr(DateWindow, "parse", classmethod(counting))
        first = save(_generated(n=30, seed=1), tmp_path / "a.json")
        second = save(_generated(n=40, seed=2), tmp_path / "b.toml")
        for path in (first, second, first):
            parsed.clear()
            load(path)
            assert parsed["2024-01-01"] == 1, path  # read by this load, not kept from the last

    @pytest.mark.parametrize("enabled", [True, False])
    def test_loading_leaves_the_garbage_collector_as_it_found_it(
        self, tmp_path: Path, enabled: bool
    ) -> None:
        """load pauses the cyclic collector only while it runs, even when it fails."""
        import gc

        good = save(_generated(n=5), tmp_path / "a.json")
        bad = tmp_path / "b.json"
        bad.write_text('{"predictions": [{"id": 1}]}', encoding="utf-8")
        was = gc.isenabled()
        try:
            (gc.enable if enabled else gc.disable)()
            load(good)
            assert gc.isenabled() is enabled
            with pytest.raises(LedgerError):
                load(bad)
            assert gc.isenabled() is enabled
        finally:
            (gc.enable if was else gc.disable)()

    def test_a_loaded_ledger_is_not_checked_again(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        """load checks references and dates itself, once; the Ledger it builds does not redo them."""
        calls: list[int] = []
        real = check_records

        def counting(*records: tuple[object, ...]) -> Checked:
            calls.append(len(records[2]))
            return real(*records)  # type: ignore[arg-type]

        monkeypatch.setattr("forecastcheck.ledger.book.check_records", counting)
        built = _generated()
        assert calls == [len(built.predictions)]
        loaded = load(save(built, tmp_path / "l.json"))
        assert (calls, loaded) == ([len(built.predictions)], built)
        assert attrs.evolve(loaded) == loaded
        assert len(calls) == 1  # the same records: the check still stands
        attrs.evolve(loaded, predictions=loaded.predictions[:3])
        assert calls[1:] == [3]  # other records: checked afresh

    def test_a_check_of_other_records_is_not_trusted(self) -> None:
        """A Checked made for other (even equal) records does not spare a ledger its checks."""
        good = _generated(n=3)
        dangling = attrs.evolve(good.predictions[0], source="nobody")
        predictions = (dangling, *good.predictions[1:])
        forged = Checked(good.sources, (), tuple(good.predictions), (), (), Readings())
        with pytest.raises(LedgerError, match="no source with id 'nobody'"):
            Ledger(sources=good.sources, predictions=predictions, checked=forged)

    def test_every_problem_is_still_reported_in_one_pass(self, tmp_path: Path) -> None:
        """A bad record and a prediction with an unreadable deadline are reported together."""
        text = """
[[sources]]
id = "a"

[[predictions]]
id = "p"
source = "a"
quote = "q"
stated = "2024-01-01"
proposition = { type = "occurs", subject = "s", kind = "k", deadline = "soon" }
confidence = { probability = 0.5 }
"""
        path = tmp_path / "l.toml"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(LedgerError) as info:
            load(path)
        assert [(p.path, p.message) for p in info.value.problems] == [
            (
                "$.predictions[0].proposition.deadline",
                "unrecognised deadline phrase 'soon'; accepted forms: docs/dates.md#accepted-forms",
            ),
            ("$.sources[0].name", "required key missing"),
        ]


def test_readings_know_a_phrase_read_alike_on_every_date_once_it_is_read() -> None:
    """fixed(): only a phrase already read, as that kind of phrase, with no date of its own."""
    readings = Readings()
    day = dt.date(2024, 3, 1)
    assert not readings.fixed("by November 2025", "deadline")  # not read yet
    readings.read("by November 2025", "deadline", day)
    readings.read("within six months", "deadline", day)
    assert readings.fixed("by November 2025", "deadline")
    assert not readings.fixed("by November 2025", "point")  # read as a deadline only
    assert not readings.fixed("within six months", "deadline")  # read from its statement date
    assert readings.picking("shortest").fixed("by November 2025", "deadline")  # one store
