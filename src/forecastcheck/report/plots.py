"""Plots for the HTML page, drawn with matplotlib when it is installed (the ``plot`` extra).

matplotlib is imported only inside the functions, and only its object API is
used (a :class:`~matplotlib.figure.Figure` on the SVG canvas, never
``pyplot``), so drawing changes no global state. Without matplotlib every
function returns ``None`` and the page shows tables instead.

.. versionadded:: 0.1
"""

from __future__ import annotations

import io
import math
import re
from typing import Any

from forecastcheck.calibration import ReliabilityTable

__all__ = ["have_matplotlib", "reliability_svg"]

_PROLOG = re.compile(r"\A.*?(?=<svg\b)", re.DOTALL)
_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.DOTALL)


def have_matplotlib() -> bool:
    """Whether matplotlib can be imported."""
    try:
        import matplotlib  # noqa: F401, PLC0415 - optional, imported only when asked
    except ImportError:
        return False
    return True


def _svg(figure: Any) -> str:
    """The figure as an inline ``<svg>`` element: no XML prolog, DOCTYPE or metadata."""
    from matplotlib import rc_context  # noqa: PLC0415 - optional dependency

    buffer = io.StringIO()
    with rc_context({"svg.fonttype": "none", "svg.hashsalt": "forecastcheck"}):
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    text = _PROLOG.sub("", buffer.getvalue(), count=1)
    return _METADATA.sub("", text, count=1).strip()


# Over 60 lines, kept whole: one SVG drawn top to bottom, element by element.
def reliability_svg(table: ReliabilityTable, *, title: str = "") -> str | None:
    """A reliability diagram: how often calls came true against how likely they were called.

    Each non-empty bin is a dot at (mean forecast, observed frequency), sized
    by its count and labelled "X of Y"; the grey bar behind it is the
    binomial band, where the observed frequency falls 90% of the time if the
    forecasts in the bin were calibrated. The diagonal is perfect calibration.

    Args:
        table: the reliability table (see :func:`forecastcheck.calibration.reliability_table`).
        title: a title for the plot.

    Returns:
        An ``<svg>`` element as text, or ``None`` when matplotlib is not installed.
    """
    try:
        from matplotlib.figure import Figure  # noqa: PLC0415 - optional dependency
    except ImportError:
        return None
    figure = Figure(figsize=(5.6, 5.6), dpi=100)
    ax = figure.add_subplot()
    ax.plot(
        [0, 1], [0, 1], linestyle="--", color="#8a8f98", linewidth=1, label="perfectly calibrated"
    )
    bins = [b for b in table.bins if not b.empty]
    most = max((b.n for b in bins), default=1)
    for k, b in enumerate(bins):
        if not (math.isnan(b.band_low) or math.isnan(b.band_high)):
            ax.plot(
                [b.mean_forecast, b.mean_forecast],
                [b.band_low, b.band_high],
                color="#c9ced6",
                linewidth=9,
                solid_capstyle="butt",
                label="90% band if calibrated" if k == 0 else None,
                zorder=1,
            )
        ax.scatter(
            [b.mean_forecast],
            [b.observed],
            s=40 + 260 * b.n / most,
            color="#2358a6",
            edgecolor="white",
            zorder=3,
            label="calls in the bin" if k == 0 else None,
        )
        left = b.mean_forecast > 0.8
        ax.annotate(
            b.hits_text,
            (b.mean_forecast, b.observed),
            textcoords="offset points",
            xytext=(-10 if left else 10, -12 if b.observed > 0.9 else 6),
            ha="right" if left else "left",
            fontsize=8,
            color="#333a44",
        )
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(-0.02, 1.05)
    ax.set_xlabel("how likely the calls said it was")
    ax.set_ylabel("how often it happened")
    ax.set_aspect("equal")
    ax.grid(color="#eef0f3", linewidth=0.8)
    ax.spines[["top", "right"]].set_visible(False)
    if title:
        ax.set_title(title, fontsize=10)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=3, fontsize=8, frameon=False)
    figure.tight_layout()
    return _svg(figure)
