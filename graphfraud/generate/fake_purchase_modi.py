"""Fake purchases (虚假购药) as varied worlds plant them beyond night bursts of distant cards.

- ``no_inventory_sale``: card-holders come to the counter one at a time, by day, to turn their
  account balance into cash (套现); the settlements and fee lines exist, but the pharmacy never
  records a sale (no ``inv_sale`` row) nor a purchase of the boxes it claims: settled quantities
  exceed recorded sales. Some holders are paid through the owner's WeChat (``psn_ident``).
- ``card_collecting`` (敛卡, the Lanzhou case): a neighbourhood pharmacy keeps local elderly
  people's cards and swipes each one every month or so after closing time, one card every few
  minutes, booking the holder's own chronic drugs; the boxes never leave the shelf, so the same
  codes are settled again month after month, and purchases booked without goods keep the stock
  quantities balanced (the stock gap is hidden, the codes are not).
"""
from __future__ import annotations

import numpy as np

from graphfraud.generate.households import _regular_drugs
from graphfraud.generate.params import GroupSpec
from graphfraud.generate.planting import (claim, code_of, device_id, home_prefectures, in_pref,
                                          month_supply, pharmacy_sale, set_ident, truth_persons)
from graphfraud.generate.timeline import DAYS, DECEMBER, at, month_of
from graphfraud.generate.world import Truth, World

CASHED = ["阿莫西林胶囊", "阿卡波糖片", "苯磺酸氨氯地平片", "连花清瘟胶囊", "复方丹参滴丸", "阿托伐他汀钙片", "缬沙坦胶囊",
          "六味地黄丸", "银杏叶片", "安宫牛黄丸"]


def _truth(world: World, spec: GroupSpec, cards: np.ndarray, shop: int, reused: set[str]) -> None:
    world.truths.append(Truth(spec.id, "fake_purchase", persons=truth_persons(world, cards, "card_holder"),
                              institutions={code_of(world, shop): "pharmacy"}, trace_codes=reused,
                              modus=spec.modus, centre=("Institution", code_of(world, shop)),
                              parameters=spec.as_dict()))


def _shop(world: World, rng: np.random.Generator, spec: GroupSpec, shift: int) -> tuple[str, int]:
    prefs = home_prefectures()
    pref = prefs[(spec.number + shift) % len(prefs)]
    return pref, claim(world, rng, "P", in_pref(world, pref))


def fake_no_inventory_sale(world: World, spec: GroupSpec) -> None:
    rng = world.rng(spec.id)
    p = world.persons
    pref, shop = _shop(world, rng, spec, 4)
    alive = (p.death_t < 0).to_numpy() & (p.age >= 25).to_numpy()
    local = alive & (p.pref == pref).to_numpy()
    employees = (p.insutype == "310").to_numpy()
    n_local = int(round(spec.size * rng.uniform(0.4, 0.9)))
    cards = np.concatenate([world.roster.take(n_local, local & employees, local),
                            world.roster.take(spec.size - n_local, alive & employees & ~local, alive & ~local)])
    owner_wechat = "wxid_" + "".join(rng.choice(list("0123456789"), 10))
    for card in rng.permutation(cards)[: int(round(spec.ident_share * len(cards)))]:
        set_ident(world, int(card), "wechat", owner_wechat, "transfer_record")
    photographed = {name: world.codes.boxes(world.drug(name), int(rng.integers(2, 6))) for name in CASHED}
    reused: dict[str, int] = {}
    for card in cards:
        for day in rng.choice(np.arange(3, DAYS - 3), size=int(rng.integers(max(2, spec.trips // 2), spec.trips + 1)),
                              replace=False):
            t = int(at(int(day), rng.uniform(8.5, 20.5)))
            names = rng.choice(CASHED, size=int(rng.integers(1, 4)), replace=False)
            basket, traces = [], []
            for name in names:
                drug, boxes = world.drug(str(name)), int(rng.integers(1, 4))
                pool = photographed[str(name)]
                codes = [str(c) for c in rng.choice(pool, size=min(len(pool), int(rng.binomial(boxes, 0.3))),
                                                    replace=False)]
                for code in codes:
                    reused[code] = reused.get(code, 0) + 1
                basket.append((drug, boxes))
                traces.append(",".join(codes + world.codes.boxes(drug, boxes - len(codes))))
            pay = "acct" if rng.random() < 0.6 or DECEMBER[0] <= t < DECEMBER[1] else ""
            pharmacy_sale(world, int(card), shop, t, basket, tag=spec.id, traces=traces, offbook=True, unlisted=True,
                          pay=pay)
    _truth(world, spec, np.sort(cards), shop, {c for c, n in reused.items() if n >= 2})


def fake_card_collecting(world: World, spec: GroupSpec) -> None:
    rng = world.rng(spec.id)
    p = world.persons
    pref, shop = _shop(world, rng, spec, 6)
    district = int(world.inst.district.iat[shop])
    alive = (p.death_t < 0).to_numpy()
    near = alive & (p.district == district).to_numpy()
    cards = np.sort(world.roster.take(spec.size, near & (p.age >= 60).to_numpy(), near,
                                      alive & (p.pref == pref).to_numpy()))
    regular = _regular_drugs(world, rng, cards)
    shelf: dict[int, list[str]] = {}  # boxes kept on the shelf and scanned again for every swipe
    uses: dict[str, int] = {}
    opter, dev = world.opter(shop, 7), world.device(shop, 7)
    swipes = int(np.clip(spec.trips, 4, 12))
    nights = sorted(rng.choice(np.arange(10, DAYS - 2), size=swipes, replace=False))
    for night in nights:
        t = int(at(int(night), rng.uniform(19.5, 21)))
        for card in rng.permutation(cards)[: max(2, int(len(cards) * rng.uniform(0.6, 1.0)))]:
            drug = regular[int(card)]
            boxes = 2 * month_supply(world, drug)
            pool = shelf.setdefault(drug, world.codes.boxes(drug, max(boxes, int(rng.integers(4, 10)))))
            codes = [str(c) for c in rng.choice(pool, size=min(boxes, len(pool)), replace=False)]
            for code in codes:
                uses[code] = uses.get(code, 0) + 1
            december = DECEMBER[0] <= t < DECEMBER[1]
            pharmacy_sale(world, int(card), shop, t, [(drug, len(codes))], tag=spec.id, traces=[",".join(codes)],
                          offbook=True, cert="03", opter=opter, dev=dev, pay="acct" if december else "")
            world.padding.append((shop, drug, int(month_of(np.array([t]))[0]), len(codes)))
            t += int(rng.uniform(2, 6) * 60)
    device = device_id(rng)  # the shop's phone holds the e-vouchers it collected
    for card in rng.permutation(cards)[: int(round(spec.ident_share * len(cards)))]:
        set_ident(world, int(card), "device", device, "e_voucher")
    _truth(world, spec, cards, shop, {c for c, n in uses.items() if n >= 2})

