"""Impersonation (冒名就医 / 盗刷 / 人亡卡活): a card used after its holder died, or in two distant
places closer in time than a person can travel.

Algorithm:
1. after death: settlements whose visit began after ``psn_info.death_date`` (+ ``death_grace_days``).
   Settlement time is not service time — a stay begun before death is settled later — so the
   visit's ``begntime`` decides; refunds and invalidated rows never count;
2. distant: two consecutive settlements of one person in different prefectures less than
   ``distant_hours`` apart; inpatient ``med_type``s are left out (mid-stay settlements). The
   impossible side is the one where the person was not living then — fewer of their other
   settlements within ``base_days`` there — so a snowbird treated in his winter town is not
   suspect there when a relative fetches his drugs at home;
3. during a stay: a visit to a medical institution (``present_prefixes``: a consultation needs the
   patient there; a relative may fetch drugs at a pharmacy) while the person was an inpatient at
   another, more than ``stay_margin_hours`` from admission and discharge — a consultation of
   someone lying in a hospital bed elsewhere, or a stay that is 挂床: either way a false record.
   Inpatients do slip out for a consultation now and then, so such visits count only at an
   institution that also billed visits of the dead (the decisive finding this corroborates);
3b. typed in for strangers: at an institution that billed visits of the dead, settlements on an ID
   number typed in (``id_cert_types``) for persons insured in another prefecture, where such visits
   are ``away_ratio`` times its prefecture's usual share and come from ``away_min_persons`` persons
   (an insider typing in the numbers of persons living elsewhere; a traveller's typed-in number is
   ordinary, and a snowbird town's institutions all show them): linked and flagged at half weight,
   their settlements the loss;
4. the person is flagged as impersonated; the institution that settled the impossible claim (after
   death and during a stay: the one that settled; distant: the impossible side, or both when that
   cannot be told) is linked to the person, so a pharmacy or broker behind many impersonated cards
   gathers them into one ring;
5. household of the dead (人亡卡活 in a family): a living person sharing a phone, address or
   e-voucher device with a card used after death — values held by at most ``household_max``
   persons, so a care home's address or a switchboard is no household — who settled at the same
   counter within ``household_hours`` of a settlement on the dead card had the card at hand (a
   relative who never came near the counter did not). A household shares ``household_types`` kinds
   of identifier with the dead holder (an address and a phone or device): one kind alone is a
   neighbour, or a broker's device holding many cards, whose own ties place him. Each is flagged and linked to the dead card
   (``impersonation:household:…``): the card, its counter and its household are a small ring of
   their own, decisive through the settlement after death. Their identifier rows and their
   settlements beside the dead card's are the evidence, not the loss;
6. stays on lent credentials (冒名住院): a hospital whose stays contradict their holders (a diagnosis
   impossible for the holder's sex or age, the holder shopping elsewhere during a stay settled on the
   ID number) — see ``lent_stays``;
7. a broker's hand (代刷): cards whose holders could not be at the counter — insured in another
   prefecture than the counter's, or dead — settled within ``hand_minutes`` of one person's own
   settlement there (a person who could be there: insured in that prefecture, alive), on ``hand_days``
   days or more for each card, and ``hand_min_cards`` such cards or more: more than a household holds
   (a son fetching his parents' drugs holds two or three). He held them. Each card is linked to him
   (``impersonation:hand:<holder>``); the rings keep these links aside, so they draw no one into a ring:
   a ring holding the broker takes the cards he held, and a ring holding his cards takes him. The
   cards' absent settlements at the counters where he held any of them are the evidence and the loss
   (those beside his own carry the minute he settled).
"""
from __future__ import annotations

from dataclasses import asdict

import pandas as pd

from graphfraud.detectors import lent_stays
from graphfraud.detectors.base import Finding
from graphfraud.detectors.config import DetectorConfig, Impersonation
from graphfraud.detectors.frames import evidence, finding, flags, links
from graphfraud.store.base import GraphStore

NAME = "impersonation"


