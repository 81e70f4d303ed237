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

import importlib
from typing import TYPE_CHECKING
from typing import Any as _Any

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

_LAZY: dict[str, str] = {
    "FORMAT_VERSION": "forecastcheck.report.json",
    "render_html": "forecastcheck.report.html",
    "render_json": "forecastcheck.report.json",
    "render_markdown": "forecastcheck.report.markdown",
    "render_scoreboard": "forecastcheck.report.text",
    "render_text": "forecastcheck.report.text",
}


def __getattr__(name: str) -> _Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'forecastcheck.report' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
