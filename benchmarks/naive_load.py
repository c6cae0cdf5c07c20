"""The naive baseline: pandas rows, one at a time, into a networkx MultiDiGraph.

This is how a first notebook loads 医保 exports: read every column as strings, ``iterrows`` and add
Claim and FeeLine nodes with their row as attributes, linked to Person and Drug nodes. No typing,
no rejects, no de-duplication beyond networkx overwriting a node of the same ID, so it does less
than the loader.
"""
from __future__ import annotations

from pathlib import Path

import networkx as nx
import pandas as pd

from graphfraud.schema import table_for_file

# table -> (node label, key column, edges as (source ID, target ID, type) templates over the row)
GRAPH = {
    "setl_d": ("Claim", "setl_id", [("Person:{psn_no}", "Claim:{setl_id}", "SETTLED")]),
    "fee_list_d": ("FeeLine", "bkkp_sn", [("Claim:{setl_id}", "FeeLine:{bkkp_sn}", "HAS_LINE"),
                                          ("FeeLine:{bkkp_sn}", "Drug:{med_list_codg}", "OF_DRUG")]),
}


def _frames(data_dir: Path, table: str) -> list[pd.DataFrame]:
    paths = sorted(p for p in data_dir.iterdir() if (t := table_for_file(p.name)) and t.name == table)
    return [pd.read_parquet(p).astype(str) if p.suffix == ".parquet" else pd.read_csv(p, dtype=str, keep_default_na=False)
            for p in paths]


def naive_load(data_dir: Path) -> nx.MultiDiGraph:
    """The settlements and fee lines of ``data_dir`` as a property graph, row by row."""
    graph = nx.MultiDiGraph()
    for table, (label, key, edges) in GRAPH.items():
        for frame in _frames(data_dir, table):
            for _, row in frame.iterrows():
                values = row.to_dict()
                graph.add_node(f"{label}:{values[key]}", label=label, **values)
                for source, target, kind in edges:  # adds the Person and Drug nodes on first sight
                    graph.add_edge(source.format(**values), target.format(**values), type=kind)
    return graph
