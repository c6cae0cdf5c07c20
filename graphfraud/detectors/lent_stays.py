"""Stays on lent credentials (冒名住院): an inpatient stay settled on someone else's credentials, told by
what contradicts the holder — part of the impersonation indicator.

A stay settled on the ID number alone (``mdtrt_cert_type`` 02) is what honest registered agents
(代办) and emergency admissions do: it is never evidence by itself. A stay is contradicted by:

1. the holder's body: a diagnosis impossible for the holder's registered sex (pregnancy, female or
   male genital organs: ``female_dise_prefixes`` / ``male_dise_prefixes``) or a pregnancy of a holder
   older than ``max_pregnancy_age`` — whoever lay in that bed was not the holder;
2. the holder's presence elsewhere: the holder settled at an institution of another prefecture
   (pharmacy or clinic: the prefecture is the 4 digits after the code's letter) during a stay that
   was settled on the ID number (``id_cert_types``), more than ``stay_margin_hours`` from admission
   and discharge — their card or e-voucher was at home while the hospital saw only a number.
   Relatives fetch an inpatient's drugs near the hospital, and so this happens now and then, one
   stay at a time. Data without certificate types gives no such contradiction.

A hospital is flagged when ``lent_min_persons`` or more of its holders are contradicted and that is far
above the usual hospital's share of contradicted stays (``usual_rate``) for its number of stays: a Poisson tail below
``lent_max_tail``, or below ``lent_max_tail_impossible`` when one of them is a diagnosis the holder's
body rules out (an honest hospital's one mistyped sex does not make its relatives' errands a scheme).
``lent_min_impossible`` holders whose bodies rule out a stay typed in on their ID number flag it too
(same tail): a small broker's few credentials.

The flagged hospital is linked to each contradicted holder:
the hospital (and who brings it the credentials) plus the lent credentials are the ring. Decisive
when ``lent_decisive_persons`` holders are contradicted, or ``lent_min_impossible`` by their bodies on the
ID number: an honest ward has none of either. A broker
who handed in the credentials shows as a person sharing a phone, device, account or WeChat (not an
address: neighbours share those) with ``broker_min_holders`` holders contradicted or readmitted at
hospitals taking lent credentials (at one of them or several: a broker spreads his credentials
over several wards).
The loss is the contradicted stays' settlements and the same holder's other stays on the ID number
at any hospital flagged for lent credentials (the same lending); the holder's own purchases elsewhere prove the
contradiction and are marked as no loss.
"""
from __future__ import annotations

import functools
import math
from collections.abc import Callable

import numpy as np
import pandas as pd

from graphfraud.detectors.config import Impersonation
from graphfraud.detectors.frames import evidence, flags, links
from graphfraud.store.base import GraphStore

KIND = "impersonation:lent"


def poisson_tail(k: int, lam: float) -> float:
    """P(X >= k) for X ~ Poisson(lam).

    >>> round(poisson_tail(3, 0.5), 4)
    0.0144
    >>> poisson_tail(0, 2.0)
    1.0
    """
    if k <= 0:
        return 1.0
    term, below = math.exp(-lam), 0.0
    for i in range(k):
        below += term
        term *= lam / (i + 1)
    return max(0.0, 1.0 - below)


def usual_rate(per_stay: pd.DataFrame, min_stays: int) -> float:
    """The share of contradicted stays an ordinary hospital has: the median over hospitals with
    ``min_stays`` stays or more (a few schemes do not raise it, as they would the overall share), and
    never below one stay in all of them (so one stray record somewhere is never far above it)."""
    shares = per_stay.groupby("fixmedins_code").bad.agg(["mean", "size"])
    usual = shares["mean"][shares["size"] >= min_stays]
    floor = 1.0 / max(1, len(per_stay))
    return max(float(usual.median()) if len(usual) else float(per_stay.bad.mean()), floor)


