"""Doctor–pharmacy collusion (串换 / 超量开药 via 处方外流): one doctor feeds one pharmacy.

What identifies a ring in the data:
- one doctor (``bilg_dr_codg``) whose external prescriptions (``rx_circ_flag=1``) of high-value
  watch-list drugs go to one pharmacy nine times out of ten, two to three boxes at a time;
- the patients' visit diagnoses do not fit the drugs (acute complaints, no 门慢 filing), and a
  fifth of the fills precede the visit that should have produced the prescription (back-filled);
- in most rings the pharmacy's contact phone is the doctor's mobile (fixmedins.tel = practitioner.tel).
"""
from __future__ import annotations

import numpy as np

from graphfraud.generate import lexicon
from graphfraud.generate.params import GroupSpec
from graphfraud.generate.planting import (claim, code_of, daytime, home_prefectures, hospital_visit, in_pref,
                                          pharmacy_sale, truth_persons)
from graphfraud.generate.timeline import DAY, DAYS, HOUR
from graphfraud.generate.world import Truth, World

PRESCRIBED = ["甲磺酸奥希替尼片", "甲磺酸仑伐替尼胶囊", "富马酸丙酚替诺福韦片", "阿达木单抗注射液", "盐酸安罗替尼胶囊",
              "他克莫司胶囊", "索磷布韦维帕他韦片"]


def plant_collusion(world: World, count: int) -> None:
    rng = world.rng("tr-collusion")
    for n in range(1, count + 1):
        _plant_ring(world, rng, f"TR-COLLUSION-{n:02d}", n)


def collusion_classic(world: World, spec: GroupSpec) -> None:
    """The classic doctor–pharmacy pair of a varied world: patients, visits and the shared phone drawn."""
    _plant_ring(world, world.rng(spec.id), spec.id, spec.number, spec)


def _plant_ring(world: World, rng: np.random.Generator, rid: str, n: int, spec: GroupSpec | None = None) -> None:
    p, inst = world.persons, world.inst
    pref = home_prefectures()[(n + 4) % len(home_prefectures())]
    hosp = claim(world, rng, "H", in_pref(world, pref), levels=("2", "3"))
    doctor = int(rng.choice(world.doctors_of(hosp)))
    pharm = claim(world, rng, "P", in_pref(world, pref))
    if rng.random() < (0.7 if spec is None else spec.ident_share):
        inst.loc[pharm, "tel"] = world.staff.tel.iat[doctor]
    others = np.flatnonzero((inst.kind == "P").to_numpy() & in_pref(world, pref))
    local = (p.pref == pref).to_numpy() & (p.death_t < 0).to_numpy() & (p.age >= 25).to_numpy()
    patients = world.roster.take(world.group_size(rng, 8, 20) if spec is None else spec.size, local)
    drugs = [world.drug(name) for name in rng.choice(PRESCRIBED, size=2, replace=False)]
    for psn in patients:
        drug = drugs[int(rng.integers(0, 2))]
        visits = int(rng.integers(3, 7)) if spec is None else int(rng.integers(max(2, spec.trips // 2), spec.trips + 1))
        for day in sorted(rng.choice(np.arange(2, DAYS - 2), size=visits, replace=False)):
            t = daytime(rng, int(day))
            dise = lexicon.ACUTE_DISEASES[int(rng.integers(0, len(lexicon.ACUTE_DISEASES)))][0]
            hospital_visit(world, int(psn), hosp, doctor, t, [], tag=rid, dise=dise)
            backfilled = rng.random() < 0.2
            fill = t - int(rng.integers(1, 3)) * DAY if backfilled else t + int(rng.uniform(1, 4) * HOUR)
            where = pharm if rng.random() < 0.9 else int(rng.choice(others))
            pharmacy_sale(world, int(psn), where, fill, [(drug, int(rng.integers(2, 4)))], tag=rid, rx=1, dr=doctor)
    truth = Truth(rid, "collusion", persons=truth_persons(world, patients, "card_holder"),
                  institutions={code_of(world, pharm): "pharmacy"},
                  doctors={str(world.staff.dr_code.iat[doctor]): "doctor"})
    if spec is not None:
        truth.modus, truth.parameters = spec.modus, spec.as_dict()
        truth.centre = ("Practitioner", str(world.staff.dr_code.iat[doctor]))
    world.truths.append(truth)
