"""The depth of a raw proposition (ledger/_raw.py), read before anything is structured."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from forecastcheck.ledger._raw import raw_proposition_depth

_KEYS = ("proposition", "condition", "then", "propositions", "type", "subject")


def _reference_depth(raw: object) -> int:
    """The depth by its definition: a table is one deeper than its deepest part (none: 1)."""
    if not isinstance(raw, dict):
        return 0
    parts = [raw.get(k) for k in ("proposition", "condition", "then")]
    many = raw.get("propositions")
    if isinstance(many, list):
        parts.extend(many)
    return 1 + max((_reference_depth(p) for p in parts if isinstance(p, dict)), default=0)


def _tables() -> st.SearchStrategy[Any]:
    leaves = st.one_of(st.none(), st.integers(0, 2), st.text(max_size=2))
    return st.recursive(
        leaves,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(_KEYS), inner, max_size=4)
        ),
        max_leaves=20,
    )


@settings(max_examples=300, deadline=None)
@given(raw=_tables())
def test_the_raw_depth_is_the_depth_by_its_definition(raw: object) -> None:
    """Leaves, tables of leaves (the quick answers) and deeper tables all get the defined depth."""
    assert raw_proposition_depth(raw) == _reference_depth(raw)


def test_a_table_of_leaves_is_two_deep_and_one_of_no_tables_is_one() -> None:
    """The shapes answered without the walk: ``not`` around a leaf, a part that is no table."""
    leaf = {"type": "occurs", "subject": "s", "kind": "k"}
    assert raw_proposition_depth({"type": "not", "proposition": leaf}) == 2
    assert raw_proposition_depth({"type": "all", "propositions": [leaf, leaf, 3]}) == 2
    assert raw_proposition_depth({"type": "not", "proposition": "x"}) == 1
    assert raw_proposition_depth({"type": "not", "proposition": {"proposition": leaf}}) == 3
    assert raw_proposition_depth("x") == 0
