"""Load benchmark: fee lines per second and peak RSS of ``load_directory``, from CSV and from Parquet.

Each case runs in a fresh subprocess (so one run's memory never counts against the next) loading
into a fresh embedded workspace; the same data is also loaded the naive way (pandas ``iterrows``
into a networkx MultiDiGraph) and the speed ratio reported. Results go to
``benchmarks/results/load.json`` and, with ``--docs``, to the load section of ``docs/benchmarks.md``.

Example:
    python3 -m benchmarks.load                    # 1e5 and 1e6 fee lines, CSV and Parquet
    python3 -m benchmarks.load --huge --docs      # adds 1e7, rewrites the docs table
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from benchmarks import load_report as report
from benchmarks.load_data import prepare

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "load.json"
TARGETS = {"csv": 150_000, "parquet": 500_000}  # fee lines/s on a 2-core box (foundation issue)
RSS_TARGET_MB = 2048  # at 1e6 fee lines
# At 1e7 fee lines (a prefecture's year, issue 16): seconds per format and peak RSS.
HUGE_LINES, HUGE_SECONDS, HUGE_RSS_MB = 10_000_000, {"parquet": 60.0}, 6144


@dataclass
class CaseResult:
    seconds: float
    cpu_seconds: float  # user + system time of all threads: steadier than wall time on a shared box
    peak_rss_mb: float
    stages: dict[str, float] = field(default_factory=dict)  # wall seconds per loader stage
    stages_cpu: dict[str, float] = field(default_factory=dict)  # CPU seconds per stage (all threads)
    close_seconds: float = 0.0  # closing the workspace (DuckDB checkpoint), outside the measured load
    loaded: int = 0  # rows stored (ours) or nodes in the graph (naive): a check that the work was done


class StageClock:
    """Wall and CPU time spent inside named functions, by wrapping them in place (this process only)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.cpu: dict[str, float] = {}

    def wrap(self, owner: object, attribute: str, stage: str) -> None:
        inner = getattr(owner, attribute)

        def timed(*args, **kwargs):
            start, cpu = time.perf_counter(), time.process_time()
            try:
                result = inner(*args, **kwargs)
            finally:
                self._add(stage, start, cpu)
            return self._timed_items(stage, result) if isinstance(result, Iterator) else result

        setattr(owner, attribute, timed)

    def _timed_items(self, stage: str, items: Iterator) -> Iterator:
        """A reader that yields batches does its work while it is iterated: time each step."""
        while True:
            start, cpu = time.perf_counter(), time.process_time()
            try:
                item = next(items)
            except StopIteration:
                self._add(stage, start, cpu)
                return
            self._add(stage, start, cpu)
            yield item

    def _add(self, stage: str, start: float, cpu: float) -> None:
        self.seconds[stage] = self.seconds.get(stage, 0.0) + time.perf_counter() - start
        self.cpu[stage] = self.cpu.get(stage, 0.0) + time.process_time() - cpu

    def stages(self, clock: str, total: float) -> dict[str, float]:
        """read, normalise, dedupe (the rest of a batch), insert, other (the rest of the load)."""
        s = self.seconds if clock == "wall" else self.cpu
        out = {"read": s.get("read", 0.0), "normalise": s.get("normalise", 0.0),
               "dedupe": s.get("batch", 0.0) - s.get("normalise", 0.0) - s.get("insert", 0.0),
               "insert": s.get("insert", 0.0)}
        out["other"] = total - sum(out.values())
        return {k: round(v, 3) for k, v in out.items()}


def run_ours(data_dir: Path, scratch: Path) -> CaseResult:
    from graphfraud.loaders import load_directory, pipeline
    from graphfraud.store.embedded import EmbeddedStore

    clock = StageClock()
    clock.wrap(pipeline, "read_file", "read")
    clock.wrap(pipeline, "normalise", "normalise")
    clock.wrap(pipeline, "_load_batch", "batch")
    clock.wrap(EmbeddedStore, "insert_new", "insert")
    store = EmbeddedStore(scratch / "bench.duckdb")
    start, cpu = time.perf_counter(), time.process_time()
    result = load_directory(store, data_dir, scratch / "loads")
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    closing = time.perf_counter()
    store.close()
    closed = time.perf_counter() - closing
    return CaseResult(seconds, round(cpu, 2), _peak_rss_mb(), clock.stages("wall", seconds), clock.stages("cpu", cpu),
                      round(closed, 3), result.totals()["loaded"])


def run_naive(data_dir: Path) -> CaseResult:
    from benchmarks.naive_load import naive_load

    start, cpu = time.perf_counter(), time.process_time()
    graph = naive_load(data_dir)
    return CaseResult(time.perf_counter() - start, round(time.process_time() - cpu, 2), _peak_rss_mb(),
                      loaded=graph.number_of_nodes())


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def in_subprocess(case: str, data_dir: Path, scratch: Path) -> CaseResult:
    scratch.mkdir(parents=True, exist_ok=True)
    out = subprocess.run([sys.executable, "-m", "benchmarks.load", "--case", case, "--data", str(data_dir),
                          "--scratch", str(scratch)], cwd=ROOT, check=True, capture_output=True, text=True)
    return CaseResult(**json.loads(out.stdout.strip().splitlines()[-1]))


