"""Neo4j at a prefecture's volume: bulk import, incremental Cypher, today's MERGE loader and a naive
one-row-per-transaction loader, in the same run on the same generated data, plus a day's increment.

    python3 -m benchmarks.neo4j_load                              # 1e5 and 1e6 fee lines
    python3 -m benchmarks.neo4j_load --sizes 100000 --cases bulk cypher
    flock /work/notes/bench.lock python3 -m benchmarks.neo4j_load --docs   # the table in docs/benchmarks.md

Data: the generator's worlds of about N fee lines with every table (settlements, visits, inventory,
persons, identifiers, trace codes, rule hits, tips), loaded once into an embedded workspace and
cached (``benchmarks.detect.workspace_for``). Every case gets a fresh tools/neo4j server (its own
data directory, JVM flags ``--java-opts``), and its client side runs in a fresh worker process:

- ``bulk``: ``bulk_push`` (= ``graphfraud neo4j push --bulk --replace``) end to end: files written,
  Neo4j stopped, import tool, Neo4j started, constraints and indexes online, history copied;
- ``cypher``: ``load_directory`` of the data directory with the store's loader (CREATE passes);
- ``merge``: the same with today's statements (``benchmarks/neo4j_merge_loader``: one UNWIND … MERGE
  with FOREACH MERGEs per table, 10 000 rows a transaction);
- ``naive``: today's statements one row per transaction, on a sample of every table (``--naive-sample``
  fee lines and the same share of each other table); its rate is extrapolated and labelled so;
- ``increment``: the newest 10 000 fee lines with their settlements held back, the rest bulk-imported,
  the load statements' plans warmed with an empty batch, then the increment loaded twice (the second
  must insert nothing: idempotent); the graph must then equal the embedded store's full graph.

Measured per case: wall seconds, fee lines/s, client CPU-s and peak RSS (the worker), server CPU-s and
peak RSS (the JVM's VmHWM; the import tool's JVM is a child of the server: its CPU is counted, its
RSS sampled every 0.1 s), box load averages before and after. Results: benchmarks/results/neo4j_load.json;
``--docs`` rewrites the Neo4j section of docs/benchmarks.md.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.docs_section import write_section  # noqa: E402

RESULTS = REPO / "benchmarks" / "results" / "neo4j_load.json"
MERGE_LOADER = REPO / "benchmarks" / "neo4j_merge_loader"
JAVA_OPTS = "-Xms1g -Xmx2g -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError -Dfile.encoding=UTF-8 -Dgraphfraud.neo4j.pagecacheMb=2048"
INCREMENT = 10_000
CASES = ("bulk", "cypher", "merge", "naive", "increment", "increment_merge", "queries")
TARGETS = {"bulk": "≤ 60 s end to end at 1e6", "increment": "≤ 5 s at 1e6, idempotent",
           "queries": "detect ≤ 3× embedded, path p95 ≤ 50 ms server time at 1e6, same rings"}


# -- data ----------------------------------------------------------------------------------------
def data_for(fee_lines: int, workdir: Path) -> tuple[Path, Path]:
    """(workspace, data directory) of a generated world of about ``fee_lines`` fee lines."""
    from benchmarks.detect import workspace_for

    workspace = workspace_for(fee_lines, workdir)
    return workspace, workspace.parent / "data"


def increment_for(data: Path, workdir: Path) -> tuple[Path, Path, Path]:
    """(base workspace, base data, increment data): the newest INCREMENT fee lines (fee_list_d is written
    in time order) with their settlements held back; the base loaded into a workspace once."""
    import pyarrow.compute as pc

    from benchmarks.refresh import _read, _write
    from graphfraud.loaders import load_directory
    from graphfraud.store.embedded import EmbeddedStore

    folder = workdir / f"increment-{data.parent.name}"
    base, new, workspace = folder / "base", folder / "new", folder / "base.duckdb"
    if not (folder / ".done").exists():
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(data, base)
        new.mkdir()
        lines = _read(base / "fee_list_d.csv")
        kept, fresh = lines.slice(0, lines.num_rows - INCREMENT), lines.slice(lines.num_rows - INCREMENT)
        setl = _read(base / "setl_d.csv")
        moving = pc.is_in(setl.column("setl_id"), value_set=pc.unique(fresh.column("setl_id")))
        _write(kept, base / "fee_list_d.csv")
        _write(setl.filter(pc.invert(moving)), base / "setl_d.csv")
        _write(fresh, new / "fee_list_d_day.csv")
        _write(setl.filter(moving), new / "setl_d_day.csv")
        with EmbeddedStore(workspace) as store:
            load_directory(store, base, folder / "loads")
        (folder / ".done").write_text("ok")
    return workspace, base, new


# -- the client side, in a worker process ----------------------------------------------------------
class MergeStore:
    """Today's loader, kept for the comparison: each table's UNWIND … MERGE statement of
    benchmarks/neo4j_merge_loader, batches of ``batch`` rows, no client-side key check."""

    def __init__(self, store: Any, batch: int) -> None:
        self.store, self.batch = store, batch
        self.texts = {p.stem: "\n".join(line for line in p.read_text(encoding="utf-8").splitlines()
                                        if not line.startswith("//")) for p in MERGE_LOADER.glob("*.cypher")}

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)

    def insert_new(self, table: str, rows: Any) -> int:
        from graphfraud.store.neo4j_load import batches

        inserted = 0
        with self.store.runner.driver.session() as session:
            for part in batches(rows, self.batch):
                params = {"rows": encode_native(part)}
                record = session.execute_write(lambda tx: tx.run(self.texts[table], params).single())
                inserted += record["inserted"] if record else 0
        return inserted


def encode_native(rows: Any) -> list[dict[str, Any]]:
    """Today's encoding: every non-null value as Python (times as datetime objects)."""
    columns = [(name, rows.column(name).to_pylist()) for name in rows.column_names]
    out: list[dict[str, Any]] = [{} for _ in range(rows.num_rows)]
    for name, values in columns:
        for row, value in zip(out, values):
            if value is not None:
                row[name] = value
    return out


