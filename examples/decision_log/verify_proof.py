"""Check a commitrules decision-log proof, trusting only a signed tree head and the log's public key.

Needs Python 3.11 and `cryptography`; it does not use commitrules (RFC 9162, 2.1.3.2 and 2.1.4.2).

    python verify_proof.py inclusion PROOF.json --public-key log.pem.pub [--case CASE.json] [--decision D.json]
    python verify_proof.py consistency PROOF.json --public-key log.pem.pub [--old-head HEAD.json]

PROOF.json is what `commitrules log prove DECISION_ID` (or GET /v1/decisions/{id}/proof) printed, or
what `commitrules log prove --consistency OLD_SIZE` printed. Exit 0: the proof holds; 1: it does not;
2: a file cannot be read, or is not a proof, a key or a JSON document (one line says which).
"""

import argparse
import base64
import hashlib
import json
import sys
from pathlib import Path
from typing import Any, NoReturn

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import load_pem_public_key


def canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def node(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def check_head(head: dict[str, Any], key: Ed25519PublicKey) -> bytes:
    """The head's root (bytes) if its Ed25519 signature is valid; else exit 1."""
    signed = canonical(
        {
            "root_hash": head["root_hash"],
            "timestamp": head["timestamp"],
            "tree_size": head["tree_size"],
            "type": "commitrules-tree-head/v1",
        }
    )
    if not head.get("signature"):
        fail(f"the tree head of size {head['tree_size']} is not signed: ask for a proof signed by the log's key")
    try:
        key.verify(base64.b64decode(head["signature"]), signed)
    except (InvalidSignature, ValueError):
        fail(f"the tree head of size {head['tree_size']} is not signed by this key")
    return bytes.fromhex(head["root_hash"])


def inclusion(index: int, size: int, leaf: bytes, path: list[bytes], root: bytes) -> bool:
    if not 0 <= index < size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node(p, r)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == root


def consistency(  # noqa: C901 - RFC 9162 2.1.4.2, step by step
    first: int, second: int, first_root: bytes, second_root: bytes, path: list[bytes]
) -> bool:
    if not 0 <= first <= second:
        return False
    if first == second:
        return not path and first_root == second_root
    if first == 0:
        return not path
    if not path:
        return False
    if first & (first - 1) == 0:
        path = [first_root, *path]
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node(c, fr), node(c, sr)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return fr == first_root and sr == second_root and sn == 0


def fail(message: str) -> NoReturn:
    print(f"FAILED: {message}")
    sys.exit(1)


class UnusableError(Exception):
    """A file that cannot be read, or is not what it should be: exit 2, not a verdict on the proof."""


def read_json(path: str, what: str) -> Any:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise UnusableError(f"{what} {path} cannot be read as JSON: {exc}") from None


def size(value: Any, name: str) -> int:
    """A tree size or leaf index: a whole number, 0 or more (not a boolean, a fraction or text)."""
    if type(value) is not int or value < 0:
        raise UnusableError(f"{name} is {value!r}, not a whole number 0 or more")
    return value


def hashes(values: Any, name: str) -> list[bytes]:
    """A list of SHA-256 hashes in hex."""
    if not isinstance(values, list) or not all(isinstance(v, str) and len(v) == 64 for v in values):
        raise UnusableError(f"{name} is not a list of SHA-256 hashes in hex")
    try:
        return [bytes.fromhex(v) for v in values]
    except ValueError:
        raise UnusableError(f"{name} is not a list of SHA-256 hashes in hex") from None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=("inclusion", "consistency"))
    parser.add_argument("proof", help="the proof (JSON)")
    parser.add_argument("--public-key", required=True, help="the log's Ed25519 public key (PEM)")
    parser.add_argument("--case", help="inclusion: the case as you sent it (JSON); checked against the record")
    parser.add_argument("--decision", help="inclusion: the decision as you received it (JSON)")
    parser.add_argument("--old-head", help="consistency: the signed head you kept; the proof must start from it")
    args = parser.parse_args()
    try:
        check(args)
    except UnusableError as exc:
        print(f"UNUSABLE: {exc}")
        sys.exit(2)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:  # a field missing or of another kind
        print(f"UNUSABLE: {args.proof} is not a proof commitrules writes ({type(exc).__name__}: {exc})")
        sys.exit(2)


def check(args: argparse.Namespace) -> None:  # noqa: C901 - one straight check
    try:
        key = load_pem_public_key(Path(args.public_key).read_bytes())
    except (OSError, ValueError, TypeError) as exc:
        raise UnusableError(f"{args.public_key} cannot be read as a PEM public key: {exc}") from None
    if not isinstance(key, Ed25519PublicKey):
        fail(f"{args.public_key} is not an Ed25519 public key")
    proof = read_json(args.proof, "the proof")
    if args.what == "inclusion":
        root = check_head(proof["head"], key)
        leaf = proof["leaf"].encode()
        leaf_hash = hashlib.sha256(b"\x00" + leaf).digest()
        if leaf_hash.hex() != proof["leaf_hash"]:
            fail("the leaf hash is not the hash of the leaf")
        record = json.loads(leaf)
        for option, field in ((args.case, "case_sha256"), (args.decision, "decision_sha256")):
            if option:
                given = read_json(option, "the file")
                if hashlib.sha256(canonical(given)).hexdigest() != record[field]:
                    fail(f"{option} is not what the log recorded ({field} differs)")
        path = hashes(proof["audit_path"], "audit_path")
        index, tree_size = size(proof["leaf_index"], "leaf_index"), size(proof["head"]["tree_size"], "tree_size")
        if record["index"] != index or not inclusion(index, tree_size, leaf_hash, path, root):
            fail("the audit path does not lead from the record to the signed root")
        print(
            f"ok: decision {record['decision_id']} is record {record['index']} of the signed tree of "
            f"{proof['head']['tree_size']} records"
        )
    else:
        first, second = proof["first"], proof["second"]
        first_root, second_root = check_head(first, key), check_head(second, key)
        if args.old_head:
            kept = read_json(args.old_head, "the old head")
            if (kept["tree_size"], kept["root_hash"]) != (first["tree_size"], first["root_hash"]):
                fail("the proof does not start from the head you kept")
        path = hashes(proof["proof"], "proof")
        if not consistency(
            size(first["tree_size"], "tree_size"), size(second["tree_size"], "tree_size"), first_root, second_root, path
        ):
            fail("the later tree does not extend the earlier one")
        print(f"ok: the tree of {second['tree_size']} records extends the tree of {first['tree_size']}")


if __name__ == "__main__":
    main()
