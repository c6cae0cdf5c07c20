"""Shared fixtures live in plugin modules beside this file, one per concern (fixtures_*.py);
shared helpers in ``tests/helpers.py``. ``tests`` is a package: import helpers as ``tests.…``."""
from __future__ import annotations

from pathlib import Path

pytest_plugins = sorted(f"tests.{p.stem}" for p in Path(__file__).parent.glob("fixtures_*.py"))

# Property tests check what holds, not how fast: on two cores shared with a Neo4j server a single
# example can take longer than Hypothesis's 200 ms default deadline, which would fail a correct test.
from hypothesis import settings  # noqa: E402

settings.register_profile("graphfraud", deadline=None)
settings.load_profile("graphfraud")
