"""Helpers every detector shares: shaping links, flags and evidence into the Finding contract.

Detectors pull small, pre-aggregated frames from the store (``store.frame``) and do the rest in
pandas, so the logic is the same on both stores and only the extraction differs.
"""
from __future__ import annotations

import hashlib
import json
from typing import Any

import numpy as np
import pandas as pd

from graphfraud.detectors.base import EVIDENCE_COLUMNS, FLAG_COLUMNS, LINK_COLUMNS, Finding
from graphfraud.store.base import GraphStore

AMOUNTS = ["fund_pay_sumamt", "hifp_pay", "acct_pay", "medfee_sumamt"]


def short_hash(*parts: Any) -> str:
    """A stable 12-hex tag for values that must not appear in an ID (phones, addresses)."""
    return hashlib.sha256("|".join(map(str, parts)).encode("utf-8")).hexdigest()[:12]


def filed(med_type: pd.Series, codes: list[str]) -> pd.Series:
    """Settlements under one of ``codes`` (门慢/门特 "14"), or under a local sub-code of one (the first
    two digits: "140104"), as the store queries read ``exempt_med_types``.

    >>> filed(pd.Series(["14", "140104", "41", None]), ["14"]).tolist()
    [True, True, False, False]
    """
    text = med_type.astype("string").fillna("")
    return (text.isin(codes) | text.str[:2].isin(codes)).astype(bool)


def links(src: pd.Series, dst: pd.Series, weight: Any, evidence_id: pd.Series) -> pd.DataFrame:
    """Undirected links with src < dst, so one pair is spelled one way on both stores."""
    a, b = src.astype(str).to_numpy(), dst.astype(str).to_numpy()
    swap = a > b
    # text columns are text even when empty, so concatenated parts keep one dtype
    frame = pd.DataFrame({"src": pd.array(np.where(swap, b, a), dtype="str"),
                          "dst": pd.array(np.where(swap, a, b), dtype="str"),
                          "weight": np.broadcast_to(np.asarray(weight, dtype=float), a.shape),
                          "evidence_id": pd.array(evidence_id.astype(str).to_numpy(), dtype="str")})
    frame = frame[frame.src != frame.dst]
    return frame.sort_values(LINK_COLUMNS).reset_index(drop=True)


def flags(node: pd.Series, weight: Any, evidence_id: pd.Series) -> pd.DataFrame:
    frame = pd.DataFrame({"node": pd.array(node.astype(str).to_numpy(), dtype="str"),
                          "weight": np.broadcast_to(np.asarray(weight, dtype=float), (len(node),)),
                          "evidence_id": pd.array(evidence_id.astype(str).to_numpy(), dtype="str")})
    return frame.sort_values(FLAG_COLUMNS).reset_index(drop=True)


def details(frame: pd.DataFrame, columns: list[str]) -> pd.Series:
    """One compact JSON text per row from the given columns (times as ISO text), keys sorted.

    Each column's distinct values are encoded once and the texts joined per row: a detector with a
    million evidence rows holds a few thousand distinct values per column, not a million dicts.

    >>> details(pd.DataFrame({"n": [2, None], "b": ["药", "x"]}), ["n", "b"]).tolist()
    ['{"b": "药", "n": 2.0}', '{"b": "x", "n": null}']
    """
    joined: np.ndarray | None = None
    for column in sorted(columns):
        values = frame[column].astype(object).where(frame[column].notna(), None)
        codes, uniques = pd.factorize(values.to_numpy(dtype=object))
        texts = np.array([f"{json.dumps(column)}: {json.dumps(_native(v), ensure_ascii=False, default=str)}"
                          for v in uniques] + [f"{json.dumps(column)}: null"], dtype=object)
        part = texts[codes]  # code -1 (no value) is the last text
        joined = part if joined is None else joined + ", " + part
    body = joined if joined is not None else np.full(len(frame), "", dtype=object)
    return pd.Series("{" + body + "}", index=frame.index, dtype=object)


def _native(value: Any) -> Any:
    """A numpy scalar as the Python value ``DataFrame.to_dict`` gives (``json`` knows no numpy types)."""
    if isinstance(value, np.datetime64):
        return pd.Timestamp(value)
    return value.item() if isinstance(value, np.generic) else value


