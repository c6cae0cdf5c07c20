"""The click group of graphfraud and the decorators every command module defines its commands with.

``command(audited=...)`` makes an :class:`~graphfraud.commands.auditing.AuditedCommand`: each
command states whether it is audited where it is defined. ``group()`` makes a sub-group (``leads``,
``audit``…) whose ``.command(...)`` asks the same. A module exposes ``register(main)``, which
adds its commands to the top group; ``graphfraud/cli.py`` calls every module's ``register``.
"""
from __future__ import annotations

import json
import sys
from typing import Any, Callable

import click

from graphfraud.commands.auditing import AuditedCommand
from graphfraud.commands.jsonout import error_object
from graphfraud.errors import GraphfraudError, OutOfSpace, is_out_of_space

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class Group(click.Group):
    """Turns expected failures into one clean line and their exit code; its commands declare auditing."""

    command_class = AuditedCommand
    group_class = type  # sub-groups (leads, audit…) are Groups too

    def command(self, *args: Any, **kwargs: Any) -> Any:
        if "audited" not in kwargs:
            raise TypeError("declare audited=True (reads or writes a store) or audited=False")
        return super().command(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        # --json anywhere in what is left to parse: errors (even bad usage) are then JSON too
        wants_json = "--json" in _unparsed(ctx) or bool(ctx.find_root().meta.get(JSON_KEY))
        if wants_json:
            ctx.find_root().meta[JSON_KEY] = True
        try:
            return super().invoke(ctx)
        except GraphfraudError as exc:
            if ctx.find_root().params.get("debug") or "--debug" in sys.argv:
                raise
            _fail(ctx, type(exc).__name__, str(exc.args[0]) if exc.args else "", exc.remedy, exc.exit_code, str(exc))
        except click.ClickException as exc:
            if not wants_json or isinstance(exc, click.exceptions.Exit):
                raise
            _fail(ctx, type(exc).__name__, exc.format_message(), "see --help", exc.exit_code, "")
        except (click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as exc:  # a full disk, wherever the write was: one line like an expected failure
            if not is_out_of_space(exc) or ctx.find_root().params.get("debug") or "--debug" in sys.argv:
                raise
            filename = getattr(exc, "filename", None)
            where = f" writing {filename}" if filename else ""
            full = OutOfSpace(f"no space left on the disk{where}; what was being written was removed")
            _fail(ctx, type(full).__name__, str(full.args[0]), full.remedy, full.exit_code, str(full))


JSON_KEY = "graphfraud.json_errors"


def _unparsed(ctx: click.Context) -> list[str]:
    """The arguments left for the sub-command (click < 9 keeps the first apart, in protected_args)."""
    first = ctx.__dict__.get("_protected_args", [])
    return [*first, *ctx.args]


def _fail(ctx: click.Context, kind: str, message: str, remedy: str, code: int, line: str) -> None:
    """One line on stderr (a JSON object under --json) and the error's exit code."""
    if ctx.find_root().meta.get(JSON_KEY):
        click.echo(json.dumps(error_object(kind, message, remedy, code), ensure_ascii=False), err=True)
    else:
        click.echo(f"Error: {line}", err=True)
    ctx.exit(code)


def command(name: str | None = None, *, audited: bool, **attrs: Any) -> Callable[[Callable[..., Any]], AuditedCommand]:
    """A top-level command; ``audited=True`` when it reads or changes a store."""
    return click.command(name, cls=AuditedCommand, audited=audited, **attrs)


def group(name: str | None = None, **attrs: Any) -> Callable[[Callable[..., Any]], Group]:
    """A sub-group of commands (``graphfraud leads …``)."""
    return click.group(name, cls=Group, **attrs)
