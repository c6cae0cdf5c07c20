"""Every Cypher statement graphfraud runs, as named files ``cypher/<area>/<name>.cypher``.

Each file starts with a header of ``//`` lines::

    // name: setl_d
    // mode: write
    // purpose: what the statement does and why
    // params: rows
    // returns: inserted

A file is refused when its header is incomplete, its name differs from the file name, or the
``$params`` of its text differ from the header's. Schema files may hold several statements
separated by ``;`` (Cypher runs one statement per query). Areas: ``schema`` (constraints and
indexes), ``load`` (batched writes of input rows), ``graph`` (reads of the property graph),
``results`` (result collections), ``admin`` (maintenance), ``frames`` (named read queries, the
Neo4j side of ``store.frame(name)``; the embedded side is ``store/sql/<name>.sql``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

AREAS = ("schema", "load", "graph", "results", "admin", "frames")
HEADER_FIELDS = ("name", "mode", "purpose", "params", "returns")
PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
COMMENT = re.compile(r"//[^\n]*")
STRING = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")


class CypherFileError(ValueError):
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
        """The statements of the file: one, or several for schema files."""
        return [p.strip() for p in self.text.split(";") if p.strip()] if self.area == "schema" else [self.text]


def parse(area: str, file_name: str, source: str) -> Statement:
    header: dict[str, str] = {}
    body: list[str] = []
    last = ""
    for line in source.splitlines():
        match = re.match(r"//\s*(\w+):\s?(.*)$", line) if not body else None
        if match and match.group(1) in HEADER_FIELDS:
            last = match.group(1)
            header[last] = match.group(2).strip()
        elif line.startswith("//") and not body and last:
            header[last] += " " + line[2:].strip()  # continuation of a long header line
        elif line.strip() or body:
            body.append(line)
    where = f"cypher/{area}/{file_name}"
    missing = [f for f in HEADER_FIELDS if f not in header]
    if missing:
        raise CypherFileError(f"{where}: header lacks {', '.join(missing)}")
    if header["name"] != file_name.removesuffix(".cypher"):
        raise CypherFileError(f"{where}: header name {header['name']!r} differs from the file name")
    if header["mode"] not in ("read", "write"):
        raise CypherFileError(f"{where}: mode must be read or write, not {header['mode']!r}")
    declared = tuple(p.strip().lstrip("$") for p in header["params"].split(",")
                     if p.strip() and p.strip() != "none")
    text = "\n".join(body).strip()
    used = set(PARAM.findall(COMMENT.sub("", STRING.sub("''", text))))
    if used != set(declared):
        raise CypherFileError(f"{where}: header params {sorted(declared)} differ from the text's {sorted(used)}")
    return Statement(area, header["name"], header["mode"], header["purpose"], declared, header["returns"], text)


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
