"""The log's tables, its database connection, and the schema created or migrated on start.

Four tables and a version:

- ``log_records``: one row per record; ``idx`` (the leaf index) is the primary key (on SQLite, in a log
  created by schema version 2 or later, the table's rowid itself: no separate index). Besides it, two
  indexes serve the queries: ``decision_id`` (unique: a record, its proof) and ``recorded_at``
  (retention, time filters). The filters by kind, outcome and pack read the records in log order (see
  :data:`SCHEMA_VERSION`, 4). A decision the engine made is stored as the key of its pieces
  (``decision_text``) and the values of its case between them (``decision_parts``), with
  ``decision_json`` empty; any other, whole.
- ``log_texts`` (since version 3): the fixed pieces of the decisions of each set of fired rules, once,
  keyed by their SHA-256 (see :mod:`~commitrules.service.log.decision_text`).
- ``log_state``: one row (``id = 1``) holding the tree's size, the last leaf hash and the frontier of
  the tree (:class:`~commitrules.service.log.merkle.Frontier`). Every append locks this row first
  (``SELECT ... FOR UPDATE`` on PostgreSQL; ``BEGIN IMMEDIATE`` on SQLite), so appends from any
  number of processes are serialised: indexes have no gaps or repeats and follow commit order.
- ``log_heads``: the signed tree heads issued so far.
- ``log_schema``: the schema version, so that a later commitrules can migrate an older log.

SQLite runs in WAL mode with ``synchronous=FULL``: a commit has reached the disk before ``append``
returns. PostgreSQL's default ``synchronous_commit=on`` gives the same.

A log opened read-only (an auditor's copy) goes through :func:`read_only_engine` and :func:`check_schema`:
nothing is set up, created or migrated in it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import (
    BigInteger,
    Column,
    Engine,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    insert,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection, Row, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.sql import Select

from commitrules.io.probe import resolved
from commitrules.messages import Text as MessageText
from commitrules.service.log.heads import SignedTreeHead
from commitrules.service.log.records import LogRecord, joined, stored_values, unreadable

__all__ = [
    "SCHEMA_VERSION",
    "LogReadOnlyError",
    "LogSchemaError",
    "check_schema",
    "connect_read_only",
    "head_from_row",
    "heads",
    "make_engine",
    "metadata",
    "migrate",
    "missing_tables",
    "read_only_engine",
    "record_from_fields",
    "record_from_row",
    "records",
    "records_from_rows",
    "records_query",
    "refuse_foreign_file",
    "safe_url",
    "schema",
    "state",
    "texts",
]

#: The version of the schema this code writes. 2: no index on ``pack_digest`` (every append paid for it;
#: the pack filter of ``search`` reads the records in log order instead), and ``idx`` is SQLite's rowid in
#: new logs. A version 1 log is migrated on start by dropping that index; its table is kept as it is.
#: 3: a decision's fixed texts (its fired rules' titles, quotes, the pack's policy) are stored once for
#: each set of fired rules (``log_texts``), and a record holds the values of its case between them
#: (``decision_text``, ``decision_parts``); an older log gets the table and the two columns (empty).
#: 4: no index on ``(kind, outcome)``. Every append paid for it (its entries go to as many places in it
#: as a group has kinds and outcomes), and it made the filters slower: SQLite read every record of the
#: kind asked for and sorted them to answer one page, so that exporting a kind took time growing with
#: the square of its records. The filters now read the records in log order, as the pack's does; an
#: older log is migrated on start by dropping the index.
SCHEMA_VERSION = 4
#: The oldest schema version that the reading code reads as it is, without migrating it (a log opened
#: read-only is never migrated). Version 1 differs from 2 only by an index and by the key's type.
OLDEST_READABLE = 1
#: The page size of a new SQLite log, in bytes (see :func:`make_engine`).
PAGE_SIZE = 8192
#: Indexes of earlier versions that a migration drops (version before which they existed, name).
_DROPPED_INDEXES = ((2, "log_records_pack_digest"), (4, "log_records_kind_outcome"))
#: Tables a version added (the version, the table): an older log has none of them until it is migrated.
_ADDED_TABLES = ((3, "log_texts"),)
#: Columns of ``log_records`` a version added (the version, the column, its SQL type).
_ADDED_COLUMNS = ((3, "decision_text", "VARCHAR(64)"), (3, "decision_parts", "TEXT"))
#: The columns of ``log_records`` that hold how a decision is stored, not a field of its record.
_STORAGE_COLUMNS = frozenset(name for _, name, _ in _ADDED_COLUMNS)

metadata = MetaData()

records = Table(
    "log_records",
    metadata,
    # INTEGER on SQLite makes the key the table's rowid (a BIGINT key would be a second B-tree).
    Column("idx", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=False),
    Column("decision_id", String(36), nullable=False, unique=True),
    Column("type", String(16), nullable=False),
    Column("recorded_at", String(32), nullable=False),
    Column("kind", String(64), nullable=False),
    Column("outcome", String(64), nullable=False),
    Column("case_json", Text),
    Column("case_sha256", String(64)),
    Column("decision_json", Text),
    Column("decision_sha256", String(64), nullable=False),
    Column("pack_name", Text),
    Column("pack_version", Text),
    Column("pack_digest", String(80)),
    Column("engine", String(16)),
    Column("as_of", String(10)),
    Column("caller", Text),
    Column("request_id", Text),
    Column("prev_hash", String(64), nullable=False),
    Column("leaf_hash", String(64), nullable=False),
    # Since version 3: a decision joined from the fixed pieces of its fired rules is stored as the key of
    # those pieces (log_texts) and the case's values between them, not as its whole text (decision_json).
    Column("decision_text", String(64)),
    Column("decision_parts", Text),
    Index("log_records_recorded_at", "recorded_at"),
)

texts = Table(
    "log_texts",
    metadata,
    # The fixed pieces of the decisions of one set of fired rules (a JSON array of texts), by their SHA-256.
    Column("sha256", String(64), primary_key=True),
    Column("pieces", Text, nullable=False),
)

state = Table(
    "log_state",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("size", BigInteger, nullable=False),
    Column("last_hash", String(64), nullable=False),
    Column("frontier", Text, nullable=False),
)

heads = Table(
    "log_heads",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("tree_size", BigInteger, nullable=False, index=True),
    Column("root_hash", String(64), nullable=False),
    Column("timestamp", BigInteger, nullable=False),
    Column("signature", Text),
    Column("key_id", String(64)),
)

schema = Table(
    "log_schema",
    metadata,
    Column("version", Integer, nullable=False),
)

#: PostgreSQL advisory lock key that serialises schema creation by concurrent first starts.
_MIGRATION_LOCK = 0x636F6D6D69746C67  # "commitlg"


class LogUrlError(ValueError):
    """The decision log's URL is not a database commitrules stores its log in; ``text`` says so in any language."""

    def __init__(self, text: MessageText) -> None:
        self.text = text
        super().__init__(str(text))


