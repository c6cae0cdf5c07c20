"""Physical lines of a file by number (1-based): the raw text of rejects, and records to parse again.

A line is what ends in ``\\n``; a ``\\r`` before it is part of the line ending. A record spanning
several lines reads back as those lines joined by ``\\n``.
"""
from __future__ import annotations

import mmap
from pathlib import Path
from typing import Protocol

import numpy as np

RAW_LIMIT = 65_536  # characters of a raw line kept in the rejects file (a 10 MB field is cut)


class LineText(Protocol):
    def range(self, first: int, count: int) -> list[str]:
        """Lines ``first`` .. ``first + count - 1`` (fewer at the end of the file), line endings removed
        except a ``\\r`` that does not end a line."""

    def range_text(self, first: int, count: int = 1) -> str:
        """Those lines as one text for a rejects file: joined by newlines, cut at RAW_LIMIT characters."""


def cut(text: str) -> str:
    """A raw text short enough for a rejects file.

    >>> cut("abc")
    'abc'
    >>> cut("x" * 70_000).endswith("[cut: 70000 characters]")
    True
    """
    return text if len(text) <= RAW_LIMIT else f"{text[:RAW_LIMIT]}…[cut: {len(text)} characters]"


class ListLines:
    """Lines already decoded (index 0 is line 1)."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines

    def range(self, first: int, count: int) -> list[str]:
        return self.lines[first - 1:first - 1 + count]

    def range_text(self, first: int, count: int = 1) -> str:
        return cut("\n".join(line.removesuffix("\r") for line in self.range(first, count)))


class FileLines:
    """Lines of a UTF-8 file on disk, found through an index of its newlines built on first use."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._starts: np.ndarray | None = None

    def _index(self) -> np.ndarray:
        """Byte offset where each line starts, and the file size last."""
        if self._starts is None:
            size = self.path.stat().st_size
            ends = [np.zeros(1, dtype=np.int64)]
            with self.path.open("rb") as fh:
                offset = 0
                while chunk := fh.read(1 << 24):
                    ends.append(np.flatnonzero(np.frombuffer(chunk, dtype=np.uint8) == 10).astype(np.int64) + offset + 1)
                    offset += len(chunk)
            starts = np.concatenate(ends)
            self._starts = starts if starts[-1] == size else np.append(starts, size)
        return self._starts

    def range(self, first: int, count: int) -> list[str]:
        starts = self._index()
        lo, hi = first - 1, min(first - 1 + count, len(starts) - 1)
        if lo >= hi:
            return []
        with self.path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as view:
            data = view[int(starts[lo]):int(starts[hi])]
        if lo == 0 and data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        text = data.decode("utf-8", "replace")
        return text.removesuffix("\n").split("\n")

    def range_text(self, first: int, count: int = 1) -> str:
        return cut("\n".join(line.removesuffix("\r") for line in self.range(first, count)))
