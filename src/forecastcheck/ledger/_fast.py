"""Records built from their raw tables in one validation pass (a private module of ``files``).

A well-formed record of a ledger file is most often plain: text where text
is asked, an identifier where an identifier is, a flat proposition and
confidence written many times over. For such a record the converter's hooks
and the record class's validators, called field by field, cost most of a
load. Here each class gets one function (written out once, as attrs and
cattrs write theirs) that checks each field's raw value once, inline, by a
check accepting exactly what the converter's hook and the field's validator
together accept and giving the same value, and makes the record without
running the validators again; its ``__attrs_post_init__`` checks run as
they would.

Anything the pass does not accept (an unknown key, a required key missing, a
value of another type, any check failing) makes :meth:`Builder.build` give
``None``: the record is then structured by the quick converter and, if that
fails, by the detailed one, which says what is wrong exactly as before. The
pass only ever accepts a record the converter accepts, and builds an equal one.

Fields with no inline check (a proposition, a confidence, a date) are
structured with the quick converter's own hook and checked with the field's
own validator (given no instance: the ledger's validators look only at the
value). No global switch is turned: each record is made on its own
(``object.__new__``, then each field set through its slot, as attrs' own
``__init__`` of a frozen class sets it), so records built at the same time
in other threads are validated as usual.
"""

from __future__ import annotations

import inspect
import linecache
import types
import typing
from collections.abc import Callable

import attrs
import cattrs

from forecastcheck.ledger import _fields, _raw
from forecastcheck.ledger.propositions import MAX_PROPOSITION_DEPTH

__all__ = ["REMEMBERED", "Builder"]

REMEMBERED = 1 << 16
"""How many identifiers a builder remembers at most (see :class:`Builder`)."""

_NESTING_KEYS = ("proposition", "condition", "then", "propositions")
_OPTIONAL_STR = str | None
_STRINGS = tuple[str, ...]
_MISSING = object()

_IS_STR = "if type(v) is not str: return None"
_IS_TEXT = "if type(v) is not str or not v.strip(): return None"
_IS_NAME = "if type(v) is not str or not identifier(v): return None"
_IS_NAMED = "if type(v) is not str or (v not in names and not remember(v)): return None"
_INLINE: dict[tuple[object, object, object], list[str]] = {
    (str, None, None): [_IS_STR],
    (str, _fields.text, None): [_IS_TEXT],
    (str, _fields.identifier, None): [_IS_NAMED],
    (_OPTIONAL_STR, None, None): ["if v is not None:", f"    {_IS_STR}"],
    (_OPTIONAL_STR, _fields.optional_identifier, None): ["if v is not None:", f"    {_IS_NAMED}"],
    (_OPTIONAL_STR, _fields.optional_text, None): ["if v is not None:", f"    {_IS_TEXT}"],
    (bool, None, None): ["if type(v) is not bool: return None"],
    (_STRINGS, _fields.strings, _fields.as_tuple): [
        "if type(v) is not list and type(v) is not tuple: return None",
        "v = tuple(v)",
        "for item in v:",
        "    if type(item) is not str or (item not in names and not remember(item)): return None",
    ],
}
"""The inline check of each usual (type, validator, converter) of a field, on its raw ``v``.

Each accepts exactly what the field's converter hook (``_str``, ``_bool``,
``X | None``, a list of text) and its validator accept, and leaves in ``v``
the value they give.
"""