class LogReadOnlyError(ValueError):
    """An SQLite log that cannot be read without writing beside it; ``text`` says what to do in any language."""

    def __init__(self, text: MessageText) -> None:
        self.text = text
        super().__init__(str(text))


class LogSchemaError(ValueError, RuntimeError):
    """The database's log tables are not ones this commitrules can use; ``text`` says why in any language.

    A RuntimeError too: that is what a newer schema raised before this class.
    """

    def __init__(self, text: MessageText) -> None:
        self.text = text
        super().__init__(str(text))


def _absolute(path: Path) -> Path:
    """``path`` resolved, or made absolute as it is when the system cannot resolve it.

    Links in a loop, a name too long: opening it then fails with the system's reason, said as the log's error.
    """
    try:
        return resolved(path)
    except OSError:
        return path.absolute()


def normalise_url(url: str | Path) -> str:
    """A database URL from a URL or a plain file path (a path means an SQLite file).

    Raises:
        ValueError: the URL is neither SQLite nor PostgreSQL.
    """
    raw = str(url)
    if "://" not in raw:
        return f"sqlite:///{_absolute(Path(raw).expanduser())}"
    try:
        parsed = make_url(raw)
    except (ArgumentError, ValueError):  # ValueError: a port that is no number ('[::1:5432', an unclosed bracket)
        raise LogUrlError(MessageText("logerr.not_a_url", url=raw)) from None
    if parsed.drivername in ("postgresql", "postgres"):
        return parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    if parsed.drivername not in ("sqlite", "sqlite+pysqlite", "postgresql+psycopg"):
        raise LogUrlError(MessageText("logerr.not_sqlite_or_postgres", driver=parsed.drivername))
    return raw


