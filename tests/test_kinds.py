"""Kinds of source: recorded, validated, saved losslessly, and shown apart in reports."""

from __future__ import annotations

import datetime as dt
import inspect
import json
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from forecastcheck import ledger as files
from forecastcheck.errors import LedgerError
from forecastcheck.evaluation import CrowdComparison, Evaluation, evaluate
from forecastcheck.ledger import DEFAULT_KIND, SOURCE_KINDS, Confidence, DateWindow, Source
from forecastcheck.report import render_html, render_json, render_markdown, render_text

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

    def test_one_default_kind_everywhere(self) -> None:
        """A source, a scorecard and the scorecard builder all default to ``DEFAULT_KIND``."""
        from forecastcheck.evaluation import Scorecard
        from forecastcheck.evaluation.scorecards import scorecard

        assert DEFAULT_KIND == "person"
        assert Source(id="a", name="A").kind == DEFAULT_KIND
        assert attrs.fields(Scorecard).kind.default == DEFAULT_KIND
        assert inspect.signature(scorecard).parameters["kind"].default == DEFAULT_KIND

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


CROWDS = Path(__file__).resolve().parent / "fixtures" / "crowds" / "ledger.toml"
KARABAKH = Path(__file__).resolve().parent.parent / "fixtures" / "karabakh"
AS_OF = dt.date(2024, 2, 1)


@pytest.fixture(scope="module")
def crowds() -> Evaluation:
    """The crowds fixture evaluated, ranked from two resolved calls, without resamples."""
    return evaluate(files.load(CROWDS), as_of=AS_OF, min_resolved=2, n_bootstrap=0)


def _pair(evaluation: Evaluation, source: str, crowd: str) -> CrowdComparison:
    (found,) = (c for c in evaluation.crowd_comparison if (c.source, c.crowd) == (source, crowd))
    return found


