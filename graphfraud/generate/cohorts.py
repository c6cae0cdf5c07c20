"""Look-alikes of varied worlds where many patients meet one institution: clinic days, member days,
hub-hospital clinics with the pharmacy next door, snowbirds.

- ``clinic_day``: a community clinic's chronic-disease morning, every week on one weekday; each
  patient comes every four weeks (some every twelve, on long prescriptions) with a filed disease
  (门慢), sees one of one or two GPs, and leaves with a month of drugs, insulin for some.
- ``member_day``: a busy pharmacy's member days (会员日, the 8th and 18th): its regulars queue from
  nine to noon and stock up on two or three months of their chronic drugs; in December some spend
  their account balance on 安宫牛黄丸 as presents.
- ``hub_clinic``: patients of three to six doctors of a hub hospital fill their external
  prescriptions at the pharmacy next door within the hour, month after month; many have filed
  diseases and expensive drugs (hepatitis B, transplant, insulin).
- ``snowbird``: retirees insured in Harbin spend the winter in Haikou under a 异地就医备案 filing:
  one compound, one pharmacy and one hospital from November to April, a three-month stock before
  going home; the landlord who arranged the filing is their local contact (``psn_ident`` tel).
"""
from __future__ import annotations

import numpy as np

from graphfraud.generate import lexicon
from graphfraud.generate.dispensing import hospital_with_pharmacy_beside
from graphfraud.generate.households import _regular_drugs
from graphfraud.generate.planting import (claim, code_of, daytime, home_prefectures, hospital_visit, in_pref,
                                          month_supply, pharmacy_sale, set_ident, truth_persons)
from graphfraud.generate.population import mobiles
from graphfraud.generate.timeline import DAY, DAYS, DECEMBER, HOUR, MONTH_STARTS, at, weekday
from graphfraud.generate.world import Truth, World

FILED_DRUGS = {"diabetes": "甘精胰岛素注射液", "hepatitis_b": "富马酸丙酚替诺福韦片", "transplant": "他克莫司胶囊",
               "atrial_fibrillation": "利伐沙班片"}


def _local(world: World, pref: str, min_age: int = 30) -> np.ndarray:
    p = world.persons
    return (p.pref == pref).to_numpy() & (p.death_t < 0).to_numpy() & (p.age >= min_age).to_numpy()


def _size(rng: np.random.Generator, size: tuple[int, int]) -> int:
    return int(rng.integers(size[0], size[1] + 1))


def plant_clinic_days(world: World, count: int, size: tuple[int, int]) -> None:
    rng = world.rng("lk-clinic-day")
    prefs = home_prefectures()
    for n in range(1, count + 1):
        gid = f"HN-CLINICDAY-{n:02d}"
        clinic = claim(world, rng, "H", in_pref(world, prefs[(n - 1) % len(prefs)]), levels=("3",), stay_local=True)
        gps = world.doctors_of(clinic)[:2]
        people = world.roster.take(_size(rng, size), _local(world, world.inst.pref.iat[clinic], 50)
                                   & (world.persons.district == world.inst.district.iat[clinic]).to_numpy(),
                                   _local(world, world.inst.pref.iat[clinic], 50))
        regular = _regular_drugs(world, rng, people)
        chronic = world.persons.chronic.to_numpy()
        clinic_weekday = int(rng.integers(0, 5))
        days = [d for d in range(DAYS) if weekday(np.array([d * DAY]))[0] == clinic_weekday]
        for psn in people:
            every = 12 if rng.random() < 0.2 else 4
            disease = str(chronic[psn]) or "hypertension"
            dise = lexicon.CHRONIC_DISEASES[disease][0]
            basket = [(regular[int(psn)], month_supply(world, regular[int(psn)], 7 * every))]
            if disease == "diabetes" and rng.random() < 0.3:
                insulin = world.drug("甘精胰岛素注射液")
                basket.append((insulin, month_supply(world, insulin, 7 * every)))
            for day in days[int(rng.integers(0, every)):: every]:
                hospital_visit(world, int(psn), clinic, int(rng.choice(gps)), int(at(day, rng.uniform(8, 11))), basket,
                               tag=gid, med_type="14", dise=dise, prd_days=rng.random() < 0.2)
        world.truths.append(Truth(gid, "clinic_day", persons=truth_persons(world, people, "patient"),
                                  institutions={code_of(world, clinic): "institution"}))


