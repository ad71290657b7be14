"""The decision log: append decisions durably, read them back, prove them, verify the whole log.

Examples:
    >>> import tempfile, commitrules
    >>> pack = commitrules.load_policies()
    >>> case = {"kind": "credit_site", "content": {"items": []}}
    >>> log = DecisionLog.open(tempfile.mkdtemp() + "/decisions.db")
    >>> record = log.append(case=case, decision=pack.evaluate(case, as_of="2020-01-01"), engine="compiled")
    >>> (record.index, record.outcome, log.get(record.decision_id) == record)
    (0, 'noncompliant', True)
    >>> log.verify().ok
    True
    >>> log.close()

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Connection, Row, delete, func, insert, select, update

from commitrules.engine.decision import Decision
from commitrules.service.log import schema as s
from commitrules.service.log.heads import SignedTreeHead, Signer, load_public_key
from commitrules.service.log.merkle import Frontier, consistency_path, inclusion_path, root_hash
from commitrules.service.log.records import (
    LogRecord,
    canonical_json,
    format_time,
    sha256_hex,
    uuid7,
)
from commitrules.service.log.redact import Redactor
from commitrules.service.log.verify import VerifyReport, verify_records

__all__ = ["DecisionLog", "LogError"]

_FIELDS = tuple(c.name for c in s.records.columns)


class LogError(Exception):
    """A request the log cannot answer (an unknown decision, a tree size it does not have)."""


class _Prepared:
    """What an append computes before taking the lock: the canonical texts and their hashes."""

    __slots__ = ("fields",)

    def __init__(self, fields: dict[str, Any]) -> None:
        self.fields = fields


class DecisionLog:
    """An append-only, tamper-evident log of decisions in SQLite or PostgreSQL.

    Open it with :meth:`open`. It is safe to share between threads; several processes may append to
    one PostgreSQL (or one SQLite file on one host): every append locks the state row, so the records
    form one sequence, in commit order.
    """

    def __init__(self, url: str, *, signer: Signer | None = None, redactor: Redactor | None = None,
                 head_interval: float | None = None) -> None:
        self.url = url
        self._engine = s.make_engine(url)
        self._reader = s.make_engine(url, writer=False) if url.startswith("sqlite") else self._engine
        s.migrate(self._engine)
        self._signer = signer
        self._redactor = redactor
        self._head_interval = head_interval
        self._last_head = time.monotonic()
        self._leaves: list[bytes] = []  # leaf hashes read so far, for proofs (the log only grows)
        self._leaves_lock = threading.Lock()

    @classmethod
    def open(cls, url: str | Path, *, signing_key: str | Path | None = None, redact_personal: bool = False,
             salt: bytes | str | None = None, head_interval: float | None = None) -> DecisionLog:
        """Open (creating or migrating) the log at ``url``.

        Args:
            url: ``sqlite:///path/decisions.db``, ``postgresql+psycopg://user@host/db``, or a file path
                (an SQLite file).
            signing_key: an Ed25519 private key in PEM (``commitrules log keygen``); without one, tree
                heads are not signed (verification still recomputes every hash).
            redact_personal: store the personal fields of cases as salted hashes.
            salt: the secret of those hashes (needed with ``redact_personal``; text is encoded as UTF-8).
            head_interval: issue and store a signed tree head after an append when this many seconds
                passed since the last one (None: only when :meth:`signed_head` is called).

        Raises:
            ValueError: the URL is not SQLite or PostgreSQL, or redaction has no salt.
            KeyFileError: the signing key cannot be read.
        """
        if redact_personal and not salt:
            raise ValueError("redact_personal needs a salt: a secret of the deployment, kept apart from the log")
        signer = Signer.from_file(signing_key) if signing_key is not None else None
        key = salt.encode("utf-8") if isinstance(salt, str) else salt
        redactor = Redactor(key) if redact_personal and key else None
        return cls(s.normalise_url(url), signer=signer, redactor=redactor, head_interval=head_interval)

    def close(self) -> None:
        """Close the database connections."""
        self._engine.dispose()
        if self._reader is not self._engine:
            self._reader.dispose()

    def __enter__(self) -> DecisionLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def public_key(self) -> Any:
        """The Ed25519 public key of the signing key, or None."""
        return self._signer.public_key if self._signer is not None else None

    # -- appending --------------------------------------------------------------------------------
    def _prepare(self, case: Mapping[str, Any] | BaseModel, decision: Decision, engine: str,
                 caller: str | None, request_id: str | None) -> _Prepared:
        data = case.model_dump(mode="json") if isinstance(case, BaseModel) else dict(case)
        if self._redactor is not None:
            data = self._redactor.redact(data)
        case_json = canonical_json(data)
        decision_json = canonical_json(decision.model_dump(mode="json"))
        return _Prepared({
            "type": "decision", "kind": decision.kind, "outcome": decision.outcome,
            "case_json": case_json, "case_sha256": sha256_hex(case_json),
            "decision_json": decision_json, "decision_sha256": sha256_hex(decision_json),
            "pack_name": decision.policy.name, "pack_version": decision.policy.version,
            "pack_digest": decision.policy.digest, "engine": engine, "as_of": decision.as_of.isoformat(),
            "caller": caller, "request_id": request_id,
        })

    def append(self, case: Mapping[str, Any] | BaseModel, decision: Decision, engine: str = "compiled",
               caller: str | None = None, request_id: str | None = None) -> LogRecord:
        """Record one decision; it is on disk (committed) when this returns.

        Args:
            case: the case as given (JSON data), or the typed case.
            decision: the decision made for it.
            engine: the engine that made it.
            caller: who asked (the service's token name).
            request_id: the request's id.
        """
        return self._commit([self._prepare(case, decision, engine, caller, request_id)])[0]

    def append_many(self, items: Iterable[Mapping[str, Any]]) -> list[LogRecord]:
        """Record several decisions in one transaction (group commit): all are durable, or none.

        Args:
            items: mappings with the keyword arguments of :meth:`append`.
        """
        prepared = [self._prepare(item["case"], item["decision"], item.get("engine", "compiled"),
                                  item.get("caller"), item.get("request_id")) for item in items]
        return self._commit(prepared) if prepared else []

    def _commit(self, prepared: Sequence[_Prepared]) -> list[LogRecord]:
        out: list[LogRecord] = []
        with self._engine.begin() as conn:
            size, last, frontier = self._lock_state(conn)
            rows = []
            for item in prepared:
                now = time.time_ns()
                fields = dict(item.fields)
                fields.update(idx=size, decision_id=str(uuid7(now)), prev_hash=last,
                              recorded_at=format_time(dt.datetime.fromtimestamp(now / 1e9, dt.UTC)))
                record = _record(fields, leaf_hash="")
                leaf = record.computed_leaf_hash()
                fields["leaf_hash"] = leaf
                frontier.append(bytes.fromhex(leaf))
                rows.append(fields)
                out.append(_record(fields))
                size, last = size + 1, leaf
            conn.execute(insert(s.records), rows)
            conn.execute(update(s.state).where(s.state.c.id == 1)
                         .values(size=size, last_hash=last, frontier=frontier.encode()))
        if self._head_interval is not None and time.monotonic() - self._last_head >= self._head_interval:
            self.signed_head()
        return out

    @staticmethod
    def _lock_state(conn: Connection) -> tuple[int, str, Frontier]:
        # FOR UPDATE serialises appenders on PostgreSQL; SQLite's BEGIN IMMEDIATE already did.
        row = conn.execute(select(s.state).where(s.state.c.id == 1).with_for_update()).one()
        return int(row.size), str(row.last_hash), Frontier.decode(int(row.size), row.frontier)

    # -- reading ----------------------------------------------------------------------------------
    def get(self, decision_id: str) -> LogRecord | None:
        """The record of a decision, or None."""
        with self._reader.connect() as conn:
            row = conn.execute(select(s.records).where(s.records.c.decision_id == str(decision_id))).first()
        return _from_row(row) if row is not None else None

    def search(self, since: dt.datetime | str | None = None, until: dt.datetime | str | None = None,
               kind: str | None = None, outcome: str | None = None, pack_digest: str | None = None,
               limit: int | None = 100, offset: int = 0) -> list[LogRecord]:
        """Records in log order, filtered; ``since`` is inclusive, ``until`` exclusive (UTC times)."""
        query = select(s.records).order_by(s.records.c.idx)
        if since is not None:
            query = query.where(s.records.c.recorded_at >= _time_text(since))
        if until is not None:
            query = query.where(s.records.c.recorded_at < _time_text(until))
        for column, value in (("kind", kind), ("outcome", outcome), ("pack_digest", pack_digest)):
            if value is not None:
                query = query.where(s.records.c[column] == value)
        query = query.offset(max(offset, 0))
        if limit is not None:
            query = query.limit(max(limit, 0))
        with self._reader.connect() as conn:
            return [_from_row(row) for row in conn.execute(query)]

    def iter_records(self, batch: int = 1000, **filters: Any) -> Iterable[LogRecord]:
        """Every record matching ``filters`` (those of :meth:`search`), read ``batch`` at a time."""
        offset = 0
        while True:
            page = self.search(limit=batch, offset=offset, **filters)
            yield from page
            if len(page) < batch:
                return
            offset += batch

    def size(self) -> int:
        """How many records the log holds."""
        with self._reader.connect() as conn:
            return int(conn.execute(select(s.state.c.size)).scalar_one())

    # -- heads and proofs -------------------------------------------------------------------------
    def signed_head(self) -> SignedTreeHead:
        """Sign the current tree, store the head, and return it (unsigned without a key)."""
        with self._reader.connect() as conn:
            row = conn.execute(select(s.state)).one()
        root = Frontier.decode(int(row.size), row.frontier).root().hex()
        return self._issue(int(row.size), root)

    def _issue(self, size: int, root: str) -> SignedTreeHead:
        timestamp = time.time_ns() // 1_000_000
        head = (self._signer.sign(size, root, timestamp) if self._signer is not None
                else SignedTreeHead(size, root, timestamp, None, None))
        with self._engine.begin() as conn:
            conn.execute(insert(s.heads).values(**head.to_dict()))
        self._last_head = time.monotonic()
        return head

    def heads(self) -> list[SignedTreeHead]:
        """Every stored head, oldest first."""
        with self._reader.connect() as conn:
            rows = conn.execute(select(s.heads).order_by(s.heads.c.id)).all()
        return [SignedTreeHead(int(r.tree_size), r.root_hash, int(r.timestamp), r.signature, r.key_id)
                for r in rows]

    def _head_for(self, size: int) -> SignedTreeHead:
        """A signed head of the tree of ``size`` records: the latest stored one, else a new one."""
        with self._reader.connect() as conn:
            row = conn.execute(select(s.heads).where(s.heads.c.tree_size == size)
                               .order_by(s.heads.c.id.desc()).limit(1)).first()
        if row is not None and (row.signature is not None or self._signer is None):
            return SignedTreeHead(int(row.tree_size), row.root_hash, int(row.timestamp), row.signature, row.key_id)
        return self._issue(size, root_hash(self._leaf_hashes(size)).hex())

    def _leaf_hashes(self, size: int) -> list[bytes]:
        with self._leaves_lock:
            if len(self._leaves) < size:
                with self._reader.connect() as conn:
                    rows = conn.execute(select(s.records.c.idx, s.records.c.leaf_hash)
                                        .where(s.records.c.idx >= len(self._leaves), s.records.c.idx < size)
                                        .order_by(s.records.c.idx)).all()
                for idx, leaf in rows:
                    if idx != len(self._leaves):
                        raise LogError(f"record {len(self._leaves)} is missing from the log: run 'log verify'")
                    self._leaves.append(bytes.fromhex(leaf))
            if len(self._leaves) < size:
                raise LogError(f"the log holds {len(self._leaves)} records, not {size}")
            return self._leaves[:size]

    def inclusion_proof(self, decision_id: str, tree_size: int | None = None) -> dict[str, Any]:
        """The proof that a decision's record is in the tree of ``tree_size`` (default: the current tree).

        Returns:
            ``decision_id``, ``leaf_index``, ``leaf`` (the header's canonical JSON), ``leaf_hash``,
            ``audit_path`` (hex, bottom-up) and ``head`` (the signed tree head it leads to).

        Raises:
            LogError: the decision is not in the log, or not yet in a tree of ``tree_size``.
        """
        record = self.get(decision_id)
        if record is None:
            raise LogError(f"decision '{decision_id}' is not in the log")
        head = self.signed_head() if tree_size is None else self._head_for(tree_size)
        if record.index >= head.tree_size:
            raise LogError(f"decision '{decision_id}' is record {record.index}, after the tree of "
                           f"{head.tree_size} records")
        leaves = self._leaf_hashes(head.tree_size)
        return {
            "decision_id": record.decision_id,
            "leaf_index": record.index,
            "leaf": record.leaf(),
            "leaf_hash": record.leaf_hash,
            "audit_path": [h.hex() for h in inclusion_path(leaves, record.index)],
            "head": head.to_dict(),
        }

    def consistency_proof(self, first_size: int, second_size: int | None = None) -> dict[str, Any]:
        """The proof that the tree of ``second_size`` records (default: current) extends that of ``first_size``.

        Raises:
            LogError: a size is larger than the log or the first is larger than the second.
        """
        second = self.signed_head() if second_size is None else self._head_for(second_size)
        if not 0 <= first_size <= second.tree_size:
            raise LogError(f"a tree of {first_size} records cannot precede one of {second.tree_size}")
        first = self._head_for(first_size)
        leaves = self._leaf_hashes(second.tree_size)
        return {"first": first.to_dict(), "second": second.to_dict(),
                "proof": [h.hex() for h in consistency_path(leaves, first_size)]}

    # -- verification and retention ---------------------------------------------------------------
    def verify(self, heads: Iterable[SignedTreeHead] | None = None, public_key: Any = None) -> VerifyReport:
        """Recompute every hash and the tree; check it against the stored heads and ``heads``.

        Args:
            heads: heads an auditor kept (they must match, and be signed by the log's key).
            public_key: the key (object or PEM path) that signs heads; default: the signing key's.
        """
        key = load_public_key(public_key) if isinstance(public_key, str | Path) else public_key
        with self._reader.connect() as conn:
            rows = [_from_row(r) for r in conn.execute(select(s.records).order_by(s.records.c.idx))]
            state = conn.execute(select(s.state)).one()
        stored = self.heads()
        return verify_records(rows, int(state.size), state.last_hash, stored, list(heads or ()),
                              key if key is not None else self.public_key)

    def prune(self, older_than: dt.timedelta, now: dt.datetime | None = None) -> LogRecord | None:
        """Delete the case and decision of records older than ``older_than``; keep their hashes.

        A tombstone record, appended in the same transaction, lists the records pruned, so that
        verification knows their bodies are missing on purpose. Returns it (None: nothing expired).
        """
        cutoff = format_time((now or dt.datetime.now(dt.UTC)) - older_than)
        with self._engine.begin() as conn:
            size, last, frontier = self._lock_state(conn)
            expired = [int(i) for i in conn.execute(
                select(s.records.c.idx).where(s.records.c.recorded_at < cutoff, s.records.c.type == "decision",
                                              s.records.c.decision_json.is_not(None)).order_by(s.records.c.idx)
            ).scalars()]
            if not expired:
                return None
            body = canonical_json({"older_than": cutoff, "count": len(expired), "pruned": _ranges(expired)})
            now_ns = time.time_ns()
            fields: dict[str, Any] = {
                "idx": size, "decision_id": str(uuid7(now_ns)), "type": "tombstone",
                "recorded_at": format_time(dt.datetime.fromtimestamp(now_ns / 1e9, dt.UTC)),
                "kind": "tombstone", "outcome": "pruned", "case_json": None, "case_sha256": None,
                "decision_json": body, "decision_sha256": sha256_hex(body), "pack_name": None,
                "pack_version": None, "pack_digest": None, "engine": None, "as_of": None, "caller": None,
                "request_id": None, "prev_hash": last,
            }
            fields["leaf_hash"] = _record(fields, leaf_hash="").computed_leaf_hash()
            frontier.append(bytes.fromhex(fields["leaf_hash"]))
            for chunk in range(0, len(expired), 500):
                conn.execute(update(s.records).where(s.records.c.idx.in_(expired[chunk:chunk + 500]))
                             .values(case_json=None, decision_json=None))
            conn.execute(insert(s.records).values(**fields))
            conn.execute(update(s.state).where(s.state.c.id == 1)
                         .values(size=size + 1, last_hash=fields["leaf_hash"], frontier=frontier.encode()))
        return _record(fields)

    def count(self) -> int:
        """How many record rows the database holds (equal to :meth:`size` in an intact log)."""
        with self._reader.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(s.records)).scalar_one())

    def _drop_everything(self) -> None:
        """Delete every record, head and the state (tests reset a shared database with it)."""
        with self._engine.begin() as conn:
            for table in (s.records, s.heads):
                conn.execute(delete(table))
            conn.execute(update(s.state).values(size=0, last_hash="0" * 64, frontier=""))
        self._leaves.clear()


def _ranges(indexes: Sequence[int]) -> list[list[int]]:
    """Sorted indexes as ``[first, last]`` runs."""
    runs: list[list[int]] = []
    for i in indexes:
        if runs and runs[-1][1] == i - 1:
            runs[-1][1] = i
        else:
            runs.append([i, i])
    return runs


def _time_text(value: dt.datetime | str) -> str:
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise ValueError(f"'{value}' is not a time (ISO 8601, e.g. 2026-12-05T08:00:00Z)") from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return format_time(value)


def _record(fields: Mapping[str, Any], **override: Any) -> LogRecord:
    values = {name: fields.get(name) for name in _FIELDS}
    values.update(override)
    values["index"] = values.pop("idx")
    return LogRecord(**values)


def _from_row(row: Row[Any]) -> LogRecord:
    return _record(row._mapping)  # noqa: SLF001 - the documented way to read a Row by column name
