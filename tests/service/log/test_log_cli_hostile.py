"""``commitrules log`` against hostile input: databases that are no log, altered logs, numbers, times, heads.

Each gets one clear error in the language asked for, a non-zero exit and no traceback; and a command
that reads a log never writes into a database that holds none.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import threading
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from commitrules import Decision
from commitrules.cli import main
from commitrules.service.log import DecisionLog
from commitrules.service.log.schema import SCHEMA_VERSION, LogSchemaError
from tests.language_leaks import english_runs
from tests.service.log.conftest import items

Decided = list[tuple[dict[str, Any], Decision]]
READERS = (("verify",), ("export",), ("head",), ("prove", "--consistency", "1"), ("prune", "--older-than", "1"))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """``commitrules ARGV``: exit code (argparse's exit included), standard output, standard error."""
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def sql(path: Path, script: str) -> None:
    """Run ``script`` on the SQLite file ``path`` (an insider's edit, or another program's database)."""
    with closing(sqlite3.connect(path)) as conn:
        conn.executescript(script)
        conn.commit()


def tables_and_journal(path: Path) -> tuple[list[str], str]:
    """The tables of the SQLite file ``path`` and its journal mode."""
    with closing(sqlite3.connect(path)) as conn:
        names = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return names, conn.execute("PRAGMA journal_mode").fetchone()[0]


@pytest.fixture
def log_file(tmp_path: Path, decided: Decided) -> Path:
    """A log of five example decisions."""
    path = tmp_path / "decisions.db"
    with DecisionLog.open(f"sqlite:///{path}") as log:
        log.append_many(items(decided, 5))
    return path


@pytest.mark.parametrize("command", READERS)
def test_a_database_without_a_log_is_named_and_left_as_it_was(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: tuple[str, ...]
) -> None:
    """An empty file or another program's SQLite database is no log: said so, and no table is added to it."""
    other = tmp_path / "other.db"
    sql(other, "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL);")
    empty = tmp_path / "empty.db"
    empty.touch()
    for path in (other, empty):
        before = tables_and_journal(path)
        code, _, err = run(capsys, "--lang", "en", "log", *command, "--log-url", f"sqlite:///{path}")
        said = f"'sqlite:///{path}' holds no decision log (none of its tables); name the log with --log-url"
        assert (2, f"commitrules: error: {said}\n") == (code, err)
        assert before == tables_and_journal(path)
        assert "Traceback" not in err
    code, _, err = run(capsys, "--lang", "zh", "log", *command, "--log-url", f"sqlite:///{other}")
    assert (2, True) == (code, f"「sqlite:///{other}」中没有决定日志" in err)


@pytest.mark.parametrize(
    ("script", "english", "chinese"),
    [
        (
            "UPDATE log_schema SET version = 99;",
            (
                "the decision log has schema version 99; "
                f"this commitrules reads version {SCHEMA_VERSION} and older: upgrade commitrules"
            ),
            "决定日志的结构版本是 99",
        ),
        (
            "UPDATE log_schema SET version = 'two';",
            "the decision log's schema version is 'two', not a number: the log was altered",
            "不是数字：日志被改动过",
        ),
        (
            "DROP TABLE log_texts;",  # a log of version 3 without it: altered (an older one gets it when migrated)
            "the decision log lacks its tables log_texts: it was altered, or is not a decision log of commitrules",
            "决定日志缺少数据表 log_texts",
        ),
        (
            "DROP TABLE log_heads;",
            "the decision log lacks its tables log_heads: it was altered, or is not a decision log of commitrules",
            "决定日志缺少数据表 log_heads",
        ),
    ],
)
def test_an_altered_schema_is_refused_with_one_message(
    log_file: Path, capsys: pytest.CaptureFixture[str], script: str, english: str, chinese: str
) -> None:
    """A schema version that is newer or not a number, or a table dropped: one message, exit 2, no tables made."""
    sql(log_file, script)
    before = tables_and_journal(log_file)
    for command in READERS:
        code, _, err = run(capsys, "--lang", "en", "log", *command, "--log-url", f"sqlite:///{log_file}")
        assert (2, f"commitrules: error: {english}\n") == (code, err)
    code, _, err = run(capsys, "--lang", "zh", "log", "verify", "--log-url", f"sqlite:///{log_file}")
    assert (2, True, False) == (code, chinese in err, "Traceback" in err)
    assert before == tables_and_journal(log_file)


@pytest.mark.parametrize(
    ("command", "script"),
    [
        (("verify",), "UPDATE log_state SET size = 'abc';"),
        (("head",), "UPDATE log_state SET frontier = 'garbage';"),
        (("export",), "UPDATE log_records SET decision_json = '{bad' WHERE idx = 2;"),
        (("export",), "UPDATE log_records SET case_json = x'ff00ff' WHERE idx = 1;"),
        (("replay", "--policies", "policies"), "UPDATE log_records SET decision_json = '{bad' WHERE idx = 2;"),
        (("export",), "UPDATE log_records SET decision_json = '[1]' WHERE idx = 2;"),
        (("replay", "--policies", "policies"), "UPDATE log_records SET case_json = '[1]' WHERE idx = 2;"),
        (("replay", "--policies", "policies"), "UPDATE log_records SET decision_json = '{}' WHERE idx = 2;"),
        (("prove", "--consistency", "1"), "UPDATE log_records SET leaf_hash = 'zz' WHERE idx = 0;"),
        (("prove", "--consistency", "1"), "UPDATE log_heads SET tree_size = 'x';"),
        (("head",), "UPDATE log_heads SET timestamp = 'x';"),
        (("prune", "--older-than", "0"), "UPDATE log_state SET frontier = 'zz';"),
    ],
)
def test_a_value_that_does_not_read_is_reported_not_raised(
    log_file: Path, capsys: pytest.CaptureFixture[str], command: tuple[str, ...], script: str
) -> None:
    """A column of another type or broken JSON in the log: one message that points at the log and at verify."""
    with DecisionLog.open(f"sqlite:///{log_file}") as log:
        log.signed_head()  # a stored head, for the scripts that alter one
    sql(log_file, script)
    url = f"sqlite:///{log_file}"
    code, _, err = run(capsys, "--lang", "en", "log", *command, "--log-url", url)
    assert (2, True) == (code, f"the decision log at '{url}' holds a value that cannot be read (" in err)
    assert (True, False) == ("run 'commitrules log verify'" in err, "Traceback" in err)
    code, _, err = run(capsys, "--lang", "zh", "log", *command, "--log-url", url)
    assert (2, True) == (code, f"「{url}」的决定日志中有无法读取的值" in err)


@pytest.mark.parametrize(
    "argv",
    [
        ("prove", "--consistency", "１２"),
        ("prove", "--consistency", "٣"),
        ("prove", "--consistency", "1", "--tree-size", "99999999999999999999999"),
        ("prove", "--consistency", "0x10"),
        ("prune", "--older-than", "99999999999"),
        ("prune", "--older-than", "３"),
    ],
)
def test_numbers_are_ascii_and_in_range(
    log_file: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]
) -> None:
    """Sizes and days are whole numbers in ASCII digits that fit (no OverflowError, no '１２' read as 12)."""
    code, out, err = run(capsys, "--lang", "en", "log", *argv, "--log-url", f"sqlite:///{log_file}")
    assert (2, "") == (code, out)
    assert f"expected a whole number from {'-1000000' if argv[0] == 'prune' else '-9223372036854775807'} to " in err
    assert f"in ASCII digits, found '{argv[-1]}'" in err
    assert "Traceback" not in err
    code, _, err = run(capsys, "--lang", "zh", "log", *argv, "--log-url", f"sqlite:///{log_file}")
    assert (2, True) == (code, f"之间的整数（ASCII 数字），却是「{argv[-1]}」" in err)
    code, _, err = run(capsys, "--lang", "en", "log", *argv[:-2], f"{argv[-2]}=--{argv[-1]}", "--log-url", "x")
    assert (2, True) == (code, f"in ASCII digits, found '--{argv[-1]}'" in err)  # not argparse's 'invalid _whole'


