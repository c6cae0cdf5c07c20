"""Which reader reads a file, and the one-line error for a file none can read."""
from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Iterator

import pyarrow as pa

from graphfraud.errors import GraphfraudError, InputError, OutOfSpace, is_out_of_space
from graphfraud.loaders.encoding import detect_encoding
from graphfraud.loaders.parquetfile import read_parquet
from graphfraud.loaders.readers import RawBatch, file_format, read_csv
from graphfraud.loaders.workbook import read_xlsx
from graphfraud.schema import table_for_file


def read_file(path: Path, csv_encoding: str = "auto") -> Iterator[RawBatch]:
    """The batches of one file, one at a time (a Parquet file in batches of rows, a large CSV file in pieces).

    Raises InputError when the file cannot be read, also after earlier batches were given.
    """
    fmt = file_format(path)
    table = table_for_file(path.name)
    try:
        if fmt == "xlsx":
            yield from read_xlsx(path, table)
        elif table is None:
            return
        elif fmt == "parquet":
            yield from read_parquet(path, table)
        else:
            yield from read_csv(path, table, detect_encoding(path, csv_encoding))
    except GraphfraudError:
        raise
    except (OSError, pa.ArrowException, zipfile.BadZipFile, UnicodeError, LookupError, ValueError, KeyError,
            TypeError, EOFError) as exc:
        raise unreadable(path, fmt, exc) from exc
    except Exception as exc:  # noqa: BLE001 - a broken workbook raises whatever its zip or XML parser raises
        if fmt != "xlsx":
            raise
        raise unreadable(path, fmt, exc) from exc


def unreadable(path: Path, fmt: str | None, exc: BaseException) -> GraphfraudError:
    """The one-line error for a file that cannot be read as its format."""
    if is_out_of_space(exc):
        return OutOfSpace(f"no space left on the disk while reading {path.name}")
    detail = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
    return InputError(f"{path.name}: cannot be read as {(fmt or 'data').upper()}: {detail}",
                      "check it is a complete export (open it, or export it again), or move it out of the folder")
