"""write_text_atomic: through symlinks, streaming to FIFOs, the umask, no stray temporaries."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from forecastcheck.ledger import write_text_atomic

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX file types and modes")


@pytest.fixture
def umask() -> Iterator[None]:
    """Restore the process umask after a test sets it."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def leftovers(folder: Path) -> list[str]:
    """Every file in ``folder`` but the ones a test made on purpose."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


class TestThroughLinks:
    def test_symlink_is_kept_and_its_target_written(self, tmp_path: Path) -> None:
        """Writing to a symlink replaces the file it points at and keeps the link."""
        (tmp_path / "real").mkdir()
        real = tmp_path / "real" / "report.txt"
        real.write_text("old\n", encoding="utf-8")
        link = tmp_path / "link.txt"
        link.symlink_to(Path("real") / "report.txt")
        write_text_atomic(link, "new\n")
        assert link.is_symlink()
        assert os.readlink(link) == str(Path("real") / "report.txt")
        assert real.read_text(encoding="utf-8") == "new\n"
        assert leftovers(tmp_path) == []
        assert leftovers(tmp_path / "real") == []

    def test_dangling_symlink_creates_its_target(self, tmp_path: Path) -> None:
        """A symlink to a file not yet there gets that file; the link stays."""
        link = tmp_path / "link.txt"
        link.symlink_to(tmp_path / "new.txt")
        write_text_atomic(link, "hello\n")
        assert link.is_symlink()
        assert (tmp_path / "new.txt").read_text(encoding="utf-8") == "hello\n"

    @posix_only
    def test_fifo_is_streamed_to_not_replaced(self, tmp_path: Path) -> None:
        """A FIFO stays a FIFO and its reader gets the text."""
        fifo = tmp_path / "pipe"
        os.mkfifo(fifo)
        reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # a reader is waiting
        try:
            write_text_atomic(fifo, "through the pipe\n")
            data = os.read(reader, 1 << 16)
        finally:
            os.close(reader)
        assert stat.S_ISFIFO(fifo.stat().st_mode)
        assert data == b"through the pipe\n"
        assert leftovers(tmp_path) == []


@posix_only
class TestModes:
    @pytest.mark.usefixtures("umask")
    @pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
    def test_new_file_honours_the_umask(self, tmp_path: Path, mask: int, mode: int) -> None:
        """A new file gets 0666 less the umask, as any program's would."""
        os.umask(mask)
        target = write_text_atomic(tmp_path / "page.html", "<p>hi</p>\n")
        assert stat.S_IMODE(target.stat().st_mode) == mode

    @pytest.mark.usefixtures("umask")
    def test_replaced_file_keeps_its_mode(self, tmp_path: Path) -> None:
        """Replacing a file keeps the mode it had, whatever the umask."""
        target = tmp_path / "shared.txt"
        target.write_text("old\n", encoding="utf-8")
        target.chmod(0o640)
        os.umask(0o077)
        write_text_atomic(target, "new\n")
        assert stat.S_IMODE(target.stat().st_mode) == 0o640
        assert target.read_text(encoding="utf-8") == "new\n"


KILLED_SAVE = """
import os, signal, sys
from forecastcheck.ledger import writing
def die(src, dst):
    os.kill(os.getpid(), signal.SIGKILL)
writing.os.replace = die
writing.write_text_atomic(sys.argv[1], "half\\n")
"""


@posix_only
class TestLeftovers:
    def test_next_save_removes_what_a_killed_save_left(self, tmp_path: Path) -> None:
        """A save killed before its rename leaves a marked temporary; the next save removes it."""
        target = tmp_path / "out.txt"
        target.write_text("old\n", encoding="utf-8")
        result = subprocess.run(
            [sys.executable, "-c", KILLED_SAVE, str(target)], check=False, capture_output=True
        )
        assert result.returncode == -9
        (stray,) = leftovers(tmp_path)
        assert stray.startswith(".out.txt.")
        assert stray.endswith(".forecastcheck-tmp")
        assert target.read_text(encoding="utf-8") == "old\n"  # the old file is untouched
        write_text_atomic(target, "new\n")
        assert leftovers(tmp_path) == []
        assert target.read_text(encoding="utf-8") == "new\n"

    def test_a_running_save_is_left_alone(self, tmp_path: Path) -> None:
        """A temporary of a process still running (a save under way) is not removed."""
        target = tmp_path / "out.txt"
        busy = tmp_path / f".out.txt.{os.getpid()}-0123456789ab.forecastcheck-tmp"
        busy.write_text("in progress\n", encoding="utf-8")
        other = tmp_path / ".other.txt.1-0123456789ab.forecastcheck-tmp"
        other.write_text("another file's\n", encoding="utf-8")
        write_text_atomic(target, "new\n")
        assert busy.exists()
        assert other.exists()  # only the same path's temporaries are looked at
