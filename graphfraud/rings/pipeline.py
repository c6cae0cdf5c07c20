"""Ring detection end to end: detectors -> indicator graph -> rings among suspects -> scored, stored rings.

Steps of ``assemble_rings``:
1. merge the findings' links into one weighted graph of persons, institutions and doctors;
2. rings among suspects (``rings/assembly.py``): members are tied in by evidence of their own
   records, found as Leiden (or Louvain) communities with fixed seed, hubs and sizes bounded;
3. score each ring as the explained sum of its members' indicators; rings below the evidence floor
   (two indicator families, or one decisive finding) are weak candidates, counted but not kept;
4. a person in no ring whose phone or account holds a ring's cards joins it (``join_holders``), and so
   do the cards in no ring that a ring's broker held (``join_cards``); a ring person whose boxes were
   resold at another ring's outlet is in that ring too (``rings/shared.py``); persons linked to a ring
   but not in it are its context (``rings/membership.py``);
5. label typology and member roles; total the amounts of the evidence settlements and class them
   against the province thresholds;
6. rank, keep IDs of rings seen before, and store every collection of ``graphfraud.rings.model``.
"""
from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Callable

import numpy as np
import pandas as pd

from graphfraud.detectors.base import Finding
from graphfraud.rings import results
from graphfraud.rings.amounts import Thresholds, load_thresholds
from graphfraud.rings.assembly import core_rings, join_cards, join_holders
from graphfraud.rings.communities import versions
from graphfraud.rings.config import RingConfig, load_ring_config
from graphfraud.rings.graph import build_graph
from graphfraud.rings.membership import context
from graphfraud.rings.purchases import without_purchase_flags
from graphfraud.rings.results import RunResult
from graphfraud.rings.shared import follow_places, shared_members, shared_rows, with_shared
from graphfraud.rings.scoring import (decisive_evidence, decisive_lead, evidence_floor, evidence_kinds,
                                     ring_indicators, ring_scores)
from graphfraud.store.base import GraphStore

__all__ = ["RunResult", "assemble_rings", "detect_rings"]
Progress = Callable[[str, int, int], None]


def detect_rings(store: GraphStore, config: Any = None, algorithm: str = "leiden", seed: int = 42,
                 progress: Progress | None = None, ring_config: RingConfig | None = None,
                 thresholds: Thresholds | None = None, save: bool = True) -> RunResult:
    """Run every detector on ``store``, assemble rings and store them (``save=False`` only returns them).

    ``config`` is a ``graphfraud.detectors.config.DetectorConfig`` (defaults when None).
    """
    from graphfraud.detectors import run_detectors
    from graphfraud.detectors.config import load_config

    config = config if config is not None else load_config()
    started = datetime.now()
    findings = run_detectors(store, config, progress=progress)
    params = {"detectors": config.as_dict()}
    return assemble_rings(store, findings, algorithm, seed, ring_config, thresholds, progress, started, params, save)


def assemble_rings(store: GraphStore, findings: list[Finding], algorithm: str = "leiden", seed: int = 42,
                   ring_config: RingConfig | None = None, thresholds: Thresholds | None = None,
                   progress: Progress | None = None, started: datetime | None = None,
                   params: dict[str, Any] | None = None, save: bool = True) -> RunResult:
    """Rings from already computed findings (steps 1–6 of the module docstring)."""
    cfg = ring_config or load_ring_config()
    thresholds = thresholds or load_thresholds()
    started = started or datetime.now()
    step = progress or (lambda label, done, total: None)
    step("indicator graph", 0, 4)
    graph = build_graph(without_purchase_flags(findings, cfg.assembly.purchase_flags), cfg.scoring.multipliers,
                        cfg.assembly.batch_kinds, cfg.assembly.holder_kinds)
    step("communities", 1, 4)
    ring_of_vertex, assembly = core_rings(graph, cfg, algorithm, seed)
    step("scoring", 2, 4)
    inside, flagged = graph.within(ring_of_vertex)
    indicators = ring_indicators(inside, flagged, cfg)
    floor = evidence_floor(indicators, inside, flagged, decisive_evidence(findings, cfg.floor.repeated), cfg)
    weak = floor.ring[~floor.passes].to_numpy()
    if len(weak):  # below the evidence floor: a weak candidate, counted but not ranked
        ring_of_vertex = np.where(np.isin(ring_of_vertex, weak), -1, ring_of_vertex)
        inside, flagged = graph.within(ring_of_vertex)
        indicators = indicators[~indicators.ring.isin(weak)]
    assembly["weak_candidates"] = int(len(weak))
    scores = ring_scores(indicators, cfg, evidence_kinds(inside, flagged, cfg)).merge(floor[["ring", "families", "decisive"]].astype({"decisive": int}),
                                                on="ring")
    scores = decisive_lead(scores, cfg.scoring.min_lead_score)
    # the holder of a ring's cards joins a ring that stands on its own evidence; his ties weigh nothing in its score
    ring_of_vertex, joined = join_holders(graph, ring_of_vertex, cfg)
    assembly["holders_joined"] = len(joined)
    # a broker's hand: the cards he held join the ring holding him
    ring_of_vertex, cards, hands = join_cards(graph, ring_of_vertex, cfg)
    assembly["cards_joined"] = len(cards)
    # a card-holder who supplied two rings' outlets is in both, each counting what went through its own
    shared = shared_members(graph, ring_of_vertex, cfg.assembly.shared_kinds, cfg.assembly.shared_min_evidence,
                            cfg.assembly.min_place_persons)
    shared = follow_places(graph, shared, findings, cfg.assembly.shared_kinds, cfg.assembly.shared_follow)
    assembly["shared_members"] = len(shared)
    # his ties, and the weak ones among members, are listed as evidence
    listed, flagged = with_shared(graph, shared, *graph.within(ring_of_vertex, aside=True))
    beside = context(graph, ring_of_vertex, cfg.assembly.max_context)
    step("amounts and storage", 3, 4)
    detector_params = {f.indicator: f.params for f in findings}
    run = _run_record(store, algorithm, seed, cfg, thresholds, started, {"detector_params": detector_params,
                                                                           "assembly": assembly, **(params or {})})
    built = results.build(store, graph.nodes, ring_of_vertex, listed, flagged, indicators, scores, findings,
                          thresholds, run["run_id"], cfg.assembly.max_rings, beside, cfg.scoring,
                          set(graph.nodes[np.concatenate([joined, hands])].astype(str)), shared_rows(graph, shared))
    run["finished"] = datetime.now().isoformat(timespec="seconds")
    out = RunResult(run, built.rings, built.members, built.indicators, built.evidence, built.lineage,
                    detector_params, built.context)
    if save:
        results.save(store, out)
    step("done", 4, 4)
    return out


def _run_record(store: GraphStore, algorithm: str, seed: int, cfg: RingConfig, thresholds: Thresholds,
                started: datetime, params: dict[str, Any]) -> dict[str, Any]:
    """The ``runs`` row: seed, algorithm, library versions and every threshold applied (provenance)."""
    previous = store.get_results("runs")
    applied = {"rings": cfg.as_dict(), "thresholds": thresholds.__dict__, **params}
    return {"run_id": f"run-{len(previous) + 1:04d}", "started": started.isoformat(timespec="seconds"),
            "finished": None, "store": store.name, "algorithm": algorithm, "seed": seed,
            "params": json.dumps(applied, ensure_ascii=False, default=str, sort_keys=True),
            "versions": json.dumps(versions(algorithm), sort_keys=True)}
