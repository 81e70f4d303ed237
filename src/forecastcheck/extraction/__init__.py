"""From article to draft ledger: the calls in a text, with who made them.

:func:`extract` reads a plain text or an HTML page and proposes a draft
ledger a person confirms: one document, a source per person named as a
speaker, and one draft prediction per candidate statement (``draft = true``,
with a ``why`` note). The work is done in these modules:

- :mod:`~forecastcheck.extraction.cleaning`: the page or text to prose paragraphs,
  title, date and byline (trafilatura for HTML);
- :mod:`~forecastcheck.extraction.cues`: the cue tables, likelihood wording
  (the verbal lexicon) and deadline phrases (the deadline grammar);
- :mod:`~forecastcheck.extraction.speakers`: names, roles, author lines;
- :mod:`~forecastcheck.extraction.candidates`: sentences (pysbd) scored and attributed;
- :mod:`~forecastcheck.extraction.drafts`: :func:`extract` and :class:`Draft`.

``trafilatura`` and ``pysbd`` come with the ``extract`` extra
(``pip install "forecastcheck[extract]"``) and are imported only when a text
is read. The rules are set out in ``docs/extraction.md``.
"""

from forecastcheck.extraction.candidates import WEIGHTS, Candidate
from forecastcheck.extraction.cleaning import Article, ExtraMissingError
from forecastcheck.extraction.drafts import DEFAULT_MIN_SCORE, UNATTRIBUTED, Draft, extract, merge
from forecastcheck.extraction.speakers import Person

__all__ = [
    "DEFAULT_MIN_SCORE",
    "UNATTRIBUTED",
    "WEIGHTS",
    "Article",
    "Candidate",
    "Draft",
    "ExtraMissingError",
    "Person",
    "extract",
    "merge",
]
