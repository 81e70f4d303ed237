"""Shared test configuration: Hypothesis profiles.

- ``ci``: loaded when ``CI`` is set (to anything but ``""``, ``0``, ``false`` or ``no``)
  or ``HYPOTHESIS_PROFILE=ci``. Derandomized and without an example database, so
  every run of a commit tries the same examples: CI cannot fail by chance.
- ``default``: a developer's run; random, and remembers failing examples in
  ``.hypothesis/`` to replay them first next time.
- ``thorough``: ``HYPOTHESIS_PROFILE=thorough``, twenty times the examples, to run
  locally before a release or after changing a strategy.

Every profile prints the reproduction blob of a failing example.
"""

from __future__ import annotations

import os
import runpy
from collections.abc import Mapping
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from forecastcheck.ledger import Ledger

EXAMPLES = 100
#: Hypothesis' own defaults. Without an explicit parent a profile inherits the settings
#: active at import, which are Hypothesis' built-in "ci" ones whenever CI is set.
BASE = settings.get_profile("default")

#: The "too slow" health check times example generation, which a loaded machine slows:
#: it is off in every profile so a busy machine cannot fail a correct test.
settings.register_profile(
    "default",
    BASE,
    deadline=None,
    max_examples=EXAMPLES,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "ci",
    BASE,
    deadline=None,
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "thorough",
    BASE,
    deadline=None,
    max_examples=20 * EXAMPLES,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)


def profile_name(environ: Mapping[str, str]) -> str:
    """The profile to load: ``HYPOTHESIS_PROFILE`` if given, else ``ci`` under CI, else default."""
    if environ.get("HYPOTHESIS_PROFILE"):
        return environ["HYPOTHESIS_PROFILE"]
    ci = environ.get("CI", "").strip().lower()
    return "ci" if ci not in ("", "0", "false", "no") else "default"


settings.load_profile(profile_name(os.environ))


@pytest.fixture(autouse=True)
def _eighty_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    """Text reports are 80 columns wide in every test, whatever terminal runs the suite."""
    monkeypatch.setenv("COLUMNS", "80")


@pytest.fixture(scope="session")
def large_ledger() -> Ledger:
    """The benchmark's seeded generator at 600 calls by 30 sources, built once a session."""
    bench = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_report.py"
    ledger: Ledger = runpy.run_path(str(bench))["build"](n=600, n_sources=30, seed=11)
    return ledger
