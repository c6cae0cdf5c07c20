"""Shared identifiers: persons who share a phone, address, bank account or device are linked.

Algorithm:
1. take every identifier held by 2..N persons (N = ``max_persons``, or ``pool_max`` for the
   ``pool_types``: a broker keeps dozens of cards' e-vouchers on his devices and pays them from his
   accounts, while phones and addresses shared by more are switchboards and buildings; larger ones
   are super-nodes — listed in params, never links);
2. pair the holders of each identifier (at most N·(N-1)/2 pairs per identifier, so no O(n²));
3. sum per pair the weight of each shared identifier's type (a bank account says more than an
   address);
4. a value shared by ``crowd_size`` or more persons (still under N) is a pool — one broker's
   phone holding seven e-vouchers — not a home, and weighs ``crowd_factor`` times more;
5. look-alike: relatives share a phone, a device and an address lawfully. A pair that also shares
   one of ``household_types`` (the address) is a household, and its sum is scaled by
   ``household_factor`` — a collector shares a phone and a device with his card-holders, not a home;
6. a pair at or above ``min_weight`` is a link; its evidence is each holder's identifier row;
6b. a pair under it with at least ``weak_weight`` (one phone, WeChat, device or account, never a home)
   is a *weak* link, evidence ID ``shared_identifiers:weak:…``: a household keeps its e-vouchers on one
   phone, so it ties no one into a ring; the ring assembly reads it to find who holds a ring's cards
   (one phone holding the e-vouchers of two of a family's three collected cards);
7. a prescriber sharing a phone or ID number with an institution he does not work at (the
   pharmacy's contact phone is his mobile, he is its legal representative) is linked to it with
   ``place_weight``: the domain guide's "D and M sharing identifiers".
"""
from __future__ import annotations

from dataclasses import asdict

import numpy as np
import pandas as pd

from graphfraud.detectors.base import Finding
from graphfraud.detectors.config import DetectorConfig
from graphfraud.detectors.frames import evidence, finding, links, short_hash
from graphfraud.store.base import GraphStore

NAME = "shared_identifiers"


def detect(store: GraphStore, config: DetectorConfig) -> Finding:
    cfg = config.shared_identifiers
    caps = {"max_persons": cfg.max_persons, "pool_types": cfg.pool_types, "pool_max": cfg.pool_max}
    hubs = store.frame("det_ident_hubs", **caps)
    params = asdict(cfg) | {"super_nodes": _super_nodes(hubs)}
    places = _doctor_places(store, cfg.place_weight)
    # steps 1-6 run where the data lives: only linked pairs and their identifier rows come back
    rows = store.frame("det_ident_pairs", **caps, type_weights=[f"{t}={w}" for t, w in sorted(cfg.type_weights.items())],
                       default_type_weight=cfg.default_type_weight, crowd_size=cfg.crowd_size,
                       crowd_factor=cfg.crowd_factor, household_types=cfg.household_types,
                       household_factor=cfg.household_factor, min_weight=cfg.min_weight,
                       weak_weight=cfg.weak_weight)
    if rows.empty:
        return finding(NAME, places[:1], [], places[1:], params)
    weak = np.where(rows.strength.astype(float) < cfg.min_weight, "weak:", "")
    rows["evidence_id"] = [f"{NAME}:{w}{short_hash(a, b)}" for w, a, b in zip(weak, rows.psn_a, rows.psn_b)]
    pairs = rows.drop_duplicates(["psn_a", "psn_b"])
    link_frame = links("Person:" + pairs.psn_a, "Person:" + pairs.psn_b, cfg.weight * pairs.strength.astype(float),
                       pairs.evidence_id)
    return finding(NAME, [link_frame, *places[:1]], [], [_evidence(store, rows), *places[1:]], params)


def _doctor_places(store: GraphStore, weight: float) -> list[pd.DataFrame]:
    """Links from each prescriber to an institution he does not work at but shares a phone or ID number
    with (its contact phone is his mobile; he is its legal representative), and both records as evidence."""
    shared = store.frame("det_place_idents")
    if shared.empty:
        return []
    shared["evidence_id"] = [f"{NAME}:place:{short_hash(d, m)}" for d, m in zip(shared.dr_code, shared.fixmedins_code)]
    link_frame = links("Practitioner:" + shared.dr_code, "Institution:" + shared.fixmedins_code, weight,
                       shared.evidence_id).drop_duplicates(["src", "dst"])
    own = shared.assign(setl_id=None, ident_value=shared.ident_value.map(lambda v: short_hash("value", v)))
    doctors = own.assign(row_key=own.dr_row_key, src_file=own.dr_src_file, src_line=own.dr_src_line)
    detail = ["dr_code", "fixmedins_code", "ident_type", "ident_value"]
    return [link_frame, evidence(store, NAME, own, "fixmedins", detail), evidence(store, NAME, doctors, "practitioner",
                                                                                 detail)]


def _evidence(store: GraphStore, rows: pd.DataFrame) -> pd.DataFrame:
    """Each linked pair's identifier rows: both holders of every identifier the pair shares."""
    rows = rows.assign(setl_id=None)
    parts = [evidence(store, NAME, group, table, ["ident_type", "ident_value", "psn_no", "persons"])
             for table, group in rows.groupby("table_name")]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def _super_nodes(hubs: pd.DataFrame) -> list[dict[str, object]]:
    """The identifiers refused as links, by type and a hash of the value (no phone numbers in params)."""
    return [{"ident_type": t, "value_tag": short_hash(t, v), "persons": int(n)}
            for t, v, n in zip(hubs.ident_type, hubs.ident_value, hubs.persons)]
