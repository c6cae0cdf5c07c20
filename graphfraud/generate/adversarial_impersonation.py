"""Impersonation (冒名就医 / 人亡卡活) as the adversarial family plants it.

- ``deceased_parent``: after a parent dies, the son, daughter or widowed spouse keeps using the
  dead person's card (on the family phone) for that parent's chronic drugs, and for some of their
  own, at the family's usual pharmacy, month after month: a group of two or three people.
- ``credential_lending`` (借证就医, the Tianjin case): a broker arranges for uninsured patients to be
  treated on insured people's credentials, typed in at the admission desk (cert 02); some stays
  do not fit the lender (a man's card for a delivery, a woman's for a prostate operation); some
  lenders are seen at their own pharmacy while "in hospital"; their credentials sit on phones the
  broker registered.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from graphfraud.generate import catalog
from graphfraud.generate.adversarial_common import (group_truth, institutions, living, minutes, office_hours,
                                                    prefectures, roles, take_local, uses_per_member)
from graphfraud.generate.adversarial_params import AdvSpec
from graphfraud.generate.households import _regular_drugs
from graphfraud.generate.planting import device_id, month_supply, pharmacy_sale, set_ident
from graphfraud.generate.population import mobiles
from graphfraud.generate.timeline import DAY, DAYS, HOUR, at
from graphfraud.generate.world import World

OWN_EXTRAS = ["甘精胰岛素注射液", "达格列净片", "利伐沙班片", "瑞舒伐他汀钙片"]
# (diagnosis, med_type, days, sex it fits: 1 male, 2 female, 0 both)
STAYS = [("K35.800", "21", (5, 8), 0), ("S72.000", "21", (10, 17), 0), ("K80.200", "21", (6, 10), 0),
         ("O80.000", "51", (3, 6), 2), ("N40.x00", "21", (5, 9), 1)]


def _household_with_elder(world: World, rng: np.random.Generator, pref: str) -> np.ndarray:
    """A whole free household of this prefecture with someone of 68 or more and someone younger."""
    p = world.persons
    ok = pd.DataFrame({"hh": p.hh, "free": world.roster.free & living(world, pref), "age": p.age})
    by = ok.groupby("hh").agg(free=("free", "all"), n=("age", "size"), old=("age", "max"), young=("age", "min"))
    choice = by.index[by.free & (by.n >= 2) & (by.old >= 68) & (by.young < 68)].to_numpy()
    if not len(choice):
        return np.array([], dtype=np.int64)
    members = np.flatnonzero(p.hh.to_numpy() == int(rng.choice(choice)))
    world.roster.free[members] = False
    return members


def impersonation_deceased_parent(world: World, spec: AdvSpec) -> None:
    rng = world.rng(spec.id)
    pref = prefectures(world, spec, 10)[0]
    p = world.persons
    family = _household_with_elder(world, rng, pref)
    if len(family) == 0:  # a parent living alone and a child elsewhere in the prefecture
        family = np.concatenate([take_local(world, 1, living(world, pref, 68)), take_local(world, 1, living(world, pref, 25, 60))])
        p.loc[family[1], ["tel", "addr"]] = p.loc[family[0], ["tel", "addr"]].to_numpy()
    ages = p.age.to_numpy()[family]
    order = family[np.argsort(-ages)]
    dead = [int(x) for x in order[: max(1, min(spec.size, int((ages >= 68).sum()), len(family) - 1))]]
    survivors = [int(x) for x in order if int(x) not in dead]
    adults = [x for x in survivors if p.age.iat[x] >= 18]
    user = adults[-1] if adults else survivors[0]
    regular = _regular_drugs(world, rng, np.array(dead))
    phone = device_id(rng)
    for psn in [user, *dead]:
        set_ident(world, psn, "device", phone, "e_voucher")
    own = world.drug(str(rng.choice(OWN_EXTRAS)))
    pharm = int(p.home_pharm.iat[dead[0]])
    used = False
    for psn in dead:
        death = int(rng.integers(30, 220))
        p.loc[psn, "death_t"] = death * DAY
        day = death + int(rng.integers(6, 25))
        for _ in range(int(rng.integers(3, 11))):
            if day >= DAYS - 1:
                break
            t = office_hours(rng, day, 9, 19.5)
            if rng.random() < 0.5:  # the user's own purchase at the same counter minutes before
                pharmacy_sale(world, user, pharm, t - minutes(rng, 2, 10), [(world.drug("感冒灵颗粒"), 1)])
            basket = [(regular[psn], month_supply(world, regular[psn]))]
            if rng.random() < 0.4:
                basket.append((own, month_supply(world, own)))
            pharmacy_sale(world, psn, pharm, t, basket, tag=spec.id, cert="01" if rng.random() < 0.7 else "03")
            used = True
            day += int(rng.integers(24, 36))
    if not used:
        return
    group_truth(world, spec, roles(world, dead, "impersonated") | roles(world, [user], "user"), ("Person", str(world.psn_no[user])))


def _stay(world: World, rng: np.random.Generator, gid: str, psn: int, hosp: int, admit: int,
          case: tuple[str, str, tuple[int, int], int]) -> tuple[int, int]:
    dise, med_type, (lo, hi), _ = case
    days = int(rng.integers(lo, hi + 1))
    dr = int(rng.choice(world.doctors_of(hosp)))
    begn, end = int(at(admit, rng.uniform(8, 15))), int(at(admit + days, rng.uniform(9, 12)))
    key = world.book.settle(psn, hosp, end, med_type, begn=begn, dr=dr, dise=dise, tag=gid, cert="02")
    for item, count in ((catalog.BED_DAY, days), (catalog.NURSING_DAY, days), (catalog.CT_SCAN, 1),
                        (catalog.BLOOD_TEST, 2), (catalog.LIVER_TEST, 1), (catalog.GIVING_SET, days)):
        world.book.line(key, item, count, begn + HOUR, dr=dr)
    for name in ("注射用头孢曲松钠", "0.9%氯化钠注射液", "注射用奥美拉唑钠"):
        world.book.line(key, world.drug(name), days * int(rng.integers(1, 3)), begn + 2 * HOUR, dr=dr, trace="-")
    return begn, end


def impersonation_credential_lending(world: World, spec: AdvSpec) -> None:
    rng = world.rng(spec.id)
    prefs = prefectures(world, spec, 11)
    p = world.persons
    broker = int(take_local(world, 1, living(world, prefs[0], 30, 55))[0])
    lenders = take_local(world, spec.size, living(world, prefs, 20, 75), least=2)
    hospitals = institutions(world, "H", prefs, ("1", "2"))
    hospitals = rng.choice(hospitals, size=min(len(hospitals), int(rng.integers(1, 4))), replace=False)
    phones = [str(x) for x in mobiles(rng, int(rng.integers(1, 3)))]
    linked = [int(x) for x in lenders if rng.random() < max(0.3, spec.ident_share)] or [int(lenders[0])]
    for psn in linked:
        set_ident(world, psn, "tel", phones[int(rng.integers(0, len(phones)))], "e_voucher_binding")
    for phone in phones:
        set_ident(world, broker, "tel", phone, "bank_registration")
    regular = _regular_drugs(world, rng, lenders)
    for lender, uses in zip(lenders, uses_per_member(rng, spec, len(lenders), 3)):
        sex = int(p.gend.iat[int(lender)])
        free_from = int(rng.integers(0, 60))
        for _ in range(int(uses)):
            admit = free_from + int(rng.integers(5, 90))
            if admit > DAYS - 25:
                break
            if rng.random() < 0.4:  # a stay that does not fit the lender
                case = next(c for c in STAYS if c[3] not in (0, sex))
            else:
                case = STAYS[int(rng.integers(0, 3))]
            begn, end = _stay(world, rng, spec.id, int(lender), int(rng.choice(hospitals)), admit, case)
            if rng.random() < 0.35:  # the lender buys his own drugs at home meanwhile
                drug = regular[int(lender)]
                t = int(at((begn + end) // 2 // DAY, rng.uniform(10, 17)))
                pharmacy_sale(world, int(lender), int(p.home_pharm.iat[int(lender)]), t, [(drug, month_supply(world, drug))])
            free_from = end // DAY + 1
    persons = roles(world, lenders, "impersonated") | roles(world, [broker], "broker")
    group_truth(world, spec, persons, ("Person", str(world.psn_no[broker])))
