"""Collusion (医患药勾结 / 虚假住院) as the adversarial family plants it.

- ``ghost_prescriptions``: a community-clinic doctor writes visits for his contracted elderly
  patients who never came: in the evening, one record every minute or two, no consultation or
  test line, the same diagnosis and the same drugs in the same quantities (one template); the
  expensive drug of the template goes out as an external prescription that a partner pharmacy
  settles the next morning without ever having bought or handed it out.
- ``ward_bed_hanging`` (挂床 / 分解住院): a small hospital admits elderly people from one village in
  batches (a bus on admission day), keeps them registered for one to two weeks with bed, nursing
  and infusion fees and almost no drugs or tests, discharges them and readmits them days later with
  the same diagnosis; some of them shop at their usual pharmacy while "in bed".
"""
from __future__ import annotations

import numpy as np

from graphfraud.generate import catalog, lexicon
from graphfraud.generate.adversarial_common import (group_truth, living, minutes, occasions, prefectures, roles,
                                                    take_local, town_name, uses_per_member, village_address, visit)
from graphfraud.generate.adversarial_params import AdvSpec
from graphfraud.generate.households import _regular_drugs
from graphfraud.generate.planting import claim, in_district, in_pref, month_supply, pharmacy_sale
from graphfraud.generate.timeline import DAYS, HOUR, at
from graphfraud.generate.world import World

TEMPLATE_DISEASES = ["hypertension", "coronary", "diabetes"]
STAPLES = {"hypertension": ["苯磺酸氨氯地平片", "缬沙坦胶囊"], "coronary": ["阿托伐他汀钙片", "阿司匹林肠溶片"],
           "diabetes": ["盐酸二甲双胍片", "阿卡波糖片"]}
EXPENSIVE = {"hypertension": "硫酸氢氯吡格雷片", "coronary": "硫酸氢氯吡格雷片", "diabetes": "达格列净片"}
WARD_DISEASES = ["J44.100", "I63.900", "I50.900"]


def collusion_ghost_prescriptions(world: World, spec: AdvSpec) -> None:
    rng = world.rng(spec.id)
    pref = prefectures(world, spec, 8)[0]
    clinic = claim(world, rng, "H", in_pref(world, pref), levels=("3",), stay_local=True)
    district = int(world.inst.district.iat[clinic])
    doctor = int(rng.choice(world.doctors_of(clinic)))
    pharm = claim(world, rng, "P", in_district(world, district), in_pref(world, pref), stay_local=True)
    p = world.persons
    near = (p.district == district).to_numpy()
    patients = take_local(world, spec.size, living(world, pref, 60) & near, living(world, pref, 60),
                          living(world, pref, 40), least=3)
    disease = str(rng.choice(TEMPLATE_DISEASES))
    dise = lexicon.CHRONIC_DISEASES[disease][0]
    template = [(world.drug(name), int(rng.integers(1, 3))) for name in STAPLES[disease]]
    expensive, boxes = world.drug(EXPENSIVE[disease]), int(rng.integers(2, 5))
    days = occasions(rng, spec.tempo, spec.trips, last=DAYS - 3)
    left = dict(zip(patients.tolist(), uses_per_member(rng, spec, len(patients), len(days)).tolist()))
    for n, day in enumerate(days):
        due = [q for q, k in left.items() if k > 0]
        batch = [q for q in due if rng.random() < left[q] / max(1, len(days) - n)] or due[:1]
        t = int(at(day, rng.uniform(18, 20.5)))
        for q in batch:
            left[q] -= 1
            visit(world, int(q), clinic, doctor, t, template, tag=spec.id, dise=dise, cert="02", consult=False)
            fill = int(at(day + 1, rng.uniform(8.2, 10.5)))
            pharmacy_sale(world, int(q), pharm, fill, [(expensive, boxes)], tag=spec.id, rx=1, dr=doctor, offbook=True)
            t += minutes(rng, 0.7, 2.5)
    group_truth(world, spec, roles(world, patients, "card_holder"), ("Practitioner", str(world.staff.dr_code.iat[doctor])),
                institutions={pharm: "pharmacy"}, doctors={doctor: "doctor"})


