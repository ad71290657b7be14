"""Arguments that name nothing, or options of another mode: one usage error each, nothing done.

``Path("")`` is the current folder: ``evaluate ''`` decided every YAML file under the folder it was run
in (a pack's own files as cases), ``check ''`` checked it, ``log keygen ''`` (and ``.`` or ``/``) was a
ValueError's traceback, and ``reference --out ''`` wrote to standard output as if ``--out`` had not
been given. ``evaluate CASE --out FILE`` printed the decisions and wrote no FILE: ``--out``,
``--workers``, ``--resume`` and ``--dask`` apply to a ``--jsonl`` batch only, and were ignored.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from commitrules.cli import EXIT_USAGE, main

ROOT = Path(__file__).resolve().parents[1]
CASE = str(ROOT / "examples" / "cases" / "escalation" / "addressed-to-next-level.yaml")


@pytest.mark.parametrize(
    ("argv", "flag"),
    [
        (["evaluate", ""], "PATH"),
        (["evaluate", CASE, ""], "PATH"),
        (["evaluate", CASE, "--policies", ""], "--policies"),
        (["evaluate", "--jsonl", ""], "--jsonl"),
        (["evaluate", "--jsonl", CASE, "--out", ""], "--out"),
        (["check", ""], "directory"),
        (["reference", "--out", ""], "--out"),
        (["trace", "--out", ""], "--out"),
        (["specification", "--junit", ""], "--junit"),
        (["diff", "", ""], "OLD_DIR"),
        (["log", "export", "--log-url", ""], "--log-url"),
        (["log", "verify", "--head", ""], "--head"),
        (["log", "keygen", ""], "PATH"),
    ],
)
def test_an_empty_path_is_refused(
    argv: list[str], flag: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "case.yaml").write_text("kind: escalation\n", encoding="utf-8")  # what '' would have read
    for lang, said in (("zh", f"{flag} 为空"), ("en", f"{flag} is empty")):
        code = main(["--lang", lang, *argv])
        out, err = capsys.readouterr()
        assert (EXIT_USAGE, "") == (code, out), err
        assert said in err
        assert ["case.yaml"] == [p.name for p in tmp_path.iterdir()]  # nothing written beside it


@pytest.mark.parametrize("extra", [["--out", "out.json"], ["--workers", "2"], ["--resume"], ["--dask", "local:1"]])
def test_a_batch_option_without_a_batch_is_refused(
    extra: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    code = main(["--lang", "en", "evaluate", CASE, *extra])
    out, err = capsys.readouterr()
    assert (EXIT_USAGE, "") == (code, out)
    assert f"{extra[0]} applies to a batch (--jsonl IN) only" in err
    assert [] == list(tmp_path.iterdir())


@pytest.mark.parametrize("folder", [".", "/", "./"])
def test_a_key_named_by_a_folder_is_one_error(
    folder: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``log keygen .`` was a traceback (``PosixPath('.') has an empty name``)."""
    monkeypatch.chdir(tmp_path)
    code = main(["--lang", "zh", "log", "keygen", folder])
    err = capsys.readouterr().err
    assert EXIT_USAGE == code
    assert f"无法写入「{folder}」：这是一个文件夹" in err
    assert [] == list(tmp_path.iterdir())
