"""The audit trail commands: audit verify | show."""
from __future__ import annotations

from typing import Any

import click

from graphfraud import ui
from graphfraud.audit import check, entries
from graphfraud.audit.anchor import anchor_path
from graphfraud.audit.chain import canonical
from graphfraud.commands.group import group
from graphfraud.commands.jsonout import emit
from graphfraud.commands.options import json_option, store_options, wide_option
from graphfraud.errors import IntegrityError
from graphfraud.store.spec import StoreSpec


def register(main: click.Group) -> None:
    main.add_command(audit)


@group()
def audit() -> None:
    """The audit trail (执法全过程记录): one hash-chained entry per command that read or changed data.

    \b
    Example:
      graphfraud audit verify
      graphfraud audit show --lead L-000001
    """


@audit.command(audited=True, chain_check=False)
@click.option("--head", "expected", metavar="HASH",
              help="The head hash written down earlier (e.g. in a 笔录): also proves nothing was cut from the end.")
@store_options
@json_option
def verify(expected: str | None, spec: StoreSpec, as_json: bool) -> None:
    """Check the hash chain: any edited, removed or reordered entry is reported (exit 4).

    Prints the number of entries and the head hash; write the head into a record to check later
    with --head that the log was only ever appended to. Works on a read-only workspace (an evidence
    copy); on a broken log no command is recorded, so it fails again until the log is examined.

    \b
    Example:
      graphfraud audit verify
      graphfraud audit verify --head 3f5a…e1 --json
    """
    with spec.open(read_only=True, must_exist=True) as store:
        verdict = check(store, anchor_path(spec))
        if expected and expected not in _hashes(store):
            verdict.ok = False
            verdict.problems.append(f"no entry has the head hash {expected} (entries removed or rewritten)")
    if as_json:
        emit("audit_verify", verdict.to_dict())
    elif verdict.ok:
        click.echo(f"audit log intact: {verdict.entries} entries, head {verdict.head}")
    else:
        for problem in verdict.problems:
            click.echo(f"audit log broken: {problem}", err=True)
    if not verdict.ok:
        raise click.exceptions.Exit(IntegrityError.exit_code)


def _hashes(store: Any) -> set[str]:
    return {e["hash"] for e in entries(store)}


@audit.command(audited=True, chain_check=False)
@click.option("--ring", "ring_id", help="Only entries about this ring ID.")
@click.option("--lead", "lead_id", help="Only entries about this lead ID.")
@click.option("--by", "by_operator", help="Only entries of this operator.")
@click.option("--command", "command_name", help="Only this command, e.g. 'leads status' or refresh.")
@click.option("--limit", default=50, show_default=True, help="Newest entries shown (0: all).")
@store_options
@wide_option
@json_option
def show(ring_id: str | None, lead_id: str | None, by_operator: str | None, command_name: str | None, limit: int,
         spec: StoreSpec, wide: bool, as_json: bool) -> None:
    """Show audit entries, newest last, filtered by ring, lead, operator or command.

    \b
    Example:
      graphfraud audit show --lead L-000001
      graphfraud audit show --by 王五 --command "leads status" --json
    """
    with spec.open(read_only=True, must_exist=True) as store:
        rows = entries(store)
    wanted = [s for s in (ring_id, lead_id) if s]
    rows = [e for e in rows if all(s in e["subjects"] for s in wanted)
            and (not by_operator or e["operator"] == by_operator)
            and (not command_name or e["command"] == command_name)]
    rows = rows[-limit:] if limit else rows
    if as_json:
        emit("audit_entries", {"entries": rows})
        return
    ui.table(f"Audit entries ({len(rows)})", ["#", "time", "command", "exit", "operator", "subjects", "parameters"],
             [[e["seq"], str(e["time"])[:19], e["command"], e["exit_code"], e["operator"], ", ".join(e["subjects"]) or "-",
               _short(e["params"]) or "-"] for e in rows], wrap=("subjects", "parameters"),
             drop=("parameters", "subjects", "operator"), wide=wide)


def _short(params: dict[str, Any]) -> str:
    shown = {k: v for k, v in params.items() if v not in (None, False, "", [], ()) and k not in ("store_kind", "neo4j_uri")}
    return canonical(shown)[:120]
