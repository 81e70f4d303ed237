"""A progress bar on standard error, for a run that takes more than a couple of seconds.

``forecastcheck report`` goes through its stages (:data:`REPORT_STAGES`: load,
resolve and score, report) under a :class:`Progress`. Nothing at all is
written unless the stream is a terminal (``isatty()``): redirected or piped
output, CI logs and the test suite never see a bar. On a terminal, the bar
appears only once the run has lasted :data:`DELAY` seconds (a quick run shows
nothing), is redrawn in place (``\\r``) at each new stage, and is erased when
the run ends, before anything else is written, so it never mixes with the
report or a problem line. A line the run says while it goes on (a note, not
the end) goes through :meth:`Progress.say`: the bar is erased, the line
written, and the bar drawn again below it. The bar is one line, no wider than
the terminal.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Sequence
from types import TracebackType
from typing import TextIO

__all__ = ["BAR_WIDTH", "DELAY", "REPORT_STAGES", "Progress", "bar_line"]

DELAY = 2.0
"""Seconds a run lasts before its bar is shown."""

REPORT_STAGES = ("load", "resolve and score", "report")
"""The stages of ``forecastcheck report``, in order."""

BAR_WIDTH = 20
"""Cells in the bar itself."""

_ERASE = "\r\x1b[K"  # to the line's start, then clear to its end


def bar_line(stages: Sequence[str], current: int, width: int) -> str:
    """``forecastcheck [#####---------------] 2/3 resolve and score``, cut to ``width``.

    ``current`` is the index of the stage under way: the bar fills with the
    stages already done.
    """
    done = BAR_WIDTH * current // len(stages)
    bar = "#" * done + "-" * (BAR_WIDTH - done)
    return f"forecastcheck [{bar}] {current + 1}/{len(stages)} {stages[current]}"[: width - 1]


class Progress:
    """The bar of one run: :meth:`stage` at each stage, :meth:`close` (or ``with``) at its end.

    Args:
        stages: the stages' names, in order.
        stream: where the bar goes (standard error); nothing is written to
            it unless ``stream.isatty()``.
        delay: seconds before the bar is first shown; ``0`` shows it at once.
    """

    def __init__(self, stages: Sequence[str], stream: TextIO, *, delay: float = DELAY) -> None:
        self._stages = tuple(stages)
        self._stream = stream
        self._on = stream.isatty()
        self._current = 0
        self._shown = False
        self._closed = False
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        if self._on and delay > 0:
            self._timer = threading.Timer(delay, self._show)
            self._timer.daemon = True
            self._timer.start()
        elif self._on:
            self._show()

    def _show(self) -> None:
        with self._lock:
            if not self._closed:
                self._shown = True
                self._draw()

    def _draw(self) -> None:
        width = shutil.get_terminal_size((80, 24)).columns
        self._stream.write(_ERASE + bar_line(self._stages, self._current, width))
        self._stream.flush()

    def stage(self, name: str) -> None:
        """The run has reached stage ``name`` (one of ``stages``)."""
        with self._lock:
            self._current = self._stages.index(name)
            if self._shown and not self._closed:
                self._draw()

    def say(self, line: str) -> None:
        """``line`` on the stream, on a line of its own; a bar shown is drawn again below it."""
        with self._lock:
            if self._shown:
                self._stream.write(_ERASE)
            self._stream.write(line + "\n")
            if self._shown:
                self._draw()
            else:
                self._stream.flush()

    def close(self) -> None:
        """The run is over: the bar, if shown, is erased; nothing is drawn after."""
        with self._lock:
            self._closed = True
            if self._timer is not None:
                self._timer.cancel()
            if self._shown:
                self._stream.write(_ERASE)
                self._stream.flush()
                self._shown = False

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
