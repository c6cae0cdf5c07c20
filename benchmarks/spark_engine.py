"""Spark engine benchmark: the detectors' queries on PySpark (local mode) against the embedded store.

On the same generated workspace (benchmarks.detect's cache, about N fee lines), one run detects
on the embedded store and one on Spark over the exported Parquet tables, each timed in the same
process, and the findings of both are compared. Per query it records the rows that come back to
the driver and the seconds taken: what a cluster sends back to this machine (docs/scale-out.md).
Results go to ``benchmarks/results/spark_engine.json``; ``--docs`` rewrites the table in
docs/scale-out.md. Run it alone (`flock /work/...bench.lock` on a shared box): it uses both cores.

Example:
    python3 -m benchmarks.spark_engine --fee-lines 1000000 --master 'local[2]' --docs
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.detect import workspace_for
from benchmarks.docs_section import write_section

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "spark_engine.json"
DOC = ROOT / "docs" / "scale-out.md"


def run(fee_lines: int, master: str, workdir: Path) -> dict[str, Any]:
    from graphfraud.detectors import DETECTORS
    from graphfraud.detectors.config import load_config
    from graphfraud.store.embedded import EmbeddedStore
    from graphfraud.store.spark import SparkFrames, SparkInputStore, export_parquet, session

    path = workspace_for(fee_lines, workdir)
    tables = path.parent / "tables"
    with EmbeddedStore(path, read_only=True) as store:
        t0 = time.perf_counter()
        rows = export_parquet(store, tables)
        export_s = time.perf_counter() - t0
        cfg = load_config()
        t0 = time.perf_counter()
        embedded = {name: detect(store, cfg) for name, detect in DETECTORS.items()}
        embedded_s = time.perf_counter() - t0
    queries: dict[str, dict[str, float]] = {}

    class Counted(SparkFrames):
        def frame(self, name: str, **params: Any) -> Any:
            start = time.perf_counter()
            out = super().frame(name, **params)
            q = queries.setdefault(name, {"calls": 0, "rows": 0, "seconds": 0.0})
            q["calls"] += 1
            q["rows"] += len(out)
            q["seconds"] += time.perf_counter() - start
            return out

    t0 = time.perf_counter()
    spark = session(master)
    start_s = time.perf_counter() - t0
    try:
        frames = Counted(spark, tables)
        with SparkInputStore(path.parent / "spark-results.duckdb", frames) as spark_store:
            t0 = time.perf_counter()
            on_spark = {name: detect(spark_store, cfg) for name, detect in DETECTORS.items()}
            spark_s = time.perf_counter() - t0
    finally:
        spark.stop()
    same = {name: all(len(getattr(embedded[name], k)) == len(getattr(on_spark[name], k))
                      for k in ("links", "flags", "evidence")) and embedded[name].links.equals(on_spark[name].links)
            for name in DETECTORS}
    return {"fee_lines": rows["fee_list_d"], "rows": rows, "master": master, "export_seconds": round(export_s, 1),
            "spark_start_seconds": round(start_s, 1), "embedded_seconds": round(embedded_s, 1),
            "spark_seconds": round(spark_s, 1), "ratio": round(spark_s / embedded_s, 2), "same_findings": same,
            "queries": {k: {**v, "seconds": round(v["seconds"], 2)} for k, v in sorted(queries.items())},
            "rows_back": int(sum(q["rows"] for q in queries.values())), "cpus": os.cpu_count(),
            "load": os.getloadavg()[0], "python": platform.python_version()}


def table(result: dict[str, Any]) -> str:
    lines = [f"Measured by `python3 -m benchmarks.spark_engine --fee-lines {result['fee_lines']}` "
             f"(master `{result['master']}`, {result['cpus']} cores, load {result['load']:.1f}):", "",
             "| | seconds |", "|---|---|",
             f"| export the workspace's tables to Parquet | {result['export_seconds']} |",
             f"| start Spark (JVM, local mode) | {result['spark_start_seconds']} |",
             f"| every detector on the embedded store | {result['embedded_seconds']} |",
             f"| every detector on Spark | {result['spark_seconds']} ({result['ratio']}× the embedded store) |", "",
             f"Findings identical for {sum(result['same_findings'].values())} of {len(result['same_findings'])} "
             f"detectors. Rows sent back to the driver: {result['rows_back']:,} for "
             f"{result['fee_lines']:,} fee lines.", "",
             "| query | calls | rows back | seconds |", "|---|---|---|---|"]
    lines += [f"| {name} | {q['calls']} | {q['rows']:,} | {q['seconds']} |" for name, q in result["queries"].items()]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fee-lines", type=int, default=1_000_000)
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "graphfraud-bench")
    parser.add_argument("--docs", action="store_true", help="Rewrite the measured table in docs/scale-out.md.")
    args = parser.parse_args()
    result = run(args.fee_lines, args.master, args.workdir)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(table(result))
    if args.docs:
        write_section("<!-- spark-engine:start -->", "<!-- spark-engine:end -->", table(result), path=DOC)


if __name__ == "__main__":
    main()
