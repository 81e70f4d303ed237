"""Measure `forecastcheck.extract` against hand-recorded answers: recall, speaker, precision, time.

Two sets are measured and reported apart:

- the five Karabakh articles, read from ``../shared/seeds/`` beside the
  repository when that folder exists (they are third-party texts and are not
  copied into the project; the set is skipped with a message otherwise), and
  compared with ``fixtures/karabakh/predictions.toml``;
- the texts written for the benchmark in ``benchmarks/extract-cases/`` (a
  news report, an interview, an op-ed), each ``NAME.txt`` with its answers in
  ``NAME.answers.toml``.

A hand-recorded prediction is *found* when a candidate's quote holds at least
half of its quote's words; its *speaker is right* when the candidate's source
has the same surname (last word of the name) as the hand-recorded source.
*Precision* is the share of candidates that match a hand-recorded prediction
or a statement a reviewer marked as a forecast (``karabakh-reviewed.toml``,
and the ``[[reviewed]]`` tables of each answers file). Time is wall time per
article, extraction only.

Run:  python benchmarks/bench_extract.py [--min-score S]
"""

from __future__ import annotations

import argparse
import re
import time
import tomllib
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import attrs

from forecastcheck.extraction import DEFAULT_MIN_SCORE, extract

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SEEDS = REPO.parent / "shared" / "seeds"
CASES = HERE / "extract-cases"
_WORD = re.compile(r"[a-z0-9]+")


@attrs.frozen
class Answer:
    """A statement a candidate should find: its quote and, for predictions, its speaker."""

    quote: str
    speaker: str | None


def words(text: str) -> Counter[str]:
    """The words of a text, lower-cased, with their counts."""
    return Counter(_WORD.findall(text.lower().replace("’", "'")))


def covers(candidate: str, answer: str) -> bool:
    """Whether a candidate's quote holds at least half of an answer's words."""
    want = words(answer)
    have = words(candidate)
    shared = sum(min(n, have[w]) for w, n in want.items())
    return shared * 2 >= sum(want.values())


def surname(name: str | None) -> str:
    """The last word of a name, lower-cased ("" for none)."""
    return name.split()[-1].lower() if name else ""


@attrs.frozen
class Figures:
    """What one set measured."""

    found: int
    expected: int
    right_speaker: int
    matched: int
    candidates: int
    seconds: tuple[float, ...]

    def lines(self, title: str) -> list[str]:
        recall = self.found / self.expected if self.expected else 0.0
        speaker = self.right_speaker / self.found if self.found else 0.0
        precision = self.matched / self.candidates if self.candidates else 0.0
        per = sum(self.seconds) / len(self.seconds) if self.seconds else 0.0
        return [
            title,
            f"  recall     {recall:.2f}  ({self.found} of {self.expected} hand-recorded)",
            f"  speaker    {speaker:.2f}  ({self.right_speaker} of {self.found} found)",
            f"  precision  {precision:.2f}  ({self.matched} of {self.candidates} candidates)",
            f"  time       {per:.3f} s per article (max {max(self.seconds, default=0):.3f} s)",
        ]


def measure(
    texts: Sequence[str], answers: Sequence[Answer], reviewed: Sequence[str], min_score: float
) -> tuple[Figures, list[str]]:
    """Extract every text and compare the candidates with the answers."""
    candidates = []
    seconds = []
    for text in texts:
        start = time.perf_counter()
        draft = extract(text, min_score=min_score)
        seconds.append(time.perf_counter() - start)
        names = {s.id: s.name for s in draft.sources}
        candidates += [(p.quote, names[p.source]) for p in draft.predictions]
    found = right = 0
    missed = []
    for answer in answers:
        hits = [(q, n) for q, n in candidates if covers(q, answer.quote)]
        if hits:
            found += 1
            right += any(surname(n) == surname(answer.speaker) for _, n in hits)
        else:
            missed.append(f"  missed: {answer.quote[:90]}")
    matched = sum(
        any(covers(q, a) for a in [*(x.quote for x in answers), *reviewed]) for q, _ in candidates
    )
    unmatched = [
        f"  not a forecast: {q[:90]}"
        for q, _ in candidates
        if not any(covers(q, a) for a in [*(x.quote for x in answers), *reviewed])
    ]
    figures = Figures(found, len(answers), right, matched, len(candidates), tuple(seconds))
    return figures, missed + unmatched


def karabakh(min_score: float) -> tuple[Figures, list[str]] | None:
    """The Karabakh set, or ``None`` when the seeds folder is not there."""
    if not SEEDS.is_dir():
        return None
    fixture = REPO / "fixtures" / "karabakh"
    names = {
        s["id"]: s["name"]
        for s in tomllib.loads((fixture / "sources.toml").read_text("utf-8"))["sources"]
    }
    recorded = tomllib.loads((fixture / "predictions.toml").read_text("utf-8"))["predictions"]
    answers = [Answer(p["quote"], names[p["source"]]) for p in recorded]
    review = tomllib.loads((CASES / "karabakh-reviewed.toml").read_text("utf-8"))
    reviewed = [r["text"] for r in review.get("reviewed", [])]
    texts = [p.read_text("utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    return measure(texts, answers, reviewed, min_score)


def cases(min_score: float) -> tuple[Figures, list[str]]:
    """The texts written for the benchmark, pooled."""
    texts, answers, reviewed = [], [], []
    for path in sorted(CASES.glob("*.txt")):
        texts.append(path.read_text("utf-8"))
        data = tomllib.loads(path.with_suffix(".answers.toml").read_text("utf-8"))
        answers += [Answer(p["quote"], p["source"]) for p in data.get("predictions", [])]
        reviewed += [r["text"] for r in data.get("reviewed", [])]
    return measure(texts, answers, reviewed, min_score)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--min-score", type=float, default=DEFAULT_MIN_SCORE)
    parser.add_argument("--verbose", action="store_true", help="list misses and non-forecasts")
    args = parser.parse_args(argv)
    result = karabakh(args.min_score)
    if result is None:
        print(f"Karabakh articles: skipped ({SEEDS} is not there)")
    else:
        print("\n".join(result[0].lines("Karabakh articles (5)")))
        if args.verbose:
            print("\n".join(result[1]))
    figures, notes = cases(args.min_score)
    n = len(list(CASES.glob("*.txt")))
    print("\n".join(figures.lines(f"Texts written for the benchmark ({n})")))
    if args.verbose:
        print("\n".join(notes))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
