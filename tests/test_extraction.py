"""Extraction: from an article (text or HTML) to a draft ledger a person confirms."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forecastcheck import extract, extraction, load
from forecastcheck.cli import main
from forecastcheck.extraction import cleaning, cues, speakers
from forecastcheck.extraction.candidates import find_candidates
from forecastcheck.ledger import DateWindow

ARTICLE = """\
Home | World | Business | Sport
Dam repairs behind schedule, engineers say
NEWS  4 June 2025 - 10:20
Anna Berg

The repair of the Kessel dam will not be finished before the end of March next year, said Jonas Frei, a senior engineer at the Alpine Water Authority. "The concrete needs six months to cure. It is highly unlikely that the lake can be refilled this year," he told reporters.

The dam was closed in April after cracks were found in its spillway. Work started in May.

Local farmers fear the worst. Lea Moser, head of the Kessel Farmers' Union, warned that many farms could lose their harvest by August if irrigation is not restored.

Will the dam ever be safe again? Residents asked the authority that question last week.

Read also
Floods in the valley: what went wrong
Subscribe to our newsletter
"""

HTML = """\
<html><head><title>Dam repairs behind schedule</title>
<meta property="article:published_time" content="2025-06-04">
<meta name="author" content="Anna Berg">
<style>p { color: red; } .nav { display: none; }</style>
<script>var tracking = "The dam will collapse tomorrow, experts expect.";</script></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/sport">Sport</a></li></ul></nav>
<article><h1>Dam repairs behind schedule, engineers say</h1>
<p>The repair of the Kessel dam will not be finished before the end of March next year, said Jonas Frei, a senior engineer at the Alpine Water Authority. "The concrete needs six months to cure. It is highly unlikely that the lake can be refilled this year," he told reporters.</p>
<p>The dam was closed in April after cracks were found in its spillway. Work started in May.</p>
<p>Local farmers fear the worst. Lea Moser, head of the Kessel Farmers' Union, warned that many farms could lose their harvest by August if irrigation is not restored.</p>
<p>Will the dam ever be safe again? Residents asked the authority that question last week.</p>
</article>
<aside><h2>Read also</h2><ul><li>Floods in the valley: what went wrong</li></ul></aside>
<footer>Subscribe to our newsletter. Comments are closed.</footer>
</body></html>
"""

OP_ED = """\
Why the tram will be late
OPINION  2 February 2025

The city promises that the new tram line will open in 2026. I doubt it. Every rail project here has run late.

It is far more likely that the first trams run in 2028.

The author is Dr. Clara Jung, a fellow at the Urban Transport Forum.
"""


def _quotes(text: str, **kwargs: object) -> list[tuple[str, str | None]]:
    draft = extract(text, min_score=0, **kwargs)  # type: ignore[arg-type]
    return [(c.quote, c.speaker.name if c.speaker else None) for c in draft.candidates]


# --- draft ledgers -----------------------------------------------------------


def test_extract_proposes_the_calls_with_their_speakers() -> None:
    """The calls of a news text are proposed, each with the person who made it."""
    found = dict(_quotes(ARTICLE))
    assert any("will not be finished" in q and s == "Jonas Frei" for q, s in found.items())
    assert any("highly unlikely" in q and s == "Jonas Frei" for q, s in found.items())
    assert any("could lose their harvest" in q and s == "Lea Moser" for q, s in found.items())


def test_draft_predictions_are_drafts_with_why_and_no_proposition() -> None:
    """Every proposed prediction is a draft with its cues in `why` and no proposition."""
    draft = extract(ARTICLE)
    assert draft.predictions
    for prediction in draft.predictions:
        assert prediction.draft
        assert prediction.proposition is None
        assert "score" in prediction.why
    unlikely = next(p for p in draft.predictions if "highly unlikely" in p.quote)
    assert unlikely.confidence is not None
    assert unlikely.confidence.phrase is not None
    assert "highly unlikely" in unlikely.confidence.phrase
    assert "[0.05, 0.2]" in unlikely.why


def test_sources_carry_role_and_affiliation() -> None:
    """A source record is made per person named, with the role and affiliation the text gives."""
    sources = {s.name: s for s in extract(ARTICLE).sources}
    assert sources["Jonas Frei"].role == "senior engineer"
    assert sources["Jonas Frei"].affiliation == "Alpine Water Authority"
    assert sources["Lea Moser"].role == "head"
    assert sources["Lea Moser"].affiliation == "Kessel Farmers' Union"


def test_document_takes_title_date_and_byline_from_the_text() -> None:
    """The document's title, publication date and byline come from the lines above the article."""
    (document,) = extract(ARTICLE, outlet="Valley News", url="https://example.org/dam").documents
    assert document.title == "Dam repairs behind schedule, engineers say"
    assert document.published == DateWindow.day(dt.date(2025, 6, 4))
    assert document.author == "Anna Berg"
    assert document.outlet == "Valley News"
    assert document.url == "https://example.org/dam"


