"""Options shared by commands, as decorators; imports nothing of the CLI above it.

``store_options`` turns ``--store``, ``--workspace`` and ``--neo4j-uri`` into one
:class:`~graphfraud.store.spec.StoreSpec`: the command receives it as ``spec`` and opens the store
with ``spec.open()``; the audit hook finds it in the click context and writes the command's entry
to the same store.
"""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Callable, TypeVar

import click

from graphfraud import settings
from graphfraud.store.spec import KINDS, StoreSpec

F = TypeVar("F", bound=Callable[..., Any])
SPEC_KEY = "graphfraud.store_spec"

WORKSPACE_HELP = "Embedded workspace file (also holds rings, leads and the audit log)."
NEO4J_URI_HELP = "Bolt URI of the Neo4j server, e.g. neo4j://127.0.0.1:7687."


def store_spec(ctx: click.Context) -> StoreSpec | None:
    """The store the running command works on, if it took store options."""
    spec = ctx.meta.get(SPEC_KEY)
    return spec if isinstance(spec, StoreSpec) else None


def _passing_spec(func: Callable[..., Any], build: Callable[..., StoreSpec], names: tuple[str, ...]) -> Callable[..., Any]:
    """Wrap ``func`` so the values of ``names`` become one ``spec`` argument (also kept in the context)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        spec = build(*(kwargs.pop(n) for n in names))
        click.get_current_context().meta[SPEC_KEY] = spec
        return func(*args, spec=spec, **kwargs)

    return wrapper


def _workspace_option(must_exist: bool = False, help: str = WORKSPACE_HELP) -> Callable[[F], F]:
    return click.option("--workspace", type=click.Path(dir_okay=False, exists=must_exist, path_type=Path),
                        default=lambda: Path(settings.get("workspace")), show_default="graphfraud.duckdb",
                        help=help)


_neo4j_uri_option = click.option("--neo4j-uri", default=lambda: settings.get("neo4j_uri"), show_default="$NEO4J_URI",
                                 help=NEO4J_URI_HELP)


def store_options(func: F) -> F:
    """--store, --workspace and --neo4j-uri for every command that reads or writes the graph; passes ``spec``."""
    wrapper = _passing_spec(func, lambda kind, workspace, uri: StoreSpec(kind, workspace, uri or ""),
                            ("store_kind", "workspace", "neo4j_uri"))
    for option in (_neo4j_uri_option, _workspace_option(),
                   click.option("--store", "store_kind", type=click.Choice(KINDS),
                                default=lambda: settings.get("store"), show_default="embedded",
                                help="Graph store: embedded DuckDB workspace, or a Neo4j server "
                                     "(NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD).")):
        wrapper = option(wrapper)
    return wrapper  # type: ignore[return-value]


def push_options(func: F) -> F:
    """An existing --workspace to copy and the --neo4j-uri to copy it to; ``spec`` is the workspace
    (where the audit entry goes: the next push carries it to Neo4j), ``spec.open_neo4j()`` the target."""
    wrapper = _passing_spec(func, lambda workspace, uri: StoreSpec("embedded", workspace, uri or ""),
                            ("workspace", "neo4j_uri"))
    for option in (_neo4j_uri_option, _workspace_option(must_exist=True, help="The embedded workspace to copy.")):
        wrapper = option(wrapper)
    return wrapper  # type: ignore[return-value]


def workspace_options(help: str) -> Callable[[F], F]:
    """An existing --workspace the command only reads (an export); passes ``spec``, the store its audit entry goes to."""

    def decorate(func: F) -> F:
        wrapper = _passing_spec(func, lambda workspace: StoreSpec("embedded", workspace), ("workspace",))
        return _workspace_option(must_exist=True, help=help)(wrapper)  # type: ignore[return-value]

    return decorate


def json_option(func: F) -> F:
    """``--json``: one JSON object for scripts (docs/json.md), errors as JSON on stderr."""
    return click.option("--json", "as_json", is_flag=True,
                        help="Print one JSON object for scripts instead of tables (see docs/json.md).")(func)


def wide_option(func: F) -> F:
    """``--wide``: every table column at full width, whatever the terminal's width."""
    return click.option("--wide", is_flag=True, help="Print every column at full width (lines may be long).")(func)


def limit_options(default: int, what: str) -> Callable[[F], F]:
    """``--limit N`` rows of each section (``what``) and ``--all`` for every row; the command gets
    ``limit`` as None under --all."""

    def decorate(func: F) -> F:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if kwargs.pop("show_all"):
                kwargs["limit"] = None
            return func(*args, **kwargs)

        wrapper = click.option("--all", "show_all", is_flag=True, help=f"Print every {what}.")(wrapper)
        wrapper = click.option("--limit", default=default, show_default=True, type=click.IntRange(min=1),
                               help=f"At most this many {what} per section.")(wrapper)
        return wrapper  # type: ignore[return-value]

    return decorate
