"""Insured persons living in households: identity, insurance, contacts, chronic conditions, deaths."""
from __future__ import annotations

import numpy as np
import pandas as pd

from graphfraud.generate import lexicon
from graphfraud.generate.formats import certno, padded
from graphfraud.generate.timeline import DAYS, T0, DAY

MOBILE_PREFIXES = np.array(["130", "131", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155",
                            "157", "158", "159", "177", "180", "181", "186", "187", "188", "189", "199"])
# Retirees who live in one region but are insured in another (异地就医备案): residence -> (insured, share).
INSURED_ELSEWHERE = {"460105": ("230103", 0.35), "310115": ("330106", 0.08), "330102": ("230103", 0.02)}
CHRONIC_DRUGS = {"hypertension": ["苯磺酸氨氯地平片", "缬沙坦胶囊", "硝苯地平控释片"],
                 "diabetes": ["盐酸二甲双胍片", "阿卡波糖片"],
                 "coronary": ["阿司匹林肠溶片", "阿托伐他汀钙片", "瑞舒伐他汀钙片", "复方丹参滴丸"]}


def mobiles(rng: np.random.Generator, n: int) -> np.ndarray:
    return np.strings.add(MOBILE_PREFIXES[rng.integers(0, len(MOBILE_PREFIXES), n)],
                          padded(rng.integers(0, 10**8, n), 8))


def names(rng: np.random.Generator, surnames: np.ndarray) -> np.ndarray:
    given = np.array(lexicon.GIVEN)
    first = given[rng.integers(0, len(given), len(surnames))]
    second = np.where(rng.random(len(surnames)) < 0.7, given[rng.integers(0, len(given), len(surnames))], "")
    return np.strings.add(np.strings.add(surnames, first), second)


def addresses(rng: np.random.Generator, district: np.ndarray, building: bool = True) -> np.ndarray:
    d = pd.DataFrame(lexicon.DISTRICTS, columns=["admdvs", "prov", "pref", "dist", "w"])
    place = np.where(d.prov == d.pref, d.prov + d.dist, d.prov + d.pref + d.dist).astype(str)
    roads = np.array(lexicon.ROADS)
    n = len(district)
    text = np.strings.add(np.strings.add(place[district], roads[rng.integers(0, len(roads), n)]),
                          np.strings.add(rng.integers(1, 400, n).astype(str), "号"))
    if building:
        flat = np.strings.add(np.strings.add(rng.integers(1, 30, n).astype(str), "幢"),
                              np.strings.add(rng.integers(1, 4, n).astype(str), "单元"))
        text = np.strings.add(np.strings.add(text, flat), np.strings.add(
            (rng.integers(1, 25, n) * 100 + rng.integers(1, 5, n)).astype(str), "室"))
    return text


def _ages(rng: np.random.Generator, n: int) -> np.ndarray:
    bands = np.array([[25, 40], [40, 60], [60, 75], [75, 92]])
    band = rng.choice(4, n, p=[0.3, 0.36, 0.24, 0.1])
    return rng.integers(bands[band, 0], bands[band, 1])


