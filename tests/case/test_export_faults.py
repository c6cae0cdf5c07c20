"""`case export` on a disk that fills up: one line (exit 3) and nothing that reads as a bundle left
behind; and the audit entry of an export pins the bundle by its SHA-256 (issue 12 items 5, 9)."""
from __future__ import annotations

import errno
import hashlib
import json
from pathlib import Path

import pytest

from tests.case.test_case_cli import export_args, run


def _full(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device", "R-0001.zip")


def _assert_nothing_left(folder: Path, out: Path) -> None:
    assert not out.exists()
    assert not [p.name for p in folder.iterdir() if ".partial" in p.name], list(folder.iterdir())


def _one_line(result, code: int) -> str:
    """The error line; besides it only progress lines ("exporting: STEP") may have been printed."""
    assert result.exit_code == code, result.output
    lines = [line for line in result.output.strip().splitlines() if not line.startswith("exporting: ")]
    assert "Traceback" not in result.output and len(lines) == 1, result.output
    return lines[0]


@pytest.mark.parametrize("out_name", ["R-0001", "R-0001.zip"])
def test_full_disk_while_writing_the_payload(synthetic_case, key_dir: Path, tmp_path: Path, monkeypatch, out_name):
    from graphfraud.case import files as bundle_files

    calls = {"n": 0}
    add = bundle_files.BundleFiles.add

    def fills_up(self, path, data, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 6:
            (self.root / path).parent.mkdir(parents=True, exist_ok=True)
            (self.root / path).write_bytes(data[: len(data) // 2])
            _full()
        return add(self, path, data, *args, **kwargs)

    monkeypatch.setattr(bundle_files.BundleFiles, "add", fills_up)
    _, workspace = synthetic_case
    out = tmp_path / out_name
    line = _one_line(run(*export_args(workspace, key_dir, out)), 3)
    assert line.startswith("Error: no space left on the disk") and "free space" in line
    _assert_nothing_left(tmp_path, out)


def test_full_disk_while_writing_the_zip(synthetic_case, key_dir: Path, tmp_path: Path, monkeypatch):
    from graphfraud.case import bundle

    zip_bag = bundle.zip_bag

    def half_then_full(root, target, top):
        zip_bag(root, target, top)
        target.write_bytes(target.read_bytes()[:1000])
        _full()

    monkeypatch.setattr(bundle, "zip_bag", half_then_full)
    _, workspace = synthetic_case
    out = tmp_path / "R-0001.zip"
    _one_line(run(*export_args(workspace, key_dir, out)), 3)
    _assert_nothing_left(tmp_path, out)


@pytest.mark.parametrize("out_name", ["R-0001.zip", "R-0001"])
def test_the_export_audit_entry_pins_the_bundle(synthetic_case, key_dir: Path, tmp_path: Path, out_name):
    _, workspace = synthetic_case
    out = tmp_path / out_name
    assert run(*export_args(workspace, key_dir, out)).exit_code == 0
    shown = json.loads(run("audit", "show", "--command", "case export", "--workspace", str(workspace),
                           "--json").output)["entries"]
    result = shown[-1]["result"]
    assert result["bundle"] == str(out) and "R-0001" in shown[-1]["subjects"]
    if out.suffix == ".zip":
        assert result["bundle_sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    else:
        tagmanifest = (out / "tagmanifest-sha256.txt").read_bytes()
        assert result["tagmanifest_sha256"] == hashlib.sha256(tagmanifest).hexdigest()
