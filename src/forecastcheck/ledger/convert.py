"""The one strict converter between ledger records and plain data (TOML and JSON trees).

It refuses what cattrs' defaults would coerce silently: ``"false"`` is not a
bool, ``2.7`` is not an int, a datetime is not a date, a string is not a list
of strings. Propositions are a union tagged by ``type``. :func:`problems_in`
turns what structuring raised into (record path, message) pairs.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import difflib
import math
import sys
import types
import typing
from collections.abc import Callable, Iterator, Mapping

import attrs
import cattrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_unstructure_fn

from forecastcheck.errors import ECHO_LIMIT, FieldError, shown
from forecastcheck.ledger import _values
from forecastcheck.ledger.dates import DateWindow

# Same shape as in ledger/__init__.py: an import list; each module imports the names it uses
# (intentional).
from forecastcheck.ledger.propositions import (
    AllOf,
    AnyOf,
    DateOf,
    HoldsAt,
    HoldsThroughout,
    If,
    Not,
    Occurs,
    Proposition,
    ValueOf,
)
from forecastcheck.ledger.records import Confidence, Document, Event, Prediction, Source

__all__ = [
    "PROPOSITION_TYPES",
    "TABLES",
    "converter",
]

TABLES: dict[str, type] = {
    "sources": Source,
    "documents": Document,
    "predictions": Prediction,
    "events": Event,
}

PROPOSITION_TYPES: dict[str, type] = {
    "occurs": Occurs,
    "holds_at": HoldsAt,
    "holds_throughout": HoldsThroughout,
    "date_of": DateOf,
    "value_of": ValueOf,
    "not": Not,
    "all": AllOf,
    "any": AnyOf,
    "if": If,
}
_TAG_OF = {cls: tag for tag, cls in PROPOSITION_TYPES.items()}
_PROPOSITION_ARGS = frozenset(typing.get_args(Proposition))


# --- strict scalar hooks ----------------------------------------------------


def _str(value: object, _: type) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected text, got {_values.describe(value)}")
    return value


def _bool(value: object, _: type) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {_values.describe(value)}")
    return value


def _too_many_digits(value: object, what: str) -> None:
    if isinstance(value, _values.BigInt):
        limit = sys.get_int_max_str_digits()
        raise ValueError(f"expected {what} of at most {limit} digits, got {value.digits} digits")


def _int(value: object, _: type) -> int:
    _too_many_digits(value, "a whole number")
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"expected a whole number, got {_values.describe(value)}")
    return value


def _float(value: object, _: type) -> float:
    _too_many_digits(value, "a number")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"expected a number, got {_values.describe(value)}")
    try:
        number = float(value)
    except OverflowError:
        raise ValueError(
            f"expected a finite number, got a whole number of {len(str(abs(value)))} digits"
        ) from None
    if not math.isfinite(number):
        raise ValueError(f"expected a finite number, got {_values.describe(value)}")
    return number


def _cut(message: str, text: str) -> str:
    """``message`` with a long echoed ``text`` cut as :func:`~forecastcheck.errors.shown` does."""
    return message.replace(repr(text), shown(text)) if len(text) > ECHO_LIMIT else message


def _date(value: object, _: type) -> dt.date:
    if isinstance(value, dt.datetime):
        raise ValueError(f"expected a date, got {_values.describe(value)}")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        window = _window(value, DateWindow)
        if window.precision == "day":
            return window.start
        raise ValueError(f"expected a day (YYYY-MM-DD), got {shown(value)}")
    raise ValueError(f"expected a date, got {_values.describe(value)}")


def _window(value: object, _: type) -> DateWindow:
    if isinstance(value, str):  # as most are written: asked first
        try:
            return _window_of(value)
        except ValueError as exc:
            raise ValueError(_cut(str(exc), value)) from None
    if isinstance(value, dt.datetime):
        raise ValueError(f"expected a date, got {_values.describe(value)}")
    if isinstance(value, dt.date):
        return DateWindow.day(value)
    raise ValueError(f"expected a date, got {_values.describe(value)}")


_windows: contextvars.ContextVar[dict[str, DateWindow] | None] = contextvars.ContextVar(
    "forecastcheck_window_memo", default=None
)
"""The memo of the load under way (see :func:`window_memo`), or ``None`` outside a load."""


_shared: contextvars.ContextVar[dict[object, dict[object, object]] | None] = contextvars.ContextVar(
    "forecastcheck_shared_memo", default=None
)
"""The quick converter's memo of small tables already built, for the load under way."""


