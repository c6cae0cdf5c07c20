"""Trace-code reuse (回流药, photographed codes): one box's trace code settled more than once.

Algorithm:
1. take every valid fee line whose trace code appears under two or more settlements;
2. net refunds: per code, person and institution, settlements minus refund settlements, so a sale
   refunded and resold (a returned box) counts once;
3. split-pack sales (拆零, ``trdn_flag=1``) of one code at one institution are one box being
   emptied, so together they count as one settlement;
4. a code still settled ``min_settlements`` times or more is reused. Its settlements in time order
   form a chain, and each later settlement says something about the people in it:
   - at an institution of another owner than the first (回流): the first buyer's box left them and
     came back on the market. The first buyer is flagged (their own record: the box they obtained was
     settled again) and linked to that outlet, which is flagged for selling it. The later buyer is
     only linked: a patient who bought a box at a pharmacy is not a party to its resale (domain
     guide §5.1) unless other evidence of their own says so;
   - at the same institution as the first (a code photographed at the counter and swiped again):
     the later card is flagged and linked to the institution, which is flagged. So is the first
     card when it settled the code there more than once itself (one code settled eight times at a
     village clinic, domain guide §2.0): a box is sold once, and the card received no box again;
   - at another branch of the first institution's owner (one legal representative: a chain
     swiping a shelf of codes at its branches): both cards are flagged and linked (the first to
     the later branch), and the branch is flagged — the box never left the chain;
   the link weighs ``cross_region_factor`` more when the outlet is in another province; evidence
   IDs say which (``trace_reuse:resold:CODE``, ``trace_reuse:reswiped:CODE``), for the typology;
5. the loss of a resold box is its first sale: a later settlement at an institution of another owner
   paid for a real box a patient received, and is marked ``loss: false`` (evidence of the resale,
   not its amount). Branches of one chain (one legal representative) are one owner: a chain
   swiping photographed codes again across its branches sold no box at all, and that is loss;
6. decisive: the institution of a later settlement records trace codes on its purchases, yet none
   of its purchases between the first settlement and this one carries the code — the box was
   settled again without a covering purchase. Elsewhere the reuse is strong, not decisive.
"""
from __future__ import annotations

from dataclasses import asdict

import numpy as np
import pandas as pd

from graphfraud.detectors.base import Finding
from graphfraud.detectors.config import DetectorConfig
from graphfraud.detectors.frames import evidence, finding, flags, links
from graphfraud.detectors.scope import Partition
from graphfraud.store.base import GraphStore

NAME = "trace_reuse"
# Everything above is per code: a refresh recomputes only the codes on new fee lines (evidence IDs
# end in the code). Purchases decide what is decisive, so new purchases mean a full recomputation.
SCOPE = Partition("trace code", {"fee_list_d": "list_transform(string_split_regex(drug_trac_codg, '[,;|]'), lambda c: trim(c))"},
                  lambda evidence_id: evidence_id.split(":", 2)[2],
                  ("codes_seen_twice", "codes_reused", "codes_uncovered", "split_pack_codes_excepted"))


def detect(store: GraphStore, config: DetectorConfig) -> Finding:
    cfg = config.trace_reuse
    lines = store.frame("det_trace_events")
    params = asdict(cfg) | {"codes_seen_twice": int(lines.code.nunique()) if len(lines) else 0}
    if lines.empty:
        return finding(NAME, [], [], [], params | {"codes_reused": 0})
    events = _events(lines)
    totals = events.groupby("code").settlements.sum()
    reused = totals[totals >= cfg.min_settlements].index
    chains = events[events.code.isin(reused)].sort_values(["code", "t", "psn_no", "fixmedins_code"])
    chains["step"] = chains.groupby("code").cumcount()
    later = _later(chains, _owners(store))
    later["decisive"] = _uncovered(store, later)
    params |= {"codes_reused": len(reused), "codes_uncovered": int(later.code[later.decisive].nunique()),
               "split_pack_codes_excepted": int(((totals < cfg.min_settlements)
                                                 & totals.index.isin(lines.code[lines.trdn_flag == 1])).sum())}
    link_frame, flag_frame = _chain_links(later, cfg.weight, cfg.cross_region_factor)
    kinds = later[["code", "evidence_id"]].drop_duplicates()
    decisive = set(later.evidence_id[later.decisive])
    rows = lines[lines.code.isin(reused)].merge(kinds, on="code")
    rows["decisive"] = rows.evidence_id.isin(decisive)
    resold = later[later.other_owner][["code", "psn_no", "fixmedins_code"]].drop_duplicates()
    rows["loss"] = ~pd.MultiIndex.from_frame(rows[["code", "psn_no", "fixmedins_code"]]).isin(
        pd.MultiIndex.from_frame(resold))
    ev = evidence(store, NAME, rows, "fee_list_d", ["code", "psn_no", "fixmedins_code", "t", "cnt", "trdn_flag",
                                                    "decisive", "loss"])
    return finding(NAME, [link_frame], [flag_frame], [ev], params)


def _events(lines: pd.DataFrame) -> pd.DataFrame:
    """Netted settlements per code: (code, psn_no, fixmedins_code, t, settlements)."""
    lines = lines.assign(sign=np.sign(lines.cnt.fillna(1.0)).replace(0, 1))
    split = lines[lines.trdn_flag == 1]
    whole = lines[lines.trdn_flag != 1]
    per_setl = whole.groupby(["code", "psn_no", "fixmedins_code", "setl_id"], as_index=False).agg(
        sign=("sign", "max"), t=("t", "min"))
    per_setl["t"] = per_setl.t.where(per_setl.sign > 0)
    netted = per_setl.groupby(["code", "psn_no", "fixmedins_code"], as_index=False).agg(
        settlements=("sign", "sum"), t=("t", "min"), t_last=("t", "max"))
    netted = netted[netted.settlements > 0]
    # One split box at one institution is one settlement, credited to its first buyer.
    split = split[split.sign > 0].sort_values(["code", "fixmedins_code", "t", "psn_no"])
    boxes = split.groupby(["code", "fixmedins_code"], as_index=False).agg(psn_no=("psn_no", "first"), t=("t", "min"))
    boxes["settlements"] = 1
    boxes["t_last"] = boxes.t
    return pd.concat([netted, boxes[netted.columns]], ignore_index=True)


