"""Designated hospitals and pharmacies (定点医药机构) and their doctors and pharmacists."""
from __future__ import annotations

import numpy as np
import pandas as pd

from graphfraud.generate import lexicon
from graphfraud.generate.formats import certno, padded, uscc
from graphfraud.generate.population import addresses, mobiles, names
from graphfraud.generate.regions import SPANS
from graphfraud.generate.sampling import pick_in_groups, split_counts

AREA_CODES = {"3301": "0571", "3302": "0574", "3303": "0577", "3306": "0575", "3310": "0576", "3101": "021",
              "3201": "025", "2301": "0451", "4601": "0898"}
HOSPITAL_KINDS = {"1": ("第一人民医院", 12.0), "2": ("人民医院", 3.0), "3": ("社区卫生服务中心", 1.5)}
# One district hospital (level 2) per this many hospitals of a district, at least one. Planted schemes
# and hard negatives each claim a hospital of level 1 or 2 of their own (about one per 5,000 persons),
# so the district hospitals must grow with the population; small worlds keep exactly one per district.
DISTRICT_HOSPITAL_EVERY = 5
# Doctors per hospital grow with the population up to this factor; beyond it, only the number of
# hospitals grows (else doctors would grow with the square of the population).
MAX_STAFF_SCALE = 4.0
REGIONAL_PHARMACY_FROM = 5000  # pharmacy serials of regions; hospitals of all regions stay below


