"""The load benchmark's results as text: a progress line per run, a Markdown table, the docs section."""
from __future__ import annotations

from pathlib import Path

from benchmarks.docs_section import write_section

BEGIN, END = "<!-- load-benchmark:begin -->", "<!-- load-benchmark:end -->"
STAGES = ("read", "normalise", "dedupe", "insert", "other")


def _si(n: int) -> str:
    return f"1e{len(str(n)) - 1}" if str(n).strip("0") == "1" else f"{n:,}"


def line(row: dict) -> str:
    naive = f", naive {row['naive_lines_per_s']:,}/s (×{row['ratio']})" if row["ratio"] else ""
    return (f"{_si(row['fee_lines'])} {row['format']}: {row['lines_per_s']:,} lines/s, "
            f"peak {row['ours']['peak_rss_mb']:.0f} MB{naive}")


def markdown(results: dict) -> str:
    env = results["environment"]
    head = ("| fee lines | format | box load | seconds | CPU s | fee lines/s | per CPU-s | target | peak RSS MB | "
            + " | ".join(f"{s} CPU s" for s in STAGES) + " | naive lines/s | naive peak MB | speed-up |")
    rule = "|" + "---|" * (head.count("|") - 1)
    body = []
    for r in results["runs"]:
        ours, naive = r["ours"], r["naive"]
        target = results["targets"]["lines_per_s"][r["format"]]
        carried = f" (carried from {r['carried_from']})" if r.get("carried_from") else ""
        cells = [_si(r["fee_lines"]) + carried, r["format"], r["load_avg"], f"{ours['seconds']:.1f}", f"{ours['cpu_seconds']:.1f}",
                 f"{r['lines_per_s']:,}", f"{r['lines_per_cpu_s']:,}",
                 f"{'✓' if r['meets_target'] else '✗'} ≥ {target // 1000} k/s",
                 f"{ours['peak_rss_mb']:.0f}", *(f"{ours['stages_cpu'].get(s, 0):.2f}" for s in STAGES),
                 _naive_rate(r), f"{naive['peak_rss_mb']:.0f}" if naive else "—", f"×{r['ratio']}" if r["ratio"] else "—"]
        body.append("| " + " | ".join(str(c) for c in cells) + " |")
    note = (f"Measured {env['date']} at commit {env['commit']} on {env['cpus']} cores / {env['ram_gb']} GB, "
            f"Python {env['python']}, DuckDB {env['duckdb']}, pyarrow {env['pyarrow']}.")
    huge = [r for r in results["runs"] if "meets_huge_target" in r]
    targets = results["targets"]
    after = [""] + [f"At {_si(r['fee_lines'])} from {r['format']}"
                    + (f" (carried from {r['carried_from']})" if r.get("carried_from") else "")
                    + f": {_huge_verdict(targets, r)}." for r in huge]
    return "\n".join([note, "", head, rule, *body, *after])


def _huge_verdict(targets: dict, row: dict) -> str:
    """Seconds and peak against the 1e7 targets, each with its own verdict."""
    ours, parts = row["ours"], []
    seconds = targets.get("seconds_at_1e7", {}).get(row["format"])
    if seconds:
        parts.append(f"{ours['seconds']:.1f} s ({'meets' if ours['seconds'] <= seconds else 'misses'} ≤ {seconds:.0f} s)")
    else:
        parts.append(f"{ours['seconds']:.1f} s")
    rss = targets.get("peak_rss_mb_at_1e7")
    parts.append(f"peak {ours['peak_rss_mb']:.0f} MB ({'meets' if ours['peak_rss_mb'] <= rss else 'misses'} ≤ {rss} MB)")
    return ", ".join(parts)


def _naive_rate(row: dict) -> str:
    if not row["naive_lines_per_s"]:
        return "—"
    return f"{row['naive_lines_per_s']:,}" + (" (extrapolated)" if row["naive_extrapolated"] else "")


def update_docs(path: Path, results: dict) -> None:
    """Replace the text between the load markers, leaving other sections alone."""
    write_section(BEGIN, END, markdown(results), path=path)
