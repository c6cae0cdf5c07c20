"""The header every query file carries, checked the same way for Cypher (``//``) and SQL (``--``).

A file starts with comment lines ``name``, ``mode`` (read | write; SQL files may leave it out:
read), ``purpose``, ``params`` and ``returns``; a long value continues on the next comment line.
A file is refused when a field is missing, its name differs from the file name, or the ``$params``
of its text (outside comments and string literals) differ from the header's.

>>> q = parse("--", "sql/x.sql", "-- name: x\\n-- purpose: p\\n-- params: $a\\n-- returns: n\\nSELECT $a AS n")
>>> q.params, q.mode, q.text
(('a',), 'read', 'SELECT $a AS n')
"""
from __future__ import annotations

import re
from dataclasses import dataclass

FIELDS = ("name", "mode", "purpose", "params", "returns")
PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
STRINGS = {"//": re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\""),  # Cypher: both quotes are strings
           "--": re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"")}  # SQL: strings and quoted identifiers


class QueryFileError(ValueError):
    """A packaged query file breaks the header contract (a bug in graphfraud, not in user data)."""


@dataclass(frozen=True)
class QueryFile:
    name: str
    mode: str  # read | write
    purpose: str
    params: tuple[str, ...]
    returns: str
    text: str  # the statement(s), header removed


def parse(comment: str, where: str, source: str) -> QueryFile:
    """The header and text of a query file; ``where`` is its path for messages (``cypher/load/x.cypher``)."""
    header, body = _split(comment, source)
    optional = {"mode": "read"} if comment == "--" else {}
    missing = [f for f in FIELDS if f not in header and f not in optional]
    if missing:
        raise QueryFileError(f"{where}: header lacks {', '.join(missing)}")
    header = {**optional, **header}
    stem = where.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    if header["name"] != stem:
        raise QueryFileError(f"{where}: header name {header['name']!r} differs from the file name")
    if header["mode"] not in ("read", "write"):
        raise QueryFileError(f"{where}: mode must be read or write, not {header['mode']!r}")
    declared = tuple(p.strip().lstrip("$") for p in header["params"].split(",") if p.strip() and p.strip() != "none")
    used = params_in(comment, body)
    if used != set(declared):
        raise QueryFileError(f"{where}: header params {sorted(declared)} differ from the text's {sorted(used)}")
    return QueryFile(header["name"], header["mode"], header["purpose"], declared, header["returns"], body)


def params_in(comment: str, text: str) -> set[str]:
    """The ``$params`` a statement uses: not those inside comments or string literals."""
    code = STRINGS[comment].sub("''", text)
    code = "\n".join(line.split(comment, 1)[0] for line in code.splitlines())
    return set(PARAM.findall(code))


def _split(comment: str, source: str) -> tuple[dict[str, str], str]:
    header: dict[str, str] = {}
    body: list[str] = []
    last = ""
    field = re.compile(rf"{re.escape(comment)}\s*(\w+):\s?(.*)$")
    for line in source.splitlines():
        match = field.match(line) if not body else None
        if match and match.group(1) in FIELDS:
            last = match.group(1)
            header[last] = match.group(2).strip()
        elif line.startswith(comment) and not body and last:
            header[last] += " " + line[len(comment):].strip()  # continuation of a long header line
        elif line.strip() or body:
            body.append(line)
    return header, "\n".join(body).strip()
