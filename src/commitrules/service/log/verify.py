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

from commitrules.service.log.heads import SignedTreeHead
from commitrules.service.log.merkle import Frontier
from commitrules.service.log.records import GENESIS, LogRecord

__all__ = ["Problem", "VerifyReport", "verify_records"]

ProblemKind = Literal["edited", "deleted", "inserted", "reordered", "head", "signature"]
_KIND_ZH = {
    "edited": "被修改",
    "deleted": "被删除",
    "inserted": "被插入",
    "reordered": "顺序被改",
    "head": "与签名树头不符",
    "signature": "签名无效",
}
_ORIGIN_ZH = {"stored": "日志保存的", "given": "所给的"}
#: How far from its position a moved record is looked for (a wider move is reported as an edit).
_WINDOW = 64


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the log: its kind, the record's position and id (when known), and why."""

    kind: ProblemKind
    index: int | None
    decision_id: str | None
    message: str
    message_zh: str = ""

    def render(self, lang: str = "en") -> str:
        """One line for the command line, in English (``en``) or Chinese (``zh``)."""
        who = f" ({self.decision_id})" if self.decision_id else ""
        if lang == "zh":
            where = f"第 {self.index} 条记录" if self.index is not None else "日志"
            return f"{_KIND_ZH[self.kind]}: {where}{who}: {self.message_zh or self.message}"
        where = f"record {self.index}" if self.index is not None else "log"
        return f"{self.kind}: {where}{who}: {self.message}"


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
        if lang == "zh":
            unsigned = f",其中 {self.unsigned_heads} 个未签名" if self.unsigned_heads else ""
            return f"完好: {self.size} 条记录,根哈希 {self.root_hash},已核对 {self.heads_checked} 个树头{unsigned}" + (
                "" if self.signatures_checked else ";未核对签名(请给出公钥)"
            )
        unsigned = f"; {self.unsigned_heads} unsigned" if self.unsigned_heads else ""
        unchecked = "" if self.signatures_checked else "; signatures not checked (no public key given)"
        heads = f"{self.heads_checked} tree heads checked{unsigned}{unchecked}"
        return f"ok: {self.size} records, root {self.root_hash}, {heads}"


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
                    "its case is not the case recorded (SHA-256 differs)",
                    "案件内容与记录时不同(SHA-256 不符)",
                )
            elif record.decision_json is not None and _sha(record.decision_json) != record.decision_sha256:
                bodies.first = Problem(
                    "edited",
                    position,
                    rid,
                    "its decision is not the decision recorded (SHA-256 differs)",
                    "决定内容与记录时不同(SHA-256 不符)",
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
                f"there is no record {position}: the log goes from record {position - 1} to record {record.index}",
                f"缺少第 {position} 条记录:日志从第 {position - 1} 条直接跳到第 {record.index} 条",
            )
        if bodies.first is not None and bodies.first.index == position:
            return bodies.first
        if position in bodies.missing and position not in bodies.pruned:
            return Problem(
                "deleted",
                position,
                rid,
                "its case or decision was removed, and no tombstone record says retention pruned it",
                "案件或决定内容已被删除,但没有保存期限清理的墓碑记录说明此事",
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
                        f"this record was not written by the log: the next record was written at position {position}",
                        f"此记录不是日志写入的:下一条记录原本写在第 {position} 位",
                    )
                return Problem(
                    "edited",
                    position,
                    rid,
                    "its fields are not those recorded (leaf hash differs)",
                    "记录字段与写入时不同(叶哈希不符)",
                )
            if written < position:
                return Problem(
                    "inserted",
                    written,
                    records[written].decision_id,
                    f"{position - written} record(s) from position {written} were not written by the "
                    f"log: record {position} was written at position {written}",
                    f"自第 {written} 位起有 {position - written} 条记录不是日志写入的:"
                    f"第 {position} 条记录原本写在第 {written} 位",
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
                    f"this record was written at position {written}",
                    f"此记录原本写在第 {written} 位",
                )
            return Problem(
                "deleted",
                position,
                None,
                f"the record written at position {position} was deleted "
                f"and later records renumbered (the record now here was written at {written})",
                f"原第 {position} 条记录被删除,其后的记录被重新编号(现在这里的记录原本写在第 {written} 位)",
            )
        if record.prev_hash != expected_prev:
            before = records[position - 1] if position else None
            return Problem(
                "edited",
                position - 1 if before else position,
                before.decision_id if before else rid,
                "it was changed and its leaf hash recomputed: the next record's chain names another leaf hash",
                "此记录被修改并重新计算了叶哈希:下一条记录链接的是另一个叶哈希",
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
            f"records {n} to {state_size - 1} were deleted from the end (the log's state counts {state_size} records)",
            f"末尾第 {n} 至 {state_size - 1} 条记录被删除(日志状态记载共 {state_size} 条)",
        )
    if state_size < n:
        return Problem(
            "inserted",
            state_size,
            records[state_size].decision_id,
            f"records {state_size} to {n - 1} were not appended by the log (its state counts {state_size} records)",
            f"第 {state_size} 至 {n - 1} 条记录不是日志追加的(日志状态记载共 {state_size} 条)",
        )
    return Problem(
        "edited",
        n - 1,
        records[-1].decision_id,
        "the last record was changed and its leaf hash recomputed: the log's state names another leaf hash",
        "最后一条记录被修改并重新计算了叶哈希:日志状态记载的是另一个叶哈希",
    )


def _check_head(head: SignedTreeHead, origin: str, roots: dict[int, str], size: int, public_key: Any) -> list[Problem]:
    """The problems of one head: its signature, and whether the records still have its root."""
    problems = []
    if head.signature is None and origin == "given":
        problems.append(
            Problem(
                "signature",
                None,
                None,
                f"the given head of size {head.tree_size} is not signed",
                f"所给的树头(规模 {head.tree_size})没有签名",
            )
        )
    elif head.signature is not None and public_key is not None and not head.verify(public_key):
        problems.append(
            Problem(
                "signature",
                None,
                None,
                f"the {origin} head of size {head.tree_size} (timestamp "
                f"{head.timestamp}) is not signed by the log's key",
                f"{_ORIGIN_ZH[origin]}树头(规模 {head.tree_size},时间戳 {head.timestamp})不是用本日志的密钥签名的",
            )
        )
    if head.tree_size not in roots:
        problems.append(
            Problem(
                "deleted",
                size,
                None,
                f"a {origin} signed head covers {head.tree_size} records; the log holds {size}",
                f"{_ORIGIN_ZH[origin]}签名树头涵盖 {head.tree_size} 条记录,日志只有 {size} 条",
            )
        )
    elif roots[head.tree_size] != head.root_hash:
        problems.append(
            Problem(
                "head",
                None,
                None,
                f"the first {head.tree_size} records do not have the root of "
                f"the {origin} head (timestamp {head.timestamp}): they were rewritten",
                f"前 {head.tree_size} 条记录的根哈希与{_ORIGIN_ZH[origin]}树头(时间戳 {head.timestamp})不符:"
                "这些记录被改写过",
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
                "the log's state row holds another tree than its records (its frontier was changed): "
                "the next heads would sign a wrong root",
                "日志状态行记载的树与记录不符(其前沿哈希被改动):之后签发的树头会签错根哈希",
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
