"""Co-admission (batch admissions, 虚假住院): the same people admitted to one hospital on the same day
again and again — a village brought in together, by one recruiter, to fill beds.

Algorithm:
1. inpatient stays (``det_inpatient_stays``), one per visit, grouped by hospital and admission day;
2. hub cap: a day with more than ``max_group`` admissions at a hospital (a city hospital's ordinary
   intake) gives no pairs, so pairing stays bounded (at most K·(K-1)/2 per group);
3. a pair admitted together on ``min_shared_days`` distinct days is linked, more strongly the more
   often; a person in such a pair is flagged (their own stays are batch admissions) and linked to
   the hospital. Chance meetings of two patients repeat rarely; honest readmissions of one
   chronic patient do not pair them with others.
4. surges (a village bused in once, domain guide §2.5: batch admissions from one village, a census
   above the beds): a hospital day admitting at least ``surge_min_persons`` patients of one
   diagnosis category (the first ``dise_len`` characters), and ``surge_ratio`` times the usual day
   of that hospital and category (the median over days it admitted any), is a surge whatever the
   hub cap says; the surge days of one hospital and category are one cohort (the ward filled by bus
   again). Its patients are linked to each other (up to ``surge_max_persons``; a bigger cohort only
   flags) and to the hospital, and flagged; decisive when one day admitted ``surge_decisive_persons``,
   or when ``surge_readmitted_share`` of the cohort came back to the hospital with the same diagnosis
   category within split stays' ``readmit_days`` of a discharge (a ward filled by bus, emptied and
   filled again by the same patients: 挂床 / 分解住院; an epidemic's patients go home). Categories an honest hospital does take in waves are exempt
   (``surge_exempt_dise_prefixes``: infections and acute respiratory illness in an epidemic,
   injuries and poisonings after an accident, planned follow-up stays).
"""
from __future__ import annotations

from dataclasses import asdict

import numpy as np
import pandas as pd

from graphfraud.detectors.base import Finding
from graphfraud.detectors.config import CoAdmission, DetectorConfig, SplitStays
from graphfraud.detectors.frames import evidence, finding, flags, links, short_hash
from graphfraud.detectors.split_stays import readmissions
from graphfraud.store.base import GraphStore

NAME = "co_admission"


def detect(store: GraphStore, config: DetectorConfig) -> Finding:
    cfg = config.co_admission
    rows = store.frame("det_inpatient_stays", inpatient_med_types=cfg.inpatient_med_types)
    params = asdict(cfg)
    if rows.empty:
        return finding(NAME, [], [], [], params | {"pairs": 0, "capped_days": 0, "surges": 0})
    stays = rows.drop_duplicates("stay_key")
    stays = stays.assign(day=pd.to_datetime(stays.begntime).dt.strftime("%Y-%m-%d"))
    surge = _surges(store, rows, stays, cfg, config.split_stays)
    params |= {"surges": surge.params["surges"], "surge_persons": surge.params["persons"]}
    size = stays.groupby(["fixmedins_code", "day"]).psn_no.transform("nunique")
    capped = stays[size > cfg.max_group][["fixmedins_code", "day"]].drop_duplicates()
    slim = stays[(size >= 2) & (size <= cfg.max_group)][["fixmedins_code", "day", "psn_no", "stay_key"]]
    pairs = slim.merge(slim, on=["fixmedins_code", "day"], suffixes=("_a", "_b"))
    pairs = pairs[pairs.psn_no_a < pairs.psn_no_b]
    met = pairs.groupby(["psn_no_a", "psn_no_b", "fixmedins_code"]).day.nunique().rename("days").reset_index()
    met = met[met.days >= cfg.min_shared_days]
    params |= {"capped_days": len(capped)}
    if met.empty:
        return finding(NAME, [surge.links], [surge.flags], [surge.evidence], params | {"pairs": 0})
    met["evidence_id"] = [f"{NAME}:{short_hash(a, b, m)}" for a, b, m in zip(met.psn_no_a, met.psn_no_b,
                                                                             met.fixmedins_code)]
    strength = np.minimum(met.days / cfg.min_shared_days, 3.0)
    person_links = links("Person:" + met.psn_no_a, "Person:" + met.psn_no_b, cfg.weight * strength, met.evidence_id)
    sides = pd.concat([met.rename(columns={"psn_no_a": "psn_no"})[["psn_no", "fixmedins_code", "evidence_id", "days"]],
                       met.rename(columns={"psn_no_b": "psn_no"})[["psn_no", "fixmedins_code", "evidence_id", "days"]]])
    per = sides.groupby(["psn_no", "fixmedins_code"], as_index=False).agg(evidence_id=("evidence_id", "first"),
                                                                         days=("days", "max"))
    place_links = links("Person:" + per.psn_no, "Institution:" + per.fixmedins_code, cfg.weight / 2, per.evidence_id)
    flag_frame = flags("Person:" + per.psn_no, cfg.weight * np.minimum(per.days / cfg.min_shared_days, 3.0),
                       per.evidence_id)
    together = pairs.merge(met[["psn_no_a", "psn_no_b", "fixmedins_code", "evidence_id"]],
                           on=["psn_no_a", "psn_no_b", "fixmedins_code"])
    keys = pd.concat([together[["stay_key_a", "evidence_id"]].rename(columns={"stay_key_a": "stay_key"}),
                      together[["stay_key_b", "evidence_id"]].rename(columns={"stay_key_b": "stay_key"})])
    ev = rows.merge(keys.drop_duplicates(), on="stay_key")
    return finding(NAME, [person_links, place_links, surge.links], [flag_frame, surge.flags],
                   [evidence(store, NAME, ev, "setl_d", ["psn_no", "fixmedins_code", "begntime", "endtime",
                                                         "dise_codg"]), surge.evidence],
                   params | {"pairs": len(met)})


