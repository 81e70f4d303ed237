"""The ``forecastcheck`` command: a thin front on the library's calls.

Subcommands:

- ``forecastcheck check PATH`` — load and validate a ledger, print every
  problem, exit 1 if there is any.
- ``forecastcheck score FILE...`` — score forecast tables (CSV or Parquet: tidy,
  hubverse; ForecastBench JSON forecast sets; Metaculus exports) by groups; every problem located by
  file, row and column (:mod:`forecastcheck.tables`).
- ``forecastcheck phrase TEXT`` — read a wording under every built-in scale
  (or ``--scale S``): interval, point and every rule; exit 1 with the
  nearest accepted wordings when no scale reads it.
- ``forecastcheck deadline PHRASE --stated DATE`` — print the window(s) a
  deadline phrase names and the rule applied; exit 1 when it is not read
  (:mod:`forecastcheck._deadline_command`).
- ``forecastcheck report PATH`` — evaluate a ledger as of a date and print
  the scoreboard (text, JSON, Markdown or HTML) to stdout or ``-o FILE``;
  ``--html FILE`` also writes the self-contained HTML page; gates
  (``--max-brier``, ``--max-source-brier``) print one line each to stderr
  and exit 1 when one fails.

Every line printed to the terminal shows control and bidirectional characters
from ledger text and file names as visible escapes (``\\x1b``, ``\\n``), so
nothing in a ledger can move the cursor or forge a line. A report never
writes over the ledger it reads: an output (``-o``, ``--html``) that is one of
the ledger's files, or would be read as part of its folder, is a usage error.

This module parses the arguments and prints; the work is the library's, shared
with the pytest plugin: :mod:`forecastcheck.session` (settings, the as-of day,
the scale, evaluation), :mod:`forecastcheck.gates` and
:mod:`forecastcheck.outputs` (what a report may not overwrite).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from forecastcheck import (
    _deadline_command,
    _extract_command,
    _progress,
    _score_command,
    _table_input,
    _version,
)
from forecastcheck._counted import counted
from forecastcheck._terminal import printable
from forecastcheck.errors import ForecastcheckError, LedgerError, ScaleError
from forecastcheck.gates import (
    MIN_SOURCE_RESOLVED,
    GateResult,
    GateSettings,
    any_failed,
    check_gates,
    parse_brier_threshold,
)
from forecastcheck.ledger import (
    Ledger,
    drafts_to_confirm,
    load,
    record_places,
    write_text_atomic,
)
from forecastcheck.ledger.chains import DEFAULT_RESTATED, RESTATED_POLICIES
from forecastcheck.outputs import overwrite_problem
from forecastcheck.session import RunSettings, evaluate_ledger, is_scale_file, parse_day, scale_for
from forecastcheck.verbal import DEFAULT_SCALE, POINT_RULES, Scale, builtin_scales

if TYPE_CHECKING:
    from forecastcheck.evaluation import Evaluation

__all__ = ["main"]

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


class _OutputError(Exception):
    """Standard output could not be written (other than a reader that went away)."""

    def __init__(self, error: OSError) -> None:
        super().__init__(error)
        self.error = error


class _ReaderGoneError(Exception):
    """Standard output's reader stopped early (``| head``): not an error."""


def _say(line: str) -> None:
    """One line on standard error, its control characters escaped."""
    print(printable(line), file=sys.stderr)


def _write_stdout(text: str) -> None:
    """``text`` on standard output, flushed; turns its OSErrors into the two exceptions above."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError as exc:
        raise _ReaderGoneError from exc
    except OSError as exc:
        raise _OutputError(exc) from exc


def _detach_stdout() -> None:
    """Point standard output at the null device, so the exit's final flush cannot fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def _load(path: str, progress: _progress.Progress | None = None) -> Ledger | None:
    """The ledger at ``path``, or ``None`` once its problems are printed (the bar closed first)."""
    try:
        return load(path)
    except (LedgerError, OSError) as exc:
        if progress is not None:
            progress.close()
        if isinstance(exc, LedgerError):
            _print_problems(path, exc)
        else:  # a path the system refuses outright (too long, a device)
            _say(f"forecastcheck: cannot read {path}: {exc.strerror or exc}")
    return None


