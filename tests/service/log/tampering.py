"""Tampering with a log the way an insider with database access would: plain SQL on the tables.

Each function changes a log of at least 20 records behind the log's back and returns what
``verify`` must then report: the kind of problem and the position it names.
"""

from __future__ import annotations

import contextlib
import dataclasses
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, create_engine, text

from commitrules.service.log import schema as s
from commitrules.service.log.merkle import Frontier
from commitrules.service.log.records import LogRecord

Tampering = Callable[[Connection], tuple[str, int | None]]


def _record(conn: Connection, idx: int) -> LogRecord:
    """The record at ``idx``, its decision joined from its pieces when it is stored as them (as the log reads it)."""
    return s.record_from_row(conn.execute(s.records_query().where(s.records.c.idx == idx)).one())


def _first_stored_as_pieces(conn: Connection) -> tuple[int, str]:
    """The position and the pieces' key of the first record whose decision is stored as pieces and parts."""
    idx, key = conn.execute(
        text("SELECT idx, decision_text FROM log_records WHERE decision_text IS NOT NULL ORDER BY idx LIMIT 1")
    ).one()
    return int(idx), str(key)


def _insert(conn: Connection, record: LogRecord) -> None:
    values: dict[str, Any] = dataclasses.asdict(record)
    values["idx"] = values.pop("index")
    columns = ", ".join(values)
    conn.execute(
        text(f"INSERT INTO log_records ({columns}) VALUES ({', '.join(':' + c for c in values)})"),  # noqa: S608
        values,
    )


def _shift(conn: Connection, start: int, by: int) -> None:
    """Renumber records from ``start`` by ``by`` (through negative numbers: the index is a key)."""
    conn.execute(text("UPDATE log_records SET idx = -(idx + :by) - 1 WHERE idx >= :s"), {"by": by, "s": start})
    conn.execute(text("UPDATE log_records SET idx = -idx - 1 WHERE idx < 0"))


def edit_header(conn: Connection) -> tuple[str, int]:
    conn.execute(text("UPDATE log_records SET outcome = 'approved' WHERE idx = 7"))
    return "edited", 7


def edit_case(conn: Connection) -> tuple[str, int]:
    conn.execute(text("UPDATE log_records SET case_json = '{}' WHERE idx = 8"))
    return "edited", 8


def edit_and_rehash(conn: Connection) -> tuple[str, int]:
    """The outcome of record 6 changed and its leaf hash recomputed to match."""
    record = dataclasses.replace(_record(conn, 6), outcome="approved")
    conn.execute(
        text("UPDATE log_records SET outcome = 'approved', leaf_hash = :h WHERE idx = 6"),
        {"h": record.computed_leaf_hash()},
    )
    return "edited", 6


def delete(conn: Connection) -> tuple[str, int]:
    conn.execute(text("DELETE FROM log_records WHERE idx = 9"))
    return "deleted", 9


def delete_and_renumber(conn: Connection) -> tuple[str, int]:
    conn.execute(text("DELETE FROM log_records WHERE idx = 9"))
    _shift(conn, 10, -1)
    return "deleted", 9


def insert(conn: Connection) -> tuple[str, int]:
    """A forged record at position 4, well formed and chained to record 3; later records renumbered."""
    before = _record(conn, 3)
    forged = dataclasses.replace(
        before, index=4, decision_id=str(uuid.uuid4()), outcome="approved", prev_hash=before.leaf_hash, leaf_hash=""
    )
    forged = dataclasses.replace(forged, leaf_hash=forged.computed_leaf_hash())
    _shift(conn, 4, 1)
    _insert(conn, forged)
    return "inserted", 4


def reorder(conn: Connection) -> tuple[str, int]:
    conn.execute(text("UPDATE log_records SET idx = -1 WHERE idx = 3"))
    conn.execute(text("UPDATE log_records SET idx = 3 WHERE idx = 11"))
    conn.execute(text("UPDATE log_records SET idx = 11 WHERE idx = -1"))
    return "reordered", 3


def truncate(conn: Connection) -> tuple[str, int]:
    conn.execute(text("DELETE FROM log_records WHERE idx >= 15"))
    return "deleted", 15


def remove_body(conn: Connection) -> tuple[str, int]:
    """A record's case and decision removed without retention's tombstone."""
    conn.execute(
        text(
            "UPDATE log_records SET case_json = NULL, decision_json = NULL, decision_text = NULL,"
            " decision_parts = NULL WHERE idx = 5"
        )
    )
    return "deleted", 5


def edit_decision_parts(conn: Connection) -> tuple[str, int]:
    """The date in a stored decision's parts (the values of its case between its pieces) changed."""
    idx, _ = _first_stored_as_pieces(conn)
    conn.execute(
        text("UPDATE log_records SET decision_parts = replace(decision_parts, '20', '19') WHERE idx = :i"), {"i": idx}
    )
    return "edited", idx


