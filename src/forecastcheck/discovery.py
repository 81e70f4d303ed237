"""Finding the ledgers in a project tree.

A *ledger* is what :func:`forecastcheck.load` reads: a file or a folder of
files. Given the paths a user named (a test runner's arguments, a setting),
:func:`find_ledgers` says which ledgers they hold:

- a ledger file named directly is a ledger whatever it holds (loading it
  reports what is wrong);
- a folder is one ledger when every file :func:`~forecastcheck.ledger.load`
  would read in it is a ledger file (:func:`is_ledger_file`);
- otherwise (a project folder holding ``pyproject.toml``, say) the ledgers
  are looked for inside it: each pure sub-folder is one ledger, each ledger
  file lying beside other files is one ledger by itself; folders matching a
  skip pattern are not entered;
- a file or folder inside a ledger folder that is also named is part of that
  ledger, not a second one.

The pytest plugin collects what this module finds (``docs/pytest-plugin.md``).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Sequence
from pathlib import Path

from forecastcheck.ledger import FORMATS, LEDGER_KEYS, NEAR_MISS, is_ledger_file, ledger_files

__all__ = [
    "LEDGER_KEYS",
    "LEDGER_SUFFIXES",
    "NEAR_MISS",
    "find_ledgers",
    "is_ledger_file",
    "ledger_holding",
]

LEDGER_SUFFIXES = tuple(f".{suffix}" for suffix in FORMATS)
"""The suffixes of the files a ledger is made of."""


# LEDGER_KEYS, NEAR_MISS and is_ledger_file are the ledger package's (ledger.folders),
# re-exported here: what is a ledger file is the ledger's to say, not a front's.
def find_ledgers(paths: Iterable[str | Path], *, skip: Sequence[str] = ()) -> list[Path]:
    """The ledgers the named paths hold, each once, as resolved paths.

    Args:
        paths: files and folders, absolute or relative to the working folder.
        skip: :mod:`fnmatch` patterns of folder names not to enter when
            looking inside a folder that is not itself a ledger.

    Returns:
        The ledger files and folders, in the order named.
    """
    roots: list[Path] = []
    for named in paths:
        path = Path(named).resolve()
        if path.is_file() and path.suffix.lower() in LEDGER_SUFFIXES:
            roots.append(path)
        else:
            roots.extend(_ledgers_in(path, skip))
    unique = list(dict.fromkeys(roots))
    return [r for r in unique if not any(o.is_dir() and o in r.parents for o in unique)]


def _ledgers_in(path: Path, skip: Sequence[str]) -> list[Path]:
    if path.is_file():
        return [path] if is_ledger_file(path) else []
    if not path.is_dir():
        return []
    files = [file for file, _ in ledger_files(path)]  # what loading this folder would read
    if not files:
        return []
    if all(is_ledger_file(f) for f in files):
        return [path]
    roots = [f for f in sorted(path.iterdir()) if f.is_file() and is_ledger_file(f)]
    for sub in sorted(path.iterdir()):
        if sub.is_dir() and not any(fnmatch.fnmatch(sub.name, pattern) for pattern in skip):
            roots.extend(_ledgers_in(sub, skip))
    return roots


def ledger_holding(file: str | Path, ledgers: Iterable[Path]) -> Path | None:
    """The ledger (from :func:`find_ledgers`) that ``file`` is part of, or ``None``.

    A file inside a ledger folder is part of it only if it is a ledger file.
    """
    resolved = Path(file).resolve()
    for root in ledgers:
        if resolved == root or root in resolved.parents:
            if root.is_dir() and not is_ledger_file(resolved):
                return None
            return root
    return None
