"""Named SQL files of the embedded store: ``sql/<name>.sql`` with a header like the Cypher files."""
from __future__ import annotations

import re
from functools import cache
from importlib import resources

PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


@cache
def sql(name: str) -> str:
    return resources.files("graphfraud.store").joinpath("sql").joinpath(f"{name}.sql").read_text(encoding="utf-8")


def header_params(text: str) -> list[str]:
    for line in text.splitlines():
        if line.startswith("-- params:"):
            value = line.split(":", 1)[1].strip()
            return [] if value in ("", "none") else [p.strip().lstrip("$") for p in value.split(",")]
    return []


def available() -> list[str]:
    folder = resources.files("graphfraud.store").joinpath("sql")
    return sorted(p.name[:-4] for p in folder.iterdir() if p.name.endswith(".sql"))
