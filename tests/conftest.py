"""Shared fixtures live in plugin modules beside this file, one per concern (fixtures_*.py)."""
from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

pytest_plugins = sorted(p.stem for p in HERE.glob("fixtures_*.py"))
