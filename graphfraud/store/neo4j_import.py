"""Running Neo4j's import tool on the server that ``tools/neo4j`` runs (``graphfraud neo4j push --bulk``).

The import tool writes store files, so Neo4j must be stopped while it runs and the tool must run on
the server's machine, against its data directory. graphfraud does that only for the development
server of ``tools/neo4j`` (its launcher): the launcher keeps ``HOME/graphfraud-launcher.properties``
(its Bolt port) and watches ``HOME/bulk-import/request``. graphfraud finds HOME by asking the
server (``cypher/admin/server_home``), checks that file names the port it talks to on this
machine, writes the request (the tool's arguments, one per line) and waits for
``bulk-import/result``: the launcher has stopped Neo4j, run ``neo4j-admin database import full``,
and started Neo4j again on the same port. Any other server gets the files and the command to run
there (``graphfraud neo4j export-import``).
"""
from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from urllib.parse import urlparse

from graphfraud.errors import InputError, StoreUnavailable
from graphfraud.store.neo4j_connect import QueryRunner

MARKER = "graphfraud-launcher.properties"
LOOPBACK = ("127.0.0.1", "localhost", "::1")
STAGE = re.compile(r"^\((\d)/(\d)\) (.+?) \d{4}-")
ELSEWHERE = ("run `graphfraud neo4j export-import DIR` and the neo4j-admin command it prints on that server "
             "(docs/neo4j.md, loading a year)")


@dataclass
class ImportResult:
    exit: int
    seconds: dict[str, float] = field(default_factory=dict)  # stop, import, start (as the launcher measured)
    import_pid: int | None = None
    log: str = ""


def launcher_home(runner: QueryRunner, uri: str) -> Path:
    """The home directory of the tools/neo4j server behind ``uri``; InputError when it is another server."""
    parsed = urlparse(uri)
    if parsed.hostname not in LOOPBACK:
        raise InputError(f"bulk import needs the Neo4j server on this machine, not {parsed.hostname}", ELSEWHERE)
    rows = runner.run("admin", "server_home")
    home = Path(str(rows[0]["home"]) if rows else "/nonexistent")
    marker = home / MARKER
    if not rows or not marker.is_file():
        raise InputError("this Neo4j server is not one tools/neo4j runs, so graphfraud cannot stop it for the import tool",
                         ELSEWHERE)
    port = dict(line.split("=", 1) for line in marker.read_text().splitlines() if "=" in line).get("port")
    if str(parsed.port or 7687) != port:
        raise InputError(f"the tools/neo4j server in {home} listens on port {port}, not {parsed.port}", ELSEWHERE)
    if not os.access(home / "bulk-import", os.W_OK):
        raise InputError(f"cannot write to {home / 'bulk-import'}", "run graphfraud as the user that runs the server")
    return home


def run_import(home: Path, arguments: list[str], java_options: list[str], timeout: float = 6 * 3600,
               progress: Callable[[str, int, int], None] | None = None) -> ImportResult:
    """Ask the launcher in ``home`` to stop Neo4j, import, and start it again; wait for its result."""
    folder = home / "bulk-import"
    result, request = folder / "result", folder / "request"
    result.unlink(missing_ok=True)
    (folder / "import.log").unlink(missing_ok=True)  # the launcher writes a new one; stages are read from it
    pending = folder / f"request.{os.getpid()}"
    pending.write_text("".join(f"jvm={o}\n" for o in java_options) + "".join(f"arg={a}\n" for a in arguments),
                       encoding="utf-8")
    pending.replace(request)  # one rename: the launcher never reads half a request
    deadline = time.monotonic() + timeout
    last = ""
    while not result.exists():
        if time.monotonic() > deadline:
            raise StoreUnavailable(f"the bulk import in {home} did not finish within {timeout:.0f}s",
                                   f"see {folder / 'import.log'}")
        if not (home / MARKER).exists():
            raise StoreUnavailable(f"the tools/neo4j server in {home} stopped during the bulk import",
                                   f"see {folder / 'import.log'} and {home / 'launcher.log'}")
        stage = _stage(folder / "import.log") if not request.exists() else ("waiting for the server", 0, 4)
        if progress and stage[0] != last:
            progress(*stage)
            last = stage[0]
        time.sleep(0.2)
    values = dict(line.split("=", 1) for line in result.read_text().splitlines() if "=" in line)
    log = (folder / "import.log").read_text(errors="replace") if (folder / "import.log").exists() else ""
    out = ImportResult(int(values.get("exit", -1)),
                       {k.removesuffix("_ms"): int(v) / 1000 for k, v in values.items() if k.endswith("_ms")},
                       int(values["import_pid"]) if "import_pid" in values else None, log)
    if out.exit != 0:
        raise InputError(f"Neo4j's import tool failed (exit {out.exit}): {_error_line(log)}; the database is now empty",
                         f"see {folder / 'import.log'}; fix the cause and run the bulk push again")
    if "start_error" in values:
        raise StoreUnavailable(f"Neo4j did not start again after the import: {values['start_error'][:300]}",
                               f"see {home / 'launcher.log'}")
    return out


def _stage(log: Path) -> tuple[str, int, int]:
    """The import tool's current stage from its log ("(2/4) Relationship import …")."""
    try:
        lines = log.read_text(errors="replace").splitlines()
    except OSError:
        return ("stopping Neo4j", 0, 4)
    for line in reversed(lines):
        found = STAGE.match(line)
        if found:
            return (found.group(3), int(found.group(1)) - 1, int(found.group(2)))
        if line.startswith("IMPORT DONE"):
            return ("starting Neo4j", 4, 4)
    return ("stopping Neo4j", 0, 4)


def _error_line(log: str) -> str:
    """The most telling line of a failed import's log."""
    for line in log.splitlines():
        if any(w in line for w in ("Exception:", "ERROR", "Error:", "Invalid", "doesn't exist")):
            return line.strip()[:300]
    return (log.strip().splitlines() or ["no log"])[-1][:300]
