"""Scale sensitivity's `cells`: every scale's means over the same records, those every scale maps."""

from __future__ import annotations

import math

import pytest

from forecastcheck.verbal import ScoreCell, sensitivity

# "improbable" is read by icd203 and not by ipcc-ar6: mapped under all scales but one.
SCALES = ["icd203", "ipcc-ar6"]


def _figures(cells: tuple[ScoreCell, ...]) -> list[tuple[str, str, float, float]]:
    return [(c.scale, c.point_rule, c.brier, c.log) for c in cells]


def test_a_record_one_scale_does_not_read_is_in_no_scales_cells() -> None:
    """A record read under every scale but one is left out of every scale's cells, even its own."""
    (both,) = sensitivity(
        [("a", "likely", "for", 1), ("a", "improbable", "for", 0)], scales=SCALES
    ).sources
    (alone,) = sensitivity([("a", "likely", "for", 1)], scales=SCALES).sources
    assert (both.n, both.partly, both.read) == (1, 1, (2, 1))
    assert _figures(both.cells) == _figures(alone.cells)
    assert (both.brier, both.log) == (alone.brier, alone.log)


def test_the_scale_that_reads_it_still_counts_it_in_own() -> None:
    """The left-out record is in the `own` cells of the scale that reads it, and only there."""
    (both,) = sensitivity(
        [("a", "likely", "for", 1), ("a", "improbable", "for", 0)], scales=SCALES
    ).sources
    (alone,) = sensitivity([("a", "likely", "for", 1)], scales=SCALES).sources
    own = {(c.scale, c.point_rule): c for c in both.own}
    cells = {(c.scale, c.point_rule): c for c in both.cells}
    for (scale, rule), cell in cells.items():
        if scale == "icd203":
            assert own[scale, rule].brier != cell.brier
        else:
            assert own[scale, rule] == cell
    assert _figures(alone.own) == _figures(alone.cells)


def test_no_record_read_under_every_scale_leaves_every_cell_empty() -> None:
    """With nothing read under every scale, every cell is nan and n is 0; `own` keeps numbers."""
    (row,) = sensitivity([("a", "improbable", "for", 0)], scales=SCALES).sources
    assert (row.n, row.read) == (0, (1, 0))
    assert all(math.isnan(c.brier) and math.isnan(c.log) for c in row.cells)
    assert all(math.isnan(end) for end in (*row.brier, *row.log))
    icd = [c for c in row.own if c.scale == "icd203"]
    assert icd
    assert all(math.isfinite(c.brier) for c in icd)
    assert all(math.isnan(c.brier) for c in row.own if c.scale == "ipcc-ar6")


@pytest.mark.parametrize("scales", [["icd203"], SCALES])
def test_a_record_every_scale_reads_is_in_every_cell(scales: list[str]) -> None:
    """Read under every scale, a record is in the cells: cells and own are the same numbers."""
    (row,) = sensitivity(
        [("a", "likely", "for", 1), ("a", "unlikely", "for", 0)], scales=scales
    ).sources
    assert row.n == 2
    assert _figures(row.cells) == _figures(row.own)