def worker(mode: str, args: dict[str, Any]) -> dict[str, Any]:
    from graphfraud.loaders import load_directory
    from graphfraud.store.neo4j_store import Neo4jStore

    out: dict[str, Any] = {}
    started = time.perf_counter()
    if mode == "bulk":
        from graphfraud.store.embedded import EmbeddedStore
        from graphfraud.store.neo4j_push import bulk_push

        with EmbeddedStore(args["workspace"], read_only=True) as source:
            done = bulk_push(source, Neo4jStore.from_settings, os.environ["NEO4J_URI"], replace=True)
        out.update(stages=done.seconds, nodes=done.nodes, relationships=done.relationships)
    elif mode in ("cypher", "merge"):
        store = Neo4jStore.from_settings()
        target = MergeStore(store, int(args["batch"])) if mode == "merge" else store
        report = load_directory(target, Path(args["data"]), Path(args["rejects"]))  # type: ignore[arg-type]
        out["loaded"] = report.totals()["loaded"]
        out["counts"] = store.counts()
        store.close()
    elif mode == "naive":
        out.update(naive_sample(int(args["sample"]), Path(args["workspace"])))
    elif mode == "increment":
        store = Neo4jStore.from_settings()
        merge = args.get("loader") == "merge"
        target = MergeStore(store, int(args["batch"])) if merge else store
        warm = time.perf_counter()
        warm_plans(target, Path(args["workspace"]))
        out["plan_warmup_s"] = round(time.perf_counter() - warm, 2)
        runs = []
        for attempt in (1, 2):
            store.runner.server_ms = []
            cpu0, clock = time.process_time(), time.perf_counter()
            report = load_directory(target, Path(args["data"]), Path(args["rejects"]) / str(attempt))  # type: ignore[arg-type]
            by_statement: dict[str, float] = {}
            for name, ms in store.runner.server_ms:
                by_statement[name] = by_statement.get(name, 0) + ms
            runs.append({"seconds": round(time.perf_counter() - clock, 3), "loaded": report.totals()["loaded"],
                         "client_cpu_s": round(time.process_time() - cpu0, 2),
                         "server_ms": dict(sorted(by_statement.items(), key=lambda kv: -kv[1])[:12])})
        out["runs"] = runs
        out["counts"] = store.counts()
        store.close()
    elif mode == "queries":
        out.update(queries(Path(args["workspace"]), int(args["paths"])))
    out.setdefault("seconds", out["runs"][0]["seconds"] if mode == "increment" else round(time.perf_counter() - started, 3))
    usage = resource.getrusage(resource.RUSAGE_SELF)
    out["client_cpu_s"] = round(usage.ru_utime + usage.ru_stime, 2)
    out["client_peak_rss_mb"] = round(usage.ru_maxrss / 1024, 1)
    return out


