"""A resale member's other fills of the drug he resold (evidence ``resold_drug``, docs/rings.md "Amounts").

A trace code shows a box resold only when both of its sales were scanned, and a recruit's boxes
not yet resold show nothing at all. A recruit obtains the drug for the ring, fill after fill, in
the same quantities; a patient who sells a few extra boxes obtains them as bigger fills beside his
own regular ones. So when the boxes a member resold came from fills no bigger than his other fills
of the drug (the median of the resold fills at most ``ratio`` times the median of the others),
nothing in his record tells his own medicine from the ring's supply, and his other fills of that
drug are the ring's loss too, in one ring only (a recruit of two dealers: the ring whose outlets
resold most of his boxes of it). Fills of stays (``skip_med_types``) are never counted: a drug given on
the ward was not taken home.
"""
from __future__ import annotations

import pandas as pd

from graphfraud.detectors.base import EVIDENCE_COLUMNS, detail_text
from graphfraud.detectors.frames import evidence as evidence_rows
from graphfraud.store.base import GraphStore

NAME = "resold_drug"
PERSON = "Person:"
COLUMNS = [*EVIDENCE_COLUMNS, "ring", "entities"]


def alike_fills(store: GraphStore, evidence: pd.DataFrame, loss: pd.DataFrame, members: pd.DataFrame, ratio: float,
                skip_med_types: list[str]) -> pd.DataFrame:
    """Evidence rows (``ring``, ``entities`` and the evidence columns) for the member persons' other
    fills of the drugs whose boxes they resold, where the resold fills were like the others, and
    that are not the ring's loss already (``loss``: ring and setl_id of the evidence rows that count;
    a fill cited only by a co-purchase is evidence, not loss, until this)."""
    resold = evidence[evidence.evidence_id.astype(str).str.startswith("trace_reuse:resold:")
                      & ~evidence.detail.astype(str).str.contains('"loss": false', regex=False)]
    if ratio <= 0 or resold.empty:
        return pd.DataFrame(columns=COLUMNS)
    persons = members[members.node_id.astype(str).str.startswith(PERSON)]
    held = set(zip(persons.ring, persons.node_id.astype(str).str[len(PERSON):]))
    resold = resold.assign(psn_no=detail_text(resold.detail, "psn_no").astype(str))
    resold = resold[[(r, p) in held for r, p in zip(resold.ring, resold.psn_no)]]
    if resold.empty:
        return pd.DataFrame(columns=COLUMNS)
    lines = store.frame("case_fee_lines", setl_ids=sorted(resold.setl_id.dropna().astype(str).unique().tolist()))
    sold = resold[["ring", "psn_no", "row_key", "setl_id"]].merge(
        lines[["bkkp_sn", "med_list_codg", "cnt"]].rename(columns={"bkkp_sn": "row_key"}).astype({"row_key": str}),
        on="row_key").rename(columns={"med_list_codg": "drug"}).drop_duplicates(["ring", "setl_id", "drug"])
    if sold.empty:
        return pd.DataFrame(columns=COLUMNS)
    sold = _one_ring(sold)
    fills = store.frame("det_person_drug_lines", psn_nos=sorted(sold.psn_no.unique().tolist()),
                        drugs=sorted(sold.drug.astype(str).unique().tolist()), inpatient_med_types=skip_med_types)
    return _like(sold, fills, loss, ratio, store)


def _one_ring(sold: pd.DataFrame) -> pd.DataFrame:
    """The resold fills of each person and drug in one ring only: the one whose outlets resold most of
    them (a recruit of two dealers obtained his other fills for one supply, not both).

    >>> sold = pd.DataFrame({"ring": [1, 2, 2], "psn_no": "p", "drug": "X", "setl_id": ["a", "b", "c"]})
    >>> _one_ring(sold).ring.tolist()
    [2, 2]
    """
    sold = sold.assign(variety=sold.drug.astype(str).str[:12])  # package sizes of one drug are one drug here
    per = sold.groupby(["psn_no", "variety", "ring"]).size().rename("n").reset_index()
    main = per.sort_values(["n", "ring"], ascending=[False, True]).drop_duplicates(["psn_no", "variety"])
    return sold.merge(main[["psn_no", "variety", "ring"]], on=["psn_no", "variety", "ring"]).drop(columns="variety")


def _like(sold: pd.DataFrame, fills: pd.DataFrame, loss: pd.DataFrame, ratio: float,
          store: GraphStore) -> pd.DataFrame:
    """The fills of each (ring, person, drug) outside the ring's ``loss``, when the resold fills' median
    quantity is at most ``ratio`` times theirs."""
    fills = fills[fills.cnt.astype(float) > 0]
    sold = sold.assign(dr12=sold.drug.astype(str).str[:12])
    keys = sold[["ring", "psn_no", "dr12"]].drop_duplicates()
    other = keys.merge(fills, on=["psn_no", "dr12"])
    counted = set(zip(loss.ring, loss.setl_id.astype(str)))
    other = other[[(r, str(s)) not in counted for r, s in zip(other.ring, other.setl_id)]]
    other = other.drop_duplicates(["ring", "setl_id", "dr12"])
    if other.empty:
        return pd.DataFrame(columns=COLUMNS)
    by = ["ring", "psn_no", "dr12"]
    typical = other.groupby(by).cnt.median().rename("usual").reset_index().merge(
        sold.groupby(by).cnt.median().rename("resold").reset_index(), on=by)
    like = typical[typical.resold <= ratio * typical.usual]
    other = other.merge(like, on=by)
    if other.empty:
        return pd.DataFrame(columns=COLUMNS)
    other = other.assign(evidence_id=NAME + ":" + other.psn_no.astype(str) + ":" + other.dr12.astype(str))
    out = evidence_rows(store, NAME, other, "fee_list_d", ["psn_no", "dr12", "fixmedins_code", "t", "cnt", "resold",
                                                           "usual"])
    keyed = other[["ring", "row_key", "psn_no"]].astype({"row_key": str})
    out = out.merge(keyed, on="row_key").assign(entities=lambda f: PERSON + f.psn_no.astype(str))
    return out.drop(columns="psn_no")[COLUMNS]
