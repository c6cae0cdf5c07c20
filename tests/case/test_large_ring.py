"""A ring of 420 members exports with only declared dependencies (issue 11: networkx's layout
needed scipy, so `pip install .` failed on any ring of a few hundred members)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from tests.case.case_synthetic import store_ring, write_data
from tests.helpers import process_env

EXPORT = """
import sys
from pathlib import Path
from graphfraud.case import export_case
from graphfraud.keys import load_signing_key
from graphfraud.store.embedded import EmbeddedStore
with EmbeddedStore(sys.argv[1], read_only=True) as store:
    export_case(store, "R-0001", Path(sys.argv[2]), load_signing_key(Path(sys.argv[3])))
loaded = sorted(m for m in sys.modules if m.split(".")[0] == "scipy")
print("scipy modules:", loaded)
sys.exit(1 if loaded else 0)
"""


@pytest.fixture(scope="module")
def big_ring(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from graphfraud.loaders import load_directory
    from graphfraud.store.embedded import EmbeddedStore

    root = tmp_path_factory.mktemp("big")
    synthetic = write_data(root, members=420)
    with EmbeddedStore(root / "ws.duckdb") as store:
        load_directory(store, synthetic.data_dir, root / "loads")
        store_ring(store, synthetic)
    return root / "ws.duckdb"


def test_a_420_member_ring_exports_without_scipy(big_ring: Path, key_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "big"
    # a fresh interpreter, so that nothing an earlier test imported can hide a missing dependency
    result = subprocess.run([sys.executable, "-c", EXPORT, str(big_ring), str(out), str(key_dir)],
                            capture_output=True, text=True, env=process_env(), timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    graph = nx.read_graphml(out / "data/graph/ring.graphml")
    core = [n for n in graph if graph.nodes[n]["part"] == "core"]
    assert len(core) == 422 and set(core) <= nx.node_connected_component(graph.to_undirected(), core[0])
    import docx

    report = docx.Document(str(out / "data/documents/report.docx"))
    assert len(report.inline_shapes) >= 2
    view = (out / "data/view/ring_view.html").read_text(encoding="utf-8")
    assert view.count('class="n core"') == 422  # every member in the interactive picture
    png = (out / "data/pictures/ring.png").read_bytes()
    assert png.startswith(b"\x89PNG") and len(png) > 20_000
