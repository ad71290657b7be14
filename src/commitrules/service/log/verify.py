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

import dataclasses
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from commitrules.messages import Lang, Text, message
from commitrules.service.log.heads import SignedTreeHead
from commitrules.service.log.merkle import Frontier
from commitrules.service.log.records import GENESIS, LogRecord

__all__ = ["Problem", "VerifyReport", "verify_records"]

ProblemKind = Literal["edited", "deleted", "inserted", "reordered", "head", "signature"]
#: How far from its position a moved record is looked for (a wider move is reported as an edit).
_WINDOW = 64


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the log: its kind, the record's position and id (when known), and why.

    Why is a catalogue text (``log.verify.*``), said in the reader's language; :attr:`message` and
    :attr:`message_zh` are its English and Chinese, as the JSON report gives them.
    """

    kind: ProblemKind
    index: int | None
    decision_id: str | None
    text: Text

    @property
    def message(self) -> str:
        """Why, in English."""
        return self.text.in_("en")

    @property
    def message_zh(self) -> str:
        """Why, in Chinese."""
        return self.text.in_("zh")

    def render(self, lang: str = "en") -> str:
        """One line for the command line or the log page, in English (``en``) or Chinese (``zh``)."""
        said: Lang = "zh" if lang == "zh" else "en"
        where = Text("log.verify.record", index=self.index) if self.index is not None else Text("log.verify.the_log")
        who = message("log.verify.who", said, id=self.decision_id) if self.decision_id else ""
        kind = Text(f"log.verify.kind.{self.kind}")
        return message("log.verify.problem", said, kind=kind, where=where, who=who, message=self.text)


@dataclass(frozen=True, slots=True)
class VerifyReport:
    """What :meth:`DecisionLog.verify` found."""

    size: int
    root_hash: str
    heads_checked: int
    problems: list[Problem] = field(default_factory=list)
    unsigned_heads: int = 0
    signatures_checked: bool = True

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
        return {
            "ok": self.ok,
            "size": self.size,
            "root_hash": self.root_hash,
            "heads_checked": self.heads_checked,
            "unsigned_heads": self.unsigned_heads,
            "signatures_checked": self.signatures_checked,
            "problems": [
                {
                    "kind": p.kind,
                    "index": p.index,
                    "decision_id": p.decision_id,
                    "message": p.message,
                    "message_zh": p.message_zh,
                }
                for p in self.problems
            ],
        }

    def render(self, lang: str = "en") -> str:
        """The report as text, in English (``en``) or Chinese (``zh``)."""
        if not self.ok:
            return "\n".join(p.render(lang) for p in self.problems)
        said: Lang = "zh" if lang == "zh" else "en"
        unsigned = Text("log.verify.unsigned", count=self.unsigned_heads) if self.unsigned_heads else ""
        unchecked = "" if self.signatures_checked else Text("log.verify.unchecked")
        return message(
            "log.verify.ok",
            said,
            size=self.size,
            root=self.root_hash,
            heads=self.heads_checked,
            unsigned=unsigned,
            unchecked=unchecked,
        )


def _sha(text: object) -> str:
    """The SHA-256 of stored text; empty (matching no hash) for a value the log never writes there."""
    if not isinstance(text, str):
        return ""
    try:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()
    except UnicodeEncodeError:
        return ""


def _leaf_of(record: LogRecord, index: int | None = None) -> str:
    """The recomputed leaf hash (at ``index``); empty (no match) when a field holds a value the log never writes."""
    try:
        return record.computed_leaf_hash(index)
    except (TypeError, ValueError):
        return ""


@dataclass
class _Bodies:
    """What verification keeps of the bodies: the first wrong one, where they are missing, what was pruned."""

    first: Problem | None = None
    missing: set[int] = field(default_factory=set)
    pruned: set[int] = field(default_factory=set)


def _read(records: Iterable[LogRecord]) -> tuple[list[LogRecord], list[str], _Bodies]:
    """Check the bodies of ``records`` as they stream by; keep the headers and the recomputed leaf hashes.

    The bodies (cases and decisions, the bulk of a log) are hashed and dropped, so that verifying a
    large log holds about one kilobyte per record, not the records themselves.
    """
    headers: list[LogRecord] = []
    computed: list[str] = []
    bodies = _Bodies()
    for position, record in enumerate(records):
        if bodies.first is None:
            rid = record.decision_id
            if record.case_json is not None and _sha(record.case_json) != record.case_sha256:
                bodies.first = Problem(
                    "edited",
                    position,
                    rid,
                    Text("log.verify.case_edited"),
                )
            elif record.decision_json is not None and _sha(record.decision_json) != record.decision_sha256:
                bodies.first = Problem(
                    "edited",
                    position,
                    rid,
                    Text("log.verify.decision_edited"),
                )
        leaf = _leaf_of(record)
        if record.type == "tombstone":
            if leaf == record.leaf_hash and _sha(record.decision_json or "") == record.decision_sha256:
                # Only a tombstone the log wrote excuses missing bodies; a forged one is reported where it is.
                bodies.pruned.update(_pruned_by(record))
            headers.append(record)
        else:
            if record.decision_json is None or record.case_json is None:
                bodies.missing.add(position)
            headers.append(dataclasses.replace(record, case_json=None, decision_json=None))
        computed.append(leaf)
    return headers, computed, bodies


def _pruned_by(tombstone: LogRecord) -> set[int]:
    """The positions a tombstone says were pruned (none if its body is not the shape the log writes)."""
    try:
        runs = (tombstone.decision_data() or {}).get("pruned", [])
        return {i for first, last in runs for i in range(int(first), int(last) + 1)}
    except (ValueError, TypeError, AttributeError):
        return set()


def _written_at(record: LogRecord, position: int, previous: dict[str, int]) -> int | None:
    """The position ``record`` was written at, if its stored leaf hash says so, or None."""
    candidates = [previous[record.prev_hash] + 1] if record.prev_hash in previous else []
    if record.prev_hash == GENESIS:
        candidates.append(0)
    candidates.extend(range(max(0, position - _WINDOW), position + _WINDOW + 1))
    for q in dict.fromkeys(candidates):
        if _leaf_of(record, q) == record.leaf_hash:
            return q
    return None


def _check_chain(records: Sequence[LogRecord], computed: Sequence[str], bodies: _Bodies) -> Problem | None:  # noqa: C901, PLR0911 - one return per finding
    """The first structural problem: a missing, edited, inserted or moved record."""
    by_leaf = {r.leaf_hash: p for p, r in enumerate(records)}
    expected_prev = GENESIS
    for position, record in enumerate(records):
        rid = record.decision_id
        if record.index != position:
            return Problem(
                "deleted",
                position,
                None,
                Text("log.verify.missing", position=position, previous=position - 1, index=record.index),
            )
        if bodies.first is not None and bodies.first.index == position:
            return bodies.first
        if position in bodies.missing and position not in bodies.pruned:
            return Problem(
                "deleted",
                position,
                rid,
                Text("log.verify.body_removed"),
            )
        if computed[position] != record.leaf_hash:
            written = _written_at(record, position, by_leaf)
            if written is None:
                after = records[position + 1] if position + 1 < len(records) else None
                if (
                    after is not None
                    and after.prev_hash == expected_prev
                    and _leaf_of(after, position) == after.leaf_hash
                ):
                    return Problem(
                        "inserted",
                        position,
                        rid,
                        Text("log.verify.not_written", position=position),
                    )
                return Problem(
                    "edited",
                    position,
                    rid,
                    Text("log.verify.fields_edited"),
                )
            if written < position:
                return Problem(
                    "inserted",
                    written,
                    records[written].decision_id,
                    Text("log.verify.inserted", count=position - written, written=written, position=position),
                )
            original_here = any(
                r.prev_hash == expected_prev and _leaf_of(r, position) == r.leaf_hash
                for r in records[position + 1 : position + _WINDOW + 1]
            )
            if original_here:
                return Problem(
                    "reordered",
                    position,
                    rid,
                    Text("log.verify.reordered", written=written),
                )
            return Problem(
                "deleted",
                position,
                None,
                Text("log.verify.renumbered", position=position, written=written),
            )
        if record.prev_hash != expected_prev:
            before = records[position - 1] if position else None
            return Problem(
                "edited",
                position - 1 if before else position,
                before.decision_id if before else rid,
                Text("log.verify.chain_edited"),
            )
        expected_prev = record.leaf_hash
    return None


def _state_root(size: int, frontier: str) -> str:
    try:
        return Frontier.decode(size, frontier).root().hex()
    except (ValueError, TypeError):
        return ""


def _check_state(records: Sequence[LogRecord], state_size: int, state_last: str) -> Problem | None:
    """Whether the state row (what the log believes it holds) matches the records."""
    n = len(records)
    last = records[-1].leaf_hash if records else GENESIS
    if state_size == n and state_last == last:
        return None
    if state_size > n:
        return Problem(
            "deleted",
            n,
            None,
            Text("log.verify.tail_deleted", first=n, last=state_size - 1, size=state_size),
        )
    if state_size < n:
        return Problem(
            "inserted",
            state_size,
            records[state_size].decision_id,
            Text("log.verify.tail_inserted", first=state_size, last=n - 1, size=state_size),
        )
    return Problem(
        "edited",
        n - 1,
        records[-1].decision_id,
        Text("log.verify.last_edited"),
    )


def _check_head(head: SignedTreeHead, origin: str, roots: dict[int, str], size: int, public_key: Any) -> list[Problem]:
    """The problems of one head: its signature, and whether the records still have its root."""
    problems = []
    said = Text(f"log.verify.origin.{origin}")
    if head.signature is None and origin == "given":
        problems.append(
            Problem(
                "signature",
                None,
                None,
                Text("log.verify.head_unsigned", size=head.tree_size),
            )
        )
    elif head.signature is not None and public_key is not None and not head.verify(public_key):
        problems.append(
            Problem(
                "signature",
                None,
                None,
                Text("log.verify.head_other_key", origin=said, size=head.tree_size, timestamp=head.timestamp),
            )
        )
    if head.tree_size not in roots:
        problems.append(
            Problem(
                "deleted",
                size,
                None,
                Text("log.verify.head_beyond", origin=said, size=head.tree_size, held=size),
            )
        )
    elif roots[head.tree_size] != head.root_hash:
        problems.append(
            Problem(
                "head",
                None,
                None,
                Text("log.verify.head_rewritten", origin=said, size=head.tree_size, timestamp=head.timestamp),
            )
        )
    return problems


def verify_records(  # noqa: PLR0913, PLR0917 - what a verification reads, all of it
    records: Iterable[LogRecord],
    state_size: int,
    state_last: str,
    stored_heads: Sequence[SignedTreeHead],
    given_heads: Sequence[SignedTreeHead],
    public_key: Any,
    state_frontier: str | None = None,
) -> VerifyReport:
    """Verify the records (in index order) against the state row and the tree heads."""
    records, computed, bodies = _read(records)
    chain = _check_chain(records, computed, bodies)
    state = _check_state(records, state_size, state_last) if chain is None else None
    problems = [p for p in (chain, state) if p is not None]
    sizes = {h.tree_size for h in (*stored_heads, *given_heads)}
    frontier = Frontier()
    roots = {0: frontier.root().hex()}
    for leaf in computed:
        frontier.append(bytes.fromhex(leaf))
        if frontier.size in sizes:
            roots[frontier.size] = frontier.root().hex()
    if not problems and state_frontier is not None and _state_root(state_size, state_frontier) != frontier.root().hex():
        problems.append(
            Problem(
                "edited",
                None,
                None,
                Text("log.verify.frontier_edited"),
            )
        )
    for origin, heads in (("stored", stored_heads), ("given", given_heads)):
        for head in sorted(heads, key=lambda h: h.tree_size):
            problems.extend(_check_head(head, origin, roots, len(records), public_key))
    unsigned = sum(1 for h in (*stored_heads, *given_heads) if h.signature is None)
    heads_checked = len(stored_heads) + len(given_heads)
    signed = heads_checked - unsigned
    return VerifyReport(
        len(records), frontier.root().hex(), heads_checked, problems, unsigned, public_key is not None or not signed
    )
