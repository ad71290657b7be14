"""Verifying a whole log: recompute every hash and the tree, and name the first record that is wrong.

Each record's leaf names its position and the leaf hash of the record before it (a hash chain inside
the Merkle tree). That is what lets verification say *what* happened, not only *that* something did:

- a body whose SHA-256 no longer matches, or a header whose leaf hash no longer matches: **edited**;
- a position with no record: **deleted** (also when later records were renumbered to close the gap:
  the record now at that position was written one place later, and nothing was written here);
- a record written at an earlier position than it now has: records were **inserted** before it;
- a record written at a later position, while the one written here is elsewhere: **reordered**;
- a record whose leaf hash is right but which does not follow its predecessor: the predecessor was
  edited and its hash recomputed to hide it;
- a rewrite that recomputed every hash and the chain can only be caught by a signed head kept
  elsewhere: the tree no longer has the root the head signed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from commitrules.service.log.heads import SignedTreeHead
from commitrules.service.log.merkle import Frontier
from commitrules.service.log.records import GENESIS, LogRecord

__all__ = ["Problem", "VerifyReport", "verify_records"]

ProblemKind = Literal["edited", "deleted", "inserted", "reordered", "head", "signature"]
#: How far from its position a moved record is looked for (a wider move is reported as an edit).
_WINDOW = 64


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the log: its kind, the record's position and id (when known), and why."""

    kind: ProblemKind
    index: int | None
    decision_id: str | None
    message: str

    def render(self) -> str:
        """One line for the command line."""
        where = f"record {self.index}" if self.index is not None else "log"
        who = f" ({self.decision_id})" if self.decision_id else ""
        return f"{self.kind}: {where}{who}: {self.message}"


