"""Commands for the Neo4j store: read-only Cypher for investigators, and pushing a workspace to Neo4j."""
from __future__ import annotations

import csv
import json
import sys
from typing import Any

import click

from graphfraud import ui
from graphfraud.commands.group import command, group
from graphfraud.commands.options import emit_json, json_option, push_options, store_options
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
        --param psn=33052200000123 --csv
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
        emit_json([dict(zip(columns, r)) for r in rows])
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
@click.option("--replace", is_flag=True, help="Empty the Neo4j database first (every node and relationship).")
@json_option
def push(spec: StoreSpec, replace: bool, as_json: bool) -> None:
    """Copy an embedded workspace into Neo4j without re-reading the source files.

    Every stored input row, the load history and every result collection (rings, leads, audit
    log, refresh state) are written with the same idempotent batched loader as `graphfraud load
    --store neo4j`: pushing twice, or again after an interruption, ends in the same graph. The
    push is recorded in the workspace's audit log, which the next push carries over too.

    \b
    Example:
      graphfraud load exports/ --workspace case.duckdb
      graphfraud neo4j push --workspace case.duckdb --neo4j-uri bolt://127.0.0.1:7687
      graphfraud status --store neo4j
    """
    from graphfraud.store.embedded import EmbeddedStore
    from graphfraud.store.neo4j_push import push_workspace

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
        emit_json(summary.to_dict())
        return
    ui.table(f"Pushed {spec.workspace} to Neo4j", ["table", "rows", "inserted"],
             [[t, n, summary.inserted[t]] for t, n in summary.rows.items()])
    click.echo(f"loads recorded: {summary.loads}; result collections: {', '.join(summary.collections) or 'none'}")
