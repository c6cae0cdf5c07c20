"""Commands that find and read rings: detect, rings, ring show, path, expand, why."""
from __future__ import annotations

from pathlib import Path

import click

from graphfraud import ui
from graphfraud.commands import render
from graphfraud.commands.group import command, group
from graphfraud.commands.options import emit_json, json_option, store_options
from graphfraud.rings.model import TYPOLOGIES
from graphfraud.rings.report import (filter_rings, involvement, plain_basis, records, ring_detail, stored_rings,
                                     top_rings)
from graphfraud.store.base import REL_TYPES
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
@json_option
def detect(spec: StoreSpec, config_file: Path | None, ring_config: Path | None, algorithm: str, seed: int,
           thresholds: Path | None, province: str, top: int, as_json: bool) -> None:
    """Run every detector, assemble the indicator graph into rings, score and store them.

    Rings that continue a ring of the previous run keep its ID (member Jaccard ≥ 0.5).

    \b
    Example:
      graphfraud detect --workspace case.duckdb
      graphfraud detect --algorithm louvain --province 50 --json
    """
    from graphfraud.detectors.config import load_config
    from graphfraud.rings.amounts import load_thresholds
    from graphfraud.rings.config import load_ring_config
    from graphfraud.rings.pipeline import detect_rings

    detector_cfg, ring_cfg = load_config(config_file), load_ring_config(ring_config)
    limits = load_thresholds(thresholds, province)
    with spec.open() as store, ui.progress("detecting", quiet=as_json) as update:
        result = detect_rings(store, detector_cfg, algorithm, seed, update, ring_cfg, limits)
        if as_json:
            emit_json({"run": {k: v for k, v in result.run.items() if k != "params"}, "rings": len(result.rings),
                       "changes": result.lineage.change.value_counts().to_dict(),
                       "top": records(result.rings.head(top))})
            return
        ui.err.print(f"{result.run['run_id']}: {len(result.rings)} rings ({algorithm}, seed {seed})")
        render.top_rings(top_rings(store, top))


@command(name="rings", audited=True)
@store_options
@click.option("--typology", type=click.Choice(TYPOLOGIES), help="Only rings of this typology.")
@click.option("--region", help="Only rings with an institution in this region (admdvs prefix, e.g. 3305).")
@click.option("--min-amount", default=0.0, show_default=True, help="Only rings with at least this pooled-fund amount.")
@click.option("--limit", default=20, show_default=True, help="How many rings to list.")
@json_option
def rings_command(spec: StoreSpec, typology: str | None, region: str | None, min_amount: float, limit: int,
                  as_json: bool) -> None:
    """The ranked list of stored rings.

    \b
    Example:
      graphfraud rings --typology resale --min-amount 30000
      graphfraud rings --region 5001 --json
    """
    with spec.open(read_only=True) as store:
        chosen = filter_rings(stored_rings(store), store.get_results("ring_members"), typology, region, min_amount)
    if as_json:
        emit_json(records(chosen.head(limit)))
        return
    render.ring_table(chosen.head(limit), f"{min(limit, len(chosen))} of {len(chosen)} rings")


@group()
def ring() -> None:
    """One ring in detail."""


@ring.command(audited=True)
@click.argument("ring_id")
@store_options
@click.option("--evidence-rows", default=30, show_default=True, help="Evidence rows to print (all under --json).")
@json_option
def show(ring_id: str, spec: StoreSpec, evidence_rows: int, as_json: bool) -> None:
    """Members and roles, its context apart, indicators with their evidence rows, amounts and a timeline of one ring.

    \b
    Example:
      graphfraud ring show R-000001
      graphfraud ring show R-000001 --json > ring.json
    """
    with spec.open(read_only=True) as store:
        detail = ring_detail(store, ring_id)
    if as_json:
        emit_json({k: v if isinstance(v, dict) else records(v) for k, v in detail.items()})
        return
    r = detail["ring"]
    ui.out.print(f"[bold]{ring_id}[/bold] rank {r['rank']}, score {r['score']}, {r['typology']}, "
                 f"{r['amount_class'] or 'below 数额较大'}")
    ui.out.print(f"pooled fund {r['fund_pay_sumamt']:,.2f} (统筹 {r['hifp_pay']:,.2f}), personal account "
                 f"{r['acct_pay']:,.2f}, total cost {r['medfee_sumamt']:,.2f} yuan; {r['period_start']} to {r['period_end']}")
    members, indicators, evidence = detail["members"], detail["indicators"], detail["evidence"]
    ui.table("Members", ["member", "name", "role", "own evidence", "score"],
             [[m.node_id, m.name, m.role, plain_basis(getattr(m, "basis", "")), m.score] for m in members.itertuples()])
    context = detail["context"]
    if len(context):
        ui.table(f"Context: linked to the ring, not members ({len(context)} of {r.get('context_persons', len(context))})",
                 ["person", "name", "role", "linked by"],
                 [[c.node_id, c.name, c.role, plain_basis(c.basis)] for c in context.itertuples()])
    ui.table("Indicators", ["indicator", "contribution", "links", "flags", "explanation"],
             indicators[["indicator", "contribution", "links", "flags", "explanation"]].values)
    ui.table(f"Evidence ({min(evidence_rows, len(evidence))} of {len(evidence)} rows)",
             ["indicator", "table", "row", "file:line", "setl_id", "fund", "detail"],
             [[e.indicator, e.table, e.row_key, f"{e.src_file}:{e.src_line}", e.setl_id, e.fund_pay_sumamt, e.detail]
              for e in evidence.head(evidence_rows).itertuples()])
    ui.table("Timeline", ["time", "setl_id", "indicator", "fund", "account", "entities"],
             [[str(t.event_time), t.setl_id, t.indicator, t.fund_pay_sumamt, t.acct_pay, t.entities]
              for t in detail["timeline"].itertuples()])


