"""What detection needs from the export: the same worlds with one kind of field taken away.

A 医保局's export may lack what the generator writes: trace codes scanned on only some boxes (or on
none: before 2025-07 no code, no settlement was not yet the rule), no days of supply (93 % empty in
one supervisory data set), no phones or addresses, no 进销存 uploads, no rule hits. Each variant
below takes one of these out of a world's files (the robustness benchmark's cached worlds), loads
the rest into a fresh workspace, detects and scores with ``graphfraud.evaluation``. Worst case and
median per variant over the worlds; the full table goes to docs/rings.md.

Variants:
    full       the world as generated
    codes80    trace codes kept on a random 80 % of fee lines and inventory rows (the rest unscanned)
    codes50    ...on 50 %
    nocodes    no trace codes at all
    nodays     ``prd_days`` empty
    noident    no phone or address in ``psn_info``, no ``psn_ident`` file
    noinv      no 进销存 files (``inv_purc``, ``inv_sale``, ``inv_stock``)
    norules    no imported rule hits or leads (``rule_hits``, ``report_lead``)
    nowatch    a drug catalogue without the region's watch list (``resale_risk`` empty)
    nocatalog  no drug catalogue at all
    messy      the same world written as a real export is (``generate``'s default): Chinese and alias
               headers, GB18030 and BOM files, XLSX and Parquet tables, monthly files, full-width IDs,
               missing-value spellings, duplicates and bad rows

Example:
    nice -n 10 python3 -m benchmarks.ablation --jobs 2 --docs
    nice -n 10 python3 -m benchmarks.ablation --variants full nocodes --seeds adversarial:200 random:100
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "ablation.json"
DOCS = ROOT / "docs" / "rings.md"
# Held-out worlds of both families, measured here and never tuned on, and a world of each family with
# nothing planted (its look-alikes must stay out whatever the export lacks).
WORLDS = ([("adversarial", s) for s in (200, 201, 202, 203)] + [("random", s) for s in (100, 101, 102, 103)]
          + [("adversarial-nofraud", 200), ("nofraud", 100)])
EMPTY = ("adversarial-nofraud", "nofraud")
INVENTORY = ("inv_purc", "inv_sale", "inv_stock")
CODED = ("fee_list_d", *INVENTORY)


def _edit(data: Path, table: str, change: Callable[[Any], None]) -> None:
    """Rewrite ``data/table.csv`` (every column as text) after ``change`` edits its frame in place."""
    import pandas as pd

    path = data / f"{table}.csv"
    if path.exists():
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        change(frame)
        frame.to_csv(path, index=False)


def _codes(share: float, seed: int) -> Callable[[Path], None]:
    def keep(data: Path) -> None:
        import numpy as np

        def thin(frame: Any) -> None:
            gone = np.random.default_rng(seed).random(len(frame)) >= share
            for column in (c for c in frame.columns if c == "drug_trac_codg"):
                frame.loc[gone, column] = ""
        for table in CODED:
            _edit(data, table, thin)
    return keep


def _blank(table: str, columns: tuple[str, ...]) -> Callable[[Path], None]:
    def empty(frame: Any) -> None:
        for column in columns:
            if column in frame.columns:
                frame[column] = ""

    def blank(data: Path) -> None:
        _edit(data, table, empty)
    return blank


def _drop(*tables: str) -> Callable[[Path], None]:
    def drop(data: Path) -> None:
        for table in tables:
            for path in data.glob(f"{table}*"):
                path.unlink()
    return drop


def degrade(data: Path, variant: str, seed: int) -> None:
    """Take ``variant``'s fields out of the files in ``data`` (see the module docstring)."""
    steps: dict[str, list[Callable[[Path], None]]] = {
        "full": [], "codes80": [_codes(0.8, seed)], "codes50": [_codes(0.5, seed)], "nocodes": [_codes(0.0, seed)],
        "nodays": [_blank("fee_list_d", ("prd_days",))],
        "noident": [_blank("psn_info", ("tel", "addr")), _drop("psn_ident")],
        "noinv": [_drop(*INVENTORY)], "norules": [_drop("rule_hits", "report_lead")],
        "nowatch": [_blank("drug_catalog", ("resale_risk",))], "nocatalog": [_drop("drug_catalog")],
    }
    for step in steps[variant]:
        step(data)


VARIANTS = ["full", "codes80", "codes50", "nocodes", "nodays", "noident", "noinv", "norules", "nowatch", "nocatalog",
            "messy"]


def run_one(family: str, seed: int, variant: str, persons: int, workdir: Path) -> dict[str, Any]:
    """In the child process: degrade a copy of the world's files, load, detect, evaluate."""
    from benchmarks.robustness import lead_threshold, scores, world_dir
    from graphfraud.evaluation import evaluate, read_truth, stored_results
    from graphfraud.generate import generate
    from graphfraud.loaders import load_directory
    from graphfraud.rings import pipeline
    from graphfraud.store.embedded import EmbeddedStore

    folder = world_dir(workdir, family, seed, persons)
    run = Path(tempfile.mkdtemp(prefix=f"ablation-{family}-{seed}-{variant}-", dir=workdir))
    try:
        if variant == "messy":
            generate(run / "data", persons=persons, seed=seed, messy=True, variant=family)
        else:
            shutil.copytree(folder / "data", run / "data")
            degrade(run / "data", variant, seed)
        with EmbeddedStore(run / "ws.duckdb") as store:
            load_directory(store, run / "data", run / "loads")
            pipeline.detect_rings(store)
            stored = stored_results(store)
            truth = run / "data.truth.json" if variant == "messy" else folder / "data.truth.json"
            result = evaluate(*stored, read_truth(truth))
    finally:
        shutil.rmtree(run, ignore_errors=True)
    return {"world": f"{family}-{seed}", "variant": variant, "product": scores(result, stored[0], lead_threshold()),
            "missed": [g["modus"] for g in result.rings if not g["found"]]}


