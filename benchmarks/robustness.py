"""Robustness benchmark: detection quality over a grid of varied worlds, worst case and median.

Each world is ``graphfraud generate --variant random`` (or ``nofraud``/``nodrug``) at 20,000 persons
for one seed; it is generated and loaded into an embedded workspace once (cached under
``--workdir``, keyed by seed, variant, size and the generator/loader sources), then a fresh copy of
the workspace is detected on, scored with ``graphfraud.evaluation`` (the yardstick of issue 14)
and compared with a 50-line baseline scored the same way: same-day co-visit communities (persons
settled at one institution on one day, venue-days of more than 30 persons left out, pairs
co-visiting on two days or more, python-louvain).

Seeds 1–10 are for tuning (``--tuning``); the default grid is the held-out seeds 100–119 plus the
two worlds that must stay empty (nofraud, nodrug). ``--family adversarial`` runs the second family
of worlds instead (``generate --variant adversarial``, designed apart from the first): held-out
seeds 200–219, tuning seeds 11–50, two ``adversarial-nofraud`` worlds that must stay empty; its
results go to ``robustness-adversarial.json`` and its own section of docs/rings.md. Results of a world are cached per detection
code version, so an interrupted run resumes (``--fresh`` recomputes). Worlds run in parallel
(``--jobs``); run it with ``nice -n 10`` on a shared box.

Example:
    nice -n 10 python3 -m benchmarks.robustness --worlds 3          # quick check: 3 random + 2 empty
    nice -n 10 python3 -m benchmarks.robustness --jobs 2 --docs     # full held-out grid, docs table
    nice -n 10 python3 -m benchmarks.robustness --family adversarial --jobs 2 --docs
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "robustness.json"
DOCS = ROOT / "docs" / "rings.md"
HELD_OUT = list(range(100, 120))
TUNING = list(range(1, 11))


@dataclass(frozen=True)
class Family:
    """A family of worlds: the variant that plants groups, those that must stay empty, seeds, outputs."""

    planted: str
    empty: tuple[str, ...]
    held_out: tuple[int, ...]
    tuning: tuple[int, ...]
    results: Path
    marker: str  # docs/rings.md section between <!-- MARKER:start --> and <!-- MARKER:end -->
    title: str


FAMILIES = {
    "first": Family("random", ("nofraud", "nodrug"), tuple(HELD_OUT), tuple(TUNING), RESULTS, "robustness",
                    "Robustness over varied worlds"),
    "adversarial": Family("adversarial", ("adversarial-nofraud",), tuple(range(200, 220)), tuple(range(11, 51)),
                          ROOT / "benchmarks" / "results" / "robustness-adversarial.json", "robustness-adversarial",
                          "Robustness over adversarial worlds (second family)"),
}
PLANTED = {f.planted for f in FAMILIES.values()}
SCORES = ["recall", "precision_at_k", "lookalikes", "member_f1", "amount_error_max", "amount_error_sum"]
WORSE_IS_HIGHER = {"lookalikes", "amount_error_max", "amount_error_sum"}


def _sources_hash(*folders: str) -> str:
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and path.suffix in (".py", ".sql", ".toml", ".cypher"):
                digest.update(path.relative_to(ROOT).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()[:10]


def world_dir(workdir: Path, variant: str, seed: int, persons: int) -> Path:
    """Generated data and its loaded workspace, made once per generator and loader version."""
    from graphfraud.generate import generate
    from graphfraud.loaders import load_directory
    from graphfraud.store.embedded import EmbeddedStore

    key = _sources_hash("graphfraud/generate", "graphfraud/loaders", "graphfraud/store")
    folder = workdir / "worlds" / f"{variant}-s{seed}-p{persons}-{key}"
    if (folder / ".done").exists():
        return folder
    partial = folder.with_name(folder.name + f".tmp{os.getpid()}")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    start = time.perf_counter()
    generate(partial / "data", persons=persons, seed=seed, messy=False, variant=variant)
    generated = time.perf_counter()
    with EmbeddedStore(partial / "loaded.duckdb") as store:
        load_directory(store, partial / "data", partial / "loads")
    (partial / "timing.json").write_text(json.dumps({"generate_s": round(generated - start, 2),
                                                     "load_s": round(time.perf_counter() - generated, 2)}))
    (partial / ".done").write_text("ok")
    try:
        partial.rename(folder)
    except OSError:  # another process finished the same world first
        shutil.rmtree(partial, ignore_errors=True)
    return folder


def baseline(store: Any, cap: int = 30, min_days: int = 2, seed: int = 42) -> tuple[Any, Any]:
    """Same-day co-visit communities: the 50-line baseline of issue 14, as stored-result frames."""
    import community as louvain
    import networkx as nx
    import pandas as pd

    s = store.table("setl_d", ["psn_no", "fixmedins_code", "setl_time", "fund_pay_sumamt", "vali_flag",
                               "refd_setl_flag"])
    s = s[(s.vali_flag == 1) & (s.refd_setl_flag == 0)]
    visits = s.assign(venue=s.fixmedins_code + "@" + s.setl_time.dt.strftime("%Y%m%d"))[["venue", "psn_no"]]
    visits = visits.drop_duplicates()
    size = visits.groupby("venue").psn_no.transform("size")
    visits = visits[(size >= 2) & (size <= cap)]  # venues capped: a hub's day links nobody
    pairs = visits.merge(visits, on="venue")
    pairs = pairs[pairs.psn_no_x < pairs.psn_no_y]
    weight = pairs.groupby(["psn_no_x", "psn_no_y"]).size()
    weight = weight[weight >= min_days]
    graph = nx.Graph()
    graph.add_weighted_edges_from((a, b, int(w)) for (a, b), w in weight.items())
    parts = louvain.best_partition(graph, random_state=seed) if graph.number_of_edges() else {}
    groups: dict[int, list[str]] = {}
    for person, part in parts.items():
        groups.setdefault(part, []).append(person)
    fund = s.groupby("psn_no").fund_pay_sumamt.sum()
    scored = sorted(((graph.subgraph(m).size(weight="weight"), sorted(m)) for m in groups.values() if len(m) >= 3),
                    reverse=True)
    rings = pd.DataFrame([{"ring_id": f"B-{n:05d}", "rank": n, "typology": "resale",
                           "fund_pay_sumamt": float(fund.reindex(m).sum())} for n, (_, m) in enumerate(scored, 1)])
    members = pd.DataFrame([{"ring_id": f"B-{n:05d}", "node_id": f"Person:{p}", "label": "Person", "key": p,
                             "role": "card_holder"} for n, (_, m) in enumerate(scored, 1) for p in m],
                           columns=["ring_id", "node_id", "label", "key", "role"])
    return rings, members


def lead_threshold() -> float | None:
    """The score from which a ring becomes a lead, where the ring configuration defines one."""
    try:
        from graphfraud.rings.config import load_ring_config

        return float(load_ring_config().scoring.min_lead_score)
    except (ImportError, AttributeError):
        return None  # every stored ring is a lead


def scores(result: Any, rings: Any, threshold: float | None) -> dict[str, Any]:
    """The headline numbers of one evaluation; ``leads``: rings at or above the lead threshold."""
    leads = len(rings) if threshold is None or rings is None or rings.empty else int((rings.score >= threshold).sum())
    return {"planted": result.planted, "found": result.found, "recall": result.recall,
            "precision_at_k": result.precision_at_k, "lookalikes": len(result.lookalikes_in_top),
            "member_f1": result.member_f1, "amount_error": result.amount_error,
            "amount_error_max": result.amount_error_max, "amount_error_sum": result.amount_error_sum,
            "total_error_max": result.total_error_max,
            "rings": result.rings_reported, "leads": leads,
            "largest_ring": result.largest_ring, "core_members": result.core_members}


def placement(truth: dict[str, Any], evaluated: list[dict[str, Any]], findings: list[Any], rings: Any,
              members: Any, context: Any, threshold: float | None, k: int = 20) -> dict[str, Any]:
    """Where each planted group's core persons ended up (what ``benchmarks.robustness_misses`` explains):
    persons any detector flagged or linked, in rings, over how many rings, as context, the ring holding
    most of them, whether the best-matching ring (``evaluated``: the yardstick's rows) is a lead;
    and the top ``k`` rings as an investigator sees them."""
    from graphfraud.evaluation import planted_groups, reported_rings

    reported, _ = reported_rings(rings, members)
    as_context = set(context.key[context.label == "Person"]) if len(context) else set()
    score = {str(i): float(v) for i, v in zip(rings.ring_id, rings.score)} if len(rings) else {}
    seen: dict[str, set[str]] = {}  # person -> indicators that flagged or linked them
    for f in findings:
        for node in list(f.links.src) + list(f.links.dst) + list(f.flags.node):
            if str(node).startswith("Person:"):
                seen.setdefault(str(node)[7:], set()).add(f.indicator)
    params = {r.get("ring_id"): r.get("parameters", {}) for r in truth.get("rings", [])}
    groups = []
    for g, row in zip(planted_groups(truth), evaluated):
        holding = sorted(((len(r.persons & g.persons), r) for r in reported if r.persons & g.persons),
                         key=lambda hr: (-hr[0], hr[1].rank))
        indicators: dict[str, int] = {}
        for p in g.persons:
            for name in seen.get(p, ()):
                indicators[name] = indicators.get(name, 0) + 1
        most = holding[0][1] if holding else None
        groups.append({"ring": g.id, "shape": params.get(g.id, {}).get("shape"),
                       "tempo": params.get(g.id, {}).get("tempo"),
                       "flagged": sum(p in seen for p in g.persons), "indicators": indicators,
                       "in_rings": len(g.persons & set().union(*(r.persons for _, r in holding))),
                       "rings": len(holding), "as_context": len(g.persons & as_context),
                       "best_lead": bool(row["best"] in score and (threshold is None or score[row["best"]] >= threshold)),
                       "most": {"ring_id": most.id, "rank": most.rank, "persons": len(most.persons),
                                "holds": holding[0][0], "score": score.get(most.id),
                                "lead": bool(threshold is None or score.get(most.id, 0.0) >= threshold)} if most else None})
    top = [{"ring_id": r.id, "rank": r.rank, "persons": len(r.persons), "typology": r.typology,
            "score": score.get(r.id), "families": str(rings.families[rings.ring_id == r.id].iloc[0])}
           for r in reported[:k]]
    return {"placement": groups, "top": top}


def run_world(variant: str, seed: int, persons: int, workdir: Path) -> dict[str, Any]:
    """In the child process: detect on a fresh copy of the world's workspace, evaluate, run the baseline."""
    from graphfraud.detectors import run_detectors
    from graphfraud.detectors.config import load_config
    from graphfraud.evaluation import evaluate, read_truth, stored_results
    from graphfraud.rings import pipeline
    from graphfraud.store.embedded import EmbeddedStore

    folder = world_dir(workdir, variant, seed, persons)
    truth = read_truth(folder / "data.truth.json")
    run = Path(tempfile.mkdtemp(prefix=f"run-{variant}-{seed}-", dir=workdir))
    try:
        shutil.copy(folder / "loaded.duckdb", run / "ws.duckdb")
        with EmbeddedStore(run / "ws.duckdb") as store:
            start = time.perf_counter()  # pipeline.detect_rings in two steps, to keep the findings
            findings = run_detectors(store, load_config())
            pipeline.assemble_rings(store, findings, params={"detectors": load_config().as_dict()})
            detect_s = time.perf_counter() - start
            stored = stored_results(store)
            product = evaluate(*stored, truth)
            where = placement(truth, product.rings, findings, *stored, store.get_results("ring_context"), lead_threshold())
            start = time.perf_counter()
            base_rings = baseline(store)
            base = evaluate(*base_rings, truth)
            baseline_s = time.perf_counter() - start
    finally:
        shutil.rmtree(run, ignore_errors=True)
    timing = json.loads((folder / "timing.json").read_text())
    return {"world": f"{variant}-{seed}", "variant": variant, "seed": seed, "persons": persons,
            "product": scores(product, stored[0], lead_threshold()), "baseline": scores(base, base_rings[0], None),
            "groups": product.rings, **where,
            "lookalikes_in_top": product.lookalikes_in_top,
            "seconds": {**timing, "detect_s": round(detect_s, 2), "baseline_s": round(baseline_s, 2)}}


def _child(variant: str, seed: int, persons: int, workdir: Path, cache: Path, fresh: bool) -> dict[str, Any]:
    return cached_child("benchmarks.robustness", [variant, str(seed)], persons, workdir,
                        cache / f"{variant}-{seed}-p{persons}.json", fresh)


def cached_child(module: str, child: list[str], persons: int, workdir: Path, path: Path,
                 fresh: bool = False) -> dict[str, Any]:
    """The JSON result of ``python -m module --child CHILD...`` run in a process of its own (its own
    memory and imports), kept at ``path`` so an interrupted grid resumes."""
    if path.exists() and not fresh:
        result: dict[str, Any] = json.loads(path.read_text())
        return result
    command = [sys.executable, "-m", module, "--child", *child, "--persons", str(persons), "--workdir", str(workdir)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"{' '.join(child)} failed:\n{done.stderr[-3000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    path.write_text(json.dumps(result))
    return result


def summary(results: list[dict[str, Any]], side: str) -> dict[str, dict[str, Any]]:
    """Worst case and median of each score over the worlds with planted groups; for the worlds that
    must stay empty, the most rings, leads and look-alikes any of them reported."""
    planted = [r[side] for r in results if r["variant"] in PLANTED]
    out: dict[str, dict[str, Any]] = {}
    for name in SCORES:
        values = [v[name] for v in planted if v.get(name) is not None]
        if not values:
            continue
        worst = max(values) if name in WORSE_IS_HIGHER else min(values)
        out[name] = {"worst": worst, "median": round(statistics.median(values), 4)}
    empty = [r[side] for r in results if r["variant"] not in PLANTED]
    if empty:
        out["empty_worlds"] = {name: max(v[name] for v in empty) for name in ("rings", "leads", "lookalikes")}
    return out


def _seconds(world: dict[str, Any]) -> str:
    t = world["seconds"]
    return f"{t['generate_s']:.0f}+{t['load_s']:.0f}+{t['detect_s']:.0f}"


def _fmt(value: Any) -> str:
    return "—" if value is None else (f"{value:.2f}" if isinstance(value, float) else str(value))


def docs_section(report: dict[str, Any], family: Family = FAMILIES["first"]) -> str:
    rows = ["| world | planted | found | precision@20 | look-alikes in top 20 | member F1 | amount error (worst) | "
            "rings (leads) | largest | seconds | baseline found / P@20 / look-alikes / F1 |",
            "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in report["worlds"]:
        p, b = r["product"], r["baseline"]
        rows.append(f"| {r['world']} | {p['planted']} | {p['found']} | {_fmt(p['precision_at_k'])} | {p['lookalikes']} | "
                    f"{_fmt(p['member_f1'])} | {_fmt(p['amount_error_max'])} | {p['rings']} ({p['leads']}) | "
                    f"{p['largest_ring']} | {_seconds(r)} | "
                    f"{b['found']} / {_fmt(b['precision_at_k'])} / {b['lookalikes']} / {_fmt(b['member_f1'])} |")
    head = ["| score | product worst | product median | baseline worst | baseline median |", "|---|---|---|---|---|"]
    names = {"recall": "planted groups found (recall)", "precision_at_k": "precision of the top 20",
             "lookalikes": "look-alike groups in the top 20", "member_f1": "member F1 (top-20 persons)",
             "amount_error_max": "pooled-fund amount error, worst found group",
             "amount_error_sum": "pooled-fund amount error, found groups together"}
    for name in SCORES:
        p, b = report["summary"]["product"].get(name, {}), report["summary"]["baseline"].get(name, {})
        head.append(f"| {names[name]} | {_fmt(p.get('worst'))} | {_fmt(p.get('median'))} | {_fmt(b.get('worst'))} | "
                    f"{_fmt(b.get('median'))} |")
    empty_p = report["summary"]["product"].get("empty_worlds", {})
    empty_b = report["summary"]["baseline"].get("empty_worlds", {})
    head.append(f"| worlds without fraud: most rings (leads) / look-alikes | {empty_p.get('rings', '—')} "
                f"({empty_p.get('leads', '—')}) / {empty_p.get('lookalikes', '—')} | | "
                f"{empty_b.get('rings', '—')} / {empty_b.get('lookalikes', '—')} | |")
    option = "" if family is FAMILIES["first"] else f" --family {family.planted}"
    empty_names = ", ".join(family.empty)
    return (f"## {family.title} (`python3 -m benchmarks.robustness{option} --docs`)\n\n"
            f"{len(report['worlds'])} worlds of {report['persons']:,} persons, seeds {report['seeds']} "
            f"(held out: {report['held_out']}); detection code {report['code']}; box load {report['load']}. "
            "Worst case and median over the worlds with planted groups (look-alikes and amount error: "
            f"higher is worse); the empty worlds ({empty_names}) should report no ring. Seconds per world: "
            "generate + load + detect.\n\n"
            + "\n".join(head) + "\n\n" + "\n".join(rows) + "\n")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--family", choices=sorted(FAMILIES), default="first",
                        help="first: generate --variant random (seeds 100-119, tuning 1-10); adversarial: the "
                             "second family, --variant adversarial (seeds 200-219, tuning 11-50)")
    parser.add_argument("--worlds", type=int, help="only the first N planted worlds (plus one of each empty variant)")
    parser.add_argument("--seeds", type=int, nargs="*", help="seeds of the planted worlds (default: the held-out ones)")
    parser.add_argument("--tuning", action="store_true", help="the family's tuning seeds instead of the held-out ones")
    parser.add_argument("--persons", type=int, default=20_000)
    parser.add_argument("--jobs", type=int, default=1, help="worlds run at once")
    parser.add_argument("--fresh", action="store_true", help="recompute cached world results")
    parser.add_argument("--docs", action="store_true", help="rewrite the robustness section of docs/rings.md")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "graphfraud-robustness")
    parser.add_argument("--child", nargs=2, metavar=("VARIANT", "SEED"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    if args.child:
        print(json.dumps(run_world(args.child[0], int(args.child[1]), args.persons, args.workdir)))
        return
    family = FAMILIES[args.family]
    seeds = args.seeds or list(family.tuning if args.tuning else family.held_out)
    seeds = seeds[: args.worlds] if args.worlds else seeds
    grid = [(family.planted, s) for s in seeds] + [(v, seeds[0]) for v in family.empty]
    if not args.worlds and len(seeds) > 1:
        grid.insert(len(seeds) + 1, (family.empty[0], seeds[1]))
    code = _sources_hash("graphfraud")
    cache = args.workdir / "results" / code
    cache.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [pool.submit(_child, v, s, args.persons, args.workdir, cache, args.fresh) for v, s in grid]
        results = []
        for (variant, seed), future in zip(grid, futures):
            results.append(future.result())
            p = results[-1]["product"]
            print(f"{variant}-{seed}: found {p['found']}/{p['planted']}, P@20 {p['precision_at_k']}, "
                  f"look-alikes {p['lookalikes']}, F1 {p['member_f1']}, amount error {p['amount_error_max']}, "
                  f"rings {p['rings']} (leads {p['leads']}), largest {p['largest_ring']}", file=sys.stderr)
    report = {"machine": platform.machine(), "family": args.family, "persons": args.persons,
              "seeds": f"{min(seeds)}-{max(seeds)}",
              "held_out": not args.tuning and not args.seeds or set(seeds) <= set(family.held_out), "code": code,
              "load": round(os.getloadavg()[0], 1), "worlds": results,
              "summary": {"product": summary(results, "product"), "baseline": summary(results, "baseline")}}
    family.results.parent.mkdir(parents=True, exist_ok=True)
    family.results.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    print(json.dumps(report["summary"], indent=1))
    if args.docs:
        from benchmarks.docs_section import write_section

        write_section(f"<!-- {family.marker}:start -->", f"<!-- {family.marker}:end -->",
                      docs_section(report, family), path=DOCS)


if __name__ == "__main__":
    main()