def warm_plans(target: Any, workspace: Path) -> None:
    """Bring the server to the state of one that has run for a while: every load statement planned
    and cached (an empty batch each), then a batch shaped like the increment (10 000 other stored
    fee lines and their settlements under new keys) loaded in a transaction that is rolled back, so
    the JIT has compiled the write paths. The graph is left as it was."""
    import pyarrow as pa

    from graphfraud.schema import TABLES
    from graphfraud.store.embedded import EmbeddedStore
    from graphfraud.store.neo4j_load import arrow_schema, encode_rows, link_columns

    merge = isinstance(target, MergeStore)
    store = target.store if merge else target
    driver = store.runner.driver
    with driver.session() as session:
        if merge:
            for text in target.texts.values():
                session.run(text, {"rows": []}).consume()
        else:
            for table in TABLES:
                store.runner.run("load", table, rows=[], **({"links": []} if link_columns(table) else {}))
        store.existing_keys("fee_list_d", ["warm-up"])
        with EmbeddedStore(workspace, read_only=True) as source:
            lines = source.table("fee_list_d").tail(2 * INCREMENT).head(INCREMENT)
            claims = source.table("setl_d")
            claims = claims[claims.setl_id.isin(set(lines.setl_id))]
        tx = session.begin_transaction()
        for table, frame in (("fee_list_d", lines), ("setl_d", claims)):
            frame = frame.assign(_key="warm-" + frame["_key"])
            if table == "fee_list_d":
                frame = frame.assign(setl_id="warm-" + frame["setl_id"])
            rows = pa.Table.from_pandas(frame, schema=arrow_schema(table), preserve_index=False)
            if merge:
                tx.run(target.texts[table], {"rows": encode_native(rows)}).consume()
                continue
            from graphfraud import cypher

            stmt = cypher.statement("load", table)
            params = {"rows": encode_rows(rows), "links": encode_rows(rows.select(list(link_columns(table))))}
            for part in stmt.parts:
                tx.run(part, {p: params[p] for p in stmt.part_params(part)}).consume()
        tx.rollback()


def _percentiles(values: list[float]) -> dict[str, float]:
    import numpy as np

    if not values:
        return {"n": 0}
    return {"n": len(values), "p50": round(float(np.percentile(values, 50)), 1),
            "p95": round(float(np.percentile(values, 95)), 1), "max": round(float(max(values)), 1)}


def ring_signature(result: Any) -> list[tuple[Any, ...]]:
    """Rings as an investigator compares them: members, typology and the fund's loss, in rank order."""
    members = result.member_sets()
    return sorted((tuple(sorted(members.get(r.ring_id, ()))), r.typology, round(float(r.fund_pay_sumamt), 2))
                  for r in result.rings.itertuples())


def queries(workspace: Path, paths: int) -> dict[str, Any]:
    """On a bulk-imported graph: detection on both stores (same rings?), then paths between members of
    the detected rings and between random persons, and one-hop expansions, with server times."""
    import random

    from graphfraud.rings.pipeline import detect_rings
    from graphfraud.store.embedded import EmbeddedStore
    from graphfraud.store.neo4j_store import Neo4jStore

    out: dict[str, Any] = {}
    with EmbeddedStore(workspace) as embedded:
        clock = time.perf_counter()
        ours = detect_rings(embedded)
        out["detect_embedded_s"] = round(time.perf_counter() - clock, 2)
        persons = embedded.table("psn_info", columns=["_key"])["_key"].tolist()
    store = Neo4jStore.from_settings()
    clock = time.perf_counter()
    theirs = detect_rings(store)
    out["detect_neo4j_s"] = round(time.perf_counter() - clock, 2)
    out["detect_ratio"] = round(out["detect_neo4j_s"] / out["detect_embedded_s"], 2)
    out["rings"] = len(ours.rings)
    out["same_rings"] = ring_signature(ours) == ring_signature(theirs)
    out["seconds"] = out["detect_neo4j_s"]

    rng = random.Random(7)
    pairs = []
    for ring in theirs.member_sets().values():
        people = sorted(m for m in ring if m.startswith("Person:"))
        pairs += [("ring", people[0], other) for other in people[1:3]]
    pairs = rng.sample(pairs, min(paths, len(pairs)))
    pairs += [("random", f"Person:{a}", f"Person:{b}") for a, b in (rng.sample(persons, 2) for _ in range(paths))]
    runner = store.runner
    found: dict[str, int] = {}
    server: dict[str, list[float]] = {"ring": [], "random": [], "expand": []}
    client: dict[str, list[float]] = {"ring": [], "random": [], "expand": []}
    for kind, a, b in pairs:
        runner.server_ms = []
        clock = time.perf_counter()
        found[kind] = found.get(kind, 0) + bool(store.shortest_paths(a, b))
        client[kind].append((time.perf_counter() - clock) * 1000)
        server[kind].append(sum(ms for name, ms in runner.server_ms if name == "graph/shortest_paths"))
    for _, a, _ in pairs[:paths]:
        runner.server_ms = []
        clock = time.perf_counter()
        store.subgraph([a], hops=1)
        client["expand"].append((time.perf_counter() - clock) * 1000)
        server["expand"].append(sum(ms for _, ms in runner.server_ms))
    runner.server_ms = None
    store.close()
    out["query_ms"] = {kind: {"server": _percentiles(server[kind]), "client": _percentiles(client[kind]),
                              **({"with_path": found.get(kind, 0)} if kind != "expand" else {})}
                       for kind in server}
    return out


