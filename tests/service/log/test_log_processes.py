"""The log across processes: two writers on one PostgreSQL, and a writer killed in the middle of a load."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from commitrules import Decision
from commitrules.service.log import DecisionLog
from commitrules.service.log import checkpoints as ck
from tests.service.log.conftest import ROOT, items

#: These tests start processes (writers, a PostgreSQL server).
pytestmark = pytest.mark.slow


def start_writer(
    url: str, count: int, *, group: int = 1, caller: str = "writer", wait: bool = False
) -> subprocess.Popen[str]:
    """A writer process; with ``wait``, it appends only once told to on its standard input."""
    return subprocess.Popen(
        [sys.executable, "-m", "tests.service.log.writer", url, str(count), "--group", str(group), "--caller", caller]
        + (["--wait"] if wait else []),
        cwd=ROOT,
        stdin=subprocess.PIPE if wait else None,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_processes_append_to_one_postgresql_log(postgresql_url: str) -> None:
    """Two processes writing at once: one sequence of records without gaps or repeats, and verify passes."""
    with DecisionLog.open(postgresql_url) as log:  # created before, so the writers race on appends only
        assert 0 == log.size()
    writers = [
        start_writer(postgresql_url, 150, caller="a", wait=True),
        start_writer(postgresql_url, 150, group=7, caller="b", wait=True),
    ]
    for writer in writers:  # both have started (loaded the pack, connected) before either appends
        assert writer.stdout is not None
        assert "ready" == writer.stdout.readline().strip(), writer.communicate(timeout=60)[1]
    for writer in writers:
        assert writer.stdin is not None
        writer.stdin.write("go\n")
        writer.stdin.flush()
    outputs = [w.communicate(timeout=300) for w in writers]
    assert [0, 0] == [w.returncode for w in writers], [err for _, err in outputs]
    ids = [out.split() for out, _ in outputs]
    assert [150, 150] == [len(i) for i in ids]
    with DecisionLog.open(postgresql_url) as log:
        records = log.search(limit=None)
        report = log.verify()
    assert report.ok, report.render()
    assert (300, 300) == (report.size, len(records))
    assert list(range(300)) == [r.index for r in records]
    assert set(ids[0]) | set(ids[1]) == {r.decision_id for r in records}
    callers = [r.caller for r in records]
    assert (150, 150) == (callers.count("a"), callers.count("b"))
    # The writers' appends interleave (they started together): the lock serialised them one append at a
    # time, not one writer after the other (a b, or b a, would be a single switch).
    assert sum(callers[i] != callers[i + 1] for i in range(299)) > 1
    for name in ("a", "b"):
        mine = [int(r.request_id.split("-")[1]) for r in records if r.caller == name and r.request_id]
        assert sorted(mine) == mine  # each writer's records are in the order it appended them


def test_a_checkpointing_writer_and_another_process_on_one_sqlite_file(
    tmp_path: Path, decided: list[tuple[dict[str, Any], Decision]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The service's writer checkpoints (and starts the WAL over) while another process appends to the file.

    Neither waits for the other beyond a commit, no checkpoint fails, and every record of both is there in
    one sequence. (A checkpointer that read SQLite's wal-index file and closed it dropped this process's
    locks on it: records committed last were then missing in about one run in five.)
    """
    monkeypatch.setattr(ck, "BUDGET", 60)
    monkeypatch.setattr(ck, "RESTART", 120)
    monkeypatch.setattr(ck, "LIMIT", 240)
    url = f"sqlite:///{tmp_path / 'decisions.db'}"
    with DecisionLog.open(url) as log:
        assert log.checkpoint_when_idle()
        checkpointer = log.checkpointer
        assert checkpointer is not None
        writer = start_writer(url, 300, caller="other", wait=True)
        assert writer.stdout is not None and writer.stdin is not None
        assert "ready" == writer.stdout.readline().strip(), writer.communicate(timeout=60)[1]
        writer.stdin.write("go\n")
        writer.stdin.flush()
        for i, entry in enumerate(items(decided, 300)):
            log.append_many([entry])
            log.checkpoint_if_due(idle=i % 3 == 0)
        out, err = writer.communicate(timeout=300)
        assert 0 == writer.returncode, err
        assert checkpointer.settle()
        assert checkpointer.runs > 300 * 6.5 // 240  # at least as many as its own commits make due
        assert checkpointer.failures == 0
        log.append_many(items(decided, 1))
        records = log.search(limit=None)
        report = log.verify()
    assert report.ok, report.render()
    assert list(range(601)) == [r.index for r in records]
    assert set(out.split()) == {r.decision_id for r in records if r.caller == "other"}


def kill_mid_load(url: str, group: int) -> list[str]:
    """Start a writer of a long load, SIGKILL it after 60 acknowledged appends; the ids it acknowledged."""
    writer = start_writer(url, 100_000, group=group)
    assert writer.stdout is not None
    assert "ready" == writer.stdout.readline().strip()
    acknowledged = []
    while len(acknowledged) < 60:
        line = writer.stdout.readline()
        assert line, writer.stderr.read() if writer.stderr else ""
        acknowledged.append(line.strip())
    os.kill(writer.pid, signal.SIGKILL)
    rest, _ = writer.communicate(timeout=60)
    acknowledged.extend(rest.split())  # complete lines written before the kill were acknowledged too
    assert -signal.SIGKILL == writer.returncode
    return acknowledged


@pytest.mark.parametrize("group", [1, 10])
def test_a_killed_writer_loses_no_acknowledged_decision_sqlite(tmp_path: Path, group: int) -> None:
    """SIGKILL in the middle of appends to SQLite: every append that returned is in the log, and it verifies."""
    url = f"sqlite:///{tmp_path / 'decisions.db'}"
    acknowledged = kill_mid_load(url, group)
    with DecisionLog.open(url) as log:
        report = log.verify()
        missing = [i for i in acknowledged if log.get(i) is None]
        assert report.ok, report.render()
        assert [] == missing
        assert log.size() >= len(acknowledged)
        log.append_many([])  # and it goes on: a new append after the crash continues the sequence


def test_a_killed_writer_loses_no_acknowledged_decision_postgresql(postgresql_url: str) -> None:
    """The same on PostgreSQL."""
    with DecisionLog.open(postgresql_url):
        pass
    acknowledged = kill_mid_load(postgresql_url, 1)
    with DecisionLog.open(postgresql_url) as log:
        report = log.verify()
        assert report.ok, report.render()
        assert [] == [i for i in acknowledged if log.get(i) is None]


def verify_while_appending(url: str) -> list[str]:
    """Verify over and over while another process appends; the problems any verification reported."""
    with DecisionLog.open(url) as log:
        writer = start_writer(url, 120)
        problems: list[str] = []
        checked = 0
        while writer.poll() is None or checked == 0:
            report = log.verify()
            checked += 1
            problems.extend(p.render() for p in report.problems)
            log.signed_head()  # heads issued meanwhile are checked by the next verification
        _, err = writer.communicate(timeout=60)
        assert 0 == writer.returncode, err
        final = log.verify()
    assert (True, 120) == (final.ok, final.size)
    assert checked > 1
    return problems


def test_verify_while_another_process_appends_sqlite(tmp_path: Path) -> None:
    """Verification reads one snapshot: appends committing meanwhile are never taken for tampering."""
    assert [] == verify_while_appending(f"sqlite:///{tmp_path / 'decisions.db'}")


def test_verify_while_another_process_appends_postgresql(postgresql_url: str) -> None:
    """The same on PostgreSQL (a REPEATABLE READ snapshot)."""
    assert [] == verify_while_appending(postgresql_url)
