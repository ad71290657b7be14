"""Signed tree heads: the log's size and root hash at a moment, signed with Ed25519.

A signed tree head (RFC 9162 4.10, in JSON) is what an auditor keeps: with it and the log's public key,
an inclusion proof shows that one decision is in the log unchanged, and a consistency proof shows that a
later head extends it. The signature covers the canonical JSON of
``{"root_hash", "timestamp", "tree_size", "type": "commitrules-tree-head/v1"}``; the short verifier in
``examples/verify_proof.py`` rebuilds exactly these bytes.

Keys are PEM files: ``commitrules log keygen PATH`` writes the private key to ``PATH`` (mode 0600) and
the public key to ``PATH.pub``.
"""

from __future__ import annotations

import base64
import errno
import hashlib
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from commitrules.io.bounded import MAX_SMALL_FILE, read_at_most
from commitrules.service.log.records import canonical_json

__all__ = ["HEAD_TYPE", "KeyFileError", "SignedTreeHead", "Signer", "generate_key", "key_id", "load_public_key"]

HEAD_TYPE = "commitrules-tree-head/v1"


class KeyFileError(ValueError):
    """A key file is missing, unreadable or not an Ed25519 key in PEM."""


@dataclass(frozen=True, slots=True)
class SignedTreeHead:
    """The tree at one size: its root hash, when it was signed, and the signature.

    Attributes:
        tree_size: how many records the tree holds.
        root_hash: the root hash (hex).
        timestamp: when the head was issued, in Unix milliseconds.
        signature: the Ed25519 signature of :meth:`signed_bytes` (base64), or None when the log
            has no signing key.
        key_id: the SHA-256 of the public key (DER, hex), naming the key that signed.
    """

    tree_size: int
    root_hash: str
    timestamp: int
    signature: str | None
    key_id: str | None

    def signed_bytes(self) -> bytes:
        """The bytes the signature covers."""
        return signed_bytes(self.tree_size, self.root_hash, self.timestamp)

    def verify(self, public_key: Ed25519PublicKey) -> bool:
        """Whether the signature is valid for ``public_key``."""
        if self.signature is None:
            return False
        try:
            public_key.verify(base64.b64decode(self.signature), self.signed_bytes())
        except (InvalidSignature, ValueError):
            return False
        return True

    def to_dict(self) -> dict[str, Any]:
        """The head as JSON data (what ``log head`` prints and auditors keep)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Any) -> SignedTreeHead:
        """A head from :meth:`to_dict`'s data.

        Raises:
            ValueError: the data is not a tree head.
        """
        if not isinstance(data, dict):
            raise ValueError("a tree head is a JSON object")  # noqa: TRY004 - bad input, reported as ValueError
        try:
            tree_size, timestamp = data["tree_size"], data["timestamp"]
            head = cls(
                tree_size,
                str(data["root_hash"]),
                timestamp,
                None if data.get("signature") is None else str(data["signature"]),
                None if data.get("key_id") is None else str(data["key_id"]),
            )
        except KeyError as exc:
            raise ValueError(f"a tree head needs '{exc.args[0]}'") from None
        # JSON's true, 1.5 and 1e400 are no sizes: int() would make them 1, 1 and an OverflowError
        if any(type(value) is not int or not 0 <= value < 2**63 for value in (tree_size, timestamp)):
            raise ValueError("tree_size and timestamp of a tree head are whole numbers, 0 or more")
        if len(head.root_hash) != 64 or any(c not in "0123456789abcdef" for c in head.root_hash):
            raise ValueError(f"root_hash '{head.root_hash}' is not 64 lowercase hex digits")
        return head


def signed_bytes(tree_size: int, root_hash: str, timestamp: int) -> bytes:
    """The canonical bytes of a tree head that its signature covers."""
    return canonical_json(
        {"root_hash": root_hash, "timestamp": timestamp, "tree_size": tree_size, "type": HEAD_TYPE}
    ).encode("utf-8")


def key_id(public_key: Ed25519PublicKey) -> str:
    """The SHA-256 of the public key's DER encoding, in hex."""
    der = public_key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return hashlib.sha256(der).hexdigest()


