"""An auditor's copy of the log that cannot be written: the reading commands read it and never change it.

The copy is a 0444 file in a 0555 folder. Root ignores those modes, so under root the folder is also
bind-mounted read-only (the kernel then refuses every write, root's too): without the read-only opening,
``log verify`` fails there with SQLite's "unable to open database file" (it cannot create the ``-shm``)
or "attempt to write a readonly database".
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from commitrules import Decision
from commitrules.cli import main
from commitrules.service.log import DecisionLog, LogError
from commitrules.service.log import schema as s
from tests.service.log.conftest import ROOT, items
from tests.service.log.tampering import edit_header, tamper
from tests.service.log.test_log_reference import REFERENCE

Decided = list[tuple[dict[str, Any], Decision]]


def _mount(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["mount", *argv], capture_output=True, text=True, check=False)  # noqa: S607


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[Any]:
    """Makes a folder (its files 0444, itself 0555) read-only; returns the path to read it at.

    Under root, that path is a read-only bind mount of the folder: root writes through file modes.
    """
    made: list[tuple[Path, Path | None]] = []

    def make(folder: Path) -> Path:
        for file in folder.iterdir():
            file.chmod(0o444)
        folder.chmod(0o555)
        if os.geteuid() != 0:
            made.append((folder, None))
            return folder
        mount_point = tmp_path / f"ro-{len(made)}"
        mount_point.mkdir()
        done = _mount("--bind", str(folder), str(mount_point))
        if done.returncode == 0:
            made.append((folder, mount_point))
            done = _mount("-o", "remount,bind,ro", str(mount_point))
        if done.returncode != 0:
            pytest.fail(f"as root, these tests need a read-only bind mount (CAP_SYS_ADMIN): {done.stderr.strip()}")
        return mount_point

    yield make
    for folder, mount_point in made:
        if mount_point is not None:
            subprocess.run(["umount", str(mount_point)], check=True)  # noqa: S607
        folder.chmod(0o755)
        for file in folder.iterdir():
            file.chmod(0o644)


def _logged(folder: Path, decided: Decided, key: Path | None = None) -> list[Any]:
    folder.mkdir()
    with DecisionLog.open(folder / "decisions.db", signing_key=key) as log:
        records = log.append_many(items(decided, 25))
        log.signed_head()
    return records


def _state(folder: Path) -> dict[str, str]:
    """Every file of ``folder`` and the SHA-256 of its bytes."""
    return {file.name: hashlib.sha256(file.read_bytes()).hexdigest() for file in sorted(folder.iterdir())}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["--lang", "en", "log", *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    "argv",
    [
        ("verify", "--lang", "en"),
        ("export",),
        ("head",),
        ("prove", "--consistency", "10"),
        ("prove", "--consistency", "3", "--tree-size", "7"),
        ("replay", "--policies", str(ROOT / "policies")),
    ],
    ids=lambda argv: "-".join(argv[:2]),
)
def test_reading_commands_read_a_read_only_log(
    tmp_path: Path, decided: Decided, read_only: Any, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]
) -> None:
    """verify, export, head, prove and replay succeed on a log they cannot write to, and change no byte of it."""
    _logged(tmp_path / "log", decided)
    folder = read_only(tmp_path / "log")
    before = _state(folder)
    code, out, err = run(capsys, *argv, "--log-url", f"sqlite:///{folder / 'decisions.db'}")
    # export counts what it wrote; head and prove of this unsigned log warn that their head is not signed
    unsigned = ("not signed", "没有签名", "records exported")
    assert (0, []) == (code, [line for line in err.splitlines() if not any(word in line for word in unsigned)])
    assert out
    assert before == _state(folder)


def test_inclusion_proof_and_signed_head_of_a_read_only_log(
    tmp_path: Path, decided: Decided, key: Path, read_only: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """A proof of a decision, and a head signed now, come from a read-only log; neither is stored in it."""
    records = _logged(tmp_path / "log", decided)  # its stored head is unsigned: a signed one is issued
    folder = read_only(tmp_path / "log")
    before = _state(folder)
    url = f"sqlite:///{folder / 'decisions.db'}"
    code, out, _ = run(capsys, "prove", records[5].decision_id, "--log-url", url, "--signing-key", str(key))
    assert (0, records[5].decision_id) == (code, json.loads(out)["decision_id"])
    code, out, err = run(capsys, "head", "--log-url", url, "--signing-key", str(key))
    assert (0, "", True) == (code, err, '"signature": null' not in out)
    assert before == _state(folder)


def test_tampered_read_only_copy_is_named(
    tmp_path: Path, decided: Decided, read_only: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """verify names the record changed in a copy it cannot write to, as it does in the original."""
    _logged(tmp_path / "log", decided)
    kind, index = tamper(f"sqlite:///{tmp_path / 'log' / 'decisions.db'}", edit_header)
    folder = read_only(tmp_path / "log")
    code, _, err = run(capsys, "verify", "--lang", "en", "--log-url", f"sqlite:///{folder / 'decisions.db'}")
    assert (1, True) == (code, f"record {index}" in err)
    assert kind in err


@pytest.mark.parametrize(
    "said",
    [
        ("en", ("prune", "--older-than", "0"), "cannot be written", "'log prune' changes the log"),
        ("zh", ("head", "--store"), "无法写入", "'log head --store' 会改动日志"),
    ],
    ids=lambda said: said[1][0],
)
def test_writing_commands_on_a_read_only_log_say_so(
    tmp_path: Path, decided: Decided, read_only: Any, capsys: pytest.CaptureFixture[str], said: tuple[Any, ...]
) -> None:
    """prune and head --store (they write) on a log that cannot be written: one clear error, exit 2, no change."""
    lang, argv, words, command = said
    _logged(tmp_path / "log", decided)
    folder = read_only(tmp_path / "log")
    before = _state(folder)
    code = main(["--lang", lang, "log", *argv, "--log-url", f"sqlite:///{folder / 'decisions.db'}"])
    out, err = capsys.readouterr()
    assert (2, "", 1) == (code, out, err.count("\n"))
    assert words in err
    assert command in err
    assert before == _state(folder)


def _copy_with_wal(source: Path, folder: Path, *, shm: bool = False) -> int:
    """Copy the log at ``source`` (and its -shm) into ``folder`` while its -wal still holds records; how many."""
    folder.mkdir()
    keep = sqlite3.connect(source)  # an open connection: the -wal is not checkpointed away on close
    try:
        size = int(keep.execute("SELECT count(*) FROM log_records").fetchone()[0])
        shutil.copy(source, folder / source.name)
        for suffix in ("-wal", "-shm") if shm else ("-wal",):
            shutil.copy(source.with_name(source.name + suffix), folder / (source.name + suffix))
    finally:
        keep.close()
    return size


def test_a_wal_that_cannot_be_read_without_writing_is_refused(
    tmp_path: Path, decided: Decided, read_only: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """A copy whose -wal holds records, in a folder where no -shm can be made: an error saying what to do.

    The same copy in a folder that can be written is read whole (records in the -wal too), unchanged; so
    is a read-only copy that has its -shm beside it (SQLite reads that index without writing it).
    """
    (tmp_path / "live").mkdir()
    with DecisionLog.open(tmp_path / "live" / "decisions.db") as log:
        log.checkpoint_when_idle()  # no automatic checkpoint: the records stay in the -wal
        log.append_many(items(decided, 25))
        size = _copy_with_wal(tmp_path / "live" / "decisions.db", tmp_path / "copy")
        _copy_with_wal(tmp_path / "live" / "decisions.db", tmp_path / "with-shm", shm=True)
    assert (tmp_path / "copy" / "decisions.db-wal").stat().st_size > 0
    writable = tmp_path / "writable"
    shutil.copytree(tmp_path / "copy", writable)
    folder = read_only(tmp_path / "copy")
    before = _state(folder)
    code, out, err = run(capsys, "verify", "--lang", "en", "--log-url", f"sqlite:///{folder / 'decisions.db'}")
    assert (2, "") == (code, out)
    assert "decisions.db-wal" in err
    assert "copy the log together with its -wal file" in err
    assert before == _state(folder)
    (writable / "decisions.db").chmod(0o444)
    db_before = hashlib.sha256((writable / "decisions.db").read_bytes()).hexdigest()
    code, out, _ = run(capsys, "verify", "--lang", "en", "--log-url", f"sqlite:///{writable / 'decisions.db'}")
    assert (0, True) == (code, out.startswith(f"ok: records: {size},"))
    assert db_before == hashlib.sha256((writable / "decisions.db").read_bytes()).hexdigest()
    with_shm = read_only(tmp_path / "with-shm")
    before = _state(with_shm)
    code, out, _ = run(capsys, "verify", "--lang", "en", "--log-url", f"sqlite:///{with_shm / 'decisions.db'}")
    assert (0, True) == (code, out.startswith(f"ok: records: {size},"))
    assert before == _state(with_shm)


def test_read_only_log_is_not_migrated_and_refuses_writes(tmp_path: Path, decided: Decided, read_only: Any) -> None:
    """A version 1 log, written by an earlier commitrules (no ``log_texts``, no columns for a decision's
    parts), is read as it is (its version stays 1); appending to a read-only log raises LogError."""
    (tmp_path / "log").mkdir()
    shutil.copyfile(REFERENCE, tmp_path / "log" / "decisions.db")
    folder = read_only(tmp_path / "log")
    with DecisionLog.open(folder / "decisions.db", read_only=True) as log:
        assert (True, 35) == (log.verify().ok, log.size())
        records = log.search(limit=None)
        assert [r.index for r in records] == list(range(35))
        assert all(json.loads(r.decision_json or "null") == r.decision_data() for r in records)
        assert sum(r.decision_json is not None for r in records) == 30  # five pruned by the tombstone
        with pytest.raises(LogError, match="read-only"):
            log.append(case=decided[0][0], decision=decided[0][1])
        with log._reader.connect() as conn:
            assert 1 == conn.execute(text("SELECT version FROM log_schema")).scalar()
            assert s.missing_tables(conn) == ["log_texts"]  # not created: a read-only log is never migrated


@pytest.mark.parametrize(
    ("sql", "code"),
    [
        ("UPDATE log_schema SET version = 0", "logerr.schema_needs_migration"),
        ("UPDATE log_schema SET version = version + 1", "logerr.schema_newer"),
        ("DELETE FROM log_state", "logerr.state_missing"),
        ("DROP TABLE log_heads", "logerr.tables_missing"),
    ],
)
def test_read_only_schema_check(tmp_path: Path, decided: Decided, sql: str, code: str) -> None:
    """A schema that only a migration would make readable, or none can, is refused read-only, unchanged."""
    _logged(tmp_path / "log", decided)
    path = tmp_path / "log" / "decisions.db"
    with sqlite3.connect(path) as conn:
        conn.execute(sql)
    conn.close()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(s.LogSchemaError) as raised:
        DecisionLog.open(path, read_only=True)
    assert code == raised.value.text.id
    assert before == hashlib.sha256(path.read_bytes()).hexdigest()


def test_needs_migration_message_in_both_languages(tmp_path: Path, decided: Decided, capsys: Any) -> None:
    """The reading commands say, in Chinese and English, to migrate a writable copy."""
    _logged(tmp_path / "log", decided)
    path = tmp_path / "log" / "decisions.db"
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE log_schema SET version = 0")
    conn.close()
    for lang, words in (("en", "migrate a writable copy"), ("zh", "请先迁移一份可写的副本")):
        code = main(["--lang", lang, "log", "verify", "--log-url", f"sqlite:///{path}"])
        assert (2, True) == (code, words in capsys.readouterr().err)
