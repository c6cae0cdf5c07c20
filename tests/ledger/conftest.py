"""Generated months shared by the refresh tests of both stores."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.ledger.refresh_data import PERSONS, SEED, split_months


@pytest.fixture(scope="session")
def months(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(base data directory, the last month's fee-line file held back from it)."""
    from graphfraud.generate import generate

    folder = tmp_path_factory.mktemp("refresh")
    generate(folder / "generated", persons=PERSONS, seed=SEED)
    return split_months(folder / "generated", folder)
