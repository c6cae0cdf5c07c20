"""The demo's last step: export the top-ranked ring of a workspace as a signed bundle and verify it.

The demo signs with a throw-away key in its own folder; real exports use the key made by
``graphfraud keys init``, kept outside any workspace.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from graphfraud.case.bagit import Verification, read_bundle, verify_files
from graphfraud.case.bundle import ExportResult, export_case
from graphfraud.keys import init_keys
from graphfraud.store.base import GraphStore


@dataclass
class DemoBundle:
    ring_id: str
    path: Path
    result: ExportResult
    check: Verification


def demo_bundle(store: GraphStore, folder: Path,
                progress: Callable[[str, int, int], None] | None = None) -> DemoBundle | None:
    """Export the best stored ring of ``store`` into ``folder`` and verify it; None when no ring is stored."""
    rings = store.get_results("rings")
    if rings.empty:
        return None
    ring_id = str(rings.sort_values("rank").ring_id.iloc[0])
    key = init_keys(folder / "demo-keys", force=True)
    out = folder / f"case-{ring_id}.zip"
    result = export_case(store, ring_id, out, key, "police", force=True, progress=progress)
    return DemoBundle(ring_id, out, result, verify_files(read_bundle(out)))
