"""Records built from their raw tables in one validation pass (a private module of ``files``).

A well-formed record of a ledger file is most often plain: text where text
is asked, an identifier where an identifier is, a flat proposition and
confidence written many times over. For such a record the converter's hooks
and the record class's validators, called field by field, cost most of a
load. Here each class (the tables', and every class they hold: confidences,
citations, anchors, each kind of proposition) gets one function (written out
once, as attrs and cattrs write theirs) that checks each field's raw value
once, inline, by a check accepting exactly what the converter's hook and the
field's validator together accept and giving the same value, and makes the
record without running the validators again; its ``__attrs_post_init__``
checks run as they would. A field held by another class is built by that
class's function; a proposition by the function of the class its ``type``
names.

Anything the pass does not accept (an unknown key, a required key missing, a
value of another type, any check failing) makes :meth:`Builder.build` give
``None``: the record is then structured by the quick converter and, if that
fails, by the detailed one, which says what is wrong exactly as before. The
pass only ever accepts a record the converter accepts, and builds an equal one.

A raw value of an uncommon type (a whole number where a number is asked, a
TOML date where a date is) is structured with the quick converter's own hook
and checked with the field's own validator (given no instance: the ledger's
validators look only at the value). No global switch is turned: each record
is made on its own (``object.__new__``, then each field set through its slot,
as attrs' own ``__init__`` of a frozen class sets it), so records built at
the same time in other threads are validated as usual.

Within a load (:func:`~forecastcheck.ledger.convert.window_memo`), a date
text is read once (the converter's own memo), and a flat proposition or
confidence written again is the object built the first time: a table's key
is its keys then its values, in order (one flat tuple: a look-up compares
few objects), a flat proposition's holding its ``type`` (one memo serves
every kind, looked up before the kind is told), and only a table whose
values are text, ``None`` or numbers that are not whole is remembered (no
value of another type a parser gives is equal to one of those, so a table
equal to a remembered one has values of the same types and builds an equal
record). A loader reads the load's memos once (:meth:`Builder.memos`) and
gives them to each class's builder (:meth:`Builder.function`) record after
record.
"""

from __future__ import annotations

import inspect
import linecache
import math
import types
import typing
from collections.abc import Callable

import attrs
import cattrs

from forecastcheck.ledger import _fields, _raw
from forecastcheck.ledger.convert import PROPOSITION_TYPES, load_memos
from forecastcheck.ledger.dates import DateWindow
from forecastcheck.ledger.propositions import MAX_PROPOSITION_DEPTH, shallow

__all__ = ["REMEMBERED", "Builder"]

REMEMBERED = 1 << 16
"""How many identifiers a builder remembers at most (see :class:`Builder`)."""

_OPTIONAL_STR = str | None
_STRINGS = tuple[str, ...]
_PROPOSITIONS = frozenset(PROPOSITION_TYPES.values())
_MEMOISED = ("Confidence",)
"""The classes (besides flat propositions) whose equal tables share one record in a load."""

_IS_STR = "if type(v) is not str: return None"
# ``not v.strip()`` holds exactly when ``not v or v.isspace()`` does (one notion of white space)
_IS_TEXT = "if type(v) is not str or not v or v.isspace(): return None"
_IS_NAME = "if type(v) is not str or not identifier(v): return None"
# an identifier seen before is the text object first accepted: the records share one string
_IS_NAMED = [
    "if type(v) is not str: return None",
    "w = names.get(v)",
    "if w is None:",
    "    w = remember(v)",
    "    if w is None: return None",
    "v = w",
]
_INLINE: dict[tuple[object, object, object], list[str]] = {
    (str, None, None): [_IS_STR],
    (str, _fields.text, None): [_IS_TEXT],
    (str, _fields.identifier, None): _IS_NAMED,
    (_OPTIONAL_STR, None, None): ["if v is not None:", f"    {_IS_STR}"],
    (_OPTIONAL_STR, _fields.optional_identifier, None): [
        "if v is not None:",
        *(f"    {line}" for line in _IS_NAMED),
    ],
    (_OPTIONAL_STR, _fields.optional_text, None): ["if v is not None:", f"    {_IS_TEXT}"],
    (bool, None, None): ["if type(v) is not bool: return None"],
    (_STRINGS, _fields.strings, _fields.as_tuple): [
        "if type(v) is not list and type(v) is not tuple: return None",
        "v = tuple(v)",
        "for item in v:",
        "    if type(item) is not str: return None",
        "    if item not in names and remember(item) is None: return None",
    ],
}
"""The inline check of each usual (type, validator, converter) of a field, on its raw ``v``.

Each accepts exactly what the field's converter hook (``_str``, ``_bool``,
``X | None``, a list of text) and its validator accept, and leaves in ``v``
the value they give.
"""

