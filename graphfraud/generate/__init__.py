"""Deterministic synthetic claims with planted fraud rings and innocent look-alikes.

``generate(outdir)`` writes a data directory in the input format (shared/domain/input-format.md)
and, beside it, a truth file naming every planted ring (its persons, institutions, doctors,
settlements, trace codes and amounts), every hard-negative group, and what a correct loader must
report for each table. The same ``(persons, seed, messy)`` gives byte-identical files.

``variant="random"`` (or a world file) makes a varied world instead: every planted parameter drawn
per seed from wide ranges, modi operandi beyond the classic four, look-alikes at drawn prevalence
and size, context persons kept apart from members in the truth (``generate.params``,
``generate.varied``); ``nofraud`` plants nothing, ``nodrug`` exports card-like data without drugs.
``adversarial`` (and ``adversarial-nofraud``) is a second family of varied worlds with its own modi
operandi, shapes, look-alikes and export quirks (``generate.adversarial``).
"""
from __future__ import annotations

import gc
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pandas as pd

from graphfraud.generate.adversarial_export import reshape, reshape_truth
from graphfraud.generate.adversarial_params import AdversarialParams
from graphfraud.generate.background import background_claims
from graphfraud.generate.cardlike import card_tables
from graphfraud.generate.catalog import drug_catalog_table
from graphfraud.generate.claims import Claims, assemble
from graphfraud.generate.duplicates import enrol_twice
from graphfraud.generate.evidence import ident_table, report_lead_table, rule_hits_table
from graphfraud.generate.inventory import pharmacy_lines, purchases, purchases_table, sales_table, stock_table
from graphfraud.generate.messy import clean_files, messy_files
from graphfraud.generate.families import draw_params, read_world_file
from graphfraud.generate.params import VARIANTS, WorldParams
from graphfraud.generate.regions import (REGION_PERSONS, REGIONAL_TABLES_ONCE, Region, label_groups, merge_documents,
                                         region_sizes, regional_name)
from graphfraud.generate.providers import institutions_table, practitioners_table
from graphfraud.generate.records import fee_table, person_table, setl_table, visit_table
from graphfraud.generate.sampling import stream
from graphfraud.generate.scenario import build_world, plant
from graphfraud.generate.truth import truth_document, write_truth
from graphfraud.generate.writer import write
from graphfraud.generate.world import World
from graphfraud.schema import TABLES

__all__ = ["GenerateSummary", "generate", "MIN_PERSONS", "VARIANTS", "read_world_file"]
MIN_PERSONS = 300  # below this the rings and hard negatives run out of distinct persons
MIN_VARIED_PERSONS = 3000  # varied worlds plant groups of up to 80 and look-alikes at up to 3x
# Files this generator writes; only such files may be replaced in an existing output directory.
OWN_FILE = re.compile(rf"^({'|'.join(TABLES)})(_\d{{4}}-\d{{2}})?(_r\d{{2}})?\.(csv|xlsx|parquet)$")


@dataclass
class GenerateSummary:
    outdir: Path
    truth_path: Path
    files: list[Path]
    rows: dict[str, int]  # rows written per table, bad and duplicated rows included
    fee_lines: int  # distinct fee lines (what a loader keeps)


def generate(outdir: Path, persons: int = 2000, seed: int = 7, truth_path: Path | None = None, messy: bool = True,
             progress: Callable[[str], None] | None = None, variant: str | None = None,
             world: dict[str, Any] | None = None, duplicates: int = 0,
             region_persons: int = REGION_PERSONS) -> GenerateSummary:
    """Write a synthetic data directory and its truth file; return what was written.

    ``truth_path`` defaults to ``<outdir>.truth.json`` beside the directory and may not lie inside it.
    ``variant`` (random, nofraud, nodrug) or ``world`` (the ranges of a world file, see
    ``generate.params``) make a varied world; without either the fixed default world is written.
    ``duplicates`` persons get a second enrolment under a varied record, and half as many a twin
    (``generate.duplicates``); the truth lists them under ``identities``.
    More than ``region_persons`` persons are generated region by region (``generate.regions``):
    memory stays that of one region.
    """
    sizes = region_sizes(persons, region_persons)
    varied = bool(variant or world)
    minimum = MIN_VARIED_PERSONS if varied else MIN_PERSONS
    if min(sizes) < minimum:
        raise ValueError(f"persons must be at least {minimum} to plant every ring and hard negative"
                         + (f" (in each region of about {min(sizes)})" if len(sizes) > 1 else ""))
    say = progress or (lambda message: None)
    outdir = Path(outdir)
    truth_path = Path(truth_path) if truth_path else outdir.parent / f"{outdir.name}.truth.json"
    if truth_path.resolve().is_relative_to(outdir.resolve()):
        raise ValueError(f"the truth file must not be inside the data directory: {truth_path}")
    _prepare(outdir)
    if len(sizes) == 1:
        params = draw_params(seed, persons, variant or "random", world) if varied else None
        paths, document, _ = _write_world(outdir, persons, seed, params, messy, duplicates, None, say)
    else:
        paths, documents, regions = [], [], []
        taken = np.array([], dtype="U18")  # ID numbers of the regions written so far
        for index, size in enumerate(sizes):
            region = Region(index, len(sizes), seed, tuple(sizes[:index]), taken)
            say(f"region {region.index + 1} of {len(sizes)}")
            # One parameter set for every region: the truth's parameters hold for the whole world.
            params = draw_params(seed, sizes[0], variant or "random", world) if varied else None
            enrolled_twice = duplicates // len(sizes) + (index < duplicates % len(sizes))
            written, part, certnos = _write_world(outdir, size, region.seed, params, messy, enrolled_twice,
                                                  region, say)
            label_groups(part, region)
            paths += written
            documents.append(part)
            region.taken_certnos = np.array([], dtype="U18")
            regions.append(region)
            taken = np.concatenate([taken, certnos])
            del written, part, certnos
            gc.collect()  # the region's frames go before the next region is drawn
        document = merge_documents(documents, seed, persons, regions, sizes)
    truth_path.parent.mkdir(parents=True, exist_ok=True)
    write_truth(truth_path, document)
    expected = document["load_expectations"]
    return GenerateSummary(outdir, truth_path, paths, {t: e["rows_read"] for t, e in expected.items()},
                           expected["fee_list_d"]["loaded"])


