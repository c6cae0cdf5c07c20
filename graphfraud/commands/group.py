"""The click group of graphfraud and the decorators every command module defines its commands with.

``command(audited=...)`` makes an :class:`~graphfraud.commands.auditing.AuditedCommand`: each
command states whether it is audited where it is defined. ``group()`` makes a sub-group (``leads``,
``audit``…) whose ``.command(...)`` asks the same. A module exposes ``register(main)``, which
adds its commands to the top group; ``graphfraud/cli.py`` calls every module's ``register``.
"""
from __future__ import annotations

import sys
from typing import Any, Callable

import click

from graphfraud.commands.auditing import AuditedCommand
from graphfraud.errors import GraphfraudError

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
        try:
            return super().invoke(ctx)
        except GraphfraudError as exc:
            if ctx.find_root().params.get("debug") or "--debug" in sys.argv:
                raise
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(exc.exit_code)


def command(name: str | None = None, *, audited: bool, **attrs: Any) -> Callable[[Callable[..., Any]], AuditedCommand]:
    """A top-level command; ``audited=True`` when it reads or changes a store."""
    return click.command(name, cls=AuditedCommand, audited=audited, **attrs)


def group(name: str | None = None, **attrs: Any) -> Callable[[Callable[..., Any]], Group]:
    """A sub-group of commands (``graphfraud leads …``)."""
    return click.group(name, cls=Group, **attrs)
