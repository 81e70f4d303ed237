"""Score tables as text, JSON and CSV (what ``forecastcheck score`` prints)."""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Sequence
from typing import Any

from forecastcheck.tables.engine import GroupScores, TableScores
from forecastcheck.tables.frames import result_columns

__all__ = ["OUTPUTS", "render", "to_csv", "to_json", "to_text"]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return "nan" if math.isnan(value) else f"{value:.6g}"
    return str(value)


def to_text(results: Sequence[TableScores]) -> str:
    """One aligned table per result, under a line naming the forecast type and grouping."""
    blocks: list[str] = []
    for r in results:
        cols = r.columns()
        head = f"{r.forecast_type} forecasts" + (
            f" (output_type {r.output_type})" if r.output_type else ""
        )
        head += f", by {', '.join(r.by)}" if r.by else ", all together"
        head += _unchecked(r)
        names = list(cols)
        cells = [[_cell(v) for v in cols[c]] for c in names]
        widths = [
            max([len(c), *(len(x) for x in col)]) for c, col in zip(names, cells, strict=True)
        ]
        lines = [head, "  ".join(c.rjust(w) for c, w in zip(names, widths, strict=True))]
        for i in range(len(r.groups)):
            lines.append("  ".join(col[i].rjust(w) for col, w in zip(cells, widths, strict=True)))
        blocks.append("\n".join(line.rstrip() for line in lines))
    return "\n\n".join(blocks) + "\n"


def _unchecked(r: TableScores) -> str:
    """A note on a result whose duplicate forecasts were not looked for (else nothing)."""
    return "" if r.duplicates_checked else " (duplicate forecasts NOT checked across partitions)"


def to_csv(results: Sequence[TableScores]) -> str:
    """The results as one CSV table (an ``output_type`` column for hubverse results)."""
    cols = result_columns(results)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(list(cols))
    size = len(next(iter(cols.values()), []))
    for i in range(size):
        writer.writerow([_csv_cell(cols[c][i]) for c in cols])
    return out.getvalue()


def _csv_cell(value: Any) -> Any:
    if isinstance(value, float):
        return "" if math.isnan(value) else repr(value)
    return "" if value is None else value


def _number(value: float) -> float | str | None:
    if math.isnan(value):
        return None
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return value


def _group(r: TableScores, g: GroupScores) -> dict[str, Any]:
    out: dict[str, Any] = {
        "key": {c: _jsonable(v) for c, v in zip(r.by, g.key, strict=True)},
        "n": g.n,
        "unscored": dict(g.unscored),
        "scores": {
            name: {
                "mean": _number(s.mean),
                "n": s.n,
                "n_infinite": s.n_infinite,
                "n_omitted": s.n_omitted,
            }
            for name, s in g.scores.items()
        },
    }
    if g.reliability is not None:
        out["reliability"] = [
            {
                "lower": b.lower,
                "upper": b.upper,
                "n": b.n,
                "n_true": b.hits,  # calls that came true (the report JSON's name too)
                "mean_forecast": _number(b.mean_forecast),
                "observed": _number(b.observed),
                "band_low": _number(b.band_low),
                "band_high": _number(b.band_high),
            }
            for b in g.reliability.bins
        ]
    return out


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def to_json(results: Sequence[TableScores]) -> str:
    """The results as JSON: type and grouping, then per group counts, scores, reliability."""
    doc = [
        {
            "output_type": r.output_type,
            "forecast_type": r.forecast_type,
            "by": list(r.by),
            "scores": list(r.score_names),
            "groups": [_group(r, g) for g in r.groups],
            **({} if r.duplicates_checked else {"duplicates_checked": False}),
        }
        for r in results
    ]
    return json.dumps(doc, indent=2, allow_nan=False) + "\n"


OUTPUTS = ("text", "json", "csv")


def render(results: Sequence[TableScores], output: str) -> str:
    """The results as ``"text"``, ``"json"`` or ``"csv"``."""
    return {"text": to_text, "json": to_json, "csv": to_csv}[output](results)
