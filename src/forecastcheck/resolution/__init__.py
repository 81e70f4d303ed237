"""Resolution: every proposition decided against the event log, as of a date.

One flat namespace over the modules of this package:

- :mod:`~forecastcheck.resolution.outcomes`: what an answer is
  (:class:`Status`, :class:`Resolution`, :class:`Resolutions`, :class:`Timing`);
- :mod:`~forecastcheck.resolution.timeline`: the event log indexed for
  questions (:class:`Timeline`, :class:`Reports`, :class:`Conflict`,
  :class:`StateLine`);
- :mod:`~forecastcheck.resolution.leaves` and
  :mod:`~forecastcheck.resolution.estimates`: the rules for simple
  propositions; :mod:`~forecastcheck.resolution.logic`: ``not`` / ``all`` /
  ``any`` / ``if``;
- :mod:`~forecastcheck.resolution.resolver`: :class:`Resolver` and the
  functions :func:`resolve`, :func:`resolve_prediction`,
  :func:`resolve_ledger` and :func:`statement_timing`.

The rules are described, with examples, in ``docs/resolution.md``.
"""

from __future__ import annotations

from forecastcheck.resolution.outcomes import Resolution, Resolutions, Status, Timing
from forecastcheck.resolution.resolver import (
    Resolver,
    resolve,
    resolve_ledger,
    resolve_prediction,
    statement_timing,
)
from forecastcheck.resolution.timeline import Conflict, Reports, StateLine, Timeline

__all__ = [
    "Conflict",
    "Reports",
    "Resolution",
    "Resolutions",
    "Resolver",
    "StateLine",
    "Status",
    "Timeline",
    "Timing",
    "resolve",
    "resolve_ledger",
    "resolve_prediction",
    "statement_timing",
]
