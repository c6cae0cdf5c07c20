"""Imported evidence: smart-monitoring rule hits (3101/3102) and tip-offs flag the entities they name.

graphfraud does not re-implement the NHSA rule base; it attaches each hit to its person and
institution as a flag weighted by severity, so a ring containing them scores higher. A tip-off
(``report_lead``) flags its subject by lead ID only: the informant's identity never enters the
graph (医保办发〔2022〕22号), and its fields are not even stored.
"""
from __future__ import annotations

from dataclasses import asdict

import pandas as pd

from graphfraud.detectors.base import Finding
from graphfraud.detectors.config import DetectorConfig
from graphfraud.detectors.frames import evidence, finding, flags
from graphfraud.store.base import GraphStore

NAME = "imported_evidence"
RULE_COLUMNS = ["_key", "rule_id", "rule_name", "psn_no", "fixmedins_code", "setl_id", "vola_amt", "sev_deg",
                "_src_file", "_src_line"]
LEAD_COLUMNS = ["_key", "received_time", "subject_psn_no", "subject_fixmedins_code", "_src_file", "_src_line"]


def detect(store: GraphStore, config: DetectorConfig) -> Finding:
    cfg = config.imported_evidence
    hits = store.table("rule_hits", RULE_COLUMNS)
    leads = store.table("report_lead", LEAD_COLUMNS)
    hits["evidence_id"] = f"{NAME}:rule:" + hits["_key"].astype(str)
    severity = [cfg.severity_weights.get(str(s), 1.0) for s in hits.sev_deg]
    hits["weight"] = cfg.rule_weight * pd.Series(severity, index=hits.index, dtype=float)
    leads["evidence_id"] = f"{NAME}:lead:" + leads["_key"].astype(str)
    flag_frames = [
        _flags(hits, "psn_no", "Person:", hits.weight), _flags(hits, "fixmedins_code", "Institution:", hits.weight),
        _flags(leads, "subject_psn_no", "Person:", cfg.lead_weight),
        _flags(leads, "subject_fixmedins_code", "Institution:", cfg.lead_weight),
    ]
    hit_rows = hits.rename(columns={"_key": "row_key", "_src_file": "src_file", "_src_line": "src_line"})
    lead_rows = leads.rename(columns={"_key": "row_key", "_src_file": "src_file", "_src_line": "src_line"})
    lead_rows = lead_rows.assign(lead_id=lead_rows.row_key, setl_id=None)
    ev = [evidence(store, NAME, hit_rows, "rule_hits", ["rule_id", "rule_name", "sev_deg", "vola_amt"]),
          evidence(store, NAME, lead_rows, "report_lead", ["lead_id", "received_time"])]
    params = asdict(cfg) | {"rule_hits": len(hits), "leads": len(leads)}
    return finding(NAME, [], flag_frames, ev, params)


def _flags(rows: pd.DataFrame, column: str, prefix: str, weight: pd.Series | float) -> pd.DataFrame:
    named = rows[column].notna()
    w = weight[named] if isinstance(weight, pd.Series) else weight
    return flags(prefix + rows.loc[named, column].astype(str), w, rows.loc[named, "evidence_id"])