def _impossible(stays: pd.DataFrame, persons: pd.DataFrame, cfg: Impersonation) -> pd.Series:
    """Per stay row: a diagnosis the holder's registered sex or age rules out."""
    info = stays[["psn_no", "begntime", "dise_codg"]].merge(persons, on="psn_no", how="left")
    dise = info.dise_codg.fillna("").astype(str).str.upper().str.strip()
    sex = info.gend.fillna("").astype(str).str.strip()
    female = dise.str.startswith(tuple(cfg.female_dise_prefixes)) & (dise != "")
    male = dise.str.startswith(tuple(cfg.male_dise_prefixes)) & (dise != "")
    pregnancy = dise.str.startswith("O")
    age = (pd.to_datetime(info.begntime, errors="coerce") - pd.to_datetime(info.brdy, errors="coerce")).dt.days / 365.25
    bad = ((sex == "1") & female) | ((sex == "2") & male) | (pregnancy & (age > cfg.max_pregnancy_age))
    return pd.Series(bad.fillna(False).to_numpy(dtype=bool), index=stays.index)


def find(store: GraphStore, cfg: Impersonation, name: str) -> tuple[list[pd.DataFrame], list[pd.DataFrame],
                                                                    list[pd.DataFrame], dict[str, int]]:
    """Links, flags and evidence (the contradicted stays' settlements, the holders' settlements
    elsewhere that prove it, a broker's identifier rows) under indicator ``name``, and counts."""
    stays = store.frame("det_inpatient_stays", inpatient_med_types=cfg.lent_med_types)
    if stays.empty:
        return [], [], [], {"lent_stays": 0, "lent_hospitals": 0}
    persons = store.table("psn_info", ["psn_no", "gend", "brdy"]).drop_duplicates("psn_no")
    stays = stays.copy()
    stays["impossible"] = _impossible(stays, persons, cfg)
    cert = stays.mdtrt_cert_type.astype("string").str.strip()
    stays["on_number"] = cert.isin(cfg.id_cert_types).fillna(False).astype(bool)
    away = store.frame("det_visits_in_stays", inpatient_med_types=cfg.lent_med_types,
                       margin_hours=cfg.stay_margin_hours, present_prefixes=["H", "P"])
    per_stay = stays.drop_duplicates("stay_key")[["stay_key", "psn_no", "fixmedins_code", "begntime"]]
    away = away.merge(per_stay.rename(columns={"fixmedins_code": "stay_at", "begntime": "stay_begin"}),
                      on=["psn_no", "stay_at", "stay_begin"])
    numbered = set(stays.stay_key[stays.on_number])
    # a relative fetches an inpatient's drugs near the hospital; the holder's own town is another prefecture
    distant = away.fixmedins_code.astype(str).str[1:5] != away.stay_at.astype(str).str[1:5]
    away = away[away.stay_key.isin(numbered) & distant]
    stays["elsewhere"] = stays.stay_key.isin(set(away.stay_key))
    # how often a stay contradicts its holder over the whole data, and how far each hospital is above it
    per_stay = per_stay.assign(bad=per_stay.stay_key.isin(set(stays.stay_key[stays.impossible | stays.elsewhere])))
    n_stays = per_stay.groupby("fixmedins_code").stay_key.nunique()
    rate = usual_rate(per_stay, cfg.lent_min_stays)
    flagged, bodies = flag_hospitals(stays, n_stays, rate, cfg)
    stays["contradicted"] = (stays.impossible | stays.elsewhere) & stays.fixmedins_code.isin(flagged)
    bad = stays[stays.contradicted].copy()
    held = functools.cache(lambda: _held_identifiers(store, cfg))  # fetched once, when a broker is looked for
    if bad.empty:
        lone_links, lone_flags, lone_ev, lone = _lone_lending(store, stays, held, set(), set(), set(), cfg, name)
        return lone_links, lone_flags, lone_ev, {"lent_stays": 0, "lent_hospitals": 0, "lent_lone_brokers": lone}
    bad["holders"] = bad.groupby("fixmedins_code").psn_no.transform("nunique")
    bad["decisive"] = (bad.holders >= cfg.lent_decisive_persons) | bad.fixmedins_code.isin(bodies)
    bad["reason"] = bad.impossible.map({True: "diagnosis impossible for the holder", False: "holder elsewhere"})
    bad["evidence_id"] = KIND + ":" + bad.fixmedins_code.astype(str) + ":" + bad.psn_no.astype(str)
    pairs = bad.drop_duplicates(["psn_no", "fixmedins_code"])
    bad = pd.concat([bad, alike_stays(stays, pairs)], ignore_index=True)
    proof = away[away.stay_key.isin(set(bad.stay_key[bad.elsewhere]))].merge(
        pairs[["psn_no", "fixmedins_code", "evidence_id"]].rename(columns={"fixmedins_code": "stay_at"}),
        on=["psn_no", "stay_at"]).assign(loss=False)
    link_frames = [links("Person:" + pairs.psn_no, "Institution:" + pairs.fixmedins_code, cfg.weight,
                         pairs.evidence_id)]
    flag_frames = [flags("Person:" + pairs.psn_no, cfg.weight, pairs.evidence_id),
                   flags("Institution:" + pairs.fixmedins_code, cfg.weight, pairs.evidence_id)]
    ev = [evidence(store, name, bad, "setl_d", ["psn_no", "fixmedins_code", "begntime", "endtime", "dise_codg",
                                                "mdtrt_cert_type", "reason", "holders", "decisive"]),
          evidence(store, name, proof, "setl_d", ["psn_no", "fixmedins_code", "t", "stay_at", "stay_begin", "stay_end",
                                                  "loss"])]
    readmitted = _readmitted(stays, pairs, cfg.lent_repeat_stays)
    again_at = _pooled(stays, readmitted, pairs)  # where the readmitted holders' credentials were taken
    brokers = _brokers(held(), pd.concat([pairs, again_at])[["psn_no", "fixmedins_code"]].drop_duplicates(), cfg)
    if not brokers.empty:
        ev.append(evidence(store, name, brokers, brokers.table_name, ["psn_no", "holder", "ident_type",
                                                                      "fixmedins_code"]))
        link_frames.append(links("Person:" + brokers.psn_no, "Person:" + brokers.holder, cfg.weight / 2,
                                 brokers.evidence_id))
        flag_frames.append(flags("Person:" + brokers.psn_no, cfg.weight / 2, brokers.evidence_id))
    broker_ids = set(brokers.reindex(columns=["psn_no"]).psn_no)
    lent_too = pd.concat([pd.DataFrame({"psn_no": sorted(broker_ids),
                                        "reason": "a stay on the ID number of credentials kept with them"}),
                          readmitted], ignore_index=True)
    pooled = _pooled(stays, lent_too, pairs)
    pooled = pooled[~pooled.stay_key.isin(set(bad.stay_key))]
    if not pooled.empty:
        kept = pooled.drop_duplicates(["psn_no", "fixmedins_code"])
        link_frames.append(links("Person:" + kept.psn_no, "Institution:" + kept.fixmedins_code, cfg.weight / 2,
                                 kept.evidence_id))
        again = kept[kept.psn_no.isin(set(readmitted.psn_no) - broker_ids)]
        flag_frames.append(flags("Person:" + again.psn_no, cfg.weight / 2, again.evidence_id))
        ev.append(evidence(store, name, pooled, "setl_d", ["psn_no", "fixmedins_code", "begntime", "endtime",
                                                           "dise_codg", "mdtrt_cert_type", "reason", "holders",
                                                           "decisive"]))
    lone_links, lone_flags, lone_ev, lone = _lone_lending(store, stays, held, set(pairs.psn_no),
                                                          set(bad.psn_no) | set(pooled.psn_no), broker_ids, cfg, name)
    counts = {"lent_stays": int(bad.stay_key.nunique()), "lent_hospitals": int(pairs.fixmedins_code.nunique()),
              "lent_brokers": len(broker_ids),
              "lent_pooled_holders": int(pooled.psn_no.nunique()),
              "lent_readmitted": int(pooled.psn_no[pooled.psn_no.isin(set(readmitted.psn_no))].nunique()),
              "lent_lone_brokers": lone}
    return link_frames + lone_links, flag_frames + lone_flags, ev + lone_ev, counts