def test_given_date_overrides_the_text() -> None:
    """A date given by the caller is the publication date and the statements' date."""
    draft = extract(ARTICLE, date="2025-06-05")
    assert draft.documents[0].published == DateWindow.day(dt.date(2025, 6, 5))
    assert {str(p.stated) for p in draft.predictions} == {"2025-06-05"}


def test_undated_text_says_so() -> None:
    """A text without a date gives a document without one, and says the date must be set."""
    draft = extract("The council said the bridge will reopen next spring, officials expect it.")
    assert draft.documents[0].published is None
    assert "no date" in draft.documents[0].notes
    assert all("no date" in p.notes for p in draft.predictions)


def test_draft_round_trips_through_toml(tmp_path: Path) -> None:
    """A draft ledger written as TOML reads back as the same records."""
    draft = extract(ARTICLE)
    path = tmp_path / "draft.toml"
    path.write_text(draft.to_toml(), encoding="utf-8")
    ledger = load(path)
    assert ledger.predictions == draft.predictions
    assert ledger.sources == draft.sources
    assert ledger.documents == draft.documents


def test_min_score_trims() -> None:
    """Candidates below the minimum score are left out and counted."""
    every = extract(ARTICLE, min_score=0)
    strict = extract(ARTICLE, min_score=2.5)
    assert len(strict.predictions) < len(every.predictions)
    assert strict.left_out == len(every.predictions) - len(strict.predictions)
    assert all(c.score >= 2.5 for c in strict.candidates)


# --- what is left out ----------------------------------------------------------


def test_non_forecasts_are_left_out() -> None:
    """Past-tense reports, questions, headlines and navigation are not proposed."""
    quotes = " ".join(q for q, _ in _quotes(ARTICLE))
    assert "cracks were found" not in quotes  # past tense
    assert "ever be safe" not in quotes  # a question
    assert "behind schedule" not in quotes  # the headline
    assert "Floods in the valley" not in quotes
    assert "Subscribe" not in quotes


def test_counterfactual_modal_is_no_cue() -> None:
    """'could have left' speaks of what did not happen: no future cue."""
    assert cues.future_cues("The troops could have left earlier.") == ([], [])
    assert cues.future_cues("The troops could leave earlier.") == ([], ["could"])


def test_likelihood_before_past_tense_is_left_out() -> None:
    """'never allowed' is about the past: the wording 'never' does not make a forecast."""
    assert _quotes("Officials in the capital never allowed the observers to enter the zone.") == []


# --- HTML ------------------------------------------------------------------------


def test_html_gives_the_same_candidates_as_its_text() -> None:
    """A page with scripts, styles and navigation yields the candidates of its plain text."""
    assert _quotes(HTML) == _quotes(ARTICLE)


def test_html_takes_its_date_from_the_page() -> None:
    """The publication date of a page comes from its metadata."""
    assert extract(HTML).documents[0].published == DateWindow.day(dt.date(2025, 6, 4))


def test_script_text_is_never_a_candidate() -> None:
    """Text inside <script> is not read as prose."""
    assert all("collapse" not in q for q, _ in _quotes(HTML))


