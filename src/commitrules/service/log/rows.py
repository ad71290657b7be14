"""The rows of ``log_records`` as the append writes them: its statements, a row's record, its text's size.

The append (:meth:`~commitrules.service.log.store.DecisionLog.append_many`) drives the database's own
driver with prepared text, not SQLAlchemy's statements, and carries each row as a dict of its fields
(the columns, and the bodies' UTF-8 beside them); these are the pieces of that which depend only on the
table.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping, Sequence
from typing import Any

from commitrules.service.log import schema as s
from commitrules.service.log.records import LogRecord

__all__ = ["Statements", "StoredTexts", "record_of", "text_size"]


#: The columns of ``log_records`` in table order: the order of :class:`Statements`' insert parameters.
_COLUMNS: tuple[str, ...] = tuple(column.name for column in s.records.columns)
#: The text columns whose values are bound as UTF-8 (the bytes hashed), under these keys of a row's fields.
_UTF8 = {"case_json": "case_utf8", "decision_json": "decision_utf8", "decision_parts": "parts_utf8"}
#: A row's bodies as bound (UTF-8, or text for a tombstone), and its other text columns (for :func:`text_size`).
_BODIES = operator.itemgetter(*_UTF8.values())
_HEAD_TEXT = operator.itemgetter(
    *(c.name for c in s.records.columns if c.name not in _UTF8 and c.type.python_type is str)
)


class Statements:
    """The append's three statements as the driver's own text (``?`` for sqlite3, ``%s`` for psycopg)."""

    __slots__ = ("begin", "bodies_as_text", "insert", "insert_text", "lock_state", "row", "update_state")

    def __init__(self, dialect: str) -> None:
        # Only the schema's own table and column names and the driver's placeholders go into the text;
        # every value is a parameter.
        mark = "?" if dialect == "sqlite" else "%s"
        lock = "" if dialect == "sqlite" else " FOR UPDATE"  # SQLite: BEGIN IMMEDIATE holds the write lock
        # SQLite's driver is in autocommit mode (schema.make_engine): the transaction is begun by hand, taking
        # the write lock at once; psycopg begins one with the first statement.
        self.begin = "BEGIN IMMEDIATE" if dialect == "sqlite" else None
        state, records = s.state.name, s.records.name
        self.lock_state = f"SELECT size, last_hash, frontier FROM {state} WHERE id = 1{lock}"  # noqa: S608
        # SQLite: the bodies are bound as the UTF-8 bytes already hashed, and CAST to TEXT: SQLite takes those
        # bytes as the text (its encoding is UTF-8) and stores a TEXT value, the same as a str's, without the
        # driver encoding the str again. PostgreSQL's driver is given the text.
        utf8 = _UTF8 if dialect == "sqlite" else {}
        #: Whether the driver is given the bodies as text (PostgreSQL), not as their UTF-8.
        self.bodies_as_text = not utf8
        columns = ", ".join(_COLUMNS)
        marks = ", ".join(f"CAST({mark} AS TEXT)" if name in utf8 else mark for name in _COLUMNS)
        self.insert = f"INSERT INTO {records} ({columns}) VALUES ({marks})"  # noqa: S608
        #: A row's parameters, in the insert's order, from its fields.
        self.row = operator.itemgetter(*(utf8.get(name, name) for name in _COLUMNS))
        self.update_state = f"UPDATE {state} SET size = {mark}, last_hash = {mark}, frontier = {mark} WHERE id = 1"  # noqa: S608
        #: Stores a decision's pieces (key, text) unless they are stored already (SQLite 3.24+, PostgreSQL 9.5+).
        self.insert_text = (
            f"INSERT INTO {s.texts.name} (sha256, pieces) VALUES ({mark}, {mark}) ON CONFLICT (sha256) DO NOTHING"  # noqa: S608
        )


class StoredTexts:
    """The pieces of decisions a log committed (``log_texts``), and their storing in an append's transaction.

    Each set of pieces is offered once (then remembered), in the transaction of the first record that
    names it, after the state row's lock: a record never names pieces not committed with it or before
    it. Pieces another process stored already are left as they are (``ON CONFLICT DO NOTHING``).
    """

    #: Keys remembered at most (past it, all are forgotten and offered again, which is harmless).
    MAX_KEYS = 100_000

    def __init__(self, statements: Statements) -> None:
        self._insert = statements.insert_text
        self._keys: set[str] = set()

    def store(self, cursor: Any, items: Sequence[dict[str, Any]]) -> None:
        """Store the pieces that ``items``' decisions name and that are not known to be stored yet."""
        known = self._keys
        offered: dict[str, str] = {}
        for fields in items:
            template = fields.get("template")
            if template is not None and template.key not in known and template.key not in offered:
                offered[template.key] = template.text
                fields["text_offered"] = template.text  # counted in the WAL's pages (text_size)
        if offered:
            cursor.executemany(self._insert, list(offered.items()))

    def committed(self, rows: Sequence[dict[str, Any]]) -> None:
        """After the commit of ``rows``: the pieces they name are stored."""
        known = self._keys
        if len(known) > self.MAX_KEYS:
            known.clear()
        for fields in rows:
            template = fields.get("template")
            if template is not None:
                known.add(template.key)


#: A :class:`LogRecord`'s arguments, in its fields' order, from an appended row's fields.
_RECORD_ARGS = operator.itemgetter(*(("idx" if name == "index" else name) for name in LogRecord.__dataclass_fields__))


def record_of(fields: dict[str, Any]) -> LogRecord:
    """The record of an appended row's fields (as :func:`~commitrules.service.log.schema.record_from_fields`).

    A body that the append bound as UTF-8 only (``None`` as text: nobody had read it), or did not bind
    at all (a decision stored as pieces and parts: ``decision_body``), is decoded here.
    """
    for name, utf8 in (("case_json", "case_utf8"), ("decision_json", "decision_body")):
        if fields[name] is None and fields.get(utf8) is not None:
            fields[name] = fields[utf8].decode("utf-8")
    return LogRecord(*_RECORD_ARGS(fields))


def text_size(rows: Sequence[Mapping[str, Any]]) -> int:
    """The bytes of the rows' text (case and decision JSON, hashes, ids) as SQLite stores it (UTF-8).

    The bodies are counted by their UTF-8 (``case_utf8``, ``decision_utf8``), not encoded again; the other
    text columns of a row are joined and counted at once.
    """
    size = 0
    for row in rows:
        head = "".join(filter(None, _HEAD_TEXT(row)))
        size += len(head) if head.isascii() else len(head.encode())  # isascii() is a flag's read
        for body in _BODIES(row):
            if body is not None:
                size += len(body) if not isinstance(body, str) or body.isascii() else len(body.encode())
        offered = row.get("text_offered")  # the pieces of its decision, stored with it (log_texts)
        if offered is not None:
            size += len(offered) if offered.isascii() else len(offered.encode())
    return size