def build_institutions(rng: np.random.Generator, persons: int, earlier: tuple[int, ...] | None = None) -> pd.DataFrame:
    """One hub hospital per prefecture, district hospitals and clinics, and retail pharmacies.

    ``earlier``: this is a region of a bigger world (``generate.regions``), after regions of these
    many persons: its serials and names continue theirs, and each region has its own hub
    (第二人民医院, 第三…). Pharmacies of regions are numbered from ``REGIONAL_PHARMACY_FROM`` so no
    hospital's serial (and counter IDs) ever meets a pharmacy's.
    """
    dist = pd.DataFrame(lexicon.DISTRICTS, columns=["admdvs", "prov", "pref_name", "dist", "w"])
    dist["pref"] = dist.admdvs.str[:4]
    n_hosp, n_pharm = _district_counts(persons, dist.w.to_numpy())
    hub_district = ~dist.pref.duplicated().to_numpy()  # the first district of a prefecture holds its hub
    hosp_before, level2_before, pharm_before = (np.zeros(len(dist), dtype=int) for _ in range(3))
    for before in earlier or ():
        h, p = _district_counts(before, dist.w.to_numpy())
        hosp_before, pharm_before = hosp_before + h + hub_district, pharm_before + p
        level2_before += np.maximum(1, h // DISTRICT_HOSPITAL_EVERY)
    region = len(earlier or ())
    pharmacy_from = 100 if earlier is None else REGIONAL_PHARMACY_FROM
    rows = []
    for d, row in dist.iterrows():
        first_of_pref = d == dist.index[dist.pref == row.pref][0]
        district_hospitals = max(1, n_hosp[d] // DISTRICT_HOSPITAL_EVERY)
        levels = (["1"] if first_of_pref else []) + ["2"] * district_hospitals + ["3"] * max(
            n_hosp[d] - district_hospitals, 0)
        pref_short = row.pref_name.removesuffix("市")
        first_district = levels.index("2") + 1
        for local, level in enumerate(levels, start=1):
            suffix, weight = HOSPITAL_KINDS[level]
            serial = hosp_before[d] + local
            ordinal = level2_before[d] + local - first_district + 1
            name = (row.dist + (suffix if ordinal == 1 else f"第{ordinal}{suffix}") if level == "2" else
                    row.dist + f"第{serial}{suffix}" if level == "3" else
                    pref_short + (suffix if region == 0 else f"第{_chinese(region + 1)}人民医院"))
            rows.append(dict(kind="H", admdvs=row.admdvs, pref=row.pref, district=d, serial=serial, hosp_lv=level,
                             name=name, weight=weight))
        for local in range(1, n_pharm[d] + 1):
            chain = lexicon.PHARMACY_CHAINS[rng.integers(0, len(lexicon.PHARMACY_CHAINS))]
            number = pharm_before[d] + local
            rows.append(dict(kind="P", admdvs=row.admdvs, pref=row.pref, district=d, serial=pharmacy_from + number,
                             hosp_lv="11", name=f"{chain}大药房({row.dist}第{number}分店)",
                             weight=float(rng.lognormal(0, 0.5))))
    inst = pd.DataFrame(rows)
    n = len(inst)
    inst["code"] = inst.kind + inst.admdvs + padded(inst.serial.to_numpy() * 7 % 100000, 5)
    inst["fixmedins_type"] = np.where(inst.kind == "H", "1", "2")
    inst["addr"] = addresses(rng, inst.district.to_numpy(), building=False)
    inst["tel"] = [f"{AREA_CODES[p]}-{rng.integers(10**7, 9 * 10**7)}" for p in inst.pref]
    reps = _people(rng, n, inst.admdvs.to_numpy())
    inst["legal_rep_name"], inst["legal_rep_certno"] = reps.name, reps.certno
    first = region * SPANS["uscc"]
    inst["uscc"] = [uscc(a, (first + i) * 31 + 7) for i, a in enumerate(inst.admdvs)]
    inst["begndate"] = [f"{y}-01-01" for y in rng.integers(2012, 2024, n)]
    inst["enddate"] = "2027-12-31"
    inst["discount"] = np.where(inst.kind == "P", np.round(rng.uniform(0.88, 1.0, n), 2), 1.0)
    # One 24-hour pharmacy per prefecture sells at night; its name says so, as real ones do.
    night = inst[inst.kind == "P"].groupby("pref").head(1).index
    inst["night"] = inst.index.isin(night)
    inst.loc[night, "name"] = inst.loc[night, "name"].str.replace(")", "·24小时)", regex=False)
    inst["n_opters"] = np.where(inst.kind == "H", rng.integers(3, 8, n), rng.integers(1, 3, n))
    inst["hub"] = inst.hosp_lv == "1"
    return inst


def _district_counts(persons: int, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Hospitals and pharmacies of each district for a population of ``persons``."""
    return (split_counts(max(len(weights), persons // 700), weights, 1),
            split_counts(max(3 * len(weights), persons // 220), weights, 2))


def _chinese(n: int) -> str:
    """Chinese numeral up to 99 (二, 十一, 二十三).

    >>> _chinese(2), _chinese(10), _chinese(16), _chinese(23)
    ('二', '十', '十六', '二十三')
    """
    digits = "零一二三四五六七八九"
    tens, ones = divmod(n, 10)
    return (("" if tens < 2 else digits[tens]) + "十" if tens else "") + (digits[ones] if ones else "")


def _people(rng: np.random.Generator, n: int, admdvs: np.ndarray) -> pd.DataFrame:
    surnames = np.array(lexicon.SURNAMES)[rng.integers(0, len(lexicon.SURNAMES), n)]
    birth = np.datetime64("1960-01-01") + rng.integers(0, 35 * 365, n).astype("timedelta64[D]")
    return pd.DataFrame({"name": names(rng, surnames),
                         "certno": certno(admdvs, birth, rng.integers(0, 1000, n)),
                         "tel": mobiles(rng, n)})


def build_practitioners(rng: np.random.Generator, inst: pd.DataFrame, persons: int, serial_from: int = 0) -> pd.DataFrame:
    """Doctors (``D``) of hospitals, more at hubs; one to three pharmacists (``Y``) per pharmacy.

    ``serial_from``: a region's slice of the code serials (``generate.regions``).
    """
    scale = min(max(1.0, persons / 20000), MAX_STAFF_SCALE)
    per_level = {"1": (10, 24), "2": (4, 10), "3": (2, 4), "11": (1, 3)}
    counts = np.array([rng.integers(lo, hi + 1) * (scale if lv != "11" else 1)
                       for lv in inst.hosp_lv for lo, hi in [per_level[lv]]]).astype(int)
    owner = np.repeat(inst.index.to_numpy(), counts)
    n = len(owner)
    admdvs = inst.admdvs.to_numpy()[owner]
    kind = np.where(inst.kind.to_numpy()[owner] == "H", "D", "Y")
    people = _people(rng, n, admdvs)
    if n > SPANS["staff"]:
        raise ValueError(f"{n} practitioners in one region: more than its {SPANS['staff']} codes")
    serial = (np.arange(1, n + 1) + serial_from) * 37 % 10**6
    staff = pd.DataFrame({
        "dr_code": np.strings.add(np.strings.add(kind, admdvs), padded(serial, 6)),
        "dr_name": people.name, "dr_type": kind,
        "prac_cert_no": np.where(kind == "D", np.strings.add("1103", padded(rng.integers(0, 10**11, n), 11)),
                                 np.strings.add("ZY", padded(rng.integers(0, 10**12, n), 12))),
        "certno": people.certno, "inst": owner, "fixmedins_code": inst.code.to_numpy()[owner], "tel": people.tel,
    })
    return staff


def institutions_table(inst: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "fixmedins_code": inst.code, "fixmedins_name": inst.name, "fixmedins_type": inst.fixmedins_type,
        "hosp_lv": inst.hosp_lv, "admdvs": inst.admdvs, "addr": inst.addr, "tel": inst.tel,
        "legal_rep_name": inst.legal_rep_name, "legal_rep_certno": inst.legal_rep_certno, "uscc": inst.uscc,
        "begndate": inst.begndate, "enddate": inst.enddate})


def practitioners_table(staff: pd.DataFrame) -> pd.DataFrame:
    return staff[["dr_code", "dr_name", "dr_type", "prac_cert_no", "certno", "fixmedins_code", "tel"]]


def home_pharmacies(rng: np.random.Generator, inst: pd.DataFrame, persons: pd.DataFrame) -> np.ndarray:
    """Each person's usual pharmacy: one in their district, busier ones more often."""
    pharm = inst.index[inst.kind == "P"].to_numpy()
    district, weight = inst.district.to_numpy()[pharm], inst.weight.to_numpy()[pharm]
    return pharm[pick_in_groups(district, weight, persons.district.to_numpy(), rng)]
