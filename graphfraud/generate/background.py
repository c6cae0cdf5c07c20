"""The innocent majority of claims, drawn vectorised: pharmacy purchases, outpatient visits, stays.

Everyone is treated where they live (so no innocent person is in two distant prefectures within
hours), buys mostly at a home pharmacy, and pharmacy sales of resale-risk drugs are left to the
planted rings and hard negatives; insulin for diabetics on it is the one background exception.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from graphfraud.generate import catalog, lexicon
from graphfraud.generate.routine import varied_routines
from graphfraud.generate.sampling import pick_in_groups, weighted
from graphfraud.generate.timeline import DAY, DAYS, HOUR, weekday
from graphfraud.generate.world import LINE_DTYPES, SETL_DTYPES, World


def background_claims(world: World) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = world.rng("background")
    p = world.persons
    age = p.age.to_numpy()
    chronic = (p.chronic != "").to_numpy()
    # About 3.2 settlements and 8 fee lines per person and year; one stay per eight persons.
    parts = [_pharmacy(rng, world, rng.poisson(0.8 + 0.014 * age + 0.9 * chronic)),
             _outpatient(rng, world, rng.poisson(0.5 + 0.015 * age + 1.2 * chronic)),
             _inpatient(rng, world, rng.poisson(0.02 + 0.0025 * age))]
    if world.params is not None:  # refill cycles and patients on expensive drugs (generate.routine)
        parts.append(varied_routines(world, _frame, _lines))
    setl = pd.concat([s for s, _ in parts], ignore_index=True)
    lines = pd.concat([ln for _, ln in parts], ignore_index=True)
    death = p.death_t.to_numpy()[setl.psn.to_numpy()]
    alive = (death < 0) | (setl.begn.to_numpy() < death)
    keep_keys = setl.key.to_numpy()[alive]
    return setl[alive].reset_index(drop=True), lines[np.isin(lines.key.to_numpy(), keep_keys)].reset_index(drop=True)


def _frame(psn: np.ndarray, inst: np.ndarray, t: np.ndarray, begn: np.ndarray, med_type: np.ndarray, dr: np.ndarray,
           dise: np.ndarray, rng: np.random.Generator, key0: int) -> pd.DataFrame:
    n = len(psn)
    return pd.DataFrame({
        "key": np.arange(key0, key0 + n), "psn": psn, "inst": inst, "med_type": med_type, "t": t, "begn": begn,
        "endt": t, "dr": dr, "dise": dise, "cert": np.array(["01", "03", "02"])[rng.choice(3, n, p=[0.5, 0.42, 0.08])],
        "opter": "", "dev": "", "pay": "", "tag": "", "refund_after": -1, "protect": False}).astype(SETL_DTYPES)


def _lines(keys: np.ndarray, item: np.ndarray, cnt: np.ndarray, ft: np.ndarray, rx: np.ndarray, dr: np.ndarray,
           prd_days: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame({"key": keys, "item": item, "cnt": cnt, "pric": np.nan, "trace": "", "trdn": 0, "rx": rx,
                         "dr": dr, "prd_days": prd_days, "ft": ft, "offbook": False,
                         "unlisted": False}).astype(LINE_DTYPES)


def _drug_lines(rng: np.random.Generator, world: World, setl: pd.DataFrame, per_setl: np.ndarray, pool: str,
                regular_first: np.ndarray) -> tuple[np.ndarray, ...]:
    """Drug lines: the person's regular drug first where asked, else drugs by popularity in ``pool``."""
    items = world.items
    idx = np.repeat(np.arange(len(setl)), per_setl)
    first = np.concatenate([[True], idx[1:] != idx[:-1]]) if len(idx) else idx.astype(bool)
    regular = world.persons.regular_drug.to_numpy()[setl.psn.to_numpy()[idx]]
    weights = items[pool].to_numpy()
    item = weighted(rng, weights, len(idx))
    use_regular = first & regular_first[idx] & (regular >= 0)
    item = np.where(use_regular, regular, item)
    pack, days = items.pack.to_numpy()[item], items.days.to_numpy()[item]
    month_boxes = np.maximum(1, np.round(30 / np.maximum(days, 1))).astype(np.int64)
    boxes = np.where(use_regular, month_boxes * rng.choice([1, 1, 1, 2], len(idx)),
                     1 + (rng.random(len(idx)) < 0.22) + (rng.random(len(idx)) < 0.05))
    prd = np.where(rng.random(len(idx)) < 0.07, boxes * days, np.nan)
    return idx, item, boxes * pack, prd


