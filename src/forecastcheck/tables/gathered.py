"""Point, quantile, sample and categorical forecasts: gathered, put together, scored.

Their rows can be anywhere in the table, so the columns scoring needs are
gathered first and each forecast's rows put together; per-forecast scores come
from :mod:`forecastcheck.scoring` and are summed per group with
:func:`~forecastcheck.aggregate.score_totals_by`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import numpy.typing as npt

from forecastcheck.aggregate import ScoreTotals
from forecastcheck.aggregate import score_totals_by as _totals_by
from forecastcheck.scoring import ScoringInputError
from forecastcheck.tables import _common, layout
from forecastcheck.tables.layout import ForecastType
from forecastcheck.tables.validate import Problems

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["score_gathered"]


def score_gathered(
    source: _common.Source, ftype: ForecastType, ctx: _common.Context
) -> dict[_common.Key, _common.Group]:
    """Gather the columns scoring needs, put each forecast's rows together, score."""
    import pyarrow as pa

    within = layout.WITHIN[ftype]
    unit = ctx.unit
    cols = [*unit, layout.OBSERVED, layout.PREDICTED, *([within] if within else [])]
    if layout.ROW in ctx.names:
        cols.append(layout.ROW)
    batches = list(source(list(dict.fromkeys(cols))))
    table = pa.Table.from_batches(batches).combine_chunks()
    problems = ctx.problems
    rows = _common.row_numbers(table, 0)
    if layout.ROW not in table.column_names:
        table = table.append_column(layout.ROW, pa.array(rows))
    p = _common.floats(table.column(layout.PREDICTED), layout.PREDICTED, rows, problems)
    if ftype == "categorical":
        y = None  # labels: read where needed
    else:
        y = _common.floats(table.column(layout.OBSERVED), layout.OBSERVED, rows, problems)
    if p is None or (ftype != "categorical" and y is None):
        return {}
    if ctx.check_duplicates or within is None:
        _common.duplicates(table, unit, within, problems)
    unit_id, _ = _common.codes([table.column(c) for c in unit], table.num_rows)
    order = _unit_order(table, unit_id, within, ftype, rows=rows, problems=problems, p=p)
    if order is None:
        return {}
    uid = unit_id[order]
    starts = np.flatnonzero(np.r_[True, uid[1:] != uid[:-1]])
    first = order[starts]  # each forecast's first row
    group_codes, group_keys = _common.codes(
        [table.column(c).take(pa.array(first)) for c in ctx.by], starts.size
    )
    unit_no_y, unit_no_p = _missing_units(table, p, y, order, starts, rows=rows, ctx=ctx)
    if within is not None:
        _constant_observed(table, y, order, starts, rows=rows, problems=problems)
    groups, scored = _counted(group_keys, group_codes, unit_no_p, unit_no_y)
    if problems:
        return groups
    sizes = np.diff(np.r_[starts, order.size])
    ctx_block = _Block(table, p, y, order, starts, sizes, rows, group_codes, group_keys, ctx)
    score = {
        "point": _score_point,
        "quantile": _score_quantile,
        "sample": _score_sample,
        "categorical": _score_categorical,
    }[ftype]
    for key, totals in score(ctx_block, scored).items():
        grp = groups.setdefault(key, _common.Group())
        grp.totals = _common.merge_totals(grp.totals, totals)
    return groups


