"""Same person: two insured records that identity resolution found to be one human are linked.

Algorithm:
1. read the pairs stored by ``graphfraud identity link`` (collection ``identity_links``; none stored,
   no links), keeping those at or above ``min_match_weight`` bits;
2. link ``Person:a``–``Person:b`` with ``weight``; the evidence is both ``psn_info`` records and the
   comparison levels that made them one (same ID number, same name by sound, same birth date...).

A duplicate enrolment (重复参保) is not a ring by itself: the link is a context indicator (it never
forms a ring nor counts as a family), but ring assembly treats the other record of a suspect as a
suspect too, so a member hiding behind a second record is in the ring with both.
"""
from __future__ import annotations

from dataclasses import asdict

import pandas as pd

from graphfraud.detectors.base import Finding
from graphfraud.detectors.config import DetectorConfig
from graphfraud.detectors.frames import evidence, finding, links, short_hash
from graphfraud.store.base import GraphStore

NAME = "same_person"
LEVEL_COLUMNS = ["certno", "name", "brdy", "gend", "tel", "addr"]


def detect(store: GraphStore, config: DetectorConfig) -> Finding:
    cfg = config.same_person
    params = asdict(cfg)
    pairs = store.get_results("identity_links")
    if pairs.empty:
        return finding(NAME, [], [], [], params | {"pairs": 0})
    pairs = pairs[pairs.match_weight >= cfg.min_match_weight].copy()
    pairs["evidence_id"] = [f"{NAME}:{short_hash(a, b)}" for a, b in zip(pairs.psn_a, pairs.psn_b)]
    link_frame = links("Person:" + pairs.psn_a, "Person:" + pairs.psn_b, cfg.weight, pairs.evidence_id)
    people = store.table("psn_info", ["psn_no", "_key", "_src_file", "_src_line"]).rename(columns={"_key": "row_key", "_src_file": "src_file",
                                                                   "_src_line": "src_line"})
    sides = pd.concat([pairs.assign(psn_no=pairs.psn_a), pairs.assign(psn_no=pairs.psn_b)])
    rows = sides.merge(people, on="psn_no").assign(setl_id=None, match_weight=lambda f: f.match_weight.round(1))
    found = evidence(store, NAME, rows, "psn_info", ["psn_a", "psn_b", "match_weight", *LEVEL_COLUMNS])
    return finding(NAME, [link_frame], [], [found], params | {"pairs": int(len(pairs))})