def _pharmacy(rng: np.random.Generator, world: World, k: np.ndarray) -> tuple[pd.DataFrame, pd.DataFrame]:
    p, inst = world.persons, world.inst
    psn = np.repeat(np.arange(len(p)), k)
    n = len(psn)
    pharm = inst.index[inst.kind == "P"].to_numpy()
    other = pharm[pick_in_groups(inst.pref.to_numpy()[pharm], inst.weight.to_numpy()[pharm],
                                 p.pref.to_numpy()[psn], rng)]
    where = np.where(rng.random(n) < 0.7, p.home_pharm.to_numpy()[psn], other)
    day = rng.integers(0, DAYS, n)
    hour = rng.uniform(8, 21.5, n)
    night = inst.night.to_numpy()[where] & (rng.random(n) < 0.12)
    hour = np.where(night, (rng.uniform(22, 30, n)) % 24, hour)
    t = day * DAY + (hour * HOUR).astype(np.int64)
    setl = _frame(psn, where, t, t - rng.integers(60, 600, n), np.full(n, "41"), np.full(n, -1), np.full(n, ""), rng, 0)
    chronic = (p.chronic.to_numpy()[psn] != "") & (rng.random(n) < 0.6)
    idx, item, cnt, prd = _drug_lines(rng, world, setl, 1 + np.minimum(rng.poisson(0.5, n), 3), "w_pharm", chronic)
    # External prescriptions (处方外流) from a hospital of the same prefecture.
    rx_setl = rng.random(n) < 0.08
    doctor = _external_prescribers(rng, world, p.pref.to_numpy()[psn])
    rx = rx_setl[idx].astype(np.int8)
    dr = np.where(rx_setl, doctor, -1)[idx]
    lines = _lines(setl.key.to_numpy()[idx], item, cnt, t[idx] - rng.integers(0, 120, len(idx)), rx, dr, prd)
    return setl, lines


def _external_prescribers(rng: np.random.Generator, world: World, pref: np.ndarray) -> np.ndarray:
    staff, inst = world.staff, world.inst
    ok = (staff.dr_type == "D").to_numpy() & ~np.isin(staff.inst.to_numpy(), list(world.special_hospitals))
    doctors = np.flatnonzero(ok)
    pick = pick_in_groups(inst.pref.to_numpy()[staff.inst.to_numpy()[doctors]], np.ones(len(doctors)), pref, rng)
    return np.where(pick >= 0, doctors[np.maximum(pick, 0)], -1)


def _hospital_visit(rng: np.random.Generator, world: World, psn: np.ndarray, level_weight: dict[str, float]) -> tuple:
    inst, staff = world.inst, world.staff
    hosp = inst.index[inst.kind == "H"].to_numpy()
    w = inst.weight.to_numpy()[hosp] * inst.hosp_lv.map(level_weight).to_numpy()[hosp]
    where = hosp[pick_in_groups(inst.pref.to_numpy()[hosp], w, world.persons.pref.to_numpy()[psn], rng)]
    doctors = np.flatnonzero((staff.dr_type == "D").to_numpy())
    dr = doctors[pick_in_groups(staff.inst.to_numpy()[doctors], np.ones(len(doctors)), where, rng)]
    return where, dr


