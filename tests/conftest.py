"""Shared fixtures live in plugin modules beside this file, one per concern."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

pytest_plugins = ["fixtures_data", "fixtures_neo4j"]
