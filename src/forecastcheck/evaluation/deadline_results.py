"""The deadline sensitivity's results: flipped calls, sources, and the ranking both ways.

Computed by :mod:`forecastcheck.evaluation.deadline_sensitivity`; kept apart so
:class:`~forecastcheck.evaluation.Evaluation` can hold them.
"""

from __future__ import annotations

import attrs

from forecastcheck.evaluation.verdicts import CallStatus

__all__ = ["DeadlineFlip", "DeadlineSensitivity", "SourceDeadlines"]


@attrs.frozen
class DeadlineFlip:
    """One call whose resolution differs between the shortest and the longest reading.

    .. versionadded:: 0.3
    """

    prediction: str
    source: str
    source_name: str
    phrases: tuple[str, ...]
    shortest: CallStatus | None
    longest: CallStatus | None


@attrs.frozen
class SourceDeadlines:
    """One source: its calls with a two-reading deadline, how many flip, mean Brier both ways.

    ``brier_shortest`` / ``brier_longest`` are ``None`` when the source has no
    scored call under that reading; ``rank_shortest`` / ``rank_longest`` are
    ``None`` when it has fewer than the minimum resolved calls there.

    .. versionadded:: 0.3
    """

    source: str
    name: str
    n_two_readings: int
    n_flipped: int
    brier_shortest: float | None
    brier_longest: float | None
    rank_shortest: int | None
    rank_longest: int | None


@attrs.frozen
class DeadlineSensitivity:
    """What the choice of reading changes: the flips, per source, and whether the ranking moves.

    .. versionadded:: 0.3
    """

    n_two_readings: int
    flips: tuple[DeadlineFlip, ...] = ()
    sources: tuple[SourceDeadlines, ...] = ()

    @property
    def ranking_changes(self) -> bool:
        """Whether any source's rank differs between the two readings."""
        return any(s.rank_shortest != s.rank_longest for s in self.sources)
