"""What the binned figures are: reliability tables and the Murphy decomposition.

Plain result types, computed in :mod:`forecastcheck.calibration.bins` from the
per-bin statistics.
"""

from __future__ import annotations

import attrs
import numpy as np
from numpy.typing import NDArray

__all__ = ["MurphyDecomposition", "ReliabilityBin", "ReliabilityTable"]


@attrs.frozen
class ReliabilityBin:
    """One row of a reliability table.

    Attributes:
        lower: the bin's lower edge (the value itself for ``bins="unique"``).
        upper: the bin's upper edge (the value itself for ``bins="unique"``).
        closed_upper: whether ``upper`` itself belongs to the bin (last bin only).
        n: forecasts in the bin.
        hits: forecasts in the bin whose proposition came true.
        mean_forecast: mean ``p`` in the bin (NaN when empty).
        observed: observed frequency ``hits / n`` (NaN when empty).
        band_low: lower end of the binomial band: the ``band[0]`` quantile of
            Binomial(n, mean_forecast) / n (NaN when empty).
        band_high: the ``band[1]`` quantile, likewise.
        empty: no forecast fell in the bin.
    """

    lower: float
    upper: float
    closed_upper: bool
    n: int
    hits: int
    mean_forecast: float
    observed: float
    band_low: float
    band_high: float
    empty: bool

    @property
    def hits_text(self) -> str:
        """``"X of Y"``: how many of the bin's forecasts came true."""
        return f"{self.hits} of {self.n}"

    @property
    def inside_band(self) -> bool:
        """Whether the observed frequency lies within the binomial band (False if empty)."""
        return (not self.empty) and self.band_low <= self.observed <= self.band_high


@attrs.frozen
class ReliabilityTable:
    """A binned reliability table; empty bins are kept.

    Attributes:
        bins: one :class:`ReliabilityBin` per bin, in order.
        n: forecasts counted.
        n_omitted: forecasts left out under ``nan_policy="omit"``.
        band: the two quantile levels of the binomial band.
    """

    bins: tuple[ReliabilityBin, ...]
    n: int
    n_omitted: int
    band: tuple[float, float]

    def column(self, name: str) -> NDArray[np.float64]:
        """One attribute of every bin as an array, e.g. ``table.column("observed")``."""
        return np.array([getattr(b, name) for b in self.bins], dtype=np.float64)


# Same shape as in calibration/pit.py: attrs fields of a result record, named like another record's
# (intentional).
@attrs.frozen
class MurphyDecomposition:
    """Murphy's (1973) decomposition of the Brier score, with Tetlock's names.

    ``brier = rel - res + unc + wbv - wbc``, where the within-bin terms
    (Stephenson, Coelho & Jolliffe 2008) vanish when every bin holds a single
    forecast value (``bins="unique"``); then ``brier = rel - res + unc``
    exactly (up to the rounding of each reported figure).

    Attributes:
        n: forecasts.
        brier: mean Brier score ``(p - y)**2``, correctly rounded.
        rel: reliability ``(1/N) sum_k n_k (p̄_k - ō_k)**2`` (0 best) — Tetlock's CI.
        res: resolution ``(1/N) sum_k n_k (ō_k - ō)**2`` (higher better) — Tetlock's DI.
        unc: uncertainty ``ō (1 - ō)`` — Tetlock's VI.
        base_rate: ``ō``, the share of propositions that came true.
        wbv: within-bin variance of the forecasts ``(1/N) sum_k sum_i (p_i - p̄_k)**2``.
        wbc: within-bin covariance ``(2/N) sum_k sum_i (p_i - p̄_k)(y_i - ō_k)``.
        exact: whether the bins are the distinct forecast values (``wbv = wbc = 0``).
        n_bins: bins used (non-empty and empty).
        n_omitted: forecasts left out under ``nan_policy="omit"``.
    """

    n: int
    brier: float
    rel: float
    res: float
    unc: float
    # Same shape as pit.py's result fields: plain typed fields of a result (intentional).
    base_rate: float
    wbv: float
    wbc: float
    exact: bool
    n_bins: int
    n_omitted: int = 0

    @property
    def ci(self) -> float:
        """Tetlock's calibration index CI (= REL; 0 best)."""
        return self.rel

    @property
    def di(self) -> float:
        """Tetlock's discrimination index DI (= RES; higher better)."""
        return self.res

    @property
    def vi(self) -> float:
        """Tetlock's variability index VI (= UNC)."""
        return self.unc

    @property
    def ndi(self) -> float:
        """Tetlock's normalised discrimination index NDI = DI / VI (NaN when VI = 0)."""
        return self.res / self.unc if self.unc else float("nan")