@pytest.mark.parametrize(
    ("filters", "english", "chinese"),
    [
        (
            ("--since", "2030-01-01", "--until", "2020-01-01T00:00:00Z"),
            "--since 2030-01-01 is later than --until 2020-01-01T00:00:00Z: no record could match",
            "--since 2030-01-01 晚于 --until 2020-01-01T00:00:00Z",
        ),
        (
            ("--since", "0001-01-01T00:00:00+05:00"),
            "'0001-01-01T00:00:00+05:00' is outside the years 1 to 9999 in UTC",
            "超出了 UTC 的 1 至 9999 年",
        ),
        (
            ("--until", "9999-12-31T23:59:59-05:00"),
            "'9999-12-31T23:59:59-05:00' is outside the years 1 to 9999 in UTC",
            "超出了 UTC 的 1 至 9999 年",
        ),
        (
            ("--since", "yesterday"),
            "'yesterday' is not a time (ISO 8601, e.g. 2026-12-05T08:00:00Z)",
            "「yesterday」不是时间",
        ),
    ],
)
def test_time_filters_that_cannot_match_or_cannot_be_times(
    log_file: Path, capsys: pytest.CaptureFixture[str], filters: tuple[str, ...], english: str, chinese: str
) -> None:
    """--since after --until, or a time outside the years UTC can hold: one message, exit 2, nothing written."""
    out_file = log_file.with_name("out.jsonl")
    for command in (("export", "--out", str(out_file)), ("replay", "--policies", "policies")):
        code, out, err = run(capsys, "--lang", "en", "log", *command, *filters, "--log-url", f"sqlite:///{log_file}")
        assert (2, "", f"commitrules: error: {english}\n") == (code, out, err)
        code, _, err = run(capsys, "--lang", "zh", "log", *command, *filters, "--log-url", f"sqlite:///{log_file}")
        assert (2, True) == (code, chinese in err)
    assert not out_file.exists()


