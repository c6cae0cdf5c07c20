"""Store backends behind one interface: the embedded DuckDB workspace and Neo4j."""
from __future__ import annotations

from graphfraud.store.base import EdgeList, GraphStore, Subgraph, node_id, split_node_id

__all__ = ["EdgeList", "GraphStore", "Subgraph", "node_id", "split_node_id"]