class TestCrowdComparison:
    def test_pairs_are_people_against_each_crowd_they_share_questions_with(
        self, crowds: Evaluation
    ) -> None:
        """Each person meets each community and market source it shares a question with."""
        pairs = [(c.source, c.crowd) for c in crowds.crowd_comparison]
        # carol and the market share no question; crowds are never compared with crowds
        assert pairs == [
            ("alice", "mc"),
            ("alice", "pm"),
            ("bob", "mc"),
            ("bob", "pm"),
            ("carol", "mc"),
        ]

    def test_figures_checked_by_hand(self, crowds: Evaluation) -> None:
        """Means, difference and ratio are the hand-computed ones, on the right questions."""
        # alice: 0.9 on Q1 (YES) -> 0.01, 0.1 on Q2 (NO) -> 0.01; the community then:
        # 0.6 on Q1 (its January reading, before alice's February call) -> 0.16, 0.2 on Q2 -> 0.04
        alice = _pair(crowds, "alice", "mc")
        assert alice.n_shared == 2
        assert alice.brier == pytest.approx(0.01)
        assert alice.crowd_brier == pytest.approx(0.10)
        assert alice.difference == pytest.approx(-0.09)
        assert alice.ratio == pytest.approx(0.1)
        assert alice.crowd_kind == "community"
        # bob's last Q1 call (0.4, April) -> 0.36, against the March reading 0.7 -> 0.09;
        # Q2: 0.5 -> 0.25 against 0.2 -> 0.04
        bob = _pair(crowds, "bob", "mc")
        assert [(q.call, q.reading) for q in bob.questions] == [
            ("bob-q1-apr", "mc-q1-mar"),
            ("bob-q2", "mc-q2"),
        ]
        assert bob.brier == pytest.approx((0.36 + 0.25) / 2)
        assert bob.crowd_brier == pytest.approx((0.09 + 0.04) / 2)
        assert bob.difference == pytest.approx(0.24)
        assert bob.ratio == pytest.approx(0.305 / 0.065)
        # the market: 0.55 on Q1 -> 0.2025, 0.3 on Q2 -> 0.09
        market = _pair(crowds, "bob", "pm")
        assert market.crowd_kind == "market"
        assert market.crowd_brier == pytest.approx((0.2025 + 0.09) / 2)
        assert market.difference == pytest.approx(0.305 - 0.14625)

    def test_a_crowd_reading_after_the_call_is_not_used(self, crowds: Evaluation) -> None:
        """A question where the crowd spoke only after the call is left out, and counted."""
        alice = _pair(crowds, "alice", "mc")
        assert [q.question for q in alice.questions] == [0, 1]
        assert alice.n_no_earlier_reading == 1
        carol = _pair(crowds, "carol", "mc")  # carol spoke after the community's reading
        assert (carol.n_shared, carol.n_no_earlier_reading) == (1, 0)
        assert carol.ratio == pytest.approx(0.16 / 0.25)

    def test_nothing_compared_leaves_the_means_out(self, crowds: Evaluation) -> None:
        """With every shared question lacking an earlier reading, the pair is kept, figures None."""
        ledger = files.load(CROWDS)
        only_q3 = attrs.evolve(
            ledger,
            predictions=tuple(p for p in ledger.predictions if p.id in {"alice-q3", "mc-q3"}),
        )
        (pair,) = evaluate(only_q3, as_of=AS_OF, n_bootstrap=0).crowd_comparison
        assert (pair.n_shared, pair.n_no_earlier_reading) == (0, 1)
        assert (pair.brier, pair.crowd_brier, pair.difference, pair.ratio) == (None,) * 4

    def test_a_perfect_crowd_has_no_ratio(self) -> None:
        """A crowd mean of 0 leaves the ratio undefined (None), the difference given."""
        ledger = files.load(CROWDS)
        perfect = attrs.evolve(
            ledger,
            predictions=tuple(
                attrs.evolve(p, confidence=Confidence(probability=1.0)) if p.id == "pm-q1" else p
                for p in ledger.predictions
                if p.id in {"pm-q1", "alice-q1"}
            ),
        )
        (pair,) = evaluate(perfect, as_of=AS_OF, n_bootstrap=0).crowd_comparison
        assert pair.crowd_brier == 0.0
        assert pair.ratio is None
        assert pair.difference == pytest.approx(0.01)

    def test_no_crowd_no_comparison(self) -> None:
        """A ledger of people only (Karabakh) has no crowd comparison."""
        evaluation = evaluate(files.load(KARABAKH), as_of=dt.date(2026, 2, 7), n_bootstrap=0)
        assert evaluation.crowd_comparison == ()
        assert {c.kind for c in evaluation.sources} == {"person"}
        assert evaluation.overall.kind is None


class TestRankedApart:
    def test_crowds_are_ranked_among_themselves(self, crowds: Evaluation) -> None:
        """People and crowds have separate rankings, each numbered from 1."""
        said = {c.source: c.ranking for c in crowds.sources}
        assert said == {
            "mc": "rank 1 of 2 among crowds, markets and models",
            "pm": "rank 2 of 2 among crowds, markets and models",
            "alice": "rank 1 of 2",
            "bob": "rank 2 of 2",
            "carol": "unranked: 1 resolved < 2",
        }

    def test_people_rank_as_without_the_crowds(self, crowds: Evaluation) -> None:
        """Adding community and market sources changes no person's rank or interval."""
        ledger = files.load(CROWDS)
        people = attrs.evolve(
            ledger,
            sources=tuple(s for s in ledger.sources if s.kind == "person"),
            predictions=tuple(p for p in ledger.predictions if p.source not in {"mc", "pm"}),
        )
        alone = evaluate(people, as_of=AS_OF, min_resolved=2, n_bootstrap=200)
        together = evaluate(ledger, as_of=AS_OF, min_resolved=2, n_bootstrap=200)
        for card in alone.sources:
            other = together.source(card.source)
            assert (other.rank, other.rank_interval, other.ranking) == (
                card.rank,
                card.rank_interval,
                card.ranking,
            )


