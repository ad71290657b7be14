"""A log written by an earlier commitrules: it opens, verifies and proves; the same appends today store the same bytes.

``data/reference-v1.db`` was written by :func:`write_reference` with the code of commit 6223a54 (before
the append was made faster): plain and grouped appends, appends with personal fields redacted, a
retention run with its tombstone, and a tree head, all with a fixed clock and fixed random bits.
Today's code must (1) open that file (migrating its schema), verify it, prove its records and keep
appending to it, and (2) given the same clock and random bits, write every row byte for byte as the
earlier code did. Regenerate the file only for a deliberate format change:
``python -m tests.service.log.test_log_reference PATH``.

The cases and decisions the log holds are frozen in ``data/reference-v1-inputs.jsonl`` (the first three
examples of each folder of ``examples/cases`` and their decisions by the bundled pack of that day,
``sha256:a47ccf87…``): the bytes compared are the log's, and a later change of the pack or of the
examples, which changes the decisions and their pack digest, must not change them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml

from commitrules import Decision
from commitrules.policy.pack import PolicyPack
from commitrules.service.log import DecisionLog
from commitrules.service.log.schema import SCHEMA_VERSION
from tests.service.log.tampering import sqlite_edit

ROOT = Path(__file__).resolve().parents[3]
REFERENCE = Path(__file__).parent / "data" / "reference-v1.db"
#: The fixed clock's first reading (ns) and its step between readings.
START_NS = 1_780_000_000_123_456_789
STEP_NS = 1_000_003_333
SALT = b"reference salt"
#: The cases and decisions the reference log holds, one JSON object a line (``case``, ``decision``).
INPUTS = Path(__file__).parent / "data" / "reference-v1-inputs.jsonl"


def _example_cases() -> list[dict[str, Any]]:
    """One example case of each folder of ``examples/cases`` (the first by name), and two more of the first."""
    folders = sorted(p for p in (ROOT / "examples" / "cases").iterdir() if p.is_dir())
    files = [sorted(folder.rglob("*.yaml"))[:3] for folder in folders]
    return [yaml.safe_load(path.read_text(encoding="utf-8")) for group in files for path in group]


def _reference_inputs() -> list[tuple[dict[str, Any], Decision]]:
    """The cases and decisions of the reference log, as frozen in :data:`INPUTS`."""
    lines = INPUTS.read_text(encoding="utf-8").splitlines()
    return [(item["case"], Decision.model_validate_json(item["decision"])) for item in map(json.loads, lines)]


def random_stream() -> Callable[[int], bytes]:
    """``os.urandom`` as one stream of SHA-256-derived bytes, whatever the sizes it is read in.

    The stream is ``sha256(b"0")[:10] + sha256(b"1")[:10] + ...``: the bytes the reference was written
    with, when an id read its ten random bytes in a call of its own (a group now reads all of its ids'
    bytes in one call).
    """
    counter = iter(range(1_000_000))
    buffered = bytearray()

    def random_bytes(n: int) -> bytes:
        while len(buffered) < n:
            buffered.extend(hashlib.sha256(b"%d" % next(counter)).digest()[:10])
        taken = bytes(buffered[:n])
        del buffered[:n]
        return taken

    return random_bytes


@contextmanager
def fixed_clock_and_random() -> Iterator[None]:
    """``time.time_ns`` steps from :data:`START_NS`; ``os.urandom`` gives SHA-256-derived bytes."""
    readings = iter(range(START_NS, START_NS + 10_000 * STEP_NS, STEP_NS))

    def clock() -> int:
        return next(readings)

    random_bytes = random_stream()

    saved: tuple[Callable[[], int], Callable[[int], bytes]] = (time.time_ns, os.urandom)
    time.time_ns, os.urandom = clock, random_bytes
    try:
        yield
    finally:
        time.time_ns, os.urandom = saved


def write_reference(path: Path) -> None:
    """Write the reference log's records (of :data:`INPUTS`) into a new SQLite file at ``path``."""
    inputs = _reference_inputs()
    cases = [case for case, _ in inputs]
    decisions = [decision for _, decision in inputs]
    with fixed_clock_and_random():
        with DecisionLog.open(path) as log:
            log.append_many(
                [
                    {"case": c, "decision": d, "caller": "ref", "request_id": f"r{i}"}
                    for i, (c, d) in enumerate(inputs[:12])
                ]
            )
            log.append(case=cases[12], decision=decisions[12], engine="compiled")
            # Data no example case holds: floats JSON writes in exponent form, an integer past 64 bits, escapes.
            odd = {**cases[0], "extra": {"f": [1e16, 1.5e-7, 0.1, -0.0], "n": 2**70, "t": "承诺\u2028\x7f\x01😀"}}
            log.append(case=odd, decision=decisions[0], engine="rete", caller="ref")
        with DecisionLog.open(path, redact_personal=True, salt=SALT) as log:
            for i, (case, decision) in enumerate(inputs[13:]):
                log.append(case=case, decision=decision, caller="redacting", request_id=f"p{i}")
            recorded = dt.datetime.fromtimestamp(START_NS / 1e9, dt.UTC)
            log.prune(dt.timedelta(days=30), now=recorded + dt.timedelta(days=30, seconds=4.5))
            log.signed_head()


