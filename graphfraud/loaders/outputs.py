"""The rejects file and the load report of one load.

Both are written under temporary names while the load runs and moved into place only once it is
committed: a full disk, an error or a kill leaves no half-written file that reads as complete, and
no rejects file of a load that never happened. Cells that a spreadsheet would run as formulas are
neutralised, since investigators open the rejects file in Excel or WPS.
"""
from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path
from typing import Any

from graphfraud.privacy.cells import neutralise_row

REJECT_HEADER = ["file", "line", "reason", "column", "value", "raw"]


class Outputs:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.pending: list[tuple[Path, Path]] = []

    def rejects(self, load_id: int, rows: list[list[object]]) -> str | None:
        if not rows:
            return None
        out = io.StringIO(newline="")
        writer = csv.writer(out)
        writer.writerow(REJECT_HEADER)
        writer.writerows(neutralise_row(r) for r in sorted(rows, key=lambda r: (str(r[0]), int(str(r[1])))))
        target = self.folder / f"load-{load_id:04d}-rejects.csv"
        self._stage(target, out.getvalue().encode("utf-8-sig"))
        return str(target)

    def report(self, load_id: int, report: dict[str, Any]) -> None:
        text = json.dumps(report, ensure_ascii=False, indent=1, default=str)
        self._stage(self.folder / f"load-{load_id:04d}-report.json", text.encode("utf-8"))

    def _stage(self, target: Path, data: bytes) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.partial")
        self.pending.append((partial, target))
        with partial.open("wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())

    def publish(self) -> None:
        for partial, target in self.pending:
            os.replace(partial, target)
        self.pending = []

    def discard(self) -> None:
        for partial, _ in self.pending:
            partial.unlink(missing_ok=True)
        self.pending = []
