"""Small helpers the planted schemes and hard negatives share: picking places, booking claims."""
from __future__ import annotations

import numpy as np

from graphfraud.generate import catalog, lexicon
from graphfraud.generate.timeline import HOUR, at
from graphfraud.generate.world import World

Basket = list[tuple[int, int]]  # (item row, boxes)


def claim(world: World, rng: np.random.Generator, kind: str, *prefer: np.ndarray,
          levels: tuple[str, ...] = ("1", "2", "3", "11"), stay_local: bool = False) -> int:
    """An institution of ``kind`` (H/P) not yet given a planted role, from the first preferred set that has one.

    Falls back to anywhere, so small populations still plant every scheme. With ``stay_local`` a
    preferred institution that already has a role is shared before going anywhere else: an innocent
    group tied to a place (snowbirds in Haikou, a nursing home's district) that settled in another
    province would carry a real out-of-area signal it never earned.
    """
    inst = world.inst
    fits = (inst.kind == kind).to_numpy() & inst.hosp_lv.isin(levels).to_numpy()
    free = fits & ~inst.index.isin(list(world.claimed))
    shared = [fits & np.asarray(m) for m in prefer] if stay_local else []
    for tier in [free & np.asarray(m) for m in prefer] + shared + [free]:
        pool = np.flatnonzero(tier)
        if len(pool):
            chosen = int(rng.choice(pool))
            world.claimed.add(chosen)
            return chosen
    if world.params is not None:  # a varied world can outgrow the free places: share one already claimed
        kind_ok = (inst.kind == kind).to_numpy()
        level_ok = kind_ok & inst.hosp_lv.isin(levels).to_numpy()
        for tier in [level_ok & np.asarray(m) for m in prefer] + [level_ok, kind_ok]:
            pool = np.flatnonzero(tier)
            if len(pool):
                return int(rng.choice(pool))
    raise ValueError(f"no free institution of kind {kind}")


def in_district(world: World, district: int) -> np.ndarray:
    return (world.inst.district == district).to_numpy()


def in_pref(world: World, pref: str) -> np.ndarray:
    return (world.inst.pref == pref).to_numpy()


def home_prefectures() -> list[str]:
    return sorted({d[0][:4] for d in lexicon.DISTRICTS if d[0][:2] == lexicon.HOME_PROVINCE})


def month_supply(world: World, item: int, days: int = 30) -> int:
    """Boxes that cover ``days`` at the usual dose (at least one)."""
    return max(1, int(round(days / max(int(world.days[item]), 1))))


def dispense(world: World, key: int, t: int, basket: Basket, *, rx: int = 0, dr: int = -1,
             traces: list[str] | None = None, offbook: bool = False, prd_days: bool = False,
             unlisted: bool = False) -> None:
    """Fee lines of a basket: whole boxes, one trace code per box (given, or drawn later)."""
    for n, (item, boxes) in enumerate(basket):
        days = float(boxes * world.days[item]) if prd_days else np.nan
        world.book.line(key, item, boxes * int(world.pack[item]), t - 20 - 7 * n, rx=rx, dr=dr,
                        trace=traces[n] if traces else "", offbook=offbook, prd_days=days, unlisted=unlisted)


def pharmacy_sale(world: World, psn: int, inst: int, t: int, basket: Basket, *, tag: str = "", rx: int = 0,
                  dr: int = -1, med_type: str = "41", dise: str = "", traces: list[str] | None = None,
                  offbook: bool = False, cert: str = "", opter: str = "", dev: str = "", pay: str = "",
                  refund_after: int = -1, unlisted: bool = False) -> int:
    key = world.book.settle(psn, inst, t, med_type, begn=t - 240, dr=dr if rx else -1, dise=dise, tag=tag,
                            cert=cert, opter=opter, dev=dev, pay=pay, refund_after=refund_after)
    dispense(world, key, t, basket, rx=rx, dr=dr, traces=traces, offbook=offbook, unlisted=unlisted)
    return key


def hospital_visit(world: World, psn: int, inst: int, dr: int, t: int, basket: Basket, *, tag: str = "",
                   med_type: str = "11", dise: str = "", traces: list[str] | None = None,
                   prd_days: bool = False) -> int:
    """An outpatient visit: consultation by ``dr`` and the drugs dispensed by the hospital pharmacy."""
    begn = t - int(0.5 * HOUR)
    key = world.book.settle(psn, inst, t, med_type, begn=begn, dr=dr, dise=dise, tag=tag)
    world.book.line(key, catalog.CONSULT, 1, begn + 300, dr=dr)
    dispense(world, key, t, basket, dr=dr, traces=traces, prd_days=prd_days)
    return key


def daytime(rng: np.random.Generator, day: int, start: float = 8.5, end: float = 17.0) -> int:
    return int(at(day, rng.uniform(start, end)))


def days_apart(rng: np.random.Generator, first: int, step: tuple[int, int], last: int = 364) -> list[int]:
    """Days from ``first`` with random gaps in ``step`` up to ``last``."""
    days, day = [], first
    while day <= last:
        days.append(day)
        day += int(rng.integers(step[0], step[1] + 1))
    return days


def set_ident(world: World, psn: int, ident_type: str, value: str, source: str) -> None:
    world.idents.append(dict(psn=psn, ident_type=ident_type, ident_value=value, source=source))


def truth_persons(world: World, persons: np.ndarray | list[int], role: str) -> dict[str, str]:
    return {str(world.psn_no[p]): role for p in persons}


def code_of(world: World, inst: int) -> str:
    return world.inst_codes[inst]


def device_id(rng: np.random.Generator) -> str:
    """A phone's device identifier (IMEI-like, 15 digits)."""
    return "86" + "".join(rng.choice(list("0123456789"), 13))


