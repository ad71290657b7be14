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

import contextlib
import datetime as dt
import hashlib
import logging
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Self

from pydantic import BaseModel
from sqlalchemy import Connection, event, func, select
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from commitrules.engine.decision import Decision
from commitrules.service.log import retention
from commitrules.service.log import schema as s
from commitrules.service.log.checkpoints import Checkpointer
from commitrules.service.log.decision_text import DecisionTexts, WrittenDecision
from commitrules.service.log.heads import SignedTreeHead, Signer, load_public_key
from commitrules.service.log.merkle import Frontier, leaf_hash
from commitrules.service.log.proofs import LogError, TreeKeeper
from commitrules.service.log.records import (
    LogRecord,
    RecordedAt,
    Uuid7,
    canonical_json,
    format_time,
    leaf_bytes,
    stored_values,
    time_filter,
    unreadable,
)
from commitrules.service.log.redact import Redactor
from commitrules.service.log.rows import Statements, StoredTexts, record_of, text_size
from commitrules.service.log.verify import VerifyReport, verify_records

__all__ = ["DecisionLog", "LogError"]

_logger = logging.getLogger(__name__)


class DecisionLog:
    """An append-only, tamper-evident log of decisions in SQLite or PostgreSQL.

    Open it with :meth:`open`. It is safe to share between threads; several processes may append to
    one PostgreSQL (or one SQLite file on one host): every append locks the state row, so the records
    form one sequence, in commit order.
    """

    def __init__(
        self,
        url: str,
        *,
        signer: Signer | None = None,
        redactor: Redactor | None = None,
        head_interval: float | None = None,
        read_only: bool = False,
    ) -> None:
        self.url = url
        self.read_only = read_only
        self._checkpointer: Checkpointer | None = None  # before anything close() reads
        if read_only:
            self._engine = self._reader = s.read_only_engine(url)
        else:
            s.refuse_foreign_file(url)  # before the engine's first connection sets WAL mode in it
            self._engine = s.make_engine(url)
            self._reader = s.make_engine(url, writer=False) if url.startswith("sqlite") else self._engine
        try:
            if read_only:
                with self._reader.connect() as conn:
                    version = s.check_schema(conn, url)
            else:
                s.migrate(self._engine)
                version = s.SCHEMA_VERSION
        except BaseException:
            self.close()
            raise
        self._signer = signer
        self._redactor = redactor
        self._head_interval = head_interval
        self._tree = TreeKeeper(self._engine, self._reader, signer, store=not read_only)
        self._ids = Uuid7()
        self._recorded_at = RecordedAt()
        self._decision_texts = DecisionTexts()
        self._statements = Statements(self._engine.dialect.name)
        #: The records' query for this log's schema (an older log opened read-only has no log_texts).
        self._records = s.records_query(version)
        #: The decisions' pieces this log committed: each set is stored once (see _append_rows).
        self._texts = StoredTexts(self._statements)

    @classmethod
    def open(  # noqa: PLR0913 - keyword-only options of opening a log
        cls,
        url: str | Path,
        *,
        signing_key: str | Path | None = None,
        redact_personal: bool = False,
        salt: bytes | str | None = None,
        head_interval: float | None = None,
        read_only: bool = False,
    ) -> DecisionLog:
        """Open (creating or migrating) the log at ``url``; or, ``read_only``, read it and never write to it.

        Args:
            url: ``sqlite:///path/decisions.db``, ``postgresql+psycopg://user@host/db``, or a file path
                (an SQLite file).
            signing_key: an Ed25519 private key in PEM (``commitrules log keygen``); without one, tree
                heads are not signed (verification still recomputes every hash).
            redact_personal: store the personal fields of cases as salted hashes.
            salt: the secret of those hashes (needed with ``redact_personal``; text is encoded as UTF-8).
            head_interval: issue and store a signed tree head after an append when this many seconds
                passed since the last one (None: only when :meth:`signed_head` is called).
            read_only: open an existing log to read, prove and verify it without ever writing to it: an
                auditor's copy they cannot write to (a read-only file, folder or mount; a PostgreSQL role
                that may only SELECT). Nothing is created, switched to WAL or migrated: the schema version
                is only checked. Heads issued are not stored; appending and pruning raise :class:`LogError`.

        Raises:
            ValueError: the URL is not SQLite or PostgreSQL, or redaction has no salt.
            LogSchemaError: the SQLite file is another program's database (it has tables, none of them
                the log's; a new or empty file is made a log), or the log's schema cannot be used (read-only:
                also a database without the log, or a schema only a migration would make readable).
            KeyFileError: the signing key cannot be read.
            LogReadOnlyError: (read-only) an SQLite log whose ``-wal`` cannot be read without writing.
        """
        if redact_personal and not salt:
            raise ValueError("redact_personal needs a salt: a secret of the deployment, kept apart from the log")
        signer = Signer.from_file(signing_key) if signing_key is not None else None
        key = salt.encode("utf-8") if isinstance(salt, str) else salt
        redactor = Redactor(key) if redact_personal and key else None
        url = s.normalise_url(url)
        return cls(url, signer=signer, redactor=redactor, head_interval=head_interval, read_only=read_only)

    def __repr__(self) -> str:
        return f"DecisionLog({s.safe_url(self.url)!r})"

    def close(self) -> None:
        """Close the database connections (after the WAL's checkpoint thread has ended, if there is one)."""
        if self._checkpointer is not None:
            self._checkpointer.close()  # logs it if a checkpoint still runs, on a connection then left open
        self._engine.dispose()
        if self._reader is not self._engine:
            self._reader.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def public_key(self) -> Any:
        """The Ed25519 public key of the signing key, or None."""
        return self._signer.public_key if self._signer is not None else None

    # -- checkpoints (SQLite) -------------------------------------------------------------------------
    def checkpoint_when_idle(self) -> bool:
        """Checkpoint the WAL when its writer says it is idle, not inside a commit (SQLite; see :mod:`.checkpoints`).

        For a process with one writer that calls :meth:`checkpoint_if_due` after each write (the service's
        group-commit writer). Call it before the first append. Durability is unchanged: every commit is
        on disk when it returns.

        Returns:
            Whether it applies (SQLite); PostgreSQL has no WAL of the log's to checkpoint.
        """
        if self._engine.dialect.name != "sqlite" or self.read_only or self._checkpointer is not None:
            return self._checkpointer is not None

        @event.listens_for(self._engine, "connect")
        def _manual(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.execute("PRAGMA wal_autocheckpoint=0")

        self._engine.dispose()  # connections opened before (by migrate) are opened again, with the setting
        self._checkpointer = Checkpointer(self._engine)
        return True

    @property
    def checkpointer(self) -> Checkpointer | None:
        """The WAL's checkpointer after :meth:`checkpoint_when_idle` (SQLite), else None."""
        return self._checkpointer

    @property
    def checkpoint_failures(self) -> int:
        """Checkpoints of the WAL that failed since :meth:`checkpoint_when_idle` (0 without it)."""
        return self._checkpointer.failures if self._checkpointer is not None else 0

    def checkpoint_if_due(self, *, idle: bool) -> bool:
        """After a write: checkpoint if the WAL is due one (``idle``: nothing is waiting to be written).

        Past 1,000 pages a checkpoint starts in the background; an idle writer past 2,000, or any past
        3,000, copies the rest itself and starts the WAL over (:mod:`.checkpoints`). Nothing without
        :meth:`checkpoint_when_idle`.

        Returns:
            Whether a checkpoint was started or run.
        """
        if self._checkpointer is None:
            return False
        return self._checkpointer.idle() if idle else self._checkpointer.busy()

    # -- appending --------------------------------------------------------------------------------
    def _prepare(  # noqa: PLR0913 - a record's fields as append takes them
        self,
        case: Mapping[str, Any] | BaseModel,
        decision: Decision | None,
        engine: str,
        caller: str | None,
        request_id: str | None,
        *,
        case_json: str | bytes | None = None,
        written: WrittenDecision | None = None,
    ) -> dict[str, Any]:
        """A record's fields before its place in the chain: its texts (also as UTF-8) and their hashes."""
        if case_json is None or self._redactor is not None:
            if isinstance(case, BaseModel):
                data: Any = case.model_dump(mode="json")
            else:
                data = case if type(case) is dict else dict(case)
            if self._redactor is not None:
                data = self._redactor.redact(data)
            case_json = canonical_json(data)
        # Each body is encoded once: hashed and stored (SQLite) as these bytes, decoded once for the record.
        # A text the driver is not given (SQLite binds the UTF-8) is decoded only for a record read back.
        bodies_as_text = self._statements.bodies_as_text
        if isinstance(case_json, bytes):
            case_utf8, case_text = case_json, case_json.decode("utf-8") if bodies_as_text else None
        else:
            case_utf8, case_text = case_json.encode("utf-8"), case_json
        if written is None:
            if decision is None:
                raise TypeError("a record needs its decision, or the decision written (written=)")
            written = self._decision_texts.written(decision)
        decision_utf8, template = written.utf8, written.template
        # Joined from pieces: stored as their key and its parts (the pieces once, in log_texts); the whole hashed.
        whole, parts, policy = template is None, written.parts_utf8, written.policy
        return {
            "type": "decision",
            "kind": written.kind,
            "outcome": written.outcome,
            "case_json": case_text,
            "case_sha256": hashlib.sha256(case_utf8).hexdigest(),
            "case_utf8": bytearray(case_utf8),  # sqlite3 binds a bytearray as is; bytes look for an adapter
            "decision_json": decision_utf8.decode("utf-8") if bodies_as_text and whole else None,
            "decision_sha256": hashlib.sha256(decision_utf8).hexdigest(),
            "decision_utf8": bytearray(decision_utf8) if whole else None,
            "decision_body": decision_utf8,
            "decision_text": None if template is None else template.key,
            "decision_parts": parts.decode("utf-8") if parts is not None and bodies_as_text else None,
            "parts_utf8": None if parts is None else bytearray(parts),
            "template": template,
            "pack_name": policy.name,
            "pack_version": policy.version,
            "pack_digest": policy.digest,
            "engine": engine,
            "as_of": written.as_of,
            "caller": caller,
            "request_id": request_id,
        }

    def append(
        self,
        case: Mapping[str, Any] | BaseModel,
        decision: Decision,
        engine: str = "compiled",
        caller: str | None = None,
        request_id: str | None = None,
    ) -> LogRecord:
        """Record one decision; it is on disk (committed) when this returns.

        Args:
            case: the case as given (JSON data), or the typed case.
            decision: the decision made for it.
            engine: the engine that made it.
            caller: who asked (the service's token name).
            request_id: the request's id.
        """
        return record_of(self._commit([self._prepare(case, decision, engine, caller, request_id)])[0])

    def append_many(self, items: Iterable[Mapping[str, Any]]) -> list[LogRecord]:
        """Record several decisions in one transaction (group commit): all are durable, or none.

        Args:
            items: mappings with the keyword arguments of :meth:`append`; also ``case_json``, the case's
                canonical JSON (:func:`~commitrules.service.log.records.canonical_json` of ``case``, as
                text or UTF-8 bytes) when the caller has written it already (the service's batch
                route), used unless the log redacts personal fields; and ``written``, the decision's
                :class:`~commitrules.service.log.decision_text.WrittenDecision` when the caller has written
                it already (the service's routes answer with its very text), used as it is; ``decision``
                may then be left out (the written decision holds what the record names of it).

        .. versionchanged:: 0.1.0 ``written``.
        .. versionchanged:: 0.2.0 ``decision`` may be left out when ``written`` is given.
        """
        return [record_of(fields) for fields in self._append_items(items)]

    def append_many_ids(self, items: Iterable[Mapping[str, Any]]) -> list[str]:
        """:meth:`append_many`, answering only the decision ids, in order (what the service answers with).

        The same records are appended; they are not read back as :class:`LogRecord` objects, which costs
        about a microsecond and a half per record.
        """
        return [fields["decision_id"] for fields in self._append_items(items)]

    def _append_items(self, items: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
        """Prepare and append :meth:`append_many`'s ``items`` in one transaction; the rows' fields."""
        prepared = [
            self._prepare(
                item["case"],
                item.get("decision"),
                item.get("engine", "compiled"),
                item.get("caller"),
                item.get("request_id"),
                case_json=item.get("case_json"),
                written=item.get("written"),
            )
            for item in items
        ]
        return self._commit(prepared) if prepared else []

    def _commit(self, prepared: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
        self._check_writable()
        rows = self._transaction(prepared)
        if self._checkpointer is not None:
            texts = sum("text_offered" in fields for fields in rows)
            self._checkpointer.written(1, len(rows), text_size(rows), texts)
        if self._head_interval is not None and time.monotonic() - self._tree.last_issued >= self._head_interval:
            try:
                self.signed_head()
            except SQLAlchemyError:
                # The records are committed and must be acknowledged; the head is issued after a later append.
                _logger.warning("could not store a signed tree head; will try again", exc_info=True)
        return rows

    def _check_writable(self) -> None:
        if self.read_only:
            raise LogError("the decision log is open read-only: it cannot be appended to or pruned")

    def _transaction(self, items: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
        """Append ``items`` in a transaction of their own on a pooled connection, driven through the driver.

        SQLAlchemy's :class:`~sqlalchemy.engine.Connection` (its events, its transaction object, its
        statement for ``BEGIN IMMEDIATE``) cost about a tenth of a millisecond per transaction, a fifth of a
        one-record append; the pool still gives the connection (with its checks) and takes it back. A
        driver's error is raised as SQLAlchemy's, as it was through the :class:`~sqlalchemy.engine.Connection`.
        """
        dbapi_error = self._engine.dialect.loaded_dbapi.Error
        raw = self._engine.raw_connection()
        try:
            cursor = raw.cursor()
            try:
                if self._statements.begin is not None:
                    cursor.execute(self._statements.begin)
                rows = self._append_rows(cursor, items)
                raw.commit()
                self._texts.committed(rows)
            except BaseException:
                with contextlib.suppress(Exception):  # a broken connection: the first error is the one to report
                    raw.rollback()
                raise
            finally:
                with contextlib.suppress(Exception):
                    cursor.close()
        except dbapi_error as exc:
            lost = self._engine.dialect.is_disconnect(exc, raw.dbapi_connection, None)
            if lost:
                raw.invalidate(exc)  # the pool opens a new connection next time, as it does for a Connection
            raise DBAPIError.instance(None, None, exc, dbapi_error, connection_invalidated=lost) from None
        finally:
            raw.close()  # back to the pool
        return rows

    def _append_locked(self, conn: Connection, items: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
        """Append records in ``conn``'s transaction (begun by SQLAlchemy), through its driver's cursor."""
        cursor = conn.connection.cursor()
        try:
            return self._append_rows(cursor, items)
        finally:
            cursor.close()

    def _append_rows(self, cursor: Any, items: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
        """Append records (their fields but position, id, time and hashes) in ``cursor``'s transaction.

        Each dict of ``items`` (the append's own, made for it) is filled in with the rest and returned.

        The state row is locked first (``FOR UPDATE`` serialises appenders on PostgreSQL; SQLite's
        ``BEGIN IMMEDIATE`` already did), so that positions, the chain and the tree follow commit order.
        The three statements go to the driver's cursor as prepared text
        (:class:`~commitrules.service.log.rows.Statements`): what SQLAlchemy would add per statement and
        per row is most of an append's processor time, and the rows are plain text and integers that need
        none of its conversions.
        """
        statements = self._statements
        cursor.execute(statements.lock_state)
        state = cursor.fetchone()
        if state is None:  # migrate() inserts it; a database without it is not a decision log
            raise LogError("the decision log has no state row; it was not created by commitrules")
        try:  # the append's path: no context manager
            size, last = int(state[0]), str(state[1])
            frontier = Frontier.decode(size, state[2])
        except (ValueError, TypeError) as exc:  # a state row altered outside the log
            raise unreadable(exc) from exc
        self._texts.store(cursor, items)
        clock, recorded_at = time.time_ns, self._recorded_at
        times = [clock() for _ in items]
        rows = []
        for fields, now, decision_id in zip(items, times, self._ids.texts(times), strict=True):
            if "decision_utf8" not in fields:  # a tombstone: its bodies as text
                fields["case_utf8"], fields["decision_utf8"] = fields["case_json"], fields["decision_json"]
                fields["decision_body"], fields["parts_utf8"] = None, None
            fields["idx"] = size
            fields["decision_id"] = decision_id
            fields["prev_hash"] = last
            fields["recorded_at"] = recorded_at(now)
            leaf = leaf_hash(leaf_bytes(fields, size))
            last = fields["leaf_hash"] = leaf.hex()
            frontier.append(leaf)
            rows.append(fields)
            size += 1
        row = statements.row
        cursor.executemany(statements.insert, [row(fields) for fields in rows])
        cursor.execute(statements.update_state, (size, last, frontier.encode()))
        return rows

    # -- reading ----------------------------------------------------------------------------------
    def get(self, decision_id: str) -> LogRecord | None:
        """The record of a decision, or None."""
        with self._reader.connect() as conn:
            row = conn.execute(self._records.where(s.records.c.decision_id == str(decision_id))).first()
        return s.record_from_row(row) if row is not None else None

    def search(  # noqa: PLR0913 - the filters of the log viewer and of export
        self,
        *,
        since: dt.datetime | str | None = None,
        until: dt.datetime | str | None = None,
        kind: str | None = None,
        outcome: str | None = None,
        pack_digest: str | None = None,
        limit: int | None = 100,
        offset: int = 0,
        after: int | None = None,
    ) -> list[LogRecord]:
        """Records in log order, filtered; ``since`` is inclusive, ``until`` exclusive (UTC times).

        ``after``: only records past that position (``LogRecord.index``), the way to read a log page by
        page; ``offset`` skips that many matching records first, which reads them all again.

        .. versionchanged:: 0.1.0 ``after``.
        """
        query = self._records.order_by(s.records.c.idx)
        if after is not None:
            query = query.where(s.records.c.idx > after)
        if since is not None:
            query = query.where(s.records.c.recorded_at >= time_filter(since))
        if until is not None:
            query = query.where(s.records.c.recorded_at < time_filter(until))
        for column, value in (("kind", kind), ("outcome", outcome), ("pack_digest", pack_digest)):
            if value is not None:
                query = query.where(s.records.c[column] == value)
        query = query.offset(max(offset, 0))
        if limit is not None:
            query = query.limit(max(limit, 0))
        with self._reader.connect() as conn:
            return list(s.records_from_rows(conn.execute(query)))

    def iter_records(self, batch: int = 1000, **filters: Any) -> Iterable[LogRecord]:
        """Every record matching ``filters`` (those of :meth:`search`), read ``batch`` at a time.

        Each page starts past the last record of the one before (not at an offset, which made SQLite and
        PostgreSQL step over every record before it again: exporting a log took time growing with the
        square of its size), so records pruned or appended meanwhile shift nothing.
        """
        after = filters.pop("after", None)
        while True:
            page = self.search(limit=batch, after=after, **filters)
            yield from page
            if len(page) < batch:
                return
            after = page[-1].index

    def size(self) -> int:
        """How many records the log holds."""
        with self._reader.connect() as conn:
            return int(conn.execute(select(s.state.c.size)).scalar_one())

    # -- heads and proofs (kept by TreeKeeper, :mod:`commitrules.service.log.proofs`) -----------------------
    def signed_head(self) -> SignedTreeHead:
        """A signed head of the current tree (unsigned without a key), stored in the log.

        When the latest stored head already has the current size (nothing was appended since), that
        head is returned instead of a new one, so that asking often does not fill the heads table. A log
        opened read-only issues the head without storing it.
        """
        return self._tree.signed_head()

    def heads(self) -> list[SignedTreeHead]:
        """Every stored head, oldest first."""
        return self._tree.heads()

    def inclusion_proof(self, decision_id: str, tree_size: int | None = None) -> dict[str, Any]:
        """The proof that a decision's record is in the tree of ``tree_size``.

        Without ``tree_size``, the proof leads to the latest stored head if it covers the record, else to
        a head of the current tree, issued now.

        Returns:
            ``decision_id``, ``leaf_index``, ``leaf`` (the header's canonical JSON), ``leaf_hash``,
            ``audit_path`` (hex, bottom-up) and ``head`` (the signed tree head it leads to).

        Raises:
            LogError: the decision is not in the log, or not yet in a tree of ``tree_size``.
        """
        record = self.get(decision_id)
        if record is None:
            raise LogError(f"decision '{decision_id}' is not in the log")
        return self._tree.inclusion_proof(record, tree_size)

    def consistency_proof(self, first_size: int, second_size: int | None = None) -> dict[str, Any]:
        """The proof that the tree of ``second_size`` records extends that of ``first_size``.

        Without ``second_size``: the latest stored head's tree if it is not smaller, else the current tree.

        Raises:
            LogError: a size is larger than the log or the first is larger than the second.
        """
        return self._tree.consistency_proof(first_size, second_size)

    # -- verification and retention ---------------------------------------------------------------
    def verify(self, heads: Iterable[SignedTreeHead] | None = None, public_key: Any = None) -> VerifyReport:
        """Recompute every hash and the tree; check it against the stored heads and ``heads``.

        Args:
            heads: heads an auditor kept (they must match, and be signed by the log's key).
            public_key: the key (object or PEM path) that signs heads; default: the signing key's.
        """
        key = load_public_key(public_key) if isinstance(public_key, str | Path) else public_key
        with self._reader.connect() as conn:
            # One snapshot for the state, the records and the heads: appends that commit meanwhile
            # must not look like records missing from the state or heads beyond the records.
            if self._reader.dialect.name == "postgresql":
                conn.execution_options(isolation_level="REPEATABLE READ")  # before the transaction begins
            state = conn.execute(select(s.state)).one()
            stored = [s.head_from_row(r) for r in conn.execute(select(s.heads).order_by(s.heads.c.id))]
            rows = conn.execution_options(yield_per=1000).execute(self._records.order_by(s.records.c.idx))
            with stored_values():
                size = int(state.size)
            return verify_records(
                s.records_from_rows(rows),
                size,
                state.last_hash,
                stored,
                list(heads or ()),
                key if key is not None else self.public_key,
                state.frontier,
            )

    def prune(self, older_than: dt.timedelta, now: dt.datetime | None = None) -> LogRecord | None:
        """Delete the case and decision of records older than ``older_than``; keep their hashes.

        A tombstone record, appended in the same transaction, lists the records pruned, so that
        verification knows their bodies are missing on purpose. Returns it (None: nothing expired).
        """
        self._check_writable()
        cutoff = format_time((now or dt.datetime.now(dt.UTC)) - older_than)
        with self._engine.begin() as conn:
            conn.execute(select(s.state.c.id).with_for_update())  # one retention or append at a time
            expired = retention.expired(conn, cutoff)
            if not expired:
                return None
            retention.clear_bodies(conn, expired)
            (tombstone,) = self._append_locked(conn, [retention.tombstone(expired, cutoff)])
        if self._checkpointer is not None:
            self._checkpointer.written(1, len(expired) + 1)
        return record_of(tombstone)

    def count(self) -> int:
        """How many record rows the database holds (equal to :meth:`size` in an intact log)."""
        with self._reader.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(s.records)).scalar_one())