def safe_url(url: str) -> str:
    """``url`` with its password hidden, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return url


def make_engine(url: str, *, writer: bool = True) -> Engine:
    """An engine for the log's database, with SQLite set up for durable, serialised writes.

    On SQLite a ``writer`` engine begins every transaction with ``BEGIN IMMEDIATE``; a reader engine
    begins deferred transactions, which in WAL mode read a snapshot without waiting for writers.
    """
    if url.startswith("sqlite"):
        database = make_url(url).database
        if database and database != ":memory:":
            parent = Path(database).parent
            if not parent.is_dir():
                raise ValueError(f"the folder of the decision log '{database}' does not exist")
        engine = create_engine(url, connect_args={"timeout": 60})

        @event.listens_for(engine, "connect")
        def _connect(dbapi_connection: Any, _record: Any) -> None:
            # Transactions are begun by hand (below), so the driver must not begin its own.
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            # Pages of 8 KiB in a new file (an existing one keeps its own): a record is about 2.5 KB, so a
            # 4 KiB page (SQLite's default) holds one and wastes the rest, and each commit writes, syncs
            # and later checkpoints about twice the pages. Only takes effect before the file's first write.
            cursor.execute(f"PRAGMA page_size={PAGE_SIZE}")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA busy_timeout=60000")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _begin(connection: Any) -> None:
            # IMMEDIATE takes the write lock at the start: two writers never both read the state row
            # and then both try to write, which in SQLite's default (DEFERRED) mode fails one of them.
            connection.exec_driver_sql("BEGIN IMMEDIATE" if writer else "BEGIN")

        return engine
    return create_engine(url, pool_pre_ping=True)


def migrate(engine: Engine) -> None:
    """Create the tables on first use and upgrade an older schema; refuse a newer one.

    Raises:
        LogSchemaError: the log was written by a newer commitrules (a newer schema version), its version
            is not a number, or some of its tables are missing.
    """
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _MIGRATION_LOCK})
        missing = missing_tables(conn)
        if missing and len(missing) < len(metadata.tables):  # some of the log's tables, not all: altered
            _check_missing(conn, missing)
        metadata.create_all(conn)
        version = conn.execute(select(schema.c.version)).scalar()
        if version is None:
            conn.execute(insert(schema).values(version=SCHEMA_VERSION))
        elif _checked_version(version) < SCHEMA_VERSION:
            for before, index in _DROPPED_INDEXES:
                if version < before:
                    conn.execute(text(f"DROP INDEX IF EXISTS {index}"))
            present = {column["name"] for column in inspect(conn).get_columns(records.name)}
            for added, column, sql_type in _ADDED_COLUMNS:
                if version < added and column not in present:
                    conn.execute(text(f"ALTER TABLE {records.name} ADD COLUMN {column} {sql_type}"))
            conn.execute(update(schema).values(version=SCHEMA_VERSION))
        if conn.execute(select(state.c.id)).scalar() is None:
            conn.execute(insert(state).values(id=1, size=0, last_hash="0" * 64, frontier=""))


def _check_missing(conn: Connection, missing: list[str]) -> None:
    """Refuse a log some of whose tables are missing, unless they are only those a later version added."""
    version = conn.execute(select(schema.c.version)).scalar() if schema.name not in missing else None
    if type(version) is int and set(missing) <= _added_after(version):
        return
    raise LogSchemaError(MessageText("logerr.tables_missing", tables=", ".join(missing)))


def _added_after(version: int) -> set[str]:
    """The tables added by versions later than ``version``."""
    return {table for added, table in _ADDED_TABLES if version < added}


def refuse_foreign_file(url: str) -> None:
    """Refuse an SQLite file that holds tables, none of them the log's: another program's database.

    Checked before the log's engine connects, which would switch the file to WAL (and :func:`migrate`
    would add the log's tables beside the other program's). A new or empty file, and a log, pass; so
    does PostgreSQL, where a log beside other tables of a shared database is the usual deployment.

    Raises:
        LogSchemaError: the file is another program's database (``log.not_a_log``, as the ``log``
            commands say it).
    """
    database = make_url(url).database if url.startswith("sqlite") else None
    if not database or database == ":memory:" or not Path(database).is_file():
        return
    reader = read_only_engine(url)
    try:
        with reader.connect() as conn:
            present = set(inspect(conn).get_table_names())
    finally:
        reader.dispose()
    if present and not present & set(metadata.tables):
        raise LogSchemaError(MessageText("log.not_a_log", url=safe_url(url)))


def check_schema(conn: Connection, url: str) -> int:
    """The schema version of the log ``conn`` is connected to (at ``url``), checked without changing anything.

    What :func:`migrate` would refuse is refused, and so is what only a migration would make readable.

    Raises:
        LogSchemaError: there is no log (none of its tables), tables or the state row are missing, the
            version is not a number, newer than :data:`SCHEMA_VERSION`, or older than :data:`OLDEST_READABLE`.
    """
    missing = missing_tables(conn)
    if len(missing) == len(metadata.tables):  # a new database, or another program's: not made a log here
        raise LogSchemaError(MessageText("log.not_a_log", url=safe_url(url)))
    if missing:
        _check_missing(conn, missing)
    version = _checked_version(conn.execute(select(schema.c.version)).scalar())
    if version < OLDEST_READABLE:
        raise LogSchemaError(MessageText("logerr.schema_needs_migration", version=version, oldest=OLDEST_READABLE))
    if conn.execute(select(state.c.id)).scalar() is None:
        raise LogSchemaError(MessageText("logerr.state_missing"))
    return version


def _checked_version(version: object) -> int:
    """A stored schema version, refused when it is not a number or newer than this code's."""
    if type(version) is not int:  # SQLite keeps any value in any column (None: the row is missing)
        raise LogSchemaError(MessageText("logerr.schema_not_a_version", version=repr(version)))
    if version > SCHEMA_VERSION:
        raise LogSchemaError(MessageText("logerr.schema_newer", version=version, known=SCHEMA_VERSION))
    return version