_NUMBER_RANGES: dict[object, str] = {
    _fields.finite: "-inf < v < inf",
    _fields.probability: "0.0 <= v <= 1.0",
    _fields.level: "0.0 < v < 1.0",
}
"""What each number validator accepts of a float (the hook gives a float as it is)."""


def _remembered(table: dict[str, object]) -> bool:
    """Whether a table's items name its values' types (see the module's notes)."""
    return all(
        type(v) is str or v is None or (type(v) is float and not v.is_integer())
        for v in table.values()
    )


class Builder:
    """Builds records of the ledger's classes in one pass each (see the module's notes).

    It remembers identifiers it has accepted (sources, subjects and documents
    are named over and over): whether a text is an identifier depends on the
    text alone, so the memo is right for every load and thread that shares
    the builder; it is emptied whenever it holds :data:`REMEMBERED` texts.
    A field holding one identifier is given the text object first accepted,
    so the records hold one string per name, not one per mention (the parser
    makes a new one each time): less memory, and look-ups by name later touch
    the same object and its cached hash. A list of tags keeps the parser's
    strings (only checked here).

    Args:
        converter: the quick converter, whose hooks structure the values the
            inline checks leave to it.
        classes: the record classes to build (others are never built here).
    """

    def __init__(self, converter: cattrs.Converter, classes: typing.Iterable[type]) -> None:
        self._names: dict[str, str] = {}
        self._tables = tuple(classes)
        writer = _Writer(self, converter)
        self._builders = writer.compiled(self._tables)
        self._memos = len(writer.numbers) + 1  # each class's tables, then flat propositions

    def build(self, cls: type, raw: object) -> object | None:
        """The record of class ``cls`` read from ``raw``, or ``None`` if the pass refuses it."""
        builder = self._builders.get(cls)
        if builder is None:
            return None
        return builder(raw, self.memos())

    def function(self, cls: type) -> Build:
        """The builder of class ``cls`` (refusing every record of a class not built here),
        to be given the memos :meth:`memos` gives: a loader reads them once per load."""
        return self._builders.get(cls, _refused)

    def memos(self) -> list[dict[typing.Any, typing.Any]]:
        """The load's memos (its date texts read, then each class's tables), fresh outside one."""
        memos = load_memos(self)
        if memos is None:  # outside a load: nothing is remembered past this record
            return [{}, *({} for _ in range(self._memos))]
        windows, own = memos
        tables = own.get(self)
        if tables is None:  # the load's memos: its date texts, then each class's tables
            tables = own[self] = [windows, *({} for _ in range(self._memos))]
        return typing.cast(list[dict[typing.Any, typing.Any]], tables)

    def _remember(self, value: str) -> str | None:
        """``value`` if it is an identifier (then remembered, as the text its equals become),
        else ``None``."""
        if not _fields.IDENTIFIER.fullmatch(value):
            return None
        if len(self._names) >= REMEMBERED:
            self._names.clear()
        self._names[value] = value
        return value


