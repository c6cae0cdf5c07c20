"""Resale (倒卖医保药品 / 回流药) as the adversarial family plants it.

- ``online_voucher``: a collector holds recruited card-holders' e-vouchers (医保电子凭证, cert 01)
  and, in the evening, orders the drug for one holder after another from ordinary pharmacies that
  deliver, each order backed by a quick internet-hospital consultation. No holder ever meets
  another; nobody shares a phone. What links them is the collector's delivery address (waybills)
  or the phone that holds their vouchers, for some of them only.
- ``family_cards``: a son uses his parents', in-laws' and an uncle's cards (two or three
  households), taking each card to a different hospital on the same morning, sometimes paying
  from his own account (个账共济), and sells the boxes to one dealer pharmacy.
- ``spread_recruits``: a regional collector recruits card-holders in two or three prefectures
  through WeChat; each goes alone to their own hospital on their own days; many recruited cards
  are used once or twice only; the boxes are mailed to the collector and resold out of province.

Downstream (``resell``): the boxes are sold again to ordinary patients near the outlets, who are
context, never members. A laundering dealer books a purchase covering the resold boxes (forged
invoices from a wholesaler), so only the second settlement of each trace code betrays them.
"""
from __future__ import annotations

import numpy as np

from graphfraud.generate import lexicon
from graphfraud.generate.adversarial_common import (boxes_of, evening, group_truth, hours, institutions, living,
                                                    minutes, occasions, office_hours, prefectures, roles, take_local,
                                                    uses_per_member, visit)
from graphfraud.generate.adversarial_params import AdvSpec
from graphfraud.generate.planting import claim, device_id, in_pref, pharmacy_sale, set_ident
from graphfraud.generate.reflow import context_tag
from graphfraud.generate.timeline import DAY, DAYS
from graphfraud.generate.world import World

WATCHED = ["他克莫司胶囊", "马来酸阿伐曲泊帕片", "盐酸安罗替尼胶囊", "甘精胰岛素注射液", "富马酸丙酚替诺福韦片",
           "甲磺酸奥希替尼片", "阿达木单抗注射液", "人血白蛋白"]
UNWATCHED = ["达格列净片", "利伐沙班片", "硫酸氢氯吡格雷片", "瑞舒伐他汀钙片"]  # resold too, never on a watch list
LAST = (DAYS - 4) * DAY


def pick_drug(world: World, rng: np.random.Generator) -> int:
    names = UNWATCHED if rng.random() < 0.35 else WATCHED
    return world.drug(str(names[int(rng.integers(0, len(names)))]), maker=int(rng.integers(0, 2)))


def _dise(world: World, drug: int) -> str:
    return lexicon.CHRONIC_DISEASES.get(str(world.items.disease.iat[drug]), ("", ""))[0]


def _boxes(world: World, rng: np.random.Generator, drug: int) -> int:
    """Near the cap, rarely at it: quantities that pass a per-visit limit."""
    return max(1, int(round(int(world.items.cap.iat[drug]) * rng.uniform(0.55, 1.0))))


def recruits(world: World, spec: AdvSpec, rng: np.random.Generator, holders: np.ndarray) -> np.ndarray:
    """Register this group's holders; with ``double_recruit`` add one to three of an earlier group's."""
    earlier = world.extras.setdefault("recruited", [])
    params = world.params
    extra = np.array([], dtype=np.int64)
    if earlier and getattr(params, "double_recruit", False) and not world.extras.get("double_recruited"):
        pool = np.array(earlier[-1], dtype=np.int64)
        extra = rng.choice(pool, size=min(len(pool), int(rng.integers(1, 4))), replace=False)
        world.extras["double_recruited"] = [int(x) for x in extra]
    earlier.append([int(h) for h in holders])
    return np.concatenate([holders, extra]).astype(np.int64)


def outlets(world: World, rng: np.random.Generator, pref: str, spec: AdvSpec, out_of_province: float) -> list[int]:
    """The dealer's pharmacies: one in the province (sometimes the holders' own prefecture), often one outside."""
    province = world.inst.admdvs.str[:2].to_numpy()
    home = province == lexicon.HOME_PROVINCE
    near = in_pref(world, pref) if rng.random() < 0.3 else ~in_pref(world, pref)
    shops = [claim(world, rng, "P", home & near)]
    if rng.random() < out_of_province:
        shops.append(claim(world, rng, "P", ~home))
    world.extras.setdefault("outlets", []).append(shops[0])
    return shops


