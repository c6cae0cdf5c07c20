"""Gather everything a bundle needs about one ring from the store, through named queries only.

Every query run is recorded with its parameters (the extraction record must name "the exact
queries with parameters", 法发〔2016〕22号 art. 14), and every source row keeps its file and line.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from graphfraud.errors import NotFound
from graphfraud.store.base import GraphStore

RING_COLLECTIONS = ("rings", "ring_members", "ring_indicators", "ring_evidence", "runs")


@dataclass
class QueryRecord:
    """One named read query as run: enough to run it again and get the same rows."""

    name: str
    store: str
    params: dict[str, Any]
    text_sha256: str
    rows: int


@dataclass
class CaseData:
    """One ring and its evidence as read from the store; every frame keeps src_file/src_line."""

    ring: dict[str, Any]
    run: dict[str, Any]
    members: pd.DataFrame
    indicators: pd.DataFrame
    evidence: pd.DataFrame
    persons: pd.DataFrame
    institutions: pd.DataFrame
    practitioners: pd.DataFrame
    identifiers: pd.DataFrame
    settlements: pd.DataFrame
    fee_lines: pd.DataFrame
    trace_rows: pd.DataFrame
    rule_hits: pd.DataFrame
    sources: list[dict[str, Any]] = field(default_factory=list)
    queries: list[QueryRecord] = field(default_factory=list)

    @property
    def ring_id(self) -> str:
        return str(self.ring["ring_id"])

    def keys_of(self, label: str) -> list[str]:
        return member_keys(self.members, label)


def member_keys(members: pd.DataFrame, label: str) -> list[str]:
    return sorted(members.loc[members.label == label, "key"].astype(str))


class _Reader:
    """Runs named frames on the store and keeps the record of each."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.queries: list[QueryRecord] = []

    def frame(self, name: str, **params: Any) -> pd.DataFrame:
        rows = self.store.frame(name, **params)
        text = self.store.query_text(name)
        self.queries.append(QueryRecord(name, self.store.name, params,
                                        hashlib.sha256(text.encode("utf-8")).hexdigest(), len(rows)))
        return rows


def require_ring(store: GraphStore, ring_id: str, rings: pd.DataFrame | None = None) -> dict[str, Any]:
    """The stored ring row of ``ring_id``; NotFound (with some known IDs) when there is none."""
    rings = store.get_results("rings") if rings is None else rings
    chosen = rings[rings.ring_id.astype(str) == ring_id] if len(rings) else rings
    if chosen.empty:
        known = ", ".join(sorted(rings.ring_id.astype(str))[:5]) if len(rings) else "none stored yet"
        raise NotFound(f"no ring {ring_id!r} in the workspace", f"see graphfraud rings (known: {known})")
    return _plain(chosen.iloc[0].to_dict())


def collect_case(store: GraphStore, ring_id: str) -> CaseData:
    """Read ring ``ring_id`` and its source rows; NotFound when no such ring is stored."""
    results = {name: store.get_results(name) for name in RING_COLLECTIONS}
    ring = require_ring(store, ring_id, results["rings"])
    of_ring = {name: _rows_of(results[name], ring_id) for name in ("ring_members", "ring_indicators", "ring_evidence")}
    runs = results["runs"]
    run = runs[runs.run_id == ring.get("run_id")] if len(runs) and "run_id" in runs else pd.DataFrame()
    evidence = of_ring["ring_evidence"]
    # A tip may seed a ring, but only its lead ID may travel (医保办发〔2022〕22号): no lead rows.
    evidence = evidence[evidence.get("table", pd.Series(dtype=str)).astype(str) != "report_lead"] if len(evidence) else evidence
    members = of_ring["ring_members"].sort_values("node_id").reset_index(drop=True)
    reader = _Reader(store)
    case = _read_rows(reader, ring, members, evidence)
    case.indicators = of_ring["ring_indicators"].sort_values("indicator").reset_index(drop=True)
    case.run = _plain(run.iloc[0].to_dict()) if len(run) else {}
    case.sources = source_files(store, case)
    case.queries = reader.queries
    return case