def detect(store: GraphStore, config: DetectorConfig) -> Finding:
    cfg = config.impersonation
    dead = store.frame("det_after_death", grace_days=cfg.death_grace_days)
    distant = store.frame("det_distant_settlements", hours=cfg.distant_hours,
                          inpatient_med_types=cfg.inpatient_med_types, base_days=cfg.base_days)
    stays = store.frame("det_visits_in_stays", inpatient_med_types=cfg.inpatient_med_types,
                        margin_hours=cfg.stay_margin_hours, present_prefixes=cfg.present_prefixes)
    # inpatients do slip out for a consultation; a clinic that also bills the dead fills its books
    stays = stays[stays.fixmedins_code.isin(dead.fixmedins_code)].copy()
    stays["evidence_id"] = f"{NAME}:stay:" + stays.row_key.astype(str)
    dead["evidence_id"] = f"{NAME}:death:" + dead.psn_no.astype(str)
    dead["decisive"] = True  # a visit begun after the holder's registered death: nobody else could be there
    household = _beside(store, _household(store, dead.psn_no.unique().tolist(), cfg.household_max,
                                          cfg.household_types), dead,
                        cfg.household_hours)
    household["evidence_id"] = f"{NAME}:household:" + household.dead_psn_no.astype(str)
    household["decisive"] = True  # beside a card used after death, at its counter: the card was in their hands
    typed = _typed_in(store, cfg, sorted(set(dead.fixmedins_code.astype(str))),
                      set(dead.setl_id.astype(str)) | set(stays.setl_id.astype(str)))
    hands = _hands(store, cfg)
    distant["evidence_id"] = f"{NAME}:distant:" + distant.pair_id.astype(str)
    away = _away_side(distant)
    # the settlement on the possible side proves the other impossible; it is not the loss
    distant["loss"] = distant.row_key.isin(away.row_key)
    parts_links = [
        links("Person:" + dead.psn_no, "Institution:" + dead.fixmedins_code, cfg.weight, dead.evidence_id),
        links("Person:" + away.psn_no, "Institution:" + away.fixmedins_code, cfg.weight / 2, away.evidence_id),
        links("Person:" + stays.psn_no, "Institution:" + stays.fixmedins_code, cfg.weight / 2, stays.evidence_id),
        links("Person:" + household.psn_no, "Person:" + household.dead_psn_no, cfg.weight, household.evidence_id),
        links("Person:" + typed.psn_no, "Institution:" + typed.fixmedins_code, cfg.weight / 2, typed.evidence_id),
        links("Person:" + hands.holder, "Person:" + hands.psn_no, cfg.weight / 2, hands.evidence_id),
    ]
    people = pd.concat([dead[["psn_no", "evidence_id"]].assign(w=cfg.weight),
                        distant[["psn_no", "evidence_id"]].assign(w=cfg.weight / 2),
                        stays[["psn_no", "evidence_id"]].assign(w=cfg.weight / 2),
                        household[["psn_no", "evidence_id"]].assign(w=cfg.weight / 2),
                        typed[["psn_no", "evidence_id"]].assign(w=cfg.weight / 2)]).drop_duplicates()
    flag_frame = flags("Person:" + people.psn_no, people.w, people.evidence_id)
    lent_links, lent_flags, lent_evidence, lent_counts = lent_stays.find(store, cfg, NAME)
    ev = [evidence(store, NAME, dead, "setl_d", ["psn_no", "fixmedins_code", "death_date", "service_time", "med_type",
                                                 "decisive"]),
          evidence(store, NAME, distant, "setl_d", ["psn_no", "fixmedins_code", "prefecture", "home", "t",
                                                    "gap_hours", "loss"]),
          evidence(store, NAME, stays, "setl_d", ["psn_no", "fixmedins_code", "t", "stay_at", "stay_begin",
                                                  "stay_end"]),
          evidence(store, NAME, household.assign(setl_id=None), household.table_name,
                   ["psn_no", "dead_psn_no", "ident_type", "holders", "decisive"]),
          evidence(store, NAME, typed, "setl_d", ["psn_no", "fixmedins_code", "home", "t", "share", "usual_share"]),
          evidence(store, NAME, hands, "setl_d", ["psn_no", "holder", "fixmedins_code", "t", "holder_t", "days"])]
    params = asdict(cfg) | {"after_death_settlements": len(dead), "distant_pairs": int(distant.pair_id.nunique()),
                            "visits_in_stays": len(stays), "household_persons": int(household.psn_no.nunique()),
                            "typed_in_persons": int(typed.psn_no.nunique()), "hands": int(hands.holder.nunique()),
                            "hand_cards": int(hands.psn_no.nunique())}
    return finding(NAME, parts_links + lent_links, [flag_frame, *lent_flags], ev + lent_evidence,
                   params | lent_counts)