# --- cues, speakers, dates -----------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "phrase"),
    [
        ("The withdrawal by that time seems highly unlikely.", "seems highly unlikely"),
        ("I do not expect progress this year.", "I do not expect"),
        ("It will probably continue to work.", "will probably"),
        ("A cut in December is unlikely.", "unlikely"),
    ],
)
def test_likelihood_wording_is_read_by_the_lexicon(sentence: str, phrase: str) -> None:
    """The longest wording the verbal lexicon knows is found, with its reading."""
    found = cues.likelihood_in(sentence)
    assert found is not None
    assert phrase in found.phrase
    assert found.reading.mapped


def test_deadline_phrase_is_read_by_the_grammar() -> None:
    """A deadline phrase is found and read with the deadline grammar against the anchor."""
    anchor = DateWindow.day(dt.date(2024, 4, 19))
    found = cues.deadline_in("It will be completed at the end of September this year.", anchor)
    assert found is not None
    assert found.phrase == "at the end of September this year"
    assert found.reading.window == DateWindow.month(2024, 9)


def test_month_in_lower_case_is_not_a_date() -> None:
    """The modal 'may' is not the month May."""
    anchor = DateWindow.day(dt.date(2024, 4, 19))
    assert cues.dates_in("Prices may rise.", anchor) == []


def test_last_year_is_read_against_the_anchor() -> None:
    """'in early October last year' is read as early October of the year before the anchor."""
    anchor = DateWindow.day(dt.date(2024, 4, 21))
    (found,) = cues.dates_in("I said so in early October last year.", anchor, "point")
    assert found.reading.window == DateWindow(dt.date(2023, 10, 1), dt.date(2023, 10, 10))


def test_in_text_date_of_speech_is_the_stated_date() -> None:
    """'said … on 17 April' dates the statement on that day, apart from the publication date."""
    text = (
        "The withdrawal will take months, said Mark Ode, an officer of the Border Guard, "
        "on 17 April.\n"
    )
    (candidate,) = extract(text, date="2024-04-19", min_score=0).candidates
    assert candidate.stated == DateWindow.day(dt.date(2024, 4, 17))
    assert candidate.stated_from.startswith("text")


def test_role_before_the_name() -> None:
    """Lower-case words and a title before a name are its role and affiliation."""
    (_, person), *_ = speakers.find_people(
        "Director of the Atlas Analytical Center Elkhan Shainoglu considers it possible.", {}
    )
    assert person == speakers.Person("Elkhan Shainoglu", "Director", "Atlas Analytical Center")


def test_organisation_is_not_a_person() -> None:
    """A capitalised run naming an organisation is no person."""
    people = speakers.find_people("He works at the Center for Post-Soviet Studies.", {})
    assert people == []


def test_pronoun_carries_the_speaker_across_paragraphs() -> None:
    """'He suggests …' in a later paragraph is the last named speaker's."""
    text = (
        "Analyst Omar Haddad, a fellow at the Gulf Institute, said the talks were long.\n\n"
        "The talks took place in Doha over three days in the spring.\n\n"
        "He suggests that the deal will be signed before the end of the year.\n"
    )
    quotes = _quotes(text, date="2024-03-01")
    assert (
        "He suggests that the deal will be signed before the end of the year.",
        "Omar Haddad",
    ) in quotes


def test_interview_labels_name_the_speaker() -> None:
    """In 'Name: “…”' lines the label is the speaker."""
    text = (
        'Tom Reed: "Will rates fall?"\n\n'
        'Jane Hill: "I think the bank will cut rates twice before the summer."\n'
    )
    assert _quotes(text, date="2024-03-01") == [
        ('Jane Hill: "I think the bank will cut rates twice before the summer."', "Jane Hill")
    ]


def test_author_line_names_the_speaker_of_an_op_ed() -> None:
    """In an op-ed, the closing author line names who makes the unattributed calls."""
    draft = extract(OP_ED)
    assert {s.name for s in draft.sources} == {"Clara Jung"}
    (source,) = draft.sources
    assert (source.role, source.affiliation) == ("fellow", "Urban Transport Forum")
    assert draft.documents[0].author == "Clara Jung"


def test_anaphoric_sentence_takes_the_one_before() -> None:
    """A call opening with a pronoun ('It will …') is quoted with the sentence before it."""
    text = "There was a demining centre at the base. It will probably continue to work.\n"
    (quote, _), *_ = _quotes(text, date="2024-04-19")
    assert quote == text.strip()