class Signer:
    """Signs tree heads with an Ed25519 private key read from a PEM file."""

    def __init__(self, private_key: Ed25519PrivateKey) -> None:
        self._key = private_key
        self.public_key = private_key.public_key()
        self.key_id = key_id(self.public_key)

    @classmethod
    def from_file(cls, path: str | Path) -> Signer:
        """The signer of the PEM private key in ``path`` (unencrypted PKCS#8, as ``keygen`` writes).

        Raises:
            KeyFileError: the file cannot be read or holds no Ed25519 private key.
        """
        try:
            data = _read_key(path)
        except OSError as exc:
            raise KeyFileError(f"cannot read the signing key '{path}': {exc.strerror}") from None
        try:
            key = serialization.load_pem_private_key(data, password=None)
        except (ValueError, TypeError) as exc:
            raise KeyFileError(
                _pem_problem(path, exc) or f"'{path}' is not an unencrypted PEM private key: {exc}"
            ) from None
        if not isinstance(key, Ed25519PrivateKey):
            raise KeyFileError(f"'{path}' holds a {type(key).__name__}, not an Ed25519 key")
        return cls(key)

    def sign(self, tree_size: int, root_hash: str, timestamp: int) -> SignedTreeHead:
        """The signed head of a tree."""
        signature = self._key.sign(signed_bytes(tree_size, root_hash, timestamp))
        return SignedTreeHead(tree_size, root_hash, timestamp, base64.b64encode(signature).decode("ascii"), self.key_id)


def _read_key(path: str | Path) -> bytes:
    """The bytes of a key file; KeyFileError when it is far too large to be one."""
    data = read_at_most(path)
    if data is None:
        raise KeyFileError(f"'{path}' is more than {MAX_SMALL_FILE} bytes: a key file holds a few hundred")
    return data


def _pem_problem(path: str | Path, exc: Exception) -> str | None:
    """What is wrong with the PEM file ``path`` in the log's words, from cryptography's ``exc`` (None: unknown).

    cryptography's own words are English only and point at its FAQ; these have translations (``logerr.*``).
    """
    said = str(exc)
    if "encrypted" in said and isinstance(exc, TypeError):
        return (
            f"'{path}' is an encrypted private key: commitrules reads keys without a password, "
            "as 'log keygen' writes them"
        )
    if "no BEGIN/END delimiters for a private key" in said:
        return f"'{path}' holds no private key (is it the public key?)"
    if said.startswith(("Unable to load PEM file", "Could not deserialize key data")):
        return f"'{path}' is not a key in PEM ('-----BEGIN ...' lines), or not one commitrules reads"
    return None


def load_public_key(path: str | Path) -> Ed25519PublicKey:
    """The Ed25519 public key in a PEM file (a private key file gives its public half).

    Raises:
        KeyFileError: the file cannot be read or holds no Ed25519 key.
    """
    try:
        data = _read_key(path)
    except OSError as exc:
        raise KeyFileError(f"cannot read the key '{path}': {exc.strerror}") from None
    try:
        key: Any = serialization.load_pem_public_key(data)
    except ValueError:
        try:
            key = serialization.load_pem_private_key(data, password=None).public_key()
        except (ValueError, TypeError) as exc:
            raise KeyFileError(_pem_problem(path, exc) or f"'{path}' is not a PEM key: {exc}") from None
    if not isinstance(key, Ed25519PublicKey):
        raise KeyFileError(f"'{path}' holds a {type(key).__name__}, not an Ed25519 key")
    return key


def generate_key(path: str | Path) -> tuple[Path, Path]:
    """Write a new Ed25519 key: the private key to ``path`` (mode 0600), the public key to ``path.pub``.

    Raises:
        FileExistsError: ``path`` or ``path.pub`` exists (a key is never overwritten; ``filename`` names
            which); nothing was written.
        IsADirectoryError: ``path`` has no file name (``.``, ``/``): nothing was written.
    """
    private = Path(path)
    if not private.name:  # '.', '/', '..' has one: a folder, which never holds the key under its own name
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    public = private.with_name(private.name + ".pub")
    if public.exists() or public.is_symlink():  # the public key of another key: checked before the private is made
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(public))
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    fd = os.open(private, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    try:
        fd = os.open(public, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        with os.fdopen(fd, "wb") as handle:
            handle.write(
                key.public_key().public_bytes(
                    serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
                )
            )
    except BaseException:  # a pair or nothing: a private key without its public key is of no use
        private.unlink(missing_ok=True)
        raise
    return private, public
