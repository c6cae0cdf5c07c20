"""Background routines of varied worlds: refill cycles and patients on expensive drugs.

The default world draws background visits on random days; real chronic care is rhythmic. In a
varied world a third of the chronic patients refill their regular drug at their usual pharmacy
every 28–35 days all year, and about one person in two hundred over 30 has a filed expensive
condition (transplant, hepatitis B or C, ITP, lung cancer, rheumatoid arthritis, atrial
fibrillation) treated at a hospital of their prefecture every month or every twelve weeks, some
filling the prescription at a pharmacy (双通道). None of them is in any truth group: detectors
must not take watch-list drugs or rhythm alone for a scheme.
"""
from __future__ import annotations

from typing import Callable

import numpy as np
import pandas as pd

from graphfraud.generate import catalog, lexicon
from graphfraud.generate.sampling import pick_in_groups
from graphfraud.generate.timeline import DAY, DAYS, HOUR
from graphfraud.generate.world import World

Rows = Callable[..., pd.DataFrame]  # background's settlement / line frame builders
EXPENSIVE = {"transplant": "他克莫司胶囊", "hepatitis_b": "富马酸丙酚替诺福韦片", "hepatitis_c": "索磷布韦维帕他韦片",
             "itp": "马来酸阿伐曲泊帕片", "lung_cancer": "甲磺酸奥希替尼片", "rheumatoid": "阿达木单抗注射液",
             "atrial_fibrillation": "利伐沙班片"}


def varied_routines(world: World, frame: Rows, lines: Rows) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Settlements and lines of both routines; ``frame``/``lines`` are the background's row builders."""
    rng = world.rng("background-routines")
    parts = [_refills(rng, world, frame, lines), _expensive(rng, world, frame, lines)]
    return pd.concat([s for s, _ in parts], ignore_index=True), pd.concat([ln for _, ln in parts], ignore_index=True)


def _refills(rng: np.random.Generator, world: World, frame: Rows, lines: Rows) -> tuple[pd.DataFrame, pd.DataFrame]:
    p = world.persons
    regular = p.regular_drug.to_numpy()
    who = np.flatnonzero((regular >= 0) & (rng.random(len(p)) < 0.33))
    period = rng.integers(28, 36, len(who))
    phase = rng.integers(0, 28, len(who))
    visits = (DAYS - phase) // period + 1
    psn = np.repeat(who, visits)
    k = np.arange(len(psn)) - np.repeat(np.cumsum(visits) - visits, visits)
    day = np.repeat(phase, visits) + k * np.repeat(period, visits) + rng.integers(-2, 3, len(psn))
    keep = (day >= 0) & (day < DAYS)
    psn, day = psn[keep], day[keep]
    t = day * DAY + (rng.uniform(8, 20, len(psn)) * HOUR).astype(np.int64)
    where = p.home_pharm.to_numpy()[psn]
    setl = frame(psn, where, t, t - rng.integers(60, 400, len(psn)), np.full(len(psn), "41"), np.full(len(psn), -1),
                 np.full(len(psn), ""), rng, 3 * 10**8)
    item = regular[psn]
    boxes = np.maximum(1, np.round(30 / np.maximum(world.days[item], 1))).astype(np.int64)
    ln = lines(setl.key.to_numpy(), item, boxes * world.pack[item], t - 30, np.zeros(len(psn)), np.full(len(psn), -1),
               np.full(len(psn), np.nan))
    planted = world.extras.get("planted_refills")  # adversarial worlds: a look-alike already buys their month
    if planted:
        setl = setl[~np.isin(setl.psn.to_numpy(), sorted(planted))]
        ln = ln[np.isin(ln.key.to_numpy(), setl.key.to_numpy())]
    return setl, ln


def _expensive(rng: np.random.Generator, world: World, frame: Rows, lines: Rows
               ) -> tuple[pd.DataFrame, pd.DataFrame]:
    p, inst, staff = world.persons, world.inst, world.staff
    who = np.flatnonzero((p.age >= 30).to_numpy() & (rng.random(len(p)) < 0.005))
    disease = np.array(list(EXPENSIVE))[rng.integers(0, len(EXPENSIVE), len(who))]
    long_rx = rng.random(len(who)) < 0.3
    hospitals = np.flatnonzero((inst.kind == "H").to_numpy() & inst.hosp_lv.isin(["1", "2"]).to_numpy())
    hosp = hospitals[pick_in_groups(inst.pref.to_numpy()[hospitals], np.ones(len(hospitals)),
                                    p.pref.to_numpy()[who], rng)]
    doctors = np.flatnonzero((staff.dr_type == "D").to_numpy())
    dr = doctors[pick_in_groups(staff.inst.to_numpy()[doctors], np.ones(len(doctors)), hosp, rng)]
    months = np.where(long_rx, 4, np.where(disease == "hepatitis_c", 3, 12))
    psn = np.repeat(np.arange(len(who)), months)
    k = np.arange(len(psn)) - np.repeat(np.cumsum(months) - months, months)
    step = np.where(long_rx, 84, 30)[psn]
    day = rng.integers(0, 30, len(who))[psn] + k * step + rng.integers(-3, 4, len(psn))
    keep = (day >= 0) & (day < DAYS - 1)
    psn, day = psn[keep], day[keep]
    t = day * DAY + (rng.uniform(8, 12, len(psn)) * HOUR).astype(np.int64)
    codes = {kind: code for kind, (code, _) in lexicon.CHRONIC_DISEASES.items()}
    dise = np.array([codes[d] for d in disease])[psn]
    setl = frame(who[psn], hosp[psn], t, t - rng.integers(900, 3 * HOUR, len(psn)), np.full(len(psn), "14"), dr[psn],
                 dise, rng, 4 * 10**8)
    item = np.array([world.drug(EXPENSIVE[d]) for d in disease])[psn]
    boxes = np.maximum(1, np.round(np.where(long_rx[psn], 84, 30) / np.maximum(world.days[item], 1))).astype(np.int64)
    consult = lines(setl.key.to_numpy(), np.full(len(psn), catalog.CONSULT), np.ones(len(psn), dtype=np.int64),
                    t - 1200, np.zeros(len(psn)), dr[psn], np.full(len(psn), np.nan))
    drugs = lines(setl.key.to_numpy(), item, boxes * world.pack[item], t - 600, np.zeros(len(psn)), dr[psn],
                  np.where(rng.random(len(psn)) < 0.2, boxes * world.days[item], np.nan))
    return setl, pd.concat([consult, drugs], ignore_index=True)
