"""A command's ``--out`` file is written whole or not at all: a write that fails part way leaves the old file.

The commands opened ``--out`` for writing, which empties it at once: a disk that filled up part way (or a
Ctrl-C, or a killed process) left the first part of the new file, and the good file that was there was gone.
``audit-report`` wrote its Markdown, drew the pack's diagrams, and only then its HTML, so that a failure or
an interruption in between left a new Markdown beside the old HTML; it also answered such a failure 2 (usage)
instead of 6. Each command here runs in a child whose files may not grow past 16 KiB (``RLIMIT_FSIZE``): a
full disk that every write past that size meets, without filling this machine's.
"""

from __future__ import annotations

import resource
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from commitrules.cli import EXIT_IO, main
from tests.test_batch import subprocess_env

ROOT = Path(__file__).resolve().parents[1]
#: The most a file may hold in the child: less than each command's output, more than the first buffer's.
FULL_AT = 16 * 1024
OLD = "the report that was there before\n"


def _disk_full_at(limit: int) -> Callable[[], None]:
    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG) instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return limited


def _cli(*argv: str, lang: str = "en", full_at: int | None = FULL_AT) -> subprocess.CompletedProcess[str]:
    """The command line in a child whose files may grow to ``full_at`` bytes (None: as large as they like)."""
    return subprocess.run(
        [sys.executable, "-m", "commitrules.cli", "--lang", lang, *argv],
        env=subprocess_env(),
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        cwd=ROOT,
        preexec_fn=_disk_full_at(full_at) if full_at is not None else None,
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["reference", "--out", "{out}"],
        ["trace", "--out", "{out}"],
        ["graph", "rules", "--format", "dot", "--out", "{out}"],
        ["serve", "--openapi", "{out}", "--no-log"],
    ],
    ids=["reference", "trace", "graph", "openapi"],
)
def test_a_write_that_fails_part_way_leaves_the_old_file(argv: list[str], tmp_path: Path) -> None:
    """The disk fills up part way through --out: exit 6 naming it, the old file as it was, no part file left."""
    out = tmp_path / "out.txt"
    out.write_text(OLD, encoding="utf-8")
    done = _cli(*(arg.replace("{out}", str(out)) for arg in argv))
    assert EXIT_IO == done.returncode, done.stderr
    assert "Traceback" not in done.stderr
    assert f"cannot write '{out}'" in done.stderr, done.stderr
    assert OLD == out.read_text(encoding="utf-8")
    assert ["out.txt"] == sorted(p.name for p in tmp_path.iterdir())


def test_an_audit_report_that_fails_part_way_leaves_the_old_pair(tmp_path: Path) -> None:
    """Neither the Markdown nor the HTML is half written, nor one new beside the other old; exit 6 (was 2)."""
    out = tmp_path / "reports"
    out.mkdir()
    for name in ("audit-report.md", "audit-report.html"):
        (out / name).write_text(OLD, encoding="utf-8")
    done = _cli("audit-report", "--out", str(out))
    assert EXIT_IO == done.returncode, done.stderr
    assert "Traceback" not in done.stderr
    assert f"cannot write '{out}'" in done.stderr, done.stderr
    assert {"audit-report.md": OLD, "audit-report.html": OLD} == {
        p.name: p.read_text(encoding="utf-8") for p in out.iterdir()
    }


