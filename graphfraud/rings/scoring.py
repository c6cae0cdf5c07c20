"""Ring scores as an explained sum of indicator contributions, and the typology they point to.

An indicator's contribution to a ring is ``multiplier x log2(1 + W)`` where W is the weight of its
links inside the ring plus its flags on ring members: the tenth shared phone adds little, a trace
code settled twice on top of a co-purchase pattern adds a lot. Rings held together only by context
indicators (shared identifiers, imported hits) are scaled down: families and nursing homes share
identifiers lawfully, and a rule hit alone is the rule engine's lead, not a ring.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from graphfraud.detectors.base import Finding
from graphfraud.rings.config import RingConfig
from graphfraud.rings.graph import evidence_kind
from graphfraud.rings.model import TYPOLOGIES

INDICATOR_COLUMNS = ["ring", "indicator", "weight", "links", "flags", "contribution", "explanation"]


def ring_indicators(inside: pd.DataFrame, flagged: pd.DataFrame, config: RingConfig) -> pd.DataFrame:
    """One row per (ring, indicator): links inside the ring, flags on its members and the contribution.

    ``inside`` and ``flagged`` come from ``IndicatorGraph.within``.
    """
    if inside.empty and flagged.empty:
        return pd.DataFrame(columns=INDICATOR_COLUMNS)
    link_sums = inside.groupby(["ring", "indicator"]).agg(link_weight=("weight", "sum"), links=("weight", "size"))
    flag_sums = flagged.groupby(["ring", "indicator"]).agg(flag_weight=("weight", "sum"), flags=("weight", "size"))
    table = link_sums.join(flag_sums, how="outer").fillna(0).reset_index()
    table["weight"] = table.link_weight + table.flag_weight
    table[["links", "flags"]] = table[["links", "flags"]].astype(int)
    multipliers = table.indicator.map(config.scoring.multipliers).fillna(1.0)
    table["contribution"] = (multipliers * np.log2(1 + table.weight)).round(3)
    table["explanation"] = [
        f"{n_links} links, {n_flags} flags, weight {w:.1f}: {m:g} x log2(1 + {w:.1f}) = {c:.2f}"
        for n_links, n_flags, w, m, c in zip(table["links"], table["flags"], table.weight, multipliers, table.contribution)]
    return table[INDICATOR_COLUMNS].sort_values(["ring", "contribution", "indicator"], ascending=[True, False, True])


def ring_scores(indicators: pd.DataFrame, config: RingConfig, kinds: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per ring: score, the factor applied, typology and a one-line breakdown.

    ``kinds`` (from ``evidence_kinds``) lets a typology vote by the kind of evidence where an
    indicator covers several schemes (a resold box and a re-swiped code are both trace reuse).
    """
    context = set(config.scoring.context_indicators)
    voters = kinds if kinds is not None else indicators
    rows = []
    for ring, group in indicators.groupby("ring", sort=True):
        signal = group[~group.indicator.isin(context)]
        factor = 1.0 if len(signal) else config.scoring.context_only_factor
        total = float(group.contribution.sum()) * factor
        breakdown = " + ".join(f"{i} {c:.2f}" for i, c in zip(group.indicator, group.contribution))
        if factor != 1.0:
            breakdown = f"({breakdown}) x {factor:g} (context indicators only)"
        votes = voters[(voters.ring == ring) & ~voters.indicator.str.split(":").str[0].isin(context)]
        rows.append({"ring": ring, "score": round(total, 3), "typology": typology(votes, config),
                     "breakdown": breakdown})
    return pd.DataFrame(rows, columns=["ring", "score", "typology", "breakdown"]).astype({"ring": np.int64})


def evidence_kinds(inside: pd.DataFrame, flagged: pd.DataFrame, config: RingConfig) -> pd.DataFrame:
    """Per ring and ``indicator:kind`` (the second part of the evidence ID, where the typology votes
    name it; else the indicator alone): the contribution those links and flags would make."""
    rows = pd.concat([inside[["ring", "indicator", "evidence_id", "weight"]],
                      flagged[["ring", "indicator", "evidence_id", "weight"]]])
    kind = evidence_kind(rows)
    rows = rows.assign(indicator=np.where(kind.isin(config.typology.votes), kind, rows.indicator))
    table = rows.groupby(["ring", "indicator"], as_index=False).weight.sum()
    multipliers = table.indicator.str.split(":").str[0].map(config.scoring.multipliers).fillna(1.0)
    return table.assign(contribution=multipliers * np.log2(1 + table.weight))


