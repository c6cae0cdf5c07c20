"""Fake purchases (虚假购药 / 串换 / 冲顶) as the adversarial family plants them.

- ``refund_cycling``: a pharmacy settles one expensive box on a collected card, records a sale
  return of it in its own books (3506) hours later without refunding the settlement, and settles
  the same box on the next card days later: one trace code settled again and again, stock that
  adds up, the fund paying every time.
- ``yearend_drain`` (冲顶): in the last weeks of December the organiser of a firm brings his
  colleagues' cards in bunches after work; each card's account balance is spent on tonics booked
  as insured drugs that never leave the shelf.
- ``health_products`` (串换): a chain's branches let their regulars take health products and
  daily goods on their cards, booked as Chinese patent medicines in large quantities; the
  branches scan from one pool of photographed codes, so a code turns up at several branches.
- ``care_home_claims``: the operator of a care home settles the residents' genuine monthly drugs
  (context) and, for some residents, expensive items nobody receives; the cards of residents who
  died keep being used for a few months (人亡卡活 inside a look-alike).
"""
from __future__ import annotations

import numpy as np

from graphfraud.generate.adversarial_common import (company, group_truth, institutions, living, minutes,
                                                    occasions, office_hours, prefectures, refills_planted, roles,
                                                    take_local, uses_per_member)
from graphfraud.generate.adversarial_params import AdvSpec
from graphfraud.generate.households import _regular_drugs, move_in
from graphfraud.generate.planting import claim, device_id, in_district, in_pref, month_supply, pharmacy_sale, set_ident
from graphfraud.generate.reflow import context_tag
from graphfraud.generate.timeline import DAY, DAYS, DECEMBER, MONTH_STARTS, at
from graphfraud.generate.world import World

CYCLED = ["安宫牛黄丸", "人血白蛋白", "阿达木单抗注射液"]
TONICS = ["安宫牛黄丸", "复方阿胶浆", "六味地黄丸"]
BOOKED = ["六味地黄丸", "银杏叶片", "复方丹参滴丸", "复方阿胶浆"]
NEVER_GIVEN = ["人血白蛋白", "安宫牛黄丸", "复方阿胶浆"]
MAX_CYCLES = 14


def shop_for(world: World, rng: np.random.Generator, pref: str) -> int:
    """The scheme's pharmacy; with ``overlap_pharmacy`` the first one is a resale group's outlet."""
    outlets = world.extras.get("outlets", [])
    if getattr(world.params, "overlap_pharmacy", False) and outlets and "overlapped" not in world.extras:
        world.extras["overlapped"] = int(outlets[0])
        return int(outlets[0])
    return claim(world, rng, "P", in_pref(world, pref), stay_local=True)


class Shelf:
    """Boxes kept on the shelf whose codes are scanned again (photographed codes)."""

    def __init__(self, world: World, rng: np.random.Generator) -> None:
        self.world, self.rng, self.pool, self.uses = world, rng, {}, {}  # type: ignore[var-annotated]

    def codes(self, item: int, boxes: int, reuse: float) -> str:
        pool = self.pool.setdefault(item, self.world.codes.boxes(item, int(self.rng.integers(3, 9))))
        again = [str(c) for c in self.rng.choice(pool, size=min(len(pool), int(self.rng.binomial(boxes, reuse))),
                                                 replace=False)]
        for code in again:
            self.uses[code] = self.uses.get(code, 0) + 1
        return ",".join(again + self.world.codes.boxes(item, boxes - len(again)))

    def reused(self) -> set[str]:
        return {c for c, n in self.uses.items() if n >= 2}