def _owners(store: GraphStore) -> dict[str, str]:
    """Institution code -> its owner: the legal representative's ID number where the registry gives
    one, else the institution itself."""
    reg = store.table("fixmedins", ["fixmedins_code", "legal_rep_certno"]).dropna(subset=["fixmedins_code"])
    rep = reg.legal_rep_certno.astype("string").str.strip()
    reg = reg.assign(owner=("rep:" + rep).where(rep.notna() & (rep != ""), reg.fixmedins_code.astype(str)))
    return dict(zip(reg.fixmedins_code.astype(str), reg.owner.astype(str)))


def _later(chains: pd.DataFrame, owners: dict[str, str] | None = None) -> pd.DataFrame:
    """Every settlement after a code's first, with the first buyer, institution and time beside it,
    whether it is at another owner's institution (``other_owner``: the box left the first seller's
    hands; ``kind`` resold, else reswiped). The first card's own later settlements of the code at its
    counter are one row (``repeat``), timed at the last of them.

    >>> chains = pd.DataFrame({"code": "c", "psn_no": ["a", "b", "c"], "fixmedins_code": ["P1", "P2", "P3"],
    ...                        "t": [1, 2, 3], "t_last": [4, 2, 3], "settlements": [2, 1, 1], "step": [0, 1, 2]})
    >>> _later(chains, {"P1": "rep:X", "P2": "rep:X"})[["psn_no", "t", "kind", "repeat"]].values.tolist()
    [['a', 4, 'reswiped', True], ['b', 2, 'reswiped', False], ['c', 3, 'resold', False]]
    """
    first = chains[chains.step == 0][["code", "psn_no", "fixmedins_code", "t"]].rename(
        columns={"psn_no": "first_psn", "fixmedins_code": "first_ins", "t": "first_t"})
    again = (chains.step > 0) | (chains.settlements > 1)
    later = chains[again].merge(first, on="code").reset_index(drop=True)
    later["repeat"] = (later.step == 0).to_numpy(dtype=bool)
    later["t"] = later.t_last.where(later.repeat, later.t)
    owners = owners or {}
    owner = later.fixmedins_code.astype(str).map(lambda c: owners.get(c, c))
    first_owner = later.first_ins.astype(str).map(lambda c: owners.get(c, c))
    later["other_owner"] = (owner != first_owner).to_numpy(dtype=bool)
    # 回流 (resold by another owner) and a counter or chain re-swiping a photographed code are different schemes
    later["kind"] = np.where(later.other_owner, "resold", "reswiped")
    later["evidence_id"] = f"{NAME}:" + later.kind + ":" + later.code
    return later


def _uncovered(store: GraphStore, later: pd.DataFrame) -> pd.Series:
    """Per later settlement: settled where coded purchases are recorded, but none of the code since
    the first settlement."""
    if later.empty:
        return pd.Series(False, index=later.index)
    bought = store.frame("det_trace_purchases", codes=sorted(later.code.unique().tolist()))
    judged = set(bought.fixmedins_code[bought.code.isna()])
    bought = bought[bought.code.notna()]
    pairs = later.reset_index()[["index", "code", "fixmedins_code", "first_t", "t"]].merge(
        bought.rename(columns={"t": "bought"}), on=["code", "fixmedins_code"])
    covering = pairs[(pairs.bought >= pairs.first_t) & (pairs.bought <= pairs.t)]["index"]
    return pd.Series(later.fixmedins_code.isin(judged).to_numpy() & ~later.index.isin(covering), index=later.index)


def _chain_links(later: pd.DataFrame, weight: float, cross_factor: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Links and flags of the later settlements (module docstring, step 4)."""
    province = later.fixmedins_code.str[1:3] != later.first_ins.str[1:3]
    w = pd.Series(weight * np.where(province, cross_factor, 1.0), index=later.index)
    evidence_id = later.evidence_id
    ins = "Institution:" + later.fixmedins_code
    moved = later.fixmedins_code != later.first_ins
    # a code moving between branches of one owner: the box never left the chain, both cards swiped it
    branch = moved & ~later.other_owner
    again = (~moved & ((later.psn_no != later.first_psn) | later.repeat)) | branch
    parts = [links("Person:" + later.first_psn[moved], ins[moved], w[moved], evidence_id[moved]),
             links("Person:" + later.psn_no[moved | again], ins[moved | again], w[moved | again],
                   evidence_id[moved | again])]
    flagged = pd.concat([
        pd.DataFrame({"node": "Person:" + later.first_psn[moved], "weight": w[moved], "evidence_id": evidence_id[moved]}),
        pd.DataFrame({"node": "Person:" + later.psn_no[again], "weight": w[again], "evidence_id": evidence_id[again]}),
        pd.DataFrame({"node": ins[moved | again], "weight": w[moved | again], "evidence_id": evidence_id[moved | again]}),
    ]).drop_duplicates(["node", "evidence_id"])
    return pd.concat(parts, ignore_index=True), flags(flagged.node, flagged.weight.to_numpy(), flagged.evidence_id)
