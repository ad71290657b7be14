"""Check a commitrules decision-log proof, trusting only a signed tree head and the log's public key.

Needs Python 3.11 and `cryptography`; it does not use commitrules (RFC 9162, 2.1.3.2 and 2.1.4.2).

    python verify_proof.py inclusion PROOF.json --public-key log.pem.pub [--case CASE.json] [--decision D.json]
    python verify_proof.py consistency PROOF.json --public-key log.pem.pub [--old-head HEAD.json]

PROOF.json is what `commitrules log prove DECISION_ID` (or GET /v1/decisions/{id}/proof) printed, or
what `commitrules log prove --consistency OLD_SIZE` printed. Exit 0: the proof holds; 1: it does not.
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
    try:
        key.verify(base64.b64decode(head["signature"] or ""), signed)
    except (InvalidSignature, ValueError):
        fail(f"the tree head of size {head['tree_size']} is not signed by this key")
    return bytes.fromhex(head["root_hash"])


def inclusion(index: int, size: int, leaf: bytes, path: list[bytes], root: bytes) -> bool:
    if index >= size:
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


def consistency(first: int, second: int, first_root: bytes, second_root: bytes, path: list[bytes]) -> bool:
    if first == second:
        return not path and first_root == second_root
    if first == 0:
        return not path
    if not path or first > second:
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


def main() -> None:  # noqa: C901 - one straight script
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=("inclusion", "consistency"))
    parser.add_argument("proof", help="the proof (JSON)")
    parser.add_argument("--public-key", required=True, help="the log's Ed25519 public key (PEM)")
    parser.add_argument("--case", help="inclusion: the case as you sent it (JSON); checked against the record")
    parser.add_argument("--decision", help="inclusion: the decision as you received it (JSON)")
    parser.add_argument("--old-head", help="consistency: the signed head you kept; the proof must start from it")
    args = parser.parse_args()
    key = load_pem_public_key(Path(args.public_key).read_bytes())
    if not isinstance(key, Ed25519PublicKey):
        fail(f"{args.public_key} is not an Ed25519 public key")
    proof = json.loads(Path(args.proof).read_text(encoding="utf-8"))
    if args.what == "inclusion":
        root = check_head(proof["head"], key)
        leaf = proof["leaf"].encode()
        leaf_hash = hashlib.sha256(b"\x00" + leaf).digest()
        if leaf_hash.hex() != proof["leaf_hash"]:
            fail("the leaf hash is not the hash of the leaf")
        record = json.loads(leaf)
        for option, field in ((args.case, "case_sha256"), (args.decision, "decision_sha256")):
            if option:
                given = json.loads(Path(option).read_text(encoding="utf-8"))
                if hashlib.sha256(canonical(given)).hexdigest() != record[field]:
                    fail(f"{option} is not what the log recorded ({field} differs)")
        path = [bytes.fromhex(h) for h in proof["audit_path"]]
        if record["index"] != proof["leaf_index"] or not inclusion(
            proof["leaf_index"], proof["head"]["tree_size"], leaf_hash, path, root
        ):
            fail("the audit path does not lead from the record to the signed root")
        print(
            f"ok: decision {record['decision_id']} is record {record['index']} of the signed tree of "
            f"{proof['head']['tree_size']} records"
        )
    else:
        first, second = proof["first"], proof["second"]
        first_root, second_root = check_head(first, key), check_head(second, key)
        if args.old_head:
            kept = json.loads(Path(args.old_head).read_text(encoding="utf-8"))
            if (kept["tree_size"], kept["root_hash"]) != (first["tree_size"], first["root_hash"]):
                fail("the proof does not start from the head you kept")
        path = [bytes.fromhex(h) for h in proof["proof"]]
        if not consistency(first["tree_size"], second["tree_size"], first_root, second_root, path):
            fail("the later tree does not extend the earlier one")
        print(f"ok: the tree of {second['tree_size']} records extends the tree of {first['tree_size']}")


if __name__ == "__main__":
    main()
