"""Verbal probabilities: phrases read as intervals under named, cited scales.

Pundits rarely give numbers. "Seems highly unlikely" is 5% to one reader and
20% to another, so forecastcheck reads every phrase as an *interval* under a
named, versioned scale and says which rules it applied. A phrase is
*mapped* (an interval and a point), *unscorable* (a wording that states no
likelihood, such as Kent's "possible", with the reason) or *unmapped* (not
known: never guessed).

Eight scales ship with the package as TOML files (``verbal/data/scales/*.toml``):
ICD 203 (the default: published, covering 1–99% without gaps), the UK PHIA
yardstick (2025), Kent (1964), IPCC AR6 and four reader surveys (among them
Mauboussin and Mauboussin 2018 and Kucharski 2026). Chances stated in words ("one in three",
"two to one against") are computed, not looked up. Users add or
override scales with a TOML file of the same form (:func:`load_scale`).

:func:`sensitivity` shows how much a source's mean Brier and log scores move
with the choice of scale and of point within each interval, and which
rankings of sources survive every choice. The rules are set out in
``docs/verbal.md``.

Every public name lives in one of these modules and is imported from here:

- :mod:`~forecastcheck.verbal.intervals`: :class:`Interval` and the point rules;
- :mod:`~forecastcheck.verbal.rules`: normalising and the extension table;
- :mod:`~forecastcheck.verbal.scales`: :class:`Scale`, scale files, the built-in scales;
- :mod:`~forecastcheck.verbal.interpretation`: :func:`interpret`;
- :mod:`~forecastcheck.verbal.scale_sensitivity`: :func:`sensitivity`.

.. versionadded:: 0.1
"""

from forecastcheck.ledger import Polarity
from forecastcheck.verbal.interpretation import Interpretation, ReadStatus, interpret
from forecastcheck.verbal.intervals import (
    POINT_RULES,
    Interval,
    PointRule,
    PointRuleName,
    clean,
    fmt,
    is_number,
)
from forecastcheck.verbal.rules import (
    RULES,
    Entry,
    EntryKind,
    PhraseRules,
    normalise,
    phrase_rules,
    split_prefix,
    split_suffix,
)
from forecastcheck.verbal.scale_sensitivity import (
    RecordLike,
    ScoreCell,
    Sensitivity,
    SourceSensitivity,
    VerbalRecord,
    sensitivity,
)
from forecastcheck.verbal.scales import (
    DEFAULT_SCALE,
    Scale,
    ScalePhrase,
    as_scale,
    builtin_scales,
    get_scale,
    load_scale,
)

__all__ = [
    "DEFAULT_SCALE",
    "POINT_RULES",
    "RULES",
    "Entry",
    "EntryKind",
    "Interpretation",
    "Interval",
    "PhraseRules",
    "PointRule",
    "PointRuleName",
    "Polarity",
    "ReadStatus",
    "RecordLike",
    "Scale",
    "ScalePhrase",
    "ScoreCell",
    "Sensitivity",
    "SourceSensitivity",
    "VerbalRecord",
    "as_scale",
    "builtin_scales",
    "clean",
    "fmt",
    "get_scale",
    "interpret",
    "is_number",
    "load_scale",
    "normalise",
    "phrase_rules",
    "sensitivity",
    "split_prefix",
    "split_suffix",
]
