"""Impersonation (冒名 / 人亡卡活) as varied worlds plant it beyond one counter with one operator.

- ``broker_institutions``: one broker uses the cards of dead and absent persons at three to six
  ordinary pharmacies and clinics of two or three districts, with whatever operator is on duty;
  he often settles something on his own card at the same counter minutes before or after. Only a
  share of the cards' e-vouchers sit on his phone. The institutions know nothing: the group is
  the broker and the cards.
- ``clinic_insider``: an insider at a community clinic books outpatient visits, under one doctor,
  for persons who are dead, living in another prefecture, or lying in another hospital at the time
  (their genuine stay is in the data); the ID number is typed in (``mdtrt_cert_type`` 02).
"""
from __future__ import annotations

import numpy as np

from graphfraud.generate import catalog, lexicon
from graphfraud.generate.params import GroupSpec
from graphfraud.generate.planting import (claim, code_of, daytime, device_id, home_prefectures, in_pref,
                                          month_supply, pharmacy_sale, set_ident, truth_persons)
from graphfraud.generate.timeline import DAY, DAYS, HOUR
from graphfraud.generate.world import Truth, World

STAPLES = ["苯磺酸氨氯地平片", "阿托伐他汀钙片", "复方丹参滴丸", "盐酸二甲双胍片", "缬沙坦胶囊", "瑞舒伐他汀钙片"]
PRICEY = ["盐酸安罗替尼胶囊", "安宫牛黄丸", "人血白蛋白"]


