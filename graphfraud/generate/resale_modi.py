"""Resale (倒卖医保药品) as varied worlds plant it beyond the classic party of card-holders.

- ``collector_pharmacy``: card-holders obtain the drug alone, on their own days, at their own
  one or two hospitals; nobody shares a phone, device or account. Every box goes back through one
  pharmacy the collector runs, which sells it again without having bought it.
- ``prescription_getters``: two to five professional prescription-getters (职业开药人) carry the
  cards of recruited elderly owners, visiting two to four hospitals a day with a different card
  at each, and sell the boxes to pharmacies in other prefectures and provinces.
- ``chronic_cover``: genuine 门慢/门特 patients with a filed disease keep their monthly visit at
  their own hospital (not fraud) and obtain the cap again at one or two other hospitals with the
  same filing (Shijingshan: extra drugs mixed into genuine chronic lists); a collector buys the surplus.
"""
from __future__ import annotations

import numpy as np

from graphfraud.generate import lexicon
from graphfraud.generate.params import GroupSpec
from graphfraud.generate.planting import (claim, code_of, home_prefectures, hospital_visit,
                                          in_pref, month_supply, set_ident, truth_persons)
from graphfraud.generate.population import mobiles
from graphfraud.generate.reflow import reflow
from graphfraud.generate.timeline import DAYS, HOUR, at
from graphfraud.generate.world import Truth, World

OBTAINED = ["他克莫司胶囊", "马来酸阿伐曲泊帕片", "盐酸安罗替尼胶囊", "甘精胰岛素注射液", "富马酸丙酚替诺福韦片",
            "索磷布韦维帕他韦片", "甲磺酸奥希替尼片", "甲磺酸仑伐替尼胶囊"]
FILED = {"他克莫司胶囊": "transplant", "富马酸丙酚替诺福韦片": "hepatitis_b", "甘精胰岛素注射液": "diabetes",
         "马来酸阿伐曲泊帕片": "itp", "甲磺酸奥希替尼片": "lung_cancer"}


def _place(world: World, spec: GroupSpec, shift: int) -> tuple[str, np.ndarray, np.ndarray]:
    """The group's prefecture, its living residents and its hospitals."""
    prefs = home_prefectures()
    pref = prefs[(spec.number + shift) % len(prefs)]
    p = world.persons
    local = (p.pref == pref).to_numpy() & (p.death_t < 0).to_numpy()
    hospitals = np.flatnonzero((world.inst.kind == "H").to_numpy() & in_pref(world, pref))
    return pref, local, hospitals


