"""Hard negatives around a home: families fetching each other's medicines, nursing homes buying for residents.

Both mimic card collecting (敛卡): shared address and phone, many cards at one pharmacy within
minutes, similar baskets. What sets them apart: local holders, daytime, monthly regularity,
chronic drugs in month-sized quantities, stock that matches purchases, no re-used trace codes.
"""
from __future__ import annotations

import numpy as np

from graphfraud.generate import lexicon
from graphfraud.generate.planting import (claim, code_of, daytime, device_id, home_prefectures, in_district,
                                          month_supply, pharmacy_sale, set_ident, truth_persons)
from graphfraud.generate.population import CHRONIC_DRUGS
from graphfraud.generate.timeline import DAY, MONTH_STARTS, at
from graphfraud.generate.world import Truth, World


def _regular_drugs(world: World, rng: np.random.Generator, people: np.ndarray) -> dict[int, int]:
    """Each person's regular chronic drug, giving one to those without."""
    p = world.persons
    drugs = p.regular_drug.to_numpy()[people].copy()
    missing = np.flatnonzero(drugs < 0)
    kinds = np.array(list(CHRONIC_DRUGS))[rng.integers(0, len(CHRONIC_DRUGS), len(missing))]
    for k, kind in zip(missing, kinds):
        names = CHRONIC_DRUGS[str(kind)]
        drugs[k] = world.drug(names[int(rng.integers(0, len(names)))])
    p.loc[people[missing], "chronic"] = kinds
    p.loc[people[missing], "regular_drug"] = drugs[missing]
    return {int(person): int(drug) for person, drug in zip(people, drugs)}


def plant_families(world: World, count: int) -> None:
    rng = world.rng("hn-family")
    p = world.persons
    home = (p.pref.str[:2] == lexicon.HOME_PROVINCE).to_numpy() & (p.death_t < 0).to_numpy()
    for n, members in enumerate(world.roster.take_households(count, 2, home & (p.age >= 50).to_numpy()), start=1):
        gid = f"HN-FAMILY-{n:02d}"
        pharm = claim(world, rng, "P", in_district(world, int(p.district.iat[members[0]])), stay_local=True)
        phone = device_id(rng)
        p.loc[members, "tel"] = p.hh_tel.iat[members[0]]
        insulin = world.drug("甘精胰岛素注射液")
        diabetic = int(members[0])
        for m in members:
            set_ident(world, int(m), "device", phone, "e_voucher")
        regular = _regular_drugs(world, rng, members)
        first = int(rng.integers(0, 4))
        for month in range(first, min(first + int(rng.integers(8, 13)), 12)):
            t = daytime(rng, MONTH_STARTS[month] // DAY + int(rng.integers(0, 25)), 9, 11)
            for m in members:
                basket = [(regular[int(m)], month_supply(world, regular[int(m)]))]
                med_type, dise = "41", ""
                if m == diabetic:  # a filed diabetic's insulin is a 门慢 purchase
                    basket.append((insulin, month_supply(world, insulin)))
                    med_type, dise = "14", lexicon.CHRONIC_DISEASES["diabetes"][0]
                pharmacy_sale(world, int(m), pharm, t, basket, tag=gid, cert="01", dev=world.device(pharm, 1),
                              med_type=med_type, dise=dise)
                t += int(rng.integers(60, 240))
        world.truths.append(Truth(gid, "family", persons=truth_persons(world, members, "person"),
                                  institutions={code_of(world, pharm): "institution"}))


def move_in(world: World, rng: np.random.Generator, residents: np.ndarray, staff: np.ndarray, pharm: int,
            name: str) -> None:
    """Residents take the home's address and front-desk phone (a number of the pharmacy's area); staff list it."""
    d = lexicon.DISTRICTS[int(world.persons.district.iat[residents[0]])]
    place = d[1] + d[3] if d[1] == d[2] else d[1] + d[2] + d[3]
    addr = f"{place}{lexicon.ROADS[int(rng.integers(0, len(lexicon.ROADS)))]}{int(rng.integers(1, 300))}号" \
           f"{d[3]}{name}养老院"
    tel = f"{world.inst.tel.iat[pharm].split('-')[0]}-{int(rng.integers(10**7, 9 * 10**7))}"
    world.persons.loc[residents, ["addr", "tel"]] = [addr, tel]
    for s in staff:
        set_ident(world, int(s), "tel", tel, "employer")


def plant_nursing_homes(world: World, count: int) -> None:
    rng = world.rng("hn-nursing")
    p = world.persons
    home_prefs = home_prefectures()
    alive = (p.death_t < 0).to_numpy()
    for n in range(1, count + 1):
        gid = f"HN-NURSING-{n:02d}"
        pref = home_prefs[(n - 1) % len(home_prefs)]
        in_pref = (p.pref == pref).to_numpy() & alive
        old = (p.age >= 70).to_numpy() & alive
        alone = in_pref & (p.age >= 75).to_numpy() & (p.hh_size == 1).to_numpy()
        residents = world.roster.take(world.group_size(rng, 20, 45), alone, in_pref & old, old)
        staff = world.roster.take(2, in_pref & (p.age.between(25, 55)).to_numpy())
        district = int(p.district.iat[residents[0]])
        pharm = claim(world, rng, "P", in_district(world, district), stay_local=True)
        move_in(world, rng, residents, staff, pharm, "福寿康")
        regular = _regular_drugs(world, rng, residents)
        weekday_start, first = int(rng.integers(0, 5)), int(rng.integers(0, 5))
        for month in range(first, first + 5):
            day = MONTH_STARTS[month] // DAY + weekday_start + 7 * int(rng.integers(0, 3))
            t = int(at(day, rng.uniform(9, 10.5)))
            for r in residents:
                if 0 <= p.death_t.iat[r] <= t or rng.random() < 0.1:
                    continue
                drug = regular[int(r)]
                pharmacy_sale(world, int(r), pharm, t, [(drug, month_supply(world, drug))], tag=gid, cert="03",
                              opter=world.opter(pharm, 1))
                t += int(rng.integers(80, 260))
        persons = truth_persons(world, residents, "person") | truth_persons(world, staff, "person")
        world.truths.append(Truth(gid, "nursing_home", persons=persons,
                                  institutions={code_of(world, pharm): "institution"}))
