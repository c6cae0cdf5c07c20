"""Named SQL files of the embedded store: ``sql/<name>.sql``, with the header the Cypher files have.

The header is checked by ``graphfraud.query_files`` exactly as for ``.cypher`` files (with
``--`` comments; ``mode`` may be left out and is then read).
"""
from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

from graphfraud.errors import InputError
from graphfraud.query_files import QueryFile, parse


@cache
def sql(name: str) -> str:
    """The whole text of ``sql/<name>.sql``, header included; KeyError when there is none."""
    path = resources.files("graphfraud.store").joinpath("sql").joinpath(f"{name}.sql")
    if not path.is_file():
        raise KeyError(f"no SQL file {name}.sql")
    return path.read_text(encoding="utf-8")


@cache
def statement(name: str) -> QueryFile:
    """The checked header and text of ``sql/<name>.sql``."""
    return parse("--", f"store/sql/{name}.sql", sql(name))


def bound(name: str, params: dict[str, Any]) -> tuple[QueryFile, dict[str, Any]]:
    """The statement ``name`` and the values of the parameters it declares, taken from ``params``;
    InputError for an unknown query or a missing parameter (both stores run queries through this)."""
    try:
        stmt = statement(name)
    except KeyError:
        raise InputError(f"no query named {name!r}", "see graphfraud/store/sql/") from None
    missing = [p for p in stmt.params if p not in params]
    if missing:
        raise InputError(f"query {name} needs parameters: {', '.join(missing)}")
    return stmt, {p: params[p] for p in stmt.params}


def available() -> list[str]:
    folder = resources.files("graphfraud.store").joinpath("sql")
    return sorted(p.name[:-4] for p in folder.iterdir() if p.name.endswith(".sql"))
