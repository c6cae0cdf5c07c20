"""`case verify` against bundles damaged on purpose: a symlinked subfolder, a corrupt deflated entry,
a symlink entry in a zip, a large entry; and keys init --force over a key with loose permissions
(issue 12 items 5, 9)."""
from __future__ import annotations

import os
import shutil
import stat
import tracemalloc
import zipfile
from pathlib import Path

from click.testing import CliRunner

from graphfraud.case import verify_bundle
from graphfraud.cli import main


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_a_symlinked_subfolder_fails_verification(bundles: dict[str, Path], tmp_path: Path) -> None:
    copy = tmp_path / "bundle"
    shutil.copytree(bundles["police"], copy)
    elsewhere = tmp_path / "elsewhere"
    shutil.move(str(copy / "data" / "graph"), elsewhere)  # the same files, now reached through a link
    (copy / "data" / "graph").symlink_to(elsewhere, target_is_directory=True)
    result = verify_bundle(copy)
    assert not result.ok and any("data/graph is a symbolic link" in p for p in result.problems)
    assert result.missing == sorted(f"data/graph/{p.name}" for p in elsewhere.iterdir())
    cli = run("case", "verify", copy)
    assert cli.exit_code != 0 and "symbolic link" in cli.output and "FAILED" in cli.output


def test_a_symlinked_file_fails_verification(bundles: dict[str, Path], tmp_path: Path) -> None:
    copy = tmp_path / "bundle"
    shutil.copytree(bundles["police"], copy)
    target = copy / "data" / "graph" / "ring.anx"
    moved = tmp_path / "ring.anx"
    shutil.move(str(target), moved)
    target.symlink_to(moved)
    result = verify_bundle(copy)
    assert not result.ok and any("data/graph/ring.anx is a symbolic link" in p for p in result.problems)


def _corrupt_entry(source: Path, target: Path, suffix: str) -> str:
    """A copy of the zip with bytes in the middle of one deflated entry's data flipped."""
    data = bytearray(source.read_bytes())
    with zipfile.ZipFile(source) as archive:
        info = next(i for i in archive.infolist() if i.filename.endswith(suffix))
    assert info.compress_type == zipfile.ZIP_DEFLATED
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for at in range(start + info.compress_size // 3, start + info.compress_size // 3 + 16):
        data[at] ^= 0xA5
    target.write_bytes(bytes(data))
    return info.filename.split("/", 1)[1]


def test_a_corrupt_deflated_entry_is_reported_not_raised(bundles: dict[str, Path], tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.zip"
    name = _corrupt_entry(bundles["zip"], damaged, "tables/fee_lines.csv")
    result = verify_bundle(damaged)
    assert not result.ok and any(p.startswith(f"{name} cannot be read") for p in result.problems)
    cli = run("case", "verify", damaged)
    assert cli.exit_code != 0 and "Traceback" not in cli.output and "cannot be read" in cli.output


def test_a_symlink_entry_in_a_zip_fails(bundles: dict[str, Path], tmp_path: Path) -> None:
    linked = tmp_path / "linked.zip"
    with zipfile.ZipFile(bundles["zip"]) as source, zipfile.ZipFile(linked, "w") as out:
        for info in source.infolist():
            out.writestr(info, source.read(info.filename))
        link = zipfile.ZipInfo(info.filename.split("/", 1)[0] + "/data/passwd")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        out.writestr(link, "/etc/passwd")
    result = verify_bundle(linked)
    assert not result.ok and any("data/passwd is a symbolic link" in p for p in result.problems)


def test_keys_init_force_leaves_the_new_private_key_private(tmp_path: Path) -> None:
    from graphfraud.keys import PRIVATE_NAME, init_keys

    first = init_keys(tmp_path / "keys")
    os.chmod(first.path, 0o644)  # loosened by a copy, a backup restore or a careless chmod
    old = first.path.read_bytes()
    result = run("keys", "init", "--key-dir", tmp_path / "keys", "--force")
    assert result.exit_code == 0, result.output
    private = tmp_path / "keys" / PRIVATE_NAME
    assert private.read_bytes() != old
    assert stat.S_IMODE(private.stat().st_mode) == 0o600


def test_a_large_entry_is_hashed_as_a_stream(bundles: dict[str, Path], tmp_path: Path) -> None:
    """A 64 MB entry (a few KB deflated) added to a zip bundle: verification hashes it in 1 MB pieces,
    so Python's allocations peak far below its size (main read every entry whole: 300 MB -> 800 MB RSS)."""
    padded = tmp_path / "padded.zip"
    shutil.copy(bundles["zip"], padded)
    with zipfile.ZipFile(padded, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        top = archive.namelist()[0].split("/", 1)[0]
        with archive.open(f"{top}/data/padding.bin", "w", force_zip64=True) as entry:
            for _ in range(64):
                entry.write(bytes(1 << 20))
    tracemalloc.start()
    try:
        result = run("case", "verify", padded)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.exit_code != 0 and "data/padding.bin" in result.output, result.output  # an extra file
    assert peak < 16 << 20, f"verification allocated {peak >> 20} MB for a 64 MB entry"