def _persons(ends: pd.DataFrame) -> pd.Series:
    """Which rows of ``ends`` (a ``node`` column) are on persons."""
    return ends.node.astype(str).str.startswith("Person:")


def evidence_floor(indicators: pd.DataFrame, inside: pd.DataFrame, flagged: pd.DataFrame, decisive: set[str],
                   config: RingConfig) -> pd.DataFrame:
    """Per ring: the independent indicator families holding it, whether it has a decisive finding, and
    whether it may rank (``floor.min_families`` families, or one decisive finding).

    A family holds a ring when it touches ``floor.min_family_share`` of its members (and at least
    two): one card-holder's over-supply does not corroborate a group that another signal formed.
    A ring of fewer than ``floor.small_ring_persons`` persons needs one family more: three or four
    relatives sharing a phone and fetching each other's drugs look like that.
    A decisive finding is one no look-alike produces: a trace code settled again without a covering
    purchase, a visit begun after the holder's death, sales the pharmacy never had stock for.
    Imported rule hits (``floor.uncounted``) corroborate but are the rule engine's leads, not a family.
    Indicators of one ``floor.joint`` group (over-supply and co-purchase read the same purchases) count
    as one family, and one of the families must be a ``floor.records`` one: a finding that contradicts a
    record (a code settled again, a stock gap, a holder who could not be there, a prescription after
    the sale), not only timing, volume, steering or shared contacts, which honest chronic care shows too.
    A ``floor.records`` entry ``indicator:kind`` names one kind of an indicator's evidence (the second
    part of its evidence IDs) that does: it counts when it touches the family share of the ring.
    """
    # every member each piece of evidence touches: a link's two ends, a flag's node
    ends = pd.concat([inside[["ring", "indicator", "evidence_id", "src"]].rename(columns={"src": "node"}),
                      inside[["ring", "indicator", "evidence_id", "dst"]].rename(columns={"dst": "node"}),
                      flagged[["ring", "indicator", "evidence_id", "node"]]])
    size = ends.groupby("ring").node.nunique()
    ring_persons = ends[_persons(ends)].groupby("ring").node.nunique()

    def holds(rings: pd.Series, nodes: pd.Series, persons: pd.Series) -> np.ndarray:
        """Whether evidence touching ``nodes`` members, ``persons`` of them persons, holds each of ``rings``."""
        return ((nodes.to_numpy() >= np.maximum(2, config.floor.min_family_share * rings.map(size).to_numpy()))
                & (persons.to_numpy() >= np.minimum(config.floor.min_family_persons,
                                                    rings.map(ring_persons).fillna(0).to_numpy())))

    touched = ends.groupby(["ring", "indicator"]).node.nunique().rename("touched").reset_index()
    persons = ends[_persons(ends)].groupby(["ring", "indicator"]).node.nunique()
    touched["holds"] = holds(touched.ring, touched.touched, pd.MultiIndex.from_frame(
        touched[["ring", "indicator"]]).to_series().map(persons).fillna(0))
    holding = touched[touched.holds & ~touched.indicator.isin(config.floor.uncounted)]
    families = holding.groupby("ring").indicator.agg(lambda s: ",".join(sorted(set(s))))
    joint = {i: "+".join(group) for group in config.floor.joint for i in group}
    independent = holding.indicator.map(lambda i: joint.get(i, i))
    counted = independent.groupby(holding.ring).nunique()
    records = set(config.floor.records)
    recorded = holding.indicator.isin(records).groupby(holding.ring).any() if records else None
    kinds = {r for r in records if ":" in r}
    if kinds:  # a kind of evidence of a pattern indicator (ghost prescriptions among steering) holding the ring
        of_kind = ends[evidence_kind(ends).isin(kinds).to_numpy()]
        kind_touched = of_kind.groupby("ring").node.nunique()
        kind_persons = of_kind[_persons(of_kind)].groupby("ring").node.nunique().reindex(kind_touched.index).fillna(0)
        kind_holds = pd.Series(holds(kind_touched.index.to_series(), kind_touched, kind_persons),
                               index=kind_touched.index)
        assert recorded is not None
        recorded = recorded.combine(kind_holds, lambda a, b: bool(a) or bool(b), fill_value=False)
    # a decisive finding counts where it names a member person (a counter's stock gap or re-swiped code
    # accuses the scheme whose cards carry it, not a club of honest patients who shop at the same counter),
    # and names ``floor.decisive_persons`` of them or comes from a family that holds the ring: one
    # re-swiped box among a club's refills is no scheme, a dead card among a broker's impossible trips is
    named = ends[_persons(ends) & ends.evidence_id.isin(decisive)]
    persons_named = named.groupby("ring").node.nunique()
    held = set(zip(holding.ring, holding.indicator))
    from_family = {r for r, i in zip(named.ring, named.indicator) if (r, i) in held}
    out = pd.DataFrame({"ring": np.array(sorted(set(indicators.ring)), dtype=np.int64)})
    out["families"] = out.ring.map(families).fillna("")
    count = out.ring.map(counted).fillna(0)
    out["decisive"] = out.ring.isin(from_family) | (out.ring.map(persons_named).fillna(0) >= np.minimum(
        config.floor.decisive_persons, out.ring.map(ring_persons).fillna(1)))
    small = out.ring.map(ring_persons).fillna(0) < config.floor.small_ring_persons
    enough = count >= config.floor.min_families + small.astype(int)
    if recorded is not None:
        enough &= out.ring.map(recorded).fillna(False).astype(bool)
    out["passes"] = out.decisive | enough
    return out