def naive_sample(sample: int, workspace: Path) -> dict[str, Any]:
    """Today's statement one row per transaction, over the first rows of every table in the share
    ``sample`` / fee lines; returns the sample's size and time."""
    import pyarrow as pa

    from graphfraud.schema import TABLES
    from graphfraud.store.embedded import EmbeddedStore
    from graphfraud.store.neo4j_load import arrow_schema
    from graphfraud.store.neo4j_store import Neo4jStore

    store = Neo4jStore.from_settings()
    naive = MergeStore(store, 1)
    rows = {}
    with EmbeddedStore(workspace, read_only=True) as source:
        share = sample / len(source.table("fee_list_d", columns=["_key"]))
        for table in TABLES:
            frame = source.table(table)
            rows[table] = pa.Table.from_pandas(frame.head(max(1, round(len(frame) * share))),
                                               schema=arrow_schema(table), preserve_index=False)
    clock = time.perf_counter()
    inserted = {table: naive.insert_new(table, part) for table, part in rows.items()}
    seconds = time.perf_counter() - clock
    store.close()
    return {"sample_fee_lines": rows["fee_list_d"].num_rows, "sample_rows": sum(inserted.values()),
            "sample_seconds": round(seconds, 2)}


# -- the server side, and one case --------------------------------------------------------------
def _sample_children(pid: int, stop: threading.Event, peak: list[float]) -> None:
    import psutil

    parent = psutil.Process(pid)
    while not stop.is_set():
        try:
            peak[0] = max([peak[0]] + [c.memory_info().rss / 2**20 for c in parent.children()])
        except psutil.Error:
            pass
        stop.wait(0.1)


def _hwm_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def run_case(mode: str, fee_lines: int, args: dict[str, Any], workdir: Path, java_opts: str,
             prepare: Any = None) -> dict[str, Any]:
    """Start a fresh server, (``prepare(env)``), run the worker, measure both sides."""
    import psutil

    from tools.neo4j.server import start

    home = Path(tempfile.mkdtemp(prefix="neo4j-", dir=workdir))
    server = start(data_dir=home, java_opts=java_opts.split())
    env = {**os.environ, **server.env, "PYTHONPATH": str(REPO)}
    try:
        if prepare:
            prepare(env)
            Path(f"/proc/{server.process.pid}/clear_refs").write_text("5")  # the case's own peak RSS from here
        jvm = psutil.Process(server.process.pid)
        cpu0 = sum(jvm.cpu_times())
        load0 = os.getloadavg()
        stop, peak = threading.Event(), [0.0]
        sampler = threading.Thread(target=_sample_children, args=(jvm.pid, stop, peak), daemon=True)
        sampler.start()
        worker_mode = "increment" if mode.startswith("increment") else mode
        cmd = [sys.executable, "-m", "benchmarks.neo4j_load", "--worker", worker_mode, "--args", json.dumps(args)]
        done = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True)
        stop.set()
        if done.returncode:
            raise RuntimeError(f"worker {mode} failed:\n{done.stderr[-3000:]}")
        result = json.loads(done.stdout.strip().splitlines()[-1])
        result.update(mode=mode, fee_lines=fee_lines, server_cpu_s=round(sum(jvm.cpu_times()) - cpu0, 2),
                      server_peak_rss_mb=_hwm_mb(jvm.pid), import_tool_peak_rss_mb=round(peak[0], 1) or None,
                      load_before=[round(x, 2) for x in load0], load_after=[round(x, 2) for x in os.getloadavg()])
        if mode == "naive":
            result["lines_per_s"] = round(result["sample_fee_lines"] / result["sample_seconds"])
            result["extrapolated_seconds"] = round(fee_lines / result["lines_per_s"])
        else:
            lines = INCREMENT if mode.startswith("increment") else fee_lines
            result["lines_per_s"] = round(lines / result["seconds"])
        print(json.dumps({k: v for k, v in result.items() if k not in ("counts",)}), file=sys.stderr, flush=True)
        return result
    finally:
        server.stop()
        shutil.rmtree(home, ignore_errors=True)