ROOT_HASH = "a" * 64


@pytest.mark.parametrize(
    ("content", "english", "chinese"),
    [
        (
            f'{{"tree_size": 1e400, "root_hash": "{ROOT_HASH}", "timestamp": 1}}',
            "tree_size and timestamp",
            "应当是 0 或更大的整数",
        ),
        (
            f'{{"tree_size": true, "root_hash": "{ROOT_HASH}", "timestamp": 1}}',
            "tree_size and timestamp",
            "应当是 0 或更大的整数",
        ),
        (
            f'{{"tree_size": 2, "root_hash": "{ROOT_HASH}", "timestamp": 1.5}}',
            "tree_size and timestamp",
            "应当是 0 或更大的整数",
        ),
        (
            f'{{"tree_size": -1, "root_hash": "{ROOT_HASH}", "timestamp": 1}}',
            "tree_size and timestamp",
            "应当是 0 或更大的整数",
        ),
        ("[" * 100_000 + "]" * 100_000, "is nested too deeply to be a tree head", "嵌套太深"),
        ("[1, 2]", "a tree head is a JSON object", "树头应当是一个 JSON 对象"),
        (f'{{"root_hash": "{ROOT_HASH}"}}', "a tree head needs 'tree_size'", "树头缺少「tree_size」"),
        (
            '{"tree_size": 1, "root_hash": "xyz", "timestamp": 1}',
            "root_hash 'xyz' is not 64",
            "不是 64 位小写十六进制数字",
        ),
        (b"\xff\xfe{}", "is not UTF-8 text: the byte 0xff at byte 0", "不是 UTF-8 文本"),
    ],
)
def test_a_hostile_head_file_gets_one_message(
    log_file: Path, capsys: pytest.CaptureFixture[str], content: str | bytes, english: str, chinese: str
) -> None:
    """A head that is no head (floats, booleans, deep nesting, binary): exit 2, a message naming the file."""
    head = log_file.with_name("head.json")
    head.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    code, out, err = run(
        capsys, "--lang", "en", "log", "verify", "--head", str(head), "--log-url", f"sqlite:///{log_file}"
    )
    assert (2, "", True, True) == (code, out, english in err, f"'{head}'" in err)
    assert "Traceback" not in err
    code, _, err = run(
        capsys, "--lang", "zh", "log", "verify", "--head", str(head), "--log-url", f"sqlite:///{log_file}"
    )
    assert (2, True, True) == (code, chinese in err, f"「{head}」" in err)