def build_persons(rng: np.random.Generator, n: int, items: pd.DataFrame) -> pd.DataFrame:
    """``n`` persons in households of 1-4 sharing an address and, mostly, a phone."""
    sizes = rng.choice([1, 2, 3, 4], size=n, p=[0.35, 0.35, 0.2, 0.1])
    sizes = sizes[: np.searchsorted(np.cumsum(sizes), n) + 1]
    sizes[-1] -= sizes.sum() - n
    hh = np.repeat(np.arange(len(sizes)), sizes)
    rank = np.arange(n) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    dist_w = np.array([d[4] for d in lexicon.DISTRICTS])
    hh_district = rng.choice(len(dist_w), len(sizes), p=dist_w / dist_w.sum())
    head_age = _ages(rng, len(sizes))[hh]
    age = np.where(rank == 0, head_age, np.where(rank == 1, head_age + rng.integers(-4, 5, n),
                                                  head_age - rng.integers(22, 36, n)))
    age = np.clip(age, 0, 96)
    district = hh_district[hh]
    admdvs = np.array([d[0] for d in lexicon.DISTRICTS])[district]

    gend_head = rng.integers(1, 3, len(sizes))[hh]
    gend = np.where(rank == 0, gend_head, np.where(rank == 1, 3 - gend_head, rng.integers(1, 3, n)))
    surname_pool = np.array(lexicon.SURNAMES)
    family_name = surname_pool[rng.integers(0, len(surname_pool), len(sizes))][hh]
    surname = np.where(rank == 1, surname_pool[rng.integers(0, len(surname_pool), n)], family_name)

    working = (age >= 18) & (age < 60)
    employee = np.where(age < 18, False, rng.random(n) < np.where(working, 0.62, 0.45))
    insuplc = admdvs.copy()
    for home, (other, share) in INSURED_ELSEWHERE.items():
        moved = (admdvs == home) & (age >= 60) & (rng.random(n) < share)
        insuplc[moved] = other
    provincial = (admdvs == "330102") & employee & working & (rng.random(n) < 0.05)
    insuplc[provincial] = lexicon.PROVINCIAL_POOL

    birth_day = (T0.astype("datetime64[D]") - (age * 365.25 + rng.integers(0, 365, n)).astype(int))
    cert_region = np.where(insuplc == lexicon.PROVINCIAL_POOL, "330102", insuplc)
    seq = _unique_seq(cert_region, birth_day, rng.integers(0, 500, n) * 2 + (gend == 1))
    serial = rng.choice(10**18, size=n, replace=False)
    hh_tel = mobiles(rng, len(sizes))[hh]
    own_tel = mobiles(rng, n)
    shares_phone = (age < 18) | (rng.random(n) < 0.55)
    companies = np.array(lexicon.COMPANIES)
    pref_name = np.array([d[2].removesuffix("市") for d in lexicon.DISTRICTS])[district]

    death_t = np.full(n, -1, dtype=np.int64)
    dies = (age >= 65) & (rng.random(n) < 0.004 * (age - 60) / 5)
    # The registry records a date: the day starts at 00:00, so nothing of that day comes after it.
    death_t[dies] = rng.integers(20, DAYS, dies.sum()) * DAY

    persons = pd.DataFrame({
        "psn_no": np.strings.add(padded(rng.integers(0, 100, n), 2), padded(serial, 18)),
        "certno": certno(cert_region, birth_day, seq),
        "psn_name": names(rng, surname),
        "gend": gend.astype(str),
        "birth_day": birth_day.astype(np.int64),
        "age": age,
        "insutype": np.where(employee, "310", "390"),
        "psn_type": np.where(employee, np.where(working, "1101", "1102"), "1501"),
        "insuplc": insuplc,
        "emp_name": np.where(employee, np.strings.add(pref_name, companies[rng.integers(0, len(companies), n)]), ""),
        "tel": np.where(shares_phone, hh_tel, own_tel),
        "hh_tel": hh_tel,
        "addr": addresses(rng, hh_district)[hh],
        "district": district,
        "admdvs": admdvs,
        "pref": np.strings.slice(admdvs, 0, 4),
        "hh": hh,
        "hh_size": sizes[hh],
        "death_t": death_t,
    })
    _chronic(rng, persons, items)
    return persons


def _unique_seq(region: np.ndarray, birth_day: np.ndarray, seq: np.ndarray) -> np.ndarray:
    """``seq`` moved on by 2 (same sex digit) where two persons of one region and birth day drew the same
    one: an ID number belongs to one person. Draws nothing, so the rest of the world stays as it was."""
    seq = seq.copy()
    key = pd.Series(region.astype(str)) + "|" + pd.Series(birth_day.astype(np.int64).astype(str))
    while True:
        clash = (key + "|" + pd.Series(seq).astype(str)).duplicated().to_numpy()
        if not clash.any():
            return seq
        seq[clash] = (seq[clash] + 2) % 1000


def _chronic(rng: np.random.Generator, persons: pd.DataFrame, items: pd.DataFrame) -> None:
    """Chronic condition and the regular drug bought for it; one in ten diabetics is on insulin."""
    n = len(persons)
    age = persons.age.to_numpy()
    ill = (age >= 40) & (rng.random(n) < np.clip(0.1 + 0.008 * (age - 40), 0, 0.5))
    kinds = np.array(list(CHRONIC_DRUGS))
    disease = np.where(ill, kinds[rng.choice(3, n, p=[0.5, 0.3, 0.2])], "")
    drug = np.full(n, -1)
    first_maker = items[items.is_drug].drop_duplicates("name")
    for kind, drug_names in CHRONIC_DRUGS.items():
        rows = first_maker[first_maker.name.isin(drug_names)].index.to_numpy()
        mask = disease == kind
        drug[mask] = rows[rng.integers(0, len(rows), mask.sum())]
    insulin = (disease == "diabetes") & (rng.random(n) < 0.1)
    drug[insulin] = first_maker.index[first_maker.name == "甘精胰岛素注射液"][0]
    persons["chronic"] = disease
    persons["regular_drug"] = drug
