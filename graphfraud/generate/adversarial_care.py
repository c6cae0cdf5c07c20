"""Look-alikes of adversarial worlds around care: groups as large, tight and drug-heavy as the schemes.

- ``diabetes_club`` (糖友会): diabetics of a district meet on the second Saturday of every month
  and refill insulin (a watch-list drug) and tablets together at one pharmacy, on their community
  doctor's prescriptions, many with three months at a time; the volunteer's phone is their contact.
- ``hospital_staff``: employees of one hospital; once a month after the shift, someone of each ward
  settles the cards of the colleagues who asked (some vouchers on her phone, the ward's landline as
  their phone) one after another at the pharmacy across the road: tablets for those over forty,
  cold and stomach remedies for the rest.
- ``village_doctor`` (村医代办): a village doctor, registered as agent (代办), takes the IDs of a
  village's elderly to the township clinic once a month; the visits are settled a minute apart.
- ``dtp_oncologist``: twenty to sixty cancer patients of one oncologist fill negotiated drugs at
  the DTP pharmacy next door after every monthly visit; almost all his external prescriptions go there.
- ``post_surgery``: patients of one surgeon leave hospital with twelve weeks of anticoagulant or
  immunosuppressant and get twelve more at each follow-up (lawful long prescriptions, prd_days filled).
- ``vaccine_day``: a community clinic vaccinates a hundred or more elderly residents against flu on
  one or two mornings in October.
"""
from __future__ import annotations

import numpy as np

from graphfraud.generate import catalog, lexicon
from graphfraud.generate.adversarial_common import (FLU_SEASON, living, lookalike, minutes, refills_planted, roles,
                                                    take_local, town_name, village_address, visit)
from graphfraud.generate.dispensing import _beside
from graphfraud.generate.households import _regular_drugs
from graphfraud.generate.planting import (claim, device_id, home_prefectures, in_district, in_pref, month_supply,
                                          pharmacy_sale, set_ident)
from graphfraud.generate.population import mobiles
from graphfraud.generate.timeline import DAY, DAYS, HOUR, MONTH_STARTS, at, weekday
from graphfraud.generate.world import World


def _size(rng: np.random.Generator, size: tuple[int, int], low: int = 0) -> int:
    return max(low, int(rng.integers(size[0], size[1] + 1)))


def _pref(n: int, shift: int) -> str:
    prefs = home_prefectures()
    return prefs[(n + shift) % len(prefs)]


def _district_people(world: World, n: int, pref: str, district: int, min_age: int, max_age: int = 200) -> np.ndarray:
    near = living(world, pref, min_age, max_age) & (world.persons.district == district).to_numpy()
    return take_local(world, n, near, living(world, pref, min_age, max_age))


def _nth_weekday(month: int, wanted: int, nth: int) -> int:
    first = MONTH_STARTS[month] // DAY
    offset = (wanted - int(weekday(np.array([first * DAY]))[0])) % 7
    return int(first + offset + 7 * (nth - 1))


