"""Helpers the adversarial family's schemes and look-alikes share: strict local rosters, rhythms, places.

Look-alikes must stay where their people live (an innocent settled in two provinces within hours
carries a real impersonation finding), so ``take_local`` never falls back to "anyone": a group
shrinks when its place runs out of free persons.
"""
from __future__ import annotations

import numpy as np

from graphfraud.generate import lexicon
from graphfraud.generate.adversarial_params import AdvSpec
from graphfraud.generate.catalog import CONSULT
from graphfraud.generate.planting import code_of, dispense, home_prefectures, in_pref, truth_persons
from graphfraud.generate.timeline import DAYS, HOUR, at
from graphfraud.generate.world import Truth, World

SPRING_FESTIVAL = 231  # 2026-02-17, day index from 2025-07-01
FLU_SEASON = (92, 140)  # October to mid-November


def living(world: World, prefs: list[str] | str | None = None, min_age: int = 0, max_age: int = 200) -> np.ndarray:
    """Living persons (of the given prefectures) in an age band."""
    p = world.persons
    mask = (p.death_t < 0).to_numpy() & p.age.between(min_age, max_age).to_numpy()
    if prefs is not None:
        mask &= p.pref.isin([prefs] if isinstance(prefs, str) else prefs).to_numpy()
    return mask


def take_local(world: World, n: int, *masks: np.ndarray, least: int = 1) -> np.ndarray:
    """Up to ``n`` free persons from the masks in order, never from outside them (at least ``least``)."""
    union = np.zeros(len(world.persons), dtype=bool)
    for mask in masks:
        union |= mask
    available = int((world.roster.free & union & (world.persons.death_t < 0).to_numpy()).sum())
    return world.roster.take(max(min(n, available), least), *masks)


def prefectures(world: World, spec: AdvSpec, shift: int) -> list[str]:
    """The home prefectures a group lives in: ``spec.spread`` of them, rotating with its number."""
    prefs = home_prefectures()
    first = (spec.number + shift) % len(prefs)
    return [prefs[(first + k * 3) % len(prefs)] for k in range(spec.spread)]


def institutions(world: World, kind: str, pref: str | list[str], levels: tuple[str, ...] | None = None) -> np.ndarray:
    inst = world.inst
    prefs = [pref] if isinstance(pref, str) else pref
    mask = (inst.kind == kind).to_numpy() & inst.pref.isin(prefs).to_numpy()
    if levels:
        mask &= inst.hosp_lv.isin(levels).to_numpy()
    return np.flatnonzero(mask)


def occasions(rng: np.random.Generator, tempo: str, trips: int, last: int = DAYS - 45) -> list[int]:
    """Days a group acts: monthly all year (slow), within two weeks (burst), or over two to six months."""
    if tempo == "slow":
        first = int(rng.integers(0, 25))
        return [d for d in (first + 30 * k + int(rng.integers(-3, 4)) for k in range(12)) if 0 <= d <= last]
    if tempo == "burst":
        start = int(rng.integers(0, last - 14))
        return sorted(int(d) for d in rng.choice(np.arange(start, start + 14), size=min(trips, 14), replace=False))
    start = int(rng.integers(0, last - 60))
    span = np.arange(start, min(last, start + int(rng.integers(60, 181))))
    return sorted(int(d) for d in rng.choice(span, size=min(trips, len(span)), replace=False))