def _load_table(path: str, as_of: dt.date | None, progress: _progress.Progress) -> Ledger | None:
    """A tidy table of calls rebuilt as a ledger; what it cannot carry is said above the bar."""

    def say(line: str) -> None:
        progress.close()  # the bar is erased before any problem is written
        _say(line)

    return _table_input.load(path, as_of, say, lambda line: progress.say(printable(line)))


def _check(args: argparse.Namespace) -> int:
    ledger = _load(args.path)
    if ledger is None:
        return EXIT_PROBLEMS
    _warn_timing(args.path, ledger)
    _note_drafts(args.path, ledger)
    _write_stdout(
        printable(
            f"{args.path}: ok — {counted(len(ledger.sources), 'source')}, "
            f"{counted(len(ledger.documents), 'document')}, "
            f"{counted(len(ledger.predictions), 'prediction')}, "
            f"{counted(len(ledger.events), 'event')}"
        )
        + "\n"
    )
    return EXIT_OK


def _warn_timing(path: str, ledger: Ledger) -> None:
    """Warn, on stderr, of every call stated after (or maybe after) the event deciding it."""
    from forecastcheck.resolution import Resolver  # noqa: PLC0415 - `report --help` needs none

    timings = Resolver(ledger.log).timings(ledger.predictions)
    if not timings:
        return
    places = {p.id: p for p in record_places(path) if p.table == "predictions"}
    for prediction_id, (_, why) in timings.items():
        place = places.get(prediction_id)
        where = f"{place.file}: {place.path}" if place else f"{path}: prediction {prediction_id!r}"
        _say(f"{where}: warning: prediction {prediction_id!r} {why}")


def _note_drafts(path: str, ledger: Ledger) -> None:
    """List, on stderr, every draft prediction still to confirm, at its record."""
    places = {p.id: p for p in record_places(path) if p.table == "predictions"}
    for index, note in drafts_to_confirm(ledger.predictions):
        place = places.get(ledger.predictions[index].id)
        _say(f"{place.file}: {place.path}: {note}" if place else f"{path}: {note}")


def _print_problems(path: str, exc: LedgerError) -> None:
    _table_input.say_problems(exc, path, _say)


def _scale(name: str) -> str | Scale | None:
    """The scale ``--scale`` names, or ``None`` once why it cannot be had is printed."""
    scales = builtin_scales()
    if name in scales:
        return name
    if not is_scale_file(name):
        _say(
            f"forecastcheck: --scale: unknown scale {name!r}; "
            f"known scales: {', '.join(scales)}, or a scale file (.toml)"
        )
        return None
    try:
        return scale_for(name)
    except ScaleError as exc:
        _print_problems(name, exc)
    except OSError as exc:
        _say(f"forecastcheck: cannot read {name}: {exc.strerror or exc}")
    return None


def _settings(args: argparse.Namespace, scale: str | Scale) -> RunSettings:
    """What ``report`` was asked for."""
    return RunSettings(
        as_of=dt.date.today() if args.as_of is None else args.as_of,
        scale=scale,
        point_rule=args.point_rule,
        restated=args.restated,
        n_bootstrap=args.bootstrap,
        seed=args.seed,
        gates=GateSettings(
            max_brier=args.max_brier,
            max_source_brier=args.max_source_brier,
            min_source_resolved=args.min_resolved,
            allow_empty=args.allow_empty_gates,
        ),
    )


def _render(fmt: str, evaluation: Evaluation, ledger: Ledger, gates: Sequence[GateResult]) -> str:
    """The report in the format asked for."""
    from forecastcheck import report  # noqa: PLC0415 - keep `check` light; a renderer on use

    renderers: dict[str, Callable[[], str]] = {
        "text": lambda: report.render_text(evaluation),
        "json": lambda: report.render_json(evaluation, gates=gates, ledger=ledger),
        "markdown": lambda: report.render_markdown(evaluation),
        "html": lambda: report.render_html(evaluation, ledger),
    }
    return renderers[fmt]()


