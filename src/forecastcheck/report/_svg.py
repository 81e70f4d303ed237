"""Inline SVG for the HTML page, drawn as text: no matplotlib, no font files, no script.

Every chart is an ``<svg>`` with a ``viewBox`` (it scales with the page), a
``<title>`` and a ``<desc>`` (what it shows, for screen readers and as a
tooltip), and text at a size chosen for its view box. Labels are laid out,
not dropped on the marks: :func:`place_labels` tries a few positions around
each anchor and keeps the first that overlaps no mark, no label already
placed and nothing outside the plot; a label with no free position is left
out of the chart and counted, so the caller can say so (the numbers are in
the table beside every chart).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

import attrs

__all__ = [
    "CHAR_WIDTH",
    "Box",
    "Label",
    "place_labels",
    "svg",
    "text",
    "text_box",
]

CHAR_WIDTH = 0.62
"""The width of one character as a share of the font size (generous for sans-serif digits)."""


def _e(value: object) -> str:
    return escape(str(value), quote=True)


@attrs.frozen
class Box:
    """A rectangle in view-box units: left, top, right, bottom."""

    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box) -> bool:
        """Whether the two rectangles share any area."""
        return (
            self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1
        )

    def inside(self, other: Box) -> bool:
        """Whether this rectangle lies wholly within ``other``."""
        return (
            self.x0 >= other.x0
            and self.y0 >= other.y0
            and self.x1 <= other.x1
            and self.y1 <= other.y1
        )


def text_box(x: float, y: float, label: str, size: float, anchor: str = "start") -> Box:
    """The box a line of text takes, drawn at baseline ``(x, y)`` with ``text-anchor``."""
    width = CHAR_WIDTH * size * len(label)
    left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
    return Box(left, y - 0.8 * size, left + width, y + 0.25 * size)


@attrs.frozen
class Label:
    """A label placed by :func:`place_labels`: its baseline, anchor and text."""

    x: float
    y: float
    anchor: str
    text: str


_OFFSETS = (  # (dx, dy, anchor) in font sizes, tried in order
    (0.8, 0.35, "start"),
    (-0.8, 0.35, "end"),
    (0.0, -0.9, "middle"),
    (0.0, 1.5, "middle"),
    (0.7, -0.7, "start"),
    (-0.7, -0.7, "end"),
    (0.7, 1.3, "start"),
    (-0.7, 1.3, "end"),
)


def place_labels(
    anchors: Sequence[tuple[float, float, str]],
    obstacles: Iterable[Box],
    bounds: Box,
    size: float,
    clearance: float = 0.0,
) -> tuple[list[Label], int]:
    """Labels for ``anchors`` ((x, y, text) each), none overlapping another or an obstacle.

    Each label is tried at the positions around its anchor in a fixed order,
    pushed ``clearance`` units further out (the radius of the mark), and
    kept at the first position that lies within ``bounds`` and overlaps no
    obstacle and no label placed before it.

    Returns:
        The placed labels, and how many anchors got none.
    """
    taken = list(obstacles)
    placed: list[Label] = []
    missing = 0
    for x, y, label in anchors:
        for dx, dy, anchor in _OFFSETS:
            lx = x + dx * size + (clearance if dx > 0 else -clearance if dx < 0 else 0.0)
            ly = y + dy * size + (clearance if dy > 1 else -clearance if dy < 0 else 0.0)
            box = text_box(lx, ly, label, size, anchor)
            if box.inside(bounds) and not any(box.overlaps(t) for t in taken):
                taken.append(box)
                placed.append(Label(lx, ly, anchor, label))
                break
        else:
            missing += 1
    return placed, missing


def text(
    x: float, y: float, label: str, *, size: float, anchor: str = "start", cls: str = ""
) -> str:
    """One ``<text>`` element, escaped."""
    klass = f' class="{cls}"' if cls else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size:g}" text-anchor="{anchor}"{klass}>'
        f"{_e(label)}</text>"
    )


def svg(
    key: str, size: tuple[float, float], title: str, desc: str, body: str, *, cls: str = "chart"
) -> str:
    """An ``<svg>`` of ``size`` (width, height) with a title and a description.

    ``key`` makes the ids of the title and description unique on the page.
    """
    width, height = size
    return (
        f'<svg class="{_e(cls)}" viewBox="0 0 {width:g} {height:g}" role="img" '
        f'aria-labelledby="{_e(key)}-t {_e(key)}-d" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{_e(key)}-t">{_e(title)}</title><desc id="{_e(key)}-d">{_e(desc)}</desc>'
        f"{body}</svg>"
    )
