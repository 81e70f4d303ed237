"""A number with the noun agreeing with it: ``1 source``, ``2 sources`` (private).

Every message and report that counts something says it through :func:`counted`,
so no line reads "1 sources" or "at least 1 resolved calls".
"""

from __future__ import annotations

__all__ = ["counted"]


def counted(n: int, word: str, many: str | None = None) -> str:
    """``n`` and ``word``, in the plural (``many``, else ``word + "s"``) unless ``n`` is 1."""
    return f"{n} {word if n == 1 else (many or word + 's')}"