def evidence(store: GraphStore, indicator: str, rows: pd.DataFrame, table: str | pd.Series,
             detail_columns: list[str]) -> pd.DataFrame:
    """Evidence rows from ``rows`` (evidence_id, row_key, src_file, src_line, setl_id + detail columns).

    Amounts are those of the settlement named by ``setl_id`` (valid rows only, else 0), so a ring
    can total them once per setl_id; rows without a settlement carry no amounts.
    """
    if rows.empty:
        return pd.DataFrame(columns=EVIDENCE_COLUMNS)
    out = pd.DataFrame({
        "evidence_id": rows.evidence_id.astype(str), "indicator": indicator, "table": table,
        "row_key": rows.row_key.astype(str), "src_file": rows.src_file,
        "src_line": rows.src_line.astype("Int64"), "setl_id": rows.setl_id.astype(object),
        "detail": details(rows, detail_columns)})
    setl_ids = sorted(out.setl_id.dropna().astype(str).unique().tolist())
    amounts = store.frame("det_setl_amounts", setl_ids=setl_ids) if setl_ids else pd.DataFrame(
        columns=["setl_id", *AMOUNTS])
    out = out.merge(amounts, on="setl_id", how="left")
    out = out.drop_duplicates(["evidence_id", "table", "row_key"])
    return out[EVIDENCE_COLUMNS].sort_values(["evidence_id", "table", "row_key"]).reset_index(drop=True)


def finding(indicator: str, link_frames: list[pd.DataFrame], flag_frames: list[pd.DataFrame],
            evidence_frames: list[pd.DataFrame], params: dict[str, Any]) -> Finding:
    """Concatenate a detector's parts, keeping empty parts shaped like the contract."""
    def cat(frames: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
        frames = [f for f in frames if not f.empty]
        return pd.concat(frames, ignore_index=True)[columns] if frames else pd.DataFrame(columns=columns)

    return Finding(indicator, cat(link_frames, LINK_COLUMNS), cat(flag_frames, FLAG_COLUMNS),
                   cat(evidence_frames, EVIDENCE_COLUMNS), params)


def resale_drugs(store: GraphStore) -> tuple[list[str], str]:
    """The drugs the resale detectors look at, and where the list came from (recorded in params).

    The region's watch list (``drug_catalog.resale_risk = 1``) when there is one; else every drug of
    the catalogue; without a catalogue, the items the fee lines mark as drugs themselves
    (``list_type`` 101, or a 23-character national code beginning X or Z where ``list_type`` is
    empty). A line whose item code is neither says nothing about a drug: card-like data with one
    generic item code for every purchase cannot say what was bought, how many days it lasts or that
    it is worth reselling, so the resale signals stay silent rather than pairing the customers of
    every shop (issue 14).
    """
    listed = store.frame("det_resale_drugs")
    if not listed.empty:
        return sorted(listed.med_list_codg.astype(str)), "drug_catalog.resale_risk=1"
    drugs, source = known_drugs(store)
    return drugs, source + (" (no resale_risk=1 rows)" if source == CATALOGUE else "")


CATALOGUE = "every drug of drug_catalog"


def known_drugs(store: GraphStore) -> tuple[list[str], str]:
    """Every drug the export names, and where the list came from: the catalogue's; without one, the
    items the fee lines mark as drugs (``resale_drugs`` says which); else none."""
    catalogued = store.table("drug_catalog", ["med_list_codg"]).med_list_codg.dropna().astype(str)
    if not catalogued.empty:
        return sorted(catalogued.unique()), CATALOGUE
    marked = store.frame("det_line_drugs").med_list_codg.dropna().astype(str)
    if not marked.empty:
        return sorted(marked.unique()), "drugs marked on the fee lines (no drug_catalog)"
    return [], NO_DRUGS


NO_DRUGS = "none: no drug_catalog and no line marked as a drug, so no drug information"


def residential(store: GraphStore, fills: pd.DataFrame, share: float) -> set[str]:
    """Pairs whose patients mostly live at one address: a nursing home's contracted doctor and the
    pharmacy that supplies it (domain guide §2.2), institutional care rather than steering."""
    addresses = store.frame("det_person_addresses", psn_nos=sorted(fills.psn_no.unique().tolist()))
    located = fills[["psn_no", "evidence_id"]].drop_duplicates().merge(addresses, on="psn_no", how="left")
    patients = located.groupby("evidence_id").psn_no.nunique()
    at_one = located.dropna(subset=["addr"]).groupby(["evidence_id", "addr"]).psn_no.nunique().groupby(level=0).max()
    ratio = (at_one / patients).reindex(patients.index).fillna(0)
    return set(ratio.index[(ratio >= share) & (patients >= 3)])