def flag_hospitals(stays: pd.DataFrame, n_stays: pd.Series, rate: float, cfg: Impersonation) -> tuple[set[str], set[str]]:
    """Hospitals taking lent credentials (module docstring), and those among them where
    ``lent_min_impossible`` holders' bodies rule out a stay on their ID number. ``stays`` has
    ``impossible``, ``elsewhere`` and ``on_number`` per row; ``n_stays`` counts each hospital's stays.

    >>> from graphfraud.detectors.config import load_config
    >>> cfg = load_config().impersonation
    >>> stays = pd.DataFrame({"fixmedins_code": ["H1", "H1", "H2", "H3", "H3"], "psn_no": ["a", "b", "c", "d", "e"],
    ...                       "impossible": True, "elsewhere": False, "on_number": [True, True, True, True, False]})
    >>> flag_hospitals(stays, pd.Series({"H1": 80, "H2": 80, "H3": 80}), 1 / 3000, cfg)
    ({'H1'}, {'H1'})
    """
    hits = stays[stays.impossible | stays.elsewhere].groupby("fixmedins_code").psn_no.nunique()
    impossible = set(stays.fixmedins_code[stays.impossible])
    bodies = stays[stays.impossible & stays.on_number].groupby("fixmedins_code").psn_no.nunique()
    bodies = set(bodies.index[bodies >= cfg.lent_min_impossible])
    tails = {h: poisson_tail(int(k), rate * float(n_stays.get(h, 0))) for h, k in hits.items()}
    flagged = {h for h, p in tails.items()
               if (hits[h] >= cfg.lent_min_persons
                   and (p <= cfg.lent_max_tail or (h in impossible and p <= cfg.lent_max_tail_impossible)))
               or (h in bodies and p <= cfg.lent_max_tail_impossible)}
    return flagged, bodies & flagged


