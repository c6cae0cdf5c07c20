"""Refresh benchmark: a refresh that adds 1 % new data against the full run, and ring-ID stability.

A clean generated set of about N fee lines (≈10 per person) is split: the last ``--new-share`` of
the fee lines of the last month, with their settlements, are held back as new files. The full run
is ``graphfraud refresh`` of the rest on an empty workspace (load everything, detect, open leads);
the incremental run is ``graphfraud refresh`` of the same directory plus the new files, on a copy
of that workspace. Each is a fresh subprocess (wall time and its own peak RSS). Stability: among
rings whose member set is identical before and after, the share that kept its ID.
Results go to ``benchmarks/results/refresh.json``; ``--docs`` rewrites the refresh section of
``docs/benchmarks.md``.

Targets: incremental ≤ 20 % of the full run at 1e6 fee lines; stability ≥ 95 %.

Example:
    python3 -m benchmarks.refresh                         # 1e6 fee lines, 1 % new
    python3 -m benchmarks.refresh --fee-lines 100000 --docs
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.docs_section import write_section

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "refresh.json"
LINES_PER_PERSON = 10
SEED = 7
TARGET_RATIO, TARGET_STABILITY = 0.20, 0.95


def prepare(fee_lines: int, share: float, workdir: Path) -> tuple[Path, Path]:
    """(base directory, directory of the new files), generated and split once per size and share."""
    folder = workdir / f"refresh-{fee_lines}-{share}"
    base, new = folder / "base", folder / "new"
    if (folder / ".done").exists():
        return base, new
    from graphfraud.generate import generate

    if not (folder / "generated.truth.json").exists():  # the truth file is written last
        generate(folder / "generated", persons=fee_lines // LINES_PER_PERSON, seed=SEED, messy=False)
    shutil.rmtree(base, ignore_errors=True)
    shutil.rmtree(new, ignore_errors=True)
    shutil.copytree(folder / "generated", base)
    new.mkdir()
    last = sorted(base.glob("fee_list_d*.csv"))[-1]  # fee lines are written in time order: its tail is the newest
    lines = _read(last)
    total = sum(_read(p).num_rows for p in base.glob("fee_list_d*.csv"))
    held = min(lines.num_rows, max(1, round(total * share)))
    kept, fresh = lines.slice(0, lines.num_rows - held), lines.slice(lines.num_rows - held)
    setl = _read(base / "setl_d.csv")
    moving = pc.is_in(setl.column("setl_id"), value_set=pc.unique(fresh.column("setl_id")))
    _write(kept, last)
    _write(setl.filter(pc.invert(moving)), base / "setl_d.csv")
    _write(fresh, new / "fee_list_d_zz-new.csv")
    _write(setl.filter(moving), new / "setl_d_zz-new.csv")
    (folder / ".done").write_text("ok")
    return base, new


def _read(path: Path) -> pa.Table:
    names = pacsv.read_csv(path, read_options=pacsv.ReadOptions(block_size=1 << 16)).schema.names
    return pacsv.read_csv(path, convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names},
                                                                     strings_can_be_null=False))


def _write(table: pa.Table, path: Path) -> None:
    pacsv.write_csv(table, path, write_options=pacsv.WriteOptions(quoting_style="needed"))


def timed_refresh(data: Path, workspace: Path) -> dict[str, object]:
    """One ``graphfraud refresh`` in a fresh process: wall seconds, peak RSS, its JSON report."""
    code = ("import json, resource, sys; from graphfraud.cli import main\n"
            "try:\n    main(sys.argv[1:], standalone_mode=False)\n"
            "finally:\n    u = resource.getrusage(resource.RUSAGE_SELF)\n"
            "    print('CPU', u.ru_utime + u.ru_stime, 'RSS', u.ru_maxrss, file=sys.stderr)")
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, "refresh", str(data), "--workspace", str(workspace), "--json"],
                          cwd=ROOT, capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - start
    rss = int(done.stderr.rsplit("RSS", 1)[1].split()[0])
    cpu = float(done.stderr.rsplit("CPU", 1)[1].split()[0])
    # the report file rather than stdout: a library that prints to stdout must not break the benchmark
    newest = max(workspace.with_name(workspace.name + ".refresh").glob("refresh-*.json"))
    stray = done.stdout[: done.stdout.find("{")].strip()
    return {"seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2), "peak_rss_mb": round(rss / 1024, 1),
            "report": json.loads(newest.read_text(encoding="utf-8")), "stray_stdout": stray[:200]}


def member_sets(workspace: Path) -> dict[frozenset[str], str]:
    from graphfraud.store.embedded import EmbeddedStore

    with EmbeddedStore(workspace, read_only=True) as store:
        members = store.get_results("ring_members")
    return {frozenset(g): ring for ring, g in members.groupby("ring_id").node_id}


def run_case(fee_lines: int, share: float, workdir: Path) -> dict[str, object]:
    base, new = prepare(fee_lines, share, workdir)
    runs = workdir / f"runs-{fee_lines}-{share}"
    shutil.rmtree(runs, ignore_errors=True)
    data = runs / "data"
    shutil.copytree(base, data)
    full = timed_refresh(data, runs / "full.duckdb")
    before = member_sets(runs / "full.duckdb")
    shutil.copy(runs / "full.duckdb", runs / "delta.duckdb")
    # the refresh state beside the workspace too (reports, file hashes, the run's findings): a nightly
    # job refreshes the same workspace
    shutil.copytree(runs / "full.duckdb.refresh", runs / "delta.duckdb.refresh")
    for path in new.iterdir():
        shutil.copy(path, data / path.name)
    delta = timed_refresh(data, runs / "delta.duckdb")
    after = member_sets(runs / "delta.duckdb")
    unchanged = set(before) & set(after)
    kept = sum(1 for members in unchanged if before[members] == after[members])
    ratio = delta["seconds"] / full["seconds"]  # type: ignore[operator]
    stability = kept / len(unchanged) if unchanged else None
    report = delta["report"]
    return {"fee_lines": fee_lines, "new_share": share, "full_seconds": full["seconds"],
            "refresh_seconds": delta["seconds"], "ratio": round(ratio, 3), "meets_ratio": ratio <= TARGET_RATIO,
            "full_cpu_seconds": full["cpu_seconds"], "refresh_cpu_seconds": delta["cpu_seconds"],
            "cpu_ratio": round(delta["cpu_seconds"] / full["cpu_seconds"], 3),  # type: ignore[operator]
            "full_peak_rss_mb": full["peak_rss_mb"], "refresh_peak_rss_mb": delta["peak_rss_mb"],
            "files_loaded": report["files"]["loaded"], "rings_before": len(before), "rings_after": len(after),
            "unchanged_rings": len(unchanged), "unchanged_kept_id": kept,
            "stability": round(stability, 4) if stability is not None else None,
            "meets_stability": stability is not None and stability >= TARGET_STABILITY,
            "changes": report["counts"], "leads_opened": len(report["leads_opened"]),
            "detection": report.get("detection", {})}


def docs_section(results: list[dict[str, object]]) -> str:
    rows = ["| fee lines | new | full run s (CPU s) | refresh s (CPU s) | ratio (≤ 0.20), CPU ratio | "
            "peak RSS MB full / refresh | unchanged rings kept ID (≥ 95 %) | ring changes | box load |",
            "|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        changes = ", ".join(f"{k} {v}" for k, v in r["changes"].items() if v)  # type: ignore[union-attr]
        stability = f"{r['unchanged_kept_id']}/{r['unchanged_rings']} ({100 * r['stability']:.1f} %)" \
            if r["stability"] is not None else "—"
        rows.append(f"| {r['fee_lines']:,} | {100 * r['new_share']:g} % | {r['full_seconds']} ({r['full_cpu_seconds']}) | "
                    f"{r['refresh_seconds']} ({r['refresh_cpu_seconds']}) | {r['ratio']}, {r['cpu_ratio']} | "
                    f"{r['full_peak_rss_mb']} / {r['refresh_peak_rss_mb']} | {stability} | {changes} | {r['load']} |")
    modes = [f"{r['fee_lines']:,}: " + "; ".join(f"{k}: {v}" for k, v in sorted(dict(r["detection"]).items()))  # type: ignore[call-overload]
             for r in results]
    return ("## Refresh (`python3 -m benchmarks.refresh [--fee-lines N] --docs`)\n\n"
            f"Machine: {platform.machine()}, Python {platform.python_version()}, 2 cores shared with other work; "
            f"clean generated data, seed {SEED}. Full run = `graphfraud refresh` of everything on an empty "
            "workspace (load + detect + leads); refresh = the same directory plus the new files, on that workspace "
            "with its refresh state (hash changed files, load the new ones, detect, diff, leads). Wall time and CPU "
            "time of a fresh process each; box load = 1-minute load average before the runs.\n\n"
            + "\n".join(rows) + "\n\nHow each detector's findings were obtained in the refresh (reused: no input table "
            "it reads has new rows; partitions: only the partitions the new rows reach were recomputed; full: "
            "recomputed on everything): " + " ".join(modes) + "\n")


def write_docs(section: str) -> None:
    write_section("<!-- refresh:start -->", "<!-- refresh:end -->", section)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fee-lines", type=int, nargs="*", default=[1_000_000], help="sizes to run")
    parser.add_argument("--new-share", type=float, default=0.01, help="share of fee lines added by the refresh")
    parser.add_argument("--docs", action="store_true", help="rewrite the refresh section of docs/benchmarks.md")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "graphfraud-bench",
                        help="where generated data and workspaces are cached")
    args = parser.parse_args(argv)
    results = [{"load": round(os.getloadavg()[0], 1), **run_case(n, args.new_share, args.workdir)}
               for n in args.fee_lines]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"machine": platform.machine(), "results": results}, indent=1), encoding="utf-8")
    print(json.dumps(results, indent=1))
    if args.docs:
        write_docs(docs_section(results))


if __name__ == "__main__":
    main()
