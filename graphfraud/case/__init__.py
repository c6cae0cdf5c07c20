"""Case bundles for criminal referral: one ring exported as a signed BagIt bundle of documents,
lists, evidence tables, graph files and pictures (issue 6; docs/case-bundles.md).

``export_case`` writes a bundle, ``verify_bundle`` checks one on disk (``verify_files`` one read into memory).
"""
from __future__ import annotations

from graphfraud.case.bagit import read_bundle, verify_bundle, verify_files
from graphfraud.case.bundle import export_case

__all__ = ["export_case", "read_bundle", "verify_bundle", "verify_files"]
