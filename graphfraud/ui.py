"""Terminal output: rich tables to stdout, progress bars to stderr (silent under --json)."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterable, Iterator, Sequence

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

out = Console(highlight=False, soft_wrap=False)
err = Console(stderr=True, highlight=False)


def table(title: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], justify_numbers: bool = True) -> None:
    t = Table(title=title, title_justify="left", show_lines=False)
    rows = [list(r) for r in rows]
    for i, name in enumerate(columns):
        numeric = justify_numbers and rows and all(isinstance(r[i], (int, float)) for r in rows)
        t.add_column(name, justify="right" if numeric else "left", overflow="fold")
    for r in rows:
        t.add_row(*("" if v is None else f"{v:,.2f}" if isinstance(v, float) else str(v) for v in r))
    out.print(t)


@contextmanager
def progress(description: str, quiet: bool = False) -> Iterator[Any]:
    """A callback ``update(label, done, total)`` that drives one progress bar on stderr."""
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  TextColumn("{task.fields[label]}"), console=err, transient=True, disable=quiet) as bar:
        task = bar.add_task(description, total=None, label="")

        def update(label: str, done: int, total: int) -> None:
            bar.update(task, completed=done, total=total, label=label)

        yield update