def missing_tables(conn: Connection) -> list[str]:
    """The log's tables that the database ``conn`` is connected to does not hold (reads only)."""
    present = set(inspect(conn).get_table_names())
    return [name for name in metadata.tables if name not in present]


def read_only_engine(url: str) -> Engine:
    """An engine that reads ``url`` and never writes to it: no WAL switch, no migration, no stored head.

    For an auditor's copy of the log that they cannot (or must not) write to, and for a file that may be
    another program's database (:func:`make_engine` sets SQLite's WAL mode and page size). Every
    transaction is a plain ``BEGIN`` (one snapshot, as :meth:`DecisionLog.verify` needs).

    An SQLite file is opened with ``mode=ro`` (:func:`connect_read_only`). A PostgreSQL connection begins
    every transaction ``READ ONLY``: the server refuses any write, whatever the role may do.
    """
    database = make_url(url).database if url.startswith("sqlite") else None
    if url.startswith("sqlite") and database and database != ":memory:":
        path = _absolute(Path(database))
        engine = create_engine("sqlite://", creator=lambda: connect_read_only(path))

        @event.listens_for(engine, "begin")
        def _begin(connection: Any) -> None:
            connection.exec_driver_sql("BEGIN")

        return engine
    if url.startswith("sqlite"):
        return create_engine(url)
    engine = create_engine(url, pool_pre_ping=True)

    @event.listens_for(engine, "connect")
    def _read_only(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.read_only = True  # psycopg begins each transaction with BEGIN READ ONLY

    return engine


#: SQLite's result codes (the low byte of an extended code) for a file or its folder that cannot be written.
_CANNOT_WRITE = (8, 14)  # SQLITE_READONLY, SQLITE_CANTOPEN


def connect_read_only(path: Path) -> sqlite3.Connection:
    """Open the SQLite file ``path`` read-only (``mode=ro``); nothing is ever written to it.

    A log in WAL mode is read with its ``-wal`` file, through a ``-shm`` file beside it (the index of
    the WAL), which SQLite creates when the folder can be written and reads when it is there. In a
    folder that cannot be written (a read-only mount, a 0555 folder) and without a ``-shm``:

    - a log closed cleanly has no ``-wal`` (or an empty one): every record is in the file itself, which
      is then opened ``immutable=1`` (SQLite reads it without locks and without the ``-shm``);
    - a log whose ``-wal`` still holds records (its writer stopped without closing it, or runs still)
      cannot be read whole without the ``-shm``, and ``immutable`` would silently leave those records
      out: :class:`LogReadOnlyError` says what to do.

    Raises:
        LogReadOnlyError: the ``-wal`` holds records that cannot be read without writing.
        sqlite3.Error: the file cannot be opened (it is not a database, it cannot be read...).
    """
    uri = f"file:{quote(str(path))}?mode=ro"
    connection = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()  # opens the file, the WAL and -shm
    except sqlite3.OperationalError as exc:
        connection.close()
        if exc.sqlite_errorcode & 0xFF not in _CANNOT_WRITE:
            raise
        wal = path.with_name(path.name + "-wal")
        if wal.exists() and wal.stat().st_size > 0:
            raise LogReadOnlyError(MessageText("logerr.wal_unreadable", database=str(path), wal=str(wal))) from None
        connection = sqlite3.connect(f"{uri}&immutable=1", uri=True, isolation_level=None, check_same_thread=False)
    except BaseException:  # not a database (sqlite3.DatabaseError), or anything else: nothing is left open
        connection.close()
        raise
    return connection


#: The columns of ``log_records`` that are fields of a record (all but how a decision is stored).
_RECORD_COLUMNS = tuple(column.name for column in records.columns if column.name not in _STORAGE_COLUMNS)
#: The label of the joined pieces of a record's decision in :func:`records_query`.
PIECES = "decision_pieces"


def records_query(version: int = SCHEMA_VERSION) -> Select[Any]:
    """The query of ``log_records`` (to filter and order) whose rows :func:`record_from_row` reads.

    From version 3, each row comes with the pieces its decision is joined from (``log_texts``, by
    ``decision_text``); an older log, read as it is, has neither.
    """
    if version >= 3:
        joined_texts = records.outerjoin(texts, records.c.decision_text == texts.c.sha256)
        return select(records, texts.c.pieces.label(PIECES)).select_from(joined_texts)
    return select(*(records.c[name] for name in _RECORD_COLUMNS))


def record_from_fields(
    fields: Mapping[str, Any], parsed: dict[str, list[str] | None] | None = None, **override: Any
) -> LogRecord:
    """A record from a row's columns (``idx`` and the rest), with ``override`` applied.

    A decision stored as pieces and parts (``decision_text``, ``decision_parts``) is joined again; one
    whose pieces are missing or do not fit its parts reads as an empty text, which no decision's hash
    matches (verification names the record edited; reading it as data says it cannot be read).
    ``parsed`` remembers the pieces read (:func:`~commitrules.service.log.records.joined`), for many rows.
    """
    values: dict[str, Any] = {name: fields.get(name) for name in _RECORD_COLUMNS}
    if values["decision_json"] is None and (
        fields.get("decision_text") is not None or fields.get("decision_parts") is not None
    ):
        values["decision_json"] = _decision_text(fields, parsed)
    values.update(override)
    values["index"] = values.pop("idx")
    return LogRecord(**values)


def _decision_text(fields: Mapping[str, Any], parsed: dict[str, list[str] | None] | None) -> str:
    """The decision of a row that stores it as pieces and parts ('' when they cannot be joined)."""
    pieces, parts = fields.get(PIECES), fields.get("decision_parts")
    if type(pieces) is not str or type(parts) is not str:
        return ""
    return joined(pieces, parts, parsed) or ""


def record_from_row(row: Row[Any], parsed: dict[str, list[str] | None] | None = None) -> LogRecord:
    """A record from a row of :func:`records_query` (``parsed``: see :func:`record_from_fields`)."""
    return record_from_fields(dict(row._mapping), parsed)  # noqa: SLF001 - the documented way to read a Row by name


def records_from_rows(rows: Iterable[Row[Any]]) -> Iterator[LogRecord]:
    """The records of rows of :func:`records_query`, as they are fetched.

    A row the driver cannot read (a body that is not UTF-8) raises
    :class:`~commitrules.service.log.records.StoredValueError`.
    """
    rows = iter(rows)
    parsed: dict[str, list[str] | None] = {}
    while True:
        try:  # not stored_values(): a context manager per row costs more than reading the row
            row = next(rows)
        except StopIteration:
            return
        except ValueError as exc:  # the driver's UnicodeDecodeError
            raise unreadable(exc) from exc
        yield record_from_row(row, parsed)


def head_from_row(row: Row[Any]) -> SignedTreeHead:
    """A head from a row of ``log_heads``."""
    with stored_values():
        return SignedTreeHead(int(row.tree_size), row.root_hash, int(row.timestamp), row.signature, row.key_id)
