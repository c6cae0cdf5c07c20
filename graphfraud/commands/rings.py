"""Commands that find and read rings: detect, rings, ring show, path, expand, why."""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import click

from graphfraud import ui
from graphfraud.commands import render
from graphfraud.commands.auditing import current_operator, note as audit_note
from graphfraud.commands.group import command, group
from graphfraud.commands.jsonout import emit, frame_records
from graphfraud.commands.options import json_option, limit_options, store_options, wide_option
from graphfraud.rings.model import TYPOLOGIES
from graphfraud.rings.report import CLASS_LEVELS, RingFilter, filter_rings, involvement, ring_detail, stored_rings, top_rings
from graphfraud.store.base import REL_TYPES, GraphStore, HubRule
from graphfraud.store.spec import StoreSpec

FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


def register(main: click.Group) -> None:
    for cmd in (detect, rings_command, ring, path, expand, why):
        main.add_command(cmd)


@command(audited=True)
@store_options
@click.option("--config", "config_file", type=FILE, help="Detector thresholds overriding detectors/defaults.toml.")
@click.option("--ring-config", type=FILE, help="Ring assembly and scoring overriding rings/defaults.toml.")
@click.option("--algorithm", type=click.Choice(["leiden", "louvain"]), default="leiden", show_default=True,
              help="Community algorithm: igraph Leiden (modularity), or python-louvain.")
@click.option("--seed", default=42, show_default=True, help="Seed of the community algorithm (recorded with the run).")
@click.option("--thresholds", type=FILE, help="Amount-class thresholds file (default: rings/thresholds.toml).")
@click.option("--province", default="", help="Province whose amount thresholds apply (two-digit code, e.g. 50).")
@click.option("--top", default=10, show_default=True, help="Rings to print at the end.")
@click.option("--no-leads", is_flag=True, help="Do not open leads for the rings found.")
@click.option("--engine", type=click.Choice(["store", "spark"]), default="store", show_default=True,
              help="Where the detectors' heavy queries run: on the store, or on Apache Spark over --input "
                   "(results still go to the workspace; docs/scale-out.md).")
@click.option("--input", "input_dir", type=click.Path(file_okay=False, path_type=Path),
              help="With --engine spark: the Parquet folder of input tables (graphfraud export-tables writes one).")
@click.option("--spark-master", default="local[2]", show_default=True,
              help="With --engine spark: the Spark master (local[N] here, a cluster's URL in a province).")
@wide_option
@json_option
def detect(spec: StoreSpec, config_file: Path | None, ring_config: Path | None, algorithm: str, seed: int,
           thresholds: Path | None, province: str, top: int, no_leads: bool, engine: str, input_dir: Path | None,
           spark_master: str, wide: bool, as_json: bool) -> None:
    """Run every detector, assemble the indicator graph into rings, score and store them, and open a
    lead (线索) for each ring scoring at least the lead threshold that has none yet.

    Rings that continue a ring of the previous run keep its ID (member Jaccard ≥ 0.5). The lead
    threshold is scoring.min_lead_score of the ring config (else the lead_min_score setting).

    With --engine spark the detectors' queries run on Spark over the Parquet tables of --input and
    only their results come back; rings, leads and lineage are kept in the workspace as usual.

    \b
    Example:
      graphfraud detect --workspace case.duckdb
      graphfraud detect --algorithm louvain --province 50 --json
      graphfraud detect --engine spark --input tables/ --spark-master local[2] --workspace results.duckdb
    """
    from graphfraud.detectors.config import load_config
    from graphfraud.ledger import lead_threshold, open_detection_leads
    from graphfraud.rings.amounts import load_thresholds
    from graphfraud.rings.config import load_ring_config
    from graphfraud.rings.pipeline import detect_rings

    detector_cfg, ring_cfg = load_config(config_file), load_ring_config(ring_config)
    limits = load_thresholds(thresholds, province)
    min_score = lead_threshold(ring_cfg)
    with _detection_store(spec, engine, input_dir, spark_master) as store:
        with ui.progress("detecting", quiet=as_json) as update:
            result = detect_rings(store, detector_cfg, algorithm, seed, update, ring_cfg, limits)
        run_id = result.run["run_id"]
        opened = [] if no_leads else open_detection_leads(store, run_id, current_operator(), min_score)
        best = top_rings(store, top) if len(result.rings) else result.rings
    audit_note(subjects=[run_id, *opened], leads_opened=len(opened))
    if as_json:
        emit("detect", {"run": {k: v for k, v in result.run.items() if k != "params"}, "rings": len(result.rings),
                        "changes": result.lineage.change.value_counts().to_dict() if len(result.lineage) else {},
                        "lead_threshold": min_score, "leads_opened": opened, "top": render.ring_records(best)})
        return
    ui.note(f"{run_id}: {len(result.rings)} rings ({algorithm}, seed {seed})")
    if len(best):
        render.top_rings(best, wide)
    ui.note(f"leads opened: {len(opened)} (rings scoring at least {min_score:g} without a lead)"
            + (f": {', '.join(opened[:8])}{' …' if len(opened) > 8 else ''}" if opened else "")
            + "; see graphfraud leads list")


