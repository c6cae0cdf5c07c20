"""Expected failures. The CLI turns each into one line with its remedy and exits with its ``exit_code``.

The exit codes are part of the interface (schedulers act on them, docs/ledger-audit-refresh.md):
2 bad input or unknown ID, 3 store unavailable, 4 integrity failure. They live on the classes so
every command, refresh included, maps a failure the same way.

>>> IntegrityError("audit log broken").exit_code, NotFound("no ring R-9").exit_code
(4, 2)
"""
from __future__ import annotations

import errno


class GraphfraudError(Exception):
    """Base of every expected failure. ``remedy`` says what the user can do about it."""

    remedy: str = ""
    exit_code: int = 2

    def __init__(self, message: str, remedy: str | None = None) -> None:
        super().__init__(message)
        if remedy is not None:
            self.remedy = remedy

    def __str__(self) -> str:
        text = super().__str__()
        return f"{text} ({self.remedy})" if self.remedy else text


class InputError(GraphfraudError):
    """A file or argument the user gave cannot be used as it is."""


class SchemaError(InputError):
    """A data file lacks required columns or does not fit the input contract."""

    remedy = "see docs/input-format in the README for the accepted columns and aliases"


class StoreUnavailable(GraphfraudError):
    """The workspace or the Neo4j server cannot be reached or is busy (a scheduler retries later)."""

    exit_code = 3


class NotFound(GraphfraudError):
    """An ID given by the user (ring, entity, lead) does not exist."""


class IntegrityError(GraphfraudError):
    """Stored data or a bundle fails its integrity check (someone must examine it)."""

    exit_code = 4


class OutOfSpace(StoreUnavailable):
    """The disk filled up while writing; what was being written was removed, not left half-done."""

    remedy = "free space on that disk (or write somewhere else) and run the command again"


FULL_DISK = (errno.ENOSPC, errno.EDQUOT)


def is_out_of_space(exc: BaseException | None) -> bool:
    """True when ``exc``, or an exception it was raised from, is a full disk or an exhausted quota.

    DuckDB and Arrow report it in their own exception classes, with the operating system's text.

    >>> is_out_of_space(OSError(errno.ENOSPC, "No space left on device"))
    True
    >>> is_out_of_space(ValueError("bad"))
    False
    """
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, OSError) and exc.errno in FULL_DISK:
            return True
        if "no space left on device" in str(exc).lower() or "disk quota exceeded" in str(exc).lower():
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False