def run_size(fee_lines: int, formats: list[str], naive_max: int, workdir: Path,
             naive_rates: dict[str, float]) -> list[dict[str, object]]:
    """Both loaders on one size; above ``naive_max`` the naive rate last measured is carried over."""
    data = prepare(workdir, fee_lines)
    rows = []
    for fmt in formats:
        load_avg = os.getloadavg()[0]  # other work on the box inflates wall times; CPU seconds less so
        with tempfile.TemporaryDirectory(dir=workdir) as scratch:
            ours = in_subprocess("ours", data.dirs[fmt], Path(scratch) / "ours")
            naive = in_subprocess("naive", data.dirs[fmt], Path(scratch) / "naive") if fee_lines <= naive_max else None
        if naive:
            naive_rates[fmt] = fee_lines / naive.seconds
        naive_rate = naive_rates.get(fmt)
        row = {"fee_lines": fee_lines, "settlements": data.settlements, "format": fmt, "load_avg": round(load_avg, 1),
               "ours": asdict(ours), "lines_per_s": round(fee_lines / ours.seconds),
               "lines_per_cpu_s": round(fee_lines / ours.cpu_seconds),
               "naive": asdict(naive) if naive else None, "naive_extrapolated": naive is None and naive_rate is not None,
               "naive_lines_per_s": round(naive_rate) if naive_rate else None,
               "ratio": round(fee_lines / ours.seconds / naive_rate, 1) if naive_rate else None}
        row["meets_target"] = row["lines_per_s"] >= TARGETS[fmt] and (
            fee_lines != 1_000_000 or ours.peak_rss_mb <= RSS_TARGET_MB)
        if fee_lines == HUGE_LINES:
            row["meets_huge_target"] = ours.seconds <= HUGE_SECONDS.get(fmt, float("inf")) and (
                ours.peak_rss_mb <= HUGE_RSS_MB)
        print(report.line(row), file=sys.stderr, flush=True)
        rows.append(row)
    return rows


def carried(previous: dict, measured: list[dict], commit: str) -> list[dict]:
    """Runs of an earlier results file for (size, format) cases not measured now, marked with their commit
    where it is not ``commit`` (the code measured now)."""
    done = {(r["fee_lines"], r["format"]) for r in measured}
    runs = []
    for r in previous.get("runs", []):
        if (r["fee_lines"], r["format"]) in done:
            continue
        source = r.get("carried_from") or previous.get("environment", {}).get("commit", "?")
        runs.append({k: v for k, v in r.items() if k != "carried_from"} | (
            {"carried_from": source} if source != commit else {}))
    return runs


def environment() -> dict[str, object]:
    import duckdb
    import psutil
    import pyarrow

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    return {"cpus": psutil.cpu_count(), "ram_gb": round(psutil.virtual_memory().total / 2**30),
            "python": platform.python_version(), "duckdb": duckdb.__version__, "pyarrow": pyarrow.__version__,
            "commit": commit.stdout.strip(), "date": time.strftime("%Y-%m-%d")}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1e5,1e6", help="fee-line counts, comma-separated (default 1e5,1e6)")
    parser.add_argument("--huge", action="store_true", help="also 1e7 fee lines (≈ 3 GB of CSV)")
    parser.add_argument("--formats", default="csv,parquet", help="csv, parquet or both (default both)")
    parser.add_argument("--naive-max", type=float, default=1e5,
                        help="largest size loaded the naive way; bigger sizes reuse its rate (default 1e5)")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "graphfraud-bench",
                        help="where generated data is kept between runs (default: the system temp dir)")
    parser.add_argument("--out", type=Path, default=RESULTS, help="JSON results file")
    parser.add_argument("--docs", action="store_true", help="rewrite the load table in docs/benchmarks.md")
    parser.add_argument("--carry", action="store_true",
                        help="keep the runs of --out for sizes and formats not measured now (marked as carried "
                             "with their commit), e.g. a case too big to run on a shared box")
    parser.add_argument("--case", choices=("ours", "naive"), help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--scratch", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.case:  # inside the measuring subprocess
        result = run_ours(args.data, args.scratch) if args.case == "ours" else run_naive(args.data)
        print(json.dumps(asdict(result)))
        return
    sizes = [int(float(s)) for s in args.sizes.split(",")] + ([10_000_000] if args.huge else [])
    formats = [f.strip() for f in args.formats.split(",")]
    args.workdir.mkdir(parents=True, exist_ok=True)
    naive_rates: dict[str, float] = {}
    rows = [row for size in sorted(sizes) for row in run_size(size, formats, int(args.naive_max), args.workdir, naive_rates)]
    env = environment()
    if args.carry and args.out.exists():
        rows = sorted(rows + carried(json.loads(args.out.read_text(encoding="utf-8")), rows, str(env["commit"])),
                      key=lambda r: (r["fee_lines"], r["format"]))
    results = {"benchmark": "load", "environment": env, "targets": {
        "lines_per_s": TARGETS, "peak_rss_mb_at_1e6": RSS_TARGET_MB, "seconds_at_1e7": HUGE_SECONDS,
        "peak_rss_mb_at_1e7": HUGE_RSS_MB}, "runs": rows}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(report.markdown(results))
    if args.docs:
        report.update_docs(ROOT / "docs" / "benchmarks.md", results)


if __name__ == "__main__":
    main()
