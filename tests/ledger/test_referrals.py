"""leads refer / receipt: a confirmed lead referred to several receivers, each with its own signed
bundle and its own line in the ledger."""
from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

from graphfraud.keys import init_keys
from tests.helpers import run_cli


def test_one_case_to_several_agencies(detected: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    ws = tmp_path / "ws.duckdb"
    shutil.copy(detected[0], ws)
    keys = tmp_path / "keys"
    init_keys(keys)
    w = ["--workspace", ws]
    lead = json.loads(run_cli("leads", "list", *w, "--json").stdout)["leads"][0]["lead_id"]
    out = tmp_path / "referrals"
    early = run_cli("leads", "refer", lead, "--to", "police", "--out", out, "--key-dir", keys, *w)
    assert early.exit_code == 2 and "only a confirmed lead" in early.output
    run_cli("leads", "assign", lead, "--to", "王五", *w)
    run_cli("leads", "status", lead, "investigating", *w)
    assert run_cli("leads", "status", lead, "confirmed", "--note", "查实", *w).exit_code == 0

    result = run_cli("leads", "refer", lead, "--to", "police", "--to", "health", "--to", "drug", "--out", out,
                     "--note", "医保移〔2026〕3号", "--key-dir", keys, *w, "--json")
    assert result.exit_code == 0, result.output
    lines = {r["agency"]: r for r in json.loads(result.stdout)["referrals"]}
    assert set(lines) == {"police", "health", "drug"} and {r["state"] for r in lines.values()} == {"sent"}
    for agency, line in lines.items():
        bundle = out / line["bundle"]
        assert hashlib.sha256(bundle.read_bytes()).hexdigest() == line["sha256"]
        assert run_cli("case", "verify", bundle).exit_code == 0
    shown = json.loads(run_cli("leads", "show", lead, *w, "--json").stdout)
    assert shown["lead"]["status"] == "referred" and "公安机关" in shown["lead"]["referral"]

    again = run_cli("leads", "refer", lead, "--to", "police", "--out", out, "--key-dir", keys, "--force", *w)
    assert again.exit_code == 2 and "already referred to police" in again.output
    assert run_cli("leads", "receipt", lead, "--agency", "police", "--note", "回执001", *w).exit_code == 0
    assert run_cli("leads", "receipt", lead, "--agency", "health", "--state", "replied", "--note", "已约谈", *w).exit_code == 0
    backwards = run_cli("leads", "receipt", lead, "--agency", "health", "--state", "received", *w)
    assert backwards.exit_code == 2 and "cannot become received" in backwards.output
    never = run_cli("leads", "receipt", lead, "--agency", "market", *w)
    assert never.exit_code == 2 and "never referred to market" in never.output
    states = {r["agency"]: r["state"] for r in json.loads(run_cli("leads", "show", lead, *w, "--json").stdout)["referrals"]}
    assert states == {"police": "received", "health": "replied", "drug": "sent"}
    text = run_cli("leads", "show", lead, *w).output
    assert "卫生健康部门" in text and "replied" in text
