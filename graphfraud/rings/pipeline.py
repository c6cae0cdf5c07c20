"""Ring detection end to end: detectors -> indicator graph -> communities -> scored, stored rings.

Steps of ``assemble_rings``:
1. merge the findings' links into one weighted graph of persons, institutions and doctors;
2. communities by Leiden (or Louvain), fixed seed; each community split into connected pieces;
3. keep only corroborated members (``rings/pruning.py``), split again into connected pieces and
   drop trivial ones (too few members or persons);
4. score each piece as the explained sum of its indicators, label its typology and member roles;
5. total the amounts of its evidence settlements and class them against the province thresholds;
6. rank, keep IDs of rings seen before, and store every collection of ``graphfraud.rings.model``.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable

import numpy as np
import pandas as pd

from graphfraud.detectors.base import Finding
from graphfraud.rings import results
from graphfraud.rings.amounts import Thresholds, load_thresholds
from graphfraud.rings.communities import connected_communities, membership, versions
from graphfraud.rings.config import RingConfig, load_ring_config
from graphfraud.rings.graph import IndicatorGraph, build_graph
from graphfraud.rings.membership import attach_hubs, context, hubs, places_with_persons, suspects
from graphfraud.rings.scoring import decisive_evidence, evidence_floor, ring_indicators, ring_scores
from graphfraud.store.base import GraphStore

Progress = Callable[[str, int, int], None]


@dataclass
class RunResult:
    """One detection run: the stored collections as frames, plus what shaped them."""

    run: dict[str, Any]
    rings: pd.DataFrame
    members: pd.DataFrame
    indicators: pd.DataFrame
    evidence: pd.DataFrame
    lineage: pd.DataFrame
    detector_params: dict[str, Any] = field(default_factory=dict)
    context: pd.DataFrame = field(default_factory=pd.DataFrame)

    def member_sets(self) -> dict[str, set[str]]:
        return {r: set(g) for r, g in self.members.groupby("ring_id").node_id}


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
    graph = build_graph(findings, cfg.scoring.multipliers)
    step("communities", 1, 4)
    ring_of_vertex, assembly = _core_rings(graph, cfg, algorithm, seed)
    step("scoring", 2, 4)
    inside, flagged = graph.within(ring_of_vertex)
    indicators = ring_indicators(inside, flagged, cfg)
    floor = evidence_floor(indicators, inside, flagged, decisive_evidence(findings), cfg)
    weak = floor.ring[~floor.passes].to_numpy()
    if len(weak):  # below the evidence floor: a weak candidate, counted but not ranked
        ring_of_vertex = np.where(np.isin(ring_of_vertex, weak), -1, ring_of_vertex)
        inside, flagged = graph.within(ring_of_vertex)
        indicators = indicators[~indicators.ring.isin(weak)]
    assembly["weak_candidates"] = int(len(weak))
    scores = ring_scores(indicators, cfg).merge(floor[["ring", "families", "decisive"]], on="ring")
    beside = context(graph, ring_of_vertex, cfg.assembly.max_context)
    step("amounts and storage", 3, 4)
    detector_params = {f.indicator: f.params for f in findings}
    run = _run_record(store, algorithm, seed, cfg, thresholds, started, {"detector_params": detector_params,
                                                                           "assembly": assembly, **(params or {})})
    built = results.build(store, graph.nodes, ring_of_vertex, inside, flagged, indicators, scores, findings,
                          thresholds, run["run_id"], cfg.assembly.max_rings, beside)
    run["finished"] = datetime.now().isoformat(timespec="seconds")
    out = RunResult(run, built.rings, built.members, built.indicators, built.evidence, built.lineage,
                    detector_params, built.context)
    if save:
        results.save(store, out)
    step("done", 4, 4)
    return out


def _core_rings(graph: IndicatorGraph, cfg: RingConfig, algorithm: str, seed: int
                ) -> tuple[np.ndarray, dict[str, Any]]:
    """Ring number of every vertex (-1: none), and how many suspects there were and which hubs sat out.

    Communities are found among suspects only (``rings/membership.py``), over the links that tie
    accomplices (not those of ``assembly.customer_links``); hubs are held out and re-attached; places
    without enough of their ring's persons and trivial pieces are dropped.
    """
    a = cfg.assembly
    core = suspects(graph, cfg.scoring.context_indicators, a)
    hub = hubs(graph, core, a.max_hub_degree)
    sub, ids = graph.restricted(core & ~hub, a.customer_links)
    labels = membership(sub, algorithm, seed, a.resolution)
    ring_of_vertex = _numbered([ids[p] for p in connected_communities(sub, labels)], len(graph.nodes))
    ring_of_vertex = attach_hubs(graph, ring_of_vertex, hub)
    ring_of_vertex = places_with_persons(graph, ring_of_vertex, a.min_place_persons, a.customer_links)
    sub, ids = graph.restricted(ring_of_vertex >= 0, a.customer_links)
    pieces = [ids[p] for p in connected_communities(sub, ring_of_vertex[ids].tolist())]
    ring_of_vertex = _numbered([p for p in pieces if _big_enough(graph, p, cfg)], len(graph.nodes))
    held = [str(n) for n in graph.nodes[hub]]
    return ring_of_vertex, {"suspects": int(core.sum()), "hubs_held_out": held[:100], "hubs": len(held)}


def _numbered(pieces: list[np.ndarray] | list[list[int]], vertices: int) -> np.ndarray:
    """Piece number of every vertex, -1 for vertices in no piece."""
    numbers = np.full(vertices, -1, dtype=np.int64)
    for number, piece in enumerate(pieces):
        numbers[np.asarray(piece, dtype=np.int64)] = number
    return numbers


def _big_enough(graph: IndicatorGraph, piece: np.ndarray | list[int], cfg: RingConfig) -> bool:
    if len(piece) < cfg.assembly.min_members:
        return False
    persons = sum(1 for v in piece if graph.nodes[v].startswith("Person:"))
    return persons >= cfg.assembly.min_persons


def _run_record(store: GraphStore, algorithm: str, seed: int, cfg: RingConfig, thresholds: Thresholds,
                started: datetime, params: dict[str, Any]) -> dict[str, Any]:
    """The ``runs`` row: seed, algorithm, library versions and every threshold applied (provenance)."""
    previous = store.get_results("runs")
    applied = {"rings": cfg.as_dict(), "thresholds": thresholds.__dict__, **params}
    return {"run_id": f"run-{len(previous) + 1:04d}", "started": started.isoformat(timespec="seconds"),
            "finished": None, "store": store.name, "algorithm": algorithm, "seed": seed,
            "params": json.dumps(applied, ensure_ascii=False, default=str, sort_keys=True),
            "versions": json.dumps(versions(algorithm), sort_keys=True)}
