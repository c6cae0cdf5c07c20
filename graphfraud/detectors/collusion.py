"""Doctor–pharmacy collusion (串换 / 开单返利): a prescriber whose external watch-list prescriptions
end up, nearly all, in one pharmacy.

Algorithm:
1. per prescriber and filling pharmacy: settlements and patients of watch-list drugs filled
   outside the prescriber's own institution (a hospital's own pharmacy is not external);
2. share = that pharmacy's part of the prescriber's external prescriptions; a partner pharmacy
   has ``min_prescriptions`` or more there and at least ``min_pair_share``;
3. look-alike: the pharmacy beside a hospital gets most prescriptions of every doctor there, so the
   share must also be ``min_lift`` times the share of the prescriber's colleagues (same
   institution, leave-one-out) — one doctor standing out from his ward, not a busy neighbour;
4. the prescriber is steering when his partner pharmacies together hold ``min_share`` of his
   external prescriptions (one partner, or several: a doctor feeding his own few pharmacies);
5. look-alike: a nursing home's contracted doctor sends every resident's prescription to the
   pharmacy that supplies the home; a pair whose patients mostly (``home_share``) live at one
   address is institutional care, not steering (listed in params);
6. prescriber and partner pharmacies are flagged and linked; each patient of a pair is linked to
   both, and flagged when ``min_patient_fills`` or more of their prescriptions were
   steered (one fill at the pharmacy the doctor named is a patient's errand, not a pattern);
   a flagged patient's fills of the same doctor's watch-list prescriptions elsewhere (another
   pharmacy, the hospital's own) are evidence of the same pair: the prescription is the act, not
   where it was filled;
7. ghost prescriptions (空挂处方): lists of out-of-hours visits filled next morning at one pharmacy —
   see ``ghost_rx``.
"""
from __future__ import annotations

from dataclasses import asdict
from typing import Any

import numpy as np
import pandas as pd

from graphfraud.detectors import ghost_rx
from graphfraud.detectors.base import Finding
from graphfraud.detectors.config import Collusion, DetectorConfig
from graphfraud.detectors.frames import evidence, finding, flags, links, resale_drugs, residential
from graphfraud.store.base import GraphStore

NAME = "collusion"


def detect(store: GraphStore, config: DetectorConfig) -> Finding:
    cfg = config.collusion
    ghost_links, ghost_flags, ghost_evidence, ghost_counts = ghost_rx.find(store, cfg, NAME)
    links_, flags_, evidence_, params = _steering(store, cfg)
    return finding(NAME, links_ + ghost_links, flags_ + ghost_flags, evidence_ + ghost_evidence,
                   params | ghost_counts)


def _steering(store: GraphStore, cfg: Collusion) -> tuple[list[pd.DataFrame], list[pd.DataFrame],
                                                           list[pd.DataFrame], dict[str, Any]]:
    """Steps 1-6: links, flags and evidence of steering pairs, and the params."""
    drugs, source = resale_drugs(store)
    if not drugs:
        return [], [], [], asdict(cfg) | {"drugs": source}
    pairs = store.frame("det_doctor_pharmacy", drugs=drugs, exempt_med_types=cfg.exempt_med_types)
    params = asdict(cfg) | {"drugs": source}
    hit = _steered(_shares(pairs), cfg)
    if hit.empty:
        return [], [], [], params | {"pairs": 0}
    hit["evidence_id"] = f"{NAME}:" + hit.dr_code + ":" + hit.fixmedins_code
    lines = store.frame("det_doctor_pharmacy_lines", dr_codes=sorted(hit.dr_code.unique().tolist()), drugs=drugs,
                        exempt_med_types=cfg.exempt_med_types)
    rows = lines.merge(hit[["dr_code", "fixmedins_code", "share", "peer_share", "evidence_id"]],
                       on=["dr_code", "fixmedins_code"])
    fills = rows.dropna(subset=["psn_no"]).groupby(["psn_no", "dr_code", "fixmedins_code", "evidence_id"],
                                                   as_index=False).setl_id.nunique()
    homes = residential(store, fills, cfg.home_share)
    params["institutional_pairs"] = sorted(homes)
    hit, rows, fills = (hit[~hit.evidence_id.isin(homes)], rows[~rows.evidence_id.isin(homes)],
                        fills[~fills.evidence_id.isin(homes)])
    if hit.empty:
        return [], [], [], params | {"pairs": 0}
    doctor_links = links("Practitioner:" + hit.dr_code, "Institution:" + hit.fixmedins_code,
                         cfg.weight * hit.share, hit.evidence_id)
    patient_links = pd.concat([
        links("Person:" + fills.psn_no, "Practitioner:" + fills.dr_code, cfg.patient_weight, fills.evidence_id),
        links("Person:" + fills.psn_no, "Institution:" + fills.fixmedins_code, cfg.patient_weight, fills.evidence_id)])
    # a patient whose prescriptions were steered again and again is part of the pattern; one fill is not
    repeat = fills[fills.setl_id >= cfg.min_patient_fills]
    flag_frames = [flags("Practitioner:" + hit.dr_code, cfg.weight * hit.share, hit.evidence_id),
                   flags("Institution:" + hit.fixmedins_code, cfg.weight * hit.share, hit.evidence_id),
                   flags("Person:" + repeat.psn_no, cfg.patient_weight, repeat.evidence_id)]
    rows = pd.concat([rows, _elsewhere(lines, rows, repeat)], ignore_index=True)
    ev = evidence(store, NAME, rows, "fee_list_d", ["dr_code", "fixmedins_code", "psn_no", "t", "cnt", "share",
                                                    "peer_share"])
    return [doctor_links, patient_links], flag_frames, [ev], params | {"pairs": len(hit)}


