"""The embedded store: one DuckDB workspace file, no server. The default for demos, offices and tests."""
from __future__ import annotations

import json
from collections import deque
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import duckdb
import pandas as pd
import pyarrow as pa

from graphfraud.errors import InputError, NotFound, StoreUnavailable
from graphfraud.schema import TABLES, Table
from graphfraud.store.base import GraphStore, Subgraph
from graphfraud.store.sql_files import PARAM, sql

SQL_TYPES = {"id": "VARCHAR", "text": "VARCHAR", "time": "TIMESTAMP", "num": "DOUBLE", "flag": "INTEGER"}
RESOLVE_LABELS = ("Person", "Institution", "Practitioner", "Drug", "Claim", "Visit", "TraceCode", "Lead", "RuleHit")


def _table_ddl(table: Table) -> str:
    columns = ", ".join(f'"{c}" {SQL_TYPES[table.columns[c]]}' for c in table.stored_columns)
    return (f"CREATE TABLE IF NOT EXISTS {table.name} (_key VARCHAR NOT NULL, {columns}, "
            "_src_file VARCHAR, _src_line BIGINT, _load_id INTEGER)")


class EmbeddedStore(GraphStore):
    name = "embedded"

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        self.path = Path(path)
        if read_only and not self.path.exists():
            raise StoreUnavailable(f"workspace {self.path} does not exist",
                                   "load data first: graphfraud load DATA_DIR --workspace " + str(self.path))
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.IOException as exc:
            if "lock" in str(exc).lower():
                raise StoreUnavailable(f"workspace {self.path} is in use by another graphfraud process",
                                       "wait for it to finish, or use another --workspace") from exc
            raise StoreUnavailable(f"cannot open workspace {self.path}: {exc}",
                                   "check the path, or give another --workspace") from exc
        if not read_only:
            self._create_schema()

    def _create_schema(self) -> None:
        for table in TABLES.values():
            self.con.execute(_table_ddl(table)).fetchall()
        self.con.execute("CREATE TABLE IF NOT EXISTS _loads (load_id INTEGER, report JSON)").fetchall()
        self.con.execute(sql("graph_views")).fetchall()

    # -- loading -----------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[None]:
        self.con.execute("BEGIN TRANSACTION").fetchall()
        try:
            yield
        except BaseException:
            self.con.execute("ROLLBACK").fetchall()
            raise
        self.con.execute("COMMIT").fetchall()

    def existing_keys(self, table: str, keys: list[str]) -> set[str]:
        if not keys:
            return set()
        self.con.register("wanted", pa.table({"_key": pa.array(keys, pa.string())}))
        try:
            return {r[0] for r in self.con.execute(f"SELECT _key FROM {table} SEMI JOIN wanted USING (_key)").fetchall()}
        finally:
            self.con.unregister("wanted")

    def insert_new(self, table: str, rows: pa.Table) -> int:
        self.con.register("incoming", rows)
        try:
            before = self._count(table)
            self.con.execute(f"INSERT INTO {table} BY NAME SELECT i.* FROM incoming i ANTI JOIN {table} t USING (_key)").fetchall()
            return self._count(table) - before
        finally:
            self.con.unregister("incoming")

    def _count(self, table: str) -> int:
        return self.con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]

    def next_load_id(self) -> int:
        return self.con.execute("SELECT coalesce(max(load_id), 0) + 1 FROM _loads").fetchall()[0][0]

    def record_load(self, report: dict[str, Any]) -> None:
        self.con.execute("INSERT INTO _loads VALUES (?, ?)", [report["load_id"], json.dumps(report, default=str)]).fetchall()

    def load_history(self, limit: int = 10) -> list[dict[str, Any]]:
        rows = self.con.execute("SELECT report FROM _loads ORDER BY load_id DESC LIMIT ?", [limit]).fetchall()
        return [json.loads(r[0]) for r in rows]

    # -- reading -----------------------------------------------------------------------------
    def counts(self) -> dict[str, dict[str, int]]:
        nodes = dict(self.con.execute("SELECT label, count(*) FROM g_nodes GROUP BY label").fetchall())
        rels = dict(self.con.execute("SELECT type, count(*) FROM g_edges GROUP BY type").fetchall())
        return {"nodes": dict(sorted(nodes.items())), "relationships": dict(sorted(rels.items()))}

    def date_range(self) -> tuple[Any, Any]:
        return tuple(self.con.execute("SELECT min(setl_time), max(setl_time) FROM setl_d").fetchall()[0])

    def table(self, name: str, columns: list[str] | None = None) -> pd.DataFrame:
        if name not in TABLES:
            raise InputError(f"unknown table {name!r}", "use one of: " + ", ".join(TABLES))
        cols = ", ".join(f'"{c}"' for c in columns) if columns else "*"
        return self.con.sql(f"SELECT {cols} FROM {name} ORDER BY _key").df()

    def frame(self, name: str, **params: Any) -> pd.DataFrame:
        text = sql(name)
        used = sorted(set(PARAM.findall(text)))
        missing = [p for p in used if p not in params]
        if missing:
            raise InputError(f"query {name} needs parameters: {', '.join(missing)}")
        return self.con.execute(text, {p: params[p] for p in used}).df()

    def subgraph(self, node_ids: list[str], hops: int = 1, limit: int = 500) -> Subgraph:
        seen = set(node_ids)
        frontier = list(node_ids)
        edges: list[pd.DataFrame] = []
        for _ in range(hops):
            if not frontier or len(seen) >= limit:
                break
            found = self._neighbours(frontier)
            edges.append(found)
            fresh = [n for n in pd.unique(pd.concat([found.src, found.dst])) if n not in seen][: limit - len(seen)]
            seen.update(fresh)
            frontier = fresh
        edge_frame = pd.concat(edges) if edges else pd.DataFrame(columns=["src", "dst", "type"])
        edge_frame = edge_frame[edge_frame.src.isin(seen) & edge_frame.dst.isin(seen)].drop_duplicates()
        nodes = self.con.execute("SELECT id, label, key, name FROM g_nodes WHERE id IN (SELECT unnest($ids))",
                                 {"ids": sorted(seen)}).df()
        return Subgraph(nodes.sort_values("id").reset_index(drop=True),
                        edge_frame.sort_values(["src", "dst", "type"]).reset_index(drop=True))

    def _neighbours(self, ids: list[str], rel_types: list[str] | None = None) -> pd.DataFrame:
        query = ("SELECT src, dst, type FROM g_edges WHERE (src IN (SELECT unnest($ids)) OR dst IN (SELECT unnest($ids)))"
                 + (" AND type IN (SELECT unnest($types))" if rel_types else ""))
        params: dict[str, Any] = {"ids": ids}
        if rel_types:
            params["types"] = rel_types
        return self.con.execute(query, params).df()

    def shortest_paths(self, a: str, b: str, max_hops: int = 6, rel_types: list[str] | None = None,
                       limit: int = 5) -> list[list[str]]:
        """Breadth-first from both ends is unnecessary at investigator scale: plain BFS with parents."""
        import networkx as nx

        graph = nx.Graph()
        frontier, seen = [a], {a}
        for _ in range(max_hops):
            if b in seen or not frontier:
                break
            found = self._neighbours(frontier, rel_types)
            graph.add_edges_from(zip(found.src, found.dst))
            fresh = {n for n in pd.concat([found.src, found.dst]) if n not in seen}
            seen |= fresh
            frontier = sorted(fresh)
        if b not in graph or a not in graph:
            return []
        paths = nx.all_shortest_paths(graph, a, b)
        return [p for _, p in zip(range(limit), sorted(paths))]

    def resolve(self, text: str) -> list[str]:
        if ":" in text and text.split(":", 1)[0] in RESOLVE_LABELS + ("Identifier", "FeeLine", "Sale", "Purchase"):
            candidates = [text]
        else:
            candidates = [f"{label}:{text}" for label in RESOLVE_LABELS]
        found = self.con.execute("SELECT id FROM g_nodes WHERE id IN (SELECT unnest($ids)) ORDER BY id",
                                 {"ids": candidates}).fetchall()
        if not found:
            raise NotFound(f"no entity with ID {text!r} in the workspace",
                           "give a psn_no, fixmedins_code, dr_code, med_list_codg, setl_id or Label:key")
        return [r[0] for r in found]

    # -- results -----------------------------------------------------------------------------
    def put_results(self, collection: str, rows: pd.DataFrame, replace: bool = True) -> None:
        name = _result_table(collection)
        self.con.register("result_rows", rows)
        try:
            exists = self.con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?",
                                      [name]).fetchall()[0][0]
            if replace or not exists:
                self.con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM result_rows").fetchall()
            else:
                self.con.execute(f"INSERT INTO {name} BY NAME SELECT * FROM result_rows").fetchall()
        finally:
            self.con.unregister("result_rows")

    def get_results(self, collection: str) -> pd.DataFrame:
        name = _result_table(collection)
        exists = self.con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?",
                                  [name]).fetchall()[0][0]
        return self.con.sql(f"SELECT * FROM {name}").df() if exists else pd.DataFrame()

    def close(self) -> None:
        self.con.close()


def _result_table(collection: str) -> str:
    if not collection.replace("_", "").isalnum():
        raise InputError(f"bad result collection name {collection!r}")
    return "res_" + collection
