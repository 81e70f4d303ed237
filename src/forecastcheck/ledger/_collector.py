"""Python's cyclic garbage collector held off while a ledger is read, built or checked.

Private: imported as a module (``from forecastcheck.ledger import _collector``).

Reading, building and checking a ledger make hundreds of thousands of small
objects and no reference cycles, so the collector's passes over them find
nothing (a fifth of the time of a large load). :func:`paused` turns it off
for a block and on again, if it was on, when the block ends, however it ends;
what a failed load leaves behind is collected then.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["paused"]


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """The collector off for the block, and as it was found afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