def _stay(world: World, rng: np.random.Generator, gid: str, psn: int, hosp: int, dr: int, admit: int, days: int,
          dise: str) -> None:
    """One registered stay: bed, nursing and infusion every day, a little saline, hardly a test."""
    begn, end = int(at(admit, rng.uniform(9, 11))), int(at(admit + days, rng.uniform(8.5, 10.5)))
    key = world.book.settle(psn, hosp, end, "21", begn=begn, dr=dr, dise=dise, tag=gid, cert="03")
    for item, count in ((catalog.BED_DAY, days), (catalog.NURSING_DAY, days), (catalog.INFUSION, days),
                        (catalog.GIVING_SET, days)):
        world.book.line(key, item, count, begn + HOUR, dr=dr)
    world.book.line(key, world.drug("0.9%氯化钠注射液"), int(rng.integers(1, 4)), begn + 2 * HOUR, dr=dr, trace="-")
    if rng.random() < 0.3:
        world.book.line(key, catalog.BLOOD_TEST, 1, begn + 3 * HOUR, dr=dr)


def collusion_ward_bed_hanging(world: World, spec: AdvSpec) -> None:
    rng = world.rng(spec.id)
    pref = prefectures(world, spec, 9)[0]
    hosp = claim(world, rng, "H", in_pref(world, pref), levels=("3", "2"), stay_local=True)
    district = int(world.inst.district.iat[hosp])
    p = world.persons
    near = (p.district == district).to_numpy()
    patients = take_local(world, max(spec.size, 4), living(world, pref, 55) & near, living(world, pref, 55), least=4)
    village = town_name(rng)
    p.loc[patients, "addr"] = [village_address(world, rng, district, village) for _ in patients]
    doctors = rng.choice(world.doctors_of(hosp), size=min(2, len(world.doctors_of(hosp))), replace=False)
    dise = str(rng.choice(WARD_DISEASES))
    regular = _regular_drugs(world, rng, patients)
    busy_until = {int(q): 0 for q in patients}
    admitted: set[int] = set()
    days = occasions(rng, spec.tempo, max(3, spec.trips // 2), last=DAYS - 40)
    uses = dict(zip(patients.tolist(), uses_per_member(rng, spec, len(patients), len(days)).tolist()))
    for day in days:  # admission days: the bus from the village
        for q in [int(q) for q in rng.permutation(patients) if uses[int(q)] > 0 and busy_until[int(q)] <= day]:
            uses[q] -= 1
            dr = int(rng.choice(doctors))
            admit, length = day, int(rng.integers(6, 16))
            for _ in range(1 + int(rng.random() < 0.6)):  # split: discharged and readmitted days later
                if admit + length >= DAYS - 2:
                    break
                _stay(world, rng, spec.id, q, hosp, dr, admit, length, dise)
                admitted.add(q)
                if rng.random() < 0.25:  # shopping at home while registered in bed
                    mid = admit + int(rng.integers(1, max(2, length - 1)))
                    drug = regular[q]
                    pharmacy_sale(world, q, int(p.home_pharm.iat[q]), int(at(mid, rng.uniform(9, 17))),
                                  [(drug, month_supply(world, drug))])
                admit, length = admit + length + int(rng.integers(1, 8)), int(rng.integers(5, 13))
            busy_until[q] = admit + 1
    world.roster.free[sorted(set(patients.tolist()) - admitted)] = True
    group_truth(world, spec, roles(world, sorted(admitted), "card_holder"), ("Institution", world.inst_codes[hosp]),
                institutions={hosp: "hospital"}, doctors={int(d): "doctor" for d in doctors})
