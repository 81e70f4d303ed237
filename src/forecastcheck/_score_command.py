"""The ``forecastcheck score`` command's arguments (private): parsed here, run by ``cli``."""

from __future__ import annotations

import argparse
from collections.abc import Callable

__all__ = ["add", "usage_problem"]


def _column_list(text: str) -> list[str]:
    """``model,target_type`` as a list of column names ("" for none)."""
    return [c.strip() for c in text.split(",") if c.strip()]


def aggregates() -> tuple[str, ...]:
    """``--aggregate``'s choices: :data:`forecastcheck.crowd.CrowdMethod`'s names."""
    import typing  # noqa: PLC0415 - crowd loads numpy: only when --aggregate is given

    from forecastcheck.crowd import CrowdMethod  # noqa: PLC0415

    return typing.get_args(CrowdMethod)


def _aggregate(text: str) -> str:
    """A crowd method's name; ``trimmed-mean`` is read as ``trimmed_mean``."""
    name = text.replace("-", "_")
    if name not in (choices := aggregates()):
        raise argparse.ArgumentTypeError(f"{text!r} is not one of {', '.join(choices)}")
    return name


def usage_problem(args: argparse.Namespace) -> str | None:
    """What is wrong with a combination of ``score`` options, or None (the caller exits 2)."""
    if args.scheduler is not None and not args.dask:
        return "--scheduler needs --dask"
    if args.aggregate is not None and args.dask:
        return "--aggregate is not available with --dask"
    if not args.check_duplicates and not args.dask:
        return "--no-duplicate-check needs --dask"
    return None


def add(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    run: Callable[[argparse.Namespace], int],
) -> None:
    """Add the ``score`` subcommand; ``run`` runs it."""
    score = commands.add_parser(
        "score",
        help="score forecast tables (CSV or Parquet) by groups",
        description="Validate forecast tables and print their scores per group.",
    )
    score.add_argument("files", nargs="+", metavar="FILE", help="CSV or Parquet files, one table")
    score.add_argument(
        "--format",
        choices=("auto", "tidy", "hubverse", "forecastbench", "metaculus"),
        default="auto",
        help="the files' layout (default: hubverse if there is an output_type column, else tidy)",
    )
    score.add_argument(
        "--oracle",
        action="append",
        metavar="FILE",
        help="hubverse oracle output, ForecastBench resolution sets, or Metaculus "
        "question_data.csv (repeatable)",
    )
    score.add_argument("--by", type=_column_list, help="columns to group by, comma-separated")
    score.add_argument("--scores", type=_column_list, help="scores wanted, comma-separated")
    score.add_argument(
        "--type",
        dest="forecast_type",
        choices=("binary", "categorical", "point", "quantile", "sample"),
        help="the forecast type (default: inferred from the columns)",
    )
    score.add_argument(
        "--missing",
        choices=("raise", "count"),
        default="raise",
        help="a row without observation or forecast: a problem (default) or counted",
    )
    score.add_argument(
        "--aggregate",
        type=_aggregate,
        metavar="METHOD",
        help="pool the models' binary forecasts of each forecast unit into one crowd forecast, "
        "scored as the model crowd:METHOD: median, mean, trimmed_mean, geometric_mean, "
        "geometric_mean_odds or extremized_mean_odds",
    )
    score.add_argument(
        "--dask",
        action="store_true",
        help="read the files (a Parquet dataset) with Dask and score the partitions in parallel",
    )
    score.add_argument(
        "--scheduler", metavar="ADDRESS", help="with --dask: the Dask scheduler to run on"
    )
    score.add_argument(
        "--no-duplicate-check",
        dest="check_duplicates",
        action="store_false",
        help="with --dask: do not look for binary forecasts repeated across partitions "
        "(the output says so)",
    )
    score.add_argument("--output", choices=("text", "json", "csv"), default="text")
    score.add_argument("-o", dest="out", metavar="OUT", help="write here instead of stdout")
    score.set_defaults(run=run, usage_error=score.error)
