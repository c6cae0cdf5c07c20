"""`case verify`: a bundle as exported passes; any changed, missing or extra file, or a signature by
another key, fails with the file named and a non-zero exit."""
from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphfraud.case import read_bundle, verify_files
from graphfraud.cli import main


def run(*args: str) -> object:
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def copy(bundles: dict[str, Path], tmp_path: Path) -> Path:
    target = tmp_path / "bundle"
    shutil.copytree(bundles["police"], target)
    return target


@pytest.mark.parametrize("name", ["police", "internal", "public", "en", "zip"])
def test_exported_bundles_verify(bundles: dict[str, Path], name: str) -> None:
    result = verify_files(read_bundle(bundles[name]))
    assert result.ok, result.to_dict()
    assert result.signature == "valid" and result.files >= 30


def test_cli_verify_ok(bundles: dict[str, Path]) -> None:
    result = run("case", "verify", str(bundles["zip"]))
    assert result.exit_code == 0 and "OK" in result.output


def test_single_byte_change_fails(copy: Path) -> None:
    target = copy / "data/tables/settlements.csv"
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0x01
    target.write_bytes(bytes(data))
    result = run("case", "verify", str(copy), "--json")
    assert result.exit_code == 1
    assert '"changed": [\n  "data/tables/settlements.csv"\n ]' in result.output


def test_deleted_file_fails(copy: Path) -> None:
    (copy / "data/graph/ring.anx").unlink()
    result = verify_files(read_bundle(copy))
    assert not result.ok and result.missing == ["data/graph/ring.anx"] and not result.changed
    assert run("case", "verify", str(copy)).exit_code == 1


def test_added_file_fails(copy: Path) -> None:
    (copy / "data/notes.txt").write_text("added later", encoding="utf-8")
    result = verify_files(read_bundle(copy))
    assert not result.ok and result.extra == ["data/notes.txt"]
    assert "data/notes.txt" in run("case", "verify", str(copy)).output


def test_rewritten_manifest_is_caught_by_the_signature(copy: Path) -> None:
    """A forger who changes a file and its manifest line still breaks the signed tag manifest."""
    import hashlib

    target = copy / "data/tables/members.csv"
    target.write_bytes(target.read_bytes() + b"x")
    manifest = copy / "manifest-sha256.txt"
    lines = [f"{hashlib.sha256(target.read_bytes()).hexdigest()}  data/tables/members.csv" if l.endswith("members.csv")
             else l for l in manifest.read_text().splitlines()]
    manifest.write_text("\n".join(lines) + "\n")
    tagmanifest = copy / "tagmanifest-sha256.txt"
    tag_lines = [f"{hashlib.sha256(manifest.read_bytes()).hexdigest()}  manifest-sha256.txt"
                 if l.endswith("  manifest-sha256.txt") else l for l in tagmanifest.read_text().splitlines()]
    tagmanifest.write_text("\n".join(tag_lines) + "\n")
    result = verify_files(read_bundle(copy))
    assert not result.changed and result.signature == "invalid" and not result.ok


def test_signature_by_another_key_fails(bundles: dict[str, Path], tmp_path: Path) -> None:
    from graphfraud.keys import PUBLIC_NAME, init_keys

    init_keys(tmp_path / "other")
    result = run("case", "verify", str(bundles["police"]), "--public-key", str(tmp_path / "other" / PUBLIC_NAME))
    assert result.exit_code == 1 and "signature: invalid" in result.output


def test_tampered_zip_fails(bundles: dict[str, Path], tmp_path: Path) -> None:
    target = tmp_path / "tampered.zip"
    with zipfile.ZipFile(bundles["zip"]) as source, zipfile.ZipFile(target, "w") as out:
        for info in source.infolist():
            data = source.read(info.filename)
            out.writestr(info, data.replace(b"2025", b"2026") if info.filename.endswith("referral.html") else data)
    result = verify_files(read_bundle(target))
    assert result.changed == ["data/documents/referral.html"]


def test_not_a_bundle_is_one_clear_line(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.zip"
    bogus.write_bytes(b"not a zip")
    result = run("case", "verify", str(bogus))
    assert result.exit_code == 2 and result.output.strip().count("\n") == 0 and "cannot be read" in result.output
