"""Results made from their values in order equal those the keyword constructor makes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings

from forecastcheck import strategies
from forecastcheck.evaluation import _made
from forecastcheck.evaluation import call_results as call_results_module
from forecastcheck.evaluation.call_results import Weighing, call_results
from forecastcheck.evaluation.interpreting import Reader
from forecastcheck.evaluation.resolving import figures_of, resolve_calls
from forecastcheck.evaluation.results import Comparison, PredictionResult
from forecastcheck.evaluation.verdicts import verdict_of
from forecastcheck.ledger import Ledger, load
from forecastcheck.ledger.chains import chains_of, parse_restated
from forecastcheck.verbal import get_scale

AS_OF = dt.date(2026, 2, 7)
KARABAKH = Path(__file__).resolve().parent.parent / "fixtures" / "karabakh"


def _by_keyword(result: PredictionResult) -> PredictionResult:
    """The same result made again by the class's own keyword constructor."""
    return PredictionResult(**{name: getattr(result, name) for name in _made.FIELDS})


def test_fields_are_the_class_fields_in_order() -> None:
    assert tuple(a.name for a in attrs.fields(PredictionResult)) == _made.FIELDS
    assert len(_made.FIELDS) == 39


def test_each_value_lands_in_its_own_field() -> None:
    made = _made.result(_made.FIELDS)  # each field holds its own name
    for name in _made.FIELDS:
        assert getattr(made, name) == name
    assert made == PredictionResult(**{n: n for n in _made.FIELDS})  # type: ignore[arg-type]
    assert repr(made) == repr(PredictionResult(**{n: n for n in _made.FIELDS}))  # type: ignore[arg-type]


@pytest.mark.parametrize("n", [0, 38, 40])
def test_not_one_value_per_field_is_refused(n: int) -> None:
    with pytest.raises(ValueError, match=f"{n} values for the 39 fields"):
        _made.result(("x",) * n)


def test_a_made_result_is_still_frozen() -> None:
    made = _made.result(_made.FIELDS)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        made.id = "other"  # type: ignore[misc]


def _old_result(
    c: call_results_module._Call,
    names: Mapping[str, str],
    question: int | None,
    final: tuple[object, ...],
) -> PredictionResult:
    """One call's result as it was made before: by keyword, its figures from :func:`figures_of`."""
    prediction, reading, resolution, timing = c.prediction, c.reading, c.resolution, c.timing
    figures = figures_of(prediction, resolution)
    brier, log, weight, chain, revises, point = final
    proposition = prediction.proposition
    source = prediction.source
    confidence = prediction.confidence
    return PredictionResult(
        id=prediction.id,
        source=source,
        source_name=names.get(source, source),
        quote=prediction.quote,
        stated=prediction.stated,
        document=prediction.document,
        wording=reading.wording,
        stated_probability=reading.stated_probability,
        polarity=confidence.polarity if confidence else "for",
        interval=reading.interval,
        probability=c.probability,
        mapping_rules=reading.rules,
        mapping=reading.mapping,
        status=c.status,
        resolved=c.resolved,
        verdict=verdict_of(c.status, reading.probability, c.outcome),
        outcome=c.outcome,
        brier=brier,  # type: ignore[arg-type]
        log_score=log,  # type: ignore[arg-type]
        decided_on=figures.decided_on,
        reason=call_results_module._reason(reading, resolution),
        evidence=c.evidence,
        open_ended=False if resolution is None else resolution.open_ended,
        deadline=figures.deadline,
        lead_days=figures.lead_days,
        proposition_text=None if proposition is None else (proposition.text or None),
        error_days=figures.error_days,
        value_error=figures.value_error,
        question=question,
        topic=prediction.topic,
        timing=None if timing is None else timing[0],
        timing_note=None if timing is None else timing[1],
        notes=prediction.notes,
        tags=prediction.tags,
        paraphrase=prediction.paraphrase,
        weight=weight,  # type: ignore[arg-type]
        chain=chain,  # type: ignore[arg-type]
        revises=revises,  # type: ignore[arg-type]
        numeric=point,  # type: ignore[arg-type]
    )


def _check(ledger: Ledger) -> None:
    """call_results gives, field for field, what the keyword constructor gave before."""
    resolved = resolve_calls(ledger, AS_OF)
    reader = Reader(get_scale("icd203"), "stated")
    chains = chains_of(ledger.predictions)
    for weighing in (None, Weighing(parse_restated("time-averaged"), AS_OF, chains)):
        new = call_results(ledger, resolved, reader, weighing)
        with pytest.MonkeyPatch.context() as m:
            m.setattr(call_results_module, "_result", _old_result)
            old = call_results(ledger, resolved, reader, weighing)
        assert new == old
        for a, b in zip(new, old, strict=True):
            assert attrs.astuple(a, recurse=False) == attrs.astuple(b, recurse=False)
            assert repr(a) == repr(b)
            assert hash(a) == hash(b)
            assert a == _by_keyword(a)


def test_karabakh_results_equal_the_keyword_ones() -> None:
    _check(load(KARABAKH))


@given(strategies.ledgers(max_records=8))
@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=60)
def test_generated_results_equal_the_keyword_ones(ledger: Ledger) -> None:
    _check(ledger)


def test_a_comparison_takes_its_fields_in_order() -> None:
    made = _made.comparison(("b", 3, 0.5, None))
    assert made == Comparison(other="b", n_shared=3, ratio=0.5, p_value=None)
    assert repr(made) == repr(Comparison(other="b", n_shared=3, ratio=0.5, p_value=None))
    assert hash(made) == hash(Comparison(other="b", n_shared=3, ratio=0.5, p_value=None))
    with pytest.raises(ValueError, match="3 values for the 4 fields of a Comparison"):
        _made.comparison(("b", 3, 0.5))


@attrs.frozen
class _Checked:
    x: int = attrs.field(validator=attrs.validators.instance_of(int))


@attrs.frozen
class _Converted:
    x: int = attrs.field(converter=int)


@attrs.frozen
class _Derived:
    x: int
    y: int = attrs.field(init=False, default=0)


@attrs.frozen
class _Finished:
    x: int

    def __attrs_post_init__(self) -> None:
        pass


@attrs.frozen
class _Plain:
    x: int
    y: str = "y"


@pytest.mark.parametrize("cls", [_Checked, _Converted, _Derived, _Finished])
def test_a_class_whose_init_does_more_has_no_maker(cls: type) -> None:
    with pytest.raises(TypeError, match="__init__ does more than set its fields"):
        _made.maker(cls)


def test_a_plain_class_has_a_maker() -> None:
    make = _made.maker(_Plain)
    assert make((1, "z")) == _Plain(1, "z")
    assert make((1, "y")) == _Plain(1)
