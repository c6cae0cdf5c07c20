"""Ghost prescriptions (空挂处方): one doctor writes prescriptions for a list of patients at "visits"
out of hours, and one pharmacy fills them the next morning — part of the collusion indicator.

Algorithm:
1. external fills (``det_external_fills``: a prescription filled outside the prescriber's own
   institution) of every catalogued drug, and the visits of those patients to those prescribers
   (``det_doctor_visits``);
2. each fill is traced to the patient's last visit to its prescriber before it; a ghost fill is one
   whose visit began out of hours (at or after ``ghost_evening_hour`` or before
   ``ghost_morning_hour``) and that was filled on a later day, at most ``ghost_fill_hours`` after
   the visit — the prescription was written in the evening for the pharmacy to fill next morning;
3. a visit whose settlement bills a medical service (``list_type`` 2xx: a consultation or an exam)
   saw its patient and is no ghost (data without service lines clears none);
4. the list: such visits of one doctor, ``ghost_session_patients`` or more patients within
   ``ghost_session_minutes`` of each other on one evening (a consultation takes longer than the
   minute or two between those records), filled at one pharmacy;
5. a doctor–pharmacy pair with ``ghost_min_patients`` or more such patients, holding at least
   ``ghost_min_share`` of the doctor's evening-to-morning fills, is the chain: doctor, pharmacy and
   each patient are flagged and linked, unless the patients mostly live at one address (a care
   home's contracted doctor writing its residents' refills: ``home_share``, as for steering);
6. decisive: prescriptions for a list of patients with no consultation billed, out of hours, all
   filled at one pharmacy the next morning are no honest practice's records;
7. a listed patient's other evening-to-morning fills of the same pair (an evening when only one or
   two of the list came) are the same chain: evidence and loss, not decisive by themselves.

Honest look-alikes: a surgeon's long prescriptions after surgery and an oncologist's patients at the
DTP pharmacy next door come from visits in opening hours, one patient at a time; an evening clinic's
patients fill where they like, not all at one pharmacy the next morning. The fills and the visits'
own settlements are the loss.
"""
from __future__ import annotations

import pandas as pd

from graphfraud.detectors.config import Collusion
from graphfraud.detectors.frames import evidence, flags, known_drugs, links, residential
from graphfraud.store.base import GraphStore

KIND = "collusion:ghost"


def find(store: GraphStore, cfg: Collusion, name: str) -> tuple[list[pd.DataFrame], list[pd.DataFrame],
                                                                 list[pd.DataFrame], dict[str, int]]:
    """Links, flags and evidence of ghost-prescription chains under indicator ``name``, and counts."""
    nothing: tuple[list[pd.DataFrame], list[pd.DataFrame], list[pd.DataFrame], dict[str, int]] = (
        [], [], [], {"ghost_pairs": 0})
    drugs, _ = known_drugs(store)
    if not drugs:
        return nothing
    fills = store.frame("det_external_fills", drugs=drugs)
    if fills.empty:
        return nothing
    visits = store.frame("det_doctor_visits", psn_nos=sorted(fills.psn_no.unique().tolist()),
                         dr_codes=sorted(fills.dr_code.unique().tolist()))
    traced = _traced(fills, visits, cfg)
    if traced.empty:
        return nothing
    billed = _visit_settlements(store, traced)
    consulted = _consulted(store, billed)
    traced = traced.merge(billed[["psn_no", "dr_code", "written", "setl_id"]].rename(
        columns={"written": "visit", "setl_id": "visit_setl_id"}), on=["psn_no", "dr_code", "visit"], how="left")
    traced = traced[~traced.visit_setl_id.isin(consulted)].drop(columns="visit_setl_id")
    chains = _chains(traced, cfg)
    if chains.empty:
        return nothing
    chains["evidence_id"] = KIND + ":" + chains.dr_code.astype(str) + ":" + chains.fixmedins_code.astype(str)
    homes = residential(store, chains[["psn_no", "evidence_id"]].drop_duplicates(), cfg.home_share)
    chains = chains[~chains.evidence_id.isin(homes)]
    if chains.empty:
        return nothing
    chains = chains.assign(decisive=True)
    pairs = chains.drop_duplicates(["dr_code", "fixmedins_code"])
    patients = chains.drop_duplicates(["psn_no", "dr_code", "fixmedins_code"])
    chains = pd.concat([chains, _unlisted(traced, chains, patients)], ignore_index=True)
    link_frames = [links("Practitioner:" + pairs.dr_code, "Institution:" + pairs.fixmedins_code, cfg.weight,
                         pairs.evidence_id),
                   links("Person:" + patients.psn_no, "Practitioner:" + patients.dr_code, cfg.weight / 2,
                         patients.evidence_id),
                   links("Person:" + patients.psn_no, "Institution:" + patients.fixmedins_code, cfg.weight / 2,
                         patients.evidence_id)]
    flag_frames = [flags("Practitioner:" + pairs.dr_code, cfg.weight, pairs.evidence_id),
                   flags("Institution:" + pairs.fixmedins_code, cfg.weight, pairs.evidence_id),
                   flags("Person:" + patients.psn_no, cfg.weight / 2, patients.evidence_id)]
    billed = billed.drop(columns="evidence_id").merge(
        chains[["psn_no", "dr_code", "visit", "evidence_id"]].drop_duplicates().rename(columns={"visit": "written"}),
        on=["psn_no", "dr_code", "written"])
    chains = chains.rename(columns={"t": "filled", "visit": "written"})
    ev = [evidence(store, name, chains, "fee_list_d", ["dr_code", "fixmedins_code", "psn_no", "written", "filled",
                                                       "session_patients", "decisive"]),
          evidence(store, name, billed, "setl_d", ["dr_code", "institution", "psn_no", "written", "t"])]
    return link_frames, flag_frames, ev, {"ghost_pairs": len(pairs), "ghost_patients": int(patients.psn_no.nunique())}


