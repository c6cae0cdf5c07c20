"""Commands for the Neo4j store: read-only Cypher for investigators, and pushing a workspace to Neo4j."""
from __future__ import annotations

import csv
import json
import shlex
import sys
from pathlib import Path
from typing import Any

import click

from graphfraud import ui
from graphfraud.commands.group import command, group
from graphfraud.commands.jsonout import emit
from graphfraud.commands.options import json_option, push_options, store_options, workspace_options
from graphfraud.errors import InputError, IntegrityError
from graphfraud.store.spec import StoreSpec

CYPHER_NEEDS_NEO4J = "add --store neo4j (with NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD), or copy the workspace " \
                     "there first: graphfraud neo4j push"


def register(main: click.Group) -> None:
    main.add_command(query)
    main.add_command(neo4j_group)


def parse_params(pairs: tuple[str, ...]) -> dict[str, Any]:
    """``k=v`` gives the string v (IDs stay strings: 000123 keeps its zeros); ``k:=JSON`` a typed value."""
    params: dict[str, Any] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.rstrip(":"):
            raise InputError(f"bad --param {pair!r}", "write name=value, or name:=JSON for numbers and lists")
        if name.endswith(":"):
            try:
                params[name[:-1]] = json.loads(value)
            except json.JSONDecodeError as exc:
                raise InputError(f"--param {name[:-1]}: not JSON ({exc.msg})", 'e.g. --param n:=5 or --param ids:=["a","b"]') from None
        else:
            params[name] = value
    return params


def plain(value: Any) -> Any:
    """A result value for tables, JSON and CSV: nodes as their ID and properties, times as ISO text."""
    import neo4j.graph as g

    if isinstance(value, g.Node):
        label = next(iter(value.labels), "")
        return {"id": f"{label}:{value.get('_key')}", **{k: plain(v) for k, v in value.items()}}
    if isinstance(value, g.Relationship):
        return {"type": value.type, **{k: plain(v) for k, v in value.items()}}
    if isinstance(value, g.Path):
        return [plain(n)["id"] for n in value.nodes]
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value


def cell(value: Any) -> Any:
    return json.dumps(value, ensure_ascii=False, default=str) if isinstance(value, (dict, list)) else value


@command(audited=True)
@click.argument("cypher_text", metavar="CYPHER")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="A query parameter ($NAME): NAME=text, or NAME:=JSON for numbers and lists. Repeatable.")
@store_options
@json_option
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV (header row first) instead of a table.")
def query(cypher_text: str, params: tuple[str, ...], spec: StoreSpec, as_json: bool, as_csv: bool) -> None:
    """Run your own read-only Cypher on the Neo4j graph; values go in as parameters.

    The query runs in a read transaction, so the server refuses any write (CREATE, MERGE, SET,
    DELETE). Nodes print as their ID ("Label:key") with their properties.

    \b
    Example:
      graphfraud query --store neo4j \\
        "MATCH (p:Person {_key: \\$psn})-[:SETTLED]->(c:Claim) RETURN c._key AS setl_id, c.setl_time AS t" \\
        --param psn=07244207525157741069 --csv
    """
    import neo4j.exceptions as nx

    if spec.kind != "neo4j":
        raise InputError("Cypher queries run on the Neo4j store only", CYPHER_NEEDS_NEO4J)
    values = parse_params(params)
    with spec.open_neo4j() as store:
        try:
            columns, rows = store.run_user(cypher_text, values)
        except nx.Neo4jError as exc:
            raise InputError(_query_error(exc), "graphfraud query is read-only; check the Cypher and its --param values") from None
    rows = [[plain(v) for v in r] for r in rows]
    if as_json:
        emit("query", {"columns": columns, "rows": [dict(zip(columns, r)) for r in rows]})
    elif as_csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        writer.writerows([[cell(v) for v in r] for r in rows])
    else:
        ui.table(f"{len(rows)} rows", columns, [[cell(v) for v in r] for r in rows])


def _query_error(exc: Exception) -> str:
    code = getattr(exc, "code", "") or ""
    message = (getattr(exc, "message", None) or str(exc)).strip().splitlines()[0]
    if "AccessMode" in code or "write" in message.lower() and "read" in message.lower():
        return "the query writes to the graph, which graphfraud query refuses"
    return f"Neo4j refused the query: {message[:300]}"


@group(name="neo4j")
def neo4j_group() -> None:
    """Work with the Neo4j store (the team's graph of record)."""


@neo4j_group.command(audited=True)
@push_options
@click.option("--bulk", is_flag=True,
              help="Replace the whole database with Neo4j's import tool (fast; only the server tools/neo4j runs).")
@click.option("--replace", is_flag=True,
              help="Delete what Neo4j holds first: every node and relationship (with --bulk: the whole database).")
