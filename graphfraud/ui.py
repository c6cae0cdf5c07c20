"""Terminal output: rich tables to stdout, progress to stderr (silent under --json).

Data is printed as plain text, never as rich markup: an ID like ``[/]`` or a name holding
``[link=…]`` prints as written (consoles have markup off, cells are ``Text``), and control
characters in data are shown escaped so a loaded file cannot drive the terminal.

Tables fit the terminal (80 columns when output is piped): a cell holding an ID, an amount or a
Chinese word is never split. When the columns do not fit, those named in ``drop`` are left out,
first to last, and a note on stderr says which (``--wide`` prints every column at full width).
"""
from __future__ import annotations

import re
from contextlib import contextmanager
from typing import Any, Iterable, Iterator, Sequence

from rich import box
from rich.console import Console
from rich.measure import Measurement
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

out = Console(highlight=False, soft_wrap=False, markup=False, emoji=False)
err = Console(stderr=True, highlight=False, markup=False, emoji=False)
WIDE_WIDTH = 10_000
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def plain(value: Any) -> str:
    r"""A value as the text a terminal shows: control characters visibly escaped, never interpreted.

    >>> plain("a\x1b[31mb"), plain(1234.5)
    ('a\\x1b[31mb', '1,234.50')
    """
    text = "" if value is None else f"{value:,.2f}" if isinstance(value, float) else str(value)
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group(0)):02x}", text)


def say(text: str, style: str | None = None, stderr: bool = False) -> None:
    """Print plain text (data inside it is not markup), wrapped at the terminal's width."""
    (err if stderr else out).print(Text(plain(text), style=style or ""), soft_wrap=False, overflow="fold")


def note(text: str) -> None:
    """A note for the person at the terminal, on stderr (kept out of piped results)."""
    say(text, stderr=True)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def build_table(title: str, columns: Sequence[str], rows: list[list[Any]], wrap: Sequence[str] = (),
                justify_numbers: bool = True) -> Table:
    """A table whose cells are plain text; only the columns named in ``wrap`` may wrap (at spaces)."""
    t = Table(title=Text(plain(title), style="bold"), title_justify="left", box=box.SIMPLE_HEAD,
              pad_edge=False, show_edge=False)
    for i, name in enumerate(columns):
        numeric = justify_numbers and bool(rows) and all(_is_number(r[i]) or r[i] is None for r in rows)
        if name in wrap:
            longest = max((len(w) for r in rows for w in plain(r[i]).split()), default=4)
            t.add_column(Text(plain(name)), justify="left", overflow="fold", min_width=min(max(longest, 8), 24))
        else:
            t.add_column(Text(plain(name)), justify="right" if numeric else "left", no_wrap=True,
                         min_width=max([Text(plain(name)).cell_len] + [Text(plain(r[i])).cell_len for r in rows]))
    for r in rows:
        t.add_row(*(Text(plain(v)) for v in r))
    return t


def table(title: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], justify_numbers: bool = True,
          wrap: Sequence[str] = (), drop: Sequence[str] = (), wide: bool = False) -> list[str]:
    """Print a table that fits the terminal; returns the columns left out (already noted on stderr)."""
    body: list[list[Any]] = [list(r) for r in rows]
    columns = list(columns)
    left_out: list[str] = []
    width = WIDE_WIDTH if wide else out.width
    fits = False
    for candidate in [None, *drop]:
        if candidate is not None:
            i = columns.index(candidate)
            columns.pop(i)
            body = [r[:i] + r[i + 1:] for r in body]
            left_out.append(candidate)
        t = build_table(title, columns, body, wrap, justify_numbers)
        fits = wide or Measurement.get(out, out.options.update(width=WIDE_WIDTH), t).minimum <= width
        if fits:
            break
    if not fits:
        _records(title, columns, body)
    elif wide:
        Console(file=out.file, width=WIDE_WIDTH, highlight=False, markup=False, emoji=False,
                soft_wrap=False).print(t)
    else:
        out.print(t)
    if left_out:
        note(f"(columns left out to fit {width} characters: {', '.join(left_out)}; --wide shows them)")
    return left_out


def _records(title: str, columns: list[str], rows: list[list[Any]]) -> None:
    """Rows too wide for any table: one block per row, "column value" pairs wrapped between pairs,
    so no value is ever cut."""
    out.print(Text(plain(title), style="bold"))
    for r in rows:
        pairs = [f"{c} {plain(v)}" for c, v in zip(columns, r) if plain(v) != ""]
        line, lines = "", []
        for pair in pairs:
            if line and Text(line + " · " + pair).cell_len > out.width:
                lines.append(line)
                line = "  " + pair
            else:
                line = f"{line} · {pair}" if line else pair
        lines.append(line)
        for text in lines:
            out.print(Text(text), soft_wrap=True)


def fields(title: str, items: Iterable[tuple[str, Any]]) -> None:
    """A two-column "field: value" block; values wrap at spaces, never inside an ID."""
    table(title, ["field", "value"], [[k, v] for k, v in items], wrap=("value",))


@contextmanager
def progress(description: str, quiet: bool = False) -> Iterator[Any]:
    """A callback ``update(label, done, total)``: a progress bar on a terminal's stderr, else one
    line per step (so a log never runs a step label into the next output line)."""
    if quiet:
        yield lambda label, done, total: None
        return
    if not err.is_terminal:
        last: list[str] = []

        def log(label: str, done: int, total: int) -> None:
            if label and label != (last[-1] if last else None):
                last.append(label)
                note(f"{description}: {label}")

        yield log
        return
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  TextColumn("{task.fields[label]}"), console=err, transient=True) as bar:
        task = bar.add_task(description, total=None, label="")

        def update(label: str, done: int, total: int) -> None:
            bar.update(task, completed=done, total=total, label=plain(label))

        yield update
