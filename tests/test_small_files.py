"""Files that hold a few kilobytes are read up to a bound: a pack's ``pack.lock`` and a batch's run record.

``/dev/zero`` linked in place of either was read until memory ran out (the head, key and tokens files had the
same defect and the same bound). Each command runs in a child whose address space is limited to 2 GiB, so
that a regression fails the test (a MemoryError, not one message) instead of filling this machine.
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
from pathlib import Path

from commitrules.cli import EXIT_POLICY, EXIT_USAGE
from tests.test_batch import AS_OF, mixed_input, subprocess_env

ROOT = Path(__file__).resolve().parents[1]
ZERO = Path("/dev/zero")


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))


def _cli(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "commitrules.cli", "--lang", "en", *argv],
        env=subprocess_env(),
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        preexec_fn=_limit_memory,
    )


def test_a_pack_lock_that_never_ends_is_one_message(tmp_path: Path) -> None:
    folder = tmp_path / "policies"
    shutil.copytree(ROOT / "policies", folder)
    (folder / "pack.lock").symlink_to(ZERO)
    done = _cli("check", str(folder))
    assert EXIT_POLICY == done.returncode, done.stderr
    assert "Traceback" not in done.stderr
    assert "The manifest is more than 1048576 bytes" in done.stderr, done.stderr
    assert "pack.lock" in done.stderr


def test_a_pack_lock_of_many_megabytes_is_refused_as_too_large(tmp_path: Path) -> None:
    folder = tmp_path / "policies"
    shutil.copytree(ROOT / "policies", folder)
    (folder / "pack.lock").write_bytes(b" " * (3 * 1024 * 1024))
    done = _cli("check", str(folder))
    assert EXIT_POLICY == done.returncode, done.stderr
    assert "The manifest is more than 1048576 bytes" in done.stderr, done.stderr


def test_a_run_record_that_never_ends_is_a_damaged_record(tmp_path: Path) -> None:
    """A record linked to /dev/zero is read to its bound and said to be damaged (it was 'no record')."""
    source = tmp_path / "cases.jsonl"
    source.write_bytes(mixed_input(20, 5)[0])
    out = tmp_path / "out.jsonl"
    out.write_bytes(b'{"line": 1}\n')
    (tmp_path / "out.jsonl.run.json").symlink_to(ZERO)
    done = _cli("evaluate", "--jsonl", str(source), "--out", str(out), "--as-of", AS_OF, "--resume")
    assert EXIT_USAGE == done.returncode, done.stderr
    assert "Traceback" not in done.stderr
    assert "cannot be read or is damaged" in done.stderr, done.stderr
    assert b'{"line": 1}\n' == out.read_bytes()
    assert (tmp_path / "out.jsonl.run.json").is_symlink()
