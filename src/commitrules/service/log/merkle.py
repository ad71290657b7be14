"""The Merkle tree of the decision log, exactly as Certificate Transparency defines it (RFC 9162, 2.1).

A leaf's hash is ``SHA-256(0x00 || leaf)``, an interior node's ``SHA-256(0x01 || left || right)``, and a
tree of ``n`` leaves splits at the largest power of two smaller than ``n``. Proofs are generated from the
recursive definitions of RFC 9162 2.1.3.1 (audit paths) and 2.1.4.1 (consistency proofs); they are
checked by the iterative algorithms of 2.1.3.2 and 2.1.4.2, which ``examples/verify_proof.py``
implements again without this package.

Examples:
    >>> leaves = [leaf_hash(bytes([i])) for i in range(5)]
    >>> root = root_hash(leaves)
    >>> verify_inclusion(leaves[3], 3, 5, inclusion_path(leaves, 3), root)
    True
    >>> verify_consistency(root_hash(leaves[:3]), root, 3, 5, consistency_path(leaves, 3))
    True

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

__all__ = [
    "EMPTY_ROOT",
    "Frontier",
    "SubtreeCache",
    "consistency_path",
    "inclusion_path",
    "leaf_hash",
    "node_hash",
    "root_hash",
    "subtree_hash",
    "verify_consistency",
    "verify_inclusion",
]

#: The root of the empty tree: the hash of the empty string.
EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_hash(leaf: bytes) -> bytes:
    """The hash of a leaf's data."""
    return hashlib.sha256(b"\x00" + leaf).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """The hash of an interior node from its two children's hashes."""
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two smaller than ``n`` (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


def root_hash(leaves: Sequence[bytes]) -> bytes:
    """The Merkle tree hash of the leaf hashes ``leaves`` (MTH of RFC 9162, on hashed leaves)."""
    if not leaves:
        return EMPTY_ROOT
    frontier = Frontier()
    for leaf in leaves:
        frontier.append(leaf)
    return frontier.root()


class SubtreeCache:
    """Remembers the hashes of perfect subtrees of at least :attr:`MIN_SIZE` leaves.

    In an append-only tree a subtree whose leaves all exist never changes, so its hash can be kept;
    with it, a proof in a tree of ``n`` leaves hashes O(MIN_SIZE * log n) nodes instead of O(n).
    """

    #: Smaller subtrees are cheaper to hash again than to remember.
    MIN_SIZE = 64

    def __init__(self) -> None:
        self._hashes: dict[tuple[int, int], bytes] = {}

    def get(self, lo: int, size: int) -> bytes | None:
        """The remembered hash of the subtree of ``size`` leaves from ``lo``, if any."""
        return self._hashes.get((lo, size))

    def put(self, lo: int, size: int, value: bytes) -> None:
        """Remember a perfect subtree's hash (smaller ones are not kept)."""
        if size >= self.MIN_SIZE and size & (size - 1) == 0:
            self._hashes[lo, size] = value


def subtree_hash(leaves: Sequence[bytes], lo: int, hi: int, cache: SubtreeCache | None = None) -> bytes:
    """The Merkle tree hash of the leaves ``lo`` to ``hi - 1`` (MTH(D[lo:hi]))."""
    size = hi - lo
    if size <= 0:
        return EMPTY_ROOT
    if size == 1:
        return leaves[lo]
    if cache is not None and (found := cache.get(lo, size)) is not None:
        return found
    k = _split(size)
    value = node_hash(subtree_hash(leaves, lo, lo + k, cache), subtree_hash(leaves, lo + k, hi, cache))
    if cache is not None:
        cache.put(lo, size, value)
    return value


def inclusion_path(leaves: Sequence[bytes], index: int, cache: SubtreeCache | None = None) -> list[bytes]:
    """The audit path of leaf ``index`` in the tree of ``leaves`` (PATH(m, D[n]))."""
    if not 0 <= index < len(leaves):
        raise ValueError(f"leaf {index} is not in a tree of {len(leaves)} leaves")
    path: list[bytes] = []
    lo, hi = 0, len(leaves)
    # Walk down from the root, collecting the sibling subtree at each level; the path lists them
    # bottom-up, so the list is reversed at the end.
    while hi - lo > 1:
        k = _split(hi - lo)
        if index < lo + k:
            path.append(subtree_hash(leaves, lo + k, hi, cache))
            hi = lo + k
        else:
            path.append(subtree_hash(leaves, lo, lo + k, cache))
            lo += k
    path.reverse()
    return path


def consistency_path(leaves: Sequence[bytes], first: int, cache: SubtreeCache | None = None) -> list[bytes]:
    """The proof that the tree of the first ``first`` leaves is a prefix of the tree of ``leaves``.

    PROOF(m, D[n]) of RFC 9162 2.1.4.1; empty when ``first`` is 0 or equals ``len(leaves)``.
    """
    n = len(leaves)
    if not 0 <= first <= n:
        raise ValueError(f"a tree of {first} leaves cannot precede a tree of {n} leaves")
    if first in (0, n):
        return []
    proof: list[bytes] = []
    lo, hi, m, complete = 0, n, first, True
    # SUBPROOF(m, D[lo:hi], complete), unrolled: each step adds one sibling; the proof is bottom-up.
    while m != hi - lo:
        k = _split(hi - lo)
        if m <= k:
            proof.append(subtree_hash(leaves, lo + k, hi, cache))
            hi = lo + k
        else:
            proof.append(subtree_hash(leaves, lo, lo + k, cache))
            lo, m, complete = lo + k, m - k, False
    if not complete:
        proof.append(subtree_hash(leaves, lo, hi, cache))
    proof.reverse()
    return proof


def verify_inclusion(leaf: bytes, index: int, size: int, path: Sequence[bytes], root: bytes) -> bool:
    """Whether ``path`` proves that the leaf hash ``leaf`` is leaf ``index`` of the tree ``root`` (2.1.3.2)."""
    if not 0 <= index < size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(  # noqa: C901 - RFC 9162 2.1.4.2, step by step
    first_root: bytes, second_root: bytes, first: int, second: int, proof: Sequence[bytes]
) -> bool:
    """Whether ``proof`` shows that the tree ``second_root`` extends the tree ``first_root`` (2.1.4.2)."""
    if not 0 <= first <= second:
        return False
    if first == second:
        return not proof and first_root == second_root
    if first == 0:
        return not proof
    if not proof:
        return False
    path = list(proof)
    if first & (first - 1) == 0:
        path.insert(0, first_root)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == first_root and sr == second_root and sn == 0


class Frontier:
    """The roots of the perfect subtrees of a growing tree, left to right: its root in O(log n) hashes.

    A tree of ``n`` leaves is a sequence of perfect subtrees whose sizes are the binary digits of
    ``n``; appending a leaf merges equal neighbours. The log keeps this frontier in its state row, so
    that the root of the current tree never needs the whole tree.
    """

    __slots__ = ("hashes", "size")

    def __init__(self, size: int = 0, hashes: Sequence[bytes] = ()) -> None:
        if len(hashes) != size.bit_count():
            raise ValueError(f"a tree of {size} leaves has {size.bit_count()} perfect subtrees, not {len(hashes)}")
        self.size = size
        self.hashes = list(hashes)

    def append(self, leaf: bytes) -> None:
        """Add the leaf hash ``leaf`` at the right."""
        self.hashes.append(leaf)
        self.size += 1
        merged = self.size
        # Each trailing zero bit of the new size is a merge of two equal subtrees.
        while not merged & 1:
            right = self.hashes.pop()
            self.hashes[-1] = node_hash(self.hashes[-1], right)
            merged >>= 1

    def root(self) -> bytes:
        """The root hash of the tree so far."""
        if not self.hashes:
            return EMPTY_ROOT
        root = self.hashes[-1]
        for left in reversed(self.hashes[:-1]):
            root = node_hash(left, root)
        return root

    def encode(self) -> str:
        """The frontier as hex text (its hashes concatenated), for the state row."""
        return b"".join(self.hashes).hex()

    @classmethod
    def decode(cls, size: int, text: str) -> Frontier:
        """The frontier of a tree of ``size`` leaves from :meth:`encode`'s text."""
        raw = bytes.fromhex(text)
        return cls(size, [raw[i : i + 32] for i in range(0, len(raw), 32)])
