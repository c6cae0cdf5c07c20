"""`case export` and `keys init` from the command line, including every refused input: one line,
exit code 2, and nothing half-written left behind."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphfraud.cli import main


def run(*args: str, env: dict[str, str] | None = None) -> object:
    return CliRunner().invoke(main, list(args), env=env)


def export_args(workspace: Path, key_dir: Path, out: Path, *extra: str) -> list[str]:
    return ["case", "export", "R-0001", "--out", str(out), "--workspace", str(workspace), "--key-dir", str(key_dir),
            *extra]


def assert_one_line_error(result: object, text: str, folder: Path) -> None:
    assert result.exit_code == 2, result.output
    assert result.output.startswith("Error: ") and result.output.strip().count("\n") == 0, result.output
    assert text in result.output
    assert not [p for p in folder.iterdir() if ".partial-" in p.name]


def test_export_json_then_verify(synthetic_case, key_dir: Path, tmp_path: Path) -> None:
    _, workspace = synthetic_case
    out = tmp_path / "R-0001.zip"
    result = run(*export_args(workspace, key_dir, out, "--profile", "internal", "--json"))
    assert result.exit_code == 0, result.output
    info = json.loads(result.output)
    assert info["bundle"] == str(out) and info["fund_pay_sumamt"] == 31500.0 and info["acct_pay"] == 8750.0
    assert run("case", "verify", str(out)).exit_code == 0


def test_unknown_ring(synthetic_case, key_dir: Path, tmp_path: Path) -> None:
    _, workspace = synthetic_case
    result = run(*export_args(workspace, key_dir, tmp_path / "x.zip")[:2], "R-9999",
                 *export_args(workspace, key_dir, tmp_path / "x.zip")[3:])
    assert_one_line_error(result, "no ring 'R-9999'", tmp_path)
    assert not (tmp_path / "x.zip").exists()


def test_existing_output_needs_force(synthetic_case, key_dir: Path, tmp_path: Path) -> None:
    _, workspace = synthetic_case
    out = tmp_path / "bundle"
    out.mkdir()
    (out / "keep.txt").write_text("someone's work", encoding="utf-8")
    assert_one_line_error(run(*export_args(workspace, key_dir, out)), "already exists", tmp_path)
    assert (out / "keep.txt").exists()
    assert run(*export_args(workspace, key_dir, out, "--force")).exit_code == 0
    assert not (out / "keep.txt").exists() and (out / "manifest-sha256.txt").exists()


@pytest.mark.parametrize("where", ["missing_parent", "parent_is_file"])
def test_unwritable_path(synthetic_case, key_dir: Path, tmp_path: Path, where: str) -> None:
    _, workspace = synthetic_case
    (tmp_path / "a_file").write_text("x")
    out = tmp_path / ("no/such/dir/b.zip" if where == "missing_parent" else "a_file/b.zip")
    assert_one_line_error(run(*export_args(workspace, key_dir, out)), "cannot write to", tmp_path)


def test_missing_key(synthetic_case, tmp_path: Path) -> None:
    _, workspace = synthetic_case
    (tmp_path / "empty").mkdir()
    result = run(*export_args(workspace, tmp_path / "empty", tmp_path / "b.zip"))
    assert_one_line_error(result, "graphfraud keys init", tmp_path)


def test_output_inside_key_folder_is_refused(synthetic_case, key_dir: Path, tmp_path: Path) -> None:
    _, workspace = synthetic_case
    result = run(*export_args(workspace, key_dir, key_dir / "bundle.zip"))
    assert result.exit_code == 2 and "signing-key folder" in result.output
    assert not (key_dir / "bundle.zip").exists()


def test_graphistry_without_server_says_what_to_set(synthetic_case, key_dir: Path, tmp_path: Path) -> None:
    _, workspace = synthetic_case
    result = run(*export_args(workspace, key_dir, tmp_path / "g.zip", "--graphistry"), env={"GRAPHISTRY_SERVER": ""})
    assert_one_line_error(result, "GRAPHISTRY_SERVER", tmp_path)
    assert not (tmp_path / "g.zip").exists()


def test_keys_init_creates_a_private_key_only_its_owner_reads_and_refuses_to_overwrite(tmp_path: Path) -> None:
    from graphfraud.keys import PRIVATE_NAME

    folder = tmp_path / "keys"
    first = run("keys", "init", "--key-dir", str(folder), "--json")
    assert first.exit_code == 0
    assert (folder / PRIVATE_NAME).stat().st_mode & 0o077 == 0
    before = (folder / PRIVATE_NAME).read_bytes()
    again = run("keys", "init", "--key-dir", str(folder))
    assert_one_line_error(again, "already exists", tmp_path)
    assert (folder / PRIVATE_NAME).read_bytes() == before
    assert run("keys", "init", "--key-dir", str(folder), "--force").exit_code == 0
    assert (folder / PRIVATE_NAME).read_bytes() != before


def test_key_dir_setting_is_used(tmp_path: Path) -> None:
    result = run("keys", "init", "--json", env={"GRAPHFRAUD_KEY_DIR": str(tmp_path / "from_env")})
    assert result.exit_code == 0 and json.loads(result.output)["private_key"].startswith(str(tmp_path / "from_env"))
