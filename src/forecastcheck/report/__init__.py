"""Reports of an evaluation: plain text, JSON, Markdown and a self-contained HTML page.

Each renderer takes an :class:`~forecastcheck.evaluation.Evaluation` (the HTML
page also the :class:`~forecastcheck.ledger.Ledger`, for its timeline) and
returns a string. The JSON form is stable and documented in
``docs/report-json.md``.

Each renderer's module is imported on first use of its name, so a text
report does not import the HTML page's modules, nor the others.

.. versionadded:: 0.1
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import Any as _Any

from forecastcheck import _lazy

if TYPE_CHECKING:
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

_RENDERERS: dict[str, tuple[str, ...]] = {  # each module: the names imported on first use
    "html": ("render_html",),
    "json": ("FORMAT_VERSION", "render_json"),
    "markdown": ("render_markdown",),
    "text": ("render_scoreboard", "render_text"),
}
_LAZY = {name: f"{__name__}.{module}" for module, names in _RENDERERS.items() for name in names}


def __getattr__(name: str) -> _Any:
    return _lazy.attribute(globals(), _LAZY, __name__, name)
