"""examples/ is what its recipe generates, and loads exactly as its truth file says."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from tests.fixtures_data import SMALL

ROOT = Path(__file__).parents[1]


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_examples_are_the_generated_small_set(small_data: Path):
    assert SMALL == {"persons": 1500, "seed": 7}  # the recipe examples/README.md names
    assert _digests(ROOT / "examples" / "data") == _digests(small_data)
    assert (ROOT / "examples" / "data.truth.json").read_bytes() == (small_data.parent / "data.truth.json").read_bytes()


def test_examples_are_small():
    size = sum(p.stat().st_size for p in (ROOT / "examples").rglob("*") if p.is_file())
    assert size <= 5 * 1024 * 1024


def test_example_truth_counts_what_the_loader_reports(small_workspace: Path):
    from graphfraud.store.embedded import EmbeddedStore

    truth = json.loads((ROOT / "examples" / "data.truth.json").read_text(encoding="utf-8"))
    with EmbeddedStore(small_workspace, read_only=True) as store:
        report = store.load_history(1)[0]
    tables: dict[str, dict[str, int]] = {}
    for f in report["files"]:
        t = tables.setdefault(f["table"], {"rows_read": 0, "loaded": 0, "duplicates": 0, "invalid": 0})
        for k in t:
            t[k] += f[k]
    for table, expected in truth["load_expectations"].items():
        assert tables[table] == {k: expected[k] for k in ("rows_read", "loaded", "duplicates", "invalid")}, table
