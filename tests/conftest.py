"""Shared fixtures live in plugin modules beside this file, one per concern (fixtures_*.py);
shared helpers in ``tests/helpers.py``. ``tests`` is a package: import helpers as ``tests.…``."""
from __future__ import annotations

from pathlib import Path

pytest_plugins = sorted(f"tests.{p.stem}" for p in Path(__file__).parent.glob("fixtures_*.py"))
