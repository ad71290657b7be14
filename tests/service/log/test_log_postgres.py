"""The decision log on a real PostgreSQL (pgserver): the same guarantees as on SQLite."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from commitrules import Decision
from commitrules.cli import main
from commitrules.service.log import DecisionLog
from commitrules.service.log.schema import SCHEMA_VERSION
from tests.service.log.conftest import items
from tests.service.log.tampering import TAMPERINGS, tamper
from tests.service.log.test_log_append import check_version_2_migrates
from tests.service.log.test_log_filters import check_version_3_migrates, index_names
from tests.service.log.test_merkle import run_script, write

Decided = list[tuple[dict[str, Any], Decision]]

#: These tests start processes (writers, a PostgreSQL server).
pytestmark = pytest.mark.slow


def test_append_prove_prune_verify(postgresql_url: str, key: Path, decided: Decided, tmp_path: Path) -> None:
    """Appends, a proof checked by the standalone script, retention and verification on PostgreSQL."""
    with DecisionLog.open(postgresql_url, signing_key=key) as log:
        records = [log.append(**item) for item in items(decided, 5)] + log.append_many(items(decided, 40))
        assert list(range(45)) == [r.index for r in log.search(limit=None)]
        assert records[7] == log.get(records[7].decision_id)
        assert [r for r in records if r.kind == records[0].kind] == log.search(kind=records[0].kind, limit=None)
        proof = log.inclusion_proof(records[30].decision_id)
        done = run_script("inclusion", write(tmp_path / "p.json", proof), "--public-key", str(key) + ".pub")
        assert 0 == done.returncode, done.stdout
        head = log.signed_head()
        assert log.prune(dt.timedelta(days=1), now=dt.datetime.now(dt.UTC) + dt.timedelta(days=2)) is not None
        report = log.verify(heads=[head])
        assert report.ok, report.render()
        assert 46 == report.size
    engine = create_engine(postgresql_url)
    with engine.connect() as conn:
        assert SCHEMA_VERSION == conn.execute(text("SELECT version FROM log_schema")).scalar_one()
    engine.dispose()


def test_a_version_2_log_gets_the_pieces_table_on_start(postgresql_url: str, decided: Decided) -> None:
    """PostgreSQL: see :func:`~tests.service.log.test_log_append.check_version_2_migrates`."""
    check_version_2_migrates(postgresql_url, decided)


def test_a_version_3_log_loses_its_index_on_kind_on_start(postgresql_url: str, decided: Decided) -> None:
    """PostgreSQL: see :func:`~tests.service.log.test_log_filters.check_version_3_migrates`."""
    check_version_3_migrates(postgresql_url, decided)


def test_a_version_1_log_is_migrated_on_start(postgresql_url: str, decided: Decided) -> None:
    """A log of schema version 1 (with its indexes on pack_digest and on kind and outcome) loses them on start
    and still verifies."""
    with DecisionLog.open(postgresql_url) as log:
        log.append_many(items(decided, 10))
    engine = create_engine(postgresql_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE INDEX log_records_pack_digest ON log_records (pack_digest)"))
        conn.execute(text("CREATE INDEX log_records_kind_outcome ON log_records (kind, outcome)"))
        conn.execute(text("UPDATE log_schema SET version = 1"))
    with DecisionLog.open(postgresql_url) as log:
        assert log.verify().ok
        log.append_many(items(decided, 3))
        assert log.verify().ok
        assert 13 == log.size()
    with engine.connect() as conn:
        assert SCHEMA_VERSION == conn.execute(text("SELECT version FROM log_schema")).scalar_one()
        names = index_names(conn, "postgresql")
    engine.dispose()
    assert not {"log_records_pack_digest", "log_records_kind_outcome"} & names
    assert "log_records_recorded_at" in names


@pytest.mark.parametrize("name", sorted(TAMPERINGS))
def test_verify_names_the_tampering(postgresql_url: str, decided: Decided, name: str) -> None:
    """Each kind of tampering by SQL on PostgreSQL is named by verify."""
    with DecisionLog.open(postgresql_url) as log:
        log.append_many(items(decided, 20))
        expected = tamper(postgresql_url, TAMPERINGS[name])
        report = log.verify()
    assert report.first is not None
    assert expected == (report.first.kind, report.first.index), report.render()


def test_no_checkpoints_to_schedule_on_postgresql(postgresql_url: str, decided: Decided) -> None:
    """PostgreSQL has no WAL of the log's: checkpoint_when_idle() does not apply, the calls after a write do nothing."""
    with DecisionLog.open(postgresql_url) as log:
        assert not log.checkpoint_when_idle()
        assert log.checkpointer is None
        log.append_many(items(decided, 3))
        assert not log.checkpoint_if_due(idle=True)
        assert not log.checkpoint_if_due(idle=False)
        assert log.checkpoint_failures == 0
        assert log.size() == 3


def test_an_auditor_role_that_may_only_select_reads_the_log(
    postgresql_url: str, key: Path, decided: Decided, capsys: pytest.CaptureFixture[str]
) -> None:
    """A role with SELECT only verifies, exports, proves and signs heads (none stored); prune says it cannot write."""
    with DecisionLog.open(postgresql_url, signing_key=key) as log:
        records = log.append_many(items(decided, 12))
        log.signed_head()
    role = f"auditor_{uuid.uuid4().hex[:8]}"
    engine = create_engine(postgresql_url)
    with engine.begin() as conn:
        conn.execute(text(f"CREATE ROLE {role} LOGIN"))
        conn.execute(text(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}"))
    auditor = postgresql_url.replace("://postgres@", f"://{role}@", 1)
    assert auditor != postgresql_url
    for argv in (
        ("verify", "--lang", "en"),
        ("export",),
        ("head", "--signing-key", str(key)),
        ("prove", records[3].decision_id, "--tree-size", "10", "--signing-key", str(key)),
        ("prove", "--consistency", "4", "--tree-size", "9"),
    ):
        assert 0 == main(["log", *argv, "--log-url", auditor]), capsys.readouterr().err
    code = main(["--lang", "en", "log", "prune", "--older-than", "0", "--log-url", auditor])
    assert (2, True) == (code, "'log prune' changes the log" in capsys.readouterr().err)
    with engine.connect() as conn:
        assert 1 == conn.execute(text("SELECT count(*) FROM log_heads")).scalar_one()  # only the one stored above
    engine.dispose()


def test_a_log_opened_read_only_begins_read_only_transactions(postgresql_url: str, decided: Decided) -> None:
    """Even a role that may write cannot, through a log opened read-only: the server refuses the write."""
    with DecisionLog.open(postgresql_url) as log:
        log.append_many(items(decided, 3))
    with DecisionLog.open(postgresql_url, read_only=True) as log:
        assert (True, 0) == (log.verify().ok, len(log.heads()))
        assert 3 == log.signed_head().tree_size
        assert [] == log.heads()  # issued, not stored
        with pytest.raises(DBAPIError, match="read-only transaction"), log._engine.begin() as conn:
            conn.execute(text("DELETE FROM log_records"))
        assert 3 == log.count()