def fake_refund_cycling(world: World, spec: AdvSpec) -> None:
    rng = world.rng(spec.id)
    shop = shop_for(world, rng, prefectures(world, spec, 2)[0])
    pref = str(world.inst.pref.iat[shop])
    cards = take_local(world, spec.size, living(world, pref, 55), living(world, pref, 30), least=3)
    phone = device_id(rng)
    # drawn here so the rest of the scheme draws as before; bound below to the cards it used only: a card
    # handed back unused is no recruit, and its e-voucher is not left on the ring's device
    bound = {int(card) for card in cards if rng.random() < spec.ident_share}
    items = [world.drug(str(n)) for n in rng.choice(CYCLED, size=int(rng.integers(1, 3)), replace=False)]
    days = occasions(rng, spec.tempo, max(spec.trips, 3))
    queue = list(rng.permutation(cards))
    boxes = {item: [world.codes.boxes(item, 1)[0] for _ in range(int(rng.integers(2, 6)))] for item in items}
    cycles: dict[str, int] = {}
    used: set[int] = set()
    returns = world.extras.setdefault("inv_returns", [])
    for day in days:
        t = office_hours(rng, day, 9, 18)
        for item, codes in boxes.items():
            for n, code in enumerate(codes):
                if cycles.get(code, 0) >= MAX_CYCLES:
                    codes[n] = code = world.codes.boxes(item, 1)[0]  # a worn box is sold for real, a fresh one cycles
                card = int(queue.pop(0))
                queue.append(card)
                used.add(card)
                key = pharmacy_sale(world, card, shop, t, [(item, 1)], tag=spec.id, traces=[code],
                                    cert="03" if rng.random() < 0.7 else "01")
                returns.append((key, minutes(rng, 60, 30 * 60)))  # the books take the box back, the fund does not
                cycles[code] = cycles.get(code, 0) + 1
                t += minutes(rng, 7, 90)
    world.extras.setdefault("needs_inventory", set()).add(shop)
    for card in sorted(bound & used):
        set_ident(world, card, "device", phone, "e_voucher")
    group_truth(world, spec, roles(world, sorted(used), "card_holder"), ("Institution", world.inst_codes[shop]),
                institutions={shop: "pharmacy"}, codes={c for c, n in cycles.items() if n >= 2})
    world.roster.free[sorted(set(cards.tolist()) - used)] = True


