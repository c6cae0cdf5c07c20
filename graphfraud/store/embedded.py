"""The embedded store: one DuckDB workspace file, no server. The default for demos, offices and tests."""
from __future__ import annotations

import copy
import json
import re
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import duckdb
import pandas as pd
import pyarrow as pa

from graphfraud import settings
from graphfraud.errors import InputError, StoreUnavailable
from graphfraud.schema import TABLES, Table
from graphfraud.store.base import GraphStore
from graphfraud.store.frames import arrow_to_pandas
from graphfraud.store.collections import REGISTRY, RUN_KEY
from graphfraud.store.sql_files import bound, sql, statement

SQL_TYPES = {"id": "VARCHAR", "text": "VARCHAR", "time": "TIMESTAMP", "num": "DOUBLE", "flag": "INTEGER"}


def _table_ddl(table: Table) -> str:
    columns = ", ".join(f'"{c}" {SQL_TYPES[table.columns[c]]}' for c in table.stored_columns)
    return (f"CREATE TABLE IF NOT EXISTS {table.name} (_key VARCHAR NOT NULL, {columns}, "
            "_src_file VARCHAR, _src_line BIGINT, _load_id INTEGER)")


def _memory_limit() -> str:
    """The ``workspace_memory`` setting, checked: DuckDB's page cache otherwise grows to 80 % of RAM
    beside the detectors' pandas frames and igraph (an empty value keeps DuckDB's default)."""
    limit = str(settings.get("workspace_memory")).strip()
    if limit and not re.fullmatch(r"\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB|%)", limit, re.IGNORECASE):
        raise InputError(f"GRAPHFRAUD_WORKSPACE_MEMORY={limit!r} is not an amount of memory",
                         "give one such as 4GB or 25%, or unset it")
    return limit


PAIRED_MAX_SETTLEMENTS = 2_000_000  # about 5e6 fee lines: 0.85 GB peak at 1e6 with two readers


