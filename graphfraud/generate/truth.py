"""The truth file: planted rings with their settlements and amounts, hard negatives, load expectations.

Written beside the data directory, never inside it, so a loader pointed at the data cannot see it.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from graphfraud.generate.claims import Claims
from graphfraud.generate.messy import OutFile, expectations
from graphfraud.generate.timeline import PERIOD
from graphfraud.generate.reflow import context_tag
from graphfraud.generate.world import Truth, World

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
            ring = {
                "ring_id": t.id, "typology": t.kind, "persons": sorted(t.persons),
                "institutions": sorted(t.institutions), "doctors": sorted(t.doctors),
                "roles": t.persons | t.institutions | t.doctors,
                "setl_ids": sorted(rows.setl_id.tolist()), "trace_codes": sorted(t.trace_codes & resettled),
                "amounts": _amounts(rows),
            }
            if world.params is not None:
                ring |= _varied_ring(t, planted[planted.tag == context_tag(t.id)])
            rings.append(ring)
        else:
            group: dict[str, object] = {"group_id": t.id, "kind": t.kind, "persons": sorted(t.persons),
                     "institutions": sorted(t.institutions)}
            if world.params is not None:
                group |= {"doctors": sorted(t.doctors), "roles": t.persons | t.institutions | t.doctors}
            negatives.append(group)
    document = {
        "generator": "graphfraud.generate", "seed": world.seed, "persons": persons, "period": list(PERIOD),
        "rings": rings, "hard_negatives": negatives, "load_expectations": expectations(files),
        "files": {f.name: {"table": f.table, "format": f.fmt, "encoding": f.encoding} for f in files},
    }
    if world.params is not None:
        document |= {"variant": world.params.variant, "parameters": world.params.as_dict()}
    return document


def _amounts(rows: pd.DataFrame) -> dict[str, float]:
    """Valid rows only, refunds (negative rows) netted in, once per settlement (domain guide 4)."""
    valid = rows[rows.vali == 1]
    return {name: round(int(valid[col].sum()) / 100, 2) for name, col in AMOUNTS.items()}


def _varied_ring(t: Truth, context_rows: pd.DataFrame) -> dict:
    """What a varied world adds: how the group acted, its centre, and its context kept apart."""
    label, key = t.centre or ("", "")
    return {"modus_operandi": t.modus, "centre": {"label": label, "key": key},
            "context_persons": sorted(t.context), "context_roles": dict(t.context),
            "context_setl_ids": sorted(context_rows.setl_id.tolist()), "context_amounts": _amounts(context_rows),
            "parameters": t.parameters}


def write_truth(path: Path, document: dict) -> None:
    path.write_text(json.dumps(document, ensure_ascii=False, sort_keys=True, indent=1) + "\n", encoding="utf-8")
