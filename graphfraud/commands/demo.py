"""The demo: generate a small data set, load it into a fresh embedded workspace and show the result."""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import click

from graphfraud import ui
from graphfraud.commands import render
from graphfraud.commands.group import command
from graphfraud.commands.jsonout import emit
from graphfraud.commands.options import json_option
from graphfraud.errors import InputError


def register(main: click.Group) -> None:
    main.add_command(demo)


@command(audited=False)
@click.option("--dir", "folder", type=click.Path(file_okay=False, path_type=Path), default=Path("graphfraud-demo"),
              show_default=True, help="Where the data, workspace and bundle go; a previous demo there is replaced.")
@click.option("--persons", default=1500, show_default=True, help="Size of the generated population.")
@click.option("--seed", default=7, show_default=True, help="Seed of the generated data.")
@json_option
def demo(folder: Path, persons: int, seed: int, as_json: bool) -> None:
    """Run the whole job on generated data: generate, load, detect rings, show them, export a bundle.

    \b
    Example:
      graphfraud demo                 # into ./graphfraud-demo/
      graphfraud demo --dir /tmp/d    # somewhere else
    """
    prepare_folder(folder)
    run_demo(folder, persons, seed, as_json)


def prepare_folder(folder: Path) -> None:
    """An empty folder, or one holding an earlier demo (its workspace says so), which is cleared."""
    if folder.exists() and any(folder.iterdir()):
        if not (folder / "demo.duckdb").exists():
            raise InputError(f"{folder} is not empty and holds no earlier demo", "give an empty or new --dir")
        shutil.rmtree(folder)
    folder.mkdir(parents=True, exist_ok=True)


def run_demo(folder: Path, persons: int, seed: int, as_json: bool = False) -> None:
    from graphfraud.case.demo import demo_bundle
    from graphfraud.generate import generate
    from graphfraud.ledger import lead_threshold, open_detection_leads
    from graphfraud.loaders import load_directory
    from graphfraud.rings.pipeline import detect_rings
    from graphfraud.rings.report import top_rings
    from graphfraud.store.embedded import EmbeddedStore

    quiet = as_json
    data = folder / "data"
    _step(quiet, f"1. Generating {persons} insured persons with planted rings into {data}")
    with ui.progress("generating", quiet=quiet) as update:
        summary = generate(data, persons=persons, seed=seed, progress=lambda label: update(label, 0, 0))
    workspace = folder / "demo.duckdb"
    _step(quiet, f"2. Loading into the embedded workspace {workspace}")
    with EmbeddedStore(workspace) as store:
        with ui.progress("loading", quiet=quiet) as update:
            report = load_directory(store, data, folder / "loads", progress=update)
        counts = store.counts()
        if not quiet:
            render.load_report(report)
            ui.table("Graph", ["kind", "count"], [*counts["nodes"].items(), *counts["relationships"].items()])
        _step(quiet, "3. Detecting rings (Leiden communities over the indicators) and opening leads")
        with ui.progress("detecting", quiet=quiet) as update:
            run = detect_rings(store, progress=update).run
        opened = open_detection_leads(store, run["run_id"], "demo", lead_threshold())
        best = top_rings(store, limit=10) if len(store.get_results("rings")) else None
        if not quiet and best is not None:
            render.top_rings(best)
        _step(quiet, "4. Exporting the top ring as a signed case bundle for police referral")
        with ui.progress("exporting", quiet=quiet) as update:
            made = demo_bundle(store, folder, progress=update)
    outcome: dict[str, Any] = {"folder": str(folder), "workspace": str(workspace), "truth": str(summary.truth_path),
                               "loaded": report.totals(), "rings": 0 if best is None else len(store_rings(workspace)),
                               "leads_opened": opened, "bundle": None}
    if made is not None:
        outcome["bundle"] = {"ring_id": made.ring_id, "path": str(made.path), "files": made.result.files,
                             "verified": made.check.ok, "fund_pay_sumamt": made.result.facts.totals["fund_pay_sumamt"],
                             "acct_pay": made.result.facts.totals["acct_pay"]}
    if as_json:
        emit("demo", outcome)
        return
    click.echo(f"leads opened: {len(opened)} (see: graphfraud leads list --workspace {workspace})")
    if made is None:
        ui.note("no ring found, so no case bundle to export")
    else:
        check, result = made.check, made.result
        ui.fields(f"Case bundle {made.path.name}", [
            ("ring", made.ring_id), ("files", result.files), ("settlements", result.facts.settlements),
            ("pooled fund (yuan)", result.facts.totals["fund_pay_sumamt"]),
            ("personal account (yuan)", result.facts.totals["acct_pay"]),
            ("amount class", result.facts.amount_class or "-"), ("signature", check.signature),
            ("verified", "OK" if check.ok else "FAILED")])
        click.echo(f"verify it yourself: graphfraud case verify {made.path}")
    click.echo(f"ground truth of the generated data: {summary.truth_path}")
    click.echo(f"score the rings against it: graphfraud evaluate --workspace {workspace} --truth {summary.truth_path}")


def _step(quiet: bool, text: str) -> None:
    if not quiet:
        ui.say(text, style="bold", stderr=True)


def store_rings(workspace: Path) -> Any:
    from graphfraud.store.embedded import EmbeddedStore

    with EmbeddedStore(workspace, read_only=True) as store:
        return store.get_results("rings")
