"""Writing input rows into Neo4j: constraints first, then batches of new rows, nodes before relationships.

The store finds the rows Neo4j lacks by key first (``existing_keys``), so a batch holds new rows
only. Each batch is one managed transaction (the whole batch lands or none of it, retried on
transient errors) running its table's ``cypher/load/<table>.cypher``: ``CREATE`` the event nodes
(Visit, Claim, FeeLine…) with ``$rows``, ``MERGE`` the entity nodes they name (Person, Drug,
Institution…, which other loads may create at the same time), then one pass per relationship
type, both ends found by key through the uniqueness constraints' indexes, ``CREATE``. The passes
read ``$links``: the rows cut down to the columns they use, so the full rows cross the wire once.
Entity tables (persons, institutions…) MERGE their node, whose row may arrive after something named it.

A batch killed half-way left nothing, so a re-run finds its keys missing and writes them; loading
the same files twice, or re-running a load killed half-way, ends in the graph of one clean load.
"""
from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import Any, Callable, Iterator

import pyarrow as pa
import pyarrow.compute as pc

from graphfraud import cypher
from graphfraud.schema import TABLES
from graphfraud.store.neo4j_connect import QueryRunner

# The label whose nodes hold a table's rows (psn_ident rows live on HAS_IDENTIFIER relationships).
TABLE_LABELS = {"psn_info": "Person", "fixmedins": "Institution", "practitioner": "Practitioner",
                "drug_catalog": "Drug", "mdtrt_d": "Visit", "setl_d": "Claim", "fee_list_d": "FeeLine",
                "inv_purc": "Purchase", "inv_sale": "Sale", "inv_stock": "StockTake", "rule_hits": "RuleHit",
                "report_lead": "Lead", "psn_ident": None}
KEY_BATCH = 50_000
Encoder = Callable[[pa.Table], list[dict[str, Any]]]


def ensure_schema(runner: QueryRunner) -> None:
    runner.run("schema", "constraints")
    runner.run("schema", "indexes")


def encode_rows(rows: pa.Table) -> list[dict[str, Any]]:
    """Arrow rows as parameter maps without their nulls (Neo4j stores no null property, and smaller
    maps are cheaper to pack and to apply), times as ISO text: the load statements turn them into
    ``localdatetime`` on the server, because the driver packs a Python datetime ~50x slower than a
    string (it was most of the client's CPU)."""
    columns = [(name, _text_times(rows.column(name)).to_pylist()) for name in rows.column_names]
    out: list[dict[str, Any]] = [{} for _ in range(rows.num_rows)]
    for name, values in columns:
        for row, value in zip(out, values):
            if value is not None:
                row[name] = value
    return out


def _text_times(column: pa.ChunkedArray) -> pa.ChunkedArray:
    if pa.types.is_timestamp(column.type):
        return pc.strftime(column, format="%Y-%m-%dT%H:%M:%S")  # microseconds follow the seconds
    return column


def batches(rows: pa.Table, size: int) -> Iterator[pa.Table]:
    for start in range(0, rows.num_rows, size):
        yield rows.slice(start, size)


@cache
def link_columns(table: str) -> tuple[str, ...]:
    """The columns the relationship passes of ``load/<table>.cypher`` read (``link.<column>``)."""
    stmt = cypher.statement("load", table)
    if "links" not in stmt.params:
        return ()
    used = set(re.findall(r"\blink\.([A-Za-z_][A-Za-z0-9_]*)", stmt.text))
    return tuple(c for c in ["_key", *TABLES[table].stored_columns] if c in used)


def insert_rows(runner: QueryRunner, table: str, rows: pa.Table, batch_size: int,
                encode: Encoder = encode_rows) -> int:
    """Write rows of one input table that Neo4j lacks (the caller found them); returns how many were new."""
    if table not in TABLE_LABELS:
        raise KeyError(f"no Neo4j load statement for table {table}")
    inserted, linked = 0, link_columns(table)
    for batch in batches(rows, batch_size):
        params = {"rows": encode(batch)}
        if linked:
            params["links"] = encode(batch.select([c for c in linked if c in batch.column_names]))
        records = runner.run("load", table, **params)
        inserted += records[0]["inserted"] if records else 0
    return inserted


def existing_keys(runner: QueryRunner, table: str, keys: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(keys), KEY_BATCH):
        chunk = keys[start:start + KEY_BATCH]
        found.update(r["key"] for r in runner.run("load", "existing_keys", table=table, keys=chunk))
    return found


def arrow_schema(table: str) -> pa.Schema:
    """The column types of the embedded store's table, so both stores return the same frames."""
    kinds = {"id": pa.string(), "text": pa.string(), "time": pa.timestamp("us"), "num": pa.float64(),
             "flag": pa.int32()}
    spec = TABLES[table]
    return pa.schema([("_key", pa.string())] + [(c, kinds[spec.columns[c]]) for c in spec.stored_columns]
                     + [("_src_file", pa.string()), ("_src_line", pa.int64()), ("_load_id", pa.int32())])


def rows_to_arrow(table: str, rows: list[dict[str, Any]]) -> pa.Table:
    schema = arrow_schema(table)
    columns = {f.name: [native(r.get(f.name)) for r in rows] for f in schema}
    return pa.table(columns, schema=schema)


def native(value: Any) -> Any:
    """Neo4j temporal values as Python datetimes; everything else unchanged."""
    to_native = getattr(value, "to_native", None)
    return to_native() if to_native is not None and not isinstance(value, (dt.date, dt.datetime)) else value
