"""Export one ring as a signed case bundle (directory or .zip), all or nothing.

Steps of ``export_case``:
1. check the output path, the profile and the signing key before reading anything;
2. read the ring and its source rows (named queries, recorded), apply the redaction profile and
   show context persons under case pseudonyms (graphfraud.case.context);
3. write evidence tables, graph files, pictures, the offline view, documents, lists and the
   extraction record into a hidden staging folder beside the output;
4. add the BagIt tag files and the signature; zip if asked; move into place in one rename.
Any failure removes the staging folder, so nothing half-written is left behind.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import networkx as nx

from graphfraud import __version__
from graphfraud.case.bagit import make_bag, zip_bag
from graphfraud.case.collect import CaseData, collect_case
from graphfraud.case.context import context_mapping, hide_context
from graphfraud.case.documents import write_documents
from graphfraud.case.facts import CaseFacts, case_facts, valid_settlements
from graphfraud.case.files import BundleFiles
from graphfraud.case.graph_files import anx_bytes, gexf_bytes, graphml_bytes
from graphfraud.case.graph_model import case_graph
from graphfraud.case.labels import LANGS
from graphfraud.case.lists import write_lists
from graphfraud.case.narrative import Statement, statements
from graphfraud.case.pictures import write_pictures
from graphfraud.case.redact import PROFILES, redact
from graphfraud.case.tables import write_tables
from graphfraud.case.viewer import write_view
from graphfraud.errors import InputError
from graphfraud.keys import SigningKey, fingerprint, key_dir
from graphfraud.privacy.pseudonyms import Pseudonymizer
from graphfraud.store.base import GraphStore

Progress = Callable[[str, int, int], None]
STEPS = 8
OUTPUT_SUFFIXES = (".zip",)


@dataclass
class ExportResult:
    ring_id: str
    path: Path
    profile: str
    lang: str
    files: int
    export_time: str
    fingerprint: str
    facts: CaseFacts
    graph: nx.DiGraph


def check_output(out: Path, force: bool, key_folder: Path | None = None) -> None:
    """Refuse an existing output (without force), an unwritable folder, a path in the key folder, or
    an archive name other than .zip (``x.tar.gz`` would otherwise become a folder of that name)."""
    archive = "".join(out.suffixes[-2:]).lower() if out.suffixes else ""
    if out.suffix and out.suffix.lower() not in OUTPUT_SUFFIXES and (
            archive in (".tar.gz", ".tar", ".tgz", ".gz", ".7z", ".rar", ".tar.bz2", ".tar.xz") or out.suffix.lower()
            in (".tar", ".tgz", ".gz", ".7z", ".rar", ".bz2", ".xz")):
        raise InputError(f"cannot write a bundle as {out.name}: bundles are a .zip file or a folder",
                         f"use --out {out.name.split('.')[0]}.zip, or a folder name without an extension")
    if out.exists() and not force:
        raise InputError(f"{out} already exists", "choose another --out, or pass --force to replace it")
    parent = out.resolve().parent
    if not parent.is_dir() or not os.access(parent, os.W_OK):
        raise InputError(f"cannot write to {parent}", "choose a folder you can write to with --out")
    keys = key_dir(key_folder).expanduser().resolve()
    if out.resolve() == keys or keys in out.resolve().parents:
        raise InputError(f"{out} is inside the signing-key folder {keys}", "write bundles somewhere else")


def export_case(store: GraphStore, ring_id: str, out: Path, key: SigningKey, profile: str = "police",
                lang: str = "zh", force: bool = False, export_time: dt.datetime | None = None,
                progress: Progress | None = None) -> ExportResult:
    if profile not in PROFILES or lang not in LANGS:
        raise InputError(f"unknown profile {profile!r} or language {lang!r}",
                         f"profiles: {', '.join(PROFILES)}; languages: {', '.join(LANGS)}")
    check_output(out, force, key.path.parent)
    step = progress or (lambda label, done, total: None)
    step("reading the ring", 0, STEPS)
    case = collect_case(store, ring_id)
    pseudo = Pseudonymizer.for_case(key.secret("case-pseudonyms"), ring_id)
    context = context_mapping(case, pseudo)
    view, _ = redact(case, profile, pseudo)
    view = hide_context(view, context)
    facts = case_facts(view)
    when = (export_time or dt.datetime.now().astimezone()).isoformat(timespec="seconds")
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.partial-", dir=out.resolve().parent))
    try:
        files = BundleFiles(staging / "data", _fixed_time(facts))
        graph = _write_payload(files, view, facts, lang, profile, when, step)
        step("signing", 7, STEPS)
        make_bag(staging, _bag_info(facts, profile, lang, len(files.entries)), key)
        _move_into_place(staging, out, force)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    step("done", STEPS, STEPS)
    return ExportResult(ring_id, out, profile, lang, len(files.entries) + 6, when, fingerprint(key.public), facts, graph)


def _write_payload(files: BundleFiles, case: CaseData, facts: CaseFacts, lang: str, profile: str, when: str,
                   step: Progress) -> nx.DiGraph:
    step("evidence tables", 1, STEPS)
    tables = write_tables(files, case, facts, lang)
    found: list[Statement] = statements(case, valid_settlements(case.settlements), lang)
    step("graph files", 2, STEPS)
    graph = case_graph(case, facts)
    zh = lang == "zh"
    files.add("graph/ring.graphml", graphml_bytes(graph), "graph", "关系图数据（GraphML）" if zh else "GraphML")
    files.add("graph/ring.gexf", gexf_bytes(graph, facts.period_end), "graph",
              "关系图数据（GEXF，含时间）" if zh else "GEXF 1.3 (dynamic)")
    files.add("graph/ring.anx", anx_bytes(graph), "graph", "关系图数据（i2 ANX）" if zh else "i2 Analyst's Notebook (ANX)")
    step("pictures", 3, STEPS)
    write_pictures(files, graph, valid_settlements(case.settlements), facts.ring_id, lang)
    step("offline view", 4, STEPS)
    write_view(files, facts, found, graph, tables, {"settlements": case.settlements, "evidence": case.evidence}, lang,
               profile)
    step("documents", 5, STEPS)
    write_documents(files, case, facts, found, lang, profile)
    step("lists and extraction record", 6, STEPS)
    write_lists(files, case, facts, lang, profile, when)
    return graph


def _fixed_time(facts: CaseFacts) -> dt.datetime:
    """The time stamped into Office files: the end of the data period, so exports repeat exactly."""
    return dt.datetime.fromisoformat(facts.period_end) if facts.period_end else dt.datetime(2000, 1, 1)


def _bag_info(facts: CaseFacts, profile: str, lang: str, payload_files: int) -> dict[str, str]:
    return {"Source-Organization": "graphfraud export (fill in the exporting agency)",
            "External-Identifier": facts.ring_id, "External-Description": f"case bundle, profile {profile}, "
            f"language {lang}", "Bag-Software-Agent": f"graphfraud {__version__}",
            "Graphfraud-Profile": profile, "Graphfraud-Payload-Files": str(payload_files)}


def _move_into_place(staging: Path, out: Path, force: bool) -> None:
    if out.suffix.lower() == ".zip":
        partial = staging.with_name(staging.name + ".zip")
        try:
            zip_bag(staging, partial, out.stem)
            if force and out.is_dir():
                shutil.rmtree(out)
            os.replace(partial, out)
        finally:
            partial.unlink(missing_ok=True)
        return
    if force and out.exists():
        shutil.rmtree(out) if out.is_dir() else out.unlink()
    os.replace(staging, out)