@contextlib.contextmanager
def window_memo() -> Iterator[dict[str, DateWindow]]:
    """A fresh memo of date texts read into windows, used by the converter inside the block.

    A ledger writes the same few thousand dates over and over and a text always
    names the same (immutable) window, so one load reads each text once. The
    memo belongs to the block (one load): two loads never share it, it is freed
    when the block ends, and a text that fails to read is not remembered.
    Outside any block every text is read afresh.

    The same holds for the small tables a ledger repeats (a question's
    proposition, said by several sources; a confidence such as ``{phrase =
    "likely"}``): inside the block, the quick converter builds each distinct
    table once and every record that writes it shares the one (immutable) object.
    """
    memo: dict[str, DateWindow] = {}
    token = _windows.set(memo)
    shared = _shared.set({})
    try:
        yield memo
    finally:
        _shared.reset(shared)
        _windows.reset(token)


def load_memos(owner: object) -> tuple[dict[str, DateWindow], dict[object, object]] | None:
    """The memos of the load under way (see :func:`window_memo`), or ``None`` outside a load.

    They are the load's date texts read into windows, and a table of ``owner``'s
    own (empty when first asked for), freed with the others when the load ends.
    """
    windows, shared = _windows.get(), _shared.get()
    if windows is None or shared is None:
        return None
    memo = shared.get(owner)
    if memo is None:
        memo = shared[owner] = {}
    return windows, memo


def _shared_hook(
    inner: Callable[[object, type], object],
) -> Callable[[object, type], object]:
    """``inner``, building each distinct flat table once per load (see :func:`window_memo`).

    A table's key in the hook's memo is its items and their types (``1``,
    ``1.0`` and ``True`` are equal in Python, not in a ledger); a table holding
    tables or lists has no key and is built afresh. The type asked for is not
    part of the key: it only tells a table from ``None`` (``X`` or ``X | None``).
    """

    def hook(value: object, t: type) -> object:
        shared = _shared.get()
        if shared is None or type(value) is not dict:
            return inner(value, t)
        memo = shared.get(hook)
        if memo is None:
            memo = shared[hook] = {}
        key = (*value.items(), *map(type, value.values()))
        try:
            found = memo.get(key)
        except TypeError:  # unhashable: a table holding tables or lists
            return inner(value, t)
        if found is None:
            found = memo[key] = inner(value, t)
        return found

    return hook


def _window_of(text: str) -> DateWindow:
    """:meth:`DateWindow.parse`, through the memo of the load under way if there is one."""
    memo = _windows.get()
    if memo is None:
        return DateWindow.parse(text)
    found = memo.get(text)
    if found is None:
        found = memo[text] = DateWindow.parse(text)
    return found


def _is_literal(t: object) -> bool:
    return typing.get_origin(t) is typing.Literal


def _literal(value: object, t: type) -> object:
    allowed = typing.get_args(t)
    if isinstance(value, bool) or value not in allowed:
        options = ", ".join(repr(a) for a in allowed)
        raise ValueError(f"expected one of {options}, got {_values.describe(value)}")
    return value


def _is_sequence(t: object) -> bool:
    origin = typing.get_origin(t)
    return origin is tuple


