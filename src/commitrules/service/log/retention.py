"""Retention: the bodies of expired records are deleted, their hashes kept, and a tombstone says so.

A record's leaf covers its case and decision only through their SHA-256, so deleting the bodies
leaves every hash and proof intact. The tombstone, an ordinary record appended in the same
transaction, lists the pruned positions; verification accepts a missing body only where a tombstone
names it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, or_, select, update

from commitrules.service.log import schema as s
from commitrules.service.log.records import canonical_json, sha256_hex

__all__ = ["clear_bodies", "expired", "ranges", "tombstone"]

#: The columns that hold a record's bodies (a decision stored as pieces: the key of its pieces and its parts).
_BODIES = ("case_json", "decision_json", "decision_text", "decision_parts")
#: Positions updated per statement (keeps the statement's parameter list small on both databases).
_CHUNK = 500


def expired(conn: Connection, cutoff: str) -> list[int]:
    """The positions of decision records recorded before ``cutoff`` that still have their bodies."""
    query = (
        select(s.records.c.idx)
        .where(
            s.records.c.recorded_at < cutoff,
            s.records.c.type == "decision",
            or_(
                s.records.c.case_json.is_not(None),
                s.records.c.decision_json.is_not(None),
                s.records.c.decision_parts.is_not(None),
            ),
        )
        .order_by(s.records.c.idx)
    )
    return [int(i) for i in conn.execute(query).scalars()]


def clear_bodies(conn: Connection, positions: Sequence[int]) -> None:
    """Delete the case and decision of the records at ``positions``."""
    for start in range(0, len(positions), _CHUNK):
        chunk = list(positions[start : start + _CHUNK])
        conn.execute(update(s.records).where(s.records.c.idx.in_(chunk)).values(**dict.fromkeys(_BODIES)))


def ranges(positions: Sequence[int]) -> list[list[int]]:
    """Sorted positions as ``[first, last]`` runs.

    Examples:
        >>> ranges([0, 1, 2, 5, 7, 8])
        [[0, 2], [5, 5], [7, 8]]
    """
    runs: list[list[int]] = []
    for i in positions:
        if runs and runs[-1][1] == i - 1:
            runs[-1][1] = i
        else:
            runs.append([i, i])
    return runs


def tombstone(positions: Sequence[int], cutoff: str) -> dict[str, Any]:
    """The fields of the tombstone record of pruning ``positions`` (all but position, id, time and hashes)."""
    body = canonical_json({"older_than": cutoff, "count": len(positions), "pruned": ranges(positions)})
    fields: dict[str, Any] = dict.fromkeys(
        (
            "case_json",
            "case_sha256",
            "pack_name",
            "pack_version",
            "pack_digest",
            "engine",
            "as_of",
            "caller",
            "request_id",
            "decision_text",
            "decision_parts",
        )
    )
    fields.update(
        type="tombstone", kind="tombstone", outcome="pruned", decision_json=body, decision_sha256=sha256_hex(body)
    )
    return fields