def _child(family: str, seed: int, variant: str, persons: int, workdir: Path, cache: Path) -> dict[str, Any]:
    from benchmarks.robustness import cached_child

    return cached_child("benchmarks.ablation", [family, str(seed), variant], persons, workdir,
                        cache / f"{family}-{seed}-{variant}-p{persons}.json")


def summary(results: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per variant: worst case and median of each score over the worlds with planted groups, the
    look-alikes in any top 20, and the most rings a world with nothing planted reported."""
    out: dict[str, dict[str, Any]] = {}
    for variant in dict.fromkeys(r["variant"] for r in results):
        mine = [r for r in results if r["variant"] == variant]
        rows = [r["product"] for r in mine if not r["world"].startswith(EMPTY)]
        row: dict[str, Any] = {"worlds": len(rows), "lookalikes": max(r["product"]["lookalikes"] for r in mine),
                               "empty_rings": max((r["product"]["rings"] for r in mine
                                                   if r["world"].startswith(EMPTY)), default=None)}
        for score, worse in (("recall", min), ("precision_at_k", min), ("member_f1", min), ("amount_error", max)):
            values = [p[score] for p in rows if p[score] is not None]
            row[score] = {"worst": worse(values), "median": round(statistics.median(values), 4)} if values else None
        out[variant] = row
    return out


def docs_section(report: dict[str, Any]) -> str:
    def pair(cell: dict[str, Any] | None) -> str:
        return f"{cell['worst']:.2f} / {cell['median']:.2f}" if cell else "–"

    rows = ["| export | recall | precision@20 | member F1 | amount error (median per world) | look-alikes | "
            "rings where nothing was planted |", "|---|---|---|---|---|---|---|"]
    for variant, s in report["summary"].items():
        empty = "–" if s["empty_rings"] is None else s["empty_rings"]
        rows.append(f"| {variant} | {pair(s['recall'])} | {pair(s['precision_at_k'])} | {pair(s['member_f1'])} | "
                    f"{pair(s['amount_error'])} | {s['lookalikes']} | {empty} |")
    empty = report.get("empty_worlds", 0)
    planted = report["worlds"] - empty
    return (f"Worst / median over {planted} held-out worlds, and the most rings any of {empty} "
            f"worlds with nothing planted reported ({report['persons']:,} persons; "
            f"`python3 -m benchmarks.ablation --docs`, code {report['code']}):\n\n" + "\n".join(rows))


FAMILIES = ("adversarial", "random", *EMPTY)


def _world(text: str) -> tuple[str, int]:
    """``FAMILY:SEED`` as (family, seed); argparse turns the error into its one-line usage message."""
    family, _, seed = text.partition(":")
    if family not in FAMILIES or not seed.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} is not FAMILY:SEED with FAMILY one of {', '.join(FAMILIES)}")
    return family, int(seed)


def main(argv: list[str] | None = None) -> None:
    from benchmarks.robustness import _sources_hash

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", nargs="*", choices=VARIANTS, default=VARIANTS)
    parser.add_argument("--seeds", nargs="*", metavar="FAMILY:SEED", type=_world,
                        help="worlds, e.g. adversarial:200 random:100 (default: four held-out of each family)")
    parser.add_argument("--persons", type=int, default=20_000)
    parser.add_argument("--jobs", type=int, default=1, help="runs at once")
    parser.add_argument("--docs", action="store_true", help="rewrite the ablation section of docs/rings.md")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "graphfraud-robustness")
    parser.add_argument("--child", nargs=3, metavar=("FAMILY", "SEED", "VARIANT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    if args.child:
        print(json.dumps(run_one(args.child[0], int(args.child[1]), args.child[2], args.persons, args.workdir)))
        return
    worlds = args.seeds or WORLDS
    cache = args.workdir / "ablation" / _sources_hash("graphfraud")
    cache.mkdir(parents=True, exist_ok=True)
    grid = [(f, s, v) for f, s in worlds for v in args.variants]
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [pool.submit(_child, f, s, v, args.persons, args.workdir, cache) for f, s, v in grid]
        results = []
        for (family, seed, variant), future in zip(grid, futures):
            results.append(future.result())
            p = results[-1]["product"]
            print(f"{family}-{seed} {variant}: found {p['found']}/{p['planted']}, P@20 {p['precision_at_k']}, "
                  f"F1 {p['member_f1']}, amount error {p['amount_error']}, look-alikes {p['lookalikes']}",
                  file=sys.stderr)
    report = {"machine": platform.machine(), "persons": args.persons, "worlds": len(worlds),
              "empty_worlds": sum(f.startswith(EMPTY) for f, _ in worlds),
              "code": _sources_hash("graphfraud"), "load": round(os.getloadavg()[0], 1), "results": results,
              "summary": summary(results)}
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    print(json.dumps(report["summary"], indent=1))
    if args.docs:
        from benchmarks.docs_section import write_section

        write_section("<!-- ablation:start -->", "<!-- ablation:end -->", docs_section(report), path=DOCS)


if __name__ == "__main__":
    main()
