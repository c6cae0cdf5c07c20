"""Resale rings (倒卖医保药品 / 回流药): card-holders obtain watch-list drugs at the cap for a collector.

What identifies a ring in the data:
- holders (mostly elderly, no 门慢 filing) visit three to five hospitals of their prefecture in
  parties of two to six on the same days, each obtaining the drug's cap (``catalog`` ``cap``):
  days supplied far above calendar days; two professional prescription-getters (职业开药人) join
  four trips in five, so they reach three hospitals within a month;
- every holder shares a phone and a device, and a bank account or the collector's address
  (waybills), with the collector (psn_ident); no identifier reaches more than six holders, so
  super-node guards keep them;
- most obtained boxes are settled again days to weeks later at one to three downstream pharmacies
  (one often in another province) for other persons: the trace code appears twice, and the
  downstream pharmacy has no purchase of it (inv_purc).
"""
from __future__ import annotations

import numpy as np

from graphfraud.generate import lexicon
from graphfraud.generate.planting import (claim, code_of, days_apart, device_id, home_prefectures, hospital_visit,
                                          in_pref, pharmacy_sale, set_ident, truth_persons)
from graphfraud.generate.params import GroupSpec
from graphfraud.generate.population import mobiles
from graphfraud.generate.reflow import reflow
from graphfraud.generate.timeline import DAY, DAYS, HOUR, at
from graphfraud.generate.world import Truth, World

RESALE_DRUGS = ["他克莫司胶囊", "马来酸阿伐曲泊帕片", "盐酸安罗替尼胶囊", "甘精胰岛素注射液", "富马酸丙酚替诺福韦片",
                "索磷布韦维帕他韦片", "甲磺酸奥希替尼片", "安宫牛黄丸"]
LAST = DAYS * DAY - HOUR


def plant_resale_rings(world: World, count: int) -> None:
    rng = world.rng("tr-resale")
    for n in range(1, count + 1):
        _plant_ring(world, rng, f"TR-RESALE-{n:02d}", n)


def resale_classic(world: World, spec: GroupSpec) -> None:
    """The classic ring of a varied world: size, trips, resale share, buyers and links drawn per group."""
    _plant_ring(world, world.rng(spec.id), spec.id, spec.number, spec)


