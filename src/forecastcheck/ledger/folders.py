"""The files of a ledger: a file or a folder walked in name order, and each file's text.

Folders are read recursively, following symbolic links, each real folder and
file once; broken links, unreadable folders and files, pipes and devices are
problems, never hangs or tracebacks. See ``docs/prediction-files.md``.
"""

from __future__ import annotations

import difflib
import json
import os
import stat
import tomllib
from collections.abc import Callable, Generator
from pathlib import Path
from typing import BinaryIO

from forecastcheck.errors import Problem

__all__ = [
    "FORMATS",
    "LEDGER_KEYS",
    "NEAR_MISS",
    "is_ledger_file",
    "ledger_files",
]

FORMATS = ("toml", "json", "jsonl")
"""The file formats :func:`load` reads and :func:`save` writes, by suffix."""

LEDGER_KEYS = frozenset({"log", "sources", "documents", "predictions", "events"})
"""The top-level keys of a ledger file."""

NEAR_MISS = 0.8
"""The :mod:`difflib` ratio above which a top-level key is read as a misspelt ledger table."""


_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
)


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def _opened(file: Path, label: str) -> BinaryIO | Problem:
    """One ledger file opened for reading, or why it cannot be.

    The file is opened without blocking and checked to be a regular file
    before anything is read, so a named pipe or a device never hangs or fills
    memory.
    """
    try:
        fd = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        return Problem(label, "", f"cannot read: {exc.strerror or exc}")
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        return Problem(label, "", f"not a regular file ({_kind(mode)})")
    return os.fdopen(fd, "rb")


def read_text(file: Path, label: str) -> str | Problem:
    """The text of one ledger file, or why it cannot be read.

    The file is opened as :func:`_opened` opens it. A leading UTF-8
    byte-order mark is dropped.
    """
    handle = _opened(file, label)
    if isinstance(handle, Problem):
        return handle
    with handle:
        try:
            data = handle.read()
        except OSError as exc:
            return Problem(label, "", f"cannot read: {exc.strerror or exc}")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return Problem(label, "", f"not UTF-8 text: {exc.reason} at byte {exc.start}")


BLOCK = 1 << 20
"""How many bytes :func:`text_blocks` reads at a time."""


def text_blocks(file: Path, size: int | None = None) -> Generator[tuple[str, int], None, None]:
    """A file's text in blocks of whole lines, each with the number of its first line.

    Each block is about ``size`` bytes (:data:`BLOCK` when ``None``; more
    when a line is longer), split at a newline (dropped) and decoded as
    :func:`read_text` decodes the whole text: a leading byte-order mark is
    dropped. A newline byte is never part of another UTF-8 character, so a
    text that decodes whole decodes in blocks alike, and its lines are
    numbered alike. A large file is never held whole, in bytes or in text.

    Raises:
        OSError: the file cannot be opened as :func:`read_text` opens it, or read.
        UnicodeDecodeError: a block is not UTF-8.
        (:func:`read_text` says why, as a problem.)
    """
    handle = _opened(file, "")
    if isinstance(handle, Problem):
        raise OSError(handle.message)
    size = BLOCK if size is None else size
    with handle:
        rest: list[bytes] = []  # the bytes read since the last newline (no newline in them)
        first, encoding = 1, "utf-8-sig"
        while data := handle.read(size):
            cut = data.rfind(b"\n")
            if cut < 0:  # a line longer than a block: kept whole, joined once
                rest.append(data)
                continue
            block = b"".join((*rest, data[:cut])) if rest else data[:cut]
            rest = [data[cut + 1 :]]
            yield block.decode(encoding), first
            first, encoding = first + block.count(b"\n") + 1, "utf-8"
        last = b"".join(rest)
        if last or first == 1:  # the last line, with no newline after it (or an empty file)
            yield last.decode(encoding), first


def _labeller(root: Path, folder: bool) -> Callable[[Path], str]:
    """How problems name the files under ``root``: relative to the folder given.

    A folder's files are named with the folder's own name first
    (``karabakh/predictions.toml``); when the folder has no name of its own
    (``.``, ``/``, ``..``) the files are named relative to it (``bad.toml``).
    """
    prefix = root.name if root.name not in ("", "..") else ""

    def label(file: Path) -> str:
        if not folder:
            return file.name
        if file == root:
            return prefix or str(root)
        relative = file.relative_to(root).as_posix()
        return f"{prefix}/{relative}" if prefix else relative

    return label