def plant_member_days(world: World, count: int, size: tuple[int, int]) -> None:
    rng = world.rng("lk-member-day")
    prefs = home_prefectures()
    for n in range(1, count + 1):
        gid = f"HN-MEMBERDAY-{n:02d}"
        pharm = claim(world, rng, "P", in_pref(world, prefs[(n + 2) % len(prefs)]), stay_local=True)
        world.inst.loc[pharm, "weight"] = world.inst.weight.iat[pharm] * 4  # a busy one
        local = _local(world, world.inst.pref.iat[pharm], 40)
        people = world.roster.take(_size(rng, size), local & (world.persons.district == world.inst.district.iat[pharm])
                                   .to_numpy(), local)
        regular = _regular_drugs(world, rng, people)
        attend = rng.uniform(0.3, 0.8, len(people))
        gift = world.drug("安宫牛黄丸")
        for month in range(12):
            for date in (8, 18):
                day = MONTH_STARTS[month] // DAY + date - 1
                for k in np.flatnonzero(rng.random(len(people)) < attend):
                    drug = regular[int(people[k])]
                    basket = [(drug, month_supply(world, drug, int(rng.choice([60, 90]))))]
                    december = DECEMBER[0] <= day * DAY < DECEMBER[1]
                    if december and rng.random() < 0.4:
                        basket.append((gift, int(rng.integers(1, 4))))
                    pharmacy_sale(world, int(people[k]), pharm, int(at(day, rng.uniform(8.8, 12))), basket, tag=gid,
                                  pay="acct" if december else "")
        world.truths.append(Truth(gid, "member_day", persons=truth_persons(world, people, "customer"),
                                  institutions={code_of(world, pharm): "institution"}))


def plant_hub_clinics(world: World, count: int, size: tuple[int, int]) -> None:
    rng = world.rng("lk-hub-clinic")
    inst = world.inst
    for n in range(1, count + 1):
        gid = f"HN-HUBCLINIC-{n:02d}"
        hosp, pharm = hospital_with_pharmacy_beside(world, rng)
        staff = world.doctors_of(hosp)
        doctors = rng.choice(staff, size=min(len(staff), int(rng.integers(3, 7))), replace=False)
        people = world.roster.take(_size(rng, size), _local(world, inst.pref.iat[hosp]))
        for psn in people:
            disease = str(rng.choice(list(FILED_DRUGS))) if rng.random() < 0.6 else ""
            drug = world.drug(FILED_DRUGS[disease] if disease else str(rng.choice(["奥美拉唑肠溶胶囊", "缬沙坦胶囊"])))
            dr = int(rng.choice(doctors))
            dise = lexicon.CHRONIC_DISEASES[disease][0] if disease else lexicon.ACUTE_DISEASES[0][0]
            first = int(rng.integers(0, 40))
            for day in range(first, DAYS - 1, int(rng.choice([28, 30, 56, 84]))):
                t = daytime(rng, day, 8, 11.5)
                hospital_visit(world, int(psn), hosp, dr, t, [], tag=gid, med_type="14" if disease else "11", dise=dise)
                pharmacy_sale(world, int(psn), pharm, t + int(rng.uniform(0.15, 1.0) * HOUR),
                              [(drug, month_supply(world, drug))], tag=gid, rx=1, dr=dr,
                              med_type="14" if disease else "41", dise=dise if disease else "")
        world.truths.append(Truth(gid, "hospital_side_pharmacy", persons=truth_persons(world, people, "patient"),
                                  institutions={code_of(world, pharm): "institution", code_of(world, hosp): "institution"},
                                  doctors={str(world.staff.dr_code.iat[d]): "doctor" for d in doctors}))


def plant_snowbirds(world: World, count: int, size: tuple[int, int]) -> None:
    rng = world.rng("lk-snowbird")
    p, inst = world.persons, world.inst
    winter = (p.admdvs == "460105").to_numpy() & (p.insuplc == "230103").to_numpy() & (p.death_t < 0).to_numpy()
    for n in range(1, count + 1):
        gid = f"HN-SNOWBIRD-{n:02d}"
        people = world.roster.take(_size(rng, size), winter, (p.admdvs == "460105").to_numpy() & (p.age >= 60).to_numpy())
        p.loc[people, "insuplc"] = "230103"
        pharm = claim(world, rng, "P", in_pref(world, "4601"), stay_local=True)
        hosp = claim(world, rng, "H", in_pref(world, "4601"), stay_local=True)
        landlord = int(world.roster.take(1, (p.admdvs == "460105").to_numpy() & p.age.between(35, 60).to_numpy())[0])
        contact = str(mobiles(rng, 1)[0])
        for psn in [landlord, *people[: int(len(people) * rng.uniform(0.3, 0.9))]]:
            set_ident(world, int(psn), "tel", contact, "filing")
        regular = _regular_drugs(world, rng, people)
        for psn in people:
            drug = regular[int(psn)]
            arrive, leave = int(rng.integers(120, 140)), int(rng.integers(280, 300))  # early Nov .. late April
            day = arrive + int(rng.integers(1, 6))
            while day < leave:
                last = day + 35 >= leave
                pharmacy_sale(world, int(psn), pharm, daytime(rng, day, 8.5, 11),
                              [(drug, month_supply(world, drug, 90 if last else 30))], tag=gid)
                if rng.random() < 0.3:
                    hospital_visit(world, int(psn), hosp, int(rng.choice(world.doctors_of(hosp))), daytime(rng, day),
                                   [], tag=gid)
                day += int(rng.integers(26, 34))
        world.truths.append(Truth(gid, "snowbird", persons=truth_persons(world, people, "retiree")
                                  | truth_persons(world, [landlord], "landlord"),
                                  institutions={code_of(world, pharm): "institution", code_of(world, hosp): "institution"}))

