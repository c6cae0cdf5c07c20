"""Each benchmark owns one marked section of docs/benchmarks.md and rewrites only that."""
from __future__ import annotations

from pathlib import Path

DOCS = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"


def write_section(start: str, end: str, body: str, heading: str = "", path: Path = DOCS) -> None:
    """Replace the text between the markers ``start`` and ``end``; append ``heading`` + section when absent."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    block = f"{start}\n{body.rstrip(chr(10))}\n{end}"
    if start in text:
        text = text[: text.index(start)] + block + text[text.index(end) + len(end):]
    else:
        text = text.rstrip("\n") + "\n\n" + heading + block + "\n"
    path.write_text(text, encoding="utf-8")