def _walk(root: Path, label: Callable[[Path], str]) -> tuple[list[Path], list[Problem]]:
    """The ledger files of a folder, recursively, in name order, and what could not be read.

    Symbolic links to folders and files are followed. A folder or file
    reached a second time (a link loop, or two links to one place) is a
    problem, and so is a ledger-named link whose target does not exist, and a
    folder the system refuses to list. (One pass of :func:`os.walk`, then one
    over the files found: split, each half would need the other's state.)
    """
    problems: list[Problem] = []
    folders: dict[str, Path] = {os.path.realpath(root): root}

    def refuse(where: Path, message: str) -> None:
        problems.append(Problem(label(where), "", message))

    def refused(exc: OSError) -> None:
        refuse(
            Path(exc.filename) if exc.filename else root,
            f"cannot read folder: {exc.strerror or exc}",
        )

    found: list[Path] = []
    for top, dirs, names in os.walk(root, onerror=refused, followlinks=True):
        dirs.sort()
        for name in list(dirs):
            sub = Path(top, name)
            real = os.path.realpath(sub)
            if real in folders:
                refuse(
                    sub,
                    f"the same folder as {label(folders[real])} (a symbolic link loop "
                    "or a second link to it); each folder is read once",
                )
                dirs.remove(name)
            else:
                folders[real] = sub
        found.extend(Path(top, n) for n in names if Path(n).suffix.lower().lstrip(".") in FORMATS)
    found.sort(key=lambda p: p.relative_to(root).parts)
    real_files: dict[str, Path] = {}
    result: list[Path] = []
    for file in found:
        if not file.exists() and file.is_symlink():
            refuse(file, f"broken symbolic link (to {os.readlink(file)}, which does not exist)")
            continue
        real = os.path.realpath(file)
        if real in real_files:
            refuse(
                file,
                f"the same file as {label(real_files[real])} (through a symbolic link); "
                "each file is read once",
            )
            continue
        real_files[real] = file
        result.append(file)
    return result, problems


def find_files(path: str | os.PathLike[str]) -> tuple[list[tuple[Path, str]], list[Problem]]:
    """The files of a ledger with their labels, and every problem finding them."""
    root = Path(path)
    name = os.fspath(path)
    try:
        mode = os.stat(root).st_mode
    except FileNotFoundError:
        if root.is_symlink():
            target = os.readlink(root)
            return [], [
                Problem(name, "", f"broken symbolic link (to {target}, which does not exist)")
            ]
        return [], [Problem(name, "", "no such file or folder")]
    except OSError as exc:
        return [], [Problem(name, "", f"cannot read: {exc.strerror or exc}")]
    if stat.S_ISDIR(mode):
        label = _labeller(root, folder=True)
        found, problems = _walk(root, label)
        return [(file, label(file)) for file in found], problems
    if not stat.S_ISREG(mode):
        return [], [Problem(name, "", f"not a ledger file or folder ({_kind(mode)})")]
    if root.suffix.lower().lstrip(".") not in FORMATS:
        return [], [
            Problem(root.name, "", f"unknown format (expected a .{', .'.join(FORMATS)} file)")
        ]
    return [(root, root.name)], []


def ledger_files(path: str | os.PathLike[str]) -> list[tuple[Path, str]]:
    """The files :func:`load` reads for ``path``, each with the name its problems carry.

    Args:
        path: a ledger file or folder.

    Returns:
        (file, label) pairs in reading order; the label is how
        :class:`~forecastcheck.errors.Problem` names the file
        (``karabakh/predictions.toml`` for a folder, the file name for a file).
        Files that cannot be found or read are left out (:func:`load` reports them).
    """
    return find_files(path)[0]


def _is_ledger_key(key: str) -> bool:
    return key in LEDGER_KEYS or bool(difflib.get_close_matches(key, LEDGER_KEYS, 1, NEAR_MISS))


def _top_level_keys(path: Path) -> set[str]:
    """The top-level keys of a TOML or JSON file; of a JSON Lines file's first record."""
    text = path.read_text(encoding="utf-8")
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        first = next((line for line in text.split("\n") if line.strip()), "")
        data = json.loads(first) if first else {}
    elif suffix == ".toml":
        data = tomllib.loads(text)
    else:
        data = json.loads(text)
    return {str(key) for key in data} if isinstance(data, dict) else set()


def is_ledger_file(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a ledger file: its top-level keys are all ledger tables, or near misses.

    So ``pyproject.toml`` is not one, and a file with a misspelt table
    (``[[predictons]]``) still is: loading it reports the misspelling. A
    ledger-suffixed file that cannot be read or parsed is one, so that
    loading it reports why.
    """
    path = Path(path)
    if path.suffix.lower().lstrip(".") not in FORMATS or not path.is_file():
        return False
    try:
        keys = _top_level_keys(path)
    except (OSError, UnicodeDecodeError, ValueError, tomllib.TOMLDecodeError):
        return True
    return bool(keys) and all(_is_ledger_key(key) for key in keys)
