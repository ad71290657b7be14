"""``commitrules log``: keys, heads, proofs, verification, export, retention and replay from the command line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from commitrules import Decision
from commitrules.cli import main
from commitrules.service.log import DecisionLog
from tests.service.log.conftest import ROOT, items
from tests.service.log.tampering import sqlite_edit
from tests.service.log.test_merkle import run_script, write

Decided = list[tuple[dict[str, Any], Decision]]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["log", *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def logged(tmp_path: Path, key: Path, decided: Decided) -> tuple[str, list[Any]]:
    """A log of every example decision, signed with ``key``."""
    url = f"sqlite:///{tmp_path / 'decisions.db'}"
    with DecisionLog.open(url, signing_key=key) as log:
        records = log.append_many(items(decided))
    return url, records


@pytest.mark.parametrize("said", [("zh", "证明所依据的树头没有签名"), ("en", "the proof's tree head is not signed")])
def test_a_proof_against_an_unsigned_head_says_so(
    tmp_path: Path, key: Path, decided: Decided, capsys: pytest.CaptureFixture[str], said: tuple[str, str]
) -> None:
    """Without a key, `log prove` gave an unsigned head silently and the standalone checker said "not signed by
    this key"; now the command warns, in the language asked, and the checker says the head is not signed at all."""
    lang, warning = said
    url = f"sqlite:///{tmp_path / 'decisions.db'}"
    with DecisionLog.open(url) as log:
        records = log.append_many(items(decided, 5))
    for argv in ((records[2].decision_id,), ("--consistency", "2")):
        code, out, err = run(capsys, "--lang", lang, "prove", *argv, "--log-url", url)
        assert (0, True) == (code, warning in err)
        proof = write(tmp_path / "p.json", json.loads(out))
        done = run_script(
            "inclusion" if "--consistency" not in argv else "consistency", proof, "--public-key", str(key) + ".pub"
        )
        assert (1, True) == (done.returncode, "is not signed: ask for a proof signed by the log's key" in done.stdout)


def test_keygen_writes_a_key_pair_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """keygen writes a private key only its owner reads, and its public key; it never overwrites one."""
    path = tmp_path / "signing.pem"
    code, out, _ = run(capsys, "keygen", str(path))
    assert (0, 0o600) == (code, path.stat().st_mode & 0o777)
    assert "BEGIN PRIVATE KEY" in path.read_text()
    assert "BEGIN PUBLIC KEY" in (tmp_path / "signing.pem.pub").read_text()
    assert "keep it secret" in out
    before = path.read_bytes()
    code, _, err = run(capsys, "keygen", str(path))
    assert (2, before) == (code, path.read_bytes())
    assert "never overwritten" in err


