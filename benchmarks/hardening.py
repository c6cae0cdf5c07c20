"""Hardening benchmark (issue 12): what exact line numbers and streamed verification cost.

Two cases, each against a baseline in the same run, each measured in a fresh subprocess:

* **messy CSV**: ``read_records`` (the loader's CSV reader: independent line count, Arrow, strict
  re-parse of multi-line records) on N rows of which every tenth holds a quoted newline (an address
  broken over two lines), against the same N rows without them. CPU seconds, best of ``--repeat``.
* **zip verify**: peak RSS of ``case verify`` on a zip holding one ``--entry-mb`` MB entry, against
  the same zip without it. Hashing streams, so the difference stays near zero.

Example:
    python3 -m benchmarks.hardening                       # 1e6 rows, a 300 MB entry
    python3 -m benchmarks.hardening --rows 1e5 --docs     # also rewrite its docs/benchmarks.md section
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from benchmarks.docs_section import write_section

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "hardening.json"
MARKERS = ("<!-- hardening-benchmark:begin -->", "<!-- hardening-benchmark:end -->")
HEADER = "bkkp_sn,setl_id,psn_no,med_list_codg,hilist_name,cnt"


def write_csv(path: Path, rows: int, broken_every: int) -> None:
    """``rows`` fee-like records; every ``broken_every``-th has a quoted newline (0: none)."""
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER + "\n")
        for i in range(rows):
            name = f'"药品 {i}\n第二行"' if broken_every and i % broken_every == 0 else f"药品 {i}"
            out.write(f"B{i},S{i},P{i % 5000},X{i % 300},{name},{i % 7}\n")


def write_zip(path: Path, entry_mb: int) -> None:
    """A bundle-shaped zip (one top folder); with ``entry_mb`` > 0 a payload entry of that size."""
    block = os.urandom(1 << 20)
    digest = hashlib.sha256()
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("R-1/bagit.txt", "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n")
        with archive.open("R-1/data/big.bin", "w", force_zip64=True) as entry:
            for i in range(entry_mb):
                chunk = block[i:] + block[:i]
                entry.write(chunk)
                digest.update(chunk)
        archive.writestr("R-1/manifest-sha256.txt", f"{digest.hexdigest()}  data/big.bin\n")


def child(case: str, path: Path, repeat: int) -> dict[str, float]:
    """Run in the fresh subprocess: the measured call, then its numbers."""
    if case == "csv":
        from graphfraud.loaders.csvfile import read_records

        best, rows = float("inf"), 0
        for _ in range(repeat):
            start = time.process_time()
            rows = read_records(path, "utf-8", ",", len(HEADER.split(","))).data.num_rows
            best = min(best, time.process_time() - start)
        return {"cpu_seconds": round(best, 3), "rows": rows}
    from graphfraud.case.bagit import verify_bundle

    verify_bundle(path)
    return {"peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def measure(case: str, path: Path, repeat: int) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-m", "benchmarks.hardening", "--child", case, str(path), str(repeat)],
                         cwd=ROOT, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=float, default=1e6, help="CSV records (default 1e6)")
    parser.add_argument("--entry-mb", type=int, default=300, help="size of the large zip entry (default 300)")
    parser.add_argument("--repeat", type=int, default=3, help="CSV reads per case, best kept (default 3)")
    parser.add_argument("--out", type=Path, default=RESULTS, help="JSON results file")
    parser.add_argument("--docs", action="store_true", help="rewrite the hardening table in docs/benchmarks.md")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child[0], Path(args.child[1]), int(args.child[2]))))
        return
    rows = int(args.rows)
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        write_csv(work / "clean.csv", rows, 0)
        write_csv(work / "messy.csv", rows, 10)
        write_zip(work / "small.zip", 0)
        write_zip(work / "large.zip", args.entry_mb)
        clean, messy = measure("csv", work / "clean.csv", args.repeat), measure("csv", work / "messy.csv", args.repeat)
        small, large = measure("zip", work / "small.zip", 1), measure("zip", work / "large.zip", 1)
    result = {"rows": rows, "entry_mb": args.entry_mb, "load_avg": round(load, 1), "python": platform.python_version(),
              "csv_clean_cpu_s": clean["cpu_seconds"], "csv_messy_cpu_s": messy["cpu_seconds"],
              "csv_ratio": round(messy["cpu_seconds"] / max(clean["cpu_seconds"], 1e-3), 2),
              "zip_small_rss_mb": small["peak_rss_mb"], "zip_large_rss_mb": large["peak_rss_mb"],
              "zip_extra_rss_mb": round(large["peak_rss_mb"] - small["peak_rss_mb"], 1)}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    table = "\n".join([
        f"Measured with {rows:,} rows and a {args.entry_mb} MB entry; 1-minute load average {load:.1f} "
        f"(2 cores shared), Python {platform.python_version()}.",
        "",
        "| case | baseline | measured | ratio / difference |",
        "|---|---|---|---|",
        f"| CSV read, a quoted newline in every tenth row (CPU s) | {clean['cpu_seconds']} (none) | "
        f"{messy['cpu_seconds']} | ×{result['csv_ratio']} |",
        f"| `case verify` zip, peak RSS MB | {small['peak_rss_mb']} (no entry) | {large['peak_rss_mb']} | "
        f"+{result['zip_extra_rss_mb']} MB |",
    ])
    print(table)
    if args.docs:
        write_section(*MARKERS, table, heading="## Hardening (`python3 -m benchmarks.hardening`)\n\n")


if __name__ == "__main__":
    main()
