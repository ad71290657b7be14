"""``commitrules diff --against REV``: the working pack compared with the one committed at a git revision."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from commitrules.cli import main

ROOT = Path(__file__).resolve().parents[1]
GIT = shutil.which("git")  # part of the development environment, as it is of policy staff's


def _git(repo: Path, *args: str) -> None:
    assert GIT is not None
    subprocess.run(
        [GIT, "-c", "user.name=t", "-c", "user.email=t@t.invalid", *args], cwd=repo, check=True, capture_output=True
    )


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository holding the bundled pack in ``policies/``, committed, then a setting changed."""
    shutil.copytree(ROOT / "policies", tmp_path / "policies")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "pack")
    settings = tmp_path / "policies" / "settings.yaml"
    text = settings.read_text(encoding="utf-8")
    assert "    value: 30\n" in text
    settings.write_text(text.replace("    value: 30\n", "    value: 45\n", 1), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


@pytest.mark.usefixtures("repo")
def test_against_head_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    """The change since HEAD is one setting; the committed pack is named policies@HEAD."""
    assert main(["diff", "--against", "HEAD", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Policy diff: policies@HEAD (lianyungang-2019-57")
    assert "Settings changed: 1\n" in out
    assert ": 30 -> 45 (read by " in out
    assert "Rules: 0 added, 0 removed, 0 changed" in out


@pytest.mark.usefixtures("repo")
def test_against_head_in_chinese_by_flag_and_by_locale(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--lang zh` and a Chinese locale both give the report in Chinese."""
    assert main(["diff", "--against", "HEAD", "policies", "--lang", "zh"]) == 0
    by_flag = capsys.readouterr().out
    assert by_flag.startswith("政策差异：policies@HEAD")
    assert "变更的设置：1 项" in by_flag
    assert "规则：新增 0 条，删除 0 条，修改 0 条" in by_flag
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert main(["diff", "--against", "HEAD"]) == 0
    assert capsys.readouterr().out == by_flag


def test_against_a_path_absent_at_the_revision(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A folder that the revision does not have is a usage error that names it."""
    shutil.copytree(repo / "policies", repo / "draft")
    assert main(["diff", "--against", "HEAD", "draft"]) == 2
    assert "commitrules: error: --against HEAD: 'draft' does not exist at that revision" in capsys.readouterr().err


@pytest.mark.usefixtures("repo")
def test_against_an_unknown_revision(capsys: pytest.CaptureFixture[str]) -> None:
    """A revision git does not know is a usage error, in Chinese with --lang zh."""
    assert main(["diff", "--against", "no-such-branch", "--lang", "zh"]) == 2
    assert "commitrules：错误：--against no-such-branch：git 中没有这个版本" in capsys.readouterr().err


def test_against_outside_a_repository(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A folder outside any git repository is a usage error, no traceback."""
    shutil.copytree(ROOT / "policies", tmp_path / "p")
    (tmp_path / ".git").mkdir()  # an empty .git is no repository; stops git from searching above
    assert main(["diff", "--against", "HEAD", str(tmp_path / "p"), "--lang", "en"]) == 2
    assert "is not inside a git repository" in capsys.readouterr().err


@pytest.mark.usefixtures("repo")
def test_usage(capsys: pytest.CaptureFixture[str]) -> None:
    """Two folders and --against do not go together; without --against two folders are needed."""
    assert main(["diff", "--against", "HEAD", "policies", "policies"]) == 2
    assert "give at most NEW_DIR" in capsys.readouterr().err
    assert main(["diff", "policies"]) == 2
    assert "give OLD_DIR and NEW_DIR, or --against REV [NEW_DIR]" in capsys.readouterr().err