def alike_stays(stays: pd.DataFrame, pairs: pd.DataFrame) -> pd.DataFrame:
    """The contradicted holders' other stays on the ID number at any hospital flagged for lent
    credentials (those in ``pairs``), or anywhere when the holder's body rules the stay out: the same
    lending, its loss, not proof. A broker spreads his credentials over several wards, so a holder
    contradicted in one is lent in the others too. Each stay row once, under the holder's evidence at
    that hospital when he is contradicted there too.

    >>> stays = pd.DataFrame({"psn_no": ["a", "a", "a", "a", "b"], "fixmedins_code": ["H1", "H2", "H9", "H7", "H2"],
    ...                       "on_number": True, "contradicted": [True, False, False, False, True],
    ...                       "impossible": [True, False, False, True, True]})
    >>> pairs = pd.DataFrame({"psn_no": ["a", "b"], "fixmedins_code": ["H1", "H2"], "holders": 3,
    ...                       "evidence_id": ["e:H1:a", "e:H2:b"]})
    >>> alike_stays(stays, pairs)[["psn_no", "fixmedins_code", "evidence_id"]].values.tolist()
    [['a', 'H2', 'e:H1:a'], ['a', 'H7', 'e:H1:a']]
    """
    other = stays[stays.on_number & ~stays.contradicted
                  & (stays.fixmedins_code.isin(set(pairs.fixmedins_code)) | stays.impossible)]
    other = other.reset_index(drop=True).reset_index(names="_row").merge(
        pairs[["psn_no", "fixmedins_code", "holders", "evidence_id"]].rename(columns={"fixmedins_code": "_at"}),
        on="psn_no")
    here = other._at == other.fixmedins_code
    reason = np.where(here, "another stay there on the ID number", np.where(
        other.fixmedins_code.isin(set(pairs.fixmedins_code)),
        "another stay on the ID number at a hospital taking lent credentials",
        "another stay on the ID number that the holder's body rules out"))
    other = other.assign(_here=here, decisive=False, reason=reason)
    other = other.sort_values(["_row", "_here"], ascending=[True, False]).drop_duplicates("_row")
    return other.drop(columns=["_row", "_at", "_here"]).reset_index(drop=True)