def uses_per_member(rng: np.random.Generator, spec: AdvSpec, members: int, days: int) -> np.ndarray:
    """How many of the group's occasions each member takes part in; dormant members only once or twice."""
    uses = rng.integers(max(1, days // 3), days + 1, members)
    dormant = rng.random(members) < spec.dormant_share
    uses[dormant] = rng.integers(1, 3, int(dormant.sum()))
    return np.minimum(uses, days)


def evening(rng: np.random.Generator, day: int) -> int:
    return int(at(day, rng.uniform(19, 22.8)))


def office_hours(rng: np.random.Generator, day: int, start: float = 8.5, end: float = 16.5) -> int:
    return int(at(day, rng.uniform(start, end)))


def minutes(rng: np.random.Generator, low: float, high: float) -> int:
    return int(rng.uniform(low, high) * 60)


def hours(rng: np.random.Generator, low: float, high: float) -> int:
    return int(rng.uniform(low, high) * HOUR)


def village_address(world: World, rng: np.random.Generator, district: int, village: str) -> str:
    """A rural address: prefecture, district, town, village, group and house number."""
    d = lexicon.DISTRICTS[district]
    place = d[1] + d[3] if d[1] == d[2] else d[1] + d[2] + d[3]
    return f"{place}{village}村{int(rng.integers(1, 9))}组{int(rng.integers(1, 80))}号"


def town_name(rng: np.random.Generator) -> str:
    first = "东西南北上下大小新高长青石桃柳杨"
    second = "塘桥湾岭山坝溪港浦庄头口湖田"
    return first[int(rng.integers(0, len(first)))] + second[int(rng.integers(0, len(second)))]


def company(world: World, rng: np.random.Generator, pref: str) -> str:
    short = next(d[2] for d in lexicon.DISTRICTS if d[0][:4] == pref).removesuffix("市")
    return f"{short}{town_name(rng)}{['实业', '精工', '纺织', '电器', '建材'][int(rng.integers(0, 5))]}有限公司"


def group_truth(world: World, spec: AdvSpec, persons: dict[str, str], centre: tuple[str, str], *,
                institutions: dict[int, str] | None = None, doctors: dict[int, str] | None = None,
                context: dict[str, str] | None = None, codes: set[str] | None = None) -> Truth:
    truth = Truth(spec.id, spec.typology, persons=persons, modus=spec.modus, centre=centre,
                  parameters=spec.as_dict(), context=context or {}, trace_codes=codes or set(),
                  institutions={code_of(world, i): role for i, role in (institutions or {}).items()},
                  doctors={str(world.staff.dr_code.iat[d]): role for d, role in (doctors or {}).items()})
    world.truths.append(truth)
    return truth


def lookalike(world: World, gid: str, kind: str, persons: dict[str, str], places: dict[int, str],
              doctors: dict[int, str] | None = None) -> None:
    world.truths.append(Truth(gid, kind, persons=persons, institutions={code_of(world, i): r for i, r in places.items()},
                              doctors={str(world.staff.dr_code.iat[d]): r for d, r in (doctors or {}).items()}))


def roles(world: World, people: np.ndarray | list[int], role: str) -> dict[str, str]:
    return truth_persons(world, people, role)


def in_prefs(world: World, prefs: list[str]) -> np.ndarray:
    mask = np.zeros(len(world.inst), dtype=bool)
    for pref in prefs:
        mask |= in_pref(world, pref)
    return mask


def visit(world: World, psn: int, inst: int, dr: int, t: int, basket: list[tuple[int, int]], *, tag: str = "",
          med_type: str = "11", dise: str = "", cert: str = "", pay: str = "", consult: bool = True,
          traces: list[str] | None = None, prd_days: bool = False, rx: int = 0) -> int:
    """A visit at a hospital or clinic: a consultation line (unless ``consult`` is False) and the drugs."""
    begn = t - int(0.4 * HOUR)
    key = world.book.settle(psn, inst, t, med_type, begn=begn, dr=dr, dise=dise, tag=tag, cert=cert, pay=pay)
    if consult:
        world.book.line(key, CONSULT, 1, begn + 240, dr=dr)
    dispense(world, key, t, basket, dr=dr, traces=traces, prd_days=prd_days, rx=rx)
    return key


def boxes_of(world: World, item: int, count: int) -> list[str]:
    """Fresh trace codes for ``count`` boxes, as one comma-joined line value."""
    return world.codes.boxes(item, count)


def refills_planted(world: World, persons: np.ndarray | list[int]) -> None:
    """These persons' monthly drugs are bought in a planted group: the background refill routine skips
    them, or they would be supplied twice (an over-supply their story never had)."""
    world.extras.setdefault("planted_refills", set()).update(int(q) for q in persons)