def plant_diabetes_clubs(world: World, count: int, size: tuple[int, int]) -> None:
    rng = world.rng("adv-diabetes-club")
    insulin = world.drug("甘精胰岛素注射液")
    for n in range(1, count + 1):
        gid = f"HN-DIABETESCLUB-{n:02d}"
        pharm = claim(world, rng, "P", in_pref(world, _pref(n, 0)), stay_local=True)
        pref, district = str(world.inst.pref.iat[pharm]), int(world.inst.district.iat[pharm])
        clinic = claim(world, rng, "H", in_district(world, district), in_pref(world, pref), levels=("3", "2"),
                       stay_local=True)
        doctor = int(rng.choice(world.doctors_of(clinic)))
        people = _district_people(world, _size(rng, size, 12), pref, district, 45)
        world.persons.loc[people, "chronic"] = "diabetes"
        refills_planted(world, people)
        tablets = {int(q): world.drug(str(rng.choice(["盐酸二甲双胍片", "阿卡波糖片"]))) for q in people}
        volunteer = str(mobiles(rng, 1)[0])
        for q in people:
            if rng.random() < 0.6:
                set_ident(world, int(q), "tel", volunteer, "community_registration")
        quarterly = {int(q) for q in people if rng.random() < 0.35}
        dise = lexicon.CHRONIC_DISEASES["diabetes"][0]
        for month in range(12):
            day = _nth_weekday(month, 5, 2)
            t = int(at(day, rng.uniform(8.3, 8.8)))
            for q in rng.permutation(people):
                q = int(q)
                if rng.random() < 0.08 or (q in quarterly and month % 3):
                    continue
                supply = 84 if q in quarterly else 30
                if month % 3 == 0:  # the prescription is renewed at the clinic every quarter
                    visit(world, q, clinic, doctor, int(at(day - 2, rng.uniform(8.5, 11.5))), [], tag=gid,
                          med_type="14", dise=dise)
                basket = [(insulin, month_supply(world, insulin, supply)), (tablets[q], month_supply(world, tablets[q], supply))]
                pharmacy_sale(world, q, pharm, t, basket, tag=gid, rx=1, dr=doctor, med_type="14", dise=dise,
                              cert="01" if rng.random() < 0.6 else "03")
                t += minutes(rng, 1, 5)
        lookalike(world, gid, "diabetes_club", roles(world, people, "member"),
                  {pharm: "institution", clinic: "clinic"}, {doctor: "doctor"})


