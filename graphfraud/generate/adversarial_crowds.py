"""Look-alikes of adversarial worlds around homes, seasons and shared identifiers.

- ``family_aid`` (个账共济): an employee's account pays for parents, in-laws and children in two or
  three households (``acct_mulaid_pay``); their e-vouchers sit on the employee's phone; the
  employee buys everyone's monthly drugs, insulin and tenofovir included, on one evening.
- ``seasonal_workers``: workers insured in another province live in a site dormitory for the
  season (one address, the foreman's phone) and are treated together at the clinic and pharmacy
  next to it, whole dormitories at once when a cold goes round (异地 settlements).
- ``spring_festival``: a pharmacy's regulars stock up two or three months of their chronic drugs
  in the ten days before the Spring Festival, many on the same mornings.
- ``member_card``: a cashier scans her own membership card for customers who have none: one
  member-card number (``psn_ident``) shared by a hundred customers, all served by her.
- ``switchboard``: a hospital's switchboard number typed in as the phone of hundreds of its patients.
- ``head_office``: a pharmacy chain's employees registered at the head office's address, buying at
  the chain's branches with their staff discount.
"""
from __future__ import annotations

import numpy as np

from graphfraud.generate import lexicon
from graphfraud.generate.adversarial_common import (SPRING_FESTIVAL, company, living, lookalike, minutes,
                                                    refills_planted, roles, take_local, visit)
from graphfraud.generate.households import _regular_drugs
from graphfraud.generate.planting import (claim, device_id, home_prefectures, in_district, in_pref, month_supply,
                                          pharmacy_sale, set_ident)
from graphfraud.generate.population import mobiles
from graphfraud.generate.timeline import DAY, DAYS, MONTH_STARTS, at
from graphfraud.generate.world import World

ELSEWHERE = ["341202", "411502", "500101", "522601"]  # where seasonal workers are insured (Anhui, Henan, …)
COMMON = ["感冒灵颗粒", "布洛芬缓释胶囊", "阿莫西林胶囊", "蒙脱石散", "连花清瘟胶囊", "氯雷他定片"]


def _size(rng: np.random.Generator, size: tuple[int, int], low: int = 0) -> int:
    return max(low, int(rng.integers(size[0], size[1] + 1)))


def _pref(n: int, shift: int) -> str:
    prefs = home_prefectures()
    return prefs[(n + shift) % len(prefs)]


def _near(world: World, pref: str, district: int, min_age: int, max_age: int = 200) -> tuple[np.ndarray, np.ndarray]:
    here = living(world, pref, min_age, max_age)
    return here & (world.persons.district == district).to_numpy(), here


