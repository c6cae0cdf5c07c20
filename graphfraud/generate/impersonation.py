"""Impersonation (冒名就医 / 人亡卡活): credentials of the dead and the absent used at one counter.

What identifies a ring in the data:
- settlements of persons after their ``psn_info.death_date`` (visit start after death);
- living persons settled at the ring's pharmacy within three hours of their own genuine
  settlement in a distant prefecture (first four digits of the admdvs differ);
- all these settlements by one operator and terminal (``opter_id``, ``dev_no``) with e-vouchers
  (``mdtrt_cert_type`` 01), and every impersonated person's e-voucher bound to the broker's
  device (psn_ident ``device``).
The genuine settlements at home are not part of the ring and are not listed in its setl_ids.
"""
from __future__ import annotations

import numpy as np

from graphfraud.generate.params import GroupSpec
from graphfraud.generate.planting import (claim, code_of, daytime, device_id, home_prefectures, in_pref,
                                          month_supply, pharmacy_sale, set_ident, truth_persons)
from graphfraud.generate.timeline import DAY, DAYS, HOUR
from graphfraud.generate.world import Truth, World

HIGH_VALUE = "盐酸安罗替尼胶囊"
STAPLES = ["苯磺酸氨氯地平片", "阿托伐他汀钙片", "复方丹参滴丸", "盐酸二甲双胍片"]


def plant_impersonation(world: World, count: int) -> None:
    rng = world.rng("tr-impersonation")
    for n in range(1, count + 1):
        _plant_ring(world, rng, f"TR-IMPERS-{n:02d}", n)


def impersonation_classic(world: World, spec: GroupSpec) -> None:
    """The classic counter of a varied world: how many dead and absent cards, how often, which are bound."""
    _plant_ring(world, world.rng(spec.id), spec.id, spec.number, spec)


def _plant_ring(world: World, rng: np.random.Generator, rid: str, n: int, spec: GroupSpec | None = None) -> None:
    p = world.persons
    alive = (p.death_t < 0).to_numpy()
    pref = home_prefectures()[(n + 1) % len(home_prefectures())]
    pharm = claim(world, rng, "P", in_pref(world, pref))
    local = (p.pref == pref).to_numpy() & alive
    broker = int(world.roster.take(1, local & p.age.between(30, 60).to_numpy())[0])
    if spec is None:
        dead_n, absent_n = (int(rng.integers(3, 6)), int(rng.integers(1, 3))) if n % 2 else \
            (int(rng.integers(1, 3)), int(rng.integers(3, 6)))
    else:
        dead_n = int(round((spec.size - 1) * rng.uniform(0.2, 0.8)))
        absent_n = max(spec.size - 1 - dead_n, 1)
    dead = world.roster.take(dead_n, local & (p.age >= 70).to_numpy(), local)
    absent = world.roster.take(absent_n, (p.pref.str[:2] != pref[:2]).to_numpy() & alive,
                               (p.pref != pref).to_numpy() & alive)
    opter, dev = world.opter(pharm, 8), world.device(pharm, 8)

    def at_counter(psn: int, t: int, basket: list[tuple[int, int]]) -> None:
        pharmacy_sale(world, psn, pharm, t, basket, tag=rid, cert="01", opter=opter, dev=dev)

    for psn in dead:
        death = int(rng.integers(20, 200))
        p.loc[psn, "death_t"] = death * DAY
        day = death + int(rng.integers(5, 40))
        gap = (25, 40) if spec is None else (max(2, (DAYS - day) // spec.trips), max(3, (DAYS - day) // spec.trips) + 9)
        while day < DAYS:
            basket = [(world.drug(str(rng.choice(STAPLES))), 2)]
            if rng.random() < 0.35:
                basket.append((world.drug(HIGH_VALUE), int(rng.integers(1, 3))))
            at_counter(int(psn), daytime(rng, day), basket)
            day += int(rng.integers(*gap))
    for psn in absent:
        home = int(p.home_pharm.iat[psn])
        drug = world.drug(str(rng.choice(STAPLES)))
        uses = int(rng.integers(2, 6)) if spec is None else int(rng.integers(2, max(3, spec.trips // 2) + 1))
        for day in rng.choice(np.arange(DAYS), size=uses, replace=False):
            t = daytime(rng, int(day), 9, 15)
            pharmacy_sale(world, int(psn), home, t, [(drug, month_supply(world, drug))])  # genuine, at home
            lag = int(rng.uniform(0.3, 2.8) * HOUR) * (1 if rng.random() < 0.6 else -1)
            basket = [(world.drug(str(rng.choice(STAPLES))), 2), (world.drug(HIGH_VALUE), 1)]
            at_counter(int(psn), t + lag, basket)
    device = device_id(rng)
    bound = [*dead, *absent] if spec is None else \
        list(rng.permutation([*dead, *absent])[: int(round(spec.ident_share * (len(dead) + len(absent))))])
    for psn in [broker, *bound] if len(bound) else []:
        set_ident(world, int(psn), "device", device, "e_voucher")
    truth = Truth(rid, "impersonation", persons=truth_persons(world, [*dead, *absent], "impersonated")
                  | (truth_persons(world, [broker], "broker") if len(bound) else {}),
                  institutions={code_of(world, pharm): "pharmacy"})  # a broker bound to no card left no trace
    if spec is not None:
        truth.modus, truth.parameters = spec.modus, spec.as_dict()
        truth.centre = ("Institution", code_of(world, pharm))
    world.truths.append(truth)
