"""The JSON report's indented text: json.dumps's own, byte for byte, written mostly in C."""

from __future__ import annotations

import datetime as dt
import gc
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forecastcheck.evaluation import evaluate
from forecastcheck.ledger import load
from forecastcheck.report import _json_text, render_json
from forecastcheck.report import json as report_json
from forecastcheck.report.json import to_dict

KARABAKH = Path(__file__).resolve().parent.parent / "fixtures" / "karabakh"

_plain = (
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from([0.0, -0.0, 1e300, 5e-324, 0.1 + 0.2])
    | st.text(alphabet=st.characters(codec="utf-8"), max_size=12)
    | st.sampled_from(["", "a,\nb", '"}]{[', "\\", "\x00\x1b\u2028\u202e", "é中😀"])
)
_keys = st.text(alphabet=st.characters(codec="utf-8"), max_size=6) | st.sampled_from(
    ["", "a: b", '"', ",\n"]
)
_data = st.recursive(
    _plain,
    lambda inner: (
        st.lists(inner, max_size=5)
        | st.lists(inner, max_size=3).map(tuple)
        | st.dictionaries(_keys, inner, max_size=5)
    ),
    max_leaves=40,
)
_indents = st.sampled_from([0, 1, 2, 4, -1, "", "\t", "--"])


@settings(max_examples=400, deadline=None)
@given(_data, _indents)
def test_the_text_is_json_dumps_text(data: Any, indent: int | str) -> None:
    """Any JSON-ready data, nested any way, at any indent: exactly json.dumps's text."""
    expected = json.dumps(data, indent=indent, ensure_ascii=False, allow_nan=False)
    assert _json_text.dumps(data, indent) == expected


@pytest.mark.parametrize(
    "data",
    [
        {"a": {3: "int key", 2.5: "float key", True: "bool", None: "none"}},  # flat, C converts
        {"a": [1, {"x": [2]}], 7: [1, [2]]},  # a key JSON converts beside nested values
        [{"deep": [[[[[]]]]], "empty": {}, "list": []}],
        {"x": (1, (2, 3), ())},
    ],
)
def test_keys_and_shapes_out_of_the_ordinary(data: Any) -> None:
    """Keys that are not strings, tuples and empty containers: still json.dumps's text."""
    expected = json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False)
    assert _json_text.dumps(data, 2) == expected


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"a": [1.0, float("nan")]}, ValueError),
        ({"a": {"b": float("inf")}}, ValueError),
        ({"a": [dt.date(2024, 1, 1)]}, TypeError),
        ({"a": [{"b": {1, 2}}]}, TypeError),
        ({"a": [1], ("t",): 2}, TypeError),
    ],
)
def test_what_json_cannot_hold_raises_json_dumps_error(data: Any, error: type) -> None:
    """NaN, infinity, objects and tuple keys: json.dumps's own error, and its message."""
    with pytest.raises(error) as stdlib:
        json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False)
    with pytest.raises(error) as ours:
        _json_text.dumps(data, 2)
    assert str(ours.value) == str(stdlib.value)


def test_a_cycle_raises_json_dumps_error() -> None:
    """A structure holding itself is json.dumps's ``Circular reference detected``."""
    data: dict[str, Any] = {"a": [1]}
    data["a"].append(data)
    with pytest.raises(ValueError, match="Circular reference detected"):
        _json_text.dumps(data, 2)


def test_deep_nesting_is_left_to_json_dumps() -> None:
    """Past the writer's depth the whole document goes to json.dumps: the same text."""
    data: Any = [1]
    for _ in range(_json_text._DEEPEST + 5):
        data = {"k": [data, 2]}
    assert _json_text.dumps(data, 2) == json.dumps(data, indent=2, ensure_ascii=False)


@pytest.mark.parametrize("indent", [None, 0, 2, 4])
def test_the_report_is_the_standard_encoders_text(indent: int | None) -> None:
    """The Karabakh report: render_json gives what json.dumps of to_dict gave, at any indent."""
    ledger = load(KARABAKH)
    evaluation = evaluate(ledger, as_of=dt.date(2026, 2, 7), n_bootstrap=50)
    data = to_dict(evaluation, (), ledger)
    text = json.dumps(data, indent=indent, ensure_ascii=False, allow_nan=False)
    assert (
        render_json(evaluation, indent=indent, ledger=ledger) == report_json._escaped(text) + "\n"
    )


def test_the_collector_is_on_again_after_a_report() -> None:
    """The collector is off while the JSON is made, and as it was found afterwards."""
    ledger = load(KARABAKH)
    evaluation = evaluate(ledger, as_of=dt.date(2026, 2, 7), n_bootstrap=0)
    assert gc.isenabled()
    render_json(evaluation, ledger=ledger)
    assert gc.isenabled()
    gc.disable()
    try:
        render_json(evaluation, ledger=ledger)
        assert not gc.isenabled()
    finally:
        gc.enable()
