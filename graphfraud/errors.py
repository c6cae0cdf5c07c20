"""Expected failures. The CLI turns each into one line with its remedy; no traceback."""
from __future__ import annotations


class GraphfraudError(Exception):
    """Base of every expected failure. ``remedy`` says what the user can do about it."""

    remedy: str = ""

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
    """The workspace or the Neo4j server cannot be reached or is busy."""


class NotFound(GraphfraudError):
    """An ID given by the user (ring, entity, lead) does not exist."""


class IntegrityError(GraphfraudError):
    """Stored or exported data fails its integrity check."""
