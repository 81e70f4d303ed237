"""``forecastcheck deadline PHRASE --stated DAY``: read a deadline phrase before writing a file.

Prints the window or windows the phrase names against the statement date,
the last day that counts for each, and the rule applied, through the same
grammar a ledger is read with (:func:`forecastcheck.ledger.read_phrase`).
An unread phrase exits 1 with the refusal that names the nearest accepted
forms; a bad ``--stated`` or ``--as`` is a usage error (exit 2).
"""

from __future__ import annotations

import argparse
from typing import cast

from forecastcheck._terminal import printable
from forecastcheck.ledger import DateWindow, Deadline, How, read_phrase

__all__ = ["add_command", "describe"]


def _window(text: str) -> DateWindow:
    try:
        return DateWindow.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def describe(phrase: str, how: How, stated: DateWindow) -> list[str]:
    """The lines the command prints for ``phrase`` read as ``how`` against ``stated``.

    Raises:
        DeadlineError: the phrase cannot be read (the message teaches the forms).
    """
    reading = read_phrase(phrase, how, stated)
    result = reading.result
    if result is None:
        return [f"{phrase!r} is open-ended: it names no deadline"]
    lines = [f"rule: {result.rule}"]
    if not isinstance(result, Deadline):
        return [f"day: {result.day}  (window {result.window})", *lines]
    if not result.alternatives:
        return [f"window: {result.window}  last day: {result.last_day}", *lines]
    for name, d in (("shortest", result.shortest), ("longest", result.longest)):
        lines.append(f"{name}: {d.window}  last day: {d.last_day}")
    return [f"default (longest): {result.window}  last day: {result.last_day}", *lines]


def _run(args: argparse.Namespace) -> int:
    for line in describe(args.phrase, cast(How, args.how), args.stated):  # a choice of --as
        print(printable(line))
    return 0


def add_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``deadline`` subcommand to the command line's subparsers."""
    # Same shape as cli._add_phrase_command: argparse set-up of a subcommand (intentional).
    deadline = commands.add_parser(
        "deadline",
        help="read a deadline phrase against a statement date and print the rule",
        description="Print the window(s) a deadline phrase names and the rule applied.",
    )
    deadline.add_argument("phrase", metavar="PHRASE", help='e.g. "within weeks"')
    deadline.add_argument(
        "--stated",
        type=_window,
        required=True,
        metavar="DATE",
        help="when it was said: YYYY-MM-DD, or any date window (2021-11, A..B)",
    )
    deadline.add_argument(
        "--as",
        dest="how",
        choices=("horizon", "deadline", "point"),
        default="horizon",
        help="read it as an occurs deadline (horizon, the default), a bounded deadline, or a day",
    )
    deadline.set_defaults(run=_run)
