"""A bad GRAPHFRAUD_* value is one line naming the variable, never a traceback (issue 12 item 5)."""
from __future__ import annotations

from tests.helpers import run_cli


def test_a_bad_number_setting_is_one_line_naming_the_variable(tmp_path):
    result = run_cli("status", "--store", "neo4j", "--workspace", tmp_path / "w.duckdb",
                     env={"GRAPHFRAUD_NEO4J_BATCH_SIZE": "abc", "NEO4J_URI": "bolt://127.0.0.1:1"})
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.output.strip() == ("Error: GRAPHFRAUD_NEO4J_BATCH_SIZE='abc' is not a whole number "
                                     "(unset it, or give a whole number such as 10000)")


def test_settings_shows_the_bad_value_instead_of_failing():
    result = run_cli("settings", "--json", env={"GRAPHFRAUD_NEO4J_BATCH_SIZE": "abc"})
    assert result.exit_code == 0
    assert "invalid: GRAPHFRAUD_NEO4J_BATCH_SIZE='abc'" in result.output


def test_workspace_memory_caps_duckdb_and_a_bad_value_is_one_line(tmp_path, monkeypatch):
    from graphfraud.store.embedded import EmbeddedStore

    monkeypatch.setenv("GRAPHFRAUD_WORKSPACE_MEMORY", "1GB")
    with EmbeddedStore(tmp_path / "w.duckdb") as store:
        limit = store.con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    assert limit.endswith("MiB") and 900 <= float(limit.split()[0]) <= 1000, limit  # 1 GB = 953.6 MiB
    result = run_cli("status", "--workspace", tmp_path / "w.duckdb", env={"GRAPHFRAUD_WORKSPACE_MEMORY": "lots"})
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "GRAPHFRAUD_WORKSPACE_MEMORY='lots' is not an amount of memory" in result.output