class TestReports:
    """Acceptance: one community, one market and three people, in every report."""

    def test_text_report_shows_the_crowd_block_and_comparison(self, crowds: Evaluation) -> None:
        """The text report lists the crowds apart and each person against each crowd."""
        text = render_text(crowds, width=1000)  # the tables whole, one line a row
        board, rest = text.split("Crowds, markets and models. ", 1)
        assert "Metaculus community" not in board
        assert "Polymarket" not in board
        assert "Alice Analyst" in board
        assert "Rank of 2" in board
        lines = rest.splitlines()
        (market,) = (line for line in lines if line.startswith("market "))
        assert "Polymarket" in market
        assert "rank 2 of 2 among crowds, markets and models" in market
        (alice_mc,) = (ln for ln in lines if ln.startswith("Alice Analyst") and "community" in ln)
        assert alice_mc.split()[-4:] == ["0.010", "0.100", "-0.090", "0.10"]
        assert "2 (1 left out: the crowd spoke later)" in alice_mc
        (bob_pm,) = (ln for ln in lines if ln.startswith("Bob Pundit") and "(market)" in ln)
        assert bob_pm.split()[-4:] == ["0.305", "0.146", "+0.159", "2.09"]
        (carol,) = (ln for ln in lines if ln.startswith("Carol Columnist") and "Metaculus" in ln)
        assert carol.split()[-5:] == ["1", "0.160", "0.250", "-0.090", "0.64"]

    def test_html_report_shows_the_crowd_block_and_comparison(self, crowds: Evaluation) -> None:
        """The HTML page has a crowds section and an against-the-crowd table with the figures."""
        page = render_html(crowds, files.load(CROWDS))
        board = page.split('<section id="scoreboard"', 1)[1].split("</table>", 1)[0]
        assert "Polymarket" not in board
        crowd = page.split('<section id="crowds">', 1)[1].split("</section>", 1)[0]
        assert "<td>market</td>" in crowd
        assert "Polymarket" in crowd
        against = page.split('<section id="against-the-crowd">', 1)[1].split("</section>", 1)[0]
        row = (
            "<tr><td>Bob Pundit</td><td>Metaculus community (community)</td>"
            '<td class="num">2</td><td class="num">0.305</td><td class="num">0.065</td>'
            '<td class="num">+0.240</td><td class="num">4.69</td></tr>'
        )
        assert row in against

    def test_markdown_report_shows_the_comparison(self, crowds: Evaluation) -> None:
        """The Markdown report has both blocks; the comparison rows carry the figures."""
        text = render_markdown(crowds)
        assert "## Crowds, markets and models" in text
        assert "| Alice Analyst | Polymarket (market) | 2 | 0.010 | 0.146 | -0.136 | 0.07 |" in text

    def test_json_report_carries_kinds_and_the_comparison(self, crowds: Evaluation) -> None:
        """The JSON gives every source's kind and each comparison with its questions."""
        data = json.loads(render_json(crowds))
        assert {s["source"]: s["kind"] for s in data["sources"]} == {
            "mc": "community",
            "pm": "market",
            "alice": "person",
            "bob": "person",
            "carol": "person",
        }
        assert data["overall"]["kind"] is None
        pairs = {(c["source"], c["crowd"]): c for c in data["crowd_comparison"]}
        assert len(pairs) == 5
        alice = pairs["alice", "mc"]
        assert (alice["n_shared"], alice["n_no_earlier_reading"]) == (2, 1)
        assert alice["brier"] == pytest.approx(0.01)
        assert alice["crowd_brier"] == pytest.approx(0.1)
        assert alice["difference"] == pytest.approx(-0.09)
        assert alice["ratio"] == pytest.approx(0.1)
        assert [(q["call"], q["reading"]) for q in alice["questions"]] == [
            ("alice-q1", "mc-q1-jan"),
            ("alice-q2", "mc-q2"),
        ]
        assert pairs["bob", "pm"]["ratio"] == pytest.approx(0.305 / 0.14625)

    def test_karabakh_reports_gain_only_the_kind(self) -> None:
        """A ledger of people only: no crowd block anywhere, kind "person" and an empty list."""
        ledger = files.load(KARABAKH)
        evaluation = evaluate(ledger, as_of=dt.date(2026, 2, 7), n_bootstrap=0)
        for page in (render_text(evaluation), render_markdown(evaluation)):
            assert "Crowds, markets and models" not in page
            assert "Against the crowd" not in page
        html = render_html(evaluation, ledger)
        assert 'id="crowds"' not in html
        assert 'id="against-the-crowd"' not in html
        data = json.loads(render_json(evaluation))
        assert {s["kind"] for s in data["sources"]} == {"person"}
        assert data["crowd_comparison"] == []

    def test_only_crowds_and_no_shared_question_says_so(self) -> None:
        """A crowd with nobody sharing its questions gets its block and an n/a line."""
        ledger = files.load(CROWDS)
        apart = attrs.evolve(
            ledger, predictions=tuple(p for p in ledger.predictions if p.source == "mc")
        )
        text = render_text(evaluate(apart, as_of=AS_OF, n_bootstrap=0))
        assert "Crowds, markets and models. " in text
        assert "  n/a: no person, institution or model shares a resolved question" in text


