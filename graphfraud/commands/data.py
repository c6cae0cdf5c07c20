"""Commands that bring data in and describe it: generate, load, status."""
from __future__ import annotations

from pathlib import Path

import click

from graphfraud import settings, ui
from graphfraud.commands import render
from graphfraud.commands.group import command
from graphfraud.commands.jsonout import emit
from graphfraud.commands.options import json_option, store_options, wide_option
from graphfraud.errors import InputError
from graphfraud.loaders import load_directory
from graphfraud.store.spec import StoreSpec


def register(main: click.Group) -> None:
    for cmd in (generate, load, status, show_settings, export_tables):
        main.add_command(cmd)


@command(audited=False)
@click.argument("outdir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--persons", default=2000, show_default=True, type=click.IntRange(min=200),
              help="Insured persons in the background population (≈10 fee lines each). Above 125,000 the "
                   "world is written region by region (files named …_r01, …_r02), in the memory of one region.")
@click.option("--seed", default=7, show_default=True, help="Random seed; the same seed gives byte-identical files.")
@click.option("--clean", is_flag=True, help="Clean UTF-8 CSVs only: no encodings, aliases, overlaps or bad rows.")
@click.option("--truth", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the ground truth JSON (default: OUTDIR.truth.json beside OUTDIR).")
@click.option("--variant", type=click.Choice(["random", "nofraud", "nodrug", "adversarial", "adversarial-nofraud"]),
              help="A varied world: every planted parameter drawn per seed (random), the same world with "
                   "nothing planted (nofraud), or that world without drug information (nodrug); adversarial "
                   "is a second family with other schemes, look-alikes and export quirks (adversarial-nofraud: "
                   "nothing planted).")
@click.option("--world", "world_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="TOML world file: ranges or values replacing the variant's defaults.")
@click.option("--duplicates", default=0, show_default=True, type=click.IntRange(min=0),
              help="Persons enrolled a second time under a varied record (重复参保), plus half as many twins, "
                   "for graphfraud identity evaluate.")
@json_option
def generate(outdir: Path, persons: int, seed: int, clean: bool, truth: Path | None, variant: str | None,
             world_file: Path | None, duplicates: int, as_json: bool) -> None:
    """Write synthetic 医保 exports with planted fraud rings and look-alikes.

    \b
    Example:
      graphfraud generate data/ --persons 5000 --seed 7
      graphfraud generate world3/ --persons 20000 --seed 3 --variant random
      graphfraud generate dup/ --persons 20000 --seed 5 --duplicates 400
      graphfraud load data/
    """
    from graphfraud.generate import generate as run, read_world_file

    try:
        world = read_world_file(world_file) if world_file else None
        with ui.progress("generating", quiet=as_json) as update:
            summary = run(outdir, persons=persons, seed=seed, truth_path=truth, messy=not clean,
                          progress=lambda label: update(label, 0, 0), variant=variant, world=world,
                          duplicates=duplicates)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    info = {"outdir": str(summary.outdir), "truth": str(summary.truth_path), "files": len(summary.files),
            "fee_lines": summary.fee_lines, "rows": summary.rows}
    if as_json:
        emit("generate", info)
        return
    ui.table(f"Generated {summary.outdir}", ["table", "rows written"], sorted(summary.rows.items()))
    click.echo(f"ground truth: {summary.truth_path}")


def default_rejects_dir(spec: StoreSpec) -> Path:
    return spec.beside(".loads") if spec.kind == "embedded" else Path("graphfraud-loads")


@command(audited=True)
@click.argument("data_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@store_options
@click.option("--rejects-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where rejects and load reports go (default: WORKSPACE.loads/).")
@click.option("--encoding", default=lambda: settings.get("csv_encoding"), show_default="auto",
              help="CSV encoding: auto detects UTF-8, UTF-8 with BOM and GB18030.")
@wide_option
@json_option
def load(data_dir: Path, spec: StoreSpec, rejects_dir: Path | None, encoding: str, wide: bool, as_json: bool) -> None:
    """Load a directory of 医保 exports (CSV, XLSX, Parquet) into the graph.

    Files belong to the table their name starts with (setl_d_2026-01.csv, fee_list_d.part3.parquet).
    Loading the same files again changes nothing; next month's files add only new rows. Unusable
    rows go to a rejects file with file, line, raw text and reason.

    \b
    Example:
      graphfraud load exports/2026-01/ --workspace case.duckdb
      graphfraud load exports/2026-02/ --workspace case.duckdb --json
    """
    from graphfraud.loaders.pipeline import discover

    files, skipped = discover(data_dir)
    if not files:
        seen = "; ".join(f"{s['file']}: {s['reason']}" for s in skipped[:5])
        raise InputError(f"no data files to load in {data_dir}" + (f" ({seen})" if seen else " (the folder is empty)"),
                         "give the folder of 医保 exports: CSV, XLSX or Parquet files named after their table, e.g. "
                         "setl_d_2026-01.csv (docs/input-format.md)")
    rejects_dir = rejects_dir or default_rejects_dir(spec)
    with spec.open() as store, ui.progress("loading", quiet=as_json) as update:
        report = load_directory(store, data_dir, rejects_dir, csv_encoding=encoding, progress=update)
    if as_json:
        emit("load", report.to_dict())
        return
    render.load_report(report, wide)


@command(audited=True)
@store_options
@json_option
def status(spec: StoreSpec, as_json: bool) -> None:
    """Counts per node and relationship kind, the settlement date range and the last loads.

    \b
    Example:
      graphfraud status --workspace case.duckdb
      graphfraud status --store neo4j --json
    """
    with spec.open(read_only=True) as store:
        counts = store.counts()
        first, last = store.date_range()
        loads = store.load_history(5)
    if as_json:
        emit("status", {"store": spec.kind, "counts": counts, "date_range": {"first": first, "last": last},
                        "loads": [{"load_id": r["load_id"], "data_dir": r["data_dir"], "started": r["started"],
                                   "totals": r["totals"]} for r in loads]})
        return
    ui.table("Nodes", ["label", "count"], counts["nodes"].items())
    ui.table("Relationships", ["type", "count"], counts["relationships"].items())
    click.echo(f"settlements from {first} to {last}")
    ui.table("Last loads", ["load", "started", "read", "loaded", "dup", "rejected", "directory"],
             [[r["load_id"], str(r["started"])[:16], r["totals"]["rows_read"], r["totals"]["loaded"],
               r["totals"]["duplicates"], r["totals"]["rejected"], r["data_dir"]] for r in loads], drop=("directory",))


@command("export-tables", audited=True)
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
@store_options
@json_option
def export_tables(out_dir: Path, spec: StoreSpec, as_json: bool) -> None:
    """Write the loaded input tables as Parquet, one file per table (with _key, _src_file, _src_line).

    This is the normalised form the Spark engine reads (graphfraud detect --engine spark --input
    OUT_DIR); a province's own pipeline can write the same layout from its cluster tables.

    \b
    Example:
      graphfraud export-tables tables/
      graphfraud detect --engine spark --input tables/ --workspace results.duckdb
    """
    from graphfraud.store.spark import export_parquet

    with spec.open(read_only=True, must_exist=True) as store:
        written = export_parquet(store, out_dir)
    if as_json:
        emit("export_tables", {"folder": str(out_dir), "rows": written})
        return
    ui.table(f"Parquet tables in {out_dir}", ["table", "rows"], sorted(written.items()))


@command("settings", audited=False)
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
        emit("settings", {"settings": [{"name": n, "env": e, "value": v, "help": h} for n, e, v, h in settings.shown()]})
    else:
        ui.table("Settings", ["setting", "value", "environment variable", "meaning"],
                 [[n, v, e, h] for n, e, v, h in settings.shown()], wrap=("meaning", "value"),
                 drop=("meaning", "environment variable"))