def _visits_per_holder(rng: np.random.Generator, spec: GroupSpec, holders: int) -> np.ndarray:
    """Obtaining visits of each holder: the group's ``trips`` occasions shared out, at least two each."""
    total = max(2 * holders, spec.trips * max(2, holders // 4))
    return 2 + rng.multinomial(total - 2 * holders, np.ones(holders) / holders)


def _obtain(world: World, rng: np.random.Generator, gid: str, psn: int, hospital: int, drug: int, t: int,
            obtained: list[tuple[int, str]], *, med_type: str = "11", dise: str = "") -> None:
    """One visit obtaining the cap (顶格开药) or one box less."""
    cap = int(world.items.cap.iat[drug])
    codes = world.codes.boxes(drug, max(1, cap - int(rng.random() < 0.3)))
    hospital_visit(world, psn, hospital, int(rng.choice(world.doctors_of(hospital))), t, [(drug, len(codes))],
                   tag=gid, med_type=med_type, dise=dise, traces=[",".join(codes)], prd_days=rng.random() < 0.15)
    obtained += [(t, c) for c in codes]


def _outlets(world: World, rng: np.random.Generator, pref: str) -> list[int]:
    """Downstream pharmacies: one in another prefecture of the province, often one in another province."""
    province = world.inst.admdvs.str[:2].to_numpy()
    outlets = [claim(world, rng, "P", ~in_pref(world, pref) & (province == lexicon.HOME_PROVINCE))]
    if rng.random() < 0.6:
        outlets.append(claim(world, rng, "P", province != lexicon.HOME_PROVINCE))
    return outlets


def _finish(world: World, spec: GroupSpec, persons: dict[str, str], outlets: list[int], resold: set[str],
            context: dict[str, str], centre: tuple[str, str], outlet_role: str = "downstream_pharmacy") -> None:
    world.truths.append(Truth(spec.id, "resale", persons=persons, trace_codes=resold, modus=spec.modus,
                              institutions={code_of(world, o): outlet_role for o in outlets}, context=context,
                              centre=centre, parameters=spec.as_dict()))


def resale_collector_pharmacy(world: World, spec: GroupSpec) -> None:
    rng = world.rng(spec.id)
    p = world.persons
    pref, local, hospitals = _place(world, spec, 3)
    holders = world.roster.take(spec.size, local & (p.age >= 55).to_numpy(), local)
    shop = claim(world, rng, "P", in_pref(world, pref))
    drug = world.drug(OBTAINED[(spec.number + 2) % len(OBTAINED)], maker=int(rng.integers(0, 2)))
    obtained: list[tuple[int, str]] = []
    for holder, visits in zip(holders, _visits_per_holder(rng, spec, len(holders))):
        own = rng.choice(hospitals, size=min(len(hospitals), int(rng.integers(1, 3))), replace=False)
        for day in rng.choice(np.arange(0, DAYS - 45), size=int(visits), replace=False):
            t = int(at(int(day), rng.uniform(8, 16.5)))
            _obtain(world, rng, spec.id, int(holder), int(rng.choice(own)), drug, t, obtained)
    resold, context = reflow(world, rng, spec.id, drug, obtained, [shop], spec)
    _finish(world, spec, truth_persons(world, holders, "card_holder"), [shop], resold, context,
            ("Institution", code_of(world, shop)), outlet_role="collector_pharmacy")


def resale_prescription_getters(world: World, spec: GroupSpec) -> None:
    rng = world.rng(spec.id)
    p = world.persons
    pref, local, hospitals = _place(world, spec, 5)
    province_hospitals = np.flatnonzero((world.inst.kind == "H").to_numpy()
                                        & (world.inst.admdvs.str[:2] == lexicon.HOME_PROVINCE).to_numpy())
    n_getters = int(np.clip(spec.size // 10, 2, 5))
    getters = world.roster.take(n_getters, local & p.age.between(35, 60).to_numpy())
    owners = world.roster.take(max(spec.size - n_getters, 3), local & (p.age >= 60).to_numpy(), local)
    drug = world.drug(OBTAINED[(spec.number + 4) % len(OBTAINED)])
    outlets = _outlets(world, rng, pref)
    carried = np.array_split(rng.permutation(owners), n_getters)  # each getter carries a share of the cards
    for getter, cards in zip(getters, carried):
        phone = str(mobiles(rng, 1)[0])
        for owner in cards[: int(round(spec.ident_share * len(cards)))]:
            set_ident(world, int(owner), "tel", phone, "e_voucher_binding")
        if spec.ident_share > 0:
            set_ident(world, int(getter), "tel", phone, "bank_registration")
    obtained: list[tuple[int, str]] = []
    for getter, cards in zip(getters, carried):
        queue = list(rng.permutation(np.concatenate([cards, cards, [getter]])))  # every card twice at least
        trips = max(spec.trips, -(-len(queue) // 2))  # enough trip days to use every card twice
        days = np.sort(rng.choice(np.arange(int(rng.integers(0, 60)), DAYS - 45), size=trips, replace=False))
        for day in days:
            if not queue:
                queue = list(rng.permutation(np.concatenate([cards, [getter]])))
            t = int(at(int(day), rng.uniform(8, 9.5)))
            route = rng.choice(np.union1d(hospitals, province_hospitals[:6]), size=int(rng.integers(2, 5)),
                               replace=False)
            for hospital in route:
                if not queue:
                    break
                _obtain(world, rng, spec.id, int(queue.pop()), int(hospital), drug, t, obtained)
                t += int(rng.uniform(1, 2.5) * HOUR)
    resold, context = reflow(world, rng, spec.id, drug, obtained, outlets, spec)
    persons = truth_persons(world, owners, "card_holder") | truth_persons(world, getters, "prescription_getter")
    _finish(world, spec, persons, outlets, resold, context, ("Person", str(world.psn_no[getters[0]])))


def resale_chronic_cover(world: World, spec: GroupSpec) -> None:
    rng = world.rng(spec.id)
    p = world.persons
    pref, local, hospitals = _place(world, spec, 1)
    name = sorted(FILED)[spec.number % len(FILED)]
    disease = FILED[name]
    drug, dise = world.drug(name), lexicon.CHRONIC_DISEASES[disease][0]
    holders = world.roster.take(spec.size, local & (p.age >= 40).to_numpy(), local)
    p.loc[holders, "chronic"] = disease  # genuine patients with a filing (门慢/门特)
    collector = int(world.roster.take(1, local & p.age.between(30, 55).to_numpy())[0])
    outlets = _outlets(world, rng, pref)
    obtained: list[tuple[int, str]] = []
    for holder, extra in zip(holders, _visits_per_holder(rng, spec, len(holders))):
        own, *others = rng.choice(hospitals, size=min(len(hospitals), 3), replace=False)
        others = others or [own]
        day0 = int(rng.integers(0, 28))
        for day in range(day0, DAYS, 28 + int(rng.integers(0, 5))):  # the genuine monthly visit
            hospital_visit(world, int(holder), int(own), int(rng.choice(world.doctors_of(int(own)))),
                           int(at(day, rng.uniform(8, 11))), [(drug, month_supply(world, drug))], med_type="14",
                           dise=dise, prd_days=rng.random() < 0.3)
        for day in rng.choice(np.arange(0, DAYS - 45), size=int(extra), replace=False):
            _obtain(world, rng, spec.id, int(holder), int(rng.choice(others)), drug, int(at(int(day), rng.uniform(9, 16))),
                    obtained, med_type="14", dise=dise)
    linked = rng.permutation(holders)[: int(round(spec.ident_share * len(holders)))]
    bank = "6228" + "".join(rng.choice(list("0123456789"), 15))
    for psn in [collector, *linked] if len(linked) else []:
        set_ident(world, int(psn), "bank_acct", bank, "transfer_record")
    resold, context = reflow(world, rng, spec.id, drug, obtained, outlets, spec)
    persons = truth_persons(world, holders, "card_holder")
    if len(linked):  # the collector leaves a trace only through the accounts he pays from
        persons |= truth_persons(world, [collector], "collector")
        centre = ("Person", str(world.psn_no[collector]))
    else:
        centre = ("Institution", code_of(world, outlets[0]))
    _finish(world, spec, persons, outlets, resold, context, centre)

