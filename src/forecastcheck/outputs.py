"""Where a report may be written: never over what it reads.

A report is written to files the user names (``forecastcheck report -o FILE
--html FILE``). :func:`overwrite_problem` says why a set of such outputs would
destroy an input, or ``None`` when it would not:

- an output that is one of the ledger's files (by any name: a symlink, a hard
  link, ``./`` or ``..`` in the path);
- an output that is the scale file being read;
- an output inside the ledger folder with a ledger suffix (``.toml``,
  ``.json``, ``.jsonl``): the next load would read it as part of the ledger;
- two outputs that are one file.

Fronts turn the reason into a usage error (``docs/tutorial.md``, section 9).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from forecastcheck.ledger import FORMATS, ledger_files

__all__ = ["overwrite_problem", "same_file"]


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """Whether two names lead to one file: the same file on disk, or the same resolved path."""
    try:
        if os.path.samefile(a, b):
            return True
    except OSError:  # one of them is not there (yet)
        pass
    return os.path.realpath(a) == os.path.realpath(b)


def overwrite_problem(
    ledger: str | os.PathLike[str],
    outputs: Sequence[tuple[str, str]],
    *,
    scale_file: str | None = None,
) -> str | None:
    """Why writing ``outputs`` would overwrite what a report reads, or each other.

    Args:
        ledger: the ledger file or folder being read.
        outputs: ``(option, file name)`` pairs as the user gave them
            (``("-o", "report.json")``); standard output is not among them.
        scale_file: the scale file being read, if any.

    Returns:
        A one-line reason naming the option and the file, or ``None``.
    """
    for later, (option, name) in enumerate(outputs):
        for other_option, other in outputs[:later]:
            if same_file(name, other):
                return f"{option} and {other_option} name the same file: {name}"
    try:
        inputs = [file for file, _ in ledger_files(ledger)]
        folder = Path(ledger).resolve() if Path(ledger).is_dir() else None
    except OSError:  # the ledger cannot be read at all; loading it says why
        return None
    for option, name in outputs:
        for file in inputs:
            if same_file(name, file):
                return f"{option} {name} is a file of the ledger being read ({file})"
        if scale_file is not None and same_file(name, scale_file):
            return f"{option} {name} is the scale file being read"
        real = Path(os.path.realpath(name))
        if (
            folder is not None
            and real.is_relative_to(folder)
            and real.suffix.lower().lstrip(".") in FORMATS
        ):
            return (
                f"{option} {name} would be read as part of the ledger in {os.fspath(ledger)}; "
                "write it outside the folder or under another suffix"
            )
    return None
