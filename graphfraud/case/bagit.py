"""BagIt (RFC 8493) packaging, SHA-256 manifests and the detached Ed25519 signature; and the check
that anyone who receives a bundle can run.

Layout: ``bagit.txt``, ``bag-info.txt``, ``manifest-sha256.txt`` (every payload file under data/),
``graphfraud-signing-key.pub.pem``, ``tagmanifest-sha256.txt`` (every tag file above) and
``tagmanifest-sha256.txt.sig``: the signature over the tag manifest, which pins everything else.
A bundle is a directory or a zip of one (fixed times, sorted entries, one top folder).

``verify_bundle`` checks one as it lies on disk: payload files are hashed as streams (a 300 MB
entry costs a 1 MB buffer, not 300 MB), an entry that cannot be inflated is reported rather than
raised, and a symbolic link anywhere in a directory bundle fails it: a bundle must hold its files,
and a link can point at anything, also after the check.
"""
from __future__ import annotations

import hashlib
import os
import stat
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Callable, Iterator

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from graphfraud.case.ziputil import deterministic_zip
from graphfraud.errors import InputError
from graphfraud.keys import SigningKey, fingerprint, load_public_key

BAGIT_TXT = b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
PUBLIC_KEY = "graphfraud-signing-key.pub.pem"
SIGNATURE = "tagmanifest-sha256.txt.sig"
TAG_FILES = ("bagit.txt", "bag-info.txt", "manifest-sha256.txt", PUBLIC_KEY)
READ_IN_FULL = (*TAG_FILES, "tagmanifest-sha256.txt", SIGNATURE)
TAG_LIMIT = 64 << 20  # a manifest larger than this is no bundle of ours
CHUNK = 1 << 20


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _manifest(files: dict[str, bytes]) -> bytes:
    return "".join(f"{_sha(files[name])}  {name}\n" for name in sorted(files)).encode("utf-8")


def make_bag(root: Path, info: dict[str, str], key: SigningKey) -> None:
    """Write the tag files and the signature for the payload already under ``root/data``."""
    payload = {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "data").rglob("*")) if p.is_file()}
    info = {**info, "Payload-Oxum": f"{sum(len(v) for v in payload.values())}.{len(payload)}"}
    tags = {"bagit.txt": BAGIT_TXT,
            "bag-info.txt": "".join(f"{k}: {v}\n" for k, v in info.items()).encode("utf-8"),
            "manifest-sha256.txt": _manifest(payload), PUBLIC_KEY: key.public_pem()}
    for name, data in tags.items():
        (root / name).write_bytes(data)
    tagmanifest = _manifest(tags)
    (root / "tagmanifest-sha256.txt").write_bytes(tagmanifest)
    (root / SIGNATURE).write_bytes(key.private.sign(tagmanifest).hex().encode() + b"\n")


def zip_bag(root: Path, target: Path, top: str) -> None:
    entries = [(f"{top}/{p.relative_to(root).as_posix()}", p.read_bytes())
               for p in sorted(root.rglob("*")) if p.is_file()]
    target.write_bytes(deterministic_zip(sorted(entries)))


def bundle_digests(path: Path) -> dict[str, str]:
    """What pins a written bundle, for the audit entry of its export: the SHA-256 of the zip file (a
    zip bundle) and of the signed tag manifest (both kinds; it pins every other file)."""
    if path.is_dir():
        return {"tagmanifest_sha256": _file_sha(path / "tagmanifest-sha256.txt")}
    with zipfile.ZipFile(path) as archive:
        name = next(n for n in archive.namelist() if n.endswith("/tagmanifest-sha256.txt") or n == "tagmanifest-sha256.txt")
        tagmanifest = _sha(archive.read(name))
    return {"bundle_sha256": _file_sha(path), "tagmanifest_sha256": tagmanifest}


def _file_sha(path: Path) -> str:
    with path.open("rb") as stream:
        return _stream(stream, keep=False)[0]


def read_bundle(path: Path) -> dict[str, bytes]:
    """Every file of a bundle directory or zip, by its path inside the bag."""
    if path.is_dir():
        return {p.relative_to(path).as_posix(): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}
    with zipfile.ZipFile(path) as archive:
        names = [n for n in archive.namelist() if not n.endswith("/")]
        tops = {n.split("/", 1)[0] for n in names}
        strip = len(next(iter(tops))) + 1 if len(tops) == 1 and all("/" in n for n in names) else 0
        return {n[strip:]: archive.read(n) for n in names}


@dataclass
class Verification:
    changed: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    signature: str = "missing"  # valid | invalid | missing
    fingerprint: str = ""
    key_source: str = "bundled"
    files: int = 0

    @property
    def ok(self) -> bool:
        return not (self.changed or self.missing or self.extra or self.problems) and self.signature == "valid"

    def to_dict(self) -> dict[str, object]:
        return {"ok": self.ok, "signature": self.signature, "fingerprint": self.fingerprint,
                "key_source": self.key_source, "files": self.files, "changed": self.changed,
                "missing": self.missing, "extra": self.extra, "problems": self.problems}


