"""Case-export benchmark: seconds and peak RSS of ``export_case`` for a 200-member ring.

Generated data (a background population of ``--persons``) is loaded into an embedded workspace; the
ring is the ``--members`` persons with the most settlements at the busiest pharmacy, with that
pharmacy and the doctors on their fee lines, every one of their settlements there as evidence.
Each profile is exported ``--repeat`` times (police as a directory, internal and public as .zip),
each run in this process after one warm-up export. Target (issue 6): ≤ 5 s on a 2-core box.

Example:
    python3 -m benchmarks.case_export                 # 200 members, 6000 background persons
    python3 -m benchmarks.case_export --docs          # also rewrite its docs/benchmarks.md section
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.docs_section import write_section

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "case_export.json"
MARKERS = ("<!-- case-export-benchmark:begin -->", "<!-- case-export-benchmark:end -->")
TARGET_SECONDS = 5.0


def prepare(workdir: Path, persons: int, members: int, seed: int) -> Path:
    """A loaded workspace holding one benchmark ring ``R-BENCH``; reused when already there."""
    from graphfraud.generate import generate
    from graphfraud.loaders import load_directory
    from graphfraud.store.embedded import EmbeddedStore

    workspace = workdir / f"case-{persons}-{members}-{seed}.duckdb"
    if workspace.exists():
        return workspace
    data = workdir / f"case-data-{persons}-{seed}"
    if not data.exists():
        generate(data, persons=persons, seed=seed)
    with EmbeddedStore(workspace) as store:
        load_directory(store, data, workdir / "case-loads")
        store_ring(store, members)
    return workspace


def store_ring(store, members: int) -> None:
    setl = store.table("setl_d", ["setl_id", "psn_no", "fixmedins_code", "fund_pay_sumamt", "hifp_pay", "acct_pay",
                                  "medfee_sumamt", "_src_file", "_src_line"])
    place = setl.groupby("fixmedins_code").psn_no.nunique().idxmax()
    here = setl[setl.fixmedins_code == place]
    persons = here.psn_no.value_counts().head(members).index.sort_values()
    evidence = here[here.psn_no.isin(persons)]
    lines = store.table("fee_list_d", ["setl_id", "bilg_dr_codg"])
    doctors = sorted(lines[lines.setl_id.isin(evidence.setl_id)].bilg_dr_codg.dropna().unique())[:10]
    nodes = ([("Person", p, "card_holder") for p in persons] + [("Institution", place, "pharmacy")]
             + [("Practitioner", d, "doctor") for d in doctors])
    store.put_results("runs", pd.DataFrame([{"run_id": "run-bench", "started": "", "finished": "", "store": "embedded",
                                             "algorithm": "benchmark", "seed": 0, "params": "{}", "versions": "{}"}]))
    store.put_results("rings", pd.DataFrame([{"ring_id": "R-BENCH", "run_id": "run-bench", "rank": 1, "score": 1.0,
                                              "typology": "fake_purchase", "members": len(nodes)}]))
    store.put_results("ring_members", pd.DataFrame([{"ring_id": "R-BENCH", "node_id": f"{l}:{k}", "label": l, "key": k,
                                                     "name": None, "role": r, "score": 1.0} for l, k, r in nodes]))
    store.put_results("ring_indicators", pd.DataFrame([{"ring_id": "R-BENCH", "indicator": "benchmark", "weight": 1.0,
                                                        "links": len(evidence), "flags": 0, "explanation": "benchmark"}]))
    store.put_results("ring_evidence", evidence.rename(columns={"_src_file": "src_file", "_src_line": "src_line"}).assign(
        ring_id="R-BENCH", indicator="benchmark", evidence_id=evidence.setl_id, table="setl_d", row_key=evidence.setl_id,
        detail="{}"))


def measure(workspace: Path, workdir: Path, repeat: int) -> dict[str, object]:
    from graphfraud.case import export_case
    from graphfraud.keys import init_keys, load_signing_key
    from graphfraud.store.embedded import EmbeddedStore

    keys = workdir / "case-keys"
    key = load_signing_key(keys) if keys.exists() else init_keys(keys)
    out = Path(tempfile.mkdtemp(dir=workdir))
    rows = []
    with EmbeddedStore(workspace, read_only=True) as store:
        export_case(store, "R-BENCH", out / "warm", key)
        for profile, suffix in (("police", ""), ("internal", ".zip"), ("public", ".zip")):
            walls, cpus = [], []
            for i in range(repeat):
                load = os.getloadavg()[0]
                cpu, wall = time.process_time(), time.perf_counter()
                result = export_case(store, "R-BENCH", out / f"{profile}-{i}{suffix}", key, profile)
                walls.append(time.perf_counter() - wall)
                cpus.append(time.process_time() - cpu)
            rows.append({"profile": profile, "format": "zip" if suffix else "directory", "box_load": round(load, 1),
                         "seconds_median": round(statistics.median(walls), 2), "seconds_max": round(max(walls), 2),
                         "cpu_seconds_median": round(statistics.median(cpus), 2),
                         "members": len(result.facts.subjects), "settlements": result.facts.settlements,
                         "files": result.files, "ok": statistics.median(walls) <= TARGET_SECONDS})
    return {"rows": rows, "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def table(result: dict[str, object]) -> str:
    head = ("| profile | format | members | settlements | files | box load | seconds (median) | max | CPU s | target |\n"
            "|---|---|---|---|---|---|---|---|---|---|\n")
    return head + "".join(
        f"| {r['profile']} | {r['format']} | {r['members']} | {r['settlements']} | {r['files']} | {r['box_load']} | "
        f"{r['seconds_median']} | {r['seconds_max']} | {r['cpu_seconds_median']} | "
        f"{'✓' if r['ok'] else '✗'} ≤ {TARGET_SECONDS:g} s |\n" for r in result["rows"])


def write_docs(result: dict[str, object], text: str) -> None:
    import duckdb

    body = (f"Measured {time.strftime('%Y-%m-%d')} on {os.cpu_count()} cores, Python "
            f"{platform.python_version()}, DuckDB {duckdb.__version__}; peak RSS {result['peak_rss_mb']} MB.\n\n"
            f"{text}")
    write_section(*MARKERS, body, heading=(
        "## Case export (`python3 -m benchmarks.case_export`)\n\n`export_case` of one ring of 200 persons "
                "(plus its pharmacy and doctors) from a workspace of generated data: read, redact, evidence tables, "
                "graph files, pictures, offline view, documents, lists, BagIt and signature. One warm-up export first; "
                "the median of the repeats is compared with the issue's target of 5 s.\n\n"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     epilog="example: python3 -m benchmarks.case_export --docs")
    parser.add_argument("--persons", type=int, default=6000, help="background population of the generated data")
    parser.add_argument("--members", type=int, default=200, help="persons in the benchmark ring")
    parser.add_argument("--repeat", type=int, default=3, help="exports per profile")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "graphfraud-bench")
    parser.add_argument("--docs", action="store_true", help="rewrite the case-export section of docs/benchmarks.md")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    workspace = prepare(args.workdir, args.persons, args.members, args.seed)
    result = measure(workspace, args.workdir, args.repeat)
    result.update({"persons": args.persons, "members": args.members, "repeat": args.repeat,
                   "measured": time.strftime("%Y-%m-%dT%H:%M:%S")})
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    text = table(result)
    print(text)
    if args.docs:
        write_docs(result, text)


if __name__ == "__main__":
    main()
