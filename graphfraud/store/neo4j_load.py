"""Writing input rows into Neo4j: constraints first, then batched ``UNWIND … MERGE`` per table.

Idempotence without one big transaction: each batch is one managed transaction (the whole batch
lands or none of it, retried on transient errors), every node is MERGEd on its label's unique
``_key``, and a row's properties and relationships are written only while its node carries no row
yet (``_load_id IS NULL``). Loading the same files twice, or re-running a load killed half-way,
therefore ends in the graph of one clean load.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Callable, Iterator

import pyarrow as pa

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
    """Arrow rows as parameter maps without their nulls: Neo4j stores no null property, and smaller
    maps are cheaper to pack and to apply."""
    columns = [(name, rows.column(name).to_pylist()) for name in rows.column_names]
    out: list[dict[str, Any]] = [{} for _ in range(rows.num_rows)]
    for name, values in columns:
        for row, value in zip(out, values):
            if value is not None:
                row[name] = value
    return out


def batches(rows: pa.Table, size: int) -> Iterator[pa.Table]:
    for start in range(0, rows.num_rows, size):
        yield rows.slice(start, size)


def insert_rows(runner: QueryRunner, table: str, rows: pa.Table, batch_size: int,
                encode: Encoder = encode_rows) -> int:
    """Write the rows of one input table; returns how many were new to the graph."""
    if table not in TABLE_LABELS:
        raise KeyError(f"no Neo4j load statement for table {table}")
    inserted = 0
    for batch in batches(rows, batch_size):
        records = runner.run("load", table, rows=encode(batch))
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