Build = Callable[[object, list[dict[typing.Any, typing.Any]]], object | None]
"""A class's builder: the record of a raw table, given the load's memos (``None``: refused).

The memos are a list: the load's date texts read into windows, then one
table per class (of its equal raw tables built already). They are passed,
not held by the functions, so they are let go when the load ends.
"""


def _refused(raw: object, memo: list[dict[typing.Any, typing.Any]]) -> None:
    """The builder of a class not built in one pass."""


class _Writer:
    """Writes the source of every builder, and the scope it runs in."""

    def __init__(self, builder: Builder, converter: cattrs.Converter) -> None:
        self.converter = converter
        self.numbers: dict[type, int] = {}
        self.scope: dict[str, object] = {
            "new": object.__new__,
            "names": builder._names,
            "remember": builder._remember,
            "identifier": _fields.IDENTIFIER.fullmatch,
            "inf": math.inf,
            "remembered": _remembered,
            "too_deep": lambda v: _raw.raw_proposition_depth(v) > MAX_PROPOSITION_DEPTH,
            "window": converter.get_structure_hook(DateWindow),
            "DateWindow": DateWindow,
        }

    def compiled(self, tables: tuple[type, ...]) -> dict[type, Build]:
        """The builder of each of ``tables`` (and of every class they hold, which they call)."""
        for cls in _reachable(tables):
            self.numbers[cls] = len(self.numbers)
        lines: list[str] = []
        for cls, n in self.numbers.items():
            lines += self._function(cls, n)
        lines += self._dispatch()
        _compiled(lines, self.scope)
        return {c: typing.cast(Build, self.scope[f"build_{self.numbers[c]}"]) for c in tables}

    def _dispatch(self) -> list[str]:
        """The builder of a proposition: the function of the class its ``type`` names.

        A flat proposition's table is looked up first in the load's memo of
        them (its key holds its ``type``: one memo serves every class).
        """
        flat = len(self.numbers) + 1
        lines = [
            "def proposition(v, memo):",
            "    if type(v) is not dict: return None",
            "    try:",
            "        key = (*v, *v.values())",
            f"        found = memo[{flat}].get(key)",
            "    except TypeError:  # a table holding tables or lists",
            "        key = found = None",
            "    if found is not None: return found",
            "    tag = v.get('type')",
            "    if type(tag) is not str: return None",
        ]
        for tag, cls in PROPOSITION_TYPES.items():
            n = self.numbers[cls]
            lines.append(f"    if tag == {tag!r}:")
            if _holds_none(cls):
                lines += [
                    f"        found = build_{n}(v, memo)",
                    "        if found is not None and key is not None and remembered(v):",
                    f"            memo[{flat}][key] = found",
                    "        return found",
                ]
            else:  # nested too deep: told by the careful reading, never structured
                lines += [
                    "        if too_deep(v): return None",
                    f"        return build_{n}(v, memo)",
                ]
        lines.append("    return None")
        return lines

    def _function(self, cls: type, n: int) -> list[str]:
        """The source of ``build_n`` (and ``shared_n``, when its tables are remembered)."""
        hints = typing.get_type_hints(cls)
        fields = attrs.fields(cls)
        slots = {f.name: inspect.getattr_static(cls, f.name, None) for f in fields}
        shared = _shared(n) if cls.__name__ in _MEMOISED else []
        if any(isinstance(f.default, attrs.Factory) for f in fields) or not all(  # type: ignore[arg-type]
            type(slot) is types.MemberDescriptorType for slot in slots.values()
        ):
            return [f"def build_{n}(raw, memo): return None  # left to attrs", *shared]
        names = {f.name for f in fields}
        required = {f.name for f in fields if f.default is attrs.NOTHING}
        if cls in _PROPOSITIONS:  # its "type" is read by ``proposition``
            names, required = names | {"type"}, required | {"type"}
        self.scope[f"cls_{n}"] = cls
        self.scope[f"keys_{n}"] = frozenset(names)
        self.scope[f"required_{n}"] = frozenset(required)
        lines = [
            f"def build_{n}(raw, memo):",
            f"    if type(raw) is not dict or not required_{n} <= raw.keys() <= keys_{n}:",
            "        return None",
            f"    record = new(cls_{n})",
            "    try:",
        ]
        for i, field in enumerate(fields):
            # each field is set through its slot, as ``object.__setattr__`` (attrs' way) does
            self.scope[f"set_{n}_{i}"] = slots[field.name].__set__
            check = self._check(f"{n}_{i}", field, hints[field.name])
            if field.default is attrs.NOTHING:
                lines.append(f"        v = raw[{field.name!r}]")
            else:
                self.scope[f"default_{n}_{i}"] = _default(field)
                lines.append(f"        if {field.name!r} not in raw:")
                lines.append(f"            v = default_{n}_{i}")
                lines.append("        else:")
                lines.append(f"            v = raw[{field.name!r}]")
                check = [f"    {line}" for line in check]
            lines.extend(f"        {line}" for line in check)
            lines.append(f"        set_{n}_{i}(record, v)")
        if getattr(cls, "__attrs_post_init__", None) is not None:
            self.scope[f"post_init_{n}"] = cls.__attrs_post_init__  # type: ignore[attr-defined]
            lines.append(f"        post_init_{n}(record)")
        lines += [
            "    except Exception: return None  # refused: structured the usual way, saying why",
            "    return record",
        ]
        return lines + shared

    def _check(self, at: str, field: attrs.Attribute[object], hint: object) -> list[str]:
        """The lines checking the raw ``v`` of a field and leaving its value in ``v``."""
        validator, convert = field.validator, field.converter
        if field.name == "id" and validator is _fields.identifier:
            return [_IS_NAME]  # a record's own id is named once: not remembered
        check = _INLINE.get((hint, validator, convert))
        if check is not None:
            return check
        self.scope[f"check_{at}"] = _hooked(field, hint, self.converter)
        optional, inner = _optional(hint)
        fast = self._fast(at, inner, validator, convert)
        if fast is None:
            return [f"v = check_{at}(v)"]
        test, lines, validated = fast
        if validator is not None and not validated:
            self.scope[f"field_{at}"], self.scope[f"validate_{at}"] = field, validator
            lines = [*lines, f"validate_{at}(None, field_{at}, v)"]
        if test:
            checked = [f"if {test}:", *(f"    {line}" for line in lines or ["pass"])]
            checked += ["else:", f"    v = check_{at}(v)"]
        else:  # every raw value goes to the nested builder
            checked = lines
        if optional:
            return ["if v is not None:", *(f"    {line}" for line in checked)]
        return checked

    def _fast(
        self, at: str, hint: object, validator: object, convert: object
    ) -> tuple[str, list[str], bool] | None:
        """(test, lines, whether they cover the validator): the inline check of a value of
        the usual raw type, told by ``test`` (any value when empty: the others go to the
        field's hook); ``None`` when there is none."""
        if hint is DateWindow and convert is None:
            lines = ["w = memo[0].get(v)", "if w is None: w = memo[0][v] = window(v, DateWindow)"]
            return "type(v) is str", [*lines, "v = w"], validator is _fields.window
        if hint is float and convert is None and validator in (None, *_NUMBER_RANGES):
            bounds = _NUMBER_RANGES.get(validator, "-inf < v < inf")
            return f"type(v) is float and {bounds}", [], True
        if typing.get_origin(hint) is typing.Literal and convert is None:
            options = getattr(validator, "options", None)
            if validator is not None and options is None:
                return None
            self.scope[f"allowed_{at}"] = frozenset(
                a
                for a in typing.get_args(hint)
                if type(a) is str and (options is None or a in options)
            )
            return f"type(v) is str and v in allowed_{at}", [], True
        call = self._call(hint)
        if call is not None and convert is None:
            # ``proposition`` refuses a table nested past the limit, so what it builds is shallow
            validated = call == "proposition" and validator is shallow
            return "", [f"v = {call}(v, memo)", "if v is None: return None"], validated
        if typing.get_origin(hint) is tuple and convert is _fields.as_tuple:
            call = self._call(typing.get_args(hint)[0])
            if call is None:
                return None
            return (
                "type(v) is list or type(v) is tuple",
                [
                    f"v = tuple([{call}(item, memo) for item in v])",
                    "for item in v:",
                    "    if item is None: return None",
                ],
                False,
            )
        return None

    def _call(self, hint: object) -> str | None:
        """The function building a value of type ``hint``, if one is written."""
        if _is_proposition(hint):
            return "proposition"
        n = self.numbers.get(hint) if isinstance(hint, type) else None
        if n is None:
            return None
        return f"shared_{n}" if typing.cast(type, hint).__name__ in _MEMOISED else f"build_{n}"


