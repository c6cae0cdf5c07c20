"""Store backends behind one interface: the embedded DuckDB workspace and Neo4j.

``StoreSpec``/``open_store`` say which store a command works on and open it; ``GraphStore`` is the
interface (``store/base.py``); result collections are typed in ``store/collections.py``.
"""
from __future__ import annotations

from graphfraud.store.base import EdgeList, GraphStore, Subgraph, atomic, node_id, split_node_id
from graphfraud.store.spec import StoreSpec, open_store

__all__ = ["EdgeList", "GraphStore", "StoreSpec", "Subgraph", "atomic", "node_id", "open_store", "split_node_id"]
