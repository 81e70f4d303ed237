"""Seeded fuzzing of the Karabakh ledger: no mutant escapes check or report as a traceback.

Each mutant is the Karabakh ledger as one TOML, JSON or JSON Lines file with
one change: a value swapped for another type, a huge or negative number, NaN
or infinity, a weird, control-character, surrogate or very long string; a key
renamed, deleted or duplicated; or raw bytes flipped, inserted or deleted.

``FORECASTCHECK_FUZZ_N`` sets how many mutants run (300 by default, a few
seconds); ``FORECASTCHECK_FUZZ_SEED`` the seed (0). A failure names the seed,
the mutant's number and its first bytes, so it can be rerun alone.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import random
import traceback
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from forecastcheck import ledger as files
from forecastcheck.cli import main

KARABAKH = Path(__file__).resolve().parent.parent / "fixtures" / "karabakh"
N = int(os.environ.get("FORECASTCHECK_FUZZ_N", "300"))
SEED = int(os.environ.get("FORECASTCHECK_FUZZ_SEED", "0"))

WEIRD_STRINGS = [
    "",
    " ",
    "\r\n",
    "a\rb",
    "\x00",
    "\x1b[31m",
    "\u202e",
    "\u2028",
    "\ud800",
    "\udfff\ud800",
    "\ufeff",
    "soon",
    "by 9999",
    "2024-02-30",
    "0000-01-01",
    "x" * 100_000,
    "by " + "a one day term from " * 50 + "2020-01-01",
    '"""',
    "'''",
    "\\",
    "[[predictions]]",
    "9999-12-31",
    "by 9999",
    "before 2020",
    BIG := "__big_integer__",
]
"""Strings put in place of values; BIG is written as a 5000-digit integer."""
WEIRD_NUMBERS: list[object] = [
    0,
    -1,
    -0.0,
    1.5,
    1e308,
    -1e308,
    5e-324,
    10**20,
    10**400,
    math.nan,
    math.inf,
    -math.inf,
    True,
    False,
]


def _tree() -> dict[str, Any]:
    tree: dict[str, Any] = json.loads(files.dumps(files.load(KARABAKH), "json"))
    return tree


