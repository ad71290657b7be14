"""An append that the database refuses leaves nothing behind and says why, as SQLAlchemy's error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.exc import SQLAlchemyError

from commitrules import Decision
from commitrules.service.log import DecisionLog, LogError
from tests.service.log.conftest import items
from tests.service.log.tampering import sqlite_edit

Decided = list[tuple[dict[str, Any], Decision]]


def test_a_refused_append_is_rolled_back_and_raised_as_sqlalchemy_error(tmp_path: Path, decided: Decided) -> None:
    """A row the database refuses (a repeated decision id) fails the whole group; the log is as before."""
    path = tmp_path / "d.db"
    with DecisionLog.open(path) as log:
        log.append_many(items(decided, 5))
        with sqlite_edit(path) as conn:  # a trigger that refuses the third row of the next group
            conn.execute(
                "CREATE TRIGGER refuse BEFORE INSERT ON log_records WHEN NEW.idx = 7 "
                "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
            )
        with pytest.raises(SQLAlchemyError, match="refused by the test"):
            log.append_many(items(decided, 4))
        assert log.size() == 5
        assert log.count() == 5
        with sqlite_edit(path) as conn:
            conn.execute("DROP TRIGGER refuse")
        added = log.append_many(items(decided, 4))
        assert [r.index for r in added] == [5, 6, 7, 8]
        assert log.verify().ok


def test_a_database_without_the_state_row_is_refused(tmp_path: Path, decided: Decided) -> None:
    """A log whose state row is gone is not appended to (LogError), and nothing is written."""
    path = tmp_path / "d.db"
    with DecisionLog.open(path) as log:
        with sqlite_edit(path) as conn:
            conn.execute("DELETE FROM log_state")
        with pytest.raises(LogError, match="no state row"):
            log.append(**items(decided, 1)[0])
        assert log.count() == 0
