"""A source's last call on a question: the rule relative skill and the crowd comparison share."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import cast

from forecastcheck.evaluation.results import PredictionResult
from forecastcheck.evaluation.skill import last_calls


def _call(
    id: str, end: str, *, chain: str | None = None, revises: str | None = None
) -> PredictionResult:
    """The fields the rule reads of a scored call, of source ``s`` on question 0."""
    found = SimpleNamespace(
        id=id,
        source="s",
        question=0,
        chain=chain,
        revises=revises,
        stated=SimpleNamespace(end=dt.date.fromisoformat(end)),
    )
    return cast(PredictionResult, found)


def test_unchained_calls_are_taken_by_the_end_of_their_statement_window() -> None:
    """Two separate calls: the one whose window ends later is the last, in either order."""
    early, late = _call("a", "2024-03-01"), _call("b", "2024-01-02")
    assert last_calls([early, late])[("s", 0)].id == "a"
    assert last_calls([late, early])[("s", 0)].id == "a"


def test_a_tie_goes_to_the_later_in_ledger_order() -> None:
    """Windows ending on one day: the call later in the ledger is the last."""
    assert last_calls([_call("a", "2024-01-02"), _call("b", "2024-01-02")])[("s", 0)].id == "b"


def test_a_revision_supersedes_the_reading_it_revises_whatever_its_window() -> None:
    """B revises A and is stated 2 January, A "January to March": B is the last, in either order."""
    a = _call("a", "2024-03-01", chain="a")
    b = _call("b", "2024-01-02", chain="a", revises="a")
    assert last_calls([a, b])[("s", 0)].id == "b"
    assert last_calls([b, a])[("s", 0)].id == "b"


def test_a_revision_supersedes_through_the_readings_between() -> None:
    """C revises B revises A: C is the last even when its window ends before A's and B's."""
    a = _call("a", "2024-03-01", chain="a")
    b = _call("b", "2024-02-01", chain="a", revises="a")
    c = _call("c", "2024-01-05", chain="a", revises="b")
    for order in ([a, b, c], [c, b, a], [b, a, c], [a, c, b]):
        assert last_calls(order)[("s", 0)].id == "c"


def test_a_broken_link_falls_back_to_the_window() -> None:
    """C revises an unscored B (not given): C and A are compared by their windows."""
    a = _call("a", "2024-03-01", chain="a")
    c = _call("c", "2024-01-05", chain="a", revises="b")
    assert last_calls([a, c])[("s", 0)].id == "a"


def test_a_link_through_an_unscored_reading_is_followed_when_given() -> None:
    """C revises an unscored B revising A: given every reading's links, C is the last."""
    a = _call("a", "2024-03-01", chain="a")
    c = _call("c", "2024-01-05", chain="a", revises="b")
    assert last_calls([a, c], {"c": "b", "b": "a"})[("s", 0)].id == "c"
    assert last_calls([c, a], {"c": "b", "b": "a"})[("s", 0)].id == "c"