def _missing_units(
    table: pa.Table,
    p: Any,
    y: Any,
    order: npt.NDArray[np.intp],
    starts: npt.NDArray[np.intp],
    *,
    rows: npt.NDArray[np.int64],
    ctx: _common.Context,
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """Which forecasts lack an observation, which a forecast (a problem each with ``raise``)."""
    problems = ctx.problems
    if y is None:  # categorical: the observed labels
        obs_missing = np.asarray(
            table.column(layout.OBSERVED).is_null().to_numpy(zero_copy_only=False)
        )[order]
    else:
        obs_missing = np.isnan(y[order])
    pred_missing = np.isnan(p[order])
    unit_no_y = np.logical_or.reduceat(obs_missing, starts)
    unit_no_p = np.logical_or.reduceat(pred_missing, starts)
    if ctx.missing == "raise":
        problems.rows(pred_missing, rows[order], layout.PREDICTED, None, _common.MISSING_FORECAST)
        problems.rows(
            obs_missing & ~pred_missing,
            rows[order],
            layout.OBSERVED,
            None,
            _common.MISSING_OBSERVED,
        )
    return unit_no_y, unit_no_p


def _counted(
    group_keys: list[_common.Key],
    group_codes: npt.NDArray[np.intp],
    unit_no_p: npt.NDArray[np.bool_],
    unit_no_y: npt.NDArray[np.bool_],
) -> tuple[dict[_common.Key, _common.Group], npt.NDArray[np.bool_]]:
    """Each group with its forecasts counted (scored, or unscored per reason); which are scored."""
    groups: dict[_common.Key, _common.Group] = {}
    for g, key in enumerate(group_keys):
        grp = groups.setdefault(key, _common.Group())
        in_g = group_codes == g
        grp.count("no_forecast", int((in_g & unit_no_p).sum()))
        grp.count("no_observation", int((in_g & unit_no_y & ~unit_no_p).sum()))
    scored = ~(unit_no_p | unit_no_y)
    for g, key in enumerate(group_keys):
        groups[key].n = int((scored & (group_codes == g)).sum())
    return groups, scored


def _unit_order(
    table: pa.Table,
    unit_id: npt.NDArray[np.intp],
    within: str | None,
    ftype: ForecastType,
    *,
    rows: npt.NDArray[np.int64],
    problems: Problems,
    p: Any,
) -> npt.NDArray[np.intp] | None:
    """Row order: by forecast unit, then by quantile level / sample id / label.

    A row without a forecast may lack its level too (it is counted as no forecast).
    """
    if within is None:
        return np.argsort(unit_id, kind="stable")
    col = table.column(within)
    if ftype == "quantile":
        tau = _common.floats(col, within, rows, problems)
        if tau is None:
            return None
        with np.errstate(invalid="ignore"):
            bad = (np.isnan(tau) & ~np.isnan(p)) | (tau <= 0) | (tau >= 1)
        problems.rows(bad, rows, within, tau, "is not a quantile level in (0, 1)")
        secondary: npt.NDArray[Any] = tau
    else:
        secondary, ids = _common.codes([col], table.num_rows)
        if ftype == "sample":  # samples in sample-id order, whatever the row order
            secondary = _ranks(ids)[secondary]
        if ftype == "categorical":  # categories in label order, whatever the row order
            labels = col.to_pylist()
            rank = {v: i for i, v in enumerate(sorted({str(v) for v in labels}))}
            secondary = np.array([rank[str(v)] for v in labels], dtype=np.int64)
    return np.lexsort((secondary, unit_id))


def _ranks(keys: list[_common.Key]) -> npt.NDArray[np.int64]:
    """Each key's place in value order (None last): an order no row order changes."""
    ranked = sorted(range(len(keys)), key=lambda i: (keys[i][0] is None, keys[i][0]))
    out = np.empty(len(keys), dtype=np.int64)
    out[ranked] = np.arange(len(keys))
    return out


def _constant_observed(
    table: pa.Table,
    y: Any,
    order: npt.NDArray[np.intp],
    starts: npt.NDArray[np.intp],
    *,
    rows: npt.NDArray[np.int64],
    problems: Problems,
) -> None:
    """Every row of a forecast must carry the same observed value."""
    if y is not None:
        ys = y[order]
        head = np.repeat(ys[starts], np.diff(np.r_[starts, order.size]))
        differs = ~((ys == head) | (np.isnan(ys) & np.isnan(head)))
    else:
        labels = np.asarray(table.column(layout.OBSERVED).to_pylist(), dtype=object)[order]
        head = np.repeat(labels[starts], np.diff(np.r_[starts, order.size]))
        differs = labels != head
    problems.rows(
        differs,
        rows[order],
        layout.OBSERVED,
        None,
        "differs from the observed value of the same forecast's first row",
    )


@attrs.frozen
class _Block:
    table: pa.Table
    p: Any
    y: Any
    order: npt.NDArray[np.intp]
    starts: npt.NDArray[np.intp]
    sizes: npt.NDArray[np.intp]
    rows: npt.NDArray[np.int64]
    group_codes: npt.NDArray[np.intp]
    group_keys: list[_common.Key]
    ctx: _common.Context

    def shapes(self, scored: npt.NDArray[np.bool_]) -> Iterator[npt.NDArray[np.intp]]:
        """The scored forecasts (unit indices) of each distinct number of rows."""
        for size in np.unique(self.sizes[scored]).tolist():
            yield np.flatnonzero(scored & (self.sizes == size))

    def matrix(self, units: npt.NDArray[np.intp], values: Any) -> npt.NDArray[Any]:
        """``values`` of the forecasts ``units`` (all of one size), one row per forecast."""
        size = int(self.sizes[units[0]])
        idx = self.starts[units][:, None] + np.arange(size)[None, :]
        return np.asarray(values[self.order[idx]])

    def observed(self, units: npt.NDArray[np.intp]) -> Any:
        return self.y[self.order[self.starts[units]]]

    def first_row(self, units: npt.NDArray[np.intp]) -> int:
        return int(self.rows[self.order[self.starts[units[0]]]])

    def totals(
        self, units: npt.NDArray[np.intp], named: dict[str, Any]
    ) -> dict[_common.Key, dict[str, ScoreTotals]]:
        """Per group, the exact totals of each named per-forecast score."""
        out: dict[_common.Key, dict[str, ScoreTotals]] = {}
        codes = self.group_codes[units]
        for name, values in named.items():
            if name not in self.ctx.scores:
                continue
            for code, t in _totals_by(codes, np.asarray(values, dtype=np.float64)).items():
                key = self.group_keys[int(code)]  # type: ignore[call-overload]
                out.setdefault(key, {})[name] = t
        return out


def _merge_into(
    out: dict[_common.Key, dict[str, ScoreTotals]], part: dict[_common.Key, dict[str, ScoreTotals]]
) -> None:
    for key, totals in part.items():
        out[key] = _common.merge_totals(out.get(key, {}), totals)


def _score_point(
    b: _Block, scored: npt.NDArray[np.bool_]
) -> dict[_common.Key, dict[str, ScoreTotals]]:
    from forecastcheck.scoring import absolute_error, signed_error

    units = np.flatnonzero(scored)
    if units.size == 0:
        return {}
    pred = b.matrix(units, b.p)[:, 0]
    y = b.observed(units)
    ae = absolute_error(pred, y)
    with np.errstate(divide="ignore", invalid="ignore"):
        ape = ae / np.abs(y)
    return b.totals(units, {"ae_point": ae, "se_point": signed_error(pred, y) ** 2, "ape": ape})


def _score_quantile(
    b: _Block, scored: npt.NDArray[np.bool_]
) -> dict[_common.Key, dict[str, ScoreTotals]]:
    from forecastcheck import scoring

    tau_all = _common.floats(b.table.column(layout.QUANTILE_LEVEL), "", b.rows, Problems())
    out: dict[_common.Key, dict[str, ScoreTotals]] = {}
    for same_size in b.shapes(scored):
        levels = b.matrix(same_size, tau_all)
        _, which = np.unique(levels, axis=0, return_inverse=True)
        for k in np.unique(which).tolist():
            units = same_size[which.reshape(-1) == k]
            tau = levels[np.flatnonzero(which.reshape(-1) == k)[0]]
            q = b.matrix(units, b.p)
            y = b.observed(units)
            crossing = np.diff(q, axis=1) < 0
            if crossing.any():
                bad_u, bad_j = np.nonzero(crossing)
                for u, j in zip(bad_u.tolist(), bad_j.tolist(), strict=True):
                    row = int(b.rows[b.order[b.starts[units[u]] + j + 1]])
                    b.ctx.problems.row(
                        row,
                        layout.PREDICTED,
                        f"{float(q[u, j + 1])!r} at level {float(tau[j + 1])!r} is below "
                        f"{float(q[u, j])!r} at level {float(tau[j])!r}: crossing quantiles",
                    )
                continue
            try:
                named = _quantile_scores(scoring, q, tau, y, b.ctx.scores)
            except ScoringInputError as exc:
                b.ctx.problems.row(
                    b.first_row(units), layout.QUANTILE_LEVEL, f"levels {tau.tolist()}: {exc}"
                )
                continue
            _merge_into(out, b.totals(units, named))
    return out


def _quantile_scores(
    scoring: Any, q: Any, tau: Any, y: Any, wanted: tuple[str, ...]
) -> dict[str, Any]:
    named: dict[str, Any] = {}
    if {"wis", "overprediction", "underprediction", "dispersion"} & set(wanted):
        c = scoring.wis_components(q, tau, y)
        named |= {
            "wis": c.wis,
            "overprediction": c.overprediction,
            "underprediction": c.underprediction,
            "dispersion": c.dispersion,
        }
    if "bias" in wanted:
        named["bias"] = scoring.quantile_bias(q, tau, y)
    nan = np.full(y.shape, np.nan)
    median = np.flatnonzero(np.abs(tau - 0.5) <= 1e-12)
    named["ae_median"] = scoring.absolute_error(q[:, median[0]], y) if median.size else nan
    for name in wanted:
        if name.startswith("interval_coverage_"):
            level = int(name.rsplit("_", 1)[1]) / 100
            try:
                cov = scoring.central_coverage(q, tau, y, central=[level])
            except ScoringInputError:
                named[name] = nan  # no such interval among the levels: not scored (omitted)
            else:
                named[name] = cov.covered[:, 0]
    return named


def _score_sample(
    b: _Block, scored: npt.NDArray[np.bool_]
) -> dict[_common.Key, dict[str, ScoreTotals]]:
    from forecastcheck.scoring import absolute_error, crps_sample, signed_error

    out: dict[_common.Key, dict[str, ScoreTotals]] = {}
    for units in b.shapes(scored):
        x = b.matrix(units, b.p)
        y = b.observed(units)
        named = {
            "crps": crps_sample(x, y),
            "ae_median": absolute_error(np.median(x, axis=1), y),
            "se_mean": signed_error(np.mean(x, axis=1), y) ** 2,
        }
        _merge_into(out, b.totals(units, named))
    return out


def _score_categorical(
    b: _Block, scored: npt.NDArray[np.bool_]
) -> dict[_common.Key, dict[str, ScoreTotals]]:
    from forecastcheck.scoring import categorical_log_score, multicategory_brier

    labels = np.asarray(
        [str(v) for v in b.table.column(layout.PREDICTED_LABEL).to_pylist()], dtype=str
    )
    observed = np.asarray([str(v) for v in b.table.column(layout.OBSERVED).to_pylist()], dtype=str)
    out: dict[_common.Key, dict[str, ScoreTotals]] = {}
    problems = b.ctx.problems
    for same_size in b.shapes(scored):
        lab = b.matrix(same_size, labels)
        P = b.matrix(same_size, b.p)
        sums = P.sum(axis=1)
        off = np.abs(sums - 1.0) > 1e-6
        bad_p = (P < 0) | (P > 1)
        obs = observed[b.order[b.starts[same_size]]]
        hit = lab == obs[:, None]
        for u in np.flatnonzero(off | ~hit.any(axis=1) | bad_p.any(axis=1)).tolist():
            row = b.first_row(same_size[u : u + 1])
            if bad_p[u].any():
                problems.row(
                    row, layout.PREDICTED, f"probabilities {P[u].tolist()} are not all in [0, 1]"
                )
            elif off[u]:
                problems.row(
                    row,
                    layout.PREDICTED,
                    f"the probabilities of this forecast's {lab.shape[1]} rows sum to "
                    f"{float(sums[u])!r}, not 1",
                )
            else:
                problems.row(
                    row,
                    layout.OBSERVED,
                    f"{obs[u]!r} is not among the forecast's labels {lab[u].tolist()}",
                )
        keep = ~(off | ~hit.any(axis=1) | bad_p.any(axis=1))
        _, which = (
            np.unique(lab[keep], axis=0, return_inverse=True)
            if keep.any()
            else (None, np.empty(0, dtype=np.intp))
        )
        which = which.reshape(-1)
        kept = same_size[keep]
        for k in np.unique(which).tolist():
            units = kept[which == k]
            sel = np.flatnonzero(keep)[which == k]
            Pk = P[sel]
            yk = np.argmax(hit[sel], axis=1)
            named = {
                "log_score": categorical_log_score(Pk, yk),
                "brier_score": multicategory_brier(Pk, yk),
            }
            _merge_into(out, b.totals(units, named))
    return out
