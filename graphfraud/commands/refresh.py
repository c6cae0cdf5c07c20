"""graphfraud refresh DATA_DIR: the scheduled job (cron, systemd timer)."""
from __future__ import annotations

from pathlib import Path

import click

from graphfraud import ui
from graphfraud.audit import check
from graphfraud.commands.auditing import current_operator, note
from graphfraud.commands.data import default_rejects_dir
from graphfraud.commands.group import command
from graphfraud.commands.options import emit_json, json_option, store_options
from graphfraud.errors import IntegrityError
from graphfraud.refresh import Options, RefreshLock, RefreshResult, refresh as run_refresh
from graphfraud.refresh.report import CHANGES
from graphfraud.store.spec import StoreSpec

# Exit codes for schedulers (docs/ledger-audit-refresh.md) are those of the errors: 2 bad input (InputError),
# 3 store unavailable (StoreUnavailable), 4 integrity error (IntegrityError), 75 another refresh is running
# (RefreshBusy); 5 audit entry not written (graphfraud.commands.auditing), 1 unexpected failure.
LEAD_CHANGES = ("new", "grown", "shrunk", "merged", "split")


def register(main: click.Group) -> None:
    main.add_command(refresh)


@command(audited=True)
@click.argument("data_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@store_options
@click.option("--state-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where the diff reports go (default: WORKSPACE.refresh/); the lock is WORKSPACE.refresh.lock.")
@click.option("--algorithm", type=click.Choice(["leiden", "louvain"]), default="leiden", show_default=True,
              help="Community algorithm of the detection run.")
@click.option("--seed", default=42, show_default=True, help="Seed of the detection run (keep it fixed across refreshes).")
@click.option("--leads-on", default="new,grown", show_default=True,
              help="Ring changes that open a lead (comma list of new, grown, shrunk, merged, split).")
@json_option
def refresh(data_dir: Path, spec: StoreSpec, state_dir: Path | None, algorithm: str, seed: int, leads_on: str,
            as_json: bool) -> None:
    """Load new or changed files, re-run detection, keep ring IDs, report the diff and open leads.

    Files are tracked by content hash, so an unchanged export is never read twice. A ring that
    persists keeps its ID; merges and splits are recorded. Only one refresh runs per workspace;
    killed at any point, the next run finishes the interrupted one.

    \b
    Exit codes: 0 done (also when nothing was new), 1 unexpected failure, 2 bad input,
    3 store unavailable, 4 integrity error (audit log broken), 5 audit entry not written,
    75 another refresh is running (retry at the next timer).
    \b
    Example:
      graphfraud refresh /data/yibao/exports --workspace /srv/graphfraud/case.duckdb
      graphfraud --operator cron refresh exports/ --json
    """
    changes = tuple(c.strip() for c in leads_on.split(",") if c.strip())
    if not set(changes) <= set(LEAD_CHANGES):
        raise click.BadParameter(f"use a comma list of {', '.join(LEAD_CHANGES)}", param_hint="--leads-on")
    state_dir = state_dir or spec.beside(".refresh")
    # held until the command's context closes, i.e. after its audit entry is written
    click.get_current_context().with_resource(RefreshLock(spec.beside(".refresh.lock")))
    result = _locked(data_dir, spec, state_dir, Options(seed, algorithm, changes), as_json)
    note(subjects=result.report.get("leads_opened", []), refresh_id=result.refresh_id,
         run_id=result.report.get("run_id"), counts=result.report.get("counts"))
    _print(result, as_json)


def _locked(data_dir: Path, spec: StoreSpec, state_dir: Path, options: Options, quiet: bool) -> RefreshResult:
    with spec.open() as store:
        verdict = check(store)
        if not verdict.ok:
            raise IntegrityError(f"audit log fails verification ({verdict.problems[0]}); nothing was refreshed",
                                 "run graphfraud audit verify and have the log examined")
        with ui.progress("refreshing", quiet=quiet) as update:
            return run_refresh(store, data_dir, state_dir, default_rejects_dir(spec),
                               current_operator(), options, progress=update)


def _print(result: RefreshResult, as_json: bool) -> None:
    report = result.report
    if as_json:
        emit_json({**report, "report_file": str(result.report_path) if result.report_path else None,
                   "resumed": result.resumed})
        return
    if report.get("nothing_new"):
        click.echo(f"nothing new in {report['data_dir']}")
        return
    if result.resumed:
        click.echo(f"resumed refresh {result.refresh_id}, interrupted earlier")
    files = report["files"]
    click.echo(f"refresh {result.refresh_id}: {len(files['loaded'])} files loaded, run {report['run_id'] or '(none)'}")
    ui.table("Rings since the last refresh", ["change", "rings", "ring IDs"],
             [[c, report["counts"][c], ", ".join(r["ring_id"] for r in report["rings"][c][:12])] for c in CHANGES])
    click.echo(f"leads opened: {', '.join(report['leads_opened']) or 'none'}")
    click.echo(f"report: {result.report_path}")