def _readmitted(stays: pd.DataFrame, pairs: pd.DataFrame, least: int) -> pd.DataFrame:
    """Holders (not contradicted anywhere) admitted ``least`` times or more on the ID number alone to
    hospitals taking lent credentials: the broker brings the same credentials back, while an honest
    patient shows his card or e-voucher at one admission or the other. One row per holder.

    >>> stays = pd.DataFrame({"psn_no": ["r", "r", "o", "x", "x", "a", "a"], "stay_key": range(7),
    ...                       "fixmedins_code": ["H1", "H2", "H1", "H9", "H9", "H1", "H1"], "on_number": True})
    >>> pairs = pd.DataFrame({"psn_no": ["a", "b"], "fixmedins_code": ["H1", "H2"]})
    >>> _readmitted(stays, pairs, 2).psn_no.tolist()
    ['r']
    """
    there = stays[stays.on_number & stays.fixmedins_code.isin(set(pairs.fixmedins_code))
                  & ~stays.psn_no.isin(set(pairs.psn_no))]
    times = there.groupby("psn_no").stay_key.nunique()
    return pd.DataFrame({"psn_no": times.index[times >= least].astype(str),
                         "reason": "admitted again and again on the ID number where credentials are lent"})


def _pooled(stays: pd.DataFrame, kept: pd.DataFrame, pairs: pd.DataFrame) -> pd.DataFrame:
    """Stays on the ID number, at any hospital flagged for lent credentials, of the ``kept``
    persons (``psn_no`` and the ``reason`` they count): credentials kept with the contradicted
    holders' or brought back again and again. The same lending, its loss, though nothing in one
    stay contradicts the holder."""
    kept = kept.drop_duplicates("psn_no")
    if kept.empty:
        return stays.iloc[0:0].assign(evidence_id=None, holders=None, decisive=None, reason=None)
    pooled = stays[stays.on_number & stays.fixmedins_code.isin(set(pairs.fixmedins_code))].merge(kept, on="psn_no")
    return pooled.assign(evidence_id=KIND + ":" + pooled.fixmedins_code.astype(str) + ":" + pooled.psn_no.astype(str),
                         holders=pooled.fixmedins_code.map(pairs.groupby("fixmedins_code").holders.first()),
                         decisive=False)


def _held_identifiers(store: GraphStore, cfg: Impersonation) -> pd.DataFrame:
    """The phones, devices, accounts and WeChat IDs (``broker_types``) two persons or more hold, one
    row per holder and record, with ``sharers`` (how many persons hold it) and the record's table."""
    source = ["_key", "_src_file", "_src_line"]
    info = store.table("psn_info", ["psn_no", "tel", *source])
    ident = store.table("psn_ident", ["psn_no", "ident_type", "ident_value", *source])
    held = pd.concat([info.assign(ident_type="tel", ident_value=info.tel, table_name="psn_info").drop(columns="tel"),
                      ident.assign(table_name="psn_ident")], ignore_index=True)
    held = held[held.ident_type.isin(cfg.broker_types) & held.ident_value.notna() & held.psn_no.notna()]
    held = held[held.ident_value.astype(str).str.strip() != ""]
    held = held.assign(sharers=held.groupby(["ident_type", "ident_value"]).psn_no.transform("nunique"))
    return held[held.sharers >= 2].reset_index(drop=True)