def _report(args: argparse.Namespace) -> int:
    scale = _scale(args.scale)
    if scale is None:
        return EXIT_PROBLEMS
    stages = _progress.REPORT_STAGES
    with _progress.Progress(stages, sys.stderr, delay=_progress.DELAY) as progress:
        if _table_input.is_table(args.path):  # a tidy table of calls, rebuilt as a ledger
            ledger = _load_table(args.path, args.as_of, progress)
        else:
            ledger = _load(args.path, progress)
        if ledger is None:
            return EXIT_PROBLEMS
        progress.stage("resolve and score")
        settings = _settings(args, scale)
        evaluation = evaluate_ledger(ledger, settings)
        gates = check_gates(settings.gates, [(None, evaluation)])
        progress.stage("report")
        html = None if args.html is None else _render("html", evaluation, ledger, gates)
        text = _render(args.format, evaluation, ledger, gates)
    target = args.html
    try:
        if html is not None:
            write_text_atomic(args.html, html)
        if args.output is None or args.output == "-":
            _write_stdout(text)
        else:
            target = args.output
            write_text_atomic(args.output, text)
    except OSError as exc:
        _say(f"forecastcheck: cannot write {target}: {exc.strerror or exc}")
        return EXIT_PROBLEMS
    if args.html is not None:
        _say(f"HTML report written to {args.html}")
    for gate in gates:
        _say(gate.line)
    return EXIT_PROBLEMS if any_failed(gates) else EXIT_OK


