"""Pre-pass over every file before anything is written: can it be opened, has it the required
columns, are its column types usable. All problems are collected, then reported at once."""
from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from graphfraud.errors import InputError, SchemaError
from graphfraud.loaders.encoding import detect_encoding
from graphfraud.loaders.parquetfile import column_problems
from graphfraud.loaders.files import unreadable
from graphfraud.loaders.readers import csv_header, file_format, map_header
from graphfraud.loaders.workbook import xlsx_headers
from graphfraud.schema import Table, table_for_file

MISSING = "missing "


def _missing(table: Table, header: list[str], name: str) -> list[str]:
    mapping, _ = map_header(table, header, name)
    present = set(mapping.values())
    absent = [c for c in table.required_columns if c not in present]
    return [f"{name}: {MISSING}{', '.join(absent)}"] if absent else []


def file_problems(path: Path, csv_encoding: str = "auto") -> list[str]:
    """What keeps one file from loading, each as ``name: problem``; empty when it can be read."""
    fmt, table = file_format(path), table_for_file(path.name)
    try:
        if fmt == "xlsx":
            return [p for t, header in xlsx_headers(path, table) for p in _missing(t, header, path.name)]
        if table is None:
            return []
        if fmt == "parquet":
            schema = pq.read_schema(path)
            return _missing(table, schema.names, path.name) + [f"{path.name}: {p}" for p in column_problems(table, schema)]
        _, header = csv_header(path, detect_encoding(path, csv_encoding))
        return _missing(table, header, path.name)
    except InputError as exc:
        return [exc.args[0]]
    except (OSError, pa.ArrowException, UnicodeError, LookupError, ValueError, KeyError, TypeError, EOFError) as exc:
        error = unreadable(path, fmt, exc)
        if not isinstance(error, InputError):
            raise error from exc
        return [error.args[0]]
    except Exception as exc:  # noqa: BLE001 - a broken workbook raises whatever its zip or XML parser raises
        if fmt != "xlsx":
            raise
        return [unreadable(path, fmt, exc).args[0]]


def check_files(paths: list[Path], csv_encoding: str = "auto") -> None:
    """SchemaError naming every file that cannot be loaded, before anything is written."""
    problems = [p for path in paths for p in file_problems(path, csv_encoding)]
    if not problems:
        return
    if all(MISSING in p for p in problems):
        raise SchemaError("required columns missing, nothing loaded: " + "; ".join(problems))
    raise SchemaError("nothing loaded: " + "; ".join(problems),
                      "export those files again, or move them out of the folder")
