"""Shared state of one generation run: the population, allocators, the planted claims and the truth."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from graphfraud.generate.formats import digits, join
from graphfraud.generate.params import WorldParams
from graphfraud.generate.regions import Region
from graphfraud.generate.sampling import stream

SETL_DTYPES = {"key": "int64", "psn": "int64", "inst": "int64", "med_type": "str", "t": "int64", "begn": "int64",
               "endt": "int64", "dr": "int64", "dise": "str", "cert": "str", "opter": "str", "dev": "str",
               "pay": "str", "tag": "str", "refund_after": "int64", "protect": "bool"}
LINE_DTYPES = {"key": "int64", "item": "int64", "cnt": "int64", "pric": "float64", "trace": "str", "trdn": "int8",
               "rx": "int8", "dr": "int64", "prd_days": "float64", "ft": "int64", "offbook": "bool", "unlisted": "bool"}
PLANTED_KEYS_FROM = 10**9


class TraceCodes:
    """Unique 20-digit drug trace codes: the product's 7-digit prefix and a scrambled 13-digit serial.

    The serial is a running counter times an odd constant not divisible by 5, modulo 10^13: a
    bijection, so codes never collide, yet consecutive boxes do not get consecutive codes.
    """

    _MUL, _MOD = 2_718_281_829, 10**13

    def __init__(self, prefixes: np.ndarray, seed: int, start: int = 0) -> None:
        """``start``: where the counter begins (a region's slice of it, ``generate.regions``)."""
        self._prefix_list = [str(p) for p in prefixes]
        self._prefixes = pa.array(self._prefix_list)
        self._next = start
        self._shift = (seed * 1_000_003) % self._MOD

    def new(self, items: np.ndarray) -> pa.Array:
        """One fresh code per box; ``items`` gives each box's item."""
        items = np.asarray(items, dtype=np.int64)
        serial = (np.arange(self._next, self._next + len(items), dtype=np.int64) * self._MUL + self._shift) % self._MOD
        self._next += len(items)
        return join(self._prefixes.take(pa.array(items)), digits(serial, 13))

    def boxes(self, item: int, count: int) -> list[str]:
        """Fresh codes for ``count`` boxes of one item (the same codes ``new`` would give)."""
        first, self._next = self._next, self._next + count
        return [f"{self._prefix_list[item]}{(k * self._MUL + self._shift) % self._MOD:013d}"
                for k in range(first, first + count)]


class Roster:
    """Hands out persons for planted rings and hard negatives, each person at most once."""

    def __init__(self, persons: pd.DataFrame, rng: np.random.Generator) -> None:
        self.persons = persons
        self.free = np.ones(len(persons), dtype=bool)
        self._rng = rng

    def take(self, n: int, *masks: np.ndarray) -> np.ndarray:
        """``n`` free persons, from the first mask as far as it goes, then the next, then anyone free and alive.

        Every mask is narrowed to the living: a person who died during the period would give the group
        settlements after death, a decisive finding its story never meant. Schemes that need the dead
        pick the living and let them die (``generate.impersonation``).
        """
        chosen: list[np.ndarray] = []
        alive = (self.persons.death_t < 0).to_numpy()
        for mask in (*masks, np.ones(len(self.free), dtype=bool)):
            mask = mask & alive
            need = n - sum(len(c) for c in chosen)
            pool = np.flatnonzero(self.free & mask)
            if need <= 0:
                break
            pick = self._rng.choice(pool, size=min(need, len(pool)), replace=False) if len(pool) else pool
            self.free[pick] = False
            chosen.append(pick)
        taken = np.sort(np.concatenate(chosen)) if chosen else np.array([], dtype=np.int64)
        if len(taken) < n:
            raise ValueError(f"population too small: {n} more persons wanted for planting, {len(taken)} left")
        return taken

    def take_households(self, n: int, min_size: int, mask: np.ndarray) -> list[np.ndarray]:
        """``n`` whole households of at least ``min_size`` members, all free and inside the mask."""
        p = self.persons
        whole = pd.Series(self.free & mask).groupby(p.hh.to_numpy()).transform("all").to_numpy()
        ok = whole & (p.hh_size.to_numpy() >= min_size)
        households = np.unique(p.hh.to_numpy()[ok])
        picked = self._rng.choice(households, size=min(n, len(households)), replace=False)
        members = [np.flatnonzero(p.hh.to_numpy() == h) for h in np.sort(picked)]
        for m in members:
            self.free[m] = False
        return members


@dataclass
class Truth:
    """One planted ring (``TR-…``) or hard-negative group (``HN-…``) as the truth file lists it."""

    id: str
    kind: str
    persons: dict[str, str] = field(default_factory=dict)  # psn_no -> role
    institutions: dict[str, str] = field(default_factory=dict)  # fixmedins_code -> role
    doctors: dict[str, str] = field(default_factory=dict)  # dr_code -> role
    trace_codes: set[str] = field(default_factory=set)
    # Varied worlds only (``params``): how the group acted, its centre, and who is context, not member.
    modus: str = ""
    centre: tuple[str, str] | None = None  # (Person | Institution | Practitioner, key)
    context: dict[str, str] = field(default_factory=dict)  # psn_no -> role (downstream buyers, ...)
    parameters: dict = field(default_factory=dict)


class PlanBook:
    """Settlements and fee lines planted by schemes and hard negatives, before IDs and amounts exist."""

    def __init__(self) -> None:
        self._setl: list[dict] = []
        self._lines: list[dict] = []
        self._next = PLANTED_KEYS_FROM

    def settle(self, psn: int, inst: int, t: int, med_type: str, *, begn: int | None = None, dr: int = -1,
               dise: str = "", cert: str = "", opter: str = "", dev: str = "", pay: str = "", tag: str = "",
               refund_after: int = -1) -> int:
        key = self._next
        self._next += 1
        self._setl.append(dict(key=key, psn=psn, inst=inst, med_type=med_type, t=t, begn=t - 600 if begn is None
                               else begn, endt=t, dr=dr, dise=dise, cert=cert, opter=opter, dev=dev, pay=pay,
                               tag=tag, refund_after=refund_after, protect=True))
        return key

    def line(self, key: int, item: int, cnt: int, t: int, *, pric: float = np.nan, trace: str = "", trdn: int = 0,
             rx: int = 0, dr: int = -1, prd_days: float = np.nan, offbook: bool = False,
             unlisted: bool = False) -> None:
        """``offbook``: the pharmacy never purchased the box; ``unlisted``: no inv_sale row either."""
        self._lines.append(dict(key=key, item=item, cnt=cnt, pric=pric, trace=trace, trdn=trdn, rx=rx, dr=dr,
                                prd_days=prd_days, ft=t, offbook=offbook, unlisted=unlisted))

    def frames(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        setl = pd.DataFrame(self._setl, columns=list(SETL_DTYPES)).astype(SETL_DTYPES)
        lines = pd.DataFrame(self._lines, columns=list(LINE_DTYPES)).astype(LINE_DTYPES)
        return setl, lines


@dataclass
class World:
    seed: int
    persons: pd.DataFrame
    inst: pd.DataFrame
    staff: pd.DataFrame
    items: pd.DataFrame
    codes: TraceCodes
    roster: Roster
    book: PlanBook = field(default_factory=PlanBook)
    truths: list[Truth] = field(default_factory=list)
    idents: list[dict] = field(default_factory=list)  # extra psn_ident rows: psn, ident_type, ident_value, source
    special_hospitals: set[int] = field(default_factory=set)  # their external prescriptions go to one pharmacy
    claimed: set[int] = field(default_factory=set)  # institutions given a planted role, each role once
    params: WorldParams | None = None  # a varied world (generate --variant); None: the fixed default world
    padding: list[tuple[int, int, int, int]] = field(default_factory=list)  # fake purchases: inst, item, month, boxes
    extras: dict = field(default_factory=dict)  # state of an adversarial world (generate.adversarial)
    region: Region | None = None  # one region of a big world (generate.regions); None: the whole world

    def offset(self, kind: str) -> int:
        """Where this world's serials of ``kind`` start within their range (0 unless a later region)."""
        return self.region.offset(kind) if self.region is not None else 0

    def rng(self, name: str) -> np.random.Generator:
        return stream(self.seed, name)

    def group_size(self, rng: np.random.Generator, low: int, high: int) -> int:
        """A ring or group size in [low, high]; small populations stay near ``low`` (full range from 10,000)."""
        scale = min(1.0, max(0.3, len(self.persons) / 10_000))
        return low + int(rng.integers(0, round((high - low) * scale) + 1))

    def doctors_of(self, inst: int) -> np.ndarray:
        return np.flatnonzero(self.staff.inst.to_numpy() == inst)

    def drug(self, name: str, maker: int = 0) -> int:
        """Row of a drug product in ``items`` by generic name (and maker number)."""
        rows = self._products[name]
        return rows[min(maker, len(rows) - 1)]

    @cached_property
    def _products(self) -> dict[str, list[int]]:
        products: dict[str, list[int]] = {}
        for row, name in enumerate(self.items.name):
            products.setdefault(str(name), []).append(row)
        return products

    @cached_property
    def inst_codes(self) -> list[str]:
        return self.inst.code.tolist()

    @cached_property
    def psn_no(self) -> np.ndarray:
        return self.persons.psn_no.to_numpy()

    @cached_property
    def pack(self) -> np.ndarray:
        """Pricing units per box of each item."""
        return self.items.pack.to_numpy()

    @cached_property
    def days(self) -> np.ndarray:
        """Days of supply per box of each item."""
        return self.items.days.to_numpy()

    def opter(self, inst: int, number: int) -> str:
        """Counter operator ``number`` of an institution (random ones are drawn in claims)."""
        return str(opter_ids(pa.array([self.inst_codes[inst]]), np.array([number]))[0])

    def device(self, inst: int, number: int) -> str:
        return str(device_ids(pa.array([self.inst_codes[inst]]), np.array([number]))[0])


def opter_ids(codes: pa.Array, number: np.ndarray) -> pa.Array:
    """Counter operators: ``OP``, the institution's serial, the operator's number."""
    return join("OP", pc.utf8_slice_codeunits(codes, 7, 12), digits(number, 2))


def device_ids(codes: pa.Array, number: np.ndarray) -> pa.Array:
    """Counter terminals: ``T``, the institution's district and serial, the terminal's number."""
    return join("T", pc.utf8_slice_codeunits(codes, 5, 12), digits(number, 2))