def test_the_language_before_the_command_is_the_reports_language(
    log_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``commitrules --lang en log verify`` reports in English, as ``log verify --lang en`` does."""
    url = f"sqlite:///{log_file}"
    before = run(capsys, "--lang", "en", "log", "verify", "--log-url", url)
    after = run(capsys, "log", "verify", "--lang", "en", "--log-url", url)
    assert before == after
    assert before[1].startswith("ok: records: 5,")
    assert run(capsys, "--lang", "zh", "log", "verify", "--log-url", url)[1].startswith("完好")
    replayed = run(capsys, "--lang", "en", "log", "replay", "--policies", "policies", "--log-url", url)[1]
    assert (True, False) == (replayed.startswith("Replay"), "重放" in replayed)


def test_keygen_never_overwrites_a_public_key(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """PATH.pub of another key is kept, and no private key is left without its public key (it overwrote it)."""
    public = tmp_path / "log.pem.pub"
    public.write_text("another key's public half\n", encoding="utf-8")
    code, out, err = run(capsys, "--lang", "en", "log", "keygen", str(tmp_path / "log.pem"))
    assert (2, "", f"commitrules: error: '{public}' exists; a signing key is never overwritten\n") == (code, out, err)
    assert ["log.pem.pub"] == sorted(p.name for p in tmp_path.iterdir())
    assert "another key's public half\n" == public.read_text(encoding="utf-8")


def test_a_key_that_cannot_be_used_is_said_without_cryptographys_words(
    log_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Garbage, a public key, an empty file or an encrypted key as --signing-key: what it is, in each language.

    cryptography's own words ('Unable to load PEM file. See https://cryptography.io/...') were shown in English.
    """
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    files = {
        "garbage.pem": b"not a key at all",
        "empty.pem": b"",
        "public.pem": key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ),
        "encrypted.pem": key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.BestAvailableEncryption(b"pw")
        ),
    }
    said = {
        "garbage.pem": ("is not a key in PEM ('-----BEGIN ...' lines)", "不是 PEM 格式的密钥"),
        "empty.pem": ("is not a key in PEM ('-----BEGIN ...' lines)", "不是 PEM 格式的密钥"),
        "public.pem": ("holds no private key (is it the public key?)", "中没有私钥（它是公钥吗？）"),
        "encrypted.pem": ("is an encrypted private key: commitrules reads keys without a password", "是加密的私钥"),
    }
    for name, content in files.items():
        path = log_file.with_name(name)
        path.write_bytes(content)
        for lang, words in zip(("en", "zh"), said[name], strict=True):
            code, out, err = run(
                capsys, "--lang", lang, "log", "head", "--signing-key", str(path), "--log-url", f"sqlite:///{log_file}"
            )
            assert (2, "", True) == (code, out, words in err), err
            assert ("cryptography" not in err, "Traceback" not in err) == (True, True)


