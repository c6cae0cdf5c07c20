"""Source adapters: read 医保 export files (CSV, XLSX, Parquet) into normalised, typed batches."""
from __future__ import annotations

from graphfraud.loaders.pipeline import LoadReport, FileReport, load_directory

__all__ = ["LoadReport", "FileReport", "load_directory"]
