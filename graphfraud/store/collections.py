"""Every result collection a store keeps, with its columns, their types and its key: one typed registry.

Both stores read and write collections through ``GraphStore.put_results``/``get_results``, which
cast the declared columns to their declared types, so a frame reads back the same from DuckDB and
from Neo4j (Neo4j keeps no column types of its own). ``neo4j push`` copies every collection listed here.

Scopes say how a collection changes:

- ``run``: the rows of one detection run (rings and what hangs off them). A run's rows are written
  under its run ID (the hidden ``_run`` column) and become live only when its ``runs`` row is
  appended, the one last write; readers see the live run; older runs are pruned after the switch.
- ``run_history``: rows appended by each run (ring lineage), also under ``_run``; readers see those
  of committed runs only.
- ``history``: only ever appended to (runs, leads and their events, the audit log, refresh state).
- ``state``: replaced as a whole (the audit head).

>>> REGISTRY["ring_members"].key
('ring_id', 'node_id')
>>> [c.name for c in collections_of("run")]
['rings', 'ring_members', 'ring_context', 'ring_indicators', 'ring_evidence']
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pandas as pd

from graphfraud.errors import InputError

Kind = Literal["text", "int", "float", "time"]
Scope = Literal["run", "run_history", "history", "state"]
RUN_KEY = "_run"  # the hidden column of run-scoped rows: the run that wrote them
COMMIT = "runs"  # appending a run's row here is what makes the run live
AMOUNTS: dict[str, Kind] = {"medfee_sumamt": "float", "fund_pay_sumamt": "float", "hifp_pay": "float",
                            "acct_pay": "float"}


@dataclass(frozen=True)
class Collection:
    name: str
    scope: Scope
    key: tuple[str, ...]
    columns: dict[str, Kind]

    @property
    def run_scoped(self) -> bool:
        return self.scope in ("run", "run_history")

    def conform(self, frame: pd.DataFrame) -> pd.DataFrame:
        """``frame`` with its declared columns cast to their types (other columns as they are)."""
        out = frame.copy()
        for column, kind in self.columns.items():
            if column in out.columns:
                out[column] = _cast(out[column], kind, f"{self.name}.{column}")
        if RUN_KEY in out.columns:
            out[RUN_KEY] = _cast(out[RUN_KEY], "text", f"{self.name}.{RUN_KEY}")
        return out


def _cast(values: pd.Series, kind: Kind, where: str) -> pd.Series:
    try:
        if kind == "text" and isinstance(values.dtype, pd.StringDtype):
            return values.astype("str")  # already text: no per-value pass
        if kind == "text":
            return values.astype(object).where(values.notna(), None).map(
                lambda v: v if v is None or isinstance(v, str) else str(v)).astype("str")
        if kind == "time":
            return pd.to_datetime(values).astype("datetime64[us]")
        if kind == "int":
            return values.astype("Int64" if values.isna().any() else "int64")
        return values.astype("float64")
    except (TypeError, ValueError) as exc:
        raise InputError(f"column {where} does not hold {kind} values: {exc}") from None


def _text(*names: str) -> dict[str, Kind]:
    return {n: "text" for n in names}


REGISTRY: dict[str, Collection] = {c.name: c for c in (
    Collection("runs", "history", ("run_id",), {
        **_text("run_id", "started", "finished", "store", "algorithm"), "seed": "int", **_text("params", "versions")}),
    Collection("rings", "run", ("ring_id",), {
        **_text("ring_id", "run_id"), "rank": "int", "score": "float", **_text("typology", "breakdown", "families"),
        "decisive": "int", "members": "int", "persons": "int", "institutions": "int", "doctors": "int",
        "context_persons": "int", **AMOUNTS, "settlements": "int",
        "amount_class": "text", "period_start": "time", "period_end": "time", "summary": "text"}),
    Collection("ring_members", "run", ("ring_id", "node_id"), {
        **_text("ring_id", "node_id", "label", "key", "name", "role", "basis"), "score": "float"}),
    Collection("ring_context", "run", ("ring_id", "node_id"), {
        **_text("ring_id", "node_id", "label", "key", "name", "role", "basis"), "score": "float"}),
    Collection("ring_indicators", "run", ("ring_id", "indicator"), {
        **_text("ring_id", "indicator"), "weight": "float", "links": "int", "flags": "int", "contribution": "float",
        "explanation": "text"}),
    Collection("ring_evidence", "run", ("ring_id", "indicator", "evidence_id", "table", "row_key"), {
        **_text("ring_id", "indicator", "evidence_id", "entities", "table", "row_key", "src_file"), "src_line": "int",
        "setl_id": "text", **AMOUNTS, "detail": "text", "event_time": "time"}),
    Collection("ring_lineage", "run_history", ("run_id", "ring_id"), _text("run_id", "ring_id", "previous_ring_ids", "change")),
    Collection("leads", "history", ("lead_id",), {
        **_text("lead_id", "source_key", "opened", "source", "run_id", "ring_id", "typology"), "score": "float",
        **_text("persons", "institutions", "doctors", "previous_leads"), **AMOUNTS,
        **_text("amount_class", "period_start", "period_end", "summary")}),
    Collection("lead_events", "history", ("seq",), {
        "lead_id": "text", "seq": "int", **_text("time", "operator", "action", "status", "assignee", "due", "note")}),
    Collection("referrals", "history", ("seq",), {
        **_text("lead_id", "agency"), "seq": "int", **_text("time", "operator", "state", "bundle", "sha256", "note")}),
    Collection("audit", "history", ("seq",), {
        "seq": "int", **_text("time", "operator", "command", "params"), "exit_code": "int",
        **_text("result_digest", "result", "subjects", "prev_hash", "hash")}),
    Collection("audit_head", "state", ("seq",), {"seq": "int", "hash": "text"}),
    Collection("identity_links", "state", ("psn_a", "psn_b"), {
        **_text("psn_a", "psn_b"), "match_weight": "float", "match_probability": "float",
        **_text("certno", "name", "brdy", "gend", "tel", "addr", "linked")}),
    Collection("inspection_plans", "history", ("plan_id", "order"), {
        **_text("plan_id", "drawn"), "seed": "int", "random_share": "float", "order": "int",
        **_text("part", "fixmedins_code", "name", "fixmedins_type", "admdvs"), "score": "float", "weight": "float",
        **_text("reasons", "inspectors", "inspector_names")}),
    Collection("refresh_files", "history", ("path", "sha256"), {
        **_text("path", "sha256"), "size": "int", "refresh_id": "int"}),
    Collection("refresh_steps", "history", ("refresh_id", "step"), {
        "refresh_id": "int", **_text("step", "time", "detail")}),
)}


def collection(name: str) -> Collection:
    """The registered collection ``name``; InputError for any other name (no store keeps it)."""
    try:
        return REGISTRY[name]
    except KeyError:
        raise InputError(f"unknown result collection {name!r}",
                         "register it in graphfraud/store/collections.py") from None


def collections_of(scope: Scope) -> list[Collection]:
    return [c for c in REGISTRY.values() if c.scope == scope]