def _elsewhere(lines: pd.DataFrame, rows: pd.DataFrame, repeat: pd.DataFrame) -> pd.DataFrame:
    """The flagged patients' lines of their doctor filled outside his partner pharmacies, each under
    the evidence ID of the pair that filled most of that patient's prescriptions from him.

    >>> lines = pd.DataFrame({"dr_code": ["D"] * 3, "fixmedins_code": ["P1", "P2", "P3"],
    ...                       "psn_no": ["a", "a", "b"], "setl_id": ["s1", "s2", "s3"]})
    >>> repeat = pd.DataFrame({"psn_no": ["a"], "dr_code": ["D"], "evidence_id": ["c:D:P1"], "setl_id": [2]})
    >>> pair = lines.iloc[:1].assign(evidence_id="c:D:P1")
    >>> _elsewhere(lines, pair, repeat)[["setl_id", "evidence_id"]].values.tolist()
    [['s2', 'c:D:P1']]
    """
    main = repeat.sort_values(["setl_id", "evidence_id"], ascending=[False, True]).drop_duplicates(
        ["psn_no", "dr_code"])
    other = lines.merge(main[["psn_no", "dr_code", "evidence_id"]], on=["psn_no", "dr_code"])
    paired = pd.MultiIndex.from_frame(rows[["dr_code", "fixmedins_code"]].drop_duplicates())
    return other[~pd.MultiIndex.from_frame(other[["dr_code", "fixmedins_code"]]).isin(paired)]


def _steered(shares: pd.DataFrame, cfg: Collusion) -> pd.DataFrame:
    """Prescriber–pharmacy pairs standing out from the colleagues, for prescribers whose external
    prescriptions these pairs hold at least ``min_share`` of: one partner pharmacy, or a few
    (a doctor feeding his several pharmacies)."""
    if shares.empty:
        return shares
    partner = shares[(shares.prescriptions >= cfg.min_prescriptions) & (shares.share >= cfg.min_pair_share)
                     & (shares.share >= cfg.min_lift * shares.peer_share)]
    held = partner.groupby("dr_code").share.transform("sum")
    return partner[held >= cfg.min_share].copy()


def _shares(pairs: pd.DataFrame) -> pd.DataFrame:
    """Each prescriber–pharmacy share, and the same pharmacy's share among the prescriber's colleagues."""
    if pairs.empty:
        return pairs.assign(share=pd.Series(dtype=float), peer_share=pd.Series(dtype=float))
    p = pairs.copy()
    p["total"] = p.groupby("dr_code").prescriptions.transform("sum")
    p["share"] = p.prescriptions / p.total
    home = p.home_code.fillna("")
    ward_to_pharmacy = p.groupby([home, "fixmedins_code"]).prescriptions.transform("sum")
    doctors_total = p.drop_duplicates("dr_code").groupby(home.loc[p.drop_duplicates("dr_code").index]).total.sum()
    ward_total = home.map(doctors_total)
    others = (ward_total - p.total).where(home != "")
    p["peer_share"] = ((ward_to_pharmacy - p.prescriptions) / others.where(others > 0)).fillna(0.0)
    return p.replace([np.inf, -np.inf], 0.0)