def test_export_writes_to_a_pipe_and_gives_a_new_file_the_usual_mode(
    log_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--out a FIFO (a shell's >(...)) or a link is written through, not replaced; a file keeps open's mode."""
    fifo = log_file.with_name("pipe")
    os.mkfifo(fifo)
    received: list[bytes] = []
    # a daemon: were the pipe replaced by a file, the reader would wait for a writer forever
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    code, _, err = run(capsys, "log", "export", "--out", str(fifo), "--log-url", f"sqlite:///{log_file}")
    reader.join(timeout=10)
    assert (0, 5, True) == (code, received[0].count(b"\n") if received else 0, stat.S_ISFIFO(fifo.lstat().st_mode))
    assert "5" in err
    mask = os.umask(0o027)
    try:
        out_file = log_file.with_name("out.jsonl")
        code, _, _ = run(capsys, "log", "export", "--out", str(out_file), "--log-url", f"sqlite:///{log_file}")
    finally:
        os.umask(mask)
    assert (0, 0o640) == (code, stat.S_IMODE(out_file.stat().st_mode))
    link = log_file.with_name("link.jsonl")
    link.symlink_to(out_file)
    out_file.chmod(0o604)
    out_file.write_text("old\n")
    code, _, _ = run(capsys, "log", "export", "--out", str(link), "--log-url", f"sqlite:///{log_file}")
    assert (0, True, 5, 0o604) == (
        code,
        link.is_symlink(),
        out_file.read_text().count("\n"),
        stat.S_IMODE(out_file.stat().st_mode),
    )


def test_prune_older_than_the_year_1_prunes_nothing(log_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--older-than 800000 (accepted, but before the year 1): nothing is that old; the log is not blamed."""
    code, out, err = run(capsys, "--lang", "en", "log", "prune", "--older-than", "800000", "--log-url", str(log_file))
    assert (0, "nothing older than 800000 days\n", "") == (code, out, err)


def test_times_before_the_year_1000_sort_before_the_logs(log_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A cut or a filter before the year 1000 is written with four digits: '931-…' sorted after '2026-…'."""
    url = f"sqlite:///{log_file}"
    code, out, _ = run(capsys, "--lang", "en", "log", "prune", "--older-than", "400000", "--log-url", url)
    assert (0, "nothing older than 400000 days\n") == (code, out)
    code, out, _ = run(capsys, "log", "export", "--since", "0999-01-01", "--log-url", url)
    assert (0, 5) == (code, out.count("\n"))
    code, out, _ = run(capsys, "log", "export", "--until", "0999-01-01", "--log-url", url)
    assert (0, 0) == (code, out.count("\n"))


@pytest.mark.parametrize("error", [TypeError("bug"), KeyError("bug"), ValueError("bug"), ZeroDivisionError("bug")])
def test_a_defect_is_not_said_to_be_the_logs_fault(
    log_file: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, error: Exception
) -> None:
    """An error of commitrules' own code while a log command runs keeps its traceback: no log error hides it."""

    def broken(*_: object, **__: object) -> None:
        raise error

    monkeypatch.setattr(DecisionLog, "signed_head", broken)
    with pytest.raises(type(error)):
        main(["--lang", "en", "log", "head", "--log-url", f"sqlite:///{log_file}"])
    assert "holds a value that cannot be read" not in capsys.readouterr().err


def test_the_library_does_not_make_a_log_in_another_programs_database(tmp_path: Path) -> None:
    """DecisionLog.open refuses an SQLite file with tables, none of them the log's, and leaves it as it was.

    A new file, an empty one and a log (opened twice at once, as several writers do) are opened as before.
    """
    other = tmp_path / "other.db"
    sql(other, "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL);")
    before = tables_and_journal(other)
    with pytest.raises(LogSchemaError) as raised:
        DecisionLog.open(other)
    said = f"'sqlite:///{other}' holds no decision log (none of its tables); name the log with --log-url"
    assert said == str(raised.value)
    assert "中没有决定日志" in raised.value.text.in_("zh")
    assert before == tables_and_journal(other)
    empty = tmp_path / "empty.db"
    empty.touch()
    for path in (empty, tmp_path / "new.db"):
        with DecisionLog.open(path) as log, DecisionLog.open(path) as again:
            assert (0, 0) == (log.size(), again.size())
        assert "log_records" in tables_and_journal(path)[0]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_export_to_a_folder_that_is_missing_or_not_writable_leaves_nothing(
    log_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """--out in a missing folder, or one that cannot be written: one message naming --out, exit 6, no file left."""
    url = f"sqlite:///{log_file}"
    missing = tmp_path / "nowhere" / "out.jsonl"
    code, out, err = run(capsys, "--lang", lang, "log", "export", "--out", str(missing), "--log-url", url)
    said = {"en": "No such file or directory", "zh": "没有这个文件或文件夹"}[lang]
    assert (6, "", 1, True, False) == (
        code,
        out,
        err.count("\n"),
        f"{missing}" in err and said in err,
        "Traceback" in err,
    )
    folder = tmp_path / "read-only"
    folder.mkdir()

    def denied(*_: object, **__: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")  # what a folder without write permission gives

    monkeypatch.setattr("tempfile.mkstemp", denied)
    target = folder / "out.jsonl"
    code, out, err = run(capsys, "--lang", lang, "log", "export", "--out", str(target), "--log-url", url)
    said = {"en": "Permission denied", "zh": "没有权限"}[lang]
    assert (6, "", 1, True) == (code, out, err.count("\n"), f"{target}" in err and said in err)
    assert [] == list(folder.iterdir())


@pytest.mark.parametrize("option", ["--head", "--signing-key", "--public-key"])
def test_a_head_or_key_file_past_its_size_is_refused_unread(
    log_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], option: str
) -> None:
    """A head or key file of more than 1 MiB (/dev/zero, read whole, never ended): read up to 1 MiB, one message."""
    url = f"sqlite:///{log_file}"
    large = tmp_path / "large"
    large.write_bytes(b"0" * (1024 * 1024 + 1))
    code, out, err = run(capsys, "--lang", "en", "log", "verify", option, str(large), "--log-url", url)
    what = "a tree head is a small JSON object" if option == "--head" else "a key file holds a few hundred"
    assert (2, "", f"commitrules: error: '{large}' is more than 1048576 bytes: {what}\n") == (code, out, err)
    code, _, err = run(capsys, "--lang", "zh", "log", "verify", option, str(large), "--log-url", url)
    assert (2, True) == (code, f"「{large}」超过 1048576 字节" in err)


@pytest.mark.parametrize(("lang", "said"), [("zh", "这个文件不是 SQLite 数据库"), ("en", "file is not a database")])
def test_a_file_that_is_not_a_database_is_said_in_the_readers_language(
    lang: str, said: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """SQLite's reason is said in the catalogue's words (it was SQLite's English in a Chinese message)."""
    not_a_log = tmp_path / "cases.json"
    not_a_log.write_text('{"kind": "escalation"}\n' * 200, encoding="utf-8")
    code, _, err = run(capsys, "--lang", lang, "log", "verify", "--log-url", f"sqlite:///{not_a_log}")
    assert 2 == code
    assert said in err
    assert "Traceback" not in err
    if lang == "zh":  # SQLite's own words only quoted, after the explanation
        assert "「file is not a database」" in err
        assert [] == english_runs(err.replace("「file is not a database」", ""))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_export_never_writes_over_the_log_it_reads(
    lang: str, log_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``log export --out`` naming the log's own file (by its path, another path or a link): exit 2, the log kept.

    The export replaced the database with the JSON Lines of its records: the log, and every proof of it, gone.
    """
    before = log_file.read_bytes()
    link = tmp_path / "export.jsonl"
    link.symlink_to(log_file)
    url = f"sqlite:///{log_file}"
    for out in (log_file, tmp_path / "." / log_file.name, link):
        code, _, err = run(capsys, "--lang", lang, "log", "export", "--out", str(out), "--log-url", url)
        assert 2 == code, err
        assert ("就是本命令读取的" if lang == "zh" else "which this command reads") in err
        assert before == log_file.read_bytes()
    code, _, _ = run(capsys, "log", "verify", "--log-url", url)
    assert 0 == code
