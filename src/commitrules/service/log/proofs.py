"""The tree side of the log: signed tree heads, and inclusion and consistency proofs.

:class:`TreeKeeper` reads leaf hashes from the database as the log grows, keeps them (and the hashes
of complete subtrees) in memory, issues heads, and answers proofs. A :class:`DecisionLog` has one.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from sqlalchemy import Engine, insert, select

from commitrules.service.log import schema as s
from commitrules.service.log.heads import SignedTreeHead, Signer
from commitrules.service.log.merkle import Frontier, SubtreeCache, consistency_path, inclusion_path, root_hash
from commitrules.service.log.records import LogRecord, stored_values, unreadable

__all__ = ["LogError", "TreeKeeper"]


class LogError(Exception):
    """A request the log cannot answer (an unknown decision, a tree size it does not have)."""


class TreeKeeper:
    """Issues and reads the signed tree heads of one log, and builds its proofs.

    Args:
        engine: the engine that writes (heads are stored with it).
        reader: the engine that reads.
        signer: the signing key, or None (heads are then unsigned).
        store: store the heads issued (False: a log opened read-only; heads are only returned).
    """

    def __init__(self, engine: Engine, reader: Engine, signer: Signer | None, *, store: bool = True) -> None:
        self._engine = engine
        self._store = store
        self._reader = reader
        self._signer = signer
        self.last_issued = time.monotonic()
        self._leaves: list[bytes] = []  # leaf hashes read so far (the log only grows)
        self._lock = threading.RLock()  # leaf_hashes is called with it held
        self._subtrees = SubtreeCache()  # hashes of complete subtrees: they never change

    def signed_head(self) -> SignedTreeHead:
        """A head of the current tree: the latest stored one when the tree has not grown, else a new one."""
        with self._reader.connect() as conn:
            row = conn.execute(select(s.state)).one()
        with stored_values():
            size = int(row.size)
            root = Frontier.decode(size, row.frontier).root().hex()
        latest = self.latest_head()
        if latest is not None and latest.tree_size == size:
            return latest
        return self.issue(size, root)

    def latest_head(self, min_size: int = 0) -> SignedTreeHead | None:
        """The latest stored head if it has at least ``min_size`` records and suits this log's key."""
        with self._reader.connect() as conn:
            row = conn.execute(select(s.heads).order_by(s.heads.c.id.desc()).limit(1)).first()
        head = s.head_from_row(row) if row is not None else None
        if head is None or head.tree_size < min_size:
            return None
        usable = head.key_id == self._signer.key_id if self._signer is not None else head.signature is None
        return head if usable else None

    def issue(self, size: int, root: str) -> SignedTreeHead:
        """Sign (with a key) and store (unless read-only) the head of the tree of ``size`` records and root ``root``."""
        timestamp = time.time_ns() // 1_000_000
        if self._signer is not None:
            head = self._signer.sign(size, root, timestamp)
        else:
            head = SignedTreeHead(size, root, timestamp, None, None)
        if self._store:
            with self._engine.begin() as conn:
                conn.execute(insert(s.heads).values(**head.to_dict()))
        self.last_issued = time.monotonic()
        return head

    def heads(self) -> list[SignedTreeHead]:
        """Every stored head, oldest first."""
        with self._reader.connect() as conn:
            return [s.head_from_row(r) for r in conn.execute(select(s.heads).order_by(s.heads.c.id))]

    def head_for(self, size: int) -> SignedTreeHead:
        """A head of the tree of ``size`` records: the latest stored one, else one issued now."""
        if size < 0:
            raise LogError(f"there is no tree of {size} records")
        with self._reader.connect() as conn:
            row = conn.execute(
                select(s.heads).where(s.heads.c.tree_size == size).order_by(s.heads.c.id.desc()).limit(1)
            ).first()
        if row is not None and (row.signature is not None or self._signer is None):
            return s.head_from_row(row)
        return self.issue(size, root_hash(self.leaf_hashes(size)).hex())

    def leaf_hashes(self, size: int) -> list[bytes]:
        """The leaf hashes of the first ``size`` records.

        Raises:
            LogError: the log holds fewer records, or one is missing.
        """
        with self._lock:
            if len(self._leaves) < size:
                with self._reader.connect() as conn:
                    rows = conn.execute(
                        select(s.records.c.idx, s.records.c.leaf_hash)
                        .where(s.records.c.idx >= len(self._leaves), s.records.c.idx < size)
                        .order_by(s.records.c.idx)
                    ).all()
                try:  # one try for all the rows: a context manager per leaf would cost more than the leaf
                    for idx, leaf in rows:
                        if idx != len(self._leaves):
                            raise LogError(f"record {len(self._leaves)} is missing from the log: run 'log verify'")
                        self._leaves.append(bytes.fromhex(leaf))
                except (ValueError, TypeError) as exc:  # a leaf hash that is not hex text
                    raise unreadable(exc) from exc
            if len(self._leaves) < size:
                raise LogError(f"the log holds {len(self._leaves)} records, not {size}")
            return self._leaves[:size]

    def inclusion_proof(self, record: LogRecord, tree_size: int | None) -> dict[str, Any]:
        """The inclusion proof of ``record`` (see :meth:`DecisionLog.inclusion_proof`)."""
        if tree_size is None:
            # The latest periodic head when it covers the record; a new head only when none does.
            head = self.latest_head(record.index + 1) or self.signed_head()
        else:
            head = self.head_for(tree_size)
        if record.index >= head.tree_size:
            raise LogError(
                f"decision '{record.decision_id}' is record {record.index}, after the tree of {head.tree_size} records"
            )
        with self._lock:
            path = inclusion_path(self.leaf_hashes(head.tree_size), record.index, self._subtrees)
        return {
            "decision_id": record.decision_id,
            "leaf_index": record.index,
            "leaf": record.leaf(),
            "leaf_hash": record.leaf_hash,
            "audit_path": [h.hex() for h in path],
            "head": head.to_dict(),
        }

    def consistency_proof(self, first_size: int, second_size: int | None) -> dict[str, Any]:
        """The consistency proof between two trees (see :meth:`DecisionLog.consistency_proof`)."""
        if second_size is None:
            second = self.latest_head(first_size) or self.signed_head()
        else:
            second = self.head_for(second_size)
        if not 0 <= first_size <= second.tree_size:
            raise LogError(f"a tree of {first_size} records cannot precede one of {second.tree_size}")
        first = self.head_for(first_size)
        with self._lock:
            proof = consistency_path(self.leaf_hashes(second.tree_size), first_size, self._subtrees)
        return {"first": first.to_dict(), "second": second.to_dict(), "proof": [h.hex() for h in proof]}
