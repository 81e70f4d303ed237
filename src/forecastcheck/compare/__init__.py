"""Comparing sources: skill scores, Metaculus-style scores, pairwise relative skill,
bootstrap and t-intervals, stratified means, Diebold–Mariano tests and difficulty adjustment.

Most functions take the long format every forecast table reduces to: three
aligned 1-D arrays ``sources`` (who), ``questions`` (on what) and ``scores``
(one score per forecast, negatively oriented: lower is better, such as the
Brier or log score). Sources usually answered different questions; every
comparison here says how many questions it rests on.

Everything random takes a ``seed`` (an int or a ``numpy.random.Generator``),
0 by default, so a report is reproducible.

Every name is importable from here; the modules: :mod:`.skill` (against a
reference), :mod:`.tournament` (pairwise relative skill), :mod:`.resampling`
(bootstrap), :mod:`.means` (standard errors, t-intervals, stratified means),
:mod:`.significance` (Diebold–Mariano, Holm) and
:mod:`.difficulty` (fixed-effects adjustment).
"""

from __future__ import annotations

from forecastcheck.compare._long import Seed as Seed
from forecastcheck.compare.difficulty import DifficultyAdjustment, difficulty_adjust
from forecastcheck.compare.means import (
    MeanInterval,
    StratifiedMean,
    standard_error,
    stratified_mean,
    t_interval,
)
from forecastcheck.compare.resampling import BootstrapResult, SourceInterval, bootstrap
from forecastcheck.compare.significance import DieboldMariano, diebold_mariano, holm
from forecastcheck.compare.skill import SkillRule as SkillRule
from forecastcheck.compare.skill import SkillScore, baseline_score, peer_score, skill_score
from forecastcheck.compare.tournament import PairwiseComparison, pairwise

# Seed and SkillRule (types in the signatures) are importable from here too.
__all__ = [
    "BootstrapResult",
    "DieboldMariano",
    "DifficultyAdjustment",
    "MeanInterval",
    "PairwiseComparison",
    "SkillScore",
    "SourceInterval",
    "StratifiedMean",
    "baseline_score",
    "bootstrap",
    "diebold_mariano",
    "difficulty_adjust",
    "holm",
    "pairwise",
    "peer_score",
    "skill_score",
    "standard_error",
    "stratified_mean",
    "t_interval",
]