def edit_pieces(conn: Connection) -> tuple[str, int]:
    """The stored pieces of a set of fired rules (their titles, quotes, outcome) changed: every record of them is
    wrong, and the first is named."""
    idx, key = _first_stored_as_pieces(conn)
    conn.execute(text("UPDATE log_texts SET pieces = replace(pieces, 'kind', 'kinds') WHERE sha256 = :k"), {"k": key})
    return "edited", idx


def delete_pieces(conn: Connection) -> tuple[str, int]:
    """The stored pieces of the first record stored as pieces deleted: its decision can no longer be joined."""
    idx, key = _first_stored_as_pieces(conn)
    conn.execute(text("DELETE FROM log_texts WHERE sha256 = :k"), {"k": key})
    return "edited", idx


def point_at_other_pieces(conn: Connection) -> tuple[str, int]:
    """A record made to name another set of fired rules' pieces (another outcome, other measures)."""
    idx, key = _first_stored_as_pieces(conn)
    other = conn.execute(text("SELECT sha256 FROM log_texts WHERE sha256 <> :k LIMIT 1"), {"k": key}).scalar_one()
    conn.execute(text("UPDATE log_records SET decision_text = :o WHERE idx = :i"), {"o": other, "i": idx})
    return "edited", idx


def state_frontier(conn: Connection) -> tuple[str, int | None]:
    """The state row's frontier (the roots the next heads are computed from) replaced."""
    conn.execute(text("UPDATE log_state SET frontier = :f"), {"f": "ab" * 32 * 2})  # 20 = 16 + 4: two subtrees
    return "edited", None


def as_version_3(conn: Connection) -> tuple[str, None]:
    """Not a tampering: the log made as a commitrules of schema version 3 left it (an index on kind and outcome)."""
    conn.execute(text("CREATE INDEX log_records_kind_outcome ON log_records (kind, outcome)"))
    conn.execute(text("UPDATE log_schema SET version = 3"))
    return "none", None


def as_version_2(conn: Connection) -> tuple[str, None]:
    """Not a tampering: the log made as a commitrules of schema version 2 left it (no ``log_texts``, no
    columns for a decision's pieces and parts; the index of version 3). Its records must all be stored whole."""
    stored_as_pieces = conn.execute(text("SELECT count(*) FROM log_records WHERE decision_text IS NOT NULL"))
    assert stored_as_pieces.scalar_one() == 0
    as_version_3(conn)
    conn.execute(text("DROP TABLE log_texts"))
    conn.execute(text("ALTER TABLE log_records DROP COLUMN decision_text"))
    conn.execute(text("ALTER TABLE log_records DROP COLUMN decision_parts"))
    conn.execute(text("UPDATE log_schema SET version = 2"))
    return "none", None


TAMPERINGS: dict[str, Tampering] = {
    f.__name__: f
    for f in (
        edit_header,
        edit_case,
        edit_and_rehash,
        delete,
        delete_and_renumber,
        insert,
        reorder,
        truncate,
        remove_body,
        edit_decision_parts,
        edit_pieces,
        delete_pieces,
        point_at_other_pieces,
        state_frontier,
    )
}


@contextlib.contextmanager
def sqlite_edit(path: str | Path) -> Iterator[sqlite3.Connection]:
    """A plain sqlite3 connection to a log file, as an insider would open one: the block's changes are
    committed when it ends (rolled back when it raises), and the connection is closed either way.

    ``with sqlite3.connect(path) as con`` alone commits but leaves the connection open until it is
    collected (Python 3.13 then warns that the database was not closed).
    """
    with contextlib.closing(sqlite3.connect(path)) as con, con:
        yield con


def tamper(url: str, how: Tampering) -> tuple[str, int | None]:
    """Apply ``how`` to the log at ``url`` in one transaction; what verify must report."""
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            return how(conn)
    finally:
        engine.dispose()


def rewrite_consistently(url: str, index: int) -> None:
    """Change record ``index`` and recompute every later hash, the chain and the state (its frontier too), and
    delete the stored heads: only a head kept elsewhere tells."""
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            size = conn.execute(text("SELECT size FROM log_state")).scalar_one()
            prev = _record(conn, index - 1).leaf_hash if index else "0" * 64
            for i in range(index, size):
                record = _record(conn, i)
                record = dataclasses.replace(
                    record, prev_hash=prev, outcome="approved" if i == index else record.outcome
                )
                leaf = record.computed_leaf_hash()
                conn.execute(
                    text("UPDATE log_records SET outcome = :o, prev_hash = :p, leaf_hash = :h WHERE idx = :i"),
                    {"o": record.outcome, "p": prev, "h": leaf, "i": i},
                )
                prev = leaf
            frontier = Frontier()
            for (leaf,) in conn.execute(text("SELECT leaf_hash FROM log_records ORDER BY idx")):
                frontier.append(bytes.fromhex(leaf))
            conn.execute(
                text("UPDATE log_state SET last_hash = :h, frontier = :f"), {"h": prev, "f": frontier.encode()}
            )
            conn.execute(text("DELETE FROM log_heads"))
    finally:
        engine.dispose()