def test_a_new_file_replaces_the_old_one_and_keeps_its_mode(tmp_path: Path) -> None:
    """Written whole, --out is the new text, with the old file's mode; through a link, the linked file changes."""
    target = tmp_path / "reference.md"
    target.write_text(OLD, encoding="utf-8")
    target.chmod(0o640)
    link = tmp_path / "link.md"
    link.symlink_to(target.name)
    done = _cli("reference", "--out", str(link), full_at=None)
    assert 0 == done.returncode, done.stderr
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8").startswith("# ")
    assert 0o640 == target.stat().st_mode & 0o777
    assert {"link.md", "reference.md"} == {p.name for p in tmp_path.iterdir()}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_out_that_is_a_loop_of_links_is_one_error(
    lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--out naming links that name each other: exit 6, the loop in words (was a RuntimeError's traceback)."""
    (tmp_path / "a.md").symlink_to("b.md")
    (tmp_path / "b.md").symlink_to("a.md")
    code = main(["--lang", lang, "reference", "--out", str(tmp_path / "a.md")])
    err = capsys.readouterr().err
    assert EXIT_IO == code
    assert "Traceback" not in err
    said = "符号链接层数过多" if lang == "zh" else "Too many levels of symbolic links"
    assert said in err and "a.md" in err
    assert {"a.md", "b.md"} == {p.name for p in tmp_path.iterdir()}
    assert all(p.is_symlink() for p in tmp_path.iterdir())


def test_a_file_too_large_is_said_in_chinese(tmp_path: Path) -> None:
    """EFBIG (and EIO, EDQUOT, EMFILE, ...) were the system's English words inside a Chinese message."""
    out = tmp_path / "out.md"
    done = _cli("reference", "--out", str(out), lang="zh")
    assert EXIT_IO == done.returncode, done.stderr
    assert f"无法写入「{out}」：文件过大（超过了系统允许一个文件的大小）" in done.stderr, done.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    ("argv", "read"),
    [
        (["reference", "{pack}", "--out", "{out}"], "escalation.yaml"),
        (["graph", "rules", "--policies", "{pack}", "--out", "{out}"], "settings.yaml"),
        (["trace", "--policies", "{pack}", "--out", "{out}"], "pack.yaml"),
    ],
    ids=["reference", "graph", "trace"],
)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_out_that_is_a_file_the_command_reads_is_refused(
    argv: list[str], read: str, lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--out naming a policy file of the pack read (or a link to one): exit 2, the file as it was.

    It was replaced by the Markdown, the diagram or the matrix: the pack lost a file.
    """
    pack = tmp_path / "policies"
    shutil.copytree(ROOT / "policies", pack)
    before = (pack / read).read_bytes()
    link = tmp_path / "out.md"
    link.symlink_to(pack / read)
    for out in (pack / read, link):
        code = main(["--lang", lang, *(a.replace("{pack}", str(pack)).replace("{out}", str(out)) for a in argv)])
        err = capsys.readouterr().err
        assert 2 == code, err
        said = "就是本命令读取的" if lang == "zh" else "which this command reads"
        assert said in err and read in err
        assert before == (pack / read).read_bytes()


def test_specification_does_not_write_over_its_junit_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``specification --junit r.xml --out r.xml``: the results it reads are kept (exit 2)."""
    junit = tmp_path / "r.xml"
    case = '<testcase name="t"><properties><property name="feature" value="x.feature"/>'
    case += '<property name="line" value="3"/></properties></testcase>'
    junit.write_text(f'<testsuites><testsuite name="s" tests="1">{case}</testsuite></testsuites>\n', encoding="utf-8")
    before = junit.read_bytes()
    code = main(
        [
            "--lang",
            "en",
            "specification",
            "--features",
            str(ROOT / "features"),
            "--junit",
            str(junit),
            "--out",
            str(junit),
        ]
    )
    err = capsys.readouterr().err
    assert 2 == code, err
    assert "which this command reads" in err
    assert before == junit.read_bytes()


def test_a_manifest_that_cannot_be_written_whole_leaves_the_old_one(tmp_path: Path) -> None:
    """``check --write-manifest`` on a disk full at 1 KiB: exit 6, the old pack.lock, no part file.

    The manifest was written to a fixed '.pack.lock.tmp' first, which a failure left behind half written
    (and which a second publisher at the same moment emptied while the first renamed it).
    """
    pack = tmp_path / "policies"
    shutil.copytree(ROOT / "policies", pack)
    (pack / "pack.lock").write_text(OLD, encoding="utf-8")
    before = sorted(p.name for p in pack.iterdir())
    done = _cli("check", str(pack), "--write-manifest", full_at=1024)
    assert EXIT_IO == done.returncode, done.stderr
    assert f"cannot write '{pack / 'pack.lock'}'" in done.stderr, done.stderr
    assert OLD == (pack / "pack.lock").read_text(encoding="utf-8")
    assert before == sorted(p.name for p in pack.iterdir())
