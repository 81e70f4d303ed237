"""The one-pass build of records (ledger/_fast.py): it accepts only what the converter accepts,
builds equal records, and a load through it gives the same ledger and the same problems."""

from __future__ import annotations

import json
import threading
import types
import typing
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forecastcheck.errors import LedgerError
from forecastcheck.ledger import Ledger, _fast, convert, files, load, save
from forecastcheck.ledger.convert import TABLES, converter
from forecastcheck.ledger.propositions import MAX_PROPOSITION_DEPTH, proposition_depth
from forecastcheck.ledger.records import Prediction
from forecastcheck.strategies import ledgers

JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.floats(allow_nan=True),
    st.sampled_from(["", " ", "x", "a b", "-x", "2024-01-01", "soon", "by 2025", "\n"]),
    st.lists(st.sampled_from(["a", "b c", 1]), max_size=2),
    st.dictionaries(st.sampled_from(["probability", "phrase", "type", "x"]), st.integers(0, 1)),
)
"""Values a bad record may hold in any field."""


def _raw_records(ledger: Ledger) -> list[tuple[type, dict[str, Any]]]:
    return [
        (TABLES[table], converter.unstructure(r))
        for table in TABLES
        for r in (ledger.events if table == "events" else getattr(ledger, table))
    ]


def _structured(cls: type, raw: object) -> object | None:
    """The record the detailed converter builds from ``raw``, or ``None`` if it refuses it."""
    try:
        return converter.structure(raw, cls)
    except Exception:
        return None


@settings(max_examples=20, deadline=None)
@given(ledger=ledgers())
def test_the_one_pass_builds_every_valid_record_as_the_converter_does(ledger: Ledger) -> None:
    """Every record of a generated ledger is built in one pass, equal to the converter's."""
    builder = _fast.Builder(convert.quick_converter, TABLES.values())
    with convert.window_memo():
        for cls, raw in _raw_records(ledger):
            built = builder.build(cls, raw)
            assert built is not None
            assert type(built) is cls
            assert built == converter.structure(raw, cls)


@settings(max_examples=100, deadline=None)
@given(ledger=ledgers(), data=st.data())
def test_the_one_pass_refuses_what_the_converter_refuses(
    ledger: Ledger, data: st.DataObject
) -> None:
    """A record with one field changed to junk, dropped or added is built only as the converter
    builds it (equal), and refused whenever the converter refuses it."""
    records = _raw_records(ledger)
    cls, raw = data.draw(st.sampled_from(records))
    names = [f.name for f in attrs.fields(cls)]
    key = data.draw(st.sampled_from([*names, "colour"]))
    if data.draw(st.booleans()) and key in raw:
        raw = {k: v for k, v in raw.items() if k != key}
    else:
        raw = {**raw, key: data.draw(JUNK)}
    builder = _fast.Builder(convert.quick_converter, TABLES.values())
    with convert.window_memo():
        built = builder.build(cls, raw)
        expected = _structured(cls, raw)
    if expected is None:
        assert built is None
    else:
        assert built is None or built == expected


def _problems(path: Path) -> list[str]:
    try:
        load(path)
    except LedgerError as exc:
        return [str(p) for p in exc.problems]
    return []


