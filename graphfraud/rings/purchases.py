"""Flags a buyer earns only by buying a resold box: dropped before assembly.

A patient who bought a box that had been settled before on someone else's card is not a party to
its resale (domain guide §5.1) unless evidence of their own says so. Some signals read the very
settlement that bought it: a pharmacy selling resold boxes round the clock (an online shop) puts
each buyer's card in its night-time sales. Such a flag names the outlet's sales, not the buyer's
card being collected, so it does not make the buyer a suspect; their other evidence still does.
"""
from __future__ import annotations

import pandas as pd

from graphfraud.detectors.base import Finding, detail_text

PERSON = "Person:"


def _later_sales(findings: list[Finding]) -> pd.DataFrame:
    """Evidence rows of settlements that bought a box settled before elsewhere: every row of a
    ``trace_reuse:resold`` evidence ID but its first sale (its earliest time)."""
    rows = [f.evidence for f in findings if f.indicator == "trace_reuse" and len(f.evidence)]
    if not rows:
        return pd.DataFrame(columns=["setl_id", "detail"])
    ev = pd.concat(rows, ignore_index=True)
    ev = ev[ev.evidence_id.astype(str).str.startswith("trace_reuse:resold:") & ev.setl_id.notna()]
    ev = ev.assign(t=detail_text(ev.detail, "t"))
    first = ev.sort_values(["evidence_id", "t", "row_key"]).drop_duplicates("evidence_id").index
    return ev.drop(index=first)


def resold_purchases(findings: list[Finding]) -> set[str]:
    """Settlements that bought a box settled before elsewhere."""
    return set(_later_sales(findings).setl_id.astype(str))


def _buyers(evidence: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Per evidence row, who bought (``Person:psn_no``) and who bought where (``...@fixmedins_code``)."""
    node = PERSON + detail_text(evidence.detail, "psn_no")
    return node, node + "@" + detail_text(evidence.detail, "fixmedins_code")


def without_purchase_flags(findings: list[Finding], indicators: list[str]) -> list[Finding]:
    """``findings`` with the person flags of the ``indicators`` dropped where every settlement their
    evidence names for that person bought a resold box, or bought at a counter that sold that person
    resold boxes either with no trace code scanned or a box whose code that counter had settled
    before: where only some boxes are scanned, the unscanned ones of an outlet's regular buyer cannot
    be told from the resold ones the scanned show, and a box that came back to the counter that first
    sold it is resold there like the others (a photographed code swiped again on a crew's card is
    no purchase: the counter sold that card nothing resold from elsewhere)."""
    if not indicators:
        return findings
    later = _later_sales(findings)
    if later.empty:
        return findings
    bought = set(later.setl_id.astype(str))
    counters = set(_buyers(later)[1].dropna())
    out = []
    for f in findings:
        if f.indicator not in indicators or f.flags.empty or f.evidence.empty:
            out.append(f)
            continue
        ev = f.evidence[f.evidence.setl_id.notna()]
        unscanned = ev.detail.astype(str).str.contains('"coded": false', regex=False)
        back = ev.evidence_id.astype(str).str.startswith("trace_reuse:reswiped:")
        node, at = _buyers(ev)
        ev = ev.assign(node=node, resold=ev.setl_id.astype(str).isin(bought) | ((unscanned | back) & at.isin(counters)))
        only = ev.groupby(["node", "evidence_id"]).resold.all()
        drop = set(only.index[only.to_numpy()])
        keep = [(n, e) not in drop for n, e in zip(f.flags.node, f.flags.evidence_id)]
        out.append(Finding(f.indicator, f.links, f.flags[keep].reset_index(drop=True), f.evidence, f.params))
    return out