def run_size(fee_lines: int, cases: list[str], workdir: Path, java_opts: str, batch: int, sample: int,
             paths: int) -> list[dict]:
    from graphfraud.store.embedded import EmbeddedStore

    workspace, data = data_for(fee_lines, workdir)
    with EmbeddedStore(workspace, read_only=True) as ref:
        expected, actual_lines = ref.counts(), len(ref.table("fee_list_d", columns=["_key"]))
    results = []
    scratch = workdir / "scratch"
    scratch.mkdir(parents=True, exist_ok=True)
    for mode in cases:
        copy = scratch / "workspace.duckdb"  # bulk_push leaves the workspace alone, but the CLI audits into it
        shutil.copy(workspace, copy)
        args: dict[str, Any] = {"workspace": str(copy), "data": str(data), "rejects": str(scratch / "loads"),
                                "batch": batch, "sample": sample, "paths": paths}
        prepare = None
        if mode in ("increment", "increment_merge", "queries"):
            if mode == "queries":
                base_ws = workspace
            else:
                base_ws, _, new = increment_for(data, workdir)
                args.update(data=str(new), loader="merge" if mode == "increment_merge" else "cypher")

            def prepare(env: dict[str, str], base_ws: Path = base_ws) -> None:
                code = ("import os; from graphfraud.store.embedded import EmbeddedStore; "
                        "from graphfraud.store.neo4j_push import bulk_push; "
                        "from graphfraud.store.neo4j_store import Neo4jStore\n"
                        f"with EmbeddedStore({str(base_ws)!r}, read_only=True) as s: "
                        "bulk_push(s, Neo4jStore.from_settings, os.environ['NEO4J_URI'], replace=True)")
                subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, check=True)
        result = run_case(mode, actual_lines, args, workdir, java_opts, prepare)
        if "counts" in result:
            result["same_graph_as_embedded"] = result.pop("counts") == expected
        if mode.startswith("increment"):
            result["idempotent"] = result["runs"][1]["loaded"] == 0
        results.append(result)
        shutil.rmtree(scratch / "loads", ignore_errors=True)
    return results