@pytest.mark.parametrize("fmt", ["json", "jsonl", "toml"])
@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ledger=ledgers(), data=st.data())
def test_a_load_gives_the_same_ledger_and_problems_with_or_without_the_one_pass(
    ledger: Ledger, data: st.DataObject, fmt: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Loading a generated ledger, intact or with a record made bad, gives the same ledger or
    the same located problems, in order, whether records are built in one pass or not."""
    path = save(ledger, tmp_path_factory.mktemp("l") / f"l.{fmt}")
    if data.draw(st.booleans()) and fmt != "toml":
        tree = json.loads(path.read_text(encoding="utf-8")) if fmt == "json" else None
        lines = path.read_text(encoding="utf-8").split("\n")[:-1]  # JSON keeps U+2028 as is
        table = data.draw(st.sampled_from([t for t in TABLES if getattr(ledger, t, None)]))
        field = data.draw(st.sampled_from(["id", "stated", "quote", "source", "colour", "name"]))
        value = data.draw(JUNK)
        if tree is not None:
            tree[table][0][field] = value
            path.write_text(json.dumps(tree), encoding="utf-8")
        else:
            at = next(i for i, line in enumerate(lines) if line.startswith(f'{{"{table}"'))
            line = json.loads(lines[at])
            line[table][field] = value
            lines[at] = json.dumps(line)
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    fast = _problems(path)
    quick_only = _fast.Builder.build
    try:
        _fast.Builder.build = lambda self, cls, raw: None  # type: ignore[method-assign]
        assert _problems(path) == fast
        carefully = None if fast else load(path)
    finally:
        _fast.Builder.build = quick_only  # type: ignore[method-assign]
    if not fast:
        assert load(path) == carefully


def test_the_one_pass_turns_no_global_validator_switch(tmp_path: Path) -> None:
    """Validators stay on for every thread while a load builds records in one pass."""
    path = tmp_path / "l.json"
    path.write_text(
        json.dumps({"sources": [{"id": f"s{i}", "name": "S"} for i in range(2000)]}),
        encoding="utf-8",
    )
    seen: list[bool] = []
    real = files._FAST.function

    def watched(cls: type) -> _fast.Build:
        build = real(cls)

        def watching(raw: object, memo: list[dict[Any, Any]]) -> object | None:
            seen.append(attrs.validators.get_disabled())
            return build(raw, memo)

        return watching

    files._FAST.function = watched  # type: ignore[method-assign]
    try:
        worker = threading.Thread(target=load, args=(path,))
        worker.start()
        worker.join()
    finally:
        del files._FAST.function
    assert seen
    assert not any(seen)
    assert not attrs.validators.get_disabled()


def test_remembered_identifiers_stay_bounded() -> None:
    """The builder's memo of identifiers is emptied when full, and every text is still checked."""
    builder = _fast.Builder(convert.quick_converter, TABLES.values())
    event = TABLES["events"]
    for i in range(_fast.REMEMBERED + 10):
        raw = {"id": "e", "subject": f"s{i}", "kind": "k", "date": "2024"}
        assert builder.build(event, raw) is not None
        assert len(builder._names) <= _fast.REMEMBERED
    assert builder.build(event, {"id": "e", "subject": "s 1", "kind": "k", "date": "2024"}) is None


def test_an_identifier_named_again_is_the_string_first_accepted() -> None:
    """Records naming one identifier share the text first accepted, not the parser's copies."""
    text = json.dumps(_prediction(source="analyst-one", document="article-one"))
    raws = [{**json.loads(text), "id": f"p-{i}"} for i in range(3)]
    assert raws[0]["source"] is not raws[1]["source"]  # the parser made one string per mention
    builder = _fast.Builder(convert.quick_converter, TABLES.values())
    with convert.window_memo():
        built = [builder.build(TABLES["predictions"], raw) for raw in raws]
    first, *others = typing.cast(list[Prediction], built)
    assert all(isinstance(p, Prediction) for p in built)
    for prediction in others:
        assert prediction.source is first.source  # a required identifier
        assert prediction.document is first.document  # an optional one
    assert builder._names == {
        "analyst-one": "analyst-one",
        "article-one": "article-one",
        "x": "x",
        "k": "k",
    }


@given(text=st.text(st.sampled_from(" \t\n\r\x0b\x0c\x1c\x85\xa0\u2028\u3000ab")))
def test_the_inline_text_check_is_the_validators(text: str) -> None:
    """``not v or v.isspace()`` (the pass's text check) holds exactly when ``not v.strip()`` does."""
    assert (not text or text.isspace()) == (not text.strip())


def _built_in_one_load(cls: type, raws: Sequence[object]) -> list[object | None]:
    builder = _fast.Builder(convert.quick_converter, TABLES.values())
    with convert.window_memo():
        return [builder.build(cls, raw) for raw in raws]


def _prediction(**fields: object) -> dict[str, object]:
    base: dict[str, object] = {
        "id": "p",
        "source": "s",
        "quote": "q",
        "stated": "2024-01-01",
        "proposition": {"type": "occurs", "subject": "x", "kind": "k", "deadline": "by 2025"},
        "confidence": {"probability": 0.5},
    }
    return {**base, **fields}


@pytest.mark.parametrize(
    ("first", "then"),
    [
        ({"probability": 1.0}, {"probability": True}),
        ({"probability": 0.0}, {"probability": False}),
        ({"probability": 1}, {"probability": True}),
        ({"phrase": "likely"}, {"phrase": "likely", "polarity": "sideways"}),
    ],
)
def test_a_table_remembered_in_a_load_never_admits_a_value_of_another_type(
    first: dict[str, object], then: dict[str, object]
) -> None:
    """A confidence built first does not let an equal table of another type (``True`` beside
    ``1.0``) be built from the load's memo: it is refused, as the converter refuses it."""
    cls = TABLES["predictions"]
    built = _built_in_one_load(cls, [_prediction(confidence=first), _prediction(confidence=then)])
    assert _structured(cls, _prediction(confidence=then)) is None
    assert built == [converter.structure(_prediction(confidence=first), cls), None]


def test_equal_flat_tables_share_one_record_and_whole_numbers_are_read_as_numbers() -> None:
    """Within a load an equal flat proposition or confidence is the object built first; a
    whole-number probability builds the confidence the converter builds (1 as 1.0)."""
    cls = TABLES["predictions"]
    raws = [_prediction(), _prediction(id="p2"), _prediction(confidence={"probability": 1})]
    one, two, whole = typing.cast(list[Any], _built_in_one_load(cls, raws))
    assert one.proposition is two.proposition
    assert one.confidence is two.confidence
    assert whole == converter.structure(raws[2], cls)
    assert type(whole.confidence.probability) is float


@pytest.mark.parametrize(
    ("field", "first", "then"),
    [
        (
            "proposition",
            {"type": "occurs", "subject": "x", "kind": "k", "deadline": "by 2025"},
            {"type": "occurs", "subject": "x", "kind": "k", "text": "by 2025"},
        ),
        (
            "proposition",
            {"type": "occurs", "subject": "x", "kind": "k"},
            {"type": "occurs", "subject": "k", "kind": "x"},
        ),
        (
            "confidence",
            {"phrase": "against", "polarity": "for"},
            {"polarity": "against", "phrase": "for"},
        ),
    ],
)
def test_a_remembered_table_is_found_only_by_its_own_keys_and_values(
    field: str, first: dict[str, object], then: dict[str, object]
) -> None:
    """The memo of flat tables keys each by its keys and values in order (and a proposition by
    its ``type``): a table with the same values under other keys, or the same keys holding the
    values in another order, builds its own record, as the converter builds it."""
    cls = TABLES["predictions"]
    raws = [
        _prediction(**{field: first}),
        _prediction(**{field: then}),
        _prediction(**{field: then}),
    ]
    built = typing.cast(list[Any], _built_in_one_load(cls, raws))
    assert built == [_structured(cls, raw) for raw in raws]
    assert getattr(built[1], field) is getattr(built[2], field)
    assert getattr(built[0], field) != getattr(built[1], field)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("confidence", {"probability": 1.5}),
        ("confidence", {"probability": float("nan")}),
        ("confidence", {"probability": 0.5, "polarity": "sideways"}),
        ("confidence", {"phrase": " "}),
        ("proposition", {"type": "occurs", "subject": "a b", "kind": "k"}),
        ("proposition", {"type": "holds_at", "state": "s", "date": " "}),
        ("proposition", {"type": "not", "proposition": {"type": "occurs", "subject": "x"}}),
        ("proposition", {"type": "all", "propositions": []}),
        ("proposition", {"type": "any", "propositions": [{"type": "occurs", "kind": "k"}]}),
        ("proposition", {"type": "value_of", "subject": "x", "quantity": "q", "point": 1e400}),
        (
            "proposition",
            {"type": "date_of", "subject": "x", "kind": "k", "point": "2024", "level": 1.0},
        ),
        (
            "proposition",
            {"type": "occurs", "subject": "x", "kind": "k", "after": {"event": "e", "kind": "k"}},
        ),
        ("stated", "2024-13-01"),
        ("proposition", {"type": "nope"}),
    ],
)
def test_the_pass_refuses_each_bad_nested_value_the_converter_refuses(
    field: str, value: object
) -> None:
    """Each inline check of a nested table (confidence ranges and polarity, propositions of
    every kind, nested ones, anchors, dates) refuses what the converter refuses."""
    cls = TABLES["predictions"]
    raw = _prediction(**{field: value})
    assert _structured(cls, raw) is None
    assert _built_in_one_load(cls, [_prediction(), raw]) == [
        converter.structure(_prediction(), cls),
        None,
    ]


