"""The demo: generate a small data set, load it into a fresh embedded workspace and show the result."""
from __future__ import annotations

import shutil
from pathlib import Path

import click

from graphfraud import ui
from graphfraud.commands import render
from graphfraud.commands.group import command
from graphfraud.errors import InputError


def register(main: click.Group) -> None:
    main.add_command(demo)


@command(audited=False)
@click.option("--dir", "folder", type=click.Path(file_okay=False, path_type=Path), default=Path("graphfraud-demo"),
              show_default=True, help="Where the data, workspace and bundle go; a previous demo there is replaced.")
@click.option("--persons", default=1500, show_default=True, help="Size of the generated population.")
@click.option("--seed", default=7, show_default=True, help="Seed of the generated data.")
def demo(folder: Path, persons: int, seed: int) -> None:
    """Run the whole job on generated data: generate, load, detect rings, show them, export a bundle.

    \b
    Example:
      graphfraud demo                 # into ./graphfraud-demo/
      graphfraud demo --dir /tmp/d    # somewhere else
    """
    prepare_folder(folder)
    run_demo(folder, persons, seed)


def prepare_folder(folder: Path) -> None:
    """An empty folder, or one holding an earlier demo (its workspace says so), which is cleared."""
    if folder.exists() and any(folder.iterdir()):
        if not (folder / "demo.duckdb").exists():
            raise InputError(f"{folder} is not empty and holds no earlier demo", "give an empty or new --dir")
        shutil.rmtree(folder)
    folder.mkdir(parents=True, exist_ok=True)


def run_demo(folder: Path, persons: int, seed: int) -> None:
    from graphfraud.case.demo import demo_bundle
    from graphfraud.generate import generate
    from graphfraud.loaders import load_directory
    from graphfraud.rings.pipeline import detect_rings
    from graphfraud.rings.report import top_rings
    from graphfraud.store.embedded import EmbeddedStore

    data = folder / "data"
    ui.err.print(f"[bold]1. Generating[/] {persons} insured persons with planted rings into {data}")
    with ui.progress("generating") as update:
        summary = generate(data, persons=persons, seed=seed, progress=lambda label: update(label, 0, 0))
    workspace = folder / "demo.duckdb"
    ui.err.print(f"[bold]2. Loading[/] into the embedded workspace {workspace}")
    with EmbeddedStore(workspace) as store:
        with ui.progress("loading") as update:
            report = load_directory(store, data, folder / "loads", progress=update)
        render.load_report(report)
        counts = store.counts()
        ui.table("Graph", ["kind", "count"], [*counts["nodes"].items(), *counts["relationships"].items()])
        ui.err.print("[bold]3. Detecting rings[/] (Leiden communities over nine indicators)")
        with ui.progress("detecting") as update:
            detect_rings(store, progress=update)
        render.top_rings(top_rings(store, limit=10))
        ui.err.print("[bold]4. Exporting[/] the top ring as a signed case bundle for police referral")
        with ui.progress("exporting") as update:
            made = demo_bundle(store, folder, progress=update)
    if made is None:
        ui.err.print("no ring found, so no case bundle to export")
    else:
        check, result = made.check, made.result
        ui.table(f"Case bundle {made.path.name}", ["item", "value"], [
            ["ring", made.ring_id], ["files", result.files], ["settlements", result.facts.settlements],
            ["pooled fund (yuan)", result.facts.totals["fund_pay_sumamt"]],
            ["personal account (yuan)", result.facts.totals["acct_pay"]],
            ["amount class", result.facts.amount_class or "-"], ["signature", check.signature],
            ["verified", "OK" if check.ok else "FAILED"]])
        click.echo(f"verify it yourself: graphfraud case verify {made.path}")
    click.echo(f"ground truth of the generated data: {summary.truth_path}")
    click.echo(f"score the rings against it: graphfraud evaluate --workspace {workspace} --truth {summary.truth_path}")