def resell(world: World, rng: np.random.Generator, spec: AdvSpec, drug: int, obtained: list[tuple[int, str]],
           shops: list[int]) -> tuple[set[str], dict[str, str]]:
    """Sell ``resold_share`` of the boxes again, one to three at a time, to patients near the outlets."""
    back = sorted((t + int(rng.integers(2, 31)) * DAY + hours(rng, 0, 9), code) for t, code in obtained
                  if rng.random() < spec.resold_share)
    back = [(t, c) for t, c in back if t < LAST]
    if not back:
        return set(), {}
    inst = world.inst
    per_pool = int(np.clip(len(back) / rng.uniform(3, 8), 3, 150)) // len(shops) + 1
    pools = [take_local(world, per_pool, living(world, str(inst.pref.iat[s]), 30)) for s in shops]
    weights = np.linspace(2.0, 1.0, len(shops))
    dise = _dise(world, drug)
    buyers: set[int] = set()
    i = 0
    while i < len(back):
        k = min(int(rng.integers(1, 4)), len(back) - i)
        t, codes = back[i + k - 1][0], [c for _, c in back[i: i + k]]
        o = int(rng.choice(len(shops), p=weights / weights.sum()))
        buyer = int(rng.choice(pools[o]))
        buyers.add(buyer)
        pharmacy_sale(world, buyer, shops[o], int(t), [(drug, k)], tag=context_tag(spec.id), traces=[",".join(codes)],
                      offbook=not spec.launder, med_type="14" if dise and rng.random() < 0.4 else "41", dise=dise)
        i += k
    return {c for _, c in back}, roles(world, sorted(buyers), "downstream_buyer")


def _members(world: World, holders: np.ndarray, collector: int | None, shops: list[int],
             spec: AdvSpec, drug: int, obtained: list[tuple[int, str]], rng: np.random.Generator) -> None:
    resold, context = resell(world, rng, spec, drug, obtained, shops)
    persons = roles(world, holders, "card_holder")
    if collector is not None:
        persons |= roles(world, [collector], "collector")
        centre = ("Person", str(world.psn_no[collector]))
    else:
        centre = ("Institution", world.inst_codes[shops[0]])
    group_truth(world, spec, persons, centre, institutions={s: "downstream_pharmacy" for s in shops},
                context=context, codes=resold)


def resale_online_voucher(world: World, spec: AdvSpec) -> None:
    rng = world.rng(spec.id)
    prefs = prefectures(world, spec, 1)
    holders = take_local(world, spec.size, living(world, prefs, 50), living(world, prefs, 30), least=2)
    holders = recruits(world, spec, rng, holders)
    collector = int(take_local(world, 1, living(world, prefs[0], 28, 55))[0])
    drug = pick_drug(world, rng)
    shops = institutions(world, "P", prefs)
    delivering = rng.choice(shops, size=min(len(shops), int(rng.integers(2, 5))), replace=False)
    net_hospital = int(rng.choice(institutions(world, "H", prefs[0], ("1", "2"))))
    prescribers = world.doctors_of(net_hospital)[:2]
    linked = False
    depot, phone = str(world.persons.addr.iat[collector]), device_id(rng)
    for h in holders:
        if rng.random() < spec.ident_share:
            set_ident(world, int(h), "addr", depot, "waybill")
            linked = True
        if rng.random() < spec.ident_share / 2:
            set_ident(world, int(h), "device", phone, "e_voucher")
            linked = True
    if linked:
        set_ident(world, collector, "device", phone, "e_voucher")
    days = occasions(rng, spec.tempo, spec.trips)
    left = dict(zip(holders.tolist(), uses_per_member(rng, spec, len(holders), len(days)).tolist()))
    obtained: list[tuple[int, str]] = []
    for n, day in enumerate(days):
        due = [h for h, k in left.items() if k > 0]
        batch = [h for h in due if rng.random() < left[h] / max(1, len(days) - n)] or due[:1]
        t = evening(rng, day)
        for h in batch:
            left[h] -= 1
            dr = int(rng.choice(prescribers))
            visit(world, h, net_hospital, dr, t, [], tag=spec.id, cert="01", dise=_dise(world, drug))
            codes = boxes_of(world, drug, _boxes(world, rng, drug))
            pharmacy_sale(world, h, int(rng.choice(delivering)), t + minutes(rng, 3, 25), [(drug, len(codes))],
                          tag=spec.id, rx=1, dr=dr, cert="01", traces=[",".join(codes)])
            obtained += [(t, c) for c in codes]
            t += minutes(rng, 2, 9)
    shops_out = outlets(world, rng, prefs[0], spec, 0.6)
    _members(world, holders, collector if linked else None, shops_out, spec, drug, obtained, rng)