def _consulted(store: GraphStore, billed: pd.DataFrame) -> set[str]:
    """Visit settlements with a medical-service line (``list_type`` 201: a consultation or exam was
    billed, so the patient was seen). Data without such lines clears no visit."""
    if billed.empty:
        return set()
    lines = store.frame("case_fee_lines", setl_ids=sorted(billed.setl_id.astype(str).unique().tolist()))
    service = lines.list_type.astype("string").str.strip().str.startswith("2").fillna(False).astype(bool)
    return set(lines.setl_id[service].astype(str))


def _visit_settlements(store: GraphStore, chains: pd.DataFrame) -> pd.DataFrame:
    """The settlement of each traced visit at the doctor's own institution (the first one within three
    hours of the visit's start): the fund paid for the visit too."""
    home = store.table("practitioner", ["dr_code", "fixmedins_code"]).dropna().drop_duplicates("dr_code")
    visits = chains.assign(evidence_id="")[["psn_no", "dr_code", "visit", "evidence_id"]].drop_duplicates(
        ["psn_no", "dr_code", "visit"])
    visits = visits.merge(home.rename(columns={"fixmedins_code": "institution"}), on="dr_code")
    settled = store.frame("det_person_settlements", psn_nos=sorted(visits.psn_no.unique().tolist()))
    both = visits.merge(settled.rename(columns={"fixmedins_code": "institution"}), on=["psn_no", "institution"])
    after = (pd.to_datetime(both.t) - both.visit).dt.total_seconds() / 3600
    both = both[(after >= 0) & (after <= 3)].sort_values("t")
    both = both.drop_duplicates(["psn_no", "dr_code", "visit"]).drop_duplicates("setl_id")
    return both.rename(columns={"visit": "written"}).reset_index(drop=True)


def _traced(fills: pd.DataFrame, visits: pd.DataFrame, cfg: Collusion) -> pd.DataFrame:
    """Fills whose prescription was written at an out-of-hours visit and filled on a later day within
    ``ghost_fill_hours``, with that visit's time (``visit``)."""
    if visits.empty:
        return pd.DataFrame()
    f = fills.assign(t=pd.to_datetime(fills.t)).dropna(subset=["t"]).sort_values("t")
    v = visits.assign(visit=pd.to_datetime(visits.t)).dropna(subset=["visit"])[["psn_no", "dr_code", "visit"]]
    v = v.sort_values("visit")
    out = pd.merge_asof(f, v, left_on="t", right_on="visit", by=["psn_no", "dr_code"], direction="backward")
    out = out.dropna(subset=["visit"])
    hours = (out.t - out.visit).dt.total_seconds() / 3600
    hour = out.visit.dt.hour
    late = (hour >= cfg.ghost_evening_hour) | (hour < cfg.ghost_morning_hour)
    later_day = out.t.dt.normalize() > out.visit.dt.normalize()
    return out[late & later_day & (hours <= cfg.ghost_fill_hours)].reset_index(drop=True)


def _unlisted(traced: pd.DataFrame, chains: pd.DataFrame, patients: pd.DataFrame) -> pd.DataFrame:
    """Traced fills of the chains' patients at their chain's pharmacy, from their chain's doctor, that
    no list holds (step 7), under the chain's evidence ID.

    >>> traced = pd.DataFrame({"psn_no": ["a", "a", "a"], "dr_code": "D", "fixmedins_code": ["P", "P", "Q"],
    ...                        "row_key": ["r1", "r2", "r3"]})
    >>> chains = traced.iloc[:1].assign(evidence_id="g:D:P", decisive=True)
    >>> _unlisted(traced, chains, chains)[["row_key", "evidence_id", "decisive"]].values.tolist()
    [['r2', 'g:D:P', False]]
    """
    keys = ["psn_no", "dr_code", "fixmedins_code"]
    more = traced.merge(patients[[*keys, "evidence_id"]], on=keys)
    return more[~more.row_key.isin(set(chains.row_key))].assign(decisive=False)


def _chains(traced: pd.DataFrame, cfg: Collusion) -> pd.DataFrame:
    """Traced fills of doctor–pharmacy pairs whose evening visits came as lists (sessions of several
    patients minutes apart), with enough patients and most of the doctor's evening-to-morning fills."""
    visits = traced[["dr_code", "psn_no", "visit"]].drop_duplicates().sort_values(["dr_code", "visit"])
    gap = visits.groupby("dr_code").visit.diff().dt.total_seconds() / 60
    visits["session"] = (gap.isna() | (gap > cfg.ghost_session_minutes)).cumsum()
    size = visits.groupby("session").psn_no.transform("nunique")
    visits["session_patients"] = size
    listed = visits[size >= cfg.ghost_session_patients][["dr_code", "psn_no", "visit", "session_patients"]]
    out = traced.merge(listed, on=["dr_code", "psn_no", "visit"])
    if out.empty:
        return out
    per_pair = out.groupby(["dr_code", "fixmedins_code"]).psn_no.nunique().rename("patients")
    share = (traced.groupby(["dr_code", "fixmedins_code"]).setl_id.nunique()
             / traced.groupby("dr_code").setl_id.nunique()).rename("share")
    pairs = pd.concat([per_pair, share], axis=1, join="inner").reset_index()
    pairs = pairs[(pairs.patients >= cfg.ghost_min_patients) & (pairs.share >= cfg.ghost_min_share)]
    return out.merge(pairs[["dr_code", "fixmedins_code"]], on=["dr_code", "fixmedins_code"]).reset_index(drop=True)
