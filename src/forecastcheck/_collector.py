"""Python's cyclic garbage collector kept off the objects a large read or evaluation makes.

Private: imported as a module (``from forecastcheck import _collector``).

Reading, building and checking a ledger, resolving it and scoring its calls
make hundreds of thousands of small objects and no reference cycles, so the
collector's passes over them find nothing (a fifth of the time of a large
load). Two policies, one per kind of work:

- :func:`paused` turns the collector off for a block (reading, building and
  checking a ledger: ``ledger/files.py``, ``ledger/checks.py``) and on again,
  if it was on, when the block ends, however it ends; what a failed load
  leaves behind is collected then. A load that succeeds first moves what it
  made to the oldest generation (:func:`aged`), so no pass walks the new
  ledger as young objects.
- :func:`held` leaves it running but freezes the objects alive on entry
  (resolving: ``resolution/_columns.py``; the evaluation: ``evaluate``,
  ``resolve_calls``), and :func:`settled` adds what the block has made every
  :data:`SETTLE_EVERY` items.

The freeze is the interpreter's, not the thread's: these helpers decide by
reading :func:`gc.get_freeze_count` and then act, and another thread may
freeze or unfreeze in between (an :func:`aged` call while a :func:`held`
block is entered elsewhere unfreezes that block's objects; a block's end
unfreezes what other threads froze). Only the collector's work changes then,
never a result: unfrozen objects are walked by its passes again, as any
object is.
"""

from __future__ import annotations

import contextlib
import contextvars
import gc
from collections.abc import Iterator

__all__ = ["SETTLE_EVERY", "aged", "held", "paused", "settled"]


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


def aged() -> None:
    """Every object alive now moved to the collector's oldest generation, without a pass.

    A :func:`paused` block that keeps what it made (a loaded ledger) leaves it
    all in the youngest generation: the first pass after the block would walk
    every object of it, and the next generation's pass again, to free
    nothing. Freezing and at once unfreezing (:func:`gc.freeze`,
    :func:`gc.unfreeze`) puts them in the oldest generation untouched, where
    full passes see them as they see any long-lived object. When objects are
    frozen already (by the caller, or a :func:`held` block), nothing is done:
    unfreezing would let theirs go too. The check and the freeze are two
    steps: a freeze made by another thread between them is undone (see the
    module's note on threads); it costs collector passes, nothing else.
    """
    if not gc.get_freeze_count():
        gc.freeze()
        gc.unfreeze()


#: Whether a :func:`held` block owns the freeze now in force.
_HOLDING: contextvars.ContextVar[bool] = contextvars.ContextVar("_HOLDING", default=False)

#: How many predictions (or rows) are resolved between two calls of :func:`settled`. Each
#: freeze also starts the youngest generation's count again, so with a few hundred items
#: between them the collector's passes seldom start: resolving 10^5 predictions runs 50
#: youngest-generation passes and 2 middle ones, against 306 and 22 at 8192 (measured with
#: ``gc.callbacks``: 9 ms of collector time against 27 ms).
SETTLE_EVERY = 1 << 8


@contextlib.contextmanager
def held() -> Iterator[None]:
    """The objects alive on entry left out of the garbage collector's passes for the block.

    Resolving makes a few small objects per prediction and no reference
    cycles, yet each full pass of Python's cyclic collector walks every
    object of the ledger and the log, and finds nothing to free. The objects
    alive on entry are frozen (:func:`gc.freeze`) for the block and unfrozen
    when it ends, while the collector keeps running (it is never turned
    off) over what the block makes, until :func:`settled` freezes that too.
    When objects are frozen already (by the caller, or an enclosing block),
    that freeze is left as it is.
    """
    if _HOLDING.get() or gc.get_freeze_count():
        yield
        return
    gc.freeze()
    token = _HOLDING.set(True)
    try:
        yield
    finally:
        _HOLDING.reset(token)
        gc.unfreeze()


def settled() -> None:
    """Freeze, too, what the enclosing :func:`held` block has made so far.

    The resolutions made so far are kept to the end of the block, so a full
    pass of the collector over them finds nothing either; frozen, they are
    left out of the later passes (and unfrozen with the rest when the block
    ends). Outside such a block, or when the caller's freeze is in force, it
    does nothing.
    """
    if _HOLDING.get():
        gc.freeze()