def _brokers(held: pd.DataFrame, holders: pd.DataFrame, cfg: Impersonation) -> pd.DataFrame:
    """Persons (not themselves among the ``holders``) holding a phone, device, account or WeChat
    (``held``) that ``broker_min_holders`` of the ``holders`` (contradicted or readmitted at hospitals
    taking lent credentials) hold too, and that mostly such holders hold (``broker_min_share`` of its
    holders: a switchboard or a shop's phone is everybody's); one row per broker, holder and the
    holder's hospital. A broker spreads his credentials over several wards: his phone on two holders
    lent to two hospitals names him as well as two at one."""
    of_holders = held.merge(holders, on="psn_no").rename(columns={"psn_no": "holder"})
    reach = of_holders.groupby(["ident_type", "ident_value"]).holder.transform("nunique")
    of_holders = of_holders[(reach >= cfg.broker_min_holders) & (reach >= cfg.broker_min_share * of_holders.sharers)]
    ties = held.merge(of_holders[["ident_type", "ident_value", "holder", "fixmedins_code"]],
                      on=["ident_type", "ident_value"])
    ties = ties[~ties.psn_no.isin(set(holders.psn_no))]  # a holder sharing the broker's phone is not his broker
    return _broker_rows(ties)


def _broker_rows(ties: pd.DataFrame) -> pd.DataFrame:
    """One evidence row per broker (``psn_no``), holder and the holder's hospital, from the broker's
    identifier records: evidence ID, no settlement, the record's source named as evidence rows are."""
    ties = ties.drop_duplicates(["psn_no", "holder", "fixmedins_code"])
    ties = ties.assign(evidence_id=KIND + ":" + ties.fixmedins_code.astype(str) + ":broker:" + ties.psn_no.astype(str),
                       setl_id=None)
    return ties.rename(columns={"_key": "row_key", "_src_file": "src_file", "_src_line": "src_line"}).reset_index(
        drop=True)


def lone_brokers(held: pd.DataFrame, typed: pd.DataFrame, seeds: set[str], addresses: pd.Series,
                 cfg: Impersonation) -> pd.DataFrame:
    """Brokers of credentials lent where no hospital is flagged (a small broker's few credentials
    spread over wards): a person, not admitted on an ID number himself, who holds phones, devices,
    accounts or WeChat IDs (``held``, each mostly held by holders: ``broker_min_share``) shared with
    ``broker_min_holders`` holders of stays on their ID number (``typed``: psn_no, fixmedins_code), one
    of them a ``seed`` (a stay his or her body rules out), the holders living at two addresses or more:
    a family's phone is shared at one address, a broker keeps one phone or several for lenders of
    several households. One row per broker, holder and the holder's hospital, as ``_brokers``.

    >>> from graphfraud.detectors.config import load_config
    >>> cfg = load_config().impersonation
    >>> held = pd.DataFrame({"psn_no": ["b", "x", "b", "y", "f", "x", "z"], "ident_type": "tel",
    ...                      "ident_value": ["1", "1", "2", "2", "3", "3", "3"], "sharers": [2, 2, 2, 2, 3, 3, 3]})
    >>> typed = pd.DataFrame({"psn_no": ["x", "y", "z"], "fixmedins_code": ["H1", "H1", "H2"]})
    >>> homes = pd.Series({"x": "A", "y": "B", "z": "A", "f": "A"})
    >>> lone_brokers(held, typed, {"x"}, homes, cfg)[["psn_no", "holder"]].values.tolist()
    [['b', 'x'], ['b', 'y']]
    """
    held = held.assign(typed=held.psn_no.isin(set(typed.psn_no)))
    key = ["ident_type", "ident_value"]
    reach = held[held.typed].groupby(key).psn_no.nunique().rename("reach").reset_index()
    held = held.merge(reach, on=key)
    held = held[held.reach >= cfg.broker_min_share * held.sharers]
    ties = held[~held.typed].merge(held[held.typed][["ident_type", "ident_value", "psn_no"]].rename(
        columns={"psn_no": "holder"}), on=["ident_type", "ident_value"])
    per = ties.groupby("psn_no").holder.agg(lambda h: (h.nunique(), bool(set(h) & seeds),
                                                       addresses.reindex(h.unique()).nunique()))
    named = {b for b, (n, seeded, homes) in per.items() if n >= cfg.broker_min_holders and seeded and homes >= 2}
    ties = ties[ties.psn_no.isin(named)].merge(typed.drop_duplicates(["psn_no", "fixmedins_code"]).rename(
        columns={"psn_no": "holder"}), on="holder")
    return _broker_rows(ties)


