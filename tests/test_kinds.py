"""Kinds of source: recorded, validated, saved losslessly, and shown apart in reports."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from forecastcheck import ledger as files
from forecastcheck.errors import LedgerError
from forecastcheck.ledger import SOURCE_KINDS, Source

SOURCE = """
[[sources]]
id = "a"
name = "A"
{kind}
"""


def _load_problems(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "l.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LedgerError) as info:
        files.load(path)
    return [str(p) for p in info.value.problems]


class TestSourceKind:
    def test_default_kind_is_person(self, tmp_path: Path) -> None:
        """A source without ``kind`` is a person."""
        path = tmp_path / "l.toml"
        path.write_text(SOURCE.format(kind=""), encoding="utf-8")
        (source,) = files.load(path).sources
        assert source.kind == "person"

    @pytest.mark.parametrize("kind", SOURCE_KINDS)
    def test_every_kind_loads(self, tmp_path: Path, kind: str) -> None:
        """Each of the five kinds is accepted as written."""
        path = tmp_path / "l.toml"
        path.write_text(SOURCE.format(kind=f'kind = "{kind}"'), encoding="utf-8")
        (source,) = files.load(path).sources
        assert source.kind == kind

    def test_kinds_are_the_documented_five(self) -> None:
        """The accepted kinds are exactly the five the docs list, in that order."""
        assert SOURCE_KINDS == ("person", "institution", "community", "market", "model")

    @pytest.mark.parametrize("written", ['"crowd"', '"Person"', "3", "true", '""'])
    def test_unknown_kind_is_a_located_problem(self, tmp_path: Path, written: str) -> None:
        """An unknown kind is one located problem naming the accepted kinds."""
        (problem,) = _load_problems(tmp_path, SOURCE.format(kind=f"kind = {written}"))
        assert problem.startswith("l.toml: $.sources[0].kind: expected one of ")
        for kind in SOURCE_KINDS:
            assert repr(kind) in problem

    def test_unknown_kind_in_memory_raises(self) -> None:
        """Built in Python, a source with an unknown kind is refused by its validator."""
        with pytest.raises(ValueError, match="kind"):
            Source(id="a", name="A", kind="crowd")  # type: ignore[arg-type]

    @pytest.mark.parametrize("fmt", files.FORMATS)
    @given(kind=st.sampled_from(SOURCE_KINDS))
    def test_kind_round_trips(
        self, fmt: str, kind: str, tmp_path_factory: pytest.TempPathFactory
    ) -> None:
        """Every kind survives a save and a load in every format."""
        ledger = files.Ledger(sources=(Source(id="a", name="A", kind=kind),))  # type: ignore[arg-type]
        path = tmp_path_factory.mktemp("k") / f"l.{fmt}"
        assert files.load(files.save(ledger, path)) == ledger

    def test_person_is_left_out_when_saved(self) -> None:
        """The default kind is not written, so existing files are saved as before."""
        ledger = files.Ledger(sources=(Source(id="a", name="A"),))
        assert "kind" not in files.dumps(ledger, "toml")
        other = attrs.evolve(ledger.sources[0], kind="market")
        written = json.loads(files.dumps(files.Ledger(sources=(other,)), "json"))
        assert written["sources"][0]["kind"] == "market"
