"""The README's demo command does the main job end to end: load, detect, show rings, export a bundle."""
from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from graphfraud.case.bagit import read_bundle, verify_files
from graphfraud.cli import main


def test_demo_loads_detects_shows_and_exports_a_verified_bundle(tmp_path: Path):
    folder = tmp_path / "demo"
    result = CliRunner().invoke(main, ["demo", "--dir", str(folder)])
    assert result.exit_code == 0, result.output
    assert "Top " in result.output and "R-000001" in result.output
    bundles = list(folder.glob("case-R-*.zip"))
    assert len(bundles) == 1
    assert verify_files(read_bundle(bundles[0])).ok
    again = CliRunner().invoke(main, ["demo", "--dir", str(folder)])  # a second run replaces the first
    assert again.exit_code == 0, again.output


def test_demo_refuses_a_folder_that_is_not_an_earlier_demo(tmp_path: Path):
    (tmp_path / "precious.txt").write_text("keep me", encoding="utf-8")
    result = CliRunner().invoke(main, ["demo", "--dir", str(tmp_path)])
    assert result.exit_code == 2
    assert (tmp_path / "precious.txt").exists()
