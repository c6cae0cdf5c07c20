"""What the CLI's audit hook needs from the audit package: who acts, and which parameters are safe to log.

The hook itself (``graphfraud.commands.auditing.AuditedCommand``) lives in the CLI layer; this
module knows nothing of click. An entry holds the time, the operator (``--operator``, else the
``operator`` setting, else the OS user), the command path, its parameters with secrets removed,
the exit code, the SHA-256 of everything it printed to stdout and the ring and lead IDs involved.
"""
from __future__ import annotations

import getpass
import re
from pathlib import Path
from typing import Any

from graphfraud import settings

SECRET_NAME = re.compile(r"pass(word|wd)?|secret|token|credential|api_?key", re.IGNORECASE)
SUBJECT_ID = re.compile(r"^(R|L)-\d+$")
URI_USERINFO = re.compile(r"(?<=://)[^/@]+@")


def operator(explicit: str | None = None) -> str:
    """Who is running the command: ``--operator``, else the ``operator`` setting, else the OS user."""
    if explicit:
        return explicit
    if configured := settings.get("operator"):
        return str(configured)
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (containers)
        return "unknown"


def redact(params: dict[str, Any]) -> dict[str, Any]:
    """Parameters safe to log: secret-named ones dropped, credentials cut out of URIs, secret values masked.

    >>> redact({"neo4j_uri": "bolt://neo4j:pw@db:7687", "password": "pw", "limit": 5})
    {'neo4j_uri': 'bolt://***@db:7687', 'limit': 5}
    """
    secrets = {str(settings.get(s.name)) for s in settings.SETTINGS if s.secret and settings.get(s.name)}
    out: dict[str, Any] = {}
    for name, value in params.items():
        if SECRET_NAME.search(name):
            continue
        out[name] = _clean(value, secrets)
    return out


def _clean(value: Any, secrets: set[str]) -> Any:
    if isinstance(value, (list, tuple)):
        return [_clean(v, secrets) for v in value]
    if value is None or isinstance(value, (bool, int, float)):
        return value
    text = str(value) if not isinstance(value, Path) else value.as_posix()
    if text in secrets:
        return "***"
    return URI_USERINFO.sub("***@", text)


def subjects(params: dict[str, Any]) -> list[str]:
    """Ring and lead IDs among a command's parameters (``audit show --ring/--lead`` finds the entry by them).

    >>> subjects({"ring_id": "R-000001", "seeds": ("L-000002", "P1"), "limit": 3})
    ['R-000001', 'L-000002']
    """
    values: list[Any] = []
    for v in params.values():
        values.extend(v if isinstance(v, (list, tuple)) else [v])
    return [v for v in values if isinstance(v, str) and SUBJECT_ID.match(v)]
