"""The Merkle tree against RFC 9162's recursive definitions, and proofs checked by the standalone script."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from commitrules.service.log.merkle import (
    Frontier,
    SubtreeCache,
    consistency_path,
    inclusion_path,
    leaf_hash,
    root_hash,
    subtree_hash,
    verify_consistency,
    verify_inclusion,
)
from tests.service.log.conftest import ROOT

SCRIPT = ROOT / "examples" / "decision_log" / "verify_proof.py"


# -- an independent re-implementation of RFC 9162 2.1.1, 2.1.3.1 and 2.1.4.1, on the raw leaf data ---------
def _k(n: int) -> int:
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def mth(data: list[bytes]) -> bytes:
    if not data:
        return hashlib.sha256(b"").digest()
    if len(data) == 1:
        return hashlib.sha256(b"\x00" + data[0]).digest()
    k = _k(len(data))
    return hashlib.sha256(b"\x01" + mth(data[:k]) + mth(data[k:])).digest()


def path(m: int, data: list[bytes]) -> list[bytes]:
    if len(data) == 1:
        return []
    k = _k(len(data))
    if m < k:
        return [*path(m, data[:k]), mth(data[k:])]
    return [*path(m - k, data[k:]), mth(data[:k])]


def subproof(m: int, data: list[bytes], *, b: bool) -> list[bytes]:
    if m == len(data):
        return [] if b else [mth(data)]
    k = _k(len(data))
    if m <= k:
        return [*subproof(m, data[:k], b=b), mth(data[k:])]
    return [*subproof(m - k, data[k:], b=False), mth(data[:k])]


DATA = [f"leaf {i}".encode() for i in range(70)]
HASHES = [leaf_hash(d) for d in DATA]


@pytest.mark.parametrize("n", range(71))
def test_root_and_audit_paths_follow_the_rfc(n: int) -> None:
    """For every tree of 0 to 70 leaves: the root, and every leaf's audit path, are those RFC 9162 defines."""
    assert mth(DATA[:n]) == root_hash(HASHES[:n])
    for m in range(n):
        expected = path(m, DATA[:n])
        assert expected == inclusion_path(HASHES[:n], m)
        assert verify_inclusion(HASHES[m], m, n, expected, mth(DATA[:n]))


@pytest.mark.parametrize("n", range(1, 41))
def test_consistency_proofs_follow_the_rfc(n: int) -> None:
    """For every pair of sizes m < n <= 40 the proof is PROOF(m, D[n]), and it verifies."""
    for m in range(1, n):
        expected = subproof(m, DATA[:n], b=True)
        assert expected == consistency_path(HASHES[:n], m)
        assert verify_consistency(mth(DATA[:m]), mth(DATA[:n]), m, n, expected)


def test_wrong_proofs_fail() -> None:
    """A changed leaf, index, size, path element or root makes a proof fail."""
    n, m = 23, 9
    proof, root = inclusion_path(HASHES[:n], m), root_hash(HASHES[:n])
    assert verify_inclusion(HASHES[m], m, n, proof, root)
    assert not verify_inclusion(HASHES[m + 1], m, n, proof, root)
    assert not verify_inclusion(HASHES[m], m + 1, n, proof, root)
    assert not verify_inclusion(HASHES[m], m, n, [*proof[:-1], HASHES[0]], root)
    assert not verify_inclusion(HASHES[m], m, n, proof[:-1], root)
    first, second = root_hash(HASHES[:m]), root
    cons = consistency_path(HASHES[:n], m)
    assert verify_consistency(first, second, m, n, cons)
    assert not verify_consistency(root_hash(HASHES[1 : m + 1]), second, m, n, cons)
    assert not verify_consistency(first, second, m + 1, n, cons)
    assert not verify_consistency(first, second, m, n, cons[1:])


def test_frontier_gives_the_root_at_every_size_and_survives_encoding() -> None:
    """The frontier kept in the state row gives the root of every prefix, also after a round trip as text."""
    frontier = Frontier()
    for i, h in enumerate(HASHES):
        frontier = Frontier.decode(frontier.size, frontier.encode())
        frontier.append(h)
        assert root_hash(HASHES[: i + 1]) == frontier.root()
    with pytest.raises(ValueError, match="perfect subtrees"):
        Frontier(3, HASHES[:1])


def run_script(*args: str) -> subprocess.CompletedProcess[str]:
    """The standalone verifier, in its own interpreter, without commitrules on its path."""
    return subprocess.run(
        [sys.executable, "-I", str(SCRIPT), *args], capture_output=True, text=True, check=False, cwd=SCRIPT.parent
    )


def test_the_standalone_script_does_not_import_commitrules() -> None:
    """The verifier an outsider runs depends on the standard library and cryptography only."""
    text = SCRIPT.read_text(encoding="utf-8")
    imports = {line.split()[1].split(".")[0] for line in text.splitlines() if line.startswith(("import ", "from "))}
    assert {"cryptography"} == {name for name in imports if name not in sys.stdlib_module_names}


def write(path: Path, data: object) -> str:
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def test_remembered_subtrees_give_the_same_proofs() -> None:
    """With a subtree cache (as the log keeps), proofs in a growing tree equal the proofs computed afresh."""
    data = [f"leaf {i}".encode() for i in range(700)]
    hashes = [leaf_hash(d) for d in data]
    cache = SubtreeCache()
    for n in (64, 65, 128, 300, 511, 512, 513, 700):
        assert root_hash(hashes[:n]) == subtree_hash(hashes, 0, n, cache)
        for m in (0, 1, 63, 64, 200, n - 1):
            if m < n:
                assert inclusion_path(hashes[:n], m) == inclusion_path(hashes[:n], m, cache)
                assert consistency_path(hashes[:n], m) == consistency_path(hashes[:n], m, cache)
    assert mth(data[:700]) == subtree_hash(hashes, 0, 700, cache)
    assert cache.get(0, 512) == mth(data[:512])
    assert cache.get(0, 32) is None  # small subtrees are hashed again, not kept
