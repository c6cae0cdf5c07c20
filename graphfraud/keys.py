"""The Ed25519 key that signs case bundles: created once by ``graphfraud keys init``, kept outside
the workspace (default ``~/.config/graphfraud/keys/``, setting GRAPHFRAUD_KEY_DIR).

The private key never enters a bundle; the public key does, so that anyone can check a signature,
and its fingerprint is printed so that the receiver can compare it with the sender's.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from graphfraud import settings
from graphfraud.errors import InputError, IntegrityError

PRIVATE_NAME = "bundle-signing.ed25519.pem"
PUBLIC_NAME = "bundle-signing.ed25519.pub.pem"


@dataclass
class SigningKey:
    private: Ed25519PrivateKey
    path: Path

    @property
    def public(self) -> Ed25519PublicKey:
        return self.private.public_key()

    def public_pem(self) -> bytes:
        return public_pem(self.public)

    def secret(self, purpose: str) -> bytes:
        """A secret derived for one purpose (case pseudonym keys): never the signing key itself."""
        raw = self.private.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                         serialization.NoEncryption())
        return hashlib.sha256(b"graphfraud:" + purpose.encode() + b":" + raw).digest()


def key_dir(override: Path | None = None) -> Path:
    return Path(override or os.path.expanduser(settings.get("key_dir")))


def public_pem(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def fingerprint(key: Ed25519PublicKey) -> str:
    """SHA-256 of the raw public key, grouped for reading aloud over the phone."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    digest = hashlib.sha256(raw).hexdigest()[:32].upper()
    return " ".join(digest[i:i + 4] for i in range(0, 32, 4))


def init_keys(folder: Path | None = None, force: bool = False) -> SigningKey:
    """Create the signing key pair; refuses to overwrite an existing key unless ``force``."""
    folder = key_dir(folder)
    private_path = folder / PRIVATE_NAME
    if private_path.exists() and not force:
        raise InputError(f"a signing key already exists at {private_path}",
                         "keep it (bundles signed with it stay checkable), or pass --force to replace it")
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
        _write_private(private_path, pem)
        (folder / PUBLIC_NAME).write_bytes(public_pem(key.public_key()))
    except OSError as exc:
        raise InputError(f"cannot write the signing key to {folder}: {exc.strerror}",
                         "choose a writable folder with --key-dir or GRAPHFRAUD_KEY_DIR") from exc
    return SigningKey(key, private_path)


def _write_private(path: Path, pem: bytes) -> None:
    """A new file created 0600 and renamed over the old key: opening the old file would keep its
    mode (a key loosened to 0644 by a copy stayed readable by everyone after --force)."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    partial.unlink(missing_ok=True)
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(pem)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(partial, 0o600)  # whatever the umask
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def load_signing_key(folder: Path | None = None) -> SigningKey:
    path = key_dir(folder) / PRIVATE_NAME
    if not path.exists():
        raise InputError(f"no signing key at {path}", "create one first: graphfraud keys init")
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (ValueError, OSError) as exc:
        raise IntegrityError(f"the signing key at {path} cannot be read", "restore it from your backup, "
                             "or create a new one with graphfraud keys init --force") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise IntegrityError(f"{path} is not an Ed25519 key", "create one with graphfraud keys init --force")
    return SigningKey(key, path)


def load_public_key(data: bytes, source: str) -> Ed25519PublicKey:
    try:
        key = serialization.load_pem_public_key(data)
    except ValueError as exc:
        raise IntegrityError(f"{source} is not a PEM public key", "ask the sender for their public key file") from exc
    if not isinstance(key, Ed25519PublicKey):
        raise IntegrityError(f"{source} is not an Ed25519 public key", "ask the sender for their public key file")
    return key