class Builder:
    """Builds records of the ledger's classes in one pass each (see the module's notes).

    It remembers identifiers it has accepted (sources, subjects and documents
    are named over and over): whether a text is an identifier depends on the
    text alone, so the memo is right for every load and thread that shares
    the builder; it is emptied whenever it holds :data:`REMEMBERED` texts.

    Args:
        converter: the quick converter, whose hooks structure the fields
            without an inline check.
        classes: the record classes to build (others are never built here).
    """

    def __init__(self, converter: cattrs.Converter, classes: typing.Iterable[type]) -> None:
        self._names: set[str] = set()
        self._builders = {cls: self._builder(cls, converter) for cls in classes}

    def build(self, cls: type, raw: object) -> object | None:
        """The record of class ``cls`` read from ``raw``, or ``None`` if the pass refuses it."""
        builder = self._builders.get(cls)
        return None if builder is None else builder(raw)

    def _remember(self, value: str) -> bool:
        """Whether ``value`` is an identifier (then remembered)."""
        if not _fields.IDENTIFIER.fullmatch(value):
            return False
        if len(self._names) >= REMEMBERED:
            self._names.clear()
        self._names.add(value)
        return True

    def _builder(self, cls: type, converter: cattrs.Converter) -> Callable[[object], object | None]:
        hints = typing.get_type_hints(cls)
        fields = attrs.fields(cls)
        slots = {f.name: inspect.getattr_static(cls, f.name, None) for f in fields}
        if any(isinstance(f.default, attrs.Factory) for f in fields) or not all(  # type: ignore[arg-type]
            type(slot) is types.MemberDescriptorType for slot in slots.values()
        ):
            return lambda raw: None  # not a slotted class of immutable defaults: left to attrs
        scope: dict[str, object] = {
            "cls": cls,
            "new": object.__new__,
            "names": self._names,
            "remember": self._remember,
            "identifier": _fields.IDENTIFIER.fullmatch,
            "missing": _MISSING,
            "post_init": getattr(cls, "__attrs_post_init__", None),
            "keys": frozenset(f.name for f in fields),
            "required": frozenset(f.name for f in fields if f.default is attrs.NOTHING),
        }
        lines = [
            "def build(raw):",
            "    if type(raw) is not dict or not required <= raw.keys() <= keys: return None",
            "    record = new(cls)",
            "    try:",
        ]
        for i, field in enumerate(fields):
            # each field is set through its slot, as ``object.__setattr__`` (attrs' way) does
            scope[f"set_{i}"] = slots[field.name].__set__
            check = _INLINE.get((hints[field.name], field.validator, field.converter))
            if field.name == "id" and field.validator is _fields.identifier:
                check = [_IS_NAME]  # a record's own id is named once: not remembered
            if check is None:
                scope[f"check_{i}"] = _hooked(field, hints[field.name], converter)
                check = [f"v = check_{i}(v)"]
            if field.default is attrs.NOTHING:
                lines.append(f"        v = raw[{field.name!r}]")
            else:
                scope[f"default_{i}"] = _default(field)
                lines.append(f"        v = raw.get({field.name!r}, missing)")
                lines.append("        if v is missing:")
                lines.append(f"            v = default_{i}")
                lines.append("        else:")
                check = [f"    {line}" for line in check]
            lines.extend(f"        {line}" for line in check)
            lines.append(f"        set_{i}(record, v)")
        lines += [
            "        if post_init is not None: post_init(record)",
            "    except Exception: return None  # refused: structured the usual way, saying why",
            "    return record",
        ]
        return _compiled(cls, lines, scope)


def _compiled(cls: type, lines: list[str], scope: dict[str, object]) -> Callable[[object], object]:
    """The function ``build`` written in ``lines``, its source kept for tracebacks and profiles."""
    source = "\n".join(lines) + "\n"
    filename = f"<forecastcheck one-pass build of {cls.__qualname__}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    exec(compile(source, filename, "exec"), scope)  # our own source, from the field specs
    return typing.cast(Callable[[object], object], scope["build"])


def _hooked(
    field: attrs.Attribute[object], hint: object, converter: cattrs.Converter
) -> Callable[[object], object]:
    """A field's check through the converter's hook, its converter and its validator."""
    hook = converter.get_structure_hook(hint)
    validator, convert = field.validator, field.converter
    nested = field.name == "proposition"

    def check(value: object) -> object:
        flat = type(value) is dict and value.keys().isdisjoint(_NESTING_KEYS)
        if nested and not flat and _raw.raw_proposition_depth(value) > MAX_PROPOSITION_DEPTH:
            raise ValueError("nested too deep")  # told by the careful reading, never structured
        built = hook(value, hint)
        if convert is not None:
            built = convert(built)  # type: ignore[operator]
        if validator is not None:
            validator(None, field, built)
        return built

    return check


def _default(field: attrs.Attribute[object]) -> object:
    """A field's default as its ``__init__`` would set it (defaults here are immutable)."""
    default = field.default
    return default if field.converter is None else field.converter(default)  # type: ignore[operator]