def plant_family_aid(world: World, count: int, size: tuple[int, int]) -> None:
    rng = world.rng("adv-family-aid")
    p = world.persons
    insulin, tenofovir = world.drug("甘精胰岛素注射液"), world.drug("富马酸丙酚替诺福韦片")
    for n in range(1, count + 1):
        gid = f"HN-FAMILYAID-{n:02d}"
        pref = _pref(n, 0)
        employees = (p.insutype == "310").to_numpy()
        helper = int(take_local(world, 1, living(world, pref, 30, 55) & employees, living(world, pref, 30, 55))[0])
        households = world.roster.take_households(int(rng.integers(2, 4)), 1, living(world, pref))
        relatives = np.concatenate(households) if households else take_local(world, 3, living(world, pref))
        phone = device_id(rng)
        for q in [helper, *relatives]:
            set_ident(world, int(q), "device", phone, "e_voucher")
        p.loc[relatives[p.age.to_numpy()[relatives] >= 60], "tel"] = p.tel.iat[helper]
        regular = _regular_drugs(world, rng, relatives[p.age.to_numpy()[relatives] >= 40])
        refills_planted(world, list(regular))
        special = {int(q): (insulin if rng.random() < 0.5 else tenofovir) for q in regular if rng.random() < 0.3}
        pharm = claim(world, rng, "P", in_district(world, int(p.district.iat[helper])), in_pref(world, pref),
                      stay_local=True)
        for month in range(12):
            t = int(at(MONTH_STARTS[month] // DAY + int(rng.integers(0, 26)), rng.uniform(18, 20.5)))
            pharmacy_sale(world, helper, pharm, t, [(world.drug(str(rng.choice(COMMON))), 1)], tag=gid, cert="01")
            for q in rng.permutation(relatives):
                q = int(q)
                if q not in regular and rng.random() > 0.15:  # the young need something now and then
                    continue
                drug = regular.get(q, world.drug(str(rng.choice(COMMON))))
                basket = [(drug, month_supply(world, drug) if q in regular else 1)]
                if q in special:
                    basket.append((special[q], month_supply(world, special[q])))
                t += minutes(rng, 1, 4)
                pharmacy_sale(world, q, pharm, t, basket, tag=gid, cert="01", pay="mulaid")
        lookalike(world, gid, "family_aid", roles(world, [helper], "helper") | roles(world, relatives, "relative"),
                  {pharm: "institution"})


def plant_seasonal_workers(world: World, count: int, size: tuple[int, int]) -> None:
    rng = world.rng("adv-seasonal")
    p = world.persons
    for n in range(1, count + 1):
        gid = f"HN-SEASONAL-{n:02d}"
        clinic = claim(world, rng, "H", in_pref(world, _pref(n, 2)), levels=("3",), stay_local=True)
        pref, district = str(world.inst.pref.iat[clinic]), int(world.inst.district.iat[clinic])
        pharm = claim(world, rng, "P", in_district(world, district), in_pref(world, pref), stay_local=True)
        workers = take_local(world, _size(rng, size, 10), *_near(world, pref, district, 20, 55))
        d = lexicon.DISTRICTS[district]
        dorm = f"{d[1]}{d[2] if d[1] != d[2] else ''}{d[3]}{lexicon.ROADS[int(rng.integers(0, 30))]}工地宿舍"
        foreman = str(mobiles(rng, 1)[0])
        p.loc[workers, ["insuplc", "addr", "emp_name"]] = [str(rng.choice(ELSEWHERE)), dorm, company(world, rng, pref)]
        p.loc[workers[rng.random(len(workers)) < 0.5], "tel"] = foreman
        doctors = world.doctors_of(clinic)
        season = (int(rng.integers(0, 120)), int(rng.integers(200, DAYS - 1)))
        outbreaks = rng.choice(np.arange(*season), size=int(rng.integers(2, 5)), replace=False)
        for day in outbreaks:  # a cold goes round the dormitory
            t = int(at(int(day), rng.uniform(18, 19)))
            for q in rng.permutation(workers)[: max(3, int(len(workers) * rng.uniform(0.3, 0.7)))]:
                basket = [(world.drug(str(name)), 1) for name in rng.choice(COMMON, size=2, replace=False)]
                visit(world, int(q), clinic, int(rng.choice(doctors)), t, basket, tag=gid, dise="J06.900")
                t += minutes(rng, 3, 9)
        for q in workers:
            for day in rng.choice(np.arange(*season), size=int(rng.integers(1, 5)), replace=False):
                basket = [(world.drug(str(rng.choice(COMMON))), int(rng.integers(1, 3)))]
                pharmacy_sale(world, int(q), pharm, int(at(int(day), rng.uniform(12, 21))), basket, tag=gid)
        lookalike(world, gid, "seasonal_workers", roles(world, workers, "worker"), {clinic: "institution", pharm: "institution"})


def plant_spring_festival(world: World, count: int, size: tuple[int, int]) -> None:
    rng = world.rng("adv-spring-festival")
    insulin = world.drug("甘精胰岛素注射液")
    for n in range(1, count + 1):
        gid = f"HN-SPRINGFESTIVAL-{n:02d}"
        pharm = claim(world, rng, "P", in_pref(world, _pref(n, 4)), stay_local=True)
        pref, district = str(world.inst.pref.iat[pharm]), int(world.inst.district.iat[pharm])
        people = take_local(world, _size(rng, size, 10), *_near(world, pref, district, 50))
        regular = _regular_drugs(world, rng, people)
        refills_planted(world, people)
        on_insulin = {int(q) for q in people if rng.random() < 0.2}
        rush = sorted(int(d) for d in rng.choice(np.arange(SPRING_FESTIVAL - 10, SPRING_FESTIVAL - 1), size=3, replace=False))
        for q in people:
            q = int(q)
            drug, day = regular[q], int(rng.integers(0, 28))
            while day < DAYS - 1:
                stock_up = SPRING_FESTIVAL - 12 <= day < SPRING_FESTIVAL
                if stock_up or (SPRING_FESTIVAL - 40 < day < SPRING_FESTIVAL - 12 and rng.random() < 0.5):
                    day = rush[int(rng.integers(0, 3))]
                    supply = int(rng.choice([60, 90]))
                else:
                    supply = 30
                basket = [(drug, month_supply(world, drug, supply))]
                if q in on_insulin:
                    basket.append((insulin, month_supply(world, insulin, supply)))
                pharmacy_sale(world, q, pharm, int(at(day, rng.uniform(8.5, 11.5 if supply > 30 else 20))), basket,
                              tag=gid, med_type="14" if q in on_insulin else "41",
                              dise=lexicon.CHRONIC_DISEASES["diabetes"][0] if q in on_insulin else "")
                day += supply - int(rng.integers(0, 4))
        lookalike(world, gid, "spring_festival", roles(world, people, "customer"), {pharm: "institution"})


def plant_member_cards(world: World, count: int, size: tuple[int, int]) -> None:
    rng = world.rng("adv-member-card")
    for n in range(1, count + 1):
        gid = f"HN-MEMBERCARD-{n:02d}"
        pharm = claim(world, rng, "P", in_pref(world, _pref(n, 6)), stay_local=True)
        pref, district = str(world.inst.pref.iat[pharm]), int(world.inst.district.iat[pharm])
        cashier = int(take_local(world, 1, *_near(world, pref, district, 22, 50))[0])
        customers = take_local(world, int(np.clip(_size(rng, size) * 1.5, 30, 180)), *_near(world, pref, district, 20))
        card = "HY" + "".join(rng.choice(list("0123456789"), 10))
        opter = world.opter(pharm, 1)
        for q in [cashier, *customers]:
            set_ident(world, int(q), "member_card", card, "pharmacy_crm")
        regular = _regular_drugs(world, rng, customers[world.persons.age.to_numpy()[customers] >= 45])
        refills_planted(world, list(regular))
        for q in customers:
            for day in rng.choice(np.arange(DAYS - 1), size=int(rng.integers(2, 9)), replace=False):
                drug = regular.get(int(q), world.drug(str(rng.choice(COMMON))))
                pharmacy_sale(world, int(q), pharm, int(at(int(day), rng.uniform(8.5, 21))),
                              [(drug, month_supply(world, drug) if int(q) in regular else 1)], tag=gid, opter=opter)
        lookalike(world, gid, "member_card", roles(world, customers, "customer") | roles(world, [cashier], "cashier"),
                  {pharm: "institution"})


def plant_switchboards(world: World, count: int, size: tuple[int, int]) -> None:
    rng = world.rng("adv-switchboard")
    p, inst = world.persons, world.inst
    for n in range(1, count + 1):
        gid = f"HN-SWITCHBOARD-{n:02d}"
        hosp = claim(world, rng, "H", in_pref(world, _pref(n, 1)) & inst.hub.to_numpy(), in_pref(world, _pref(n, 1)),
                     levels=("1", "2"), stay_local=True)
        pref = str(inst.pref.iat[hosp])
        people = take_local(world, int(np.clip(_size(rng, size) * 3, 100, 400)), living(world, pref, 18))
        p.loc[people, "tel"] = str(inst.tel.iat[hosp])
        doctors = world.doctors_of(hosp)
        for q in people:
            for day in rng.choice(np.arange(DAYS - 1), size=int(rng.integers(1, 4)), replace=False):
                basket = [(world.drug(str(rng.choice(COMMON))), 1)]
                visit(world, int(q), hosp, int(rng.choice(doctors)), int(at(int(day), rng.uniform(8, 16.5))), basket,
                      tag=gid, dise=lexicon.ACUTE_DISEASES[int(rng.integers(0, 10))][0])
        lookalike(world, gid, "switchboard", roles(world, people, "patient"), {hosp: "institution"})


def plant_head_offices(world: World, count: int, size: tuple[int, int]) -> None:
    rng = world.rng("adv-head-office")
    p, inst = world.persons, world.inst
    for n in range(1, count + 1):
        gid = f"HN-HEADOFFICE-{n:02d}"
        pref = _pref(n, 3)
        branches = np.flatnonzero(in_pref(world, pref) & (inst.kind == "P").to_numpy())
        branches = rng.choice(branches, size=min(len(branches), int(rng.integers(2, 5))), replace=False)
        chain = str(inst.name.iat[int(branches[0])]).split("大药房")[0]
        d = lexicon.DISTRICTS[int(inst.district.iat[int(branches[0])])]
        office = f"{d[1]}{d[2] if d[1] != d[2] else ''}{d[3]}{lexicon.ROADS[int(rng.integers(0, 30))]}" \
                 f"{int(rng.integers(1, 300))}号{chain}医药连锁总部"
        staff = take_local(world, int(np.clip(_size(rng, size) * 2, 40, 300)), living(world, pref, 20, 58))
        p.loc[staff, ["addr", "emp_name", "insutype", "psn_type"]] = [office, f"{chain}医药连锁有限公司", "310", "1101"]
        for q in staff:
            for day in rng.choice(np.arange(DAYS - 1), size=int(rng.integers(1, 7)), replace=False):
                where = int(rng.choice(branches))
                basket = [(world.drug(str(rng.choice(COMMON))), int(rng.integers(1, 3)))]
                pharmacy_sale(world, int(q), where, int(at(int(day), rng.uniform(8.5, 20))), basket, tag=gid)
        lookalike(world, gid, "head_office", roles(world, staff, "employee"), {int(b): "institution" for b in branches})


PLANTERS = {"family_aid": plant_family_aid, "seasonal_workers": plant_seasonal_workers,
            "spring_festival": plant_spring_festival, "member_card": plant_member_cards,
            "switchboard": plant_switchboards, "head_office": plant_head_offices}
