"""Result collections (rings, members, indicators, evidence, leads, audit) kept in Neo4j.

Each row is a ``(:ResultRow {_collection, _seq, ...columns})`` node and each collection has a
``(:ResultCollection {name, columns, dtypes})`` node keeping the column order. Declared columns
take their types from the registry (``graphfraud.store.collections``, applied by the store base);
the recorded pandas dtypes serve only columns a collection does not declare. Rings are ``:Ring``
nodes too, linked ``[:HAS_MEMBER {role, score}]`` to their member nodes: an investigator in Bloom
expands a ring straight into the graph.
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from graphfraud.store.neo4j_connect import QueryRunner
from graphfraud.store.neo4j_load import native

ROW_BATCH = 10_000


def put(runner: QueryRunner, collection: str, rows: pd.DataFrame, replace: bool) -> None:
    described = runner.run("results", "get_collection", collection=collection)
    if replace or not described:
        runner.run("results", "delete_collection", collection=collection)
        columns, dtypes, start = [str(c) for c in rows.columns], [str(t) for t in rows.dtypes], 0
    else:
        columns, dtypes = list(described[0]["columns"]), list(described[0]["dtypes"])
        start = int(described[0]["next_seq"])
        fresh = [c for c in rows.columns if c not in columns]
        columns += [str(c) for c in fresh]
        dtypes += [str(rows[c].dtype) for c in fresh]
    runner.run("results", "put_collection", collection=collection, columns=columns, dtypes=dtypes)
    records = [{k: v for k, v in ((k, plain(v)) for k, v in row.items()) if v is not None}
               for row in rows.to_dict("records")]
    for offset in range(0, len(records), ROW_BATCH):
        chunk = records[offset:offset + ROW_BATCH]
        for seq, row in enumerate(chunk, start=start + offset):
            row["_seq"] = seq
        runner.run("results", "put_rows", collection=collection, rows=chunk)


def get(runner: QueryRunner, collection: str) -> pd.DataFrame:
    described = runner.run("results", "get_collection", collection=collection)
    if not described:
        return pd.DataFrame()
    columns, dtypes = list(described[0]["columns"]), list(described[0]["dtypes"])
    rows = [r["row"] for r in runner.run("results", "get_rows", collection=collection)]
    frame = pd.DataFrame({c: [native(r.get(c)) for r in rows] for c in columns}, columns=columns)
    for column, dtype in zip(columns, dtypes):
        frame[column] = _as_dtype(frame[column], dtype)
    return frame


def delete_run_rows(runner: QueryRunner, collection: str, run_id: str, keep: bool) -> None:
    """Delete the rows written under ``run_id``, or (``keep``) every row of another run or of none."""
    if keep:
        runner.run("results", "prune_run_rows", collection=collection, run=run_id)
    else:
        runner.run("results", "delete_run_rows", collection=collection, run=run_id)


def _as_dtype(values: pd.Series, dtype: str) -> pd.Series:
    if dtype.startswith("datetime64"):
        return pd.to_datetime(values).astype(dtype)
    try:
        return values.astype(dtype)
    except (TypeError, ValueError):
        return values  # e.g. an int column that gained nulls on append: keep what was stored


def plain(value: Any) -> Any:
    """A cell as a value the driver can send: numpy scalars unwrapped, NaN/NaT as missing."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.to_pydatetime()
    if isinstance(value, np.ndarray):
        return [plain(v) for v in value.tolist()]
    if value is None or value is pd.NaT or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return value


def member_links(members: pd.DataFrame, element_ids: dict[str, str]) -> list[dict[str, Any]]:
    """HAS_MEMBER links for the ring_members rows whose node is in the graph."""
    if members.empty or "node_id" not in members:
        return []
    links = []
    for row in members.to_dict("records"):
        eid = element_ids.get(row["node_id"])
        if eid is not None:
            links.append({"ring_id": plain(row.get("ring_id")), "eid": eid, "role": plain(row.get("role")),
                          "score": plain(row.get("score"))})
    return links