def _day(text: str) -> dt.date:
    """A date written exactly as YYYY-MM-DD."""
    try:
        return parse_day(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _file_name(text: str) -> str:
    """A file to write: any non-empty name (``-`` is standard output for ``-o``)."""
    if not text:
        raise argparse.ArgumentTypeError(f"expected a file name, got {text!r}")
    return text


def _overwrite_problem(args: argparse.Namespace) -> str | None:
    """Why ``report``'s outputs would overwrite its input or each other, or ``None``."""
    outputs = [("--html", args.html)] if args.html is not None else []
    if args.output is not None and args.output != "-":  # "-" is standard output
        outputs.append(("-o", args.output))
    scale_file = args.scale if is_scale_file(args.scale) else None
    return overwrite_problem(args.path, outputs, scale_file=scale_file)


def _count(text: str) -> int:
    """A non-negative integer argument."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must not be negative, got {value}")
    return value


def _brier_threshold(text: str) -> float:
    """A Brier threshold argument: a number from 0 to 1."""
    try:
        return parse_brier_threshold(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _add_report_inputs(report: argparse.ArgumentParser) -> None:
    """``report``'s arguments: what to read, how to read it, what to write where."""
    report.add_argument(
        "path",
        metavar="PATH",
        help="a ledger file (.toml, .json, .jsonl) or folder, or a tidy table of calls "
        "(.csv, .parquet)",
    )
    report.add_argument(
        "--as-of",
        type=_day,
        metavar="DATE",
        help="the day the questions are asked, YYYY-MM-DD (default: today)",
    )
    report.add_argument(
        "--scale",
        default=DEFAULT_SCALE,
        metavar="NAME",
        help=f"verbal scale: a built-in name, or a scale file (.toml) (default: {DEFAULT_SCALE})",
    )
    report.add_argument(
        "--point-rule",
        choices=POINT_RULES,
        default="stated",
        help=(
            "which point of a phrase's interval to score (default: stated — the scale's "
            "published point where it gives one, else the midpoint)"
        ),
    )
    report.add_argument(
        "--restated",
        choices=RESTATED_POLICIES,
        default=DEFAULT_RESTATED,
        help=(
            "how a chain of restated readings (revises) is scored: each reading its own "
            f"call, the first, the last, or time-averaged (default: {DEFAULT_RESTATED})"
        ),
    )
    report.add_argument(
        "--format",
        choices=("text", "json", "markdown", "html"),
        default="text",
        help="what to print (default: text)",
    )
    report.add_argument(
        "-o",
        "--output",
        type=_file_name,
        metavar="FILE",
        help="write the report to FILE instead of stdout (never one of the ledger's files)",
    )
    report.add_argument(
        "--html",
        type=_file_name,
        metavar="FILE",
        help="also write the self-contained HTML page to FILE",
    )


def _add_report_scoring(report: argparse.ArgumentParser) -> None:
    """``report``'s arguments: the ranking minimum, the gates, the bootstrap."""
    report.add_argument(
        "--min-resolved",
        type=_count,
        default=MIN_SOURCE_RESOLVED,
        metavar="N",
        help=(
            "resolved calls a source needs to be ranked and to be checked by "
            f"--max-source-brier (default: {MIN_SOURCE_RESOLVED})"
        ),
    )
    report.add_argument(
        "--max-brier",
        type=_brier_threshold,
        metavar="X",
        help="gate: exit 1 if the mean Brier score over all resolved calls exceeds X (0..1)",
    )
    report.add_argument(
        "--max-source-brier",
        type=_brier_threshold,
        metavar="X",
        help="gate: exit 1 if any source with --min-resolved resolved calls scores above X (0..1)",
    )
    report.add_argument(
        "--allow-empty-gates",
        action="store_true",
        help="let a gate with nothing to check pass (by default it fails: exit 1)",
    )
    report.add_argument(
        "--bootstrap",
        type=_count,
        default=1000,
        metavar="N",
        help="bootstrap resamples for the intervals; 0 for none (default: 1000)",
    )
    report.add_argument(
        "--seed", type=_count, default=0, help="seed of the bootstrap, 0 or more (default: 0)"
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with one subparser per command."""
    parser = argparse.ArgumentParser(
        prog="forecastcheck",
        description="Record predictions, resolve them against an event log, score forecasters.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version.VERSION}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = commands.add_parser("check", help="validate a ledger file or folder")
    check.add_argument(
        "path",
        metavar="PATH",
        help="a ledger file (.toml, .json, .jsonl) or folder",
    )
    check.set_defaults(run=_check)

    report = commands.add_parser(
        "report",
        help="score a ledger as of a date and print the scoreboard",
        description="Resolve every prediction as of a date, score it and print the scoreboard.",
    )
    _add_report_inputs(report)
    _add_report_scoring(report)
    report.set_defaults(run=_report, usage_error=report.error)
    _score_command.add(commands, _score)
    _add_phrase_command(commands)
    _deadline_command.add_command(commands)
    _extract_command.add(commands, _extract)
    return parser


def _extract(args: argparse.Namespace) -> int:
    from forecastcheck import extraction  # noqa: PLC0415 - keep the other commands light
    from forecastcheck.extraction import files  # noqa: PLC0415

    floor = extraction.DEFAULT_MIN_SCORE if args.min_score is None else args.min_score
    try:
        draft, problems = files.extract_path(
            args.path, date=args.date, outlet=args.outlet, url=args.url, min_score=floor
        )
    except extraction.ExtraMissingError as exc:
        _say(f"forecastcheck extract: {exc}")
        return EXIT_USAGE
    for problem in problems:
        _say(printable(str(problem)))
    for document in draft.documents:
        n = sum(p.document == document.id for p in draft.predictions)
        _say(printable(f"{document.id}: {counted(n, 'draft prediction')} (score >= {floor:g})"))
    text = draft.to_toml()
    try:
        if args.output is None or args.output == "-":
            _write_stdout(text)
        else:
            write_text_atomic(args.output, text)
    except OSError as exc:
        _say(f"forecastcheck: cannot write {args.output}: {exc.strerror or exc}")
        return EXIT_PROBLEMS
    return EXIT_PROBLEMS if problems else EXIT_OK


def _add_phrase_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    phrase = commands.add_parser(  # shaped like _deadline_command's (intentional)
        "phrase",
        help="read a wording under every built-in scale (or one)",
        description="Print the interval, the point and every rule applied to a wording.",
    )
    phrase.add_argument("text", metavar="TEXT", help='the wording, e.g. "seems highly unlikely"')
    phrase.add_argument(
        "--scale", metavar="S", help="one scale: a built-in name or a scale file (.toml)"
    )
    phrase.set_defaults(run=_phrase)


def _phrase(args: argparse.Namespace) -> int:
    from forecastcheck.verbal import _explain, as_scale  # noqa: PLC0415

    if not args.text.strip():
        _say("forecastcheck phrase: TEXT is empty")
        return EXIT_USAGE
    scales = list(builtin_scales().values())
    if args.scale is not None:
        chosen = _scale(args.scale)
        if chosen is None:
            return EXIT_USAGE
        scales = [as_scale(chosen)]
    reads = _explain.readings(args.text, scales)
    _write_stdout("".join(printable(line) + "\n" for line in _explain.explain(args.text, reads)))
    if all(read.status == "unmapped" for read in reads):
        _say(_explain.teaching(args.text, reads, scales))
        return EXIT_PROBLEMS
    return EXIT_OK


def _score(args: argparse.Namespace) -> int:
    if args.out not in (None, "-") and any(
        os.path.realpath(args.out) == os.path.realpath(f)
        for f in [*args.files, *(args.oracle or [])]
    ):
        args.usage_error(printable(f"-o {args.out} is one of the files read"))  # exits 2
    if (why := _score_command.usage_problem(args)) is not None:
        args.usage_error(why)  # exits 2
    try:
        from forecastcheck.tables import files, output  # noqa: PLC0415
    except ImportError as exc:  # pyarrow or narwhals not installed
        _say("forecastcheck score needs pyarrow and narwhals: pip install 'forecastcheck[tables]'")
        _say(f"({exc})")
        return EXIT_USAGE
    score = files.score_files
    if args.dask:
        from forecastcheck.tables import dask_files  # noqa: PLC0415

        if (why := dask_files.unavailable()) is not None:
            _say(why)
            return EXIT_USAGE
        score = dask_files.scorer(args.scheduler, check_duplicates=args.check_duplicates)
    try:
        # Same shape as in resolution/_final.py: options passed on by keyword, one per argument
        # (intentional).
        results = score(
            args.files,
            format=args.format,
            oracle=args.oracle,
            by=args.by,
            scores=args.scores,
            forecast_type=args.forecast_type,
            missing=args.missing,
            **({} if args.aggregate is None else {"aggregate": args.aggregate}),
        )
    except LedgerError as exc:
        _table_input.say_problems(exc, "forecastcheck score", _say)
        return EXIT_PROBLEMS
    text = output.render(results, args.output)
    if not all(r.duplicates_checked for r in results):
        _say("forecastcheck score: duplicate forecasts were not checked (--no-duplicate-check)")
    if args.out is None or args.out == "-":
        _write_stdout(text)
        return EXIT_OK
    try:
        write_text_atomic(args.out, text)
    except OSError as exc:
        _say(f"forecastcheck: cannot write {args.out}: {exc.strerror or exc}")
        return EXIT_PROBLEMS
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status.

    Exit status: 0 all well, 1 problems found (or a threshold not met),
    2 wrong usage.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "report" and (why := _overwrite_problem(args)) is not None:
        args.usage_error(printable(why))  # exits 2
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        code = run(args)
        _write_stdout("")  # flush what print() may have left in the buffer
    except ForecastcheckError as exc:
        _say(f"forecastcheck: {exc}")
        return EXIT_PROBLEMS
    except _ReaderGoneError:  # the reader stopped early (`| head`): not an error
        _detach_stdout()
        return EXIT_OK
    except _OutputError as exc:
        _detach_stdout()
        _say(f"forecastcheck: cannot write standard output: {exc.error.strerror or exc.error}")
        return EXIT_PROBLEMS
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
