"""The naive baseline: pandas rows, one at a time, into a networkx MultiDiGraph.

This is how a first notebook loads 医保 exports: read every column as strings, ``iterrows`` and add
Person, Claim, FeeLine and Drug nodes with their row as attributes. No typing, no rejects, no
de-duplication beyond networkx overwriting a node of the same ID, so it does less than the loader.
"""
from __future__ import annotations

from pathlib import Path

import networkx as nx
import pandas as pd

from graphfraud.schema import table_for_file


def _frames(data_dir: Path, table: str) -> list[pd.DataFrame]:
    paths = sorted(p for p in data_dir.iterdir() if (t := table_for_file(p.name)) and t.name == table)
    return [pd.read_parquet(p).astype(str) if p.suffix == ".parquet" else pd.read_csv(p, dtype=str, keep_default_na=False)
            for p in paths]


def naive_load(data_dir: Path) -> nx.MultiDiGraph:
    """The settlements and fee lines of ``data_dir`` as a property graph, row by row."""
    graph = nx.MultiDiGraph()
    for frame in _frames(data_dir, "setl_d"):
        for _, row in frame.iterrows():
            claim = f"Claim:{row['setl_id']}"
            graph.add_node(claim, label="Claim", **row.to_dict())
            graph.add_node(f"Person:{row['psn_no']}", label="Person")
            graph.add_edge(f"Person:{row['psn_no']}", claim, type="SETTLED")
    for frame in _frames(data_dir, "fee_list_d"):
        for _, row in frame.iterrows():
            line = f"FeeLine:{row['bkkp_sn']}"
            graph.add_node(line, label="FeeLine", **row.to_dict())
            graph.add_node(f"Drug:{row['med_list_codg']}", label="Drug")
            graph.add_edge(f"Claim:{row['setl_id']}", line, type="HAS_LINE")
            graph.add_edge(line, f"Drug:{row['med_list_codg']}", type="OF_DRUG")
    return graph