def _paths(value: object, path: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found.extend(_paths(item, (*path, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(_paths(item, (*path, index)))
    return found


def _weird_value(rng: random.Random) -> object:
    pick = rng.random()
    if pick < 0.4:
        return rng.choice(WEIRD_STRINGS)
    if pick < 0.7:
        return rng.choice(WEIRD_NUMBERS)
    if pick < 0.8:
        return "".join(chr(rng.randrange(0, 0x110000)) for _ in range(rng.randint(1, 8)))
    depth = rng.choice([1, 2, 32, 33, 50, 200])
    nested: object = rng.choice([[], {}, "x", {"type": "occurs", "subject": "s", "kind": "k"}])
    for _ in range(depth):
        nested = rng.choice(
            [
                [nested],
                {"type": "not", "proposition": nested},
                {"type": "all", "propositions": [nested]},
                {"type": "if", "condition": nested, "then": nested} if depth < 20 else [nested],
            ]
        )
    return nested


def _mutate_tree(tree: dict[str, Any], rng: random.Random) -> tuple[dict[str, Any], str | None]:
    """One change to a copy of the tree; a duplicated key is returned to be written by text."""
    tree = json.loads(json.dumps(tree))
    paths = _paths(tree)[1:]
    inside = [p for p in paths if "proposition" in p or "confidence" in p]
    path = rng.choice(inside if rng.random() < 0.5 else paths)
    *parents, last = path
    holder: Any = tree
    for step in parents:
        holder = holder[step]
    action = rng.choice(["value", "value", "value", "rename", "delete", "duplicate"])
    if action == "value" or isinstance(last, int):
        if action == "delete" and isinstance(last, int):
            del holder[last]
        else:
            holder[last] = _weird_value(rng)
        return tree, None
    key = str(last)
    if action == "delete":
        del holder[key]
    elif action == "rename":
        holder[rng.choice([key + "s", key[:-1], key.upper(), "type", "id", "\ud800"])] = holder.pop(
            key
        )
    else:
        return tree, str(last)
    return tree, None


def _text(tree: dict[str, Any], fmt: str, duplicate: str | None) -> str:
    return _written(tree, fmt, duplicate).replace(f'"{BIG}"', "1" + "0" * 4999)


def _written(tree: dict[str, Any], fmt: str, duplicate: str | None) -> str:
    if fmt == "toml":
        text = tomli_w.dumps(_toml_safe(tree), multiline_strings=True)
        if duplicate is not None:
            text = text.replace(f"\n{duplicate} = ", f"\n{duplicate} = 0\n{duplicate} = ", 1)
        return text
    if fmt == "json":
        text = json.dumps(tree, indent=1)
        marker = f'"{duplicate}": '
        return text.replace(marker, f"{marker}0, {marker}", 1) if duplicate else text
    lines = [json.dumps({"log": tree["log"]})] if "log" in tree else []
    for table in ("sources", "documents", "predictions", "events"):
        rows = tree.get(table)
        if isinstance(rows, list):
            lines.extend(json.dumps({table: row}) for row in rows)
        elif table in tree:
            lines.append(json.dumps({table: rows}))
    text = "\n".join(lines) + "\n"
    marker = f'"{duplicate}": '
    return text.replace(marker, f"{marker}0, {marker}", 1) if duplicate else text


def _toml_safe(value: dict[str, Any]) -> dict[str, Any]:
    """TOML has no null, and tomli_w cannot nest deeply: stand-ins keep the mutant writable."""
    stack: list[tuple[object, int]] = [(value, 0)]  # an explicit stack: values nest 200 deep
    while stack:
        node, depth = stack.pop()
        items: list[tuple[Any, object]] = []
        if isinstance(node, dict):
            items = list(node.items())
        elif isinstance(node, list):
            items = list(enumerate(node))
        for key, item in items:
            if item is None or (depth > 40 and isinstance(item, dict | list)):
                node[key] = "stand-in"  # type: ignore[index]
            else:
                stack.append((item, depth + 1))
    return value


def _mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(out))
        action = rng.choice(["flip", "insert", "delete"])
        if action == "flip":
            out[at] ^= 1 << rng.randrange(8)
        elif action == "insert":
            out[at:at] = bytes([rng.randrange(256)])
        else:
            del out[at]
    return bytes(out)


def _mutant(case: int, base: dict[str, Any]) -> tuple[str, bytes]:
    rng = random.Random(f"{SEED}:{case}")
    fmt = rng.choice(files.FORMATS)
    if rng.random() < 0.3:
        return fmt, _mutate_bytes(_text(base, fmt, None).encode("utf-8"), rng)
    tree, duplicate = base, None
    for _ in range(rng.choice([1, 1, 2, 3])):
        tree, twice = _mutate_tree(tree, rng)
        duplicate = duplicate or twice
    return fmt, _text(tree, fmt, duplicate).encode("utf-8", "surrogatepass")


def _run(argv: list[str]) -> tuple[object, str]:
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse: a usage error
            code = 2 if exc.code is None else int(exc.code)
    return code, err.getvalue()


def test_no_mutant_escapes_as_a_traceback(tmp_path: Path) -> None:
    """check and report answer every mutant with an exit code; problems name the file; accepted mutants round-trip."""
    base = _tree()
    failures: list[str] = []
    for case in range(N):
        fmt, data = _mutant(case, base)
        path = tmp_path / f"mutant-{case}.{fmt}"
        path.write_bytes(data)
        shown = f"seed {SEED} case {case} ({fmt}): {data[:200]!r}"
        codes: list[int] = []
        for argv in (
            ["check", str(path)],
            ["report", str(path), "--as-of", "2026-02-07", "--bootstrap", "0", "--format", "json"],
        ):
            try:
                code, err = _run(argv)
            except BaseException:
                failures.append(f"{shown}\n{argv[0]}: {traceback.format_exc(limit=-3)}")
                continue
            if not isinstance(code, int):
                failures.append(f"{shown}\n{argv[0]} returned {code!r}")
                continue
            codes.append(code)
            unnamed = [line for line in err.splitlines() if not line.startswith(path.name)]
            if code == 1 and unnamed and not all(line.startswith(str(path)) for line in unnamed):
                failures.append(
                    f"{shown}\n{argv[0]}: problem lines without the file: {unnamed[:3]}"
                )
        if codes[:1] == [0]:
            try:
                ledger = files.load(path)
                for out in files.FORMATS:
                    copy = files.save(ledger, tmp_path / f"copy.{out}")
                    if files.load(copy) != ledger:
                        failures.append(f"{shown}\nload → save {out} → load differs")
            except BaseException:
                failures.append(f"{shown}\nround trip: {traceback.format_exc(limit=-3)}")
        path.unlink()
    assert not failures, f"{len(failures)} of {N} mutants failed:\n" + "\n\n".join(failures[:10])


@pytest.mark.parametrize("fmt", files.FORMATS)
def test_unchanged_ledger_is_accepted(tmp_path: Path, fmt: str) -> None:
    """The fuzz starts from a ledger check accepts, in each format (so mutants test something)."""
    path = tmp_path / f"karabakh.{fmt}"
    path.write_text(_text(_tree(), fmt, None), encoding="utf-8")
    assert _run(["check", str(path)]) == (0, "")
