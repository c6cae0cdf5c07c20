"""The audit hook on the CLI: who ran what, with which outcome, and failures that never hide each other."""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys

import duckdb
from click.testing import CliRunner

from graphfraud.cli import main
from graphfraud.store.embedded import EmbeddedStore
from tests.ledger.rings_input import put_run


def _workspace(tmp_path):
    path = tmp_path / "ws.duckdb"
    with EmbeddedStore(path) as store:
        put_run(store, "run-0001", {"R-000001": ("new", ["Person:P01", "Person:P02"])})
        from graphfraud.ledger import open_run_leads
        open_run_leads(store, "run-0001", ("new",), "refresh")
    return path


def _entries(path):
    from graphfraud.audit import entries

    with EmbeddedStore(path) as store:
        return sorted(entries(store), key=lambda e: e["seq"])


def run(*args, env=None):
    return CliRunner().invoke(main, [str(a) for a in args], env=env)


def test_each_command_appends_who_what_and_a_digest_of_its_output(tmp_path):
    ws = _workspace(tmp_path)
    shown = run("--operator", "王五", "leads", "show", "L-000001", "--workspace", ws, "--json")
    assert shown.exit_code == 0
    run("leads", "assign", "L-000001", "--to", "赵六", "--workspace", ws, env={"GRAPHFRAUD_OPERATOR": "科长"})
    log = _entries(ws)
    assert [e["command"] for e in log] == ["leads show", "leads assign"]
    assert [e["operator"] for e in log] == ["王五", "科长"]
    assert log[0]["result_digest"] == "sha256:" + hashlib.sha256(shown.output.encode()).hexdigest()
    assert log[1]["params"]["assignee"] == "赵六" and "L-000001" in log[1]["subjects"] and "R-000001" in log[1]["subjects"]
    assert all(e["exit_code"] == 0 for e in log)


def test_a_failed_command_is_logged_with_its_exit_code_and_still_shows_its_error(tmp_path):
    ws = _workspace(tmp_path)
    result = run("leads", "status", "L-000001", "closed", "--workspace", ws)
    assert result.exit_code == 2 and "allowed from new: assigned" in result.output
    assert _entries(ws)[-1]["exit_code"] == 2


def test_audit_show_filters_and_verify_reports_tampering_with_exit_4(tmp_path):
    ws = _workspace(tmp_path)
    run("--operator", "王五", "leads", "assign", "L-000001", "--to", "王五", "--workspace", ws)
    run("--operator", "赵六", "leads", "list", "--workspace", ws)
    shown = json.loads(run("audit", "show", "--lead", "L-000001", "--workspace", ws, "--json").output)
    assert [e["command"] for e in shown] == ["leads assign"]
    by = json.loads(run("audit", "show", "--by", "赵六", "--workspace", ws, "--json").output)
    assert [e["command"] for e in by] == ["leads list"]
    ok = run("audit", "verify", "--workspace", ws, "--json")
    assert ok.exit_code == 0 and json.loads(ok.output)["ok"]
    con = duckdb.connect(str(ws))
    con.execute("UPDATE res_audit SET operator = '某人' WHERE seq = 1").fetchall()
    con.close()
    broken = run("audit", "verify", "--workspace", ws)
    assert broken.exit_code == 4 and "entry 1" in broken.output and "edited" in broken.output


def test_verify_with_a_head_written_down_earlier_catches_a_rewritten_log(tmp_path):
    ws = _workspace(tmp_path)
    run("leads", "list", "--workspace", ws)
    head = json.loads(run("audit", "verify", "--workspace", ws, "--json").output)["head"]
    assert run("audit", "verify", "--head", head, "--workspace", ws).exit_code == 0
    con = duckdb.connect(str(ws))
    con.execute("DELETE FROM res_audit").fetchall()
    con.execute("DELETE FROM res_audit_head").fetchall()
    con.close()
    assert run("audit", "verify", "--head", head, "--workspace", ws).exit_code == 4


def test_an_audit_write_failure_after_success_exits_5_with_a_warning(tmp_path):
    ws = _workspace(tmp_path)
    con = duckdb.connect(str(ws))
    con.execute("CREATE TABLE res_audit (seq BIGINT, time VARCHAR)").fetchall()  # a log that cannot take entries
    con.close()
    result = CliRunner().invoke(main, ["leads", "list", "--workspace", str(ws), "--json"])
    assert result.exit_code == 5 and "audit entry not written" in result.output
    assert json.loads(result.output.split("Warning")[0])[0]["lead_id"] == "L-000001"  # the command's own output


def test_an_audit_failure_never_hides_the_commands_own_error(tmp_path):
    """Another process holds the workspace: the command fails (exit 3) and so does its audit entry."""
    ws = _workspace(tmp_path)
    holder = subprocess.Popen([sys.executable, "-c", f"import duckdb,time; c=duckdb.connect({str(ws)!r}); "
                               "print('held', flush=True); time.sleep(30)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        result = run("leads", "list", "--workspace", ws)
    finally:
        holder.kill()
        holder.wait()
    assert result.exit_code == 3
    assert "Error: workspace" in result.output and "in use" in result.output
    assert "audit entry not written" in result.output


def test_commands_without_a_workspace_are_not_audited(tmp_path):
    ws = _workspace(tmp_path)
    before = len(_entries(ws))
    assert run("--help").exit_code == 0
    assert run("leads", "--help").exit_code == 0
    assert len(_entries(ws)) == before