@command(audited=True)
@click.argument("a")
@click.argument("b")
@store_options
@click.option("--max-hops", default=6, show_default=True, type=click.IntRange(1, 12), help="Longest path searched.")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(REL_TYPES),
              help="Only relationships of this kind (repeatable).")
@click.option("--limit", default=5, show_default=True, help="Paths to show.")
@json_option
def path(a: str, b: str, spec: StoreSpec, max_hops: int, kinds: tuple[str, ...], limit: int, as_json: bool) -> None:
    """Shortest paths between two entities (psn_no, fixmedins_code, dr_code, trace code or Label:key).

    \b
    Example:
      graphfraud path 33052200000123 P33052200672 --max-hops 4
      graphfraud path Person:0001 Person:0002 --kind SETTLED --kind AT --json
    """
    with spec.open(read_only=True) as store:
        start, end = store.resolve(a)[0], store.resolve(b)[0]
        paths = store.shortest_paths(start, end, max_hops, list(kinds) or None, limit)
    if as_json:
        emit_json({"from": start, "to": end, "paths": paths})
        return
    if not paths:
        ui.err.print(f"no path of at most {max_hops} hops between {start} and {end}")
        return
    for p in paths:
        ui.out.print(" → ".join(p))


@command(audited=True)
@click.argument("seeds", nargs=-1, required=True)
@store_options
@click.option("--rounds", default=1, show_default=True, type=click.IntRange(1, 4),
              help="card → institution → card rounds.")
@click.option("--max-cards", default=200, show_default=True, help="Hub cap: institutions with more cards are not expanded.")
@click.option("--max-nodes", default=2000, show_default=True, help="Stop after reaching this many cards and institutions.")
@click.option("--limit", default=30, show_default=True, help="Rows of each table to print.")
@json_option
def expand(seeds: tuple[str, ...], spec: StoreSpec, rounds: int, max_cards: int, max_nodes: int, limit: int,
           as_json: bool) -> None:
    """Bounded card → institution → card expansion from seed cards or institutions (Hangzhou model).

    \b
    Example:
      graphfraud expand 33052200000123 33052200000456
      graphfraud expand P33052200672 --rounds 2 --max-cards 100 --json
    """
    from graphfraud.rings.expand import expand as run

    with spec.open(read_only=True) as store:
        ids = [store.resolve(s)[0] for s in seeds]
        found = run(store, ids, rounds, max_cards, max_nodes)
    if as_json:
        emit_json({"seeds": found.seeds, "params": found.params, "cards": records(found.cards),
                   "institutions": records(found.institutions)})
        return
    ui.table(f"Institutions reached ({len(found.institutions)})", list(found.institutions.columns),
             found.institutions.head(limit).values)
    ui.table(f"Cards reached ({len(found.cards)})", list(found.cards.columns), found.cards.head(limit).values)
    if found.params["capped_institutions"]:
        ui.err.print(f"not expanded (more than {max_cards} cards): {', '.join(found.params['capped_institutions'])}")


@command(audited=True)
@click.argument("entity")
@store_options
@json_option
def why(entity: str, spec: StoreSpec, as_json: bool) -> None:
    """Which rings an entity belongs to, in which role, and the evidence rows that tie it in.

    \b
    Example:
      graphfraud why 33052200000123
      graphfraud why P33052200672 --json
    """
    with spec.open(read_only=True) as store:
        node = store.resolve(entity)[0]
        found = involvement(store, node)
    if as_json:
        emit_json({"entity": node, **{k: records(v) for k, v in found.items()}})
        return
    if found["rings"].empty:
        ui.out.print(f"{node} is in no stored ring")
        return
    ui.table(f"Rings of {node}", ["ring", "rank", "score", "typology", "role", "member score"],
             found["rings"][["ring_id", "rank", "score", "typology", "role", "member_score"]].values)
    ui.table("Evidence", ["ring", "indicator", "table", "row", "file:line", "detail"],
             [[e.ring_id, e.indicator, e.table, e.row_key, f"{e.src_file}:{e.src_line}", e.detail]
              for e in found["evidence"].itertuples()])