def _read_rows(reader: _Reader, ring: dict[str, Any], members: pd.DataFrame, evidence: pd.DataFrame) -> CaseData:
    setl_ids = sorted(evidence["setl_id"].dropna().astype(str).unique()) if len(evidence) else []
    settlements = reader.frame("case_settlements", setl_ids=setl_ids)
    all_setl = sorted(settlements.setl_id.astype(str))
    fee_lines = reader.frame("case_fee_lines", setl_ids=all_setl)
    codes = sorted({c.strip() for v in fee_lines.drug_trac_codg.dropna() for c in _split_codes(v) if c.strip()})
    persons, institutions, doctors = (member_keys(members, label) for label in ("Person", "Institution", "Practitioner"))
    return CaseData(
        ring=ring, run={}, members=members, indicators=pd.DataFrame(),
        evidence=evidence.sort_values(["indicator", "evidence_id"]).reset_index(drop=True) if len(evidence) else evidence,
        persons=reader.frame("case_persons", psn_nos=persons),
        institutions=reader.frame("case_institutions", codes=institutions),
        practitioners=reader.frame("case_practitioners", dr_codes=doctors),
        identifiers=reader.frame("case_identifiers", node_ids=sorted(members.node_id.astype(str))),
        settlements=settlements, fee_lines=fee_lines,
        trace_rows=reader.frame("case_trace_rows", codes=codes),
        rule_hits=reader.frame("case_rule_hits", psn_nos=persons, fixmedins_codes=institutions, setl_ids=all_setl),
    )


def _split_codes(value: str) -> list[str]:
    return str(value).replace(";", ",").replace("|", ",").split(",")


def _rows_of(frame: pd.DataFrame, ring_id: str) -> pd.DataFrame:
    if frame.empty:
        return frame
    return frame[frame.ring_id.astype(str) == ring_id].reset_index(drop=True)


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    """numpy scalars and NaN to plain Python values, so documents and JSON print them cleanly."""
    out = {}
    for key, value in row.items():
        if hasattr(value, "item"):
            value = value.item()
        out[key] = None if isinstance(value, float) and value != value else value
    return out


def source_files(store: GraphStore, case: CaseData) -> list[dict[str, Any]]:
    """The input files the case's rows came from, with their SHA-256 where the file is still there."""
    used: dict[str, set[str]] = {}
    for table, frame in (("setl_d", case.settlements), ("fee_list_d", case.fee_lines), ("psn_info", case.persons),
                         ("fixmedins", case.institutions), ("practitioner", case.practitioners),
                         ("rule_hits", case.rule_hits), ("", case.trace_rows), ("", case.evidence)):
        if len(frame) and "src_file" in frame:
            for name in frame.src_file.dropna().astype(str).unique():
                used.setdefault(name, set()).add(table or "")
    loads = _loads_by_file(store)
    out = []
    for name in sorted(used):
        seen = loads.get(name, [])
        path = next((Path(folder) / name for folder, _ in seen if (Path(folder) / name).is_file()), None)
        out.append({"file": name, "sha256": _sha256(path) if path else None,
                    "bytes": path.stat().st_size if path else None,
                    "load_ids": sorted(load_id for _, load_id in seen), "available": path is not None})
    return out


def _loads_by_file(store: GraphStore) -> dict[str, list[tuple[str, int]]]:
    """file name -> [(data_dir, load_id)] of every load that read it."""
    loads: dict[str, list[tuple[str, int]]] = {}
    for report in store.load_history(10_000):
        for entry in report.get("files", []):
            loads.setdefault(entry["file"], []).append((str(report.get("data_dir", "")), int(report.get("load_id") or 0)))
    return loads


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def params_digest(params: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON of a query's parameters (long ID lists print as this)."""
    return hashlib.sha256(json.dumps(params, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()
