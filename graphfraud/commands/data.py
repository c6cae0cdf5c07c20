"""Commands that bring data in and describe it: generate, load, status."""
from __future__ import annotations

from pathlib import Path

import click

from graphfraud import settings, ui
from graphfraud.cli import emit_json, json_option, main, open_store, store_options
from graphfraud.loaders import LoadReport, load_directory
from graphfraud.schema import REJECT_REASONS


@main.command()
@click.argument("outdir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--persons", default=2000, show_default=True, type=click.IntRange(min=200),
              help="Insured persons in the background population (≈10 fee lines each).")
@click.option("--seed", default=7, show_default=True, help="Random seed; the same seed gives byte-identical files.")
@click.option("--clean", is_flag=True, help="Clean UTF-8 CSVs only: no encodings, aliases, overlaps or bad rows.")
@click.option("--truth", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the ground truth JSON (default: OUTDIR.truth.json beside OUTDIR).")
@click.option("--variant", type=click.Choice(["random", "nofraud", "nodrug"]),
              help="A varied world: every planted parameter drawn per seed (random), the same world with "
                   "nothing planted (nofraud), or that world without drug information (nodrug).")
@click.option("--world", "world_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="TOML world file: ranges or values replacing the variant's defaults.")
@json_option
def generate(outdir: Path, persons: int, seed: int, clean: bool, truth: Path | None, variant: str | None,
             world_file: Path | None, as_json: bool) -> None:
    """Write synthetic 医保 exports with planted fraud rings and look-alikes.

    \b
    Example:
      graphfraud generate data/ --persons 5000 --seed 7
      graphfraud generate world3/ --persons 20000 --seed 3 --variant random
      graphfraud load data/
    """
    from graphfraud.generate import generate as run, read_world_file

    try:
        world = read_world_file(world_file) if world_file else None
        with ui.progress("generating", quiet=as_json) as update:
            summary = run(outdir, persons=persons, seed=seed, truth_path=truth, messy=not clean,
                          progress=lambda label: update(label, 0, 0), variant=variant, world=world)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    info = {"outdir": str(summary.outdir), "truth": str(summary.truth_path), "files": len(summary.files),
            "fee_lines": summary.fee_lines, "rows": summary.rows}
    if as_json:
        emit_json(info)
        return
    ui.table(f"Generated {summary.outdir}", ["table", "rows written"], sorted(summary.rows.items()))
    click.echo(f"ground truth: {summary.truth_path}")


def default_rejects_dir(store_kind: str, workspace: Path) -> Path:
    return workspace.with_name(workspace.name + ".loads") if store_kind == "embedded" else Path("graphfraud-loads")


@main.command()
@click.argument("data_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@store_options
@click.option("--rejects-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where rejects and load reports go (default: WORKSPACE.loads/).")
@click.option("--encoding", default=lambda: settings.get("csv_encoding"), show_default="auto",
              help="CSV encoding: auto detects UTF-8, UTF-8 with BOM and GB18030.")
@json_option
def load(data_dir: Path, store_kind: str, workspace: Path, neo4j_uri: str, rejects_dir: Path | None,
         encoding: str, as_json: bool) -> None:
    """Load a directory of 医保 exports (CSV, XLSX, Parquet) into the graph.

    Files belong to the table their name starts with (setl_d_2026-01.csv, fee_list_d.part3.parquet).
    Loading the same files again changes nothing; next month's files add only new rows. Unusable
    rows go to a rejects file with file, line, raw text and reason.

    \b
    Example:
      graphfraud load exports/2026-01/ --workspace case.duckdb
      graphfraud load exports/2026-02/ --workspace case.duckdb --json
    """
    rejects_dir = rejects_dir or default_rejects_dir(store_kind, workspace)
    with open_store(store_kind, workspace, neo4j_uri) as store, ui.progress("loading", quiet=as_json) as update:
        report = load_directory(store, data_dir, rejects_dir, csv_encoding=encoding, progress=update)
    if as_json:
        emit_json(report.to_dict())
        return
    print_load_report(report)


def print_load_report(report: LoadReport) -> None:
    rows = [[f.file, f.table, f.rows_read, f.loaded, f.duplicates, f.invalid, *(f.rejected[r] for r in REJECT_REASONS)]
            for f in report.files]
    t = report.totals()
    rows.append(["total", "", t["rows_read"], t["loaded"], t["duplicates"], t["invalid"],
                 *(sum(f.rejected[r] for f in report.files) for r in REJECT_REASONS)])
    ui.table(f"Load {report.load_id} of {report.data_dir}",
             ["file", "table", "read", "loaded", "duplicates", "invalid", *REJECT_REASONS], rows)
    for s in report.skipped:
        ui.err.print(f"skipped {s['file']}: {s['reason']}")
    for w in report.warnings:
        ui.err.print(f"warning: {w}")
    if report.rejects_file:
        ui.err.print(f"rejected rows: {report.rejects_file}")


@main.command()
@store_options
@json_option
def status(store_kind: str, workspace: Path, neo4j_uri: str, as_json: bool) -> None:
    """Counts per node and relationship kind, the settlement date range and the last loads.

    \b
    Example:
      graphfraud status --workspace case.duckdb
      graphfraud status --store neo4j --json
    """
    with open_store(store_kind, workspace, neo4j_uri, read_only=True) as store:
        counts = store.counts()
        first, last = store.date_range()
        loads = store.load_history(5)
    if as_json:
        emit_json({"store": store_kind, "counts": counts, "date_range": [first, last],
                   "loads": [{"load_id": r["load_id"], "data_dir": r["data_dir"], "started": r["started"],
                              "totals": r["totals"]} for r in loads]})
        return
    ui.table("Nodes", ["label", "count"], counts["nodes"].items())
    ui.table("Relationships", ["type", "count"], counts["relationships"].items())
    click.echo(f"settlements from {first} to {last}")
    ui.table("Last loads", ["load", "started", "directory", "read", "loaded", "duplicates", "rejected"],
             [[r["load_id"], r["started"], r["data_dir"], r["totals"]["rows_read"], r["totals"]["loaded"],
               r["totals"]["duplicates"], r["totals"]["rejected"]] for r in loads])


@main.command("settings")
@click.option("--markdown", is_flag=True, help="Print the documentation table (defaults) instead of current values.")
@json_option
def show_settings(markdown: bool, as_json: bool) -> None:
    """Show every setting, its environment variable and current value (secrets as ***).

    \b
    Example:
      GRAPHFRAUD_WORKSPACE=case.duckdb graphfraud settings
    """
    if markdown:
        click.echo(settings.markdown_table(), nl=False)
    elif as_json:
        emit_json([{"name": n, "env": e, "value": v, "help": h} for n, e, v, h in settings.shown()])
    else:
        ui.table("Settings", ["setting", "environment variable", "value", "meaning"], settings.shown())