# --- the command -------------------------------------------------------------------------


def test_extract_command_writes_a_draft_check_accepts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`forecastcheck extract` writes a draft ledger that `check` accepts, listing each draft."""
    article = tmp_path / "dam.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "draft.toml"
    assert main(["extract", str(article), "--outlet", "Valley News", "-o", str(out)]) == 0
    assert "dam: " in capsys.readouterr().err
    assert main(["check", str(out)]) == 0
    captured = capsys.readouterr()
    assert "ok —" in captured.out
    n = len(load(out).predictions)
    assert captured.err.count("note: draft prediction") == n
    assert "draft.toml: $.predictions[0]: note: draft prediction 'dam-01' still to" in captured.err


def test_extract_command_counts_one_draft_in_the_singular(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A document with one draft prediction says "1 draft prediction", not "1 ... predictions"."""
    one = tmp_path / "one.txt"
    one.write_text(
        "There was a demining centre at the base. It will probably continue to work.\n",
        encoding="utf-8",
    )
    assert main(["extract", str(one), "--date", "2024-04-19"]) == 0
    floor = f"{extraction.DEFAULT_MIN_SCORE:g}"
    assert f"one: 1 draft prediction (score >= {floor})\n" in capsys.readouterr().err


def test_extract_command_reads_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A folder gives one document per text or HTML file, in name order."""
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.html").write_text(HTML, encoding="utf-8")
    out = tmp_path / "out" / "draft.toml"
    out.parent.mkdir()
    assert main(["extract", str(tmp_path), "-o", str(out)]) == 0
    assert [d.id for d in load(out).documents] == ["a", "b"]


def test_files_sharing_a_stem_get_distinct_document_ids(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """a.txt, a.md and a-2.txt give three documents with three ids, and a valid draft."""
    for name in ("a.txt", "a.md", "a-2.txt"):
        (tmp_path / name).write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out" / "draft.toml"
    out.parent.mkdir()
    assert main(["extract", str(tmp_path), "-o", str(out)]) == 0
    ids = [d.id for d in load(out).documents]
    assert len(ids) == len(set(ids)) == 3


def test_extract_command_problems_are_located(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file that is not UTF-8 is a problem naming the file, not a traceback; the rest is read."""
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\xfa not text")
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    assert main(["extract", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert f"{tmp_path / 'bad.txt'}: not UTF-8 text" in captured.err
    assert "[[predictions]]" in captured.out


def test_extract_command_empty_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A folder without text files is a problem."""
    assert main(["extract", str(tmp_path)]) == 1
    assert "no text or HTML files" in capsys.readouterr().err


@pytest.mark.parametrize(
    "args", [["--date", "19 April"], ["--min-score", "-1"], ["--min-score", "nan"]]
)
def test_extract_command_usage_errors(
    tmp_path: Path, args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """A bad --date or --min-score is a usage error (exit 2)."""
    with pytest.raises(SystemExit) as exc:
        main(["extract", str(tmp_path), *args])
    assert exc.value.code == 2


def test_missing_extra_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without the extract extra the command says how to install it (exit 2)."""
    from forecastcheck.extraction import candidates

    candidates._segmenter.cache_clear()
    monkeypatch.setitem(sys.modules, "pysbd", None)
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    assert main(["extract", str(tmp_path / "a.txt")]) == 2
    assert 'pip install "forecastcheck[extract]"' in capsys.readouterr().err
    candidates._segmenter.cache_clear()


def test_import_stays_light() -> None:
    """Importing forecastcheck imports neither trafilatura nor pysbd."""
    code = (
        "import sys, forecastcheck; print('trafilatura' in sys.modules or 'pysbd' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("Ab .,:?\"“”'\n-0123456789wilMay")), max_size=200))
def test_any_text_gives_a_valid_draft(text: str) -> None:
    """Any text gives a draft whose ledger checks, never an exception."""
    draft = extract(text, date="2024-01-01", min_score=0)
    assert draft.ledger.predictions == draft.predictions


def test_find_candidates_of_an_empty_article() -> None:
    """An article with no prose has no candidates."""
    assert find_candidates(cleaning.Article(()), None) == []