def _shared(n: int) -> list[str]:
    """``shared_n``: ``build_n`` through the load's memo of equal tables (see the notes)."""
    return [
        f"def shared_{n}(v, memo):",
        "    if type(v) is not dict: return None",
        "    try:",
        "        key = (*v, *v.values())",
        f"        found = memo[{n + 1}].get(key)",
        "    except TypeError:  # a table holding tables or lists",
        f"        return build_{n}(v, memo)",
        "    if found is None:",
        f"        found = build_{n}(v, memo)",
        f"        if found is not None and remembered(v): memo[{n + 1}][key] = found",
        "    return found",
    ]


def _reachable(tables: tuple[type, ...]) -> list[type]:
    """``tables`` and every attrs class their fields hold, each once, tables first."""
    found: list[type] = []
    pending = list(tables)
    while pending:
        cls = pending.pop(0)
        if cls in found or not attrs.has(cls):
            continue
        found.append(cls)
        for hint in typing.get_type_hints(cls).values():
            pending.extend(_classes_in(hint))
    return found


def _classes_in(hint: object) -> list[type]:
    """The attrs classes a type names (in a union, a tuple or alone)."""
    if isinstance(hint, type) and attrs.has(hint):
        return [hint]
    return [c for arg in typing.get_args(hint) for c in _classes_in(arg)]