def rows(path: Path, table: str, order: str) -> list[tuple[Any, ...]]:
    """Every row of ``table`` in ``order``, read with the standard library."""
    with sqlite_edit(path) as conn:
        return list(conn.execute(f"SELECT * FROM {table} ORDER BY {order}"))  # noqa: S608 - test's own names


@pytest.fixture
def old_log(tmp_path: Path) -> Path:
    """A copy of the reference log (opening it may migrate it)."""
    copy = tmp_path / "old.db"
    shutil.copyfile(REFERENCE, copy)
    return copy


def test_today_writes_the_bytes_the_earlier_code_wrote(tmp_path: Path) -> None:
    """Same cases, clock and random bits: every record row and the tree head are byte for byte the reference's."""
    write_reference(tmp_path / "new.db")
    reference = rows(REFERENCE, "log_records", "idx")
    assert len(reference) > 20
    assert any(row[2] == "tombstone" for row in reference)  # type
    assert any(row[6] is None for row in reference)  # case_json: pruned
    written = rows(tmp_path / "new.db", "log_records", "idx")
    # Version 3's two columns (a decision stored as pieces and parts) are empty: these decisions were read.
    assert [row[: len(reference[0])] for row in written] == reference
    assert {row[len(reference[0]) :] for row in written} == {(None, None)}
    assert rows(tmp_path / "new.db", "log_state", "id") == rows(REFERENCE, "log_state", "id")
    assert rows(tmp_path / "new.db", "log_heads", "id") == rows(REFERENCE, "log_heads", "id")


def test_a_log_written_before_opens_verifies_proves_and_grows(old_log: Path, pack: PolicyPack) -> None:
    """The earlier code's file is opened (and migrated), verifies, proves a record, and takes new appends."""
    before = rows(old_log, "log_records", "idx")
    with DecisionLog.open(old_log) as log:
        assert log.verify().ok
        assert log.size() == len(before)
        record = log.search(limit=1, offset=5)[0]
        proof = log.inclusion_proof(record.decision_id)
        assert proof["leaf_index"] == 5
        case = _example_cases()[0]
        added = log.append(case=case, decision=pack.evaluate(case, as_of="2021-01-01"), caller="today")
        assert added.index == len(before)
        assert added.prev_hash == before[-1][-1]  # leaf_hash of the last earlier record
        report = log.verify()
        assert report.ok, report.render()
        assert log.consistency_proof(len(before), len(before) + 1)
    after = rows(old_log, "log_records", "idx")
    assert [row[: len(before[0])] for row in after[: len(before)]] == before  # and two columns added, empty
    assert {row[len(before[0]) :] for row in after[: len(before)]} == {(None, None)}
    assert rows(old_log, "log_schema", "version") == [(SCHEMA_VERSION,)]
    assert {"log_records_pack_digest", "log_records_kind_outcome"} <= indexes(REFERENCE)
    assert "log_records_pack_digest" not in indexes(old_log)  # dropped by the migration to version 2
    assert "log_records_kind_outcome" not in indexes(old_log)  # and this one by the migration to version 4


def indexes(path: Path) -> set[str]:
    """The names of the indexes of ``log_records`` (SQLite's own for keys included)."""
    with sqlite_edit(path) as conn:
        return {row[1] for row in conn.execute("PRAGMA index_list(log_records)")}


def test_a_new_log_keys_records_by_rowid(tmp_path: Path) -> None:
    """A new SQLite log has no separate index for the position (it is the rowid), none on pack_digest or kind."""
    with DecisionLog.open(tmp_path / "new.db"):
        pass
    with sqlite_edit(tmp_path / "new.db") as conn:
        (table,) = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'log_records'").fetchone()
    assert "idx INTEGER NOT NULL" in table
    assert indexes(tmp_path / "new.db") == {
        "sqlite_autoindex_log_records_1",  # decision_id, unique
        "log_records_recorded_at",
    }


def test_an_edit_of_an_old_record_is_still_named(old_log: Path) -> None:
    """Tampering with the earlier code's record is found by today's verify."""
    with sqlite_edit(old_log) as conn:
        conn.execute("UPDATE log_records SET outcome = 'compliant' WHERE idx = 3")
    with DecisionLog.open(old_log) as log:
        report = log.verify()
    assert not report.ok
    assert "3" in report.render()


if __name__ == "__main__":
    target = Path(sys.argv[1])
    target.unlink(missing_ok=True)
    write_reference(target)
    with sqlite_edit(target) as conn:
        conn.execute("PRAGMA journal_mode=DELETE")
        conn.execute("VACUUM")
    sys.stdout.write(f"wrote {target}\n")
