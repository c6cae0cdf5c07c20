"""One case, many agencies (一案多查): each receiver's bundle shows what its remit needs, checked by
searching every file (DOCX/XLSX XML too) for every identity of the synthetic case."""
from __future__ import annotations

from pathlib import Path

import pytest

from graphfraud.case import read_bundle
from tests.case.case_synthetic import EXPORT_TIME, bundle_texts
from tests.case.test_export import raw_identities

DOCTOR = {"doctor certno": "330106197503035678", "doctor code": "D330106000001", "doctor tel": "13700001234"}
LEGAL_REP = {"legal rep": "钱多多", "legal rep certno": "330106197001011234"}
# what each receiver sees in full, beside the institutions (every agency sees those)
SEES = {"discipline": DOCTOR | LEGAL_REP, "health": DOCTOR, "drug": {}, "market": LEGAL_REP}
RECIPIENT = {"discipline": "纪检监察机关", "health": "卫生健康行政部门", "drug": "药品监督管理部门", "market": "市场监督管理部门"}


@pytest.fixture(scope="module")
def agency_bundles(synthetic_case, key_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from graphfraud.case import export_case
    from graphfraud.keys import load_signing_key
    from graphfraud.store.embedded import EmbeddedStore

    synthetic, workspace = synthetic_case
    out = tmp_path_factory.mktemp("agencies")
    key = load_signing_key(key_dir)
    with EmbeddedStore(workspace, read_only=True) as store:
        for agency in SEES:
            export_case(store, synthetic.ring_id, out / agency, key, agency, "zh", export_time=EXPORT_TIME)
    return {agency: out / agency for agency in SEES}


@pytest.mark.parametrize("agency", list(SEES))
def test_each_agency_sees_its_remit_and_no_insured_person(agency_bundles: dict[str, Path], synthetic_case,
                                                          agency: str) -> None:
    synthetic, _ = synthetic_case
    texts = bundle_texts(read_bundle(agency_bundles[agency]))
    everything = "\n".join(texts.values())
    hidden = {k: v for k, v in raw_identities(synthetic).items() if k not in SEES[agency]}
    for label, value in hidden.items():
        leaks = [path for path, text in texts.items() if value in text]
        assert not leaks, f"{agency}: {label} ({value}) appears in {leaks}"
    for label, value in SEES[agency].items():
        assert value in everything, f"{agency} should see {label}"
    assert "P33010600001" in everything and "杭州康宁大药房" in everything
    referral = (agency_bundles[agency] / "data/documents/referral.html").read_text(encoding="utf-8")
    assert RECIPIENT[agency] in referral and "依职责核查处理" in referral


def test_drug_administration_gets_the_trace_codes(agency_bundles: dict[str, Path]) -> None:
    texts = bundle_texts(read_bundle(agency_bundles["drug"]))
    assert any("80000000000000000001" in t for t in texts.values())
