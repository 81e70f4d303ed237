"""The ``forecastcheck score`` command's arguments (private): parsed here, run by ``cli``."""

from __future__ import annotations

import argparse
from collections.abc import Callable

__all__ = ["add"]


def _column_list(text: str) -> list[str]:
    """``model,target_type`` as a list of column names ("" for none)."""
    return [c.strip() for c in text.split(",") if c.strip()]


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
