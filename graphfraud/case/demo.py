"""The demo's last step: export the top-ranked ring as a signed bundle and verify it.

The demo signs with a throw-away key in its own folder; real exports use the key made by
``graphfraud keys init``, kept outside any workspace.
"""
from __future__ import annotations

from pathlib import Path

import click

from graphfraud import ui
from graphfraud.case.bagit import read_bundle, verify_files
from graphfraud.case.bundle import export_case
from graphfraud.keys import init_keys
from graphfraud.store.embedded import EmbeddedStore


def demo_bundle(workspace: Path, folder: Path) -> Path | None:
    """Export and verify the best ring of ``workspace`` (detecting rings first if none are stored)."""
    with EmbeddedStore(workspace) as store:
        rings = store.get_results("rings")
        if rings.empty:
            from graphfraud.rings.pipeline import detect_rings

            with ui.progress("detecting rings") as update:
                rings = detect_rings(store, progress=update).rings
        if rings.empty:
            ui.err.print("no ring found, so no case bundle to export")
            return None
        ring_id = str(rings.sort_values("rank").ring_id.iloc[0])
        key = init_keys(folder / "demo-keys", force=True)
        out = folder / f"case-{ring_id}.zip"
        ui.err.print(f"[bold]Exporting[/] ring {ring_id} as a signed case bundle {out}")
        with ui.progress("exporting") as update:
            result = export_case(store, ring_id, out, key, "police", force=True, progress=update)
    check = verify_files(read_bundle(out))
    ui.table(f"Case bundle {out.name}", ["item", "value"], [
        ["ring", ring_id], ["files", result.files], ["settlements", result.facts.settlements],
        ["pooled fund (yuan)", result.facts.totals["fund_pay_sumamt"]],
        ["personal account (yuan)", result.facts.totals["acct_pay"]],
        ["amount class", result.facts.amount_class or "-"], ["signature", check.signature],
        ["verified", "OK" if check.ok else "FAILED"]])
    click.echo(f"verify it yourself: graphfraud case verify {out}")
    return out