def resale_family_cards(world: World, spec: AdvSpec) -> None:
    rng = world.rng(spec.id)
    pref = prefectures(world, spec, 4)[0]
    households = world.roster.take_households(int(rng.integers(2, 4)), 2, living(world, pref, 55))
    cards = np.concatenate(households) if households else take_local(world, spec.size, living(world, pref, 55))
    cards = cards[: max(spec.size, 3)]
    user = int(take_local(world, 1, living(world, pref, 30, 55))[0])
    p = world.persons
    p.loc[user, "tel"] = p.tel.iat[int(cards[0])]  # the parents' contact phone is the son's
    phone = device_id(rng)
    for psn in [user, *cards]:
        if psn == user or rng.random() < 0.5 + spec.ident_share / 2:
            set_ident(world, int(psn), "device", phone, "e_voucher")
    drug = pick_drug(world, rng)
    hospitals = institutions(world, "H", pref)
    dise = _dise(world, drug)
    employee = p.insutype.iat[user] == "310"
    obtained: list[tuple[int, str]] = []
    for day in occasions(rng, spec.tempo, spec.trips):
        t = office_hours(rng, day, 8, 9.5)
        order = rng.permutation(hospitals)
        for n, card in enumerate(rng.permutation(cards)):
            if rng.random() < spec.dormant_share / 2:
                continue
            hosp = int(order[n % len(order)])
            codes = boxes_of(world, drug, _boxes(world, rng, drug))
            visit(world, int(card), hosp, int(rng.choice(world.doctors_of(hosp))), t, [(drug, len(codes))],
                  tag=spec.id, cert="03", dise=dise if rng.random() < 0.6 else "", traces=[",".join(codes)],
                  pay="mulaid" if employee and rng.random() < 0.3 else "", prd_days=rng.random() < 0.1)
            obtained += [(t, c) for c in codes]
            t += minutes(rng, 35, 110)
    _members(world, cards, user, outlets(world, rng, pref, spec, 0.3), spec, drug, obtained, rng)


def resale_spread_recruits(world: World, spec: AdvSpec) -> None:
    rng = world.rng(spec.id)
    spec.spread = max(2, spec.spread)
    prefs = prefectures(world, spec, 7)
    share = rng.dirichlet(np.ones(len(prefs)) * 2)
    holders = np.concatenate([take_local(world, max(1, int(round(spec.size * s))), living(world, pref, 45),
                                         living(world, pref, 30)) for pref, s in zip(prefs, share)])
    holders = recruits(world, spec, rng, holders)
    collector = int(take_local(world, 1, living(world, prefs[0], 28, 55))[0])
    wechat = "wxid_" + "".join(rng.choice(list("0123456789"), 10))
    depot = str(world.persons.addr.iat[collector])
    linked = False
    for h in holders:
        if rng.random() < spec.ident_share:
            set_ident(world, int(h), "wechat", wechat, "transfer_record")
            linked = True
        if rng.random() < spec.ident_share / 3:
            set_ident(world, int(h), "addr", depot, "waybill")
            linked = True
    if linked:
        set_ident(world, collector, "wechat", wechat, "wechat_bind")
    drug = pick_drug(world, rng)
    dise = _dise(world, drug)
    obtained: list[tuple[int, str]] = []
    for h, uses in zip(holders, uses_per_member(rng, spec, len(holders), 12)):
        own = institutions(world, "H", str(world.persons.pref.iat[int(h)]))
        own = rng.choice(own, size=min(len(own), int(rng.integers(1, 3))), replace=False)
        days = occasions(rng, spec.tempo, max(int(uses), 1))[: max(int(uses), 1)]
        for day in days:
            hosp = int(rng.choice(own))
            t = office_hours(rng, day)
            codes = boxes_of(world, drug, _boxes(world, rng, drug))
            visit(world, int(h), hosp, int(rng.choice(world.doctors_of(hosp))), t, [(drug, len(codes))], tag=spec.id,
                  dise=dise if rng.random() < 0.5 else "", med_type="14" if dise and rng.random() < 0.3 else "11",
                  traces=[",".join(codes)], prd_days=rng.random() < 0.1)
            obtained += [(t, c) for c in codes]
    _members(world, holders, collector if linked else None, outlets(world, rng, prefs[0], spec, 0.8), spec, drug,
             obtained, rng)
