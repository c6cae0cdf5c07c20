"""Big worlds generated region by region, so memory is bounded by one region, not by the whole world.

One world holds its whole year in memory (about 19 kB per person: 2.4 GB at 125,000 persons), so
a world of more than ``REGION_PERSONS`` persons is cut into regions of near-equal size, generated
and written one after another. A region is a catchment of the same prefectures: its own persons,
institutions, doctors and counter staff, its own planted rings and look-alikes, drawn from its own
seed. Everything that identifies something is kept apart between regions, so the regions of one
world never meet by accident in a key:

- institution serials continue from the earlier regions of the district (names and codes);
- doctor codes, claim IDs (setl_id, mdtrt_id, bkkp_sn, rxno), sales numbers, rule-hit and tip-off
  IDs take the region's slice of their serial range (``offset``);
- trace codes share one scrambling and the region's slice of the counter (a bijection, so a code
  is never issued twice: a collision would look like a box settled twice);
- a person's ID number (certno) is moved on, as within one region, where an earlier region holds it.

Worlds up to ``REGION_PERSONS`` are one region and come out exactly as before. Files of a region
carry its number (``setl_d_r03.csv``); the drug catalog is written once (region 1). The truth file
lists every region's rings and look-alikes (IDs with the region: ``TR-R03-RESALE-01``) and adds up
what the loader must report.
"""
from __future__ import annotations

import math
import zlib
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from graphfraud.generate.formats import certno_check

REGION_PERSONS = 125_000  # one region at most: about 2.5 GB in the generator
MAX_REGIONS = 16  # the serial ranges below are cut in this many slices
# Serials each region may use, per ID: (region index) * span is added to the serial.
SPANS = {
    "setl": 400_000 // MAX_REGIONS,  # settlement serials of one prefecture and day: 100 .. 499,999
    "visit": 500_000 // MAX_REGIONS,  # visit serials: 500,000 .. 999,999
    "line": 10**8 // MAX_REGIONS,  # fee-line serials of one day (8 digits)
    "staff": 10**6 // MAX_REGIONS,  # doctor and pharmacist serials (6 digits)
    "uscc": 10**6,  # institution rows (organisation codes are a bijection on 8 digits)
    "rule_hit": 10**11 // MAX_REGIONS,  # 12 digits
    "lead": 10**6 // MAX_REGIONS,  # 6 digits
    "sale": 10**14 // MAX_REGIONS,  # 14 digits
    "invoice": 10**10 // MAX_REGIONS,  # 10 digits
    "trace": 10**13 // MAX_REGIONS,  # trace-code counter (13 digits)
}
REGIONAL_TABLES_ONCE = ("drug_catalog",)  # the same in every region: written by the first only


@dataclass
class Region:
    """Where one region stands among the regions of its world."""

    index: int  # 0-based
    count: int
    world_seed: int  # the seed the user gave (trace codes share its scrambling)
    earlier: tuple[int, ...] = ()  # persons of the regions before this one
    taken_certnos: np.ndarray = field(default_factory=lambda: np.array([], dtype="U18"))

    @property
    def seed(self) -> int:
        """The region's own seed: every stage of the region draws from it."""
        return region_seed(self.world_seed, self.index)

    @property
    def label(self) -> str:
        return f"R{self.index + 1:02d}"

    def offset(self, kind: str) -> int:
        return self.index * SPANS[kind]


def region_seed(seed: int, index: int) -> int:
    return zlib.crc32(f"{seed}/region/{index}".encode())


def region_sizes(persons: int, region_persons: int = REGION_PERSONS) -> list[int]:
    """Persons per region: one region up to ``region_persons``, else near-equal regions below it.

    >>> region_sizes(100_000), region_sizes(250_001), len(region_sizes(1_250_000))
    ([100000], [83334, 83334, 83333], 10)
    """
    count = math.ceil(persons / region_persons)
    if count > MAX_REGIONS:
        raise ValueError(f"at most {MAX_REGIONS * region_persons:,} persons ({MAX_REGIONS} regions of "
                         f"{region_persons:,}); generate bigger populations as separate data sets")
    return [persons // count + (1 if i < persons % count else 0) for i in range(count)]


def regional_name(name: str, region: Region) -> str:
    """``setl_d_2025-07.csv`` -> ``setl_d_2025-07_r03.csv``."""
    stem, dot, ext = name.rpartition(".")
    return f"{stem}_r{region.index + 1:02d}{dot}{ext}"


def distinct_certnos(certnos: np.ndarray, taken: np.ndarray) -> np.ndarray:
    """``certnos`` with the sequence moved on by 2 (same sex digit) where an earlier region holds one.

    Draws nothing. Within one region ID numbers are already unique (``population._unique_seq``).

    >>> distinct_certnos(np.array(["110101199001011234"]), np.array(["110101199001011234"]))[0][:17]
    '11010119900101125'
    """
    out = np.asarray(certnos, dtype="U18").copy()
    if not len(taken):
        return out
    while True:
        clash = np.isin(out, taken) | pd.Series(out).duplicated().to_numpy()
        if not clash.any():
            return out
        body = np.array([c[:14] + f"{(int(c[14:17]) + 2) % 1000:03d}" for c in out[clash]], dtype="U17")
        out[clash] = np.strings.add(body, certno_check(body))


def label_groups(document: dict[str, Any], region: Region) -> None:
    """Rings and look-alike groups named with their region: ``TR-RESALE-01`` -> ``TR-R03-RESALE-01``."""
    def relabel(gid: str) -> str:
        head, _, rest = gid.partition("-")
        return f"{head}-{region.label}-{rest}"

    for ring in document["rings"]:
        ring["ring_id"] = relabel(ring["ring_id"])
    for group in document["hard_negatives"]:
        group["group_id"] = relabel(group["group_id"])


def merge_documents(documents: list[dict[str, Any]], seed: int, persons: int,
                    regions: list[Region], sizes: list[int]) -> dict[str, Any]:
    """One truth document for the whole world: every region's groups, the loader's counts added up."""
    first = documents[0]
    merged = {k: v for k, v in first.items() if k not in ("rings", "hard_negatives", "load_expectations", "files",
                                                          "identities")}
    merged |= {"seed": seed, "persons": persons,
               "regions": [{"region": r.label, "seed": r.seed, "persons": n} for r, n in zip(regions, sizes)],
               "rings": [ring for d in documents for ring in d["rings"]],
               "hard_negatives": [g for d in documents for g in d["hard_negatives"]],
               "load_expectations": _add_expectations([d["load_expectations"] for d in documents]),
               "files": {name: f for d in documents for name, f in d["files"].items()}}
    if any("identities" in d for d in documents):
        identities: dict[str, list] = {}
        for d in documents:
            for kind, pairs in d.get("identities", {}).items():
                identities.setdefault(kind, []).extend(pairs)
        merged["identities"] = identities
    return merged


def _add_expectations(parts: list[dict[str, dict]]) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for part in parts:
        for table, e in part.items():
            total = out.setdefault(table, {k: 0 for k in ("rows_read", "loaded", "duplicates", "invalid")}
                                   | {"rejected": {r: 0 for r in e["rejected"]}})
            for k in ("rows_read", "loaded", "duplicates", "invalid"):
                total[k] += e[k]
            for reason, n in e["rejected"].items():
                total["rejected"][reason] += n
    return out