def _usual(per_day: pd.DataFrame, below: int) -> np.ndarray:
    """Each row's usual day at its hospital for its category: the median over its days admitting fewer
    than ``below`` patients of it (1 where there are none).

    >>> d = pd.DataFrame({"fixmedins_code": ["H"] * 4, "dise": ["I50"] * 4, "persons": [1, 2, 2, 9]})
    >>> _usual(d, 5).tolist(), _usual(d, 2).tolist()
    ([2.0, 2.0, 2.0, 2.0], [1.0, 1.0, 1.0, 1.0])
    """
    quiet = per_day[per_day.persons < below].groupby(["fixmedins_code", "dise"]).persons.median()
    return pd.MultiIndex.from_frame(per_day[["fixmedins_code", "dise"]]).map(quiet).fillna(1.0).to_numpy()


def _came_back(back: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Per cohort (``evidence_id``): the share and the number of its patients readmitted (``back`` on
    any of their rows)."""
    person = back.groupby(["evidence_id", "psn_no"]).back.any().groupby(level="evidence_id")
    return person.mean(), person.sum()


def _came_back_stays(again: pd.DataFrame, cohort: pd.DataFrame) -> pd.DataFrame:
    """The stays that brought a cohort's patients back: readmissions (``again``, as split stays reads
    them, in time order) after a cohort stay in its chain, each within ``readmit_days`` of the stay
    before, with the cohort's ``evidence_id``, ``decisive`` and the admission day they came back after
    (``readmitted_after``). The ward filled again by the same patients is the same scheme; its
    stays are the fund's loss as much as the first.

    >>> again = pd.DataFrame({"stay_key": ["a1", "a2", "a3", "a4", "b1"], "chain": [1, 1, 1, 2, 3],
    ...                       "readmission": [False, True, True, False, False]})
    >>> cohort = pd.DataFrame({"stay_key": ["a1", "b1"], "evidence_id": ["s", "s"], "decisive": [True, True],
    ...                        "day": ["2026-02-15", "2026-02-15"]})
    >>> _came_back_stays(again, cohort).stay_key.tolist()
    ['a2', 'a3']
    """
    order = again.reset_index(drop=True).assign(position=np.arange(len(again)))
    start = order.merge(cohort[["stay_key", "evidence_id", "decisive", "day"]], on="stay_key")
    start = start.sort_values("position").drop_duplicates("chain")
    after = order[order.readmission].merge(start[["chain", "position", "evidence_id", "decisive", "day"]],
                                           on="chain", suffixes=("", "_start"))
    after = after[(after.position > after.position_start) & ~after.stay_key.isin(cohort.stay_key)]
    return after[["stay_key", "evidence_id", "decisive"]].assign(readmitted_after=after.day.to_numpy())


def _surges(store: GraphStore, rows: pd.DataFrame, stays: pd.DataFrame, cfg: CoAdmission,
            split: SplitStays) -> Finding:
    """Step 4 of the module docstring: links, flags and evidence of the surge cohorts (``rows`` are the
    stays' settlements, ``stays`` one row per stay with its admission ``day``; readmissions are read
    as split stays reads them, with its ``split`` settings)."""
    dise = stays.dise_codg.fillna("").astype(str).str.upper()
    keep = (dise != "") & ~dise.str.startswith(tuple(p.upper() for p in cfg.surge_exempt_dise_prefixes))
    stays = stays[keep].assign(dise=dise[keep].str[: cfg.dise_len])
    per_day = stays.groupby(["fixmedins_code", "dise", "day"]).psn_no.nunique().rename("persons").reset_index()
    # the usual day leaves the surge days out: a cohort bused in on a few days must not set its own norm
    per_day["usual"] = _usual(per_day, cfg.surge_min_persons)
    per_day["usual_small"] = _usual(per_day, cfg.surge_small_persons)
    big = (per_day.persons >= cfg.surge_min_persons) & (per_day.persons >= cfg.surge_ratio * per_day.usual)
    small = ((per_day.persons >= cfg.surge_small_persons) & (per_day.persons >= cfg.surge_ratio * per_day.usual_small))
    hits = per_day[big | small].assign(big=big[big | small])
    if hits.empty:
        return Finding(NAME, params={"surges": 0, "persons": 0})
    # the surge days of one hospital and category are one cohort: the same ward filled by bus again
    hits["evidence_id"] = [f"{NAME}:surge:{short_hash(h, c)}" for h, c in zip(hits.fixmedins_code, hits.dise)]
    cohort = stays.merge(hits[["fixmedins_code", "dise", "day", "evidence_id", "persons", "usual"]],
                         on=["fixmedins_code", "dise", "day"])
    again = readmissions(rows[rows.psn_no.isin(set(cohort.psn_no))], split)  # the cohorts' own stays only
    readmitted = again[again.readmission][["psn_no", "fixmedins_code", "dise"]].drop_duplicates().assign(back=True)
    back = cohort.merge(readmitted, how="left", on=["psn_no", "fixmedins_code", "dise"])
    back = back.assign(back=back.back.fillna(False).astype(bool))
    share, returned = _came_back(back)
    # small days make a cohort of their own only: a surge when it came back, half of it and
    # ``surge_small_back`` patients at least readmitted with the category (the ward filled again); the
    # patients of a small hospital's busy day go home and, but for the odd relapse, stay there. Beside
    # a hospital's surge days they add nothing but its busier ordinary days.
    small_only = ~hits.big.groupby(hits.evidence_id).transform("any")
    came_back = ((hits.evidence_id.map(share) >= cfg.surge_readmitted_share)
                 & (hits.evidence_id.map(returned) >= cfg.surge_small_back))
    hits = hits[hits.big | (small_only & came_back)]
    if hits.empty:
        return Finding(NAME, params={"surges": 0, "persons": 0})
    share, _ = _came_back(back.merge(hits[["evidence_id", "day"]], on=["evidence_id", "day"]))
    hits["decisive"] = ((hits.groupby("evidence_id").persons.transform("max") >= cfg.surge_decisive_persons)
                        | (hits.evidence_id.map(share) >= cfg.surge_readmitted_share))
    cohort = cohort.merge(hits[["evidence_id", "day", "decisive"]], on=["evidence_id", "day"])
    members = cohort.drop_duplicates(["evidence_id", "psn_no"])
    linked = members[members.groupby("evidence_id").psn_no.transform("size") <= cfg.surge_max_persons]
    pairs = linked[["evidence_id", "psn_no"]].merge(linked[["evidence_id", "psn_no"]], on="evidence_id",
                                                     suffixes=("_a", "_b"))
    pairs = pairs[pairs.psn_no_a < pairs.psn_no_b]
    person_links = links("Person:" + pairs.psn_no_a, "Person:" + pairs.psn_no_b, cfg.weight, pairs.evidence_id)
    place_links = links("Person:" + members.psn_no, "Institution:" + members.fixmedins_code, cfg.weight / 2,
                        members.evidence_id)
    places = hits.drop_duplicates("evidence_id")
    flag_frame = flags(pd.concat(["Person:" + members.psn_no, "Institution:" + places.fixmedins_code]),
                       cfg.weight, pd.concat([members.evidence_id, places.evidence_id]))
    ev = rows.merge(cohort[["stay_key", "evidence_id", "decisive", "persons", "usual"]], on="stay_key")
    ev = pd.concat([ev, rows.merge(_came_back_stays(again, cohort), on="stay_key")], ignore_index=True)
    ev = ev.rename(columns={"persons": "admitted_that_day", "usual": "usual_day"})
    rows_out = evidence(store, NAME, ev, "setl_d", ["psn_no", "fixmedins_code", "begntime", "dise_codg",
                                                    "admitted_that_day", "usual_day", "decisive",
                                                    "readmitted_after"])
    return Finding(NAME, pd.concat([person_links, place_links], ignore_index=True), flag_frame, rows_out,
                   {"surges": len(hits), "persons": int(members.psn_no.nunique())})