def _crowds_with(stated: dict[str, str], keep: set[str], *, reverse: bool = False) -> Evaluation:
    """The crowds fixture cut to the predictions ``keep``, some stated on other days."""
    ledger = files.load(CROWDS)
    predictions = tuple(
        attrs.evolve(p, stated=DateWindow.parse(stated[p.id])) if p.id in stated else p
        for p in ledger.predictions
        if p.id in keep
    )
    predictions = predictions[::-1] if reverse else predictions
    return evaluate(attrs.evolve(ledger, predictions=predictions), as_of=AS_OF, n_bootstrap=0)


class TestCrowdSameDay:
    def test_a_reading_stated_the_same_day_as_the_call_is_compared(self) -> None:
        """The crowd's reading of the call's own day is "no later": it is compared."""
        evaluation = _crowds_with({"alice-q1": "2023-01-10"}, {"mc-q1-jan", "alice-q1"})
        pair = _pair(evaluation, "alice", "mc")
        assert (pair.n_shared, pair.n_no_earlier_reading) == (1, 0)
        assert [(q.call, q.reading) for q in pair.questions] == [("alice-q1", "mc-q1-jan")]

    def test_a_reading_the_day_after_the_call_is_not(self) -> None:
        """One day later, the crowd's reading knew more: the question is not compared."""
        evaluation = _crowds_with({"alice-q1": "2023-01-09"}, {"mc-q1-jan", "alice-q1"})
        pair = _pair(evaluation, "alice", "mc")
        assert (pair.n_shared, pair.n_no_earlier_reading) == (0, 1)

    @pytest.mark.parametrize(("reverse", "reading"), [(False, "mc-q1-mar"), (True, "mc-q1-jan")])
    def test_two_readings_of_one_day_take_the_later_in_ledger_order(
        self, reverse: bool, reading: str
    ) -> None:
        """Two crowd readings stated the same day: the one later in the ledger is compared."""
        keep = {"mc-q1-jan", "mc-q1-mar", "alice-q1"}
        evaluation = _crowds_with({"mc-q1-mar": "2023-01-10"}, keep, reverse=reverse)
        (question,) = _pair(evaluation, "alice", "mc").questions
        assert question.reading == reading

    def test_two_calls_of_one_day_take_the_later_in_ledger_order(self) -> None:
        """A source's two calls stated the same day: the one later in the ledger is compared."""
        keep = {"mc-q1-mar", "bob-q1-feb", "bob-q1-apr"}
        for reverse, call in [(False, "bob-q1-apr"), (True, "bob-q1-feb")]:
            evaluation = _crowds_with({"bob-q1-feb": "2023-04-01"}, keep, reverse=reverse)
            (question,) = _pair(evaluation, "bob", "mc").questions
            assert (question.call, question.reading) == (call, "mc-q1-mar")
