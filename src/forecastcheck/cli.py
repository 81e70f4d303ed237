"""The ``forecastcheck`` command: a thin front on the library's calls.

Subcommands:

- ``forecastcheck check PATH`` — load and validate a ledger, print every
  problem, exit 1 if there is any.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from forecastcheck import __version__
from forecastcheck.errors import ForecastcheckError, LedgerError
from forecastcheck.files import load

__all__ = ["main"]

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


def _check(args: argparse.Namespace) -> int:
    try:
        ledger = load(args.path)
    except LedgerError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        n = len(exc.problems)
        print(f"{args.path}: {n} problem{'s' if n != 1 else ''}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(
        f"{args.path}: ok — {len(ledger.sources)} sources, {len(ledger.documents)} documents, "
        f"{len(ledger.predictions)} predictions, {len(ledger.events)} events"
    )
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with one subparser per command."""
    parser = argparse.ArgumentParser(
        prog="forecastcheck",
        description="Record predictions, resolve them against an event log, score forecasters.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = commands.add_parser("check", help="validate a ledger file or folder")
    check.add_argument(
        "path", metavar="PATH", help="a ledger file (.toml, .json, .jsonl) or folder"
    )
    check.set_defaults(run=_check)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status.

    Exit status: 0 all well, 1 problems found (or a threshold not met),
    2 wrong usage.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except ForecastcheckError as exc:
        print(f"forecastcheck: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
