"""Reliability tables and the expected calibration error of binary forecasts."""

from __future__ import annotations

import attrs
import numpy.typing as npt

from forecastcheck.calibration.bins import Bins, BinStats
from forecastcheck.calibration.results import ReliabilityTable
from forecastcheck.scoring import NanPolicy, _validate

__all__ = ["CalibrationError", "ece", "reliability_table"]


def reliability_table(
    p: npt.ArrayLike,
    y: npt.ArrayLike,
    bins: Bins = 10,
    *,
    band: tuple[float, float] = (0.05, 0.95),
    nan_policy: NanPolicy = "raise",
) -> ReliabilityTable:
    """Reliability table: per bin the count, mean forecast, observed frequency and band.

    Per bin k: ``n_k``, hits ("X of Y"), mean forecast ``p̄_k``, observed
    frequency ``ō_k = hits / n_k``, and a consistency band — the 5% and 95%
    quantiles of Binomial(n_k, p̄_k) / n_k (``scipy.stats.binom.ppf``): where
    ō_k would fall 90% of the time if the forecasts in the bin were calibrated
    (Bröcker & Smith 2007 use the same idea). Empty bins are kept and marked.
    The bin convention is in the module docs: ``[e_k, e_{k+1})``, the last bin
    closed so ``p = 1.0`` is in it.

    Args:
        p: probabilities in [0, 1].
        y: outcomes, 0/1 or booleans.
        bins: number of equal-width bins, explicit edges from 0 to 1, or ``"unique"``.
        band: the two quantile levels of the binomial band.
        nan_policy: ``"raise"`` (default) or ``"omit"``.

    Returns:
        A :class:`ReliabilityTable`.

    Raises:
        ScoringInputError: malformed input, bins or band.
    """
    stats_ = BinStats.from_forecasts(p, y, bins, second_moments=False, nan_policy=nan_policy)
    return stats_.reliability_table(band)


@attrs.frozen
class CalibrationError:
    """Expected calibration error and the table it was computed from.

    Attributes:
        value: ``sum_b (n_b / N) |ō_b - p̄_b|`` over the non-empty bins.
        table: the reliability table behind it.
    """

    value: float
    table: ReliabilityTable


# Same shape as in compare/means.py: the same keyword options by design (one public API shape)
# (intentional).
def ece(
    p: npt.ArrayLike,
    y: npt.ArrayLike,
    bins: Bins = 10,
    *,
    nan_policy: NanPolicy = "raise",
) -> CalibrationError:
    """Expected calibration error (Naeini, Cooper & Hauskrecht 2015) — a secondary figure.

    Not a proper score and sensitive to the binning: prefer
    :func:`~forecastcheck.calibration.murphy` (REL) or
    :func:`~forecastcheck.calibration.corp` (MCB). It is reported with its
    table so the bins are visible.

    Args:
        p: probabilities in [0, 1].
        y: outcomes, 0/1 or booleans.
        bins: as in :func:`reliability_table`.
        nan_policy: ``"raise"`` (default) or ``"omit"``.

    Returns:
        A :class:`CalibrationError`.

    Raises:
        ScoringInputError: malformed input or no forecasts.
    """
    table = reliability_table(p, y, bins, nan_policy=nan_policy)
    if table.n == 0:
        raise _validate.ScoringInputError("no forecasts")
    total = sum((b.n * abs(b.observed - b.mean_forecast) for b in table.bins if not b.empty), 0.0)
    return CalibrationError(value=total / table.n, table=table)
