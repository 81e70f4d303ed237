"""Probability intervals and the point rules that take one number from them.

A verbal phrase is read as an :class:`Interval` ``[lo, hi]``, perhaps with the
point its scale states (a survey median, Kent's centre). A *point rule*
(``"mid"``, ``"lower"``, ``"upper"``, ``"stated"`` or a callable) picks the
number that is scored; :data:`POINT_RULES` lists the named ones.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal, TypeAlias, get_args

import attrs
from attrs import validators as v

__all__ = [
    "POINT_RULES",
    "Interval",
    "PointRule",
    "PointRuleName",
    "clean",
    "fmt",
    "is_number",
]

PointRuleName: TypeAlias = Literal["mid", "lower", "upper", "stated"]
"""The named point rules (see :meth:`Interval.point`)."""

PointRule: TypeAlias = PointRuleName | Callable[["Interval"], float]
"""A named point rule, or a callable from an interval to a probability."""

POINT_RULES: tuple[PointRuleName, ...] = get_args(PointRuleName)
"""Every named point rule, in the order the CLI and the docs list them."""


def is_number(value: object) -> bool:
    """Whether ``value`` is an int or float (a bool is not a number here)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def clean(x: float) -> float:
    """``x`` rounded to 12 decimals, so that ``1 - 0.8`` reads as 0.2 (rounding keeps order)."""
    return round(x, 12)


def fmt(x: float) -> str:
    """A probability for messages: at most four decimals, no trailing zeros."""
    return f"{round(x, 4):g}"


def _number(instance: object, attribute: attrs.Attribute[float], value: object) -> None:
    if not is_number(value):
        raise ValueError(f"{attribute.name} must be a probability in [0, 1], got {value!r}")


# A probability: a number (not a bool; attrs has no validator that refuses
# bools), then attrs' own bounds, which also refuse NaN.
_PROBABILITY = v.and_(_number, v.ge(0.0), v.le(1.0))


def _not_below_lo(instance: Interval, attribute: attrs.Attribute[float], value: float) -> None:
    if value < instance.lo:
        raise ValueError(f"interval [{instance.lo}, {value}] has hi below lo")


def _inside(instance: Interval, attribute: attrs.Attribute[float | None], value: float) -> None:
    if not instance.lo <= value <= instance.hi:
        raise ValueError(f"stated point {value} lies outside [{instance.lo}, {instance.hi}]")


@attrs.frozen
class Interval:
    """A probability interval ``[lo, hi]``, with the point its scale states, if any.

    Args:
        lo: lower end, in [0, 1].
        hi: upper end, in [lo, 1].
        stated: the scale's own point for the phrase (Kent's centre, a
            survey's median), inside ``[lo, hi]``; ``None`` when the scale
            gives only the range.

    Raises:
        ValueError: a bound that is not a number in [0, 1] (a bool is not a
            number here), ``hi < lo``, or a stated point outside.
    """

    lo: float = attrs.field(validator=_PROBABILITY)
    hi: float = attrs.field(validator=[_PROBABILITY, _not_below_lo])
    stated: float | None = attrs.field(
        default=None, validator=v.optional(v.and_(_PROBABILITY, _inside))
    )

    def __str__(self) -> str:
        return f"[{fmt(self.lo)}, {fmt(self.hi)}]"

    @property
    def mid(self) -> float:
        """The midpoint ``(lo + hi) / 2`` (to 12 decimals, never outside the interval)."""
        return min(max(clean((self.lo + self.hi) / 2), self.lo), self.hi)

    def negate(self) -> Interval:
        """The interval of the negation: ``[1 - hi, 1 - lo]`` (a stated point ``p`` → ``1 - p``)."""
        stated = None if self.stated is None else clean(1.0 - self.stated)
        return Interval(clean(1.0 - self.hi), clean(1.0 - self.lo), stated)

    def point(self, rule: PointRule = "stated") -> float:
        """One number for the interval.

        Args:
            rule: ``"mid"`` (the midpoint), ``"lower"``, ``"upper"``,
                ``"stated"`` (the scale's own point when it gives one, else the
                midpoint) or a callable taking the interval and returning a
                probability.

        Returns:
            The point, in [0, 1].

        Raises:
            ValueError: an unknown rule name, or a callable returning a value
                outside [0, 1].
        """
        if callable(rule):
            value = rule(self)
            if not is_number(value) or not 0.0 <= float(value) <= 1.0:
                raise ValueError(f"point rule returned {value!r}, not a probability in [0, 1]")
            return float(value)
        if rule == "lower":
            return self.lo
        if rule == "upper":
            return self.hi
        if rule == "mid":
            return self.mid
        if rule == "stated":
            return self.mid if self.stated is None else self.stated
        raise ValueError(f"unknown point rule {rule!r}; expected one of {', '.join(POINT_RULES)}")

    def not_below(self, other: Interval) -> bool:
        """Whether this interval lies nowhere below ``other`` (both ends at least as high)."""
        return self.lo >= other.lo and self.hi >= other.hi
