"""The graphfraud command line: one click group, one module per area under graphfraud/commands/.

Results go to stdout, progress and warnings to stderr; ``--json`` prints machine-readable output.
Expected failures (GraphfraudError) print one line with their remedy; ``--debug`` shows tracebacks.
"""
from __future__ import annotations

import functools
import json
import sys
from pathlib import Path
from typing import Any, Callable

import click

from graphfraud import __version__, settings
from graphfraud.audit.hook import AuditedCommand
from graphfraud.errors import GraphfraudError
from graphfraud.store.base import GraphStore


def error_exit_code(exc: GraphfraudError) -> int:
    """2 for bad input/IDs, 3 for unavailable stores."""
    from graphfraud.errors import StoreUnavailable

    return 3 if isinstance(exc, StoreUnavailable) else 2


class Group(click.Group):
    """Turns expected failures into one clean line; its commands append to the audit log (graphfraud.audit.hook)."""

    command_class = AuditedCommand
    group_class = type  # sub-groups (leads, audit…) are Groups too, so their commands are audited

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except GraphfraudError as exc:
            if ctx.find_root().params.get("debug") or "--debug" in sys.argv:
                raise
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(error_exit_code(exc))


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="graphfraud")
@click.option("--debug", is_flag=True, help="Show tracebacks of expected errors.")
@click.option("--operator", metavar="NAME", help="Operator recorded in the audit log (default: the operator setting, else the OS user).")
def main(debug: bool, operator: str | None) -> None:
    """Investigate organised fraud against the medical-insurance fund (医保基金), offline.

    \b
    Typical session:
      graphfraud generate data/ --persons 5000      # or use your 医保 exports
      graphfraud load data/                         # into ./graphfraud.duckdb
      graphfraud status
      graphfraud demo                               # everything above, in a temporary workspace
    """


def store_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--store, --workspace and --neo4j-uri for every command that reads or writes the graph."""

    @click.option("--store", "store_kind", type=click.Choice(["embedded", "neo4j"]),
                  default=lambda: settings.get("store"), show_default="embedded",
                  help="Graph store: embedded DuckDB workspace, or a Neo4j server (NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD).")
    @click.option("--workspace", type=click.Path(dir_okay=False, path_type=Path),
                  default=lambda: Path(settings.get("workspace")), show_default="graphfraud.duckdb",
                  help="Embedded workspace file (also holds rings, leads and the audit log).")
    @click.option("--neo4j-uri", default=lambda: settings.get("neo4j_uri"), show_default="$NEO4J_URI",
                  help="Bolt URI of the Neo4j server, e.g. neo4j://127.0.0.1:7687.")
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    return wrapper


def open_store(store_kind: str, workspace: Path, neo4j_uri: str = "", read_only: bool = False) -> GraphStore:
    if store_kind == "neo4j":
        from graphfraud.store.neo4j_store import Neo4jStore

        return Neo4jStore.from_settings(uri=neo4j_uri or None, workspace=workspace)
    from graphfraud.store.embedded import EmbeddedStore

    return EmbeddedStore(workspace, read_only=read_only)


def json_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts instead of tables.")(func)


def emit_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=1, default=str))


# Command modules register themselves on `main` when imported.
from graphfraud.commands import data as _data  # noqa: E402,F401
from graphfraud.commands import demo as _demo  # noqa: E402,F401
from graphfraud.commands import leads as _leads  # noqa: E402,F401
from graphfraud.commands import audit as _audit  # noqa: E402,F401
from graphfraud.commands import rings as _rings  # noqa: E402,F401
from graphfraud.commands import evaluate as _evaluate  # noqa: E402,F401
from graphfraud.commands import neo4j as _neo4j  # noqa: E402,F401
from graphfraud.commands import case as _case  # noqa: E402,F401
from graphfraud.commands import refresh as _refresh  # noqa: E402,F401