def plant_hospital_staff(world: World, count: int, size: tuple[int, int]) -> None:
    rng = world.rng("adv-hospital-staff")
    p = world.persons
    common = [world.drug(name) for name in ("感冒灵颗粒", "布洛芬缓释胶囊", "奥美拉唑肠溶胶囊", "氯雷他定片")]
    gift = world.drug("安宫牛黄丸")
    for n in range(1, count + 1):
        gid = f"HN-HOSPSTAFF-{n:02d}"
        hosp = claim(world, rng, "H", in_pref(world, _pref(n, 2)), levels=("1", "2"), stay_local=True)
        pref, district = str(world.inst.pref.iat[hosp]), int(world.inst.district.iat[hosp])
        pharm = claim(world, rng, "P", in_district(world, district), in_pref(world, pref), stay_local=True)
        staff = _district_people(world, _size(rng, size, 8), pref, district, 23, 58)
        p.loc[staff, ["emp_name", "insutype", "psn_type"]] = [str(world.inst.name.iat[hosp]), "310", "1101"]
        older = staff[p.age.to_numpy()[staff] >= 40]
        regular = _regular_drugs(world, rng, older)
        refills_planted(world, older)
        area = str(world.inst.tel.iat[hosp]).split("-")[0]
        for ward in np.array_split(rng.permutation(staff), max(1, -(-len(staff) // int(rng.integers(6, 13))))):
            landline = f"{area}-{int(rng.integers(10**7, 9 * 10**7))}"
            p.loc[ward[rng.random(len(ward)) < 0.4], "tel"] = landline
            phone = device_id(rng)  # one colleague keeps the vouchers of two or three close ones
            for q in ward[: int(rng.integers(2, 5))]:
                set_ident(world, int(q), "device", phone, "e_voucher")
            for month in range(12):
                day = int(rng.integers(MONTH_STARTS[month] // DAY, MONTH_STARTS[month + 1] // DAY))
                t = int(at(day, rng.uniform(17.3, 18.2)))
                for q in ward[rng.random(len(ward)) < rng.uniform(0.3, 0.7)]:
                    q = int(q)
                    basket = [(regular[q], month_supply(world, regular[q]))] if q in regular else \
                        [(int(rng.choice(common)), int(rng.integers(1, 3)))]
                    if month in (5, 6) and rng.random() < 0.2:  # New Year presents for parents
                        basket.append((gift, 1))
                    pharmacy_sale(world, q, pharm, t, basket, tag=gid, cert="01")
                    t += minutes(rng, 1, 4)
        lookalike(world, gid, "hospital_staff", roles(world, staff, "employee"), {pharm: "institution", hosp: "employer"})


def plant_village_doctors(world: World, count: int, size: tuple[int, int]) -> None:
    rng = world.rng("adv-village-doctor")
    p = world.persons
    for n in range(1, count + 1):
        gid = f"HN-VILLAGEDOCTOR-{n:02d}"
        clinic = claim(world, rng, "H", in_pref(world, _pref(n, 4)), levels=("3",), stay_local=True)
        pref, district = str(world.inst.pref.iat[clinic]), int(world.inst.district.iat[clinic])
        gp = int(rng.choice(world.doctors_of(clinic)))
        agent = int(_district_people(world, 1, pref, district, 40, 62)[0])
        elders = _district_people(world, _size(rng, size, 10), pref, district, 65)
        village = town_name(rng)
        p.loc[elders, "addr"] = [village_address(world, rng, district, village) for _ in elders]
        phone = str(p.tel.iat[agent])
        for q in elders:
            set_ident(world, int(q), "tel", phone, "agent_registration")
        regular = _regular_drugs(world, rng, elders)
        refills_planted(world, elders)
        chronic = p.chronic.to_numpy()
        day0 = int(rng.integers(3, 20))
        for month in range(12):
            t = int(at(MONTH_STARTS[month] // DAY + day0 + int(rng.integers(0, 3)), rng.uniform(9, 10)))
            for q in rng.permutation(elders):
                q = int(q)
                if rng.random() < 0.1:
                    continue
                dise = lexicon.CHRONIC_DISEASES[str(chronic[q]) or "hypertension"][0]
                visit(world, q, clinic, gp, t, [(regular[q], month_supply(world, regular[q]))], tag=gid, med_type="14",
                      dise=dise, cert="02")
                t += minutes(rng, 0.8, 3)
        lookalike(world, gid, "village_doctor", roles(world, elders, "villager") | roles(world, [agent], "agent"),
                  {clinic: "institution"}, {gp: "doctor"})


def plant_dtp_oncologists(world: World, count: int, size: tuple[int, int]) -> None:
    rng = world.rng("adv-dtp-oncologist")
    cancer = [("lung_cancer", "甲磺酸奥希替尼片"), ("lung_cancer", "盐酸安罗替尼胶囊"), ("liver_cancer", "甲磺酸仑伐替尼胶囊")]
    for n in range(1, count + 1):
        gid = f"HN-DTPONC-{n:02d}"
        hosp = claim(world, rng, "H", in_pref(world, _pref(n, 1)), levels=("1", "2"), stay_local=True)
        world.special_hospitals.add(hosp)
        pref, district = str(world.inst.pref.iat[hosp]), int(world.inst.district.iat[hosp])
        pharm = claim(world, rng, "P", in_district(world, district), in_pref(world, pref), stay_local=True)
        _beside(world, rng, pharm, hosp, "DTP药房")
        oncologist = int(rng.choice(world.doctors_of(hosp)))
        patients = take_local(world, _size(rng, size, 20), living(world, pref, 40))
        for q in patients:
            disease, name = cancer[int(rng.integers(0, len(cancer)))]
            drug, dise = world.drug(name), lexicon.CHRONIC_DISEASES[disease][0]
            start = int(rng.integers(0, 9))
            for month in range(start, min(12, start + int(rng.integers(3, 13)))):
                t = int(at(MONTH_STARTS[month] // DAY + int(rng.integers(0, 26)), rng.uniform(8, 11.5)))
                basket = [(catalog.CT_SCAN, 1)] if month % 2 == 0 else []
                visit(world, int(q), hosp, oncologist, t, basket, tag=gid, med_type="14", dise=dise)
                pharmacy_sale(world, int(q), pharm, t + int(rng.uniform(0.5, 4) * HOUR), [(drug, month_supply(world, drug))],
                              tag=gid, rx=1, dr=oncologist, med_type="14", dise=dise, pay="fund")
        lookalike(world, gid, "dtp_oncologist", roles(world, patients, "patient"),
                  {pharm: "institution", hosp: "institution"}, {oncologist: "doctor"})


def plant_post_surgery(world: World, count: int, size: tuple[int, int]) -> None:
    rng = world.rng("adv-post-surgery")
    courses = [("S72.000", "利伐沙班片"), ("Z94.000", "他克莫司胶囊"), ("I25.103", "硫酸氢氯吡格雷片")]
    for n in range(1, count + 1):
        gid = f"HN-POSTOP-{n:02d}"
        hosp = claim(world, rng, "H", in_pref(world, _pref(n, 3)), levels=("1", "2"), stay_local=True)
        pref = str(world.inst.pref.iat[hosp])
        surgeon = int(rng.choice(world.doctors_of(hosp)))
        dise, name = courses[int(rng.integers(0, len(courses)))]
        drug = world.drug(name)
        patients = take_local(world, _size(rng, size, 8), living(world, pref, 45))
        for q in patients:
            admit = _nth_weekday(int(rng.integers(0, 9)), 1, int(rng.integers(1, 5)))
            stay = int(rng.integers(6, 13))
            begn, end = int(at(admit, rng.uniform(9, 12))), int(at(admit + stay, rng.uniform(9, 11)))
            key = world.book.settle(int(q), hosp, end, "21", begn=begn, dr=surgeon, dise=dise, tag=gid)
            for item, k in ((catalog.BED_DAY, stay), (catalog.NURSING_DAY, stay), (catalog.CT_SCAN, 1),
                            (catalog.BLOOD_TEST, 3)):
                world.book.line(key, item, k, begn + HOUR, dr=surgeon)
            world.book.line(key, world.drug("注射用头孢曲松钠"), stay, begn + 2 * HOUR, dr=surgeon, trace="-")
            day = admit + stay
            for _ in range(int(rng.integers(2, 5))):  # discharge, then follow-ups every four to six weeks
                if day >= DAYS - 1:
                    break
                visit(world, int(q), hosp, surgeon, int(at(day, rng.uniform(9, 11.5))),
                      [(drug, month_supply(world, drug, 84))], tag=gid, med_type="14", dise=dise, prd_days=True)
                day += int(rng.integers(28, 43))
        lookalike(world, gid, "post_surgery", roles(world, patients, "patient"), {hosp: "institution"}, {surgeon: "doctor"})


def plant_vaccine_days(world: World, count: int, size: tuple[int, int]) -> None:
    rng = world.rng("adv-vaccine-day")
    vaccine = world.drug("流感病毒裂解疫苗")
    for n in range(1, count + 1):
        gid = f"HN-FLUVACCINE-{n:02d}"
        clinic = claim(world, rng, "H", in_pref(world, _pref(n, 5)), levels=("3",), stay_local=True)
        pref, district = str(world.inst.pref.iat[clinic]), int(world.inst.district.iat[clinic])
        nurse = int(rng.choice(world.doctors_of(clinic)))
        people = _district_people(world, int(np.clip(_size(rng, size) * 2, 60, 250)), pref, district, 60)
        days = sorted(int(d) for d in rng.choice(np.arange(*FLU_SEASON), size=int(rng.integers(1, 3)), replace=False))
        for k, q in enumerate(rng.permutation(people)):
            t = int(at(days[k % len(days)], rng.uniform(8, 11.5)))
            visit(world, int(q), clinic, nurse, t, [(vaccine, 1)], tag=gid, dise="Z25.100", consult=False,
                  cert="01" if rng.random() < 0.5 else "03")
        lookalike(world, gid, "vaccine_day", roles(world, people, "resident"), {clinic: "institution"}, {nurse: "nurse"})


PLANTERS = {"diabetes_club": plant_diabetes_clubs, "hospital_staff": plant_hospital_staff,
            "village_doctor": plant_village_doctors, "dtp_oncologist": plant_dtp_oncologists,
            "post_surgery": plant_post_surgery, "vaccine_day": plant_vaccine_days}
