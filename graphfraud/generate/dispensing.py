"""Hard negatives at the counter: hubs, pharmacies beside hospitals, DTP pharmacies, 拆零, chronic refills.

Each mimics one signal of the planted schemes: hubs and hospital-side pharmacies concentrate
patients and external prescriptions (collusion); DTP pharmacies concentrate high-value
negotiated drugs; split packs repeat a trace code; chronic patients refill resale-risk drugs
monthly on shared clinic days (resale co-visits). All quantities stay within the days supplied.
"""
from __future__ import annotations

import re

import numpy as np

from graphfraud.generate import lexicon
from graphfraud.generate.planting import (claim, code_of, daytime, home_prefectures, hospital_visit, in_district,
                                          in_pref, month_supply, pharmacy_sale, truth_persons)
from graphfraud.generate.timeline import DAY, DAYS, HOUR, MONTH_STARTS
from graphfraud.generate.world import Truth, World

CHRONIC_CLINICS = [("transplant", "他克莫司胶囊"), ("diabetes", "甘精胰岛素注射液"),
                   ("hepatitis_b", "富马酸丙酚替诺福韦片"), ("itp", "马来酸阿伐曲泊帕片")]
DTP_DRUGS = [("lung_cancer", "甲磺酸奥希替尼片"), ("liver_cancer", "甲磺酸仑伐替尼胶囊"),
             ("rheumatoid", "阿达木单抗注射液"), ("hepatitis_c", "索磷布韦维帕他韦片")]
SIDE_DRUGS = ["苯磺酸氨氯地平片", "阿托伐他汀钙片", "奥美拉唑肠溶胶囊", "头孢克肟分散片", "缬沙坦胶囊", "阿莫西林胶囊"]


def _local(world: World, pref: str) -> np.ndarray:
    p = world.persons
    return (p.pref == pref).to_numpy() & (p.death_t < 0).to_numpy()


def _beside(world: World, rng: np.random.Generator, pharm: int, hosp: int, label: str) -> None:
    """Rename a pharmacy and move it next door to the hospital."""
    inst = world.inst
    inst.loc[pharm, "name"] = inst.name.iat[pharm].split("(")[0] + f"({inst.name.iat[hosp]}{label})"
    inst.loc[pharm, "addr"] = re.sub(r"\d+号$", f"{int(rng.integers(400, 500))}号", inst.addr.iat[hosp])


def _places(world: World, *inst: int) -> dict[str, str]:
    return {code_of(world, i): "institution" for i in inst}


def plant_hubs(world: World) -> None:
    for n, hub in enumerate(np.flatnonzero(world.inst.hub.to_numpy()), start=1):
        world.truths.append(Truth(f"HN-HUB-{n:02d}", "hub_pharmacy",
                                  institutions={code_of(world, int(hub)): "institution"}))


def hospital_with_pharmacy_beside(world: World, rng: np.random.Generator) -> tuple[int, int]:
    """A hub hospital whose external prescriptions all go to the pharmacy next door, and that pharmacy."""
    hosp = claim(world, rng, "H", world.inst.hub.to_numpy(), levels=("1", "2"))
    world.special_hospitals.add(hosp)
    pharm = claim(world, rng, "P", in_district(world, int(world.inst.district.iat[hosp])))
    _beside(world, rng, pharm, hosp, "旁店")
    return hosp, pharm


def plant_hospital_side(world: World, count: int, patients: int) -> None:
    rng = world.rng("hn-side")
    inst = world.inst
    for n in range(1, count + 1):
        gid = f"HN-HOSPSIDE-{n:02d}"
        hosp, pharm = hospital_with_pharmacy_beside(world, rng)
        doctors = world.doctors_of(hosp)
        people = world.roster.take(patients, _local(world, inst.pref.iat[hosp]))
        for psn in people:
            for day in rng.choice(DAYS, size=int(rng.integers(1, 5)), replace=False):
                dr = int(rng.choice(doctors))
                t = daytime(rng, int(day))
                dise = lexicon.ACUTE_DISEASES[int(rng.integers(0, len(lexicon.ACUTE_DISEASES)))][0]
                hospital_visit(world, int(psn), hosp, dr, t, [], tag=gid, dise=dise)
                names = rng.choice(SIDE_DRUGS, int(rng.integers(1, 3)), replace=False)
                basket = [(world.drug(str(name)), 1) for name in names]
                pharmacy_sale(world, int(psn), pharm, t + int(rng.integers(600, 3600)), basket, tag=gid, rx=1, dr=dr)
        world.truths.append(Truth(gid, "hospital_side_pharmacy", persons=truth_persons(world, people, "person"),
                                  institutions=_places(world, pharm, hosp)))


