"""The filters of ``search`` and ``iter_records`` read the log in its order; a version 3 log loses its index on kind.

Schema version 3 had an index on ``(kind, outcome)``. SQLite answered a page of one kind through it by
reading every record of that kind past the page's start and sorting them (``USE TEMP B-TREE FOR ORDER
BY``), so that exporting a kind page by page took time growing with the square of its records. Version
4 has no such index: the filters read the records in log order from the page's start and stop at the
page's end.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text

from commitrules import Decision
from commitrules.service.log import DecisionLog
from commitrules.service.log.schema import SCHEMA_VERSION
from tests.service.log.conftest import items
from tests.service.log.tampering import as_version_3, tamper

Decided = list[tuple[dict[str, Any], Decision]]


@contextmanager
def statements_run() -> Iterator[list[tuple[str, Any]]]:
    """Every SQL statement (and its parameters) any engine runs meanwhile."""
    run: list[tuple[str, Any]] = []

    def note(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: Any) -> None:
        run.append((statement, parameters))

    event.listen(Engine, "before_cursor_execute", note)
    try:
        yield run
    finally:
        event.remove(Engine, "before_cursor_execute", note)


def plan(path: Path, statement: str, parameters: Any) -> list[str]:
    """SQLite's plan of ``statement``, one step a line."""
    with closing(sqlite3.connect(path)) as conn:
        return [row[-1] for row in conn.execute(f"EXPLAIN QUERY PLAN {statement}", parameters)]


def test_a_page_of_one_kind_is_read_in_log_order_and_not_sorted(tmp_path: Path, decided: Decided) -> None:
    """A page of one kind (and outcome) past a position reads the records from that position on, in order."""
    path = tmp_path / "d.db"
    with DecisionLog.open(path) as log:
        log.append_many(items(decided, 120))
        every = log.search(limit=None)
        kind, outcome = every[7].kind, every[7].outcome
        with statements_run() as run:
            page = log.search(kind=kind, limit=3, after=5)
            narrower = log.search(kind=kind, outcome=outcome, limit=3, after=5)
    assert page == [record for record in every if record.kind == kind and record.index > 5][:3]
    assert narrower == [r for r in every if (r.kind, r.outcome) == (kind, outcome) and r.index > 5][:3]
    queries = [(statement, parameters) for statement, parameters in run if "FROM log_records" in statement]
    assert len(queries) == 2
    for statement, parameters in queries:
        steps = plan(path, statement, parameters)
        assert not any("TEMP B-TREE" in step for step in steps), steps  # no sort of every record of the kind
        assert any("log_records USING INTEGER PRIMARY KEY (rowid>?)" in step for step in steps), steps


def check_version_3_migrates(url: str, decided: Decided) -> None:
    """A log of schema version 3 is read as it is when opened read-only, and on start loses its index on kind
    and outcome: its records, filters and proofs are as before, and it verifies."""
    with DecisionLog.open(url) as log:
        before = log.append_many(items(decided, 30))
        kind = before[4].kind
    tamper(url, as_version_3)
    engine = create_engine(url)
    try:
        with DecisionLog.open(url, read_only=True) as log:
            assert log.verify().ok
            assert log.search(kind=kind, limit=None) == [record for record in before if record.kind == kind]
        with engine.connect() as conn:
            assert conn.execute(text("SELECT version FROM log_schema")).scalar_one() == 3
        with DecisionLog.open(url) as log:
            added = log.append_many(items(decided, 30))
            assert log.search(limit=None) == [*before, *added]
            assert log.search(kind=kind, limit=None) == [r for r in [*before, *added] if r.kind == kind]
            assert log.inclusion_proof(before[4].decision_id)["leaf_index"] == before[4].index
            report = log.verify()
            assert report.ok, report.render()
        with engine.connect() as conn:
            assert conn.execute(text("SELECT version FROM log_schema")).scalar_one() == SCHEMA_VERSION
            assert "log_records_kind_outcome" not in index_names(conn, engine.dialect.name)
    finally:
        engine.dispose()


def index_names(conn: Any, dialect: str) -> set[str]:
    """The names of ``log_records``' indexes."""
    if dialect == "sqlite":
        return {row[1] for row in conn.execute(text("PRAGMA index_list(log_records)"))}
    return set(conn.execute(text("SELECT indexname FROM pg_indexes WHERE tablename = 'log_records'")).scalars())


def test_a_version_3_log_loses_its_index_on_kind_on_start(tmp_path: Path, decided: Decided) -> None:
    """SQLite: see :func:`check_version_3_migrates`."""
    check_version_3_migrates(f"sqlite:///{tmp_path / 'd.db'}", decided)