def _lone_lending(store: GraphStore, stays: pd.DataFrame, held: Callable[[], pd.DataFrame], contradicted: set[str],
                  known: set[str], named: set[str], cfg: Impersonation,
                  name: str) -> tuple[list[pd.DataFrame], list[pd.DataFrame], list[pd.DataFrame], int]:
    """Links, flags and evidence of ``lone_brokers`` not already ``named``, seeded by stays their holders'
    bodies rule out and by holders ``contradicted`` at flagged hospitals, and how many brokers: the
    broker's identifier rows, and the stays on their ID number of his holders not ``known`` already
    (the lending, its loss). A stay the holder's body rules out is decisive here: one mistyped sex does
    not come with a third person's phone on it and on another typed-in stay. A holder merely admitted on
    the ID number at a flagged hospital seeds nothing: a son who keeps his parents' e-vouchers on his
    phone admits them both on their ID cards (代办), the one at that hospital too."""
    typed = stays[stays.on_number]
    seeds = set(typed.psn_no[typed.impossible]) | contradicted
    if not seeds:
        return [], [], [], 0
    homes = store.table("psn_info", ["psn_no", "addr"]).drop_duplicates("psn_no").set_index("psn_no").addr
    brokers = lone_brokers(held(), typed[["psn_no", "fixmedins_code"]], seeds, homes.dropna(), cfg)
    brokers = brokers[~brokers.psn_no.isin(named)]
    if brokers.empty:
        return [], [], [], 0
    typed = typed[~typed.psn_no.isin(known)]
    lent = typed[typed.psn_no.isin(set(brokers.holder))]
    lent = lent.assign(evidence_id=KIND + ":" + lent.fixmedins_code.astype(str) + ":" + lent.psn_no.astype(str),
                       holders=lent.groupby("fixmedins_code").psn_no.transform("nunique"), decisive=lent.impossible,
                       reason=lent.impossible.map({True: "diagnosis impossible for the holder",
                                                   False: "a stay on the ID number of credentials a broker kept"}))
    pairs = lent.drop_duplicates(["psn_no", "fixmedins_code"])
    link_frames = [links("Person:" + pairs.psn_no, "Institution:" + pairs.fixmedins_code, cfg.weight / 2,
                         pairs.evidence_id),
                   links("Person:" + brokers.psn_no, "Person:" + brokers.holder, cfg.weight / 2, brokers.evidence_id)]
    flag_frames = [flags("Person:" + pairs.psn_no, cfg.weight / 2, pairs.evidence_id),
                   flags("Person:" + brokers.psn_no, cfg.weight / 2, brokers.evidence_id)]
    ev = [evidence(store, name, lent, "setl_d", ["psn_no", "fixmedins_code", "begntime", "endtime", "dise_codg",
                                                 "mdtrt_cert_type", "reason", "holders", "decisive"]),
          evidence(store, name, brokers, brokers.table_name, ["psn_no", "holder", "ident_type", "fixmedins_code"])]
    return link_frames, flag_frames, ev, int(brokers.psn_no.nunique())
