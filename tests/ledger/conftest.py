"""Fixtures of the ledger, audit and refresh tests."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from graphfraud.store.base import GraphStore


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[GraphStore]:
    """A fresh embedded workspace."""
    from graphfraud.store.embedded import EmbeddedStore

    with EmbeddedStore(tmp_path / "ws.duckdb") as store:
        yield store
