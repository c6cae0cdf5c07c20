"""Every Cypher statement graphfraud runs, as named files ``cypher/<area>/<name>.cypher``.

Each file starts with a header of ``//`` lines::

    // name: setl_d
    // mode: write
    // purpose: what the statement does and why
    // params: rows
    // returns: inserted

A file is refused when its header is incomplete, its name differs from the file name, or the
``$params`` of its text differ from the header's. Schema, load and admin files may hold several statements,
each ended by a ``;`` at the end of a line (Cypher runs one statement per query); the runner runs
them in order in one transaction and answers with the first one's rows. Areas: ``schema`` (constraints and
indexes), ``load`` (batched writes of input rows), ``graph`` (reads of the property graph),
``results`` (result collections), ``admin`` (maintenance), ``frames`` (named read queries, the
Neo4j side of ``store.frame(name)``; the embedded side is ``store/sql/<name>.sql``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from graphfraud.query_files import PARAM, QueryFileError, params_in, parse as parse_file

__all__ = ["AREAS", "PARAM", "CypherFileError", "Statement", "all_statements", "available", "parse", "source",
           "statement"]
AREAS = ("schema", "load", "graph", "results", "admin", "frames")
MULTI_STATEMENT_AREAS = ("schema", "load", "admin")


class CypherFileError(QueryFileError):
    """A packaged .cypher file breaks the header contract (a bug in graphfraud, not in user data)."""


@dataclass(frozen=True)
class Statement:
    area: str
    name: str
    mode: str  # read | write
    purpose: str
    params: tuple[str, ...]
    returns: str
    text: str

    @property
    def qualified(self) -> str:
        return f"{self.area}/{self.name}"

    @property
    def parts(self) -> list[str]:
        """The statements of the file: one, or several for schema, load and admin files (``;`` ending a line).

        >>> Statement("load", "x", "write", "", (), "", "CREATE (:A);\\nMATCH (a:A) RETURN ';' AS s").parts
        ['CREATE (:A)', "MATCH (a:A) RETURN ';' AS s"]
        """
        if self.area not in MULTI_STATEMENT_AREAS:
            return [self.text]
        return [p.strip() for p in re.split(r";[ \t]*$", self.text, flags=re.MULTILINE) if p.strip()]

    def part_params(self, part: str) -> tuple[str, ...]:
        """The declared parameters one of its statements uses (each is sent only what it reads)."""
        used = params_in("//", part)
        return tuple(p for p in self.params if p in used)


def parse(area: str, file_name: str, source: str) -> Statement:
    """The statement of one file, its header checked (``graphfraud.query_files``, as for SQL)."""
    try:
        q = parse_file("//", f"cypher/{area}/{file_name}", source)
    except QueryFileError as exc:
        raise CypherFileError(str(exc)) from None
    return Statement(area, q.name, q.mode, q.purpose, q.params, q.returns, q.text)


@cache
def statement(area: str, name: str) -> Statement:
    """The statement ``cypher/<area>/<name>.cypher``; KeyError when there is none."""
    folder = resources.files("graphfraud.cypher").joinpath(area)
    path = folder.joinpath(f"{name}.cypher")
    if area not in AREAS or not path.is_file():
        raise KeyError(f"no Cypher file {area}/{name}.cypher")
    return parse(area, f"{name}.cypher", path.read_text(encoding="utf-8"))


def source(area: str, name: str) -> str:
    """The whole text of ``cypher/<area>/<name>.cypher``, header included (what extraction records hash)."""
    statement(area, name)  # refuses unknown and malformed files
    return resources.files("graphfraud.cypher").joinpath(area, f"{name}.cypher").read_text(encoding="utf-8")


def available(area: str) -> list[str]:
    folder = resources.files("graphfraud.cypher").joinpath(area)
    if not folder.is_dir():
        return []
    return sorted(p.name.removesuffix(".cypher") for p in folder.iterdir() if p.name.endswith(".cypher"))


def all_statements() -> list[Statement]:
    return [statement(area, name) for area in AREAS for name in available(area)]
