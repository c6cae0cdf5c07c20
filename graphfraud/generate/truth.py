"""The truth file: planted rings with their settlements and amounts, hard negatives, load expectations.

Written beside the data directory, never inside it, so a loader pointed at the data cannot see it.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from graphfraud.generate.claims import Claims
from graphfraud.generate.messy import OutFile, expectations
from graphfraud.generate.timeline import PERIOD
from graphfraud.generate.world import World

AMOUNTS = {"medfee_sumamt": "medfee", "fund_pay_sumamt": "fund", "hifp_pay": "hifp", "acct_pay": "acct"}


def _resettled(claims: Claims, ring_setl_ids: set[str]) -> set[str]:
    """Codes settled twice or more within the rings' settlements, refunds netted, valid lines only."""
    lines = claims.lines
    lines = lines[lines.setl_id.isin(ring_setl_ids).to_numpy() & (lines.vali == 1).to_numpy()
                  & (lines.trace != "").to_numpy()]
    boxes = lines[["setl_id", "cnt"]].assign(code=lines.trace.str.split(",")).explode("code")
    boxes = boxes.drop_duplicates(["code", "setl_id"])
    net = np.sign(boxes.cnt).groupby(boxes.code).sum()
    return set(net.index[net >= 2])


def truth_document(world: World, claims: Claims, persons: int, files: list[OutFile]) -> dict:
    setl = claims.setl
    planted = setl[setl.tag.str.startswith("TR-")]
    resettled = _resettled(claims, set(planted.setl_id))
    rings, negatives = [], []
    for t in sorted(world.truths, key=lambda t: t.id):
        if t.id.startswith("TR-"):
            rows = planted[planted.tag == t.id]
            valid = rows[rows.vali == 1]
            rings.append({
                "ring_id": t.id, "typology": t.kind, "persons": sorted(t.persons),
                "institutions": sorted(t.institutions), "doctors": sorted(t.doctors),
                "roles": t.persons | t.institutions | t.doctors,
                "setl_ids": sorted(rows.setl_id.tolist()), "trace_codes": sorted(t.trace_codes & resettled),
                "amounts": {name: round(int(valid[col].sum()) / 100, 2) for name, col in AMOUNTS.items()},
            })
        else:
            negatives.append({"group_id": t.id, "kind": t.kind, "persons": sorted(t.persons),
                              "institutions": sorted(t.institutions)})
    return {
        "generator": "graphfraud.generate", "seed": world.seed, "persons": persons, "period": list(PERIOD),
        "rings": rings, "hard_negatives": negatives, "load_expectations": expectations(files),
        "files": {f.name: {"table": f.table, "format": f.fmt, "encoding": f.encoding} for f in files},
    }


def write_truth(path: Path, document: dict) -> None:
    path.write_text(json.dumps(document, ensure_ascii=False, sort_keys=True, indent=1) + "\n", encoding="utf-8")