def _outpatient(rng: np.random.Generator, world: World, k: np.ndarray) -> tuple[pd.DataFrame, pd.DataFrame]:
    p = world.persons
    psn = np.repeat(np.arange(len(p)), k)
    n = len(psn)
    where, dr = _hospital_visit(rng, world, psn, {"1": 1.0, "2": 1.0, "3": 1.0})
    day = rng.integers(0, DAYS, n)
    wd = weekday(day * DAY)
    day = np.where((wd >= 5) & (rng.random(n) < 0.6), day - (wd - 4), day)
    t = np.maximum(day, 0) * DAY + (rng.uniform(8.5, 17.5, n) * HOUR).astype(np.int64)
    begn = t - rng.integers(900, 2 * HOUR, n)
    disease = p.chronic.to_numpy()[psn]
    filed = (disease != "") & (rng.random(n) < 0.5)
    chronic_codes = {kind: code for kind, (code, _) in lexicon.CHRONIC_DISEASES.items()}
    dise_chronic = pd.Series(disease).map(chronic_codes).fillna("").to_numpy(dtype=str)
    acute = np.array([c for c, _ in lexicon.ACUTE_DISEASES])[rng.integers(0, len(lexicon.ACUTE_DISEASES), n)]
    med_type = np.where(filed, "14", np.where(rng.random(n) < 0.05, "13", "11"))
    setl = _frame(psn, where, t, begn, med_type, dr, np.where(filed, dise_chronic, acute), rng, 10**8)
    idx, item, cnt, prd = _drug_lines(rng, world, setl, rng.poisson(1.1, n) + filed, "w_out", filed)
    tests = rng.random(n)
    test_item = np.where(tests < 0.04, catalog.CT_SCAN, np.where(tests < 0.2, catalog.BLOOD_TEST, catalog.LIVER_TEST))
    has_test = tests < 0.3
    svc_idx = np.concatenate([np.arange(n), np.flatnonzero(has_test)])
    svc_item = np.concatenate([np.full(n, catalog.CONSULT), test_item[has_test]])
    all_idx = np.concatenate([svc_idx, idx])
    ft = begn[all_idx] + (rng.random(len(all_idx)) * (t - begn)[all_idx]).astype(np.int64)
    lines = _lines(setl.key.to_numpy()[all_idx], np.concatenate([svc_item, item]),
                   np.concatenate([np.ones(len(svc_idx), dtype=np.int64), cnt]), ft, np.zeros(len(all_idx)),
                   dr[all_idx], np.concatenate([np.full(len(svc_idx), np.nan), prd]))
    return setl, lines


def _inpatient(rng: np.random.Generator, world: World, k: np.ndarray) -> tuple[pd.DataFrame, pd.DataFrame]:
    p = world.persons
    psn = np.repeat(np.arange(len(p)), k)
    n = len(psn)
    where, dr = _hospital_visit(rng, world, psn, {"1": 1.0, "2": 1.0, "3": 0.1})
    stay = 2 + rng.poisson(5, n)
    begn = rng.integers(0, DAYS - stay - 1) * DAY + (rng.uniform(8, 16, n) * HOUR).astype(np.int64)
    t = begn + stay * DAY + (rng.uniform(1, 4, n) * HOUR).astype(np.int64)
    dise = np.array([c for c, _ in lexicon.INPATIENT_DISEASES])[rng.integers(0, len(lexicon.INPATIENT_DISEASES), n)]
    setl = _frame(psn, where, t, begn, np.full(n, "21"), dr, dise, rng, 2 * 10**8)
    n_drugs = 3 + rng.poisson(6, n)
    didx = np.repeat(np.arange(n), n_drugs)
    ditem = weighted(rng, world.items.w_ipt.to_numpy(), len(didx))
    dcnt = 1 + (rng.random(len(didx)) * stay[didx]).astype(np.int64)
    fixed = [catalog.BED_DAY, catalog.NURSING_DAY, catalog.GIVING_SET, catalog.CANNULA, catalog.BLOOD_TEST]
    fidx = np.tile(np.arange(n), len(fixed))
    fitem = np.repeat(fixed, n)
    fcnt = np.where(np.isin(fitem, [catalog.BED_DAY, catalog.NURSING_DAY, catalog.GIVING_SET]), stay[fidx], 1)
    extra = rng.random(n) < 0.4
    all_idx = np.concatenate([fidx, np.flatnonzero(extra), didx])
    item = np.concatenate([fitem, np.full(extra.sum(), catalog.CT_SCAN), ditem])
    cnt = np.concatenate([fcnt, np.ones(extra.sum(), dtype=np.int64), dcnt])
    ft = begn[all_idx] + (rng.random(len(all_idx)) * stay[all_idx] * DAY).astype(np.int64)
    lines = _lines(setl.key.to_numpy()[all_idx], item, cnt, ft, np.zeros(len(all_idx)), dr[all_idx],
                   np.full(len(all_idx), np.nan))
    # Split inpatient doses are exempt from trace codes (domain guide 2.0).
    lines.loc[np.isin(lines.item.to_numpy(), world.items.index[world.items.is_drug]), "trace"] = "-"
    return setl, lines
