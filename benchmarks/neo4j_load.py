"""Fee lines per second into Neo4j: the store's batched loader, with and without neo4j-rust-ext, against
a naive loader that writes one row per transaction, all in the same run on the same server.

    python benchmarks/neo4j_load.py                      # 1e5 lines; starts a local Neo4j
    python benchmarks/neo4j_load.py --lines 100000 1000000 --naive-sample 3000
    NEO4J_URI=bolt://... NEO4J_PASSWORD=... python benchmarks/neo4j_load.py   # an existing server

Each measurement runs in a fresh worker process on an emptied database (``sys.modules['neo4j._rust']
= None`` switches the Rust extension off). Where the time goes: ``encode_s`` is the client turning
Arrow rows into parameter maps, ``client_cpu_s`` all CPU of the worker (encode + Bolt packing +
driver), ``server_cpu_s`` the CPU of the Neo4j JVM (only when this script started it). The naive
loader is timed on a sample (``--naive-sample`` rows) because at its rate 1e5 rows take many minutes.
Results: benchmarks/results/neo4j_load.json.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow as pa

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def fee_lines(n: int, seed: int = 7) -> pa.Table:
    """``n`` normalised fee_list_d rows shaped like the loader's output (typed, with _key and source)."""
    from graphfraud.store.neo4j_load import arrow_schema

    rng = np.random.default_rng(seed)
    schema = arrow_schema("fee_list_d")
    claims = rng.integers(0, max(n // 5, 1), n)
    t0 = np.datetime64("2025-01-01T00:00:00", "us")
    traced = rng.random(n) < 0.3
    codes = np.where(traced, np.char.add("81", rng.integers(10**17, 10**18, n).astype(str)), None)
    cols = {
        "_key": [f"F{i:09d}" for i in range(n)],
        "setl_id": [f"S{c:09d}" for c in claims],
        "mdtrt_id": [f"V{c:09d}" for c in claims],
        "psn_no": [f"P{c % max(n // 10, 1):08d}" for c in claims],
        "fixmedins_code": [f"P33052200{c % 300:03d}" for c in claims],
        "fee_ocur_time": t0 + rng.integers(0, 365 * 86400, n).astype("timedelta64[s]"),
        "med_list_codg": [f"XL04AAT{d:016d}" for d in rng.integers(0, 2000, n)],
        "hilist_name": ["他克莫司胶囊"] * n,
        "list_type": ["101"] * n,
        "cnt": rng.integers(1, 5, n).astype(float),
        "pric": np.round(rng.random(n) * 300, 2),
        "det_item_fee_sumamt": np.round(rng.random(n) * 900, 2),
        "bilg_dr_codg": [f"D{d:05d}" for d in rng.integers(0, 500, n)],
        "drug_trac_codg": codes.tolist(),
        "vali_flag": np.ones(n, dtype=np.int32),
        "trdn_flag": np.zeros(n, dtype=np.int32),
        "rx_circ_flag": np.zeros(n, dtype=np.int32),
        "_src_file": ["fee_list_d_bench.csv"] * n,
        "_src_line": np.arange(2, n + 2, dtype=np.int64),
        "_load_id": np.ones(n, dtype=np.int32),
    }
    return pa.table({f.name: pa.array(cols[f.name], f.type) if f.name in cols else pa.nulls(n, f.type)
                     for f in schema}, schema=schema)


def worker(lines: int, mode: str, rust: bool, batch: int) -> dict[str, object]:
    if not rust:
        sys.modules["neo4j._rust"] = None  # type: ignore[assignment]  # the driver falls back to pure Python
    from graphfraud.store import neo4j_load
    from graphfraud.store.neo4j_store import Neo4jStore

    rows = fee_lines(lines)
    store = Neo4jStore.from_settings()
    store.wipe()
    encode_s = 0.0

    def timed_encode(table: pa.Table) -> list[dict[str, object]]:
        nonlocal encode_s
        started = time.perf_counter()
        out = neo4j_load.encode_rows(table)
        encode_s += time.perf_counter() - started
        return out

    cpu0, wall0 = time.process_time(), time.perf_counter()
    size = 1 if mode == "naive" else batch
    inserted = neo4j_load.insert_rows(store.runner, "fee_list_d", rows, size, encode=timed_encode)
    wall = time.perf_counter() - wall0
    cpu = time.process_time() - cpu0
    counts = store.counts()
    store.close()
    assert inserted == lines == counts["nodes"]["FeeLine"], (inserted, counts)
    return {"lines": lines, "mode": mode, "rust_ext": rust, "batch": size, "wall_s": round(wall, 3),
            "lines_per_s": round(lines / wall), "encode_s": round(encode_s, 3), "client_cpu_s": round(cpu, 3),
            "nodes": counts["nodes"], "relationships": counts["relationships"]}


def run_worker(env: dict[str, str], lines: int, mode: str, rust: bool, batch: int, jvm_pid: int | None) -> dict:
    import psutil

    jvm = psutil.Process(jvm_pid) if jvm_pid else None
    before = sum(jvm.cpu_times()[:2]) if jvm else 0.0
    cmd = [sys.executable, __file__, "--worker", "--lines", str(lines), "--mode", mode, "--batch", str(batch)]
    out = subprocess.run(cmd + ([] if rust else ["--no-rust"]), env=env, check=True, capture_output=True, text=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    if jvm:
        result["server_cpu_s"] = round(sum(jvm.cpu_times()[:2]) - before, 3)
    print(json.dumps({k: v for k, v in result.items() if k not in ("nodes", "relationships")}), file=sys.stderr)
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lines", type=int, nargs="+", default=[100_000])
    ap.add_argument("--naive-sample", type=int, default=2_000)
    ap.add_argument("--batch", type=int, default=10_000)
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--mode", default="batched", help=argparse.SUPPRESS)
    ap.add_argument("--no-rust", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        print(json.dumps(worker(args.lines[0], args.mode, not args.no_rust, args.batch)))
        return
    server = None
    if not os.environ.get("NEO4J_URI"):
        from tools.neo4j.server import start

        started = time.perf_counter()
        server = start()
        startup = time.perf_counter() - started
    env = {**os.environ, **(server.env if server else {}), "PYTHONPATH": str(REPO)}
    pid = server.process.pid if server else None
    try:
        runs = [run_worker(env, args.naive_sample, "naive", True, args.batch, pid)]
        for lines in args.lines:
            runs += [run_worker(env, lines, "batched", rust, args.batch, pid) for rust in (True, False)]
    finally:
        if server:
            server.stop()
    out = REPO / "benchmarks" / "results" / "neo4j_load.json"
    out.write_text(json.dumps({"machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
                               "neo4j_startup_s": round(startup, 1) if server else None, "runs": runs},
                              indent=1), encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
