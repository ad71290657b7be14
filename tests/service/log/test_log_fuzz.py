"""No change to a stored record goes unnoticed: random edits by SQL, each named by verify at or before it."""

from __future__ import annotations

import shutil
import sqlite3
import uuid
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commitrules import Decision
from commitrules.service.log import DecisionLog
from tests.service.log.conftest import items
from tests.service.log.tampering import sqlite_edit

SIZE = 12
#: Every column of a record: each is covered by the leaf hash, a body hash or the chain.
COLUMNS = (
    "decision_id",
    "type",
    "recorded_at",
    "kind",
    "outcome",
    "case_json",
    "case_sha256",
    "decision_json",
    "decision_sha256",
    "pack_name",
    "pack_version",
    "pack_digest",
    "engine",
    "as_of",
    "caller",
    "request_id",
    "prev_hash",
    "leaf_hash",
)


@pytest.fixture(scope="module")
def base_log(tmp_path_factory: pytest.TempPathFactory, decided: list[tuple[dict[str, Any], Decision]]) -> Path:
    """A log of twelve decisions, written once and copied for each example."""
    path = tmp_path_factory.mktemp("fuzz") / "base.db"
    with DecisionLog.open(path) as log:
        log.append_many(items(decided, SIZE))
        log.signed_head()
        assert log.verify().ok
    return path


def _changed(value: Any, suffix: str) -> Any:
    if value is None:
        return suffix
    return value[: len(value) // 2] + suffix + value[len(value) // 2 + 1 :] if value else suffix


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    index=st.integers(0, SIZE - 1),
    column=st.sampled_from(COLUMNS),
    form=st.sampled_from(["text", "null", "integer", "blob"]),
    suffix=st.text(alphabet="0123456789abcdefxyz-", min_size=1, max_size=3),
)
def test_any_edit_of_any_field_is_detected(
    base_log: Path, tmp_path: Path, *, index: int, column: str, form: str, suffix: str
) -> None:
    """Changing, nulling or retyping any field of any record makes verify fail (never crash), naming that record
    or an earlier one."""
    path = tmp_path / f"{uuid.uuid4().hex}.db"  # tmp_path is shared by the examples of one test
    shutil.copyfile(base_log, path)
    with sqlite_edit(path) as con:
        (old,) = con.execute(f"SELECT {column} FROM log_records WHERE idx = ?", (index,)).fetchone()  # noqa: S608
        # SQLite stores any type in any column: an insider may write what the log never would.
        new = {"text": _changed(old, suffix), "null": None, "integer": 7, "blob": b"\xff\x00"}[form]
        if new == old:
            return
        try:
            con.execute(f"UPDATE log_records SET {column} = ? WHERE idx = ?", (new, index))  # noqa: S608
        except sqlite3.IntegrityError:
            return  # a NOT NULL or UNIQUE column refused the change: nothing was tampered with
    with DecisionLog.open(path) as log:
        report = log.verify()
    assert not report.ok, (column, index, new)
    first = report.first
    assert first is not None
    assert first.index is None or first.index <= index, report.render()
