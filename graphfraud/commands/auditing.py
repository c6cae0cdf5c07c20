"""The audit hook of the CLI: a command declared ``audited=True`` appends one entry when it ends.

Whether a command is audited is declared where it is defined (``@command(audited=True)``), never
inferred: every command that reads or changes a store is audited; ``tests/test_layers.py`` checks
that each writing command is. The entry goes to the store of the command's
:class:`~graphfraud.store.spec.StoreSpec` (``neo4j push``: the workspace it copied) and holds
the SHA-256 of everything the command printed to stdout (``result_digest``) and the facts it
noted with :func:`note` (ring and lead IDs for ``audit show --ring/--lead``, digests of files
written). See docs/ledger-audit-refresh.md.
"""
from __future__ import annotations

import hashlib
import os
import sys
from typing import Any, TextIO

import click

from graphfraud.audit.anchor import anchor_path
from graphfraud.audit.hook import operator, redact, subjects
from graphfraud.audit.log import Entry, append, check
from graphfraud.commands.options import spec_of_params, store_spec
from graphfraud.errors import GraphfraudError, IntegrityError, StoreUnavailable, is_out_of_space
from graphfraud.store.spec import StoreSpec

AUDIT_FAILED = 5


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


def exit_code_of(exc: BaseException | None) -> int:
    """The exit code a command ends with, given the exception it raised (None: success)."""
    if exc is None:
        return 0
    if isinstance(exc, (click.exceptions.Exit, click.ClickException)):
        return exc.exit_code
    if isinstance(exc, GraphfraudError):
        return exc.exit_code
    if isinstance(exc, SystemExit):
        return exc.code if isinstance(exc.code, int) else 1
    return 130 if isinstance(exc, KeyboardInterrupt) else 1


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


class AuditedCommand(click.Command):
    """A click command that declares whether it is audited; if so it appends an entry whatever its outcome.

    An audited command does not run on a store whose audit log fails verification (exit 4): what
    it did could not be recorded. ``chain_check=False`` is for the commands that examine the log
    itself (``audit verify``, ``audit show``).
    """

    def __init__(self, *args: Any, audited: bool, chain_check: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.audited = audited
        self.chain_check = chain_check

    def invoke(self, ctx: click.Context) -> Any:
        if not self.audited:
            return super().invoke(ctx)
        if self.chain_check:
            _refuse_broken_log(spec_of_params(ctx.params))
        stream = _Digesting(sys.stdout)
        sys.stdout = stream
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


def _refuse_broken_log(spec: StoreSpec | None) -> None:
    """IntegrityError when the store's audit log does not verify (a store that cannot be opened is left
    to the command, which says why)."""
    if spec is None or not spec.exists:
        return
    try:
        with spec.open(read_only=True) as store:
            verdict = check(store, anchor_path(spec))
    except StoreUnavailable:
        return
    if not verdict.ok:
        raise IntegrityError(f"audit log broken ({verdict.problems[0]}); nothing was done",
                             "run graphfraud audit verify and have the log examined")


def read_only(spec: StoreSpec) -> bool:
    """An embedded workspace this process cannot write (write-protected evidence copy, read-only mount)."""
    where = spec.workspace if spec.workspace.exists() else spec.workspace.parent
    return spec.kind == "embedded" and not (os.access(where, os.W_OK) and os.access(where.parent, os.W_OK))


def _write_entry(ctx: click.Context, code: int, digest: str) -> bool:
    """Append the entry; on failure warn on stderr (never masking the command's own error)."""
    spec = store_spec(ctx) or spec_of_params(ctx.params)
    if spec is None:
        raise RuntimeError(f"{ctx.command_path} is declared audited but takes no store options")
    if not spec.exists:
        return True  # no workspace, so no data was read or changed
    if read_only(spec):
        click.echo(f"Note: {spec.workspace} is read-only: this command is not recorded in its audit log", err=True)
        return True
    meta = ctx.find_root().meta
    entry = Entry(operator=current_operator(), command=" ".join(ctx.command_path.split()[1:]),
                  params=redact(ctx.params), exit_code=code, result_digest="sha256:" + digest,
                  result=meta.get("audit.result", {}), subjects=subjects(ctx.params) + meta.get("audit.subjects", []))
    try:
        with spec.open() as store:
            append(store, entry, anchor_path(spec))
        return True
    except Exception as exc:  # noqa: BLE001 - any failure here must surface as a warning, not replace the command's error
        if code and is_out_of_space(exc):
            return False  # the command's own error line already says the disk is full
        click.echo(f"Warning: audit entry not written: {exc} (exit code {AUDIT_FAILED} if the command succeeded)",
                   err=True)
        return False
