"""Leak suite: every ring of a generated data set exported under every profile, and every file
searched — documents, lists, tables, graph files and the view, inside DOCX and XLSX too — with the
rejects files, load reports and the audit log (issue 12).

- Informant fields (report_lead.informant_name / informant_tel) appear nowhere, whatever the profile
  (医保办发〔2022〕22号).
- Masked profiles show no full ID number, phone number or bank account of whom they mask: internal and
  public of anyone, the other agencies' profiles (discipline, health, drug, market) of insured persons
  and of the doctors or legal representatives their remit leaves out.

A value counts as shown when it stands as a token of its own (no letter or digit either side), so a
phone number that happens to sit inside a 20-digit trace code is not a leak.
"""
from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from pathlib import Path

import pandas as pd
import pytest

from graphfraud.case import read_bundle
from graphfraud.case.redact import PROFILE_RULES, PROFILES
from tests.case.case_synthetic import bundle_texts
from tests.helpers import run_cli

MASKED = tuple(name for name in PROFILES if PROFILE_RULES[name].masks_anyone)


def _csv(path: Path) -> pd.DataFrame:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return pd.read_csv(io.StringIO(raw.decode(encoding)), dtype=str, keep_default_na=False)
        except UnicodeDecodeError:
            continue
    raise AssertionError(f"{path} is neither UTF-8 nor GB18030")


def _table(folder: Path, name: str) -> pd.DataFrame:
    """Every file of one table, whatever its format, with lower-case column names."""
    frames = []
    for path in sorted(folder.glob(f"{name}*")):
        frame = (_csv(path) if path.suffix == ".csv" else pd.read_parquet(path).astype(str) if path.suffix == ".parquet"
                 else pd.read_excel(path, dtype=str).fillna(""))
        frames.append(frame.rename(columns=str.lower))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def _values(frame: pd.DataFrame, column: str, where: pd.Series | None = None) -> set[str]:
    if column not in frame:
        return set()
    series = frame[column] if where is None else frame.loc[where, column]
    out = {unicodedata.normalize("NFKC", str(v)).strip() for v in series}
    return {v for v in out if len(v) >= 7 and "*" not in v and v.lower() not in ("nan", "none", "null")}


def _secrets(data: Path) -> tuple[set[str], dict[str, set[str]]]:
    """The informant fields, and every full ID number, phone and bank account of the data by whose they
    are (insured persons, doctors, legal representatives: the profiles mask them apart)."""
    leads, people, doctors = _table(data, "report_lead"), _table(data, "psn_info"), _table(data, "practitioner")
    idents, places = _table(data, "psn_ident"), _table(data, "fixmedins")
    informants = {unicodedata.normalize("NFKC", v).strip() for c in ("informant_name", "informant_tel")
                  for v in leads.get(c, []) if str(v).strip()}
    names = set(people.get("psn_name", [])) | set(doctors.get("dr_name", [])) | set(places.get("legal_rep_name", []))
    informants = {v for v in informants if v not in names}  # a name shared with someone in the data is no signal
    persons = _values(people, "certno") | _values(people, "tel")
    if len(idents):
        persons |= _values(idents, "ident_value", idents.ident_type.isin(["tel", "bank_acct"]))
    personal = {"persons": persons, "doctors": _values(doctors, "certno") | _values(doctors, "tel"),
                "legal_reps": _values(places, "legal_rep_certno")}
    return informants, {kind: values - informants for kind, values in personal.items()}


def _masked_by(profile: str, personal: dict[str, set[str]]) -> set[str]:
    """The identifiers a profile must not show in full."""
    rules = PROFILE_RULES[profile]
    return ((personal["persons"] if rules.mask_persons else set()) | (personal["doctors"] if rules.mask_doctors else set())
            | (personal["legal_reps"] if rules.mask_legal_reps else set()))


def _damage_tip_offs(path: Path) -> None:
    """Rows a loader must reject, carrying real informant fields: a bad time, a stray quote, a short row."""
    raw = path.read_bytes()
    encoding = "utf-8" if raw.isascii() or _decodes(raw, "utf-8") else "gb18030"
    rows = list(csv.reader(io.StringIO(raw.decode(encoding).lstrip("\ufeff"))))
    header, first = rows[0], dict(zip(rows[0], rows[1]))
    name, tel = first["informant_name"], first["informant_tel"]
    bad = [dict(first, lead_id="JBX1", received_time="not-a-time"), dict(first, lead_id="JBX2", content="STRAY")]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows([[r[c] for c in header] for r in bad])
    text = out.getvalue().replace("STRAY", '"open quote') + f"JBX3,2025-07-01,{name},{tel}\n"
    path.write_bytes(raw + ("" if raw.endswith(b"\n") else "\n").encode() + text.encode(encoding))