def _plant_ring(world: World, rng: np.random.Generator, rid: str, n: int, spec: GroupSpec | None = None) -> None:
    p, inst = world.persons, world.inst
    alive = (p.death_t < 0).to_numpy()
    pref = home_prefectures()[(n - 1) % len(home_prefectures())]
    local = (p.pref == pref).to_numpy() & alive
    size = world.group_size(rng, 6, 16) if spec is None else max(spec.size - 1, 3)
    holders = world.roster.take(size, local & (p.age >= 60).to_numpy(), local & (p.age >= 45).to_numpy())
    collector = int(world.roster.take(1, local & p.age.between(30, 55).to_numpy())[0])
    drug = world.drug(RESALE_DRUGS[(n - 1) % len(RESALE_DRUGS)], maker=int(rng.integers(0, 2)))
    province = inst.admdvs.str[:2].to_numpy()
    hospitals = (inst.kind == "H").to_numpy()
    nearby = np.flatnonzero(hospitals & in_pref(world, pref))
    if len(nearby) < 3:
        nearby = np.flatnonzero(hospitals & (province == lexicon.HOME_PROVINCE))
    sources = rng.choice(nearby, size=min(len(nearby), int(rng.integers(3, 6))), replace=False)
    core = rng.choice(holders, size=2, replace=False)  # professional prescription-getters (职业开药人)
    downstream = [claim(world, rng, "P", ~in_pref(world, pref) & (province == lexicon.HOME_PROVINCE))]
    if rng.random() < 0.6:  # re-sold in another province too (跨省)
        downstream.append(claim(world, rng, "P", province != lexicon.HOME_PROVINCE))
    if spec is None:
        near_downstream = np.isin(p.pref.to_numpy(), inst.pref.to_numpy()[downstream]) & alive
        buyers = world.roster.take(int(rng.integers(3, 9)), near_downstream)
        _link_collector(world, rng, collector, holders)
    else:
        linked = rng.permutation(holders)[: int(round(spec.ident_share * len(holders)))]
        if len(linked):
            _link_collector(world, rng, collector, linked)

    obtained: list[tuple[int, str]] = []  # (time, code) of every box obtained at the cap
    # varied worlds: holders take turns, so every one of them obtains boxes
    queue = [] if spec is None else list(rng.permutation(np.setdiff1d(holders, core)))
    for day in _trip_days(rng, spec):
        source = int(rng.choice(sources))
        doctors = world.doctors_of(source)
        if spec is None:
            others = rng.choice(np.setdiff1d(holders, core), size=int(rng.integers(2, 5)), replace=False)
        else:
            turn = max(int(rng.integers(2, max(3, len(holders) // 3) + 1)), -(-len(holders) // spec.trips))
            others = np.array(queue[:turn], dtype=np.int64)
            queue = queue[len(others):] + queue[: len(others)]
        party = np.concatenate([core[rng.random(2) < 0.8], others])
        t = int(at(day, rng.uniform(8, 10)))
        for holder in party:
            codes = world.codes.boxes(drug, int(world.items.cap.iat[drug]))
            dise = lexicon.CHRONIC_DISEASES.get(world.items.disease.iat[drug], ("", ""))[0]
            hospital_visit(world, int(holder), source, int(rng.choice(doctors)), t, [(drug, len(codes))], tag=rid,
                           dise=dise if rng.random() < 0.5 else "", traces=[",".join(codes)],
                           prd_days=rng.random() < 0.3)
            obtained += [(t, c) for c in codes]
            t += int(rng.integers(120, 1800))
    if spec is None:
        resold = _resell(world, rng, rid, drug, obtained, downstream, buyers)
        truth = Truth(rid, "resale", trace_codes=resold)
        truth.persons = (truth_persons(world, holders, "card_holder") | truth_persons(world, [collector], "collector")
                         | truth_persons(world, buyers, "downstream_buyer"))
    else:
        resold, context = reflow(world, rng, rid, drug, obtained, downstream, spec)
        truth = Truth(rid, "resale", trace_codes=resold, modus=spec.modus, context=context, parameters=spec.as_dict(),
                      persons=truth_persons(world, holders, "card_holder"))
        if len(linked):  # a collector who shares nothing with the holders leaves no trace in the data
            truth.persons |= truth_persons(world, [collector], "collector")
            truth.centre = ("Person", str(world.psn_no[collector]))
        else:
            truth.centre = ("Institution", code_of(world, downstream[0]))
    truth.institutions = {code_of(world, d): "downstream_pharmacy" for d in downstream}
    world.truths.append(truth)


def _trip_days(rng: np.random.Generator, spec: GroupSpec | None) -> list[int]:
    """Days the card-holders go out: every 5–12 days for a few months, or ``spec.trips`` days in 3–9 months."""
    first = int(rng.integers(0, 150))
    if spec is None:
        return days_apart(rng, first, (5, 12), min(first + int(rng.integers(120, 211)), DAYS - 1))
    span = np.arange(first, min(first + int(rng.integers(90, 271)), DAYS - 45))
    return sorted(int(d) for d in rng.choice(span, size=min(spec.trips, len(span)), replace=False))


def _link_collector(world: World, rng: np.random.Generator, collector: int, holders: np.ndarray) -> None:
    """The collector registered holders' e-vouchers on his phones, pays them from his accounts, and
    has boxes shipped to his address (waybills); each identifier reaches at most six holders."""
    home = str(world.persons.addr.iat[collector])
    groups = np.array_split(rng.permutation(holders), int(np.ceil(len(holders) / 6)))
    for group in groups:
        tel, device = str(mobiles(rng, 1)[0]), device_id(rng)
        bank = "6228" + "".join(rng.choice(list("0123456789"), 15))
        for psn in [collector, *group]:
            set_ident(world, int(psn), "tel", tel, "e_voucher_binding")
            set_ident(world, int(psn), "device", device, "e_voucher")
        for psn in [collector, *group[: max(2, len(group) // 2)]]:
            set_ident(world, int(psn), "bank_acct", bank, "transfer_record")
        for psn in group[len(group) // 2:]:
            set_ident(world, int(psn), "addr", home, "waybill")


def _resell(world: World, rng: np.random.Generator, rid: str, drug: int, obtained: list[tuple[int, str]],
            downstream: list[int], buyers: np.ndarray) -> set[str]:
    """Most boxes come back (回流) to the downstream pharmacies, one or two per sale, days to weeks later."""
    share = rng.uniform(0.5, 0.8)
    back = [(t + int(rng.integers(3, 41)) * DAY + int(rng.integers(0, 10 * HOUR)), code)
            for t, code in obtained if rng.random() < share]
    back = sorted((t, c) for t, c in back if t < LAST)
    resold: set[str] = set()
    i = 0
    while i < len(back):
        size = min(int(rng.integers(1, 3)), len(back) - i)
        t, codes = back[i + size - 1][0], [c for _, c in back[i: i + size]]
        pharm = downstream[int(rng.integers(0, len(downstream)))]
        pharmacy_sale(world, int(rng.choice(buyers)), pharm, t, [(drug, size)], tag=rid, traces=[",".join(codes)],
                      offbook=True)
        resold.update(codes)
        i += size
    return resold