def _parse_manifest(data: bytes, name: str, result: Verification) -> dict[str, str]:
    entries = {}
    for number, line in enumerate(data.decode("utf-8", "replace").splitlines(), start=1):
        digest, _, path = line.partition("  ")
        if len(digest) != 64 or not path:
            result.problems.append(f"{name} line {number} is not '<sha256>  <path>'")
            continue
        entries[path] = digest
    return entries


def verify_files(files: dict[str, bytes], public_key: Ed25519PublicKey | None = None) -> Verification:
    """Check manifests, payload and signature of a bundle read into memory (see verify_bundle)."""
    return _verify({name: _sha(data) for name, data in files.items()},
                   {name: files[name] for name in READ_IN_FULL if name in files}, public_key)


def verify_bundle(path: Path, public_key: Ed25519PublicKey | None = None) -> Verification:
    """Check a bundle directory or zip on disk, streaming every payload file through SHA-256.

    InputError (one line) when ``path`` is no directory and no readable zip.
    """
    digests: dict[str, str] = {}
    tags: dict[str, bytes] = {}
    problems: list[str] = []
    try:
        for name, opened in (_directory_entries(path, problems) if path.is_dir() else _zip_entries(path, problems)):
            try:
                with opened() as stream:
                    digest, head = _stream(stream, keep=name in READ_IN_FULL)
            except (zlib.error, zipfile.BadZipFile, EOFError, OSError, NotImplementedError) as exc:
                problems.append(f"{name} cannot be read ({_first_line(exc)}): the bundle is damaged")
                digests[name] = "unreadable"
                continue
            digests[name] = digest
            if head is not None:
                tags[name] = head
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise InputError(f"{path} cannot be read as a bundle: {_first_line(exc)}",
                         "ask the sender for a new copy") from exc
    result = _verify(digests, tags, public_key)
    result.problems = problems + result.problems
    return result


def _first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0][:200]


def _stream(stream: BinaryIO, keep: bool) -> tuple[str, bytes | None]:
    sha, kept = hashlib.sha256(), bytearray() if keep else None
    while chunk := stream.read(CHUNK):
        sha.update(chunk)
        if kept is not None and len(kept) <= TAG_LIMIT:
            kept += chunk
    return sha.hexdigest(), bytes(kept) if kept is not None else None


Entry = tuple[str, Callable[[], BinaryIO]]


def _directory_entries(root: Path, problems: list[str]) -> Iterator[Entry]:
    """Files under ``root`` without following links; every link is a problem."""
    for folder, dirs, names in os.walk(root, followlinks=False):
        here = Path(folder)
        for name in sorted(dirs + names):
            path = here / name
            relative = path.relative_to(root).as_posix()
            if path.is_symlink():
                problems.append(f"{relative} is a symbolic link (to {os.readlink(path)}): a bundle holds its files")
            elif name in names and path.is_file():
                yield relative, lambda p=path: p.open("rb")  # type: ignore[misc]
        dirs[:] = sorted(d for d in dirs if not (here / d).is_symlink())


def _zip_entries(path: Path, problems: list[str]) -> Iterator[Entry]:
    with zipfile.ZipFile(path) as archive:
        infos = [i for i in archive.infolist() if not i.is_dir()]
        tops = {i.filename.split("/", 1)[0] for i in infos}
        strip = len(next(iter(tops))) + 1 if len(tops) == 1 and all("/" in i.filename for i in infos) else 0
        for info in infos:
            name = info.filename[strip:]
            if stat.S_ISLNK(info.external_attr >> 16):
                problems.append(f"{name} is a symbolic link in the zip: a bundle holds its files")
                continue
            yield name, lambda i=info: archive.open(i)  # type: ignore[misc]


def _verify(digests: dict[str, str], tags: dict[str, bytes], public_key: Ed25519PublicKey | None) -> Verification:
    result = Verification(files=len(digests))
    for required in ("bagit.txt", "manifest-sha256.txt", "tagmanifest-sha256.txt"):
        if required not in digests:
            result.missing.append(required)
    listed = _parse_manifest(tags.get("manifest-sha256.txt", b""), "manifest-sha256.txt", result)
    listed.update(_parse_manifest(tags.get("tagmanifest-sha256.txt", b""), "tagmanifest-sha256.txt", result))
    for path, digest in sorted(listed.items()):
        if path not in digests:
            result.missing.append(path)
        elif digests[path] != digest:
            result.changed.append(path)
    known = set(listed) | {"tagmanifest-sha256.txt", SIGNATURE}
    result.extra = sorted(p for p in digests if p not in known)
    _check_signature(tags, public_key, result)
    return result


def _check_signature(files: dict[str, bytes], public_key: Ed25519PublicKey | None, result: Verification) -> None:
    if SIGNATURE not in files or "tagmanifest-sha256.txt" not in files:
        result.missing.extend(sorted({SIGNATURE} - set(files)))
        return
    if public_key is None:
        if PUBLIC_KEY not in files:
            result.problems.append("no public key in the bundle; give the sender's with --public-key")
            return
        public_key = load_public_key(files[PUBLIC_KEY], PUBLIC_KEY)
    else:
        result.key_source = "given"
    result.fingerprint = fingerprint(public_key)
    try:
        public_key.verify(bytes.fromhex(files[SIGNATURE].decode().strip()), files["tagmanifest-sha256.txt"])
        result.signature = "valid"
    except (InvalidSignature, ValueError):
        result.signature = "invalid"
