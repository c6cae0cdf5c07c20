"""BagIt (RFC 8493) packaging, SHA-256 manifests and the detached Ed25519 signature; and the check
that anyone who receives a bundle can run.

Layout: ``bagit.txt``, ``bag-info.txt``, ``manifest-sha256.txt`` (every payload file under data/),
``graphfraud-signing-key.pub.pem``, ``tagmanifest-sha256.txt`` (every tag file above) and
``tagmanifest-sha256.txt.sig``: the signature over the tag manifest, which pins everything else.
A bundle is a directory or a zip of one (fixed times, sorted entries, one top folder).
"""
from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from graphfraud.case.ziputil import deterministic_zip
from graphfraud.keys import SigningKey, fingerprint, load_public_key

BAGIT_TXT = b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
PUBLIC_KEY = "graphfraud-signing-key.pub.pem"
SIGNATURE = "tagmanifest-sha256.txt.sig"
TAG_FILES = ("bagit.txt", "bag-info.txt", "manifest-sha256.txt", PUBLIC_KEY)


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
    """Check manifests, payload and signature; list every changed, missing and extra file."""
    result = Verification(files=len(files))
    for required in ("bagit.txt", "manifest-sha256.txt", "tagmanifest-sha256.txt"):
        if required not in files:
            result.missing.append(required)
    listed = _parse_manifest(files.get("manifest-sha256.txt", b""), "manifest-sha256.txt", result)
    listed.update(_parse_manifest(files.get("tagmanifest-sha256.txt", b""), "tagmanifest-sha256.txt", result))
    for path, digest in sorted(listed.items()):
        if path not in files:
            result.missing.append(path)
        elif _sha(files[path]) != digest:
            result.changed.append(path)
    known = set(listed) | {"tagmanifest-sha256.txt", SIGNATURE}
    result.extra = sorted(p for p in files if p not in known)
    _check_signature(files, public_key, result)
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