def _cards(world: World, rng: np.random.Generator, pref: str, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Dead (they die during the period) and absent (living in another prefecture) card-holders."""
    p = world.persons
    alive = (p.death_t < 0).to_numpy()
    local = alive & (p.pref == pref).to_numpy()
    dead_n = int(round(n * rng.uniform(0.3, 0.7)))
    dead = world.roster.take(dead_n, local & (p.age >= 70).to_numpy(), local)
    absent = world.roster.take(max(n - dead_n, 1), alive & (p.pref != pref).to_numpy())
    p.loc[dead, "death_t"] = rng.integers(15, 250, len(dead)) * DAY
    return dead, absent


def _use_days(world: World, rng: np.random.Generator, psn: int, uses: int) -> list[int]:
    """Days a card is used: after its holder's death, or any time for the absent."""
    start = int(world.persons.death_t.iat[psn]) // DAY + int(rng.integers(3, 30)) if world.persons.death_t.iat[psn] >= 0 \
        else 0
    span = np.arange(min(start, DAYS - 2), DAYS - 1)
    return sorted(int(d) for d in rng.choice(span, size=min(uses, len(span)), replace=False))


def impersonation_broker_institutions(world: World, spec: GroupSpec) -> None:
    rng = world.rng(spec.id)
    p, inst = world.persons, world.inst
    prefs = home_prefectures()
    pref = prefs[(spec.number + 3) % len(prefs)]
    broker = int(world.roster.take(1, (p.pref == pref).to_numpy() & p.age.between(30, 60).to_numpy())[0])
    dead, absent = _cards(world, rng, pref, spec.size - 1)
    counters = np.flatnonzero(in_pref(world, pref) & (inst.hosp_lv.isin(["3", "11"])).to_numpy())
    places = rng.choice(counters, size=min(len(counters), int(rng.integers(3, 7))), replace=False)
    for psn in [*dead, *absent]:
        for day in _use_days(world, rng, int(psn), int(rng.integers(max(2, spec.trips // 3), max(3, spec.trips // 2) + 1))):
            place = int(rng.choice(places))
            t = daytime(rng, day)
            basket = [(world.drug(str(rng.choice(STAPLES))), 2)]
            if rng.random() < 0.4:
                basket.append((world.drug(str(rng.choice(PRICEY))), 1))
            if inst.kind.iat[place] == "P":
                pharmacy_sale(world, int(psn), place, t, basket, tag=spec.id, cert="01")
            else:
                _clinic_visit(world, rng, spec.id, int(psn), place, int(rng.choice(world.doctors_of(place))), t, basket)
            if rng.random() < 0.5 and inst.kind.iat[place] == "P":  # his own purchase at the same counter
                drug = world.drug(str(rng.choice(STAPLES)))
                pharmacy_sale(world, broker, place, t + int(rng.integers(-900, 900)), [(drug, 1)])
    device = device_id(rng)
    bound = rng.permutation([*dead, *absent])[: int(round(spec.ident_share * (len(dead) + len(absent))))]
    for psn in [broker, *bound] if len(bound) else []:
        set_ident(world, int(psn), "device", device, "e_voucher")
    world.truths.append(Truth(spec.id, "impersonation", modus=spec.modus, parameters=spec.as_dict(),
                              persons=truth_persons(world, [*dead, *absent], "impersonated")
                              | truth_persons(world, [broker], "broker"),
                              centre=("Person", str(world.psn_no[broker]))))


def _clinic_visit(world: World, rng: np.random.Generator, gid: str, psn: int, clinic: int, doctor: int, t: int,
                  basket: list[tuple[int, int]]) -> None:
    begn = t - int(rng.uniform(0.2, 0.6) * HOUR)
    disease = str(rng.choice(["hypertension", "diabetes", "coronary"]))
    key = world.book.settle(psn, clinic, t, "11", begn=begn, dr=doctor, dise=lexicon.CHRONIC_DISEASES[disease][0],
                            tag=gid, cert="02")
    world.book.line(key, catalog.CONSULT, 1, begn + 120, dr=doctor)
    for n, (item, boxes) in enumerate(basket):
        world.book.line(key, item, boxes * int(world.pack[item]), t - 30 - 7 * n, dr=doctor)


def impersonation_clinic_insider(world: World, spec: GroupSpec) -> None:
    rng = world.rng(spec.id)
    p, inst = world.persons, world.inst
    prefs = home_prefectures()
    pref = prefs[(spec.number + 5) % len(prefs)]
    clinic = claim(world, rng, "H", in_pref(world, pref), levels=("3",))
    doctor = int(rng.choice(world.doctors_of(clinic)))
    n_ward = int(round((spec.size) * rng.uniform(0.2, 0.4)))
    dead, absent = _cards(world, rng, pref, spec.size - n_ward)
    local = (p.pref == pref).to_numpy() & (p.death_t < 0).to_numpy()
    inpatients = world.roster.take(max(n_ward, 1), local & (p.age >= 50).to_numpy(), local)
    hub = np.flatnonzero(in_pref(world, pref) & (inst.kind == "H").to_numpy() & (inst.hosp_lv == "1").to_numpy())
    ward = int(hub[0]) if len(hub) else int(rng.choice(np.flatnonzero((inst.kind == "H").to_numpy())))
    uses = (max(2, spec.trips // 3), max(3, spec.trips // 2) + 1)
    for psn in [*dead, *absent]:
        for day in _use_days(world, rng, int(psn), int(rng.integers(*uses))):
            _clinic_visit(world, rng, spec.id, int(psn), clinic, doctor, daytime(rng, day, 8.5, 16), _basket(world, rng))
    for psn in inpatients:  # a genuine stay elsewhere, and visits booked at the clinic during it
        for _ in range(int(rng.integers(1, 3))):
            admit = int(rng.integers(5, DAYS - 30))
            stay = int(rng.integers(6, 20))
            begn, endt = admit * DAY + int(10 * HOUR), (admit + stay) * DAY + int(11 * HOUR)
            key = world.book.settle(int(psn), ward, endt, "21", begn=begn, dr=int(rng.choice(world.doctors_of(ward))),
                                    dise=lexicon.INPATIENT_DISEASES[int(rng.integers(0, 7))][0])
            world.book.line(key, catalog.BED_DAY, stay, begn + HOUR)
            world.book.line(key, catalog.NURSING_DAY, stay, begn + HOUR)
            day = admit + int(rng.integers(1, stay - 1))
            _clinic_visit(world, rng, spec.id, int(psn), clinic, doctor, daytime(rng, day, 8.5, 16), _basket(world, rng))
    members = [*dead, *absent, *inpatients]
    phone = world.staff.tel.iat[doctor]
    for psn in rng.permutation(members)[: int(round(spec.ident_share * len(members)))]:
        set_ident(world, int(psn), "tel", phone, "e_voucher_binding")
    world.truths.append(Truth(spec.id, "impersonation", modus=spec.modus, parameters=spec.as_dict(),
                              persons=truth_persons(world, members, "impersonated"),
                              institutions={code_of(world, clinic): "institution"},
                              doctors={str(world.staff.dr_code.iat[doctor]): "doctor"},
                              centre=("Institution", code_of(world, clinic))))


def _basket(world: World, rng: np.random.Generator) -> list[tuple[int, int]]:
    drug = world.drug(str(rng.choice(STAPLES)))
    basket = [(drug, month_supply(world, drug))]
    if rng.random() < 0.3:
        basket.append((world.drug(str(rng.choice(PRICEY))), 1))
    return basket
