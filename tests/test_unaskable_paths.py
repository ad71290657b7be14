"""Paths the system cannot even look up: one clear error each, never "cannot write", never a traceback.

``Path.is_dir`` and ``Path.is_file`` raise for a name longer than the system takes (ENAMETOOLONG), and
``Path.resolve`` raises RuntimeError for links in a loop on Python 3.11 and 3.12. Asked of a path a
user named, those errors reached the command line's last resort (exit 6, "cannot write" the file it
had only looked at) or printed a traceback.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.cli_process import run_cli

ROOT = Path(__file__).resolve().parents[1]
LONG = "a" * 5000
CASE = str(ROOT / "examples" / "cases" / "credit_site" / "all-five-items.yaml")


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (("evaluate", LONG), 1, ": $: File name too long (expected a YAML or JSON case file"),
        (("evaluate", CASE, LONG), 1, "1 problem in 1 input; 1 case evaluated."),
        (("--lang", "zh", "evaluate", LONG), 1, ": $: 文件名太长"),
        (("check", LONG), 3, "missing_file: Policy folder 'aaa"),
        (("evaluate", "--policies", LONG, CASE), 3, "cannot be read: File name too long"),
        (
            ("evaluate", "--policies", "loop", CASE),
            3,
            "Policy folder 'loop' cannot be read: Too many levels of symbolic",
        ),
        (("diff", str(ROOT / "policies"), "loop"), 3, "The pack in 'loop' does not load; nothing was compared."),
        (("schema", "--policies", "loop", "case", "credit_site"), 3, "missing_file: Policy folder 'loop' cannot be"),
        # Python 3.13's resolve leaves a loop as it is (then git is asked of the folder around it)
        (("diff", "--against", "HEAD", "loop"), 2, ("cannot look 'loop' up", "'loop' is not inside a git repository")),
        (("diff", "--against", "HEAD", LONG), 2, "' is not inside a git repository"),
        # the folder the walk cannot list, said on every Python (3.11's rglob raised, 3.12's skipped it)
        (("evaluate", "deep"), 1, "d: $: The folder cannot be listed: File name too long\n\n1 problem in 1 input"),
        (("trace", "--features", "deep"), 2, "no feature files in 'deep'"),
        (("reference", "--out", "loop/x"), 6, "cannot write 'loop/x': Too many levels of symbolic links"),
        (("log", "verify", "--log-url", "loop/x.db"), 2, "there is no decision log at"),
        (("evaluate", "--jsonl", LONG, "--dask", "127.0.0.1:1", "--out", "o.jsonl"), 1, "File name too long"),
        (("log", "verify", "--log-url", f"sqlite:///{LONG}"), 2, "there is no decision log at 'aaa"),
        (("audit-report", "--features", LONG, "--out", "r.html"), 2, "no feature files in 'aaa"),
        (("specification", "--features", LONG, "--junit", "x.xml"), 2, "no feature files in 'aaa"),
        (("trace", "--features", LONG), 2, "no feature files in 'aaa"),
        (("audit-report", "--features", str(ROOT / "features"), "--junit", LONG), 2, "no JUnit XML at 'aaa"),
    ],
)
def test_each_command_says_what_the_path_is(
    tmp_path: Path, args: tuple[str, ...], code: int, says: str | tuple[str, ...]
) -> None:
    (tmp_path / "loop").symlink_to("loop")  # a link to itself
    (tmp_path / "deep").mkdir()
    folder = os.open(tmp_path / "deep", os.O_RDONLY)
    for _ in range(20):  # names past PATH_MAX below it: walking the folder fails (ENAMETOOLONG)
        os.mkdir("d" * 250, dir_fd=folder)
        inner = os.open("d" * 250, os.O_RDONLY, dir_fd=folder)
        os.close(folder)
        folder = inner
    os.close(folder)
    result = run_cli(*args, cwd=tmp_path)
    said = any(each in result.stderr for each in ((says,) if isinstance(says, str) else says))
    assert (code, True) == (result.returncode, said), result.stderr[-600:]
    assert "Traceback" not in result.stderr
    assert "cannot write" not in result.stderr or args[0] == "reference"  # the one that writes
    assert not (tmp_path / "r.html").exists()
