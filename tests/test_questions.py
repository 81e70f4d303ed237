"""Question keys: a lone ``occurs`` takes the short way, with the key the walk over its nodes gives."""

from __future__ import annotations

from collections.abc import Hashable

from hypothesis import given, settings

from forecastcheck import strategies
from forecastcheck.errors import ForecastcheckError
from forecastcheck.evaluation.questions import number_questions, question_key
from forecastcheck.ledger import Ledger, Prediction, Proposition, walk
from forecastcheck.resolution import Resolver


def _walked(prediction: Prediction, proposition: Proposition, resolver: Resolver) -> Hashable:
    """The key node by node over the whole walk, as the module defines it, with no shortcut."""
    parts = []
    for node in walk(proposition):
        fields: list[Hashable] = [type(node).__name__]
        names = {
            "Occurs": ("subject", "kind"),
            "ValueOf": ("subject", "quantity", "point", "lower", "upper"),
            "HoldsAt": ("state",),
            "HoldsThroughout": ("state",),
            "DateOf": ("subject", "kind"),
        }.get(type(node).__name__, ())
        fields += [getattr(node, name) for name in names]
        try:
            fields += resolver.dates(node, prediction.stated)
        except ForecastcheckError:
            fields += [repr(node), prediction.stated]
        parts.append(tuple(fields))
    return tuple(parts)


@settings(max_examples=30, deadline=None)
@given(strategies.ledgers(max_records=8))
def test_every_key_is_the_walk_over_its_nodes(ledger: Ledger) -> None:
    """Leaves (the shortcut) and compound propositions alike; the numbers follow the keys."""
    resolver = Resolver(ledger.log, ledger.readings)
    keys: dict[Hashable, int] = {}
    expected: list[int | None] = []
    for prediction in ledger.predictions:
        if prediction.proposition is None:
            expected.append(None)
            continue
        key = question_key(prediction, prediction.proposition, resolver)
        assert key == _walked(prediction, prediction.proposition, resolver)
        if type(prediction.proposition).__name__ == "Occurs":  # the shortcut: one node
            assert isinstance(key, tuple)
            assert len(key) == 1
        expected.append(keys.setdefault(key, len(keys)))
    assert number_questions(ledger.predictions, resolver) == expected
