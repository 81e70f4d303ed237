"""The ``forecastcheck extract`` command's arguments (private): parsed here, run by ``cli``."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from forecastcheck.ledger import DateWindow

__all__ = ["add"]


def _window(text: str) -> DateWindow:
    """A publication date: a day or a window in the ledger's form."""
    try:
        return DateWindow.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _score_floor(text: str) -> float:
    """A minimum score: a number of at least 0."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value < float("inf"):
        raise argparse.ArgumentTypeError(f"expected a number of at least 0, got {text!r}")
    return value


def _file_name(text: str) -> str:
    if not text:
        raise argparse.ArgumentTypeError(f"expected a file name, got {text!r}")
    return text


def add(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    run: Callable[[argparse.Namespace], int],
) -> None:
    """Add the ``extract`` command, run by ``run``."""
    extract = commands.add_parser(
        "extract",
        help="propose a draft ledger from articles (text or HTML)",
        description="Find the forecast-like statements of articles and write a draft ledger.",
    )
    extract.add_argument("path", metavar="FILE_OR_FOLDER", help="a text or HTML file, or a folder")
    extract.add_argument("--date", type=_window, help="the publication date (YYYY-MM-DD or A..B)")
    extract.add_argument("--outlet", help="who published it")
    extract.add_argument("--url", help="where it can be read")
    extract.add_argument(
        "--min-score", type=_score_floor, default=None, metavar="S", help="leave out lower scores"
    )
    extract.add_argument(
        "-o", "--output", type=_file_name, metavar="FILE", help="the draft ledger (default: stdout)"
    )
    extract.set_defaults(run=run)
