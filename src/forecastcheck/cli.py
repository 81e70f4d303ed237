"""The ``forecastcheck`` command: a thin front on the library's calls.

Subcommands:

- ``forecastcheck check PATH`` — load and validate a ledger, print every
  problem, exit 1 if there is any.
- ``forecastcheck report PATH`` — evaluate a ledger as of a date and print
  the scoreboard (text, JSON, Markdown or HTML) to stdout or ``-o FILE``;
  ``--html FILE`` also writes the self-contained HTML page.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Callable, Sequence

from forecastcheck import __version__
from forecastcheck.errors import ForecastcheckError, LedgerError, ScaleError
from forecastcheck.files import load, record_places, write_text_atomic
from forecastcheck.model import Ledger
from forecastcheck.resolve import Resolver

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
    _warn_timing(args.path, ledger)
    print(
        f"{args.path}: ok — {len(ledger.sources)} sources, {len(ledger.documents)} documents, "
        f"{len(ledger.predictions)} predictions, {len(ledger.events)} events"
    )
    return EXIT_OK


def _warn_timing(path: str, ledger: Ledger) -> None:
    """Warn, on stderr, of every call stated after (or maybe after) the event deciding it."""
    timings = Resolver(ledger.log).timings(ledger.predictions)
    if not timings:
        return
    places = {p.id: p for p in record_places(path) if p.table == "predictions"}
    for prediction_id, (_, why) in timings.items():
        place = places.get(prediction_id)
        where = f"{place.file}: {place.path}" if place else f"{path}: prediction {prediction_id!r}"
        print(f"{where}: warning: prediction {prediction_id!r} {why}", file=sys.stderr)


def _print_problems(path: str, exc: LedgerError) -> None:
    for problem in exc.problems:
        print(problem, file=sys.stderr)
    n = len(exc.problems)
    print(f"{path}: {n} problem{'s' if n != 1 else ''}", file=sys.stderr)


def _report(args: argparse.Namespace) -> int:
    from forecastcheck.evaluation import evaluate  # noqa: PLC0415 - keep `check` light
    from forecastcheck.report import (  # noqa: PLC0415
        render_html,
        render_json,
        render_markdown,
        render_text,
    )
    from forecastcheck.verbal import Scale, builtin_scales, load_scale  # noqa: PLC0415

    if args.as_of is None:
        as_of = dt.date.today()
    else:
        try:
            as_of = dt.date.fromisoformat(args.as_of)
        except ValueError:
            print(
                f"forecastcheck: --as-of: expected a date as YYYY-MM-DD, got {args.as_of!r}",
                file=sys.stderr,
            )
            return EXIT_PROBLEMS
    scales = builtin_scales()
    scale: str | Scale = args.scale
    if args.scale not in scales:
        if not args.scale.lower().endswith(".toml"):
            print(
                f"forecastcheck: --scale: unknown scale {args.scale!r}; "
                f"known scales: {', '.join(scales)}, or a scale file (.toml)",
                file=sys.stderr,
            )
            return EXIT_PROBLEMS
        try:
            scale = load_scale(args.scale)
        except ScaleError as exc:
            _print_problems(args.scale, exc)
            return EXIT_PROBLEMS
    try:
        ledger = load(args.path)
    except LedgerError as exc:
        _print_problems(args.path, exc)
        return EXIT_PROBLEMS
    evaluation = evaluate(
        ledger,
        as_of=as_of,
        scale=scale,
        point_rule=args.point_rule,
        min_resolved=args.min_resolved,
        n_bootstrap=args.bootstrap,
        seed=args.seed,
    )
    renderers: dict[str, Callable[[], str]] = {
        "text": lambda: render_text(evaluation),
        "json": lambda: render_json(evaluation),
        "markdown": lambda: render_markdown(evaluation),
        "html": lambda: render_html(evaluation, ledger),
    }
    target = args.html
    try:
        if args.html is not None:
            write_text_atomic(args.html, render_html(evaluation, ledger))
        text = renderers[args.format]()
        if args.output is None or args.output == "-":
            target = "standard output"
            sys.stdout.write(text)
            sys.stdout.flush()
        else:
            target = args.output
            write_text_atomic(args.output, text)
    except BrokenPipeError:  # the reader stopped early (`| head`): not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as exc:
        print(f"forecastcheck: cannot write {target}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    if args.html is not None:
        print(f"HTML report written to {args.html}", file=sys.stderr)
    return EXIT_OK


def _count(text: str) -> int:
    """A non-negative integer argument."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must not be negative, got {value}")
    return value


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

    report = commands.add_parser(
        "report",
        help="score a ledger as of a date and print the scoreboard",
        description="Resolve every prediction as of a date, score it and print the scoreboard.",
    )
    report.add_argument(
        "path", metavar="PATH", help="a ledger file (.toml, .json, .jsonl) or folder"
    )
    report.add_argument(
        "--as-of",
        metavar="DATE",
        help="the day the questions are asked, YYYY-MM-DD (default: today)",
    )
    report.add_argument(
        "--scale",
        default="icd203",
        metavar="NAME",
        help="verbal scale: a built-in name, or a scale file (.toml) (default: icd203)",
    )
    report.add_argument(
        "--point-rule",
        choices=("mid", "lower", "upper", "stated"),
        default="stated",
        help=(
            "which point of a phrase's interval to score (default: stated — the scale's "
            "published point where it gives one, else the midpoint)"
        ),
    )
    report.add_argument(
        "--format",
        choices=("text", "json", "markdown", "html"),
        default="text",
        help="what to print (default: text)",
    )
    report.add_argument(
        "-o", "--output", metavar="FILE", help="write the report to FILE instead of stdout"
    )
    report.add_argument(
        "--html", metavar="FILE", help="also write the self-contained HTML page to FILE"
    )
    report.add_argument(
        "--min-resolved",
        type=_count,
        default=5,
        metavar="N",
        help="resolved calls a source needs to be ranked (default: 5)",
    )
    report.add_argument(
        "--bootstrap",
        type=_count,
        default=1000,
        metavar="N",
        help="bootstrap resamples for the intervals; 0 for none (default: 1000)",
    )
    report.add_argument("--seed", type=int, default=0, help="seed of the bootstrap (default: 0)")
    report.set_defaults(run=_report)
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
