"""Fake purchases (空刷 / 套刷 / 敛卡): a pharmacy swipes a pool of collected cards without a sale.

What identifies a ring in the data:
- one pharmacy, or two with the same legal representative (a chain, ``fixmedins.legal_rep_*``),
  settles bursts of eight or more distinct cards within about half an hour, half of them at
  night, every card in a burst with the identical basket, all by one operator and terminal
  (``opter_id``, ``dev_no``);
- the cards belong to holders living in other prefectures; one household's cards are among them;
- December bursts drain personal accounts (``acct_pay``) with expensive baskets;
- a few swipes are refunded within hours; part of the boxes carry photographed trace codes that
  recur across swipes, the rest codes the pharmacy never purchased: settled sales exceed
  purchases in inv_purc/inv_stock.
"""
from __future__ import annotations

import numpy as np

from graphfraud.generate.params import GroupSpec
from graphfraud.generate.planting import (claim, code_of, device_id, home_prefectures, in_pref, pharmacy_sale,
                                          set_ident, truth_persons)
from graphfraud.generate.timeline import DAY, DAYS, DECEMBER, HOUR, at
from graphfraud.generate.world import Truth, World

BOOKED = ["阿莫西林胶囊", "阿卡波糖片", "苯磺酸氨氯地平片", "连花清瘟胶囊", "复方丹参滴丸", "阿托伐他汀钙片", "缬沙坦胶囊"]
YEAR_END = ["安宫牛黄丸", "复方丹参滴丸", "六味地黄丸"]


def plant_fake_purchases(world: World, count: int) -> None:
    rng = world.rng("tr-fake")
    for n in range(1, count + 1):
        _plant_ring(world, rng, f"TR-FAKE-{n:02d}", n)


def fake_classic(world: World, spec: GroupSpec) -> None:
    """The classic swipe ring of a varied world: cards, sessions and device links drawn per group."""
    _plant_ring(world, world.rng(spec.id), spec.id, spec.number, spec)


def _plant_ring(world: World, rng: np.random.Generator, rid: str, n: int, spec: GroupSpec | None = None) -> None:
    p, inst = world.persons, world.inst
    alive = (p.death_t < 0).to_numpy()
    pref = home_prefectures()[(n + 2) % len(home_prefectures())]
    pharmacies = [claim(world, rng, "P", in_pref(world, pref))]
    if n % 2 == 1 or rng.random() < 0.4:
        second = claim(world, rng, "P", in_pref(world, pref))
        inst.loc[second, ["legal_rep_name", "legal_rep_certno"]] = \
            inst.loc[pharmacies[0], ["legal_rep_name", "legal_rep_certno"]].to_numpy()
        pharmacies.append(second)
    distant = (p.pref != pref).to_numpy() & alive
    employees = distant & (p.insutype == "310").to_numpy()
    size = world.group_size(rng, 12, 30) if spec is None else max(spec.size - 2, 3)
    cards = list(world.roster.take(size, employees, distant))
    for household in world.roster.take_households(1, 2, distant):
        cards += list(household)
    cards_arr = np.array(sorted(cards))
    photographed: dict[int, np.ndarray] = {}
    uses: dict[str, int] = {}
    sessions_n = int(rng.integers(8, 16)) if spec is None else spec.trips
    sessions = sorted(rng.choice(np.arange(5, DAYS - 5), size=sessions_n, replace=False))
    year_end = rng.choice(np.arange(DECEMBER[0] // DAY + 10, DECEMBER[1] // DAY), size=2, replace=False)
    for day in [*sessions, *year_end]:
        december = day in year_end
        pharm = pharmacies[int(rng.integers(0, len(pharmacies)))] if not december else pharmacies[0]
        names = rng.choice(YEAR_END if december else BOOKED, size=int(rng.integers(1, 3)), replace=False)
        basket = [(world.drug(str(name)), int(rng.integers(2, 4))) for name in names]
        night = rng.random() < 0.5
        t = int(at(int(day), rng.uniform(22.5, 25.5) if night else rng.uniform(9, 19)))
        if december:
            swiped = cards_arr
        else:
            burst = int(rng.integers(8, 21)) if spec is None else int(rng.integers(3, max(4, len(cards_arr)) + 1))
            swiped = rng.choice(cards_arr, size=min(len(cards_arr), burst), replace=False)
        for card in rng.permutation(swiped):
            traces = [_codes(world, rng, photographed, uses, item, boxes) for item, boxes in basket]
            refund = int(rng.integers(1, 7) * HOUR) if rng.random() < 0.08 else -1
            pharmacy_sale(world, int(card), pharm, t, basket, tag=rid, traces=traces, offbook=True, cert="03",
                          opter=world.opter(pharm, 9), dev=world.device(pharm, 9),
                          pay="acct" if december else "", refund_after=refund)
            t += int(rng.integers(40, 150))
    reused = {code for code, times in uses.items() if times >= 2}
    truth = Truth(rid, "fake_purchase", persons=truth_persons(world, cards_arr, "card_holder"),
                  institutions={code_of(world, ph): "pharmacy" for ph in pharmacies}, trace_codes=reused)
    if spec is not None:
        bound = rng.permutation(cards_arr)[: int(round(spec.ident_share * len(cards_arr)))]
        device = device_id(rng)  # the shop's phone holds the bound e-vouchers
        for card in bound:
            set_ident(world, int(card), "device", device, "e_voucher")
        truth.modus, truth.centre, truth.parameters = spec.modus, ("Institution", code_of(world, pharmacies[0])), \
            spec.as_dict()
    world.truths.append(truth)


def _codes(world: World, rng: np.random.Generator, photographed: dict[int, np.ndarray], uses: dict[str, int],
           item: int, boxes: int) -> str:
    """Trace codes of a swiped line: about half re-use photographed boxes of the item, the rest are fresh."""
    if item not in photographed:
        photographed[item] = np.array(world.codes.boxes(item, int(rng.integers(3, 8))))
    reuse = min(int(rng.binomial(boxes, 0.5)), len(photographed[item]))
    codes = [str(c) for c in rng.choice(photographed[item], size=reuse, replace=False)]
    for code in codes:
        uses[code] = uses.get(code, 0) + 1
    return ",".join(codes + world.codes.boxes(item, boxes - reuse))
