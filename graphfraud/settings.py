"""Every setting in one table (name, default, type, help), overridable by GRAPHFRAUD_* variables.

Secrets are read only from the environment and are redacted whenever settings are shown.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Callable

from graphfraud.errors import InputError


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    type: Callable[[str], Any]
    help: str
    env: str = ""
    secret: bool = False

    @property
    def env_var(self) -> str:
        return self.env or "GRAPHFRAUD_" + self.name.upper()


SETTINGS: tuple[Setting, ...] = (
    Setting("workspace", "graphfraud.duckdb", str, "Embedded workspace file (DuckDB)."),
    Setting("store", "embedded", str, "Graph store: embedded (DuckDB workspace) or neo4j."),
    Setting("workspace_memory", "", str,
            "Memory the embedded workspace (DuckDB) may hold, e.g. 4GB or 25%; empty: DuckDB's own default "
            "(80 % of RAM). Beyond it DuckDB drops cached pages and spills to a folder beside the workspace."),
    Setting("neo4j_uri", "", str, "Bolt URI of the Neo4j server.", env="NEO4J_URI"),
    Setting("neo4j_user", "neo4j", str, "Neo4j user name.", env="NEO4J_USER"),
    Setting("neo4j_password", "", str, "Neo4j password (environment only).", env="NEO4J_PASSWORD", secret=True),
    Setting("neo4j_database", "neo4j", str, "Neo4j database name.", env="NEO4J_DATABASE"),
    Setting("neo4j_batch_size", 10_000, int, "Rows per UNWIND batch when loading into Neo4j."),
    Setting("csv_encoding", "auto", str, "Encoding of CSV files: auto (UTF-8, UTF-8 BOM, else GB18030) or a codec name."),
    Setting("operator", "", str, "Operator recorded in the audit log (default: the OS user)."),
    Setting("key_dir", "~/.config/graphfraud/keys", str,
            "Folder of the Ed25519 bundle-signing key (graphfraud keys init); keep it outside the workspace."),
    Setting("case_legal_basis", "", str,
            "The province's own document that fixes its 诈骗罪 amount figures, cited in case documents after "
            "法释〔2011〕7号 (the figures themselves come from the ring run's thresholds)."),
    Setting("data_utc_offset", "+08:00", str,
            "UTC offset of the times in the platform's exports (they carry none); --json prints times with it."),
    Setting("lead_min_score", 6.0, float,
            "Ring score from which detect and refresh open a lead, when the ring config has no "
            "scoring.min_lead_score."),
    Setting("lead_grown_by", "5%", str,
            "How much the pooled-fund amount of a ring with the same members must grow for refresh to "
            "open a lead for it: a percentage (5%) or yuan (5000). Any growth is reported."),
    Setting("path_hub_limit", 1000, int,
            "graphfraud path does not step through an institution with more relationships than this "
            "(nor a drug, nor an identifier shared by more than 10) unless --through-hubs."),
    Setting("graphistry_server", "", str, "Graphistry server host for case export --graphistry.",
            env="GRAPHISTRY_SERVER"),
    Setting("graphistry_username", "", str, "Graphistry user name.", env="GRAPHISTRY_USERNAME"),
    Setting("graphistry_password", "", str, "Graphistry password (environment only).",
            env="GRAPHISTRY_PASSWORD", secret=True),
    Setting("graphistry_protocol", "https", str, "Graphistry protocol: https, or http on a closed network.",
            env="GRAPHISTRY_PROTOCOL"),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def get(name: str) -> Any:
    """The value of setting ``name``: its environment variable if set, else its default.

    A value that is not of the setting's type is an InputError naming the variable (one line):

    >>> os.environ["GRAPHFRAUD_NEO4J_BATCH_SIZE"] = "abc"
    >>> get("neo4j_batch_size")
    Traceback (most recent call last):
    graphfraud.errors.InputError: GRAPHFRAUD_NEO4J_BATCH_SIZE='abc' is not a whole number (unset it, or give a whole number such as 10000)
    >>> del os.environ["GRAPHFRAUD_NEO4J_BATCH_SIZE"]
    """
    setting = _BY_NAME[name]
    raw = os.environ.get(setting.env_var)
    if raw in (None, ""):
        return setting.default
    try:
        return setting.type(raw)
    except (TypeError, ValueError):
        kind = KINDS.get(setting.type, "valid value")
        raise InputError(f"{setting.env_var}={raw!r} is not a {kind}",
                         f"unset it, or give a {kind} such as {setting.default}") from None


KINDS: dict[Callable[[str], Any], str] = {int: "whole number", float: "number"}


def shown() -> list[tuple[str, str, str, str]]:
    """(name, env var, value, help) for display, secrets redacted; an invalid value says so."""
    rows = []
    for s in SETTINGS:
        try:
            value = get(s.name)
        except InputError as exc:
            rows.append((s.name, s.env_var, f"invalid: {exc.args[0]}", s.help))
            continue
        text = ("***" if value else "(unset)") if s.secret else str(value)
        rows.append((s.name, s.env_var, text, s.help))
    return rows


def markdown_table() -> str:
    """The settings table of docs/settings.md (defaults, not current values)."""
    lines = ["| setting | environment variable | default | meaning |", "|---|---|---|---|"]
    for s in SETTINGS:
        default = "—" if s.secret or s.default in ("", None) else f"`{s.default}`"
        lines.append(f"| {s.name} | `{s.env_var}` | {default} | {s.help} |")
    return "\n".join(lines) + "\n"
