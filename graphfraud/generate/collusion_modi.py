"""Doctor–pharmacy collusion as varied worlds plant it beyond one doctor feeding one pharmacy.

- ``doctor_pharmacies``: one doctor spreads his external prescriptions over two to four pharmacies
  of one owner (the same legal representative), so none of them gets half of them; some of the
  pharmacies give the doctor's mobile as their contact number.
- ``department_switching`` (串换): two to four doctors of one department send patients to one
  pharmacy, which settles an expensive negotiated drug but hands out a cheap product: the trace
  codes scanned belong to another product, the pharmacy never bought the settled drug, and a share
  of the prescriptions are written after the sale (back-filled). Patients are paid through the
  pharmacy's WeChat.
"""
from __future__ import annotations

import numpy as np

from graphfraud.generate import lexicon
from graphfraud.generate.params import GroupSpec
from graphfraud.generate.planting import (claim, code_of, daytime, home_prefectures, hospital_visit, in_pref,
                                          pharmacy_sale, set_ident, truth_persons)
from graphfraud.generate.timeline import DAY, DAYS, HOUR, month_of
from graphfraud.generate.world import Truth, World

STEERED = ["甲磺酸奥希替尼片", "甲磺酸仑伐替尼胶囊", "富马酸丙酚替诺福韦片", "阿达木单抗注射液", "盐酸安罗替尼胶囊",
           "他克莫司胶囊", "索磷布韦维帕他韦片", "人血白蛋白"]
HANDED_OUT = ["银杏叶片", "六味地黄丸", "复方丹参滴丸", "感冒灵颗粒"]  # what the patient really gets


def _visit_and_fill(world: World, rng: np.random.Generator, gid: str, psn: int, hosp: int, doctor: int,
                    pharm: int, drug: int, day: int, given: int | None = None) -> None:
    """A visit with an unfitting acute diagnosis and an external prescription filled at ``pharm``.

    ``given``: the product really handed out (串换): its codes are scanned, the settled drug never bought.
    """
    t = daytime(rng, day)
    dise = lexicon.ACUTE_DISEASES[int(rng.integers(0, len(lexicon.ACUTE_DISEASES)))][0]
    hospital_visit(world, psn, hosp, doctor, t, [], tag=gid, dise=dise)
    fill = t - int(rng.integers(1, 3)) * DAY if rng.random() < 0.15 else t + int(rng.uniform(0.5, 5) * HOUR)
    boxes = int(rng.integers(2, 4))
    traces = None if given is None else [",".join(world.codes.boxes(given, boxes))]
    if given is not None:  # the cheap product is really bought in (its own codes), the settled drug never
        world.padding.append((pharm, given, int(month_of(np.array([max(fill, 0)]))[0]), boxes))
    pharmacy_sale(world, psn, pharm, fill, [(drug, boxes)], tag=gid, rx=1, dr=doctor, traces=traces,
                  offbook=given is not None)


def _patients(world: World, spec: GroupSpec, shift: int) -> tuple[str, np.ndarray]:
    p = world.persons
    prefs = home_prefectures()
    pref = prefs[(spec.number + shift) % len(prefs)]
    local = (p.pref == pref).to_numpy() & (p.death_t < 0).to_numpy() & (p.age >= 25).to_numpy()
    return pref, world.roster.take(spec.size, local)


def _visits(rng: np.random.Generator, spec: GroupSpec) -> np.ndarray:
    return np.sort(rng.choice(np.arange(2, DAYS - 2), size=int(rng.integers(max(2, spec.trips // 2), spec.trips + 1)),
                              replace=False))


def collusion_doctor_pharmacies(world: World, spec: GroupSpec) -> None:
    rng = world.rng(spec.id)
    inst, staff = world.inst, world.staff
    pref, patients = _patients(world, spec, 2)
    hosp = claim(world, rng, "H", in_pref(world, pref), levels=("2", "3"))
    doctor = int(rng.choice(world.doctors_of(hosp)))
    shops = [claim(world, rng, "P", in_pref(world, pref)) for _ in range(int(rng.integers(2, 5)))]
    inst.loc[shops[1:], ["legal_rep_name", "legal_rep_certno"]] = \
        inst.loc[shops[0], ["legal_rep_name", "legal_rep_certno"]].to_numpy()
    for shop in shops[: int(round(spec.ident_share * len(shops)))]:
        inst.loc[shop, "tel"] = staff.tel.iat[doctor]
    drugs = [world.drug(str(name)) for name in rng.choice(STEERED, size=2, replace=False)]
    for psn in patients:
        usual = int(rng.integers(0, len(shops)))
        drug = drugs[int(rng.integers(0, 2))]
        for day in _visits(rng, spec):
            shop = shops[usual] if rng.random() < 0.6 else shops[int(rng.integers(0, len(shops)))]
            _visit_and_fill(world, rng, spec.id, int(psn), hosp, doctor, shop, drug, int(day))
    dr_code = str(staff.dr_code.iat[doctor])
    world.truths.append(Truth(spec.id, "collusion", persons=truth_persons(world, patients, "card_holder"),
                              institutions={code_of(world, s): "pharmacy" for s in shops},
                              doctors={dr_code: "doctor"}, modus=spec.modus, centre=("Practitioner", dr_code),
                              parameters=spec.as_dict()))


def collusion_department_switching(world: World, spec: GroupSpec) -> None:
    rng = world.rng(spec.id)
    pref, patients = _patients(world, spec, 6)
    hosp = claim(world, rng, "H", in_pref(world, pref), levels=("1", "2"))
    staff = world.doctors_of(hosp)
    doctors = rng.choice(staff, size=min(len(staff), int(rng.integers(2, 5))), replace=False)
    shop = claim(world, rng, "P", in_pref(world, pref))
    wechat = "wxid_" + "".join(rng.choice(list("0123456789"), 10))
    for psn in rng.permutation(patients)[: int(round(spec.ident_share * len(patients)))]:
        set_ident(world, int(psn), "wechat", wechat, "transfer_record")
    settled = world.drug(str(rng.choice(STEERED)))
    for psn in patients:
        doctor = int(rng.choice(doctors))
        for day in _visits(rng, spec):
            given = world.drug(str(rng.choice(HANDED_OUT)))
            _visit_and_fill(world, rng, spec.id, int(psn), hosp, doctor, shop, settled, int(day), given=given)
    world.truths.append(Truth(spec.id, "collusion", persons=truth_persons(world, patients, "card_holder"),
                              institutions={code_of(world, shop): "pharmacy"},
                              doctors={str(world.staff.dr_code.iat[d]): "doctor" for d in doctors},
                              modus=spec.modus, centre=("Institution", code_of(world, shop)),
                              parameters=spec.as_dict()))
