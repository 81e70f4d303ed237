"""Reports of an evaluation: plain text, JSON, Markdown and a self-contained HTML page.

Each renderer takes an :class:`~forecastcheck.evaluation.Evaluation` (the HTML
page also the :class:`~forecastcheck.ledger.Ledger`, for its timeline) and
returns a string. The JSON form is stable and documented in
``docs/report-json.md``.

.. versionadded:: 0.1
"""

from __future__ import annotations

from forecastcheck.report.html import render_html
from forecastcheck.report.json import FORMAT_VERSION, render_json
from forecastcheck.report.markdown import render_markdown
from forecastcheck.report.text import render_scoreboard, render_text

__all__ = [
    "FORMAT_VERSION",
    "render_html",
    "render_json",
    "render_markdown",
    "render_scoreboard",
    "render_text",
]