def fake_yearend_drain(world: World, spec: AdvSpec) -> None:
    rng = world.rng(spec.id)
    shop = shop_for(world, rng, prefectures(world, spec, 3)[0])
    pref = str(world.inst.pref.iat[shop])
    employees = (world.persons.insutype == "310").to_numpy()
    cards = take_local(world, max(spec.size, 4), living(world, pref, 25, 60) & employees, least=4)
    organiser = int(cards[0])
    world.persons.loc[cards, "emp_name"] = company(world, rng, pref)
    shelf = Shelf(world, rng)
    first, last = DECEMBER[0] // DAY + int(rng.integers(5, 12)), DECEMBER[1] // DAY - 1
    days = sorted(int(d) for d in rng.choice(np.arange(first, last), size=int(rng.integers(3, 9)), replace=False))
    queue = list(rng.permutation(cards))
    per_day = -(-len(queue) // len(days))
    opter, dev = world.opter(shop, 6), world.device(shop, 6)
    for day in days:
        t = int(at(day, rng.uniform(17.2, 19.5)))
        for card in [organiser] + queue[:per_day]:
            basket = [(world.drug(str(n)), int(rng.integers(1, 4))) for n in rng.choice(TONICS, size=2, replace=False)]
            pharmacy_sale(world, int(card), shop, t, basket, tag=spec.id, pay="acct", cert="03", opter=opter, dev=dev,
                          traces=[shelf.codes(item, k, 0.5) for item, k in basket], offbook=True)
            t += minutes(rng, 1, 4)
        queue = queue[per_day:]
    persons = roles(world, cards, "card_holder") | roles(world, [organiser], "organiser")
    group_truth(world, spec, persons, ("Institution", world.inst_codes[shop]), institutions={shop: "pharmacy"},
                codes=shelf.reused())


def fake_health_products(world: World, spec: AdvSpec) -> None:
    rng = world.rng(spec.id)
    first = shop_for(world, rng, prefectures(world, spec, 5)[0])
    pref = str(world.inst.pref.iat[first])
    inst = world.inst
    more = [claim(world, rng, "P", in_pref(world, pref), stay_local=True) for _ in range(int(rng.integers(1, 4)))]
    branches = list(dict.fromkeys([first, *more]))
    chain = str(inst.name.iat[first]).split("大药房")[0]
    for b in branches[1:]:
        inst.loc[b, ["legal_rep_name", "legal_rep_certno"]] = inst.loc[first, ["legal_rep_name", "legal_rep_certno"]].to_numpy()
        inst.loc[b, "name"] = chain + "大药房" + str(inst.name.iat[b]).split("大药房", 1)[-1]
    customers = take_local(world, spec.size, living(world, pref, 35), least=3)
    shelf = Shelf(world, rng)
    for customer, uses in zip(customers, uses_per_member(rng, spec, len(customers), max(spec.trips, 2))):
        home = branches[int(rng.integers(0, len(branches)))]
        for day in rng.choice(np.arange(3, DAYS - 3), size=int(uses), replace=False):
            where = home if rng.random() < 0.7 else branches[int(rng.integers(0, len(branches)))]
            item, k = world.drug(str(rng.choice(BOOKED))), int(rng.integers(4, 11))
            pharmacy_sale(world, int(customer), where, office_hours(rng, int(day), 9, 20.5), [(item, k)], tag=spec.id,
                          traces=[shelf.codes(item, k, 0.4)], offbook=True)
    group_truth(world, spec, roles(world, customers, "card_holder"), ("Institution", world.inst_codes[first]),
                institutions={b: "pharmacy" for b in branches}, codes=shelf.reused())


def fake_care_home_claims(world: World, spec: AdvSpec) -> None:
    rng = world.rng(spec.id)
    pref = prefectures(world, spec, 6)[0]
    p = world.persons
    district = int(rng.choice(np.unique(p.district.to_numpy()[(p.pref == pref).to_numpy()])))
    near = living(world, pref, 72) & (p.district == district).to_numpy()
    residents = take_local(world, int(np.clip(spec.size * 1.6, 15, 90)), near & (p.hh_size == 1).to_numpy(), near,
                           living(world, pref, 72), least=6)
    operators = take_local(world, int(rng.integers(1, 3)), living(world, pref, 35, 60))
    pharm = claim(world, rng, "P", in_district(world, district), in_pref(world, pref), stay_local=True)
    clinics = institutions(world, "H", pref, ("3", "2"))
    doctor = int(rng.choice(world.doctors_of(int(rng.choice(clinics)))))
    move_in(world, rng, residents, operators, pharm, "安康")
    regular = _regular_drugs(world, rng, residents)
    refills_planted(world, residents)
    cheats = set(rng.choice(residents, size=max(2, int(len(residents) * rng.uniform(0.3, 0.8))), replace=False).tolist())
    dying = rng.choice(sorted(cheats), size=min(len(cheats), int(rng.integers(1, 5))), replace=False)
    p.loc[dying, "death_t"] = rng.integers(60, 250, len(dying)) * DAY
    after_death = {int(r): int(rng.integers(1, 4)) for r in dying}
    shelf = Shelf(world, rng)
    weekday = int(rng.integers(0, 5))
    opter = world.opter(pharm, 1)
    for month in range(12):
        t = int(at(MONTH_STARTS[month] // DAY + weekday + 7 * int(rng.integers(0, 2)), rng.uniform(8.5, 9.5)))
        for r in rng.permutation(residents):
            r, died = int(r), int(p.death_t.iat[int(r)])
            dead = 0 <= died <= t
            if dead and (after_death.get(r, 0) <= 0 or t > died + 100 * DAY):
                continue
            if dead:
                after_death[r] -= 1
            drug = regular[r]
            pharmacy_sale(world, r, pharm, t, [(drug, month_supply(world, drug))], rx=1, dr=doctor, cert="03",
                          opter=opter, tag=spec.id if dead else context_tag(spec.id))
            t += minutes(rng, 1, 3)
            if r in cheats and (dead or rng.random() < 0.7):
                item = world.drug(str(rng.choice(NEVER_GIVEN)))
                k = int(rng.integers(1, 3))
                pharmacy_sale(world, r, pharm, t, [(item, k)], rx=1, dr=doctor, cert="03", opter=opter, tag=spec.id,
                              traces=[shelf.codes(item, k, 0.6)], offbook=True)
                t += minutes(rng, 1, 3)
    core = sorted(cheats)
    others = sorted(set(residents.tolist()) - cheats)
    persons = roles(world, core, "card_holder") | roles(world, operators, "operator")
    group_truth(world, spec, persons, ("Institution", world.inst_codes[pharm]), institutions={pharm: "pharmacy"},
                context=roles(world, others, "resident"), codes=shelf.reused())