def _make_sequence_hook(
    c: cattrs.Converter,
) -> Callable[[type], Callable[[object, type], tuple[object, ...]]]:
    def factory(t: type) -> Callable[[object, type], tuple[object, ...]]:
        (item_type, _) = typing.get_args(t)
        item_hook = c.get_structure_hook(item_type)

        def hook(value: object, _: type) -> tuple[object, ...]:
            if not isinstance(value, list | tuple):
                raise ValueError(f"expected a list, got {_values.describe(value)}")
            items: list[object] = []
            errors: list[Exception] = []
            for index, item in enumerate(value):
                try:
                    items.append(item_hook(item, item_type))
                except Exception as exc:  # collected and re-raised as a group
                    exc.add_note(IterableValidationNote(f"item {index}", index, item_type))
                    errors.append(exc)
            if errors:
                raise IterableValidationError(f"while structuring {t}", errors, t)
            return tuple(items)

        return hook

    return factory


def _is_day_mapping(t: object) -> bool:
    return t == Mapping[str, dt.date]


def _mapping_hook(value: object, t: type) -> dict[str, dt.date]:
    if not isinstance(value, dict):
        raise ValueError(f"expected a table, got {_values.describe(value)}")
    return {_str(k, str): _date(v, dt.date) for k, v in value.items()}


# --- propositions: a union tagged by "type" ----------------------------------


def _is_proposition(t: object) -> bool:
    if not isinstance(t, types.UnionType) and typing.get_origin(t) is not typing.Union:
        return False
    args = frozenset(typing.get_args(t)) - {type(None)}
    return args == _PROPOSITION_ARGS


def _make_proposition_hooks(
    c: cattrs.Converter,
) -> tuple[Callable[[object, type], Proposition | None], Callable[[object], object]]:
    def structure(value: object, t: type) -> Proposition | None:
        if value is None and type(None) in typing.get_args(t):
            return None
        if not isinstance(value, dict):
            raise ValueError(f"expected a proposition table, got {_values.describe(value)}")
        tag = value.get("type")
        if tag not in PROPOSITION_TYPES:
            raise FieldError(
                "type",
                f"expected a proposition type ({', '.join(PROPOSITION_TYPES)}), "
                f"got {_values.describe(tag)}",
            )
        body = {k: v for k, v in value.items() if k != "type"}
        cls = PROPOSITION_TYPES[tag]
        hook = hooks.get(cls)
        if hook is None:  # looked up once, when every hook is registered
            hook = hooks[cls] = c.get_structure_hook(cls)
        return typing.cast(Proposition, hook(body, cls))

    hooks: dict[type, Callable[[object, type], object]] = {}

    bodies: dict[type, Callable[[object], dict[str, object]]] = {
        cls: make_dict_unstructure_fn(cls, c, _cattrs_omit_if_default=True)
        for cls in PROPOSITION_TYPES.values()
    }

    def unstructure(value: object) -> object:
        if value is None:
            return None
        return {"type": _TAG_OF[type(value)], **bodies[type(value)](value)}

    return structure, unstructure


def _is_optional(t: object) -> bool:
    """``X | None`` for one type ``X`` (propositions, a wider union, have their own hook)."""
    if not isinstance(t, types.UnionType) and typing.get_origin(t) is not typing.Union:
        return False
    args = typing.get_args(t)
    return len(args) == 2 and type(None) in args


def _make_optional_hook(
    c: cattrs.Converter,
) -> Callable[[type], Callable[[object, type], object]]:
    """``None``, or the value structured as ``X``, with ``X``'s hook looked up once."""

    def factory(t: type) -> Callable[[object, type], object]:
        (inner_type,) = (a for a in typing.get_args(t) if a is not type(None))
        inner = c.get_structure_hook(inner_type)

        def hook(value: object, _: type) -> object:
            return None if value is None else inner(value, inner_type)

        return hook

    return factory


