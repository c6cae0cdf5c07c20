"""Drug switching (串换): the box dispensed is another product than the drug the fund paid for.

A trace code names its product: the first ``prefix_len`` characters of a 20-character 码上放心
code identify the product and pack (the domain guide's "the product behind T differs from the
settled med_list_codg"). Algorithm:

1. per product prefix and drug variety (Dr12), the fee lines and purchases carrying such codes
   (``det_code_products``); a product belongs to the variety holding ``min_share`` of them, with
   ``min_lines`` or more (purchases count: a pharmacy buys the real product under its real code);
2. a line settled as another variety than its box's product is switched; maker changes stay
   within a variety (Dr12) and are not switching;
3. an institution with ``min_settlements`` switched settlements is flagged; each patient is linked
   to it and flagged from ``min_patient_settlements`` switched settlements (one could be a clerk's
   slip, a pattern is not); a prescriber of switched lines there is linked to it, and flagged from
   ``min_settlements`` of them.
"""
from __future__ import annotations

from dataclasses import asdict

import pandas as pd

from graphfraud.detectors.base import Finding
from graphfraud.detectors.config import DetectorConfig, SwitchedDrug
from graphfraud.detectors.frames import evidence, finding, flags, links
from graphfraud.store.base import GraphStore

NAME = "switched_drug"


def detect(store: GraphStore, config: DetectorConfig) -> Finding:
    cfg = config.switched_drug
    products = store.frame("det_code_products", prefix_len=cfg.prefix_len, code_len=cfg.code_len)
    keys = _foreign(products, cfg)
    params = asdict(cfg) | {"products": int(products.prefix.nunique()) if len(products) else 0,
                            "switched_pairs": len(keys)}
    if not keys:
        return finding(NAME, [], [], [], params)
    lines = store.frame("det_switched_lines", keys=keys, prefix_len=cfg.prefix_len, code_len=cfg.code_len)
    per_place = lines.groupby("fixmedins_code").setl_id.transform("nunique")
    lines = lines[per_place >= cfg.min_settlements].copy()
    params["institutions"] = int(lines.fixmedins_code.nunique())
    if lines.empty:
        return finding(NAME, [], [], [], params)
    lines["evidence_id"] = f"{NAME}:" + lines.fixmedins_code
    place = "Institution:" + lines.fixmedins_code
    patients = lines.dropna(subset=["psn_no"]).groupby(["psn_no", "fixmedins_code", "evidence_id"],
                                                        as_index=False).setl_id.nunique()
    doctors = lines.dropna(subset=["dr_code"]).groupby(["dr_code", "fixmedins_code", "evidence_id"],
                                                       as_index=False).setl_id.nunique()
    repeat = patients[patients.setl_id >= cfg.min_patient_settlements]
    steady = doctors[doctors.setl_id >= cfg.min_settlements]
    link_frames = [links("Person:" + patients.psn_no, "Institution:" + patients.fixmedins_code, cfg.weight,
                         patients.evidence_id),
                   links("Practitioner:" + doctors.dr_code, "Institution:" + doctors.fixmedins_code, cfg.weight,
                         doctors.evidence_id)]
    firsts = lines.drop_duplicates("evidence_id")
    flag_frames = [flags(place[firsts.index], cfg.weight, firsts.evidence_id),
                   flags("Person:" + repeat.psn_no, cfg.weight, repeat.evidence_id),
                   flags("Practitioner:" + steady.dr_code, cfg.weight, steady.evidence_id)]
    ev = evidence(store, NAME, lines, "fee_list_d", ["code", "med_list_codg", "psn_no", "fixmedins_code", "dr_code",
                                                     "t"])
    return finding(NAME, link_frames, flag_frames, [ev], params)


def _foreign(products: pd.DataFrame, cfg: SwitchedDrug) -> list[str]:
    """"prefix|Dr12" pairs where a product known to belong to one variety was settled as another."""
    if products.empty:
        return []
    p = products.assign(total=products.lines + products.purchases)
    per_prefix = p.groupby("prefix").total.transform("sum")
    owner = p[(p.total >= cfg.min_share * per_prefix) & (per_prefix >= cfg.min_lines)]
    known = p[p.prefix.isin(owner.prefix)].merge(owner[["prefix", "dr12"]].rename(columns={"dr12": "owner"}),
                                                 on="prefix")
    foreign = known[(known.dr12 != known.owner) & (known.lines > 0)]
    return sorted((foreign.prefix + "|" + foreign.dr12).tolist())
