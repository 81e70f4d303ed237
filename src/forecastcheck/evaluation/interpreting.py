"""Interpret: a prediction's confidence turned into the probability of its proposition.

:class:`Reader` reads each confidence under one scale and point rule: a
stated number is taken as written, a phrase through
:func:`forecastcheck.verbal.interpret` (each distinct phrase once), and
polarity ``"against"`` turns both to the proposition's side (``1 - p``, the
interval ``[1 - hi, 1 - lo]``). A call with no usable probability gets the
reason instead (:attr:`Reading.unscorable`).
"""

from __future__ import annotations

import attrs

from forecastcheck.evaluation.numeric import is_point_forecast
from forecastcheck.ledger import Confidence, Prediction
from forecastcheck.verbal import Interpretation, PointRuleName, Scale, interpret

__all__ = ["Reader", "Reading"]


@attrs.frozen
class Reading:
    """What a prediction's confidence says about its proposition.

    Args:
        wording: the phrase as written, or ``None``.
        stated_probability: the number as written (before polarity), or ``None``.
        interval: the phrase's interval for the proposition (after polarity), or ``None``.
        probability: the point probability of the proposition (after polarity), or ``None``.
        rules: the rules that read the phrase.
        mapping: how the phrase was read, in one line, or ``None``.
        unscorable: why there is no probability, or ``None`` when there is one.
    """

    wording: str | None
    stated_probability: float | None
    interval: tuple[float, float] | None
    probability: float | None
    rules: tuple[str, ...]
    mapping: str | None
    unscorable: str | None


@attrs.define
class Reader:
    """Reads confidences under one scale and point rule, each distinct phrase once.

    A phrase's reading on either side (polarity) is made once too; a
    confidence holding only a phrase shares that :class:`Reading` (a value)
    with every other confidence holding the same phrase on the same side.
    """

    scale: Scale
    point_rule: PointRuleName
    _cache: dict[str, Interpretation] = attrs.field(factory=dict, init=False)
    _sides: dict[tuple[str, bool], Reading] = attrs.field(factory=dict, init=False)

    def read(self, prediction: Prediction) -> Reading:
        """The probability of the proposition the prediction states, or why there is none."""
        confidence = prediction.confidence
        if is_point_forecast(prediction):  # scored by its error, not read as a probability
            return Reading(None, None, None, None, (), None, None)
        if prediction.unscorable is not None or confidence is None:
            reason = prediction.unscorable or "no confidence recorded"
            phrase = confidence.phrase if confidence is not None else None
            number = confidence.probability if confidence is not None else None
            return Reading(phrase, number, None, None, (), None, reason)
        return self._read_confidence(confidence)

    def _read_confidence(self, confidence: Confidence) -> Reading:
        against = confidence.polarity == "against"
        phrase = confidence.phrase
        words = None
        if phrase is not None and phrase.strip():
            words = self._sides.get((phrase, against))
            if words is None:
                words = self._sides[(phrase, against)] = self._read_phrase(phrase, against)
        if confidence.probability is None:  # the phrase's reading itself
            return words or Reading(phrase, None, None, None, (), None, None)
        p = float(confidence.probability)  # a stated number wins over the words
        if words is None:
            return Reading(
                phrase, confidence.probability, None, 1.0 - p if against else p, (), None, None
            )
        return Reading(
            phrase,
            confidence.probability,
            words.interval,
            1.0 - p if against else p,
            words.rules,
            words.mapping,
            None,
        )

    def _read_phrase(self, phrase: str, against: bool) -> Reading:
        """A phrase's reading on one side, with no number stated."""
        read = self._interpret(phrase)
        if read.interval is None:
            problem = f"wording {read.status} under {read.scale}: {read.reason}"
            return Reading(phrase, None, None, None, read.rules, read.reason, problem)
        iv = read.interval.negate() if against else read.interval
        point = iv.point(self.point_rule)
        return Reading(phrase, None, (iv.lo, iv.hi), point, read.rules, read.reason, None)

    def _interpret(self, phrase: str) -> Interpretation:
        read = self._cache.get(phrase)
        if read is None:
            read = self._cache[phrase] = interpret(phrase, self.scale)
        return read
