"""Every setting in one table (name, default, type, help), overridable by GRAPHFRAUD_* variables.

Secrets are read only from the environment and are redacted whenever settings are shown.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Callable


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
    Setting("neo4j_uri", "", str, "Bolt URI of the Neo4j server.", env="NEO4J_URI"),
    Setting("neo4j_user", "neo4j", str, "Neo4j user name.", env="NEO4J_USER"),
    Setting("neo4j_password", "", str, "Neo4j password (environment only).", env="NEO4J_PASSWORD", secret=True),
    Setting("neo4j_database", "neo4j", str, "Neo4j database name.", env="NEO4J_DATABASE"),
    Setting("neo4j_batch_size", 10_000, int, "Rows per UNWIND batch when loading into Neo4j."),
    Setting("csv_encoding", "auto", str, "Encoding of CSV files: auto (UTF-8, UTF-8 BOM, else GB18030) or a codec name."),
    Setting("operator", "", str, "Operator recorded in the audit log (default: the OS user)."),
    Setting("key_dir", "~/.config/graphfraud/keys", str,
            "Folder of the Ed25519 bundle-signing key (graphfraud keys init); keep it outside the workspace."),
    Setting("case_legal_basis", "《中华人民共和国刑法》第二百六十六条；最高人民法院、最高人民检察院"
            "《关于办理诈骗刑事案件具体应用法律若干问题的解释》（法释〔2011〕7号）及本省数额标准", str,
            "Legal basis printed beside the amount class in case documents (the figures come from the "
            "ring run's thresholds)."),
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
    """The value of setting ``name``: its environment variable if set, else its default."""
    setting = _BY_NAME[name]
    raw = os.environ.get(setting.env_var)
    return setting.default if raw in (None, "") else setting.type(raw)


def shown() -> list[tuple[str, str, str, str]]:
    """(name, env var, value, help) for display, secrets redacted."""
    rows = []
    for s in SETTINGS:
        value = get(s.name)
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