def _make_converter(*, detailed: bool = True) -> cattrs.Converter:
    c = cattrs.Converter(forbid_extra_keys=True, omit_if_default=True, detailed_validation=detailed)
    c.register_structure_hook(str, _str)
    c.register_structure_hook(bool, _bool)
    c.register_structure_hook(int, _int)
    c.register_structure_hook(float, _float)
    c.register_structure_hook(dt.date, _date)
    c.register_unstructure_hook(dt.date, lambda d: d.isoformat())
    c.register_structure_hook(DateWindow, _window)
    c.register_unstructure_hook(DateWindow, str)
    c.register_structure_hook_func(_is_literal, _literal)
    c.register_structure_hook_factory(_is_sequence, _make_sequence_hook(c))
    c.register_structure_hook_factory(_is_optional, _make_optional_hook(c))
    c.register_unstructure_hook_func(_is_sequence, lambda v: [c.unstructure(x) for x in v])
    c.register_structure_hook_func(_is_day_mapping, _mapping_hook)
    c.register_unstructure_hook_func(
        _is_day_mapping, lambda m: {k: v.isoformat() for k, v in m.items()}
    )
    structure, unstructure = _make_proposition_hooks(c)
    if not detailed:  # the quick converter shares repeated flat tables within a load
        structure = _shared_hook(structure)  # type: ignore[assignment]
        confidence = _shared_hook(c.get_structure_hook(Confidence))
        c.register_structure_hook(Confidence, confidence)
    c.register_structure_hook_func(_is_proposition, structure)
    c.register_unstructure_hook_func(_is_proposition, unstructure)
    for cls in PROPOSITION_TYPES.values():
        c.register_unstructure_hook(cls, unstructure)
    return c


converter: cattrs.Converter = _make_converter()
"""The one converter between ledger records and plain data (TOML/JSON trees)."""

quick_converter: cattrs.Converter = _make_converter(detailed=False)
"""The same rules without cattrs' detailed validation: faster, and it stops at the first error.

A loader structures every record with it first and, for a record it refuses,
runs :data:`converter` again to find every problem of the record, located.
Both accept and build exactly the same records.
"""


# --- turning structuring errors into located problems -----------------------


def _field_names(cls: type) -> list[str]:
    return [f.alias or f.name for f in attrs.fields(cls)]


def _members(exc: BaseException, path: str) -> list[tuple[BaseException, str]] | None:
    """The errors a cattrs error group holds, each with its path (``None`` if not a group)."""
    if isinstance(exc, ClassValidationError):
        with_notes, without = exc.group_exceptions()
        located = [(inner, f"{path}.{note.name}") for inner, note in with_notes]
    elif isinstance(exc, IterableValidationError):
        with_index, without = exc.group_exceptions()
        located = [(inner, f"{path}[{item.index}]") for inner, item in with_index]
    else:
        return None
    return [*located, *((inner, path) for inner in without)]


def problems_in(exc: BaseException, path: str) -> Iterator[tuple[str, str]]:
    members = _members(exc, path)
    if members is not None:
        for inner, where in members:
            yield from problems_in(inner, where)
    elif isinstance(exc, ForbiddenExtraKeysError):
        names = _field_names(exc.cl) if attrs.has(exc.cl) else []
        for key in sorted(exc.extra_fields):
            close = difflib.get_close_matches(key, names, n=1) if len(key) <= ECHO_LIMIT else []
            hint = f"did you mean {close[0]!r}? " if close else ""
            yield (
                f"{path}.{_values.key(key)}",
                f"unknown key {shown(key)} ({hint}expected one of: {', '.join(names)})",
            )
    elif isinstance(exc, BaseExceptionGroup):
        for member in exc.exceptions:
            yield from problems_in(member, path)
    elif isinstance(exc, KeyError):
        yield path, "required key missing"
    elif isinstance(exc, FieldError):
        yield f"{path}.{exc.field}", exc.message
    elif (
        isinstance(exc, ValueError)
        and len(exc.args) == 4
        and isinstance(exc.args[1], attrs.Attribute)
    ):  # attrs.validators.in_
        yield (
            f"{path}.{exc.args[1].name}",
            f"expected one of {list(exc.args[2])}, got {shown(exc.args[3])}",
        )
    elif isinstance(exc, ValueError | TypeError):
        yield path, str(exc)
    else:  # pragma: no cover - an unexpected error is still reported, not raised
        yield path, f"{type(exc).__name__}: {exc}"
