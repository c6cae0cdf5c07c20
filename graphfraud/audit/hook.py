"""The CLI side of the audit log: every command that touches a workspace appends one entry.

A command is audited when it takes the store options (``--store``/``--workspace``), i.e. when it
reads or changes data: load, status, detect, query, rings, leads, export, refresh, audit… and any
command added later with ``@store_options``. Commands without a workspace (generate, demo, help,
--version) are not. The entry holds the time, the operator (``--operator``, else the ``operator``
setting, else the OS user), the command path, its parameters with secrets removed, the exit code,
the SHA-256 of everything it printed to stdout (``result_digest``) and facts the command noted
with :func:`note` (ring and lead IDs for ``audit show --ring/--lead``, digests of files written).
"""
from __future__ import annotations

import getpass
import hashlib
import re
import sys
from pathlib import Path
from typing import Any, TextIO

import click

from graphfraud import settings
from graphfraud.audit.log import Entry, append

NOT_AUDITED = frozenset({"generate", "demo"})
SECRET_NAME = re.compile(r"pass(word|wd)?|secret|token|credential|api_?key", re.IGNORECASE)
SUBJECT_ID = re.compile(r"^(R|L)-\d+$")
URI_USERINFO = re.compile(r"(?<=://)[^/@]+@")
AUDIT_FAILED = 5


def operator(explicit: str | None = None) -> str:
    """Who is running the command: ``--operator``, else the ``operator`` setting, else the OS user."""
    if explicit:
        return explicit
    if configured := settings.get("operator"):
        return configured
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (containers)
        return "unknown"


def current_operator() -> str:
    """The operator of the running CLI command (for lead events), or of this process."""
    ctx = click.get_current_context(silent=True)
    return operator(ctx.find_root().params.get("operator") if ctx else None)


def note(subjects: list[str] | None = None, **facts: Any) -> None:
    """Add ring/lead/run IDs and result facts (e.g. an exported file's SHA-256) to this command's entry."""
    ctx = click.get_current_context(silent=True)
    if ctx is None:
        return
    meta = ctx.find_root().meta
    meta.setdefault("audit.subjects", []).extend(subjects or [])
    meta.setdefault("audit.result", {}).update(facts)


def redact(params: dict[str, Any]) -> dict[str, Any]:
    """Parameters safe to log: secret-named ones dropped, credentials cut out of URIs, secret values masked."""
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


def _subjects(params: dict[str, Any]) -> list[str]:
    values: list[Any] = []
    for v in params.values():
        values.extend(v if isinstance(v, (list, tuple)) else [v])
    return [v for v in values if isinstance(v, str) and SUBJECT_ID.match(v)]


class _Digesting:
    """Stands in for sys.stdout: writes through and hashes what was written."""

    def __init__(self, inner: TextIO) -> None:
        self._inner = inner
        self.sha = hashlib.sha256()

    def write(self, text: str) -> int:
        written = self._inner.write(text)  # raises for bytes first, as click's stream probing expects
        self.sha.update(text.encode("utf-8", "replace"))
        return written

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def exit_code_of(exc: BaseException | None) -> int:
    """The exit code a command ends with, given the exception it raised (None: success)."""
    from graphfraud.cli import error_exit_code
    from graphfraud.errors import GraphfraudError

    if exc is None:
        return 0
    if isinstance(exc, click.exceptions.Exit):
        return exc.exit_code
    if isinstance(exc, click.ClickException):
        return exc.exit_code
    if isinstance(exc, GraphfraudError):
        return error_exit_code(exc)
    if isinstance(exc, SystemExit):
        return exc.code if isinstance(exc.code, int) else 1
    return 130 if isinstance(exc, KeyboardInterrupt) else 1


class AuditedCommand(click.Command):
    """A click command that appends an audit entry after it ran, whatever its outcome."""

    def invoke(self, ctx: click.Context) -> Any:
        if not _audited(ctx):
            return super().invoke(ctx)
        stream = _Digesting(sys.stdout)
        sys.stdout = stream  # type: ignore[assignment]
        failure: BaseException | None = None
        try:
            return super().invoke(ctx)
        except BaseException as exc:
            failure = exc
            raise
        finally:
            sys.stdout = stream._inner
            written = _write_entry(ctx, exit_code_of(failure), stream.sha.hexdigest())
            if not written and failure is None:
                raise click.exceptions.Exit(AUDIT_FAILED)


def _audited(ctx: click.Context) -> bool:
    names = ctx.command_path.split()[1:]
    return bool(names) and names[0] not in NOT_AUDITED and "store_kind" in ctx.params and "workspace" in ctx.params


def _write_entry(ctx: click.Context, code: int, digest: str) -> bool:
    """Append the entry; on failure warn on stderr (never masking the command's own error)."""
    from graphfraud.cli import open_store

    params = ctx.params
    workspace = Path(params["workspace"])
    if params["store_kind"] == "embedded" and not workspace.exists():
        return True  # no workspace, so no data was read or changed
    meta = ctx.find_root().meta
    entry = Entry(operator=current_operator(), command=" ".join(ctx.command_path.split()[1:]),
                  params=redact(params), exit_code=code, result_digest="sha256:" + digest,
                  result=meta.get("audit.result", {}), subjects=_subjects(params) + meta.get("audit.subjects", []))
    try:
        with open_store(params["store_kind"], workspace, params.get("neo4j_uri", "")) as store:
            append(store, entry)
        return True
    except Exception as exc:  # noqa: BLE001 - any failure here must surface as a warning, not replace the command's error
        click.echo(f"Warning: audit entry not written: {exc} (exit code {AUDIT_FAILED} if the command succeeded)",
                   err=True)
        return False