def _holds_none(cls: type) -> bool:
    """A proposition that holds no other proposition (its tables may be remembered)."""
    return not any(
        _is_proposition(h) or any(map(_is_proposition, typing.get_args(h)))
        for h in typing.get_type_hints(cls).values()
    )


def _is_proposition(hint: object) -> bool:
    """The union of every proposition class (``X | None`` of it is not)."""
    return frozenset(typing.get_args(hint)) == _PROPOSITIONS


def _optional(hint: object) -> tuple[bool, object]:
    """(whether ``hint`` is ``X | None``, ``X``)."""
    args = typing.get_args(hint)
    if type(None) in args and (
        isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union
    ):
        rest = [a for a in args if a is not type(None)]
        if len(rest) == 1:
            return True, rest[0]
        return True, typing.Union[tuple(rest)]  # noqa: UP007 - a union built from its parts
    return False, hint


def _compiled(lines: list[str], scope: dict[str, object]) -> None:
    """The functions written in ``lines``, defined in ``scope``, their source kept for
    tracebacks and profiles."""
    source = "\n".join(lines) + "\n"
    filename = "<forecastcheck one-pass builders>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    exec(compile(source, filename, "exec"), scope)  # our own source, from the field specs


def _hooked(
    field: attrs.Attribute[object], hint: object, converter: cattrs.Converter
) -> Callable[[object], object]:
    """A field's check through the converter's hook, its converter and its validator."""
    hook = converter.get_structure_hook(hint)
    validator, convert = field.validator, field.converter
    nested = _is_proposition(_optional(hint)[1])

    def check(value: object) -> object:
        if nested and _raw.raw_proposition_depth(value) > MAX_PROPOSITION_DEPTH:
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
