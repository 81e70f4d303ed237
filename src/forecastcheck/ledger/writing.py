"""Writing a file in one step: a crash leaves the old file or the new one, never half of one."""

from __future__ import annotations

import contextlib
import glob
import os
import secrets
import stat
from pathlib import Path

__all__ = ["write_text_atomic"]

_TEMPORARY = ".forecastcheck-tmp"
"""How the atomic writer's temporary files end: ``.{name}.{pid}-{random}.forecastcheck-tmp``."""


def _running(pid: int) -> bool:
    """Whether process ``pid`` may still be running (and writing its temporary file)."""
    if pid == os.getpid():
        return True
    if os.name != "posix":  # no signal 0 there; an open file cannot be removed anyway
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists, under another user
        return True
    return True


def _remove_leftovers(folder: Path, name: str) -> None:
    """Remove the temporaries that earlier saves of ``folder/name`` left when killed."""
    for stray in folder.glob(f".{glob.escape(name)}.*{_TEMPORARY}"):
        pid = stray.name[len(name) + 2 : -len(_TEMPORARY)].partition("-")[0]
        if pid.isdigit() and not _running(int(pid)):
            with contextlib.suppress(OSError):  # gone already, or still open (Windows)
                stray.unlink()


def write_text_atomic(path: str | os.PathLike[str], text: str) -> Path:
    """Write ``text`` to ``path`` in one step: a crash leaves the old file or the new one.

    The text goes to a temporary file next to the file written, is flushed to
    disk, then replaces it with :func:`os.replace`; on any failure the
    temporary file is removed and the old file is untouched.

    - A symlink is written through: the file it points at is replaced (or
      created), the link stays.
    - A path that is not a regular file — a FIFO, ``/dev/stdout``, a terminal —
      is written to directly, as a shell redirection would.
    - A new file gets the usual mode (0666 less the umask: 0644 under umask
      022); a replaced file keeps its mode.
    - The temporary file is named ``.{name}.{pid}-{random}.forecastcheck-tmp``;
      one left by a save that was killed (its process no longer runs) is
      removed by the next save of the same path.

    Returns:
        The path written.

    Raises:
        OSError: the folder does not exist or cannot be written.
    """
    target = Path(path)
    try:
        old: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        old = None
    if old is not None and not stat.S_ISREG(old.st_mode):
        with open(target, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        return target
    real = Path(os.path.realpath(target))
    _remove_leftovers(real.parent, real.name)
    mode = 0o666 if old is None else stat.S_IMODE(old.st_mode)
    while True:
        tmp = real.with_name(f".{real.name}.{os.getpid()}-{secrets.token_hex(6)}{_TEMPORARY}")
        try:  # the kernel applies the umask, as for any new file
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        except FileExistsError:  # pragma: no cover - 48 random bits
            continue
        break
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if old is not None:
            os.chmod(tmp, mode)  # exactly the old mode, whatever the umask
        os.replace(tmp, real)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target