def decisive_lead(scores: pd.DataFrame, lead: float) -> pd.DataFrame:
    """A ring holding a decisive finding scores at least the lead threshold: a card used after its
    holder's death is worth a lead however few links surround it (a family's dead parent's card)."""
    low = (scores.decisive.astype(bool)) & (scores.score < lead)
    out = scores.copy()
    out.loc[low, "breakdown"] = [f"{b}; raised to {lead:g} (decisive finding)" for b in out.breakdown[low]]
    out.loc[low, "score"] = lead
    return out


def decisive_evidence(findings: list[Finding], repeated: dict[str, int] | None = None) -> set[str]:
    """Evidence IDs whose rows the detectors marked decisive (``"decisive": true`` in their detail), and
    those of a ``repeated`` kind (``indicator:kind`` -> n) that flag one person n times or more with one
    place (the other end of the links of the same evidence): a pattern no single mix-up makes."""
    found: set[str] = set()
    for f in findings:
        if len(f.evidence):
            marked = f.evidence.detail.astype(str).str.contains('"decisive": true', regex=False)
            found |= set(f.evidence.evidence_id[marked])
        found |= _repeated(f, repeated or {})
    return found


def _repeated(finding: Finding, repeated: dict[str, int]) -> set[str]:
    wanted = {kind: n for kind, n in repeated.items() if kind.split(":")[0] == finding.indicator}
    if not wanted or finding.flags.empty or finding.links.empty:
        return set()
    flags = finding.flags[finding.flags.node.astype(str).str.startswith("Person:")]
    flags = flags.assign(kind=evidence_kind(flags.assign(indicator=finding.indicator)))
    flags = flags[flags.kind.isin(wanted)][["node", "evidence_id", "kind"]].drop_duplicates()
    links = pd.concat([finding.links[["src", "dst", "evidence_id"]],
                       finding.links[["dst", "src", "evidence_id"]].set_axis(["src", "dst", "evidence_id"], axis=1)])
    placed = flags.merge(links.rename(columns={"src": "node", "dst": "place"}), on=["node", "evidence_id"])
    placed = placed[~placed.place.astype(str).str.startswith("Person:")].drop_duplicates(["node", "place", "evidence_id"])
    if placed.empty:
        return set()
    times = placed.groupby(["node", "place"]).evidence_id.transform("nunique").to_numpy()
    return set(placed.evidence_id[times >= placed.kind.map(wanted).astype(float).to_numpy()])


def typology(signal: pd.DataFrame, config: RingConfig) -> str:
    """The scheme with the most indicator votes when it holds at least ``dominant`` of them, else "mixed".

    >>> from graphfraud.rings.config import load_ring_config
    >>> rows = pd.DataFrame({"indicator": ["trace_reuse", "swipe_burst"], "contribution": [3.0, 2.0]})
    >>> typology(rows, load_ring_config())
    'fake_purchase'
    """
    votes: dict[str, float] = {}
    for indicator, contribution in zip(signal.indicator, signal.contribution):
        for name, share in config.typology.votes.get(indicator, {}).items():
            votes[name] = votes.get(name, 0.0) + share * float(contribution)
    total = sum(votes.values())
    if total <= 0:
        return "mixed"
    best = max(TYPOLOGIES, key=lambda name: votes.get(name, 0.0))  # ties go to the earlier typology
    return best if votes.get(best, 0.0) >= config.typology.dominant * total else "mixed"