@pytest.mark.slow
def test_head_prove_and_verify(
    logged: tuple[str, list[Any]], key: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A head printed today and a proof printed later both check with the standalone script and the public key."""
    url, records = logged
    code, out, err = run(capsys, "head", "--log-url", url)
    assert (0, None, True) == (code, json.loads(out)["signature"], "not signed" in err)
    code, out, err = run(capsys, "head", "--log-url", url, "--signing-key", str(key), "--store")
    assert (0, "") == (code, err)
    head = json.loads(out)
    assert len(records) == head["tree_size"]
    head_file = write(tmp_path / "head.json", head)
    code, out, err = run(capsys, "prove", records[17].decision_id, "--log-url", url, "--signing-key", str(key))
    assert (0, "") == (code, err)
    public = str(key) + ".pub"
    assert 0 == run_script("inclusion", write(tmp_path / "p.json", json.loads(out)), "--public-key", public).returncode
    code, out, _ = run(capsys, "prove", "--consistency", "10", "--log-url", url, "--signing-key", str(key))
    assert 0 == code
    done = run_script("consistency", write(tmp_path / "c.json", json.loads(out)), "--public-key", public)
    assert 0 == done.returncode, done.stdout
    code, out, _ = run(capsys, "verify", "--log-url", url, "--head", head_file, "--public-key", public, "--lang", "en")
    assert (0, True) == (code, out.startswith(f"ok: records: {len(records)},"))
    assert "signatures not checked" not in out
    code, out, _ = run(capsys, "verify", "--log-url", url, "--lang", "zh")
    assert (0, True) == (code, out.startswith(f"完好：{len(records)} 条记录"))
    assert "未核对签名" in out  # a signed head is stored (head --store), but no key was given to check them
    code, out, _ = run(capsys, "verify", "--log-url", url, "--format", "json")
    assert (0, True, []) == (code, json.loads(out)["ok"], json.loads(out)["problems"])


def test_verify_fails_on_tampering(logged: tuple[str, list[Any]], capsys: pytest.CaptureFixture[str]) -> None:
    """verify exits 1 and names the record."""
    url, records = logged
    with sqlite_edit(url.removeprefix("sqlite:///")) as con:
        con.execute("UPDATE log_records SET outcome = 'approved' WHERE idx = 12")
    code, out, err = run(capsys, "verify", "--log-url", url, "--lang", "en")
    assert (1, "") == (code, out)
    assert f"edited: record 12 ({records[12].decision_id})" in err
    code, out, err = run(capsys, "verify", "--log-url", url, "--lang", "zh")
    said = f"被修改：第 12 条记录（{records[12].decision_id}）：记录字段与写入时不同（叶哈希不符）\n"
    assert (1, said) == (code, err)
    code, out, _ = run(capsys, "verify", "--log-url", url, "--format", "json")
    problem = json.loads(out)["problems"][0]
    assert (1, "edited", 12) == (code, problem["kind"], problem["index"])
    assert problem["message_zh"]


@pytest.mark.rete  # decides on both engines: needs durable-rules
def test_export_filters(
    logged: tuple[str, list[Any]], decided: Decided, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """export writes JSON Lines with the case and decision as JSON, filtered by kind, outcome and pack digest."""
    url, records = logged
    kind, outcome = records[0].kind, records[0].outcome
    out_file = tmp_path / "out.jsonl"
    code, _, err = run(capsys, "export", "--log-url", url, "--kind", kind, "--outcome", outcome, "--out", str(out_file))
    lines = [json.loads(line) for line in out_file.read_text(encoding="utf-8").splitlines()]
    expected = [r for r in records if (r.kind, r.outcome) == (kind, outcome)]
    assert (0, [r.decision_id for r in expected]) == (code, [line["decision_id"] for line in lines])
    assert f"{len(expected)} records exported" in err
    assert (expected[0].case(), expected[0].decision_data()) == (lines[0]["case"], lines[0]["decision"])
    code, out, _ = run(capsys, "export", "--log-url", url, "--pack-digest", "sha256:none")
    assert (0, "") == (code, out)
    # --since: the records appended at or after a time (those of one transaction may share it, to the µs).
    with DecisionLog.open(url) as log:
        (later,) = log.append_many(items(decided)[:1])
    assert later.recorded_at > records[-1].recorded_at
    code, out, _ = run(capsys, "export", "--log-url", url, "--since", later.recorded_at)
    assert [later.decision_id] == [json.loads(line)["decision_id"] for line in out.splitlines()]
    code, out, _ = run(capsys, "export", "--log-url", url, "--until", later.recorded_at)
    assert [r.decision_id for r in records] == [json.loads(line)["decision_id"] for line in out.splitlines()]


def test_prune_then_verify(logged: tuple[str, list[Any]], capsys: pytest.CaptureFixture[str]) -> None:
    """prune --older-than 0 empties every body, writes a tombstone, and the log still verifies."""
    url, records = logged
    code, out, _ = run(capsys, "prune", "--log-url", url, "--older-than", "0")
    assert (0, True) == (code, out.startswith(f"pruned {len(records)} records"))
    code, out, _ = run(capsys, "export", "--log-url", url, "--kind", "tombstone")
    assert [len(records)] == [json.loads(line)["index"] for line in out.splitlines()]
    assert 0 == run(capsys, "verify", "--log-url", url)[0]
    code, out, _ = run(capsys, "prune", "--log-url", url, "--older-than", "0")
    assert (0, "nothing older than 0 days\n") == (code, out)


def test_replay_lists_the_decisions_a_new_pack_changes(
    logged: tuple[str, list[Any]], tmp_path: Path, pack: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """replay decides each recorded case again, at its recorded date, and lists exactly those that change."""
    url, records = logged
    new_dir = tmp_path / "new"
    shutil.copytree(ROOT / "policies", new_dir)
    settings = new_dir / "settings.yaml"
    text = settings.read_text(encoding="utf-8")
    old = "verification.default_deadline_days:\n    value: 30"
    assert old in text
    settings.write_text(text.replace(old, "verification.default_deadline_days:\n    value: 20"), encoding="utf-8")
    new = __import__("commitrules").load_policies(new_dir)
    expected = set()
    for record in records:
        before = Decision.model_validate_json(record.decision_json)
        after = new.evaluate(record.case(), as_of=record.as_of)
        if before.model_dump(exclude={"policy", "fired"}) != after.model_dump(exclude={"policy", "fired"}):
            expected.add(record.decision_id)
    assert expected  # the change matters to some recorded case
    code, out, _ = run(capsys, "replay", "--log-url", url, "--policies", str(new_dir), "--format", "json")
    report = json.loads(out)
    assert (0, len(records)) == (code, report["cases"]["evaluated"])
    assert expected == {c["source"].split()[0] for c in report["cases"]["changed"]}
    assert [pack.digest] == report["recorded_packs"]
    code, out, _ = run(capsys, "replay", "--log-url", url, "--policies", str(new_dir), "--lang", "en")
    changed = next(iter(expected))
    assert 0 == code
    assert f"## {changed} (record" in out
    assert f"{len(expected)} decision{'s' if len(expected) != 1 else ''} changed" in out
    assert "--- before" in out
    assert "--- after" in out


def test_replay_explains_in_the_words_of_the_replaying_pack(
    logged: tuple[str, list[Any]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A pack that renames an outcome: the report reads its name, not the bundled pack's."""
    url, _ = logged
    new_dir = tmp_path / "new"
    shutil.copytree(ROOT / "policies", new_dir)
    for name, old, new in (
        (
            "settings.yaml",
            "verification.default_deadline_days:\n    value: 30",
            "verification.default_deadline_days:\n    value: 20",
        ),
        ("vocabulary.yaml", "overdue: {zh: 核查逾期,", "overdue: {zh: 超过期限未核查,"),
    ):
        text = (new_dir / name).read_text(encoding="utf-8")
        assert old in text
        (new_dir / name).write_text(text.replace(old, new, 1), encoding="utf-8")
    code, out, _ = run(capsys, "replay", "--log-url", url, "--policies", str(new_dir), "--lang", "zh")
    assert 0 == code
    assert "：超过期限未核查（overdue）" in out
    assert "核查逾期" not in out


def test_replay_says_why_a_new_pack_cannot_decide_in_the_reports_language(
    logged: tuple[str, list[Any]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A kind the new pack no longer decides: each of its records has no decision, and why is said in Chinese
    under --lang zh (in English in the JSON)."""
    url, records = logged
    new_dir = tmp_path / "new"
    shutil.copytree(ROOT / "policies", new_dir)
    kind = records[0].kind
    (new_dir / f"{kind}.yaml").unlink()
    code, out, _ = run(capsys, "replay", "--log-url", url, "--policies", str(new_dir), "--lang", "zh")
    assert 0 == code
    assert "（未能判定：政策包「lianyungang-2019-57」中没有判定这种案件的政策）" in out
    code, out, _ = run(capsys, "replay", "--log-url", url, "--policies", str(new_dir), "--format", "json")
    errors = {c["new_error"] for c in json.loads(out)["cases"]["changed"] if c["kind"] == kind}
    assert {"The pack 'lianyungang-2019-57' has no policy for this kind"} == errors


def test_command_line_errors(tmp_path: Path, logged: tuple[str, list[Any]], capsys: pytest.CaptureFixture[str]) -> None:
    """Bad input gets one clear line and a non-zero exit, never a traceback."""
    url, records = logged
    broken = tmp_path / "broken"
    shutil.copytree(ROOT / "policies", broken)
    (broken / "settings.yaml").write_text("settings: [", encoding="utf-8")
    head_file = tmp_path / "head.json"
    head_file.write_text("{not json", encoding="utf-8")
    cases = [
        (("verify", "--log-url", str(tmp_path / "none.db")), 2, "there is no decision log at"),
        (("verify", "--log-url", "mysql://host/db"), 2, "not 'mysql'"),
        (("verify", "--log-url", "postgresql://u:p@[::1:5432/x"), 2, "is not a database URL"),
        (("verify", "--log-url", "postgresql://u@host:port/x"), 2, "is not a database URL"),
        (("verify", "--log-url", url, "--head", str(head_file)), 2, "is not JSON"),
        (("verify", "--log-url", url, "--head", str(tmp_path / "missing.json")), 2, "cannot read the head"),
        (("prove", "--log-url", url), 2, "name a DECISION_ID"),
        (("prove", "nope", "--log-url", url), 1, "decision 'nope' is not in the log"),
        (("prove", "--consistency", "100000", "--log-url", url), 1, "cannot precede"),
        (
            ("prove", "--consistency", "1", "--tree-size", "100000", "--log-url", url),
            1,
            f"holds {len(records)} records, not 100000",
        ),
        (("prove", records[3].decision_id, "--tree-size", "-1", "--log-url", url), 1, "no tree of -1 records"),
        (("head", "--log-url", url, "--signing-key", str(tmp_path / "nokey.pem")), 2, "cannot read the signing key"),
        (("prune", "--log-url", url, "--older-than", "-1"), 2, "0 or more days"),
        (("replay", "--log-url", url, "--policies", str(broken)), 3, "does not load"),
        (("export", "--log-url", url, "--since", "yesterday"), 2, "is not a time"),
        (("verify", "--log-url", "postgresql+psycopg://nobody@127.0.0.1:9/none"), 2, "cannot be used"),
    ]
    for argv, expected_code, message in cases:
        code, _, err = run(capsys, *argv)
        assert (expected_code, True) == (code, message in err), (argv, err)
        assert "Traceback" not in err


def test_a_database_the_log_cannot_use_is_explained_in_chinese_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The driver's English words come second, quoted, after what they mean in Chinese; English as before."""
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database " * 64)
    url = f"sqlite:///{junk}"
    code, _, err = run(capsys, "verify", "--log-url", url, "--lang", "zh")
    assert 2 == code
    expected = (
        f"无法使用「{url}」处的决定日志：这个文件不是 SQLite 数据库（数据库驱动的原话：「file is not a database」）"
    )
    assert expected in err
    code, _, err = run(capsys, "verify", "--log-url", url, "--lang", "en")
    assert 2 == code
    assert f"the decision log at '{url}' cannot be used: file is not a database\n" in err


@pytest.mark.parametrize(
    ("environ", "expected"),
    [({"LANG": "en_US.UTF-8"}, "en"), ({"LANG": "C.UTF-8"}, "en"), ({}, "en"), ({"LANG": "zh_CN.UTF-8"}, "zh")],
)
def test_verify_and_replay_report_in_the_language_of_their_messages(
    logged: tuple[str, list[Any]],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    environ: dict[str, str],
    expected: str,
) -> None:
    """Without --lang the reports follow the locale, as the commands' errors do (they were Chinese whatever it was).

    An English locale got `完好：...` from verify and an English error from the same command.
    """
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    url, records = logged
    code, out, _ = run(capsys, "verify", "--log-url", url)
    words = {"zh": f"完好：{len(records)} 条记录", "en": f"ok: records: {len(records)},"}
    assert (0, True) == (code, out.startswith(words[expected]))
    code, out, _ = run(capsys, "replay", "--log-url", url, "--policies", str(ROOT / "policies"))
    words = {"zh": "个判定结果改变", "en": "changed"}
    assert 0 == code
    assert (words[expected] in out, "重放" in out) == (True, expected == "zh"), out
    code, _, err = run(capsys, "verify", "--log-url", url + "-none")
    assert (expected == "zh") == ("决定日志" in err), err
