"""Bundles of rings found by the real detection on generated data: every file of every profile is
free of the informant data in the raw report_lead files, masked profiles of the members' raw
identifiers, and every bundle verifies."""
from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from tests.case.case_synthetic import bundle_texts
from graphfraud.case import export_case, read_bundle, verify_files


def informants(data_dir: Path) -> set[str]:
    """informant_name and informant_tel values of every raw report_lead file, whatever its format."""
    values: set[str] = set()
    for path in sorted(data_dir.glob("report_lead*")):
        if path.suffix == ".parquet":
            frame = pd.read_parquet(path)
        elif path.suffix == ".xlsx":
            frame = pd.read_excel(path, dtype=str)
        else:
            raw = path.read_bytes()
            text = raw.decode("utf-8-sig") if raw[:3] == b"\xef\xbb\xbf" else _decode(raw)
            frame = pd.DataFrame(list(csv.DictReader(io.StringIO(text), delimiter="\t" if "\t" in text[:200] else ",")))
        for column in frame.columns:
            if str(column).strip().lower() in ("informant_name", "informant_tel"):
                values |= {str(v).strip() for v in frame[column].dropna() if str(v).strip()}
    return values


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("gb18030")


@pytest.fixture(scope="module")
def detected(small_workspace: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from graphfraud.rings.pipeline import detect_rings
    from graphfraud.store.embedded import EmbeddedStore

    workspace = tmp_path_factory.mktemp("detected") / "ws.duckdb"
    shutil.copy(small_workspace, workspace)
    with EmbeddedStore(workspace) as store:
        detect_rings(store)
    return workspace


def test_bundles_of_detected_rings(detected: Path, small_data: Path, key_dir: Path, tmp_path: Path) -> None:
    from graphfraud.keys import load_signing_key
    from graphfraud.store.embedded import EmbeddedStore

    secrets = informants(small_data)
    assert len(secrets) >= 4, "the generated data should carry informant names and phones"
    key = load_signing_key(key_dir)
    with EmbeddedStore(detected, read_only=True) as store:
        rings = store.get_results("rings").sort_values("rank")
        assert len(rings) >= 3
        members = store.get_results("ring_members")
        persons = store.table("psn_info")
        for ring in rings.head(3).itertuples():
            keys = set(members[(members.ring_id == ring.ring_id) & (members.label == "Person")].key)
            raw = _identities(persons[persons.psn_no.isin(keys)])
            for profile in ("police", "internal", "public"):
                out = tmp_path / f"{ring.ring_id}-{profile}"
                export_case(store, ring.ring_id, out, key, profile)
                files = read_bundle(out)
                assert verify_files(files).ok
                texts = bundle_texts(files)
                named = {n for n in persons[persons.psn_no.isin(keys)].psn_name.dropna()} if profile == "police" else set()
                for secret in secrets - named:  # a member may share a common name with some informant
                    assert not [p for p, t in texts.items() if secret in t], (ring.ring_id, profile, secret)
                if profile != "police":
                    for value in raw:
                        assert not [p for p, t in texts.items() if value in t], (ring.ring_id, profile, value)


def _identities(people: pd.DataFrame) -> set[str]:
    values: set[Any] = set()
    for column in ("psn_no", "certno", "tel", "psn_name", "addr"):
        values |= {str(v) for v in people[column].dropna() if len(str(v)) >= 2}
    values |= {str(v)[6:14] for v in people.certno.dropna() if len(str(v)) == 18 and str(v)[6:14].isdigit()}
    return values
