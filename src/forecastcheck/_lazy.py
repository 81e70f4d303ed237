"""Names a package imports on first use: the ``__getattr__`` (PEP 562) its lazy packages share.

A package lists the names whose modules are costly to import (numpy, scipy,
the renderers it may not need) against the module that defines each, and
hands each look-up of a missing name to :func:`attribute`, which imports the
module, keeps the name in the package and returns it.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping, MutableMapping
from typing import Any

__all__ = ["attribute"]


def attribute(
    namespace: MutableMapping[str, Any], lazy: Mapping[str, str], package: str, name: str
) -> Any:
    """``name`` of ``package`` from its module in ``lazy`` (a module named ``name`` is itself).

    Raises:
        AttributeError: ``name`` is not one of ``lazy``'s.
    """
    module = lazy.get(name)
    if module is None:
        raise AttributeError(f"module {package!r} has no attribute {name!r}")
    value = importlib.import_module(module)
    if module.rsplit(".", 1)[1] != name:
        value = getattr(value, name)
    namespace[name] = value
    return value