@json_option
def push(spec: StoreSpec, bulk: bool, replace: bool, as_json: bool) -> None:
    """Copy an embedded workspace into Neo4j without re-reading the source files.

    By default every stored input row Neo4j lacks, the load history and every result collection
    (rings, leads, audit log, refresh state) are written with the same idempotent batched loader as
    `graphfraud load --store neo4j`: pushing twice, or again after an interruption, ends in the same
    graph. The push is recorded in the workspace's audit log, which the next push carries over too.

    With --bulk the rows go in through Neo4j's own import tool instead (minutes instead of hours for
    a year of data): graphfraud writes the import files, the tools/neo4j server stops, imports them
    into its data directory, starts again, and graphfraud creates the constraints and indexes and
    copies the history and results. This REPLACES THE WHOLE DATABASE: it refuses one that holds
    anything unless --replace is given. For any other server use `graphfraud neo4j export-import`.

    \b
    Examples:
      graphfraud load exports/ --workspace case.duckdb
      graphfraud neo4j push --workspace case.duckdb --neo4j-uri bolt://127.0.0.1:7687
      graphfraud neo4j push --bulk --replace --workspace year.duckdb
    """
    from graphfraud.store.embedded import EmbeddedStore
    from graphfraud.store.neo4j_connect import Neo4jConfig
    from graphfraud.store.neo4j_push import bulk_push, push_workspace

    if bulk:
        uri = Neo4jConfig.from_settings(spec.neo4j_uri or None).uri
        with EmbeddedStore(spec.workspace, read_only=True) as source, \
                ui.progress("bulk import", quiet=as_json) as update:
            done = bulk_push(source, spec.open_neo4j, uri, replace, progress=update)
        if as_json:
            emit("neo4j_bulk_push", done.to_dict())
            return
        seconds = done.seconds
        click.echo(f"Imported {done.nodes:,} nodes and {done.relationships:,} relationships from {spec.workspace} "
                   f"in {seconds['total']:.1f} s (files {seconds['files']:.1f} s, import {seconds['import']:.1f} s, "
                   f"restart {seconds['stop'] + seconds['start']:.1f} s, constraints and indexes {seconds['schema']:.1f} s, "
                   f"history and results {seconds['results']:.1f} s)"
                   + (f"; replaced {done.replaced_nodes:,} nodes" if done.replaced_nodes else ""))
        click.echo(f"loads recorded: {done.push.loads}; result collections: {', '.join(done.push.collections) or 'none'}")
        return
    with EmbeddedStore(spec.workspace, read_only=True) as source, spec.open_neo4j() as target, \
            ui.progress("pushing", quiet=as_json) as update:
        if replace:
            target.wipe()
        summary = push_workspace(source, target, progress=update)
    if summary.conflicts:
        raise IntegrityError(f"Neo4j already holds other loads with the IDs {summary.conflicts}",
                             "push into an empty database, or add --replace")
    if summary.history_conflicts:
        held = ", ".join(f"{n} {name} rows" for name, n in summary.history_conflicts.items())
        raise IntegrityError(f"Neo4j holds history the workspace lacks ({held}); nothing was pushed",
                             "work on one copy, or add --replace to make Neo4j a copy of the workspace")
    if as_json:
        emit("neo4j_push", summary.to_dict())
        return
    ui.table(f"Pushed {spec.workspace} to Neo4j", ["table", "rows", "inserted"],
             [[t, n, summary.inserted[t]] for t, n in summary.rows.items()])
    click.echo(f"loads recorded: {summary.loads}; result collections: {', '.join(summary.collections) or 'none'}")


@neo4j_group.command(name="export-import", audited=True)
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@workspace_options(help="The embedded workspace to export.")
@click.option("--database", default="neo4j", show_default=True, help="The database the printed command imports into.")
@json_option
def export_import(folder: Path, spec: StoreSpec, database: str, as_json: bool) -> None:
    """Write a workspace as Neo4j import files and print the neo4j-admin command that loads them.

    For a Neo4j server graphfraud cannot stop itself (a company server, Docker): copy FOLDER to
    that machine, stop Neo4j (or the database), run the printed command inside FOLDER, start Neo4j,
    then `graphfraud neo4j push --workspace ...` creates the constraints and indexes and copies the
    load history and results (it finds every row already there). The import tool only fills an
    empty database; add --overwrite-destination=true to the command to replace an existing one.

    \b
    Example:
      graphfraud neo4j export-import /data/neo4j-import --workspace year.duckdb
      # on the server:  cd /data/neo4j-import && neo4j-admin database import full neo4j ...
    """
    from graphfraud.store.embedded import EmbeddedStore
    from graphfraud.store.neo4j_bulk import export_files

    if folder.exists() and any(folder.iterdir()):
        raise InputError(f"{folder} is not empty", "give a new or empty folder for the import files")
    with EmbeddedStore(spec.workspace, read_only=True) as source, ui.progress("writing", quiet=as_json) as update:
        files = export_files(source.con, folder, progress=update)
    command_line = files.command(database)
    (folder / "import-command.txt").write_text(command_line + "\n", encoding="utf-8")
    if as_json:
        emit("neo4j_export_import", {"folder": str(folder), "nodes": files.nodes, "relationships": files.relationships,
                                     "seconds": round(files.seconds, 2), "command": command_line,
                                     "arguments": files.arguments(database)})
        return
    click.echo(f"Wrote {files.nodes:,} nodes and {files.relationships:,} relationships to {folder} "
               f"in {files.seconds:.1f} s. On the Neo4j server, with its database stopped, run in that folder:\n")
    click.echo(f"  cd {shlex.quote(str(folder))} && {command_line}\n")
    click.echo("Then start the database and run `graphfraud neo4j push --workspace "
               f"{shlex.quote(str(spec.workspace))}` for constraints, indexes, load history and results.")