def _typed_in(store: GraphStore, cfg: Impersonation, dead_at: list[str], known: set[str]) -> pd.DataFrame:
    """Step 3b: settlements on an ID number typed in (``id_cert_types``) for persons insured in another
    prefecture, at an institution that billed visits of the dead where such visits are
    ``away_ratio`` times the share its prefecture's other institutions show and come from
    ``away_min_persons`` persons: the insider typing in the dead's numbers types in those of people
    living elsewhere too. A traveller's visit on a typed-in number is ordinary; a snowbird town's
    institutions all show them, so its prefecture's share is high too. Settlements already in
    ``known`` evidence are left out. One row per settlement, with the institution's and the usual share."""
    columns = ["psn_no", "fixmedins_code", "home", "t", "row_key", "src_file", "src_line", "setl_id", "share",
               "usual_share", "evidence_id"]
    if not dead_at:
        return pd.DataFrame(columns=columns)
    per = store.frame("det_id_visits_by_institution", cert_types=cfg.id_cert_types)
    region = per.groupby("prefecture")[["visits", "away_visits"]].transform("sum")
    others = (region.away_visits - per.away_visits) / (region.visits - per.visits).clip(lower=1)
    per = per.assign(share=per.away_visits / per.visits.clip(lower=1), usual_share=others)
    hit = per[per.fixmedins_code.isin(dead_at) & (per.away_persons >= cfg.away_min_persons)
              & (per.share >= cfg.away_ratio * per.usual_share) & (per.share > 0)]
    if hit.empty:
        return pd.DataFrame(columns=columns)
    rows = store.frame("det_away_id_visits", cert_types=cfg.id_cert_types, codes=sorted(hit.fixmedins_code))
    rows = rows[~rows.setl_id.astype(str).isin(known)].merge(hit[["fixmedins_code", "share", "usual_share"]],
                                                             on="fixmedins_code")
    rows = rows.assign(evidence_id=f"{NAME}:typed:" + rows.fixmedins_code.astype(str) + ":" + rows.psn_no.astype(str))
    return rows[columns].reset_index(drop=True)


def _hands(store: GraphStore, cfg: Impersonation) -> pd.DataFrame:
    """Step 7: the settlements of cards held by one hand — persons beside whom ``hand_min_cards`` or more
    absent cards were settled, each on ``hand_days`` days (``det_hand_cards``) — one row per absent
    settlement of a card at a counter where he held any card, with its evidence ID."""
    rows = store.frame("det_hand_cards", window_minutes=cfg.hand_minutes, min_days=cfg.hand_days,
                       min_cards=cfg.hand_min_cards)
    return rows.assign(evidence_id=f"{NAME}:hand:" + rows.holder.astype(str)).reset_index(drop=True)


def _beside(store: GraphStore, household: pd.DataFrame, dead: pd.DataFrame, hours: float) -> pd.DataFrame:
    """The household rows of persons who settled at the counter of a dead card's settlement within
    ``hours`` of it."""
    if household.empty:
        return household
    own = store.frame("det_person_settlements", psn_nos=sorted(household.psn_no.unique().tolist()))
    pairs = household[["psn_no", "dead_psn_no"]].drop_duplicates().merge(own, on="psn_no").merge(
        dead[["psn_no", "fixmedins_code", "service_time"]].rename(columns={"psn_no": "dead_psn_no"}),
        on=["dead_psn_no", "fixmedins_code"])
    gap = (pd.to_datetime(pairs.t) - pd.to_datetime(pairs.service_time)).abs().dt.total_seconds() / 3600
    near = pairs[gap <= hours][["psn_no", "dead_psn_no"]].drop_duplicates()
    return household.merge(near, on=["psn_no", "dead_psn_no"])


