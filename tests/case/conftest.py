"""Fixtures for case-bundle tests: a loaded synthetic ring, a signing key, and exported bundles."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.case.case_synthetic import EXPORT_TIME, Synthetic, store_ring, write_data


@pytest.fixture(scope="session")
def synthetic_case(tmp_path_factory: pytest.TempPathFactory) -> tuple[Synthetic, Path]:
    """The synthetic data loaded into an embedded workspace with its ring stored."""
    from graphfraud.loaders import load_directory
    from graphfraud.store.embedded import EmbeddedStore

    root = tmp_path_factory.mktemp("case")
    synthetic = write_data(root)
    workspace = root / "ws.duckdb"
    with EmbeddedStore(workspace) as store:
        load_directory(store, synthetic.data_dir, root / "loads")
        store_ring(store, synthetic)
    return synthetic, workspace


@pytest.fixture(scope="session")
def key_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from graphfraud.keys import init_keys

    folder = tmp_path_factory.mktemp("keys")
    init_keys(folder)
    return folder


@pytest.fixture(scope="session")
def bundles(synthetic_case: tuple[Synthetic, Path], key_dir: Path,
            tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One bundle directory per profile (Chinese), an English one, and a zip."""
    from graphfraud.case import export_case
    from graphfraud.keys import load_signing_key
    from graphfraud.store.embedded import EmbeddedStore

    synthetic, workspace = synthetic_case
    out = tmp_path_factory.mktemp("bundles")
    key = load_signing_key(key_dir)
    made: dict[str, Path] = {}
    with EmbeddedStore(workspace, read_only=True) as store:
        for name, profile, lang, target in (("police", "police", "zh", "police"), ("internal", "internal", "zh", "internal"),
                                            ("public", "public", "zh", "public"), ("en", "internal", "en", "en"),
                                            ("zip", "police", "zh", "bundle.zip")):
            made[name] = out / target
            export_case(store, synthetic.ring_id, made[name], key, profile, lang, export_time=EXPORT_TIME)
    return made