# -- reporting -----------------------------------------------------------------------------------
def docs_section(payload: dict[str, Any]) -> str:
    rows = ["| fee lines | loader | wall s | fee lines/s | client CPU s | client peak MB | server CPU s | "
            "server peak MB | box load (1/5 min, before → after) | notes |", "|---|---|---:|---:|---:|---:|---:|---:|---|---|"]
    names = {"bulk": "bulk: import tool (push --bulk)", "cypher": "incremental Cypher (CREATE passes)",
             "merge": "today's loader (UNWIND … MERGE)", "naive": "naive, 1 row/transaction",
             "increment": "a day: 10 000 lines + settlements, new loader",
             "increment_merge": "a day: 10 000 lines + settlements, today's MERGE loader",
             "queries": "detect + path/expand on a bulk-imported graph"}
    for r in payload["results"]:
        notes = []
        if r["mode"] == "bulk":
            s = r["stages"]
            notes.append(f"files {s['files']} s, import {s['import']} s, stop+start {round(s['stop'] + s['start'], 1)} s, "
                         f"constraints+indexes {s['schema']} s; import tool peak {r['import_tool_peak_rss_mb']} MB")
        if r["mode"] == "naive":
            notes.append(f"sample of {r['sample_fee_lines']:,} fee lines (+ same share of every table) in "
                         f"{r['sample_seconds']} s, **extrapolated**: {r['extrapolated_seconds']:,} s for all")
        if r["mode"] == "queries":
            q = r["query_ms"]
            notes.append(f"detect {r['detect_neo4j_s']} s vs embedded {r['detect_embedded_s']} s (×{r['detect_ratio']}), "
                         f"{r['rings']} rings, {'same rings' if r['same_rings'] else 'RINGS DIFFER'}; server ms p50/p95: "
                         + ", ".join(f"{k} {q[k]['server']['p50']}/{q[k]['server']['p95']}" for k in ("ring", "random", "expand"))
                         + f" (paths: {q['ring']['server']['n']} between ring members, {q['random']['server']['n']} between random persons)")
        if r["mode"].startswith("increment"):
            notes.append(f"into the bulk-imported rest; plans warmed first ({r['plan_warmup_s']} s); "
                         f"again: {r['runs'][1]['seconds']} s, {r['runs'][1]['loaded']} rows "
                         f"({'idempotent' if r['idempotent'] else 'NOT idempotent'})")
        if "same_graph_as_embedded" in r:
            notes.append("same graph as the embedded store" if r["same_graph_as_embedded"] else "GRAPH DIFFERS")
        wall = r["sample_seconds"] if r["mode"] == "naive" else r["seconds"]
        load = f"{r['load_before'][0]}/{r['load_before'][1]} → {r['load_after'][0]}/{r['load_after'][1]}"
        rate = "—" if r["mode"] == "queries" else f"{r['lines_per_s']:,}"
        rows.append(f"| {r['fee_lines']:,} | {names[r['mode']]} | {wall} | {rate} | {r['client_cpu_s']} | "
                    f"{r['client_peak_rss_mb']} | {r['server_cpu_s']} | {r['server_peak_rss_mb']} | {load} | "
                    f"{'; '.join(notes)} |")
    m = payload["machine"]
    runs = sorted({(r["date"], r["commit"], r["command"]) for r in payload["results"]})
    return (f"Measured on {m['cpus']} cores / {m['memory_gb']} GB, Neo4j 5.26 (tools/neo4j, JVM "
            f"`{payload['java_opts']}`), Python {m['python']}, each command under `flock` with `nice -n 0` "
            "(other engineers' work shares the box: see the load column; CPU seconds are steadier than wall "
            "time). Runs: " + "; ".join(f"{d} at {c}: `{cmd}`" for d, c, cmd in runs) + ".\n\n"
            + "\n".join(rows) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--cases", nargs="+", choices=CASES, default=list(CASES))
    ap.add_argument("--naive-sample", type=int, default=2_000, help="fee lines of the naive loader's sample")
    ap.add_argument("--naive-sizes", type=int, nargs="*", default=[100_000], help="sizes the naive case runs at")
    ap.add_argument("--batch", type=int, default=10_000, help="rows per transaction of today's loader")
    ap.add_argument("--paths", type=int, default=100, help="path queries of each kind (ring members, random persons)")
    ap.add_argument("--java-opts", default=JAVA_OPTS, help="JVM flags of the Neo4j server")
    ap.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "graphfraud-bench")
    ap.add_argument("--docs", action="store_true", help="rewrite the Neo4j section of docs/benchmarks.md")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--args", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, json.loads(args.args))))
        return
    args.workdir.mkdir(parents=True, exist_ok=True)
    results = []
    for size in args.sizes:
        cases = [c for c in args.cases if c != "naive" or size in args.naive_sizes]
        results += run_size(size, cases, args.workdir, args.java_opts, args.batch, args.naive_sample, args.paths)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout.strip()
    command = "python3 -m benchmarks.neo4j_load " + " ".join(a for a in sys.argv[1:] if not a.startswith("/"))
    for r in results:
        r.update(commit=commit, date=time.strftime("%Y-%m-%d %H:%M"), command=command)
    # Cases of earlier runs that this one did not repeat stay (the whole set does not fit one sitting).
    earlier = json.loads(RESULTS.read_text(encoding="utf-8")).get("results", []) if RESULTS.exists() else []
    done = {(r["fee_lines"], r["mode"]) for r in results}
    results += [r for r in earlier if (r.get("fee_lines"), r.get("mode")) not in done and "commit" in r]
    results.sort(key=lambda r: (r["fee_lines"], CASES.index(r["mode"])))
    payload = {"java_opts": args.java_opts, "targets": TARGETS,
               "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                           "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30)},
               "results": results}
    RESULTS.write_text(json.dumps(payload, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"wrote {RESULTS}")
    if args.docs:
        write_section("<!-- neo4j-load:begin -->", "<!-- neo4j-load:end -->", docs_section(payload))


if __name__ == "__main__":
    main()