@contextmanager
def _detection_store(spec: StoreSpec, engine: str, input_dir: Path | None, master: str) -> Iterator[GraphStore]:
    """The store detect reads and writes: the chosen store, or the workspace fed by Spark."""
    if engine == "store":
        if input_dir is not None:
            raise click.UsageError("--input goes with --engine spark")
        with spec.open(must_exist=True) as store:
            yield store
        return
    from graphfraud.errors import InputError
    from graphfraud.store.spark import SparkFrames, SparkInputStore, session

    if spec.kind != "embedded":
        raise InputError("--engine spark keeps its results in an embedded workspace",
                         "drop --store neo4j; push the results later with graphfraud neo4j push")
    if input_dir is None:
        raise InputError("--engine spark needs --input PARQUET_DIR", "write one with: graphfraud export-tables DIR")
    spark = session(master)
    try:
        with SparkInputStore(spec.workspace, SparkFrames(spark, input_dir)) as store:
            yield store
    finally:
        spark.stop()


@command(name="rings", audited=True)
@store_options
@click.option("--typology", type=click.Choice(TYPOLOGIES), help="Only rings of this typology.")
@click.option("--region", help="Only rings with a member institution (or a doctor's institution) in this region: an "
                               "admdvs prefix such as 33 or 3305; 'none' lists the rings that have neither.")
@click.option("--institution", help="Only rings with this member institution (fixmedins_code).")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Only rings active on or after this day.")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Only rings active on or before this day.")
@click.option("--min-class", type=click.Choice(list(CLASS_LEVELS)),
              help="Only rings at or above this 诈骗罪 amount class (数额较大 / 巨大 / 特别巨大).")
@click.option("--min-amount", default=0.0, show_default=True, help="Only rings with at least this pooled-fund amount.")
@click.option("--limit", default=20, show_default=True, help="How many rings to list.")
@wide_option
@json_option
def rings_command(spec: StoreSpec, typology: str | None, region: str | None, institution: str | None,
                  since: Any, until: Any, min_class: str | None, min_amount: float, limit: int, wide: bool,
                  as_json: bool) -> None:
    """The ranked list of stored rings: score, typology, size, pooled fund and personal account.

    \b
    Example:
      graphfraud rings --typology resale --min-amount 30000
      graphfraud rings --region 33 --since 2025-10-01 --min-class huge
      graphfraud rings --institution P33030400721 --json
    """
    chosen = RingFilter(typology, region, min_amount, since.date().isoformat() if since else None,
                        until.date().isoformat() if until else None, institution, min_class)
    with spec.open(read_only=True) as store:
        all_rings = stored_rings(store)
        members = store.get_results("ring_members")
        regions = render.regions(store, members) if region else None
        kept = filter_rings(all_rings, members, regions=regions, chosen=chosen)
    if as_json:
        emit("rings", {"total": len(all_rings), "matched": len(kept), "filters": chosen.describe(),
                       "rings": render.ring_records(kept.head(limit))})
        return
    render.ring_table(kept.head(limit), f"{min(limit, len(kept))} of {len(kept)} rings"
                      + (f" matching ({len(all_rings)} stored)" if chosen.describe() else ""), wide)
    if region and region != "none" and regions is not None:
        placeless = sum(1 for codes in regions.values() if not codes)
        if placeless:
            ui.note(f"--region {region} matches the regions of member institutions and doctors; {placeless} rings "
                    "have neither and are not listed (see them with --region none)")


@group()
def ring() -> None:
    """One ring in detail."""


@ring.command(audited=True)
@click.argument("ring_id")
@store_options
@limit_options(10, "rows (members, context, evidence, timeline)")
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True,
              help="Language of the findings (the statements of fact per indicator).")
@wide_option
@json_option
def show(ring_id: str, spec: StoreSpec, limit: int | None, lang: str, wide: bool, as_json: bool) -> None:
    """A ring, summary first: what was found (facts per indicator), its members and roles, context
    persons apart, evidence rows of every indicator and the timeline.

    \b
    Example:
      graphfraud ring show R-000001
      graphfraud ring show R-000001 --all --lang zh
      graphfraud ring show R-000001 --json > ring.json
    """
    from graphfraud.case.narrative import ring_findings

    with spec.open(read_only=True) as store:
        detail = ring_detail(store, ring_id)
        findings = ring_findings(store, ring_id, lang)
    if as_json:
        emit("ring", {"ring": render.ring_record(detail["ring"]), "members": frame_records(detail["members"]),
                      "context": frame_records(detail["context"]), "indicators": frame_records(detail["indicators"]),
                      "findings": findings, "evidence": frame_records(detail["evidence"]),
                      "timeline": frame_records(detail["timeline"])})
        return
    render.ring_detail(detail, findings, limit, wide)