def plant_dtp(world: World, count: int, patients: int) -> None:
    rng = world.rng("hn-dtp")
    inst = world.inst
    for n in range(1, count + 1):
        gid = f"HN-DTP-{n:02d}"
        hosp = claim(world, rng, "H", levels=("1", "2"))
        world.special_hospitals.add(hosp)
        pharm = claim(world, rng, "P", in_district(world, int(inst.district.iat[hosp])))
        _beside(world, rng, pharm, hosp, "DTP药房")
        oncologists = rng.choice(world.doctors_of(hosp), size=min(3, len(world.doctors_of(hosp))), replace=False)
        people = world.roster.take(patients, _local(world, inst.pref.iat[hosp]))
        for psn in people:
            disease, name = DTP_DRUGS[int(rng.integers(0, len(DTP_DRUGS)))]
            dise = lexicon.CHRONIC_DISEASES[disease][0]
            drug, dr = world.drug(name), int(rng.choice(oncologists))
            months = 3 if disease == "hepatitis_c" else int(rng.integers(6, 13))
            first = int(rng.integers(0, 12 - min(months, 11)))
            for month in range(first, min(first + months, 12)):
                t = daytime(rng, MONTH_STARTS[month] // DAY + int(rng.integers(0, 20)))
                hospital_visit(world, int(psn), hosp, dr, t, [], tag=gid, med_type="14", dise=dise)
                fill = t + int(rng.integers(1, 20) * HOUR)
                pharmacy_sale(world, int(psn), pharm, fill, [(drug, month_supply(world, drug))], tag=gid, rx=1, dr=dr,
                              med_type="14", dise=dise, pay="fund")
        world.truths.append(Truth(gid, "dtp_pharmacy", persons=truth_persons(world, people, "person"),
                                  institutions=_places(world, pharm, hosp)))


def plant_chronic_clinics(world: World, count: int, size: tuple[int, int] = (3, 8)) -> None:
    """Patients of one specialist refilling a resale-risk drug on the clinic's fixed day each month."""
    rng = world.rng("hn-chronic")
    home = home_prefectures()
    for n in range(1, count + 1):
        gid = f"HN-CHRONIC-{n:02d}"
        disease, name = CHRONIC_CLINICS[(n - 1) % len(CHRONIC_CLINICS)]
        hosp = claim(world, rng, "H", in_pref(world, home[(n - 1) % len(home)]), levels=("1", "2"))
        dr = int(rng.choice(world.doctors_of(hosp)))
        drug, dise = world.drug(name), lexicon.CHRONIC_DISEASES[disease][0]
        people = world.roster.take(world.group_size(rng, *size), _local(world, world.inst.pref.iat[hosp])
                                   & (world.persons.age >= 30).to_numpy())
        clinic_day = int(rng.integers(0, 20))
        for psn in people:
            long_rx = rng.random() < 0.3  # 12-week prescriptions every third month
            months = range(int(rng.integers(0, 3)), 12, 3 if long_rx else 1)
            for month in months:
                if rng.random() < 0.1:
                    continue
                t = daytime(rng, MONTH_STARTS[month] // DAY + clinic_day, 8, 11)
                hospital_visit(world, int(psn), hosp, dr, t, [(drug, month_supply(world, drug, 84 if long_rx else 30))],
                               tag=gid, med_type="14", dise=dise, prd_days=rng.random() < 0.3)
        world.truths.append(Truth(gid, "chronic_patient", persons=truth_persons(world, people, "person"),
                                  institutions={code_of(world, hosp): "institution"}))


def plant_split_packs(world: World, count: int) -> None:
    """Boxes opened and sold by the tablet (拆零) to several customers: one code on several lines."""
    rng = world.rng("hn-split")
    items = world.items
    splittable = items.index[(items.pack > 1) & items.is_drug].to_numpy()
    for n in range(1, count + 1):
        gid = f"HN-SPLIT-{n:02d}"
        pharm = claim(world, rng, "P", levels=("11",))
        customers = world.roster.take(int(rng.integers(6, 16)), _local(world, world.inst.pref.iat[pharm]))
        buyers: set[int] = set()
        for _ in range(int(rng.integers(4, 10))):
            drug = int(rng.choice(splittable))
            pack = int(world.pack[drug])
            code = world.codes.boxes(drug, 1)[0]
            cuts = np.sort(rng.choice(np.arange(1, pack), size=int(rng.integers(1, 4)), replace=False))
            day = int(rng.integers(0, DAYS - 25))
            for portion in np.diff(np.concatenate([[0], cuts, [pack]])):
                t = daytime(rng, day, 8.5, 21)
                buyer = int(rng.choice(customers))
                buyers.add(buyer)
                key = world.book.settle(buyer, pharm, t, "41", begn=t - 180, tag=gid)
                world.book.line(key, drug, int(portion), t - 30, trace=code, trdn=1)
                day += int(rng.integers(1, 8))
        world.roster.free[sorted(set(customers) - buyers)] = True
        world.truths.append(Truth(gid, "split_pack", persons=truth_persons(world, sorted(buyers), "person"),
                                  institutions={code_of(world, pharm): "institution"}))