@dataclass(frozen=True, slots=True)
class VerifyReport:
    """What :meth:`DecisionLog.verify` found."""

    size: int
    root_hash: str
    heads_checked: int
    problems: list[Problem] = field(default_factory=list)
    unsigned_heads: int = 0

    @property
    def ok(self) -> bool:
        """True when nothing is wrong."""
        return not self.problems

    @property
    def first(self) -> Problem | None:
        """The first problem found, in log order."""
        return self.problems[0] if self.problems else None

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON data."""
        return {"ok": self.ok, "size": self.size, "root_hash": self.root_hash, "heads_checked": self.heads_checked,
                "unsigned_heads": self.unsigned_heads,
                "problems": [{"kind": p.kind, "index": p.index, "decision_id": p.decision_id, "message": p.message}
                             for p in self.problems]}

    def render(self) -> str:
        """The report as text."""
        if self.ok:
            unsigned = f"; {self.unsigned_heads} unsigned" if self.unsigned_heads else ""
            return (f"ok: {self.size} records, root {self.root_hash}, "
                    f"{self.heads_checked} tree heads checked{unsigned}")
        return "\n".join(p.render() for p in self.problems)


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _written_at(record: LogRecord, position: int, previous: dict[str, int]) -> int | None:
    """The position ``record`` was written at, if its stored leaf hash says so, or None."""
    candidates = [previous[record.prev_hash] + 1] if record.prev_hash in previous else []
    if record.prev_hash == GENESIS:
        candidates.append(0)
    candidates.extend(range(max(0, position - _WINDOW), position + _WINDOW + 1))
    for q in dict.fromkeys(candidates):
        if record.computed_leaf_hash(q) == record.leaf_hash:
            return q
    return None


def _check_chain(records: Sequence[LogRecord], pruned: set[int]) -> Problem | None:  # noqa: PLR0911 - one return per finding
    """The first structural problem: a missing, edited, inserted or moved record."""
    by_leaf = {r.leaf_hash: p for p, r in enumerate(records)}
    expected_prev = GENESIS
    for position, record in enumerate(records):
        rid = record.decision_id
        if record.index != position:
            return Problem("deleted", position, None, f"there is no record {position}: the log goes from record "
                           f"{position - 1} to record {record.index}")
        if record.case_json is not None and _sha(record.case_json) != record.case_sha256:
            return Problem("edited", position, rid, "its case is not the case recorded (SHA-256 differs)")
        if record.decision_json is not None and _sha(record.decision_json) != record.decision_sha256:
            return Problem("edited", position, rid, "its decision is not the decision recorded (SHA-256 differs)")
        if record.type == "decision" and record.decision_json is None and position not in pruned:
            return Problem("deleted", position, rid, "its case and decision were removed, and no tombstone "
                           "record says retention pruned them")
        if record.computed_leaf_hash() != record.leaf_hash:
            written = _written_at(record, position, by_leaf)
            if written is None:
                after = records[position + 1] if position + 1 < len(records) else None
                if after is not None and after.prev_hash == expected_prev and \
                        after.computed_leaf_hash(position) == after.leaf_hash:
                    return Problem("inserted", position, rid, "this record was not written by the log: the next "
                                   f"record was written at position {position}")
                return Problem("edited", position, rid, "its fields are not those recorded (leaf hash differs)")
            if written < position:
                return Problem("inserted", written, records[written].decision_id,
                               f"{position - written} record(s) from position {written} were not written by the "
                               f"log: record {position} was written at position {written}")
            original_here = any(r.prev_hash == expected_prev and r.computed_leaf_hash(position) == r.leaf_hash
                                for r in records[position + 1:position + _WINDOW + 1])
            if original_here:
                return Problem("reordered", position, rid, f"this record was written at position {written}")
            return Problem("deleted", position, None, f"the record written at position {position} was deleted "
                           f"and later records renumbered (the record now here was written at {written})")
        if record.prev_hash != expected_prev:
            before = records[position - 1] if position else None
            return Problem("edited", position - 1 if before else position, before.decision_id if before else rid,
                           "it was changed and its leaf hash recomputed: the next record's chain names another "
                           "leaf hash")
        expected_prev = record.leaf_hash
    return None


def _pruned_positions(records: Sequence[LogRecord]) -> set[int]:
    pruned: set[int] = set()
    for record in records:
        data = record.decision_data() if record.type == "tombstone" else None
        for first, last in (data or {}).get("pruned", []):
            pruned.update(range(int(first), int(last) + 1))
    return pruned


def verify_records(  # noqa: PLR0913, PLR0917 - what a verification reads, all of it
    records: Sequence[LogRecord],
    state_size: int,
    state_last: str,
    stored_heads: Sequence[SignedTreeHead],
    given_heads: Sequence[SignedTreeHead],
    public_key: Any,
) -> VerifyReport:
    """Verify the records (in index order) against the state row and the tree heads."""
    problems: list[Problem] = []
    chain = _check_chain(records, _pruned_positions(records))
    if chain is not None:
        problems.append(chain)
    n = len(records)
    last = records[-1].leaf_hash if records else GENESIS
    if chain is None and (state_size != n or state_last != last):
        if state_size > n:
            problems.append(Problem("deleted", n, None, f"records {n} to {state_size - 1} were deleted from the end "
                                    f"(the log's state counts {state_size} records)"))
        elif state_size < n:
            problems.append(Problem("inserted", state_size, records[state_size].decision_id,
                                    f"records {state_size} to {n - 1} were not appended by the log (its state "
                                    f"counts {state_size} records)"))
        else:
            problems.append(Problem("edited", n - 1, records[-1].decision_id, "the last record was changed and its "
                                    "leaf hash recomputed: the log's state names another leaf hash"))
    roots: dict[int, str] = {}
    sizes = {h.tree_size for h in (*stored_heads, *given_heads)}
    frontier = Frontier()
    roots[0] = frontier.root().hex()
    for record in records:
        frontier.append(bytes.fromhex(record.computed_leaf_hash()))
        if frontier.size in sizes:
            roots[frontier.size] = frontier.root().hex()
    unsigned = 0
    for origin, heads in (("stored", stored_heads), ("given", given_heads)):
        for head in sorted(heads, key=lambda h: h.tree_size):
            if head.signature is None:
                unsigned += 1
                if origin == "given":
                    problems.append(Problem("signature", None, None, f"the given head of size {head.tree_size} "
                                            "is not signed"))
            elif public_key is not None and not head.verify(public_key):
                problems.append(Problem("signature", None, None, f"the {origin} head of size {head.tree_size} "
                                        f"(timestamp {head.timestamp}) is not signed by the log's key"))
            if head.tree_size not in roots:
                problems.append(Problem("deleted", n, None, f"a {origin} signed head covers {head.tree_size} "
                                        f"records; the log holds {n}"))
            elif roots[head.tree_size] != head.root_hash:
                problems.append(Problem("head", None, None, f"the first {head.tree_size} records do not have the "
                                        f"root of the {origin} head (timestamp {head.timestamp}): they were rewritten"))
    return VerifyReport(n, frontier.root().hex(), len(stored_heads) + len(given_heads), problems, unsigned)