HOUSEHOLD_COLUMNS = ["psn_no", "dead_psn_no", "ident_type", "holders", "table_name", "row_key", "src_file",
                     "src_line"]


def _household(store: GraphStore, dead: list[str], most: int, types: int) -> pd.DataFrame:
    """Living persons sharing ``types`` or more kinds of identifier (phone, address, e-voucher device …)
    with a dead holder, values held by at most ``most`` persons: one row per person, dead holder and
    identifier, with the sharer's record. One kind alone is a neighbour or a broker's device, not a
    household holding the card."""
    if not dead:
        return pd.DataFrame(columns=HOUSEHOLD_COLUMNS)
    info = store.table("psn_info", ["psn_no", "tel", "addr", "death_date", "_key", "_src_file", "_src_line"])
    ident = store.table("psn_ident", ["psn_no", "ident_type", "ident_value", "_key", "_src_file", "_src_line"])
    # only rows holding a value some dead person holds: the tables are whole, the dead few
    of_dead, idents_of_dead = info[info.psn_no.isin(dead)], ident[ident.psn_no.isin(dead)]
    held = pd.concat([info[info.tel.isin(of_dead.tel.dropna())].pipe(
                          lambda t: t.assign(ident_type="tel", ident_value=t.tel, table_name="psn_info")),
                      info[info.addr.isin(of_dead.addr.dropna())].pipe(
                          lambda t: t.assign(ident_type="addr", ident_value=t.addr, table_name="psn_info")),
                      ident[ident.ident_value.isin(idents_of_dead.ident_value.dropna())].assign(
                          table_name="psn_ident")], ignore_index=True)
    held = held[held.ident_value.notna() & held.psn_no.notna()]
    held = held[["psn_no", "ident_type", "ident_value", "table_name", "_key", "_src_file", "_src_line"]]
    values = held[held.psn_no.isin(dead)][["ident_type", "ident_value"]].drop_duplicates()
    held = held.merge(values, on=["ident_type", "ident_value"])  # every holder of a value a dead person holds
    held = held[held.ident_value.astype(str).str.strip() != ""]
    holders = held.groupby(["ident_type", "ident_value"]).psn_no.transform("nunique")
    held = held[(holders >= 2) & (holders <= most)].assign(holders=holders)
    of_dead = held[held.psn_no.isin(dead)][["ident_type", "ident_value", "psn_no"]].rename(
        columns={"psn_no": "dead_psn_no"}).drop_duplicates()
    pairs = held.merge(of_dead, on=["ident_type", "ident_value"])
    living = info.loc[info.death_date.isna(), ["psn_no"]].drop_duplicates()
    pairs = pairs[pairs.psn_no != pairs.dead_psn_no].merge(living, on="psn_no")
    pairs = pairs.drop_duplicates(["psn_no", "dead_psn_no", "ident_type", "ident_value", "_key"])
    kinds = pairs.groupby(["psn_no", "dead_psn_no"]).ident_type.transform("nunique")
    pairs = pairs[kinds >= types]
    return pairs.rename(columns={"_key": "row_key", "_src_file": "src_file", "_src_line": "src_line"})[
        HOUSEHOLD_COLUMNS].reset_index(drop=True)


def _away_side(distant: pd.DataFrame) -> pd.DataFrame:
    """Of each pair, the settlement where the person was not living then: the side with fewer of
    their other settlements nearby in time (a snowbird's winter town outweighs the relative's
    errand back home); on a tie the side outside the insured prefecture; both if that is unclear."""
    fewer = distant.nearby < distant.groupby("pair_id").nearby.transform("max")
    tie = distant.groupby("pair_id").nearby.transform("nunique") == 1
    outside = distant.prefecture != distant.home
    per_pair = outside.groupby(distant.pair_id).transform("sum")
    return distant[fewer | (tie & (outside | (per_pair != 1)))]