@command(audited=True)
@click.argument("a")
@click.argument("b")
@store_options
@click.option("--max-hops", default=6, show_default=True, type=click.IntRange(1, 12), help="Longest path searched.")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(REL_TYPES),
              help="Only relationships of this kind (repeatable).")
@click.option("--through-hubs", is_flag=True,
              help="Also step through super-nodes: drugs, identifiers shared by more than 10, hub institutions.")
@click.option("--limit", default=5, show_default=True, help="Paths to show.")
@json_option
def path(a: str, b: str, spec: StoreSpec, max_hops: int, kinds: tuple[str, ...], through_hubs: bool, limit: int,
         as_json: bool) -> None:
    """Shortest paths between two entities, with the relationship of each hop and the names.

    A or B is a psn_no, fixmedins_code, dr_code, trace code or Label:key. Paths do not step through
    super-nodes (a drug links all its buyers; a shared switchboard or a big hospital links
    strangers) unless --through-hubs; the hub limit is the path_hub_limit setting.

    \b
    Example:
      graphfraud path 07244207525157741069 P33030400721 --max-hops 4
      graphfraud path Person:07244207525157741069 Person:10973356673604790927 --json
    """
    rule = HubRule.through() if through_hubs else HubRule()
    with spec.open(read_only=True) as store:
        start, end = store.resolve(a)[0], store.resolve(b)[0]
        paths = store.shortest_paths(start, end, max_hops, list(kinds) or None, limit, rule)
        steps = [store.path_steps(p) for p in paths]
        hint = not paths and not through_hubs and bool(store.shortest_paths(start, end, max_hops, list(kinds) or None,
                                                                            1, HubRule.through()))
    if as_json:
        emit("paths", {"from": start, "to": end, "max_hops": max_hops, "through_hubs": through_hubs,
                       "paths": [{"hops": len(p) - 1, "nodes": p, "steps": s} for p, s in zip(paths, steps)],
                       "found_through_hubs_only": hint})
        return
    if not paths:
        ui.note(f"no path of at most {max_hops} hops between {start} and {end}"
                + ("; one exists through a super-node (add --through-hubs)" if hint else ""))
        return
    for number, found in enumerate(steps, start=1):
        render.path_steps(number, found)


@command(audited=True)
@click.argument("seeds", nargs=-1, required=True)
@store_options
@click.option("--rounds", default=1, show_default=True, type=click.IntRange(1, 4),
              help="card → institution → card rounds.")
@click.option("--max-cards", default=200, show_default=True, help="Hub cap: institutions with more cards are not expanded.")
@click.option("--max-nodes", default=2000, show_default=True, help="Stop after reaching this many cards and institutions.")
@limit_options(30, "rows of each table")
@wide_option
@json_option
def expand(seeds: tuple[str, ...], spec: StoreSpec, rounds: int, max_cards: int, max_nodes: int, limit: int | None,
           wide: bool, as_json: bool) -> None:
    """Bounded card → institution → card expansion from seed cards or institutions (Hangzhou model).

    \b
    Example:
      graphfraud expand 07244207525157741069 10973356673604790927
      graphfraud expand P33030400721 --rounds 2 --max-cards 100 --json
    """
    from graphfraud.rings.expand import expand as run

    with spec.open(read_only=True) as store:
        ids = [store.resolve(s)[0] for s in seeds]
        found = run(store, ids, rounds, max_cards, max_nodes)
        names = store.names([*found.cards.node_id, *found.institutions.node_id])
    cards = render.with_names(found.cards, names)
    places = render.with_names(found.institutions, names)
    if as_json:
        emit("expansion", {"seeds": found.seeds, "params": found.params, "cards": frame_records(cards),
                           "institutions": frame_records(places)})
        return
    render.expansion(places, cards, limit, wide)
    if found.params["capped_institutions"]:
        ui.note(f"not expanded (more than {max_cards} cards): {', '.join(found.params['capped_institutions'])}")


@command(audited=True)
@click.argument("entity")
@store_options
@limit_options(10, "evidence rows")
@wide_option
@json_option
def why(entity: str, spec: StoreSpec, limit: int | None, wide: bool, as_json: bool) -> None:
    """Which rings an entity belongs to (as member or as context), in which role, and the evidence
    rows that tie it in, summarised per ring and indicator first.

    \b
    Example:
      graphfraud why 07244207525157741069
      graphfraud why P33030400721 --all --json
    """
    with spec.open(read_only=True) as store:
        node = store.resolve(entity)[0]
        found = involvement(store, node)
        name = store.names([node]).get(node)
    if as_json:
        emit("why", {"entity": node, "name": name, "rings": frame_records(found["rings"]),
                     "evidence": frame_records(found["evidence"])})
        return
    render.involvement(node, name, found["rings"], found["evidence"], limit, wide)