def _sources_file(tmp_path: Path) -> Path:
    path = tmp_path / "l.json"
    sources = [{"id": f"s{i}", "name": "S"} for i in range(2000)]
    path.write_text(json.dumps({"sources": sources}), encoding="utf-8")
    return path


def _ours(thing: object) -> bool:
    """Whether an object was made by the package: one of its classes' instances, one of its
    functions, a method or closure cell holding one, or a dict, list or tuple (a memo) with
    one of its classes' instances among its values."""
    if isinstance(thing, dict | list | tuple):
        values = thing.values() if isinstance(thing, dict) else thing
        return any(type(v).__module__.startswith("forecastcheck") for v in values)
    if isinstance(thing, types.MethodType):
        return _ours(thing.__func__)
    if isinstance(thing, types.CellType):
        try:
            return _ours(thing.cell_contents)
        except ValueError:  # an empty cell
            return False
    if isinstance(thing, types.FunctionType):
        return thing.__module__.startswith("forecastcheck")
    return type(thing).__module__.startswith("forecastcheck")


def test_a_load_leaves_no_cycle_behind(tmp_path: Path) -> None:
    """The memos of a load are let go when it ends (nothing waits for the cyclic collector).

    Only what the package made counts: a thread another test started (a
    dask cluster shutting down) may leave cycles of its own meanwhile.
    """
    import gc

    path = _sources_file(tmp_path)
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)  # what a pass finds is kept in gc.garbage, to be looked at
    try:
        load(path)
        gc.collect()
        left = [thing for thing in gc.garbage if _ours(thing)]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    assert left == []


