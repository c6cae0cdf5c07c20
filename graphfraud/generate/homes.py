"""Look-alikes of varied worlds around where people live: nursing homes at full strength, relatives
fetching medicines for two households.

- ``nursing_home``: 50–70 elderly residents share the home's address and front-desk phone; one
  contracted doctor of the community clinic writes their prescriptions; on one morning a month a
  carer takes every card to the pharmacy next door, and the batch (insulin, anticoagulants,
  the residents' regular drugs, a month each) is settled card after card by one operator, within
  two or three hours; residents die and drop out. All year, every year.
- ``relatives_fetching``: a son or daughter buys each month for their own parents and their
  in-laws (two households, often in another district or prefecture) at the pharmacy near their
  own home; the parents' e-vouchers sit on the child's phone; the cards are settled minutes apart.
"""
from __future__ import annotations

import numpy as np

from graphfraud.generate import lexicon
from graphfraud.generate.households import _regular_drugs, move_in
from graphfraud.generate.planting import (claim, code_of, device_id, home_prefectures, in_district, month_supply,
                                          pharmacy_sale, set_ident, truth_persons)
from graphfraud.generate.timeline import DAY, HOUR, MONTH_STARTS, at
from graphfraud.generate.world import Truth, World

BATCH = ["甘精胰岛素注射液", "利伐沙班片", "华法林钠片", "阿司匹林肠溶片"]


def plant_care_homes(world: World, count: int) -> None:
    rng = world.rng("lk-care-home")
    p = world.persons
    prefs = home_prefectures()
    alive = (p.death_t < 0).to_numpy()
    for n in range(1, count + 1):
        gid = f"HN-CAREHOME-{n:02d}"
        local = (p.pref == prefs[(n - 1) % len(prefs)]).to_numpy() & alive
        old = (p.age >= 70).to_numpy() & alive
        residents = world.roster.take(int(rng.integers(50, 71)), local & (p.age >= 75).to_numpy()
                                      & (p.hh_size == 1).to_numpy(), local & old, old)
        carers = world.roster.take(int(rng.integers(2, 4)), local & p.age.between(25, 55).to_numpy())
        district = int(p.district.iat[residents[0]])
        pharm = claim(world, rng, "P", in_district(world, district), stay_local=True)
        clinic = claim(world, rng, "H", in_district(world, district), levels=("3", "2"), stay_local=True)
        doctor = int(rng.choice(world.doctors_of(clinic)))
        move_in(world, rng, residents, carers, pharm, "颐养康乐福寿松鹤"[2 * (n % 4): 2 * (n % 4) + 2])
        regular = _regular_drugs(world, rng, residents)
        batch = {int(r): world.drug(str(rng.choice(BATCH))) for r in residents if rng.random() < 0.6}
        weekday = int(rng.integers(0, 5))
        opter = world.opter(pharm, 1)
        for month in range(12):
            day = MONTH_STARTS[month] // DAY + weekday + 7 * int(rng.integers(0, 2))
            t = int(at(day, rng.uniform(8.5, 9.5)))
            for r in rng.permutation(residents):
                if 0 <= p.death_t.iat[r] <= t or rng.random() < 0.05:
                    continue
                basket = [(regular[int(r)], month_supply(world, regular[int(r)]))]
                if int(r) in batch:
                    basket.append((batch[int(r)], month_supply(world, batch[int(r)])))
                pharmacy_sale(world, int(r), pharm, t, basket, tag=gid, cert="03", opter=opter, rx=1, dr=doctor,
                              med_type="14" if int(r) in batch else "41")
                t += int(rng.integers(60, 200))
        persons = truth_persons(world, residents, "resident") | truth_persons(world, carers, "carer")
        world.truths.append(Truth(gid, "nursing_home", persons=persons,
                                  institutions={code_of(world, pharm): "institution", code_of(world, clinic): "clinic"},
                                  doctors={str(world.staff.dr_code.iat[doctor]): "contracted_doctor"}))


def plant_relatives_fetching(world: World, count: int) -> None:
    rng = world.rng("lk-relatives")
    p = world.persons
    home = (p.pref.str[:2] == lexicon.HOME_PROVINCE).to_numpy() & (p.death_t < 0).to_numpy()
    for n in range(1, count + 1):
        gid = f"HN-RELATIVES-{n:02d}"
        fetcher = int(world.roster.take(1, home & p.age.between(30, 55).to_numpy())[0])
        elders = world.roster.take_households(2, 2, home & (p.age >= 60).to_numpy())
        if len(elders) < 2:
            elders += [world.roster.take(2, home & (p.age >= 60).to_numpy())]
        relatives = np.concatenate(elders)
        pharm = int(p.home_pharm.iat[fetcher])
        world.claimed.add(pharm)  # no scheme is planted at this counter on top
        phone = device_id(rng)
        for psn in [fetcher, *relatives]:
            set_ident(world, int(psn), "device", phone, "e_voucher")
        regular = _regular_drugs(world, rng, relatives)
        first = int(rng.integers(0, 3))
        for month in range(first, 12):
            t = int(at(MONTH_STARTS[month] // DAY + int(rng.integers(0, 26)), rng.uniform(17.5, 20)))
            pharmacy_sale(world, fetcher, pharm, t - int(0.1 * HOUR), [(world.drug("感冒灵颗粒"), 1)], tag=gid)
            for psn in relatives:
                drug = regular[int(psn)]
                pharmacy_sale(world, int(psn), pharm, t, [(drug, month_supply(world, drug))], tag=gid, cert="01")
                t += int(rng.integers(40, 180))
        world.truths.append(Truth(gid, "relatives_fetching", persons=truth_persons(world, [fetcher], "fetcher")
                                  | truth_persons(world, relatives, "relative"),
                                  institutions={code_of(world, pharm): "institution"}))