def _decodes(raw: bytes, encoding: str) -> bool:
    try:
        raw.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    root = tmp_path_factory.mktemp("leaks")
    data, ws, keys = root / "data", root / "ws.duckdb", root / "keys"
    assert run_cli("generate", data, "--persons", 1500, "--seed", 11).exit_code == 0
    informants, personal = _secrets(data)
    _damage_tip_offs(data / "report_lead.csv")
    assert run_cli("load", data, "--workspace", ws).exit_code == 0
    assert run_cli("detect", "--workspace", ws).exit_code == 0, "detection failed"
    assert run_cli("keys", "init", "--key-dir", keys).exit_code == 0
    listed = json.loads(run_cli("rings", "--workspace", ws, "--json", "--limit", 1000).output)
    rings = [r["ring_id"] for r in listed["rings"]]
    assert len(rings) >= 3
    bundles: dict[str, list[Path]] = {p: [] for p in PROFILES}
    for position, ring in enumerate(rings):
        # every ring under the three general profiles; the four agency profiles (tested one by one in
        # test_agencies.py) on the two top rings, to keep the suite within its time budget
        for profile in PROFILES if position < 2 else ("police", "internal", "public"):
            out = root / "bundles" / (f"{ring}-{profile}.zip" if profile == "police" else f"{ring}-{profile}")
            out.parent.mkdir(exist_ok=True)
            result = run_cli("case", "export", ring, "--out", out, "--profile", profile, "--workspace", ws,
                             "--key-dir", keys, "--json")
            assert result.exit_code == 0, result.output
            bundles[profile].append(out)
    audit = run_cli("audit", "show", "--limit", 0, "--json", "--workspace", ws).output
    logs = {p.name: p.read_text(encoding="utf-8-sig") for p in (root / "ws.duckdb.loads").iterdir()}
    return {"bundles": bundles, "logs": logs | {"audit log": audit}, "informants": informants, "personal": personal}


TOKEN = re.compile(r"[0-9A-Za-z]+")


def _shown(values: set[str], texts: dict[str, str]) -> dict[str, list[str]]:
    """Which values each text shows: a value of letters and digits only when it is a whole token there
    (so as a maximal run of letters and digits), any other value wherever it occurs."""
    tokens = {v for v in values if TOKEN.fullmatch(v)}
    others = values - tokens
    found: dict[str, list[str]] = {}
    for name, text in texts.items():
        for value in (tokens & set(TOKEN.findall(text))) | {v for v in others if v in text}:
            found.setdefault(value, []).append(name)
    return found


def test_the_data_has_what_the_suite_looks_for(exported):
    assert len(exported["informants"]) >= 4 and len(exported["personal"]["persons"]) >= 1000
    assert exported["personal"]["doctors"] and exported["personal"]["legal_reps"]
    assert sum(len(b) for b in exported["bundles"].values()) >= 9


@pytest.mark.parametrize("profile", PROFILES)
def test_no_informant_field_in_any_bundle(exported, profile):
    for bundle in exported["bundles"][profile]:
        leaks = _shown(exported["informants"], bundle_texts(read_bundle(bundle)))
        assert not leaks, f"{bundle.name}: {leaks}"


def test_no_informant_field_in_rejects_reports_or_the_audit_log(exported):
    logs = exported["logs"]
    assert any(name.endswith("rejects.csv") for name in logs) and any(name.endswith("report.json") for name in logs)
    rejected_leads = [r for name, text in logs.items() if name.endswith("rejects.csv")
                      for r in csv.DictReader(io.StringIO(text)) if r["file"].startswith("report_lead")]
    assert not _shown(exported["informants"], logs), rejected_leads
    assert len(rejected_leads) == 3  # the damaged tip-offs are there, without their informants


@pytest.mark.parametrize("profile", MASKED)
def test_masked_bundles_show_no_full_id_phone_or_bank_account(exported, profile):
    for bundle in exported["bundles"][profile]:
        leaks = _shown(_masked_by(profile, exported["personal"]), bundle_texts(read_bundle(bundle)))
        assert not leaks, f"{bundle.name}: {dict(list(leaks.items())[:5])}"