def _write_world(outdir: Path, persons: int, seed: int, params: WorldParams | None, messy: bool, duplicates: int,
                 region: Region | None, say: Callable[[str], None]) -> tuple[list[Path], dict[str, Any], np.ndarray]:
    """Build, plant, draw and write one world (or one region of a big world).

    Returns the files, the truth document and the persons' ID numbers (to keep out of later regions).
    """
    say(f"population: {persons} persons, seed {seed}")
    built = build_world(persons, seed, params, region)
    say("planting rings and hard negatives")
    plant(built)
    say("drawing background claims")
    claims = assemble(built, *background_claims(built))
    say(f"{len(claims.setl)} settlements, {len(claims.lines)} fee lines; inventory and side tables")
    if params is not None and not params.drugs:  # public card-like data: plain CSV, whatever ``messy`` says
        tables, messy = card_tables(built, claims), False
    else:
        tables = _tables(built, claims, messy)
    if isinstance(params, AdversarialParams):  # the export's own surprises (generate.adversarial_export)
        tables = reshape(built, claims, tables)
    if region is not None and region.index > 0:
        tables = {name: frame for name, frame in tables.items() if name not in REGIONAL_TABLES_ONCE}
    identities = None
    if duplicates and "psn_info" in tables:
        added, identities = enrol_twice(tables["psn_info"], stream(seed, "duplicates"), duplicates, duplicates // 2)
        tables["psn_info"] = pd.concat([tables["psn_info"], added], ignore_index=True)
    files = messy_files(tables, stream(seed, "messy")) if messy else clean_files(tables)
    del tables
    if region is not None:
        for f in files:
            f.name = regional_name(f.name, region)
    say(f"writing {len(files)} files to {outdir}")
    paths = [write(outdir, f) for f in files]
    document = truth_document(built, claims, persons, files)
    if isinstance(params, AdversarialParams):
        document = reshape_truth(built, document)
    if identities is not None:
        document["identities"] = identities
    return paths, document, built.persons.certno.to_numpy(dtype="U18")


def _prepare(outdir: Path) -> None:
    """Create the directory; replace only files this generator wrote before, refuse anything else."""
    outdir.mkdir(parents=True, exist_ok=True)
    existing = [p for p in outdir.iterdir()]
    foreign = [p.name for p in existing if not (p.is_file() and OWN_FILE.match(p.name))]
    if foreign:
        raise FileExistsError(f"{outdir} holds files the generator did not write: {', '.join(sorted(foreign)[:5])}")
    for p in existing:
        p.unlink()


def _tables(world: World, claims: Claims, messy: bool) -> dict[str, pd.DataFrame]:
    sold = pharmacy_lines(world, claims.lines)
    purc = purchases(world, sold)
    return {
        "psn_info": person_table(world),
        "fixmedins": institutions_table(world.inst),
        "practitioner": practitioners_table(world.staff),
        "drug_catalog": drug_catalog_table(world.items),
        "mdtrt_d": visit_table(world, claims, "slash" if messy else "iso"),
        "setl_d": setl_table(world, claims, "compact" if messy else "iso"),
        "fee_list_d": fee_table(world, claims, "compact" if messy else "iso"),
        "inv_purc": purchases_table(world, purc),
        "inv_sale": sales_table(world, sold),
        "inv_stock": stock_table(world, sold, purc),
        "psn_ident": ident_table(world),
        "rule_hits": rule_hits_table(world, claims.setl),
        "report_lead": report_lead_table(world),
    }