class EmbeddedStore(GraphStore):
    """The DuckDB workspace. Transactional: ``transaction()`` makes a load all-or-nothing."""

    name = "embedded"
    where = "workspace"

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        self.path = Path(path)
        limit = _memory_limit()
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
        if limit:  # SET takes no prepared parameters; _memory_limit checked the value
            self.con.execute(f"SET memory_limit = '{limit}'").fetchall()
        if not read_only:
            self._create_schema()


    def _create_schema(self) -> None:
        for table in TABLES.values():
            self.con.execute(_table_ddl(table)).fetchall()
        self.con.execute("CREATE TABLE IF NOT EXISTS _loads (load_id INTEGER, report JSON)").fetchall()
        self.con.execute(statement("graph_views").text).fetchall()

    # -- loading -----------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside land together or not at all (DuckDB rolls back on any exception)."""
        self.con.execute("BEGIN TRANSACTION").fetchall()
        try:
            yield
        except BaseException:
            self.con.execute("ROLLBACK").fetchall()
            raise
        self.con.execute("COMMIT").fetchall()

    # Rows to load are read by DuckDB's scan of a local variable, not through ``con.register``: a
    # registered table is a view, and inside the load's transaction a dropped view (and the Arrow
    # data it holds) lives on until COMMIT, so every batch of a load stayed in memory to the end
    # (3.5 GB of a 1e7-line Parquet load).
    def existing_keys(self, table: str, keys: list[str]) -> set[str]:
        if not keys:
            return set()
        wanted = pa.table({"_key": pa.array(keys, pa.string())})  # noqa: F841 - scanned by name below
        return {r[0] for r in self.con.execute(f"SELECT _key FROM {table} SEMI JOIN wanted USING (_key)").fetchall()}

    def insert_new(self, table: str, rows: pa.Table) -> int:
        incoming = rows  # noqa: F841 - scanned by name below
        before = self._count(table)
        self.con.execute(f"INSERT INTO {table} BY NAME SELECT i.* FROM incoming i ANTI JOIN {table} t USING (_key)").fetchall()
        return self._count(table) - before

    def rekey(self, table: str, changes: dict[str, str]) -> int:
        if table not in TABLES:
            raise InputError(f"unknown table {table!r}")
        self.con.register("rekeyed", pa.table({"old": list(changes), "new": list(changes.values())}))
        try:
            return int(self.con.execute(f"UPDATE {table} SET _key = r.new FROM rekeyed r WHERE {table}._key = r.old")
                       .fetchall()[0][0])
        finally:
            self.con.unregister("rekeyed")

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
        return arrow_to_pandas(self.con.sql(f"SELECT {cols} FROM {name} ORDER BY _key").to_arrow_table())

    def frame(self, name: str, **params: Any) -> pd.DataFrame:
        stmt, args = bound(name, params)
        return arrow_to_pandas(self.con.sql(stmt.text, params=args).to_arrow_table())

    def query_text(self, name: str) -> str:
        return sql(name)

    def _existing(self, ids: list[str]) -> list[str]:
        found = self.con.execute("SELECT id FROM g_nodes WHERE id IN (SELECT unnest($ids)) ORDER BY id",
                                 {"ids": ids}).fetchall()
        return [r[0] for r in found]

    def _neighbours(self, ids: list[str], rel_types: list[str] | None = None) -> pd.DataFrame:
        query = ("SELECT src, dst, type FROM g_edges WHERE (src IN (SELECT unnest($ids)) OR dst IN (SELECT unnest($ids)))"
                 + (" AND type IN (SELECT unnest($types))" if rel_types else ""))
        params: dict[str, Any] = {"ids": ids}
        if rel_types:
            params["types"] = rel_types
        return self.con.execute(query, params).df()

    def _node_rows(self, ids: list[str]) -> pd.DataFrame:
        return self.con.execute("SELECT id, label, key, name FROM g_nodes WHERE id IN (SELECT unnest($ids))",
                                {"ids": ids}).df()

    def _degrees(self, ids: list[str]) -> dict[str, int]:
        if not ids:
            return {}
        rows = self.con.execute(
            "SELECT id, count(*) FROM (SELECT src AS id FROM g_edges WHERE src IN (SELECT unnest($ids)) "
            "UNION ALL SELECT dst FROM g_edges WHERE dst IN (SELECT unnest($ids))) GROUP BY id", {"ids": ids}).fetchall()
        found = {str(r[0]): int(r[1]) for r in rows}
        return {n: found.get(n, 0) for n in ids}

    # -- results -----------------------------------------------------------------------------
    def _write_rows(self, name: str, rows: pd.DataFrame, replace: bool) -> None:
        table = _result_table(name)
        self.con.register("result_rows", rows)
        try:
            if replace or not self._has_table(table):
                self.con.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM result_rows").fetchall()
                return
            if REGISTRY[name].run_scoped:  # a run's rows may carry columns earlier runs lacked
                stored = {r[0] for r in self.con.execute(f"DESCRIBE {table}").fetchall()}
                for column, kind in self.con.execute("SELECT column_name, column_type FROM (DESCRIBE result_rows)").fetchall():
                    if column not in stored:
                        self.con.execute(f'ALTER TABLE {table} ADD COLUMN "{column}" {kind}').fetchall()
            self.con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM result_rows").fetchall()
        finally:
            self.con.unregister("result_rows")

    def _read_rows(self, name: str) -> pd.DataFrame:
        table = _result_table(name)
        return self.con.sql(f"SELECT * FROM {table}").df() if self._has_table(table) else pd.DataFrame()

    def _delete_run_rows(self, name: str, run_id: str, keep: bool) -> None:
        table = _result_table(name)
        if not self._has_table(table):
            return
        has_run = RUN_KEY in {r[0] for r in self.con.execute(f"DESCRIBE {table}").fetchall()}
        if keep:
            where = f"{RUN_KEY} IS DISTINCT FROM $run" if has_run else "true"
        elif has_run:
            where = f"{RUN_KEY} = $run"
        else:
            return
        self.con.execute(f"DELETE FROM {table} WHERE {where}", {"run": run_id} if has_run else {}).fetchall()

    def _has_table(self, table: str) -> bool:
        return bool(self.con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?",
                                     [table]).fetchall()[0][0])

    @property
    def readers(self) -> int:
        """Two, so that one detector's query runs while another works on its frames (one process used
        1.2 of two cores); one above ``PAIRED_MAX_SETTLEMENTS``, where two detectors' frames held at
        once would take the peak memory of a province's year past its budget (6.5 GB at 1e7 fee lines,
        5.9 GB one at a time)."""
        return 2 if self._count("setl_d") <= PAIRED_MAX_SETTLEMENTS else 1

    @contextmanager
    def reader(self) -> Iterator[EmbeddedStore]:
        """A view of this workspace through its own DuckDB cursor: one connection is not to be shared
        by threads, its cursors are (same database, same data)."""
        view = copy.copy(self)
        view.con = self.con.cursor()
        try:
            yield view
        finally:
            view.con.close()

    def close(self) -> None:
        self.con.close()


def _result_table(collection: str) -> str:
    if not collection.replace("_", "").isalnum():
        raise InputError(f"bad result collection name {collection!r}")
    return "res_" + collection