def test_a_ledger_loaded_is_not_left_to_the_youngest_generation(tmp_path: Path) -> None:
    """A load that succeeds leaves no pass of the collector over every object it made."""
    import gc

    path = _sources_file(tmp_path)
    gc.collect()
    ledger = load(path)
    oldest = {id(o) for o in gc.get_objects(generation=2)}
    assert all(id(source) in oldest for source in ledger.sources)
    assert gc.get_freeze_count() == 0


def _nested(depth: int) -> dict[str, Any]:
    """A proposition table of ``not`` parts around one leaf, ``depth`` propositions in all."""
    table: dict[str, Any] = {"type": "occurs", "subject": "s", "kind": "k"}
    for _ in range(depth - 1):
        table = {"type": "not", "proposition": table}
    return table


@pytest.mark.parametrize(
    "depth", [1, 2, MAX_PROPOSITION_DEPTH - 1, MAX_PROPOSITION_DEPTH, MAX_PROPOSITION_DEPTH + 1]
)
def test_the_one_pass_takes_a_proposition_exactly_as_deep_as_the_converter_does(
    depth: int,
) -> None:
    """A prediction's proposition is built in one pass up to the nesting limit and refused past
    it, as the converter (whose field validator checks the depth) builds and refuses it."""
    raw = {
        "id": "p",
        "source": "s",
        "quote": "q",
        "stated": "2024-01-01",
        "proposition": _nested(depth),
        "confidence": {"probability": 0.5},
    }
    builder = _fast.Builder(convert.quick_converter, TABLES.values())
    with convert.window_memo():
        built = builder.build(Prediction, raw)
    expected = _structured(Prediction, raw)
    assert (expected is None) == (depth > MAX_PROPOSITION_DEPTH)
    assert built == expected
    if built is not None:
        proposition = typing.cast(Prediction, built).proposition
        assert proposition is not None
        assert proposition_depth(proposition) == depth
