"""An installation without its bundled pack says so, once, in the language asked for: not a write error.

A wheel built without ``_bundled_policies``, or a copy of ``src`` alone, has no pack, and every pack
reads the bundled vocabulary. Every command said "cannot write 'standard output'" (exit 6): the
command line's last resort took the missing folder for its output.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli_process import run_cli

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "examples" / "cases" / "credit_site"


@pytest.fixture(scope="module")
def bare(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of ``src`` with nothing beside it: no ``policies/`` for the source tree's fallback."""
    copy = tmp_path_factory.mktemp("bare") / "src"
    shutil.copytree(ROOT / "src", copy, ignore=shutil.ignore_patterns("__pycache__", "_bundled_policies"))
    return copy


def _run(bare: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, cwd=bare.parent, env={"PYTHONPATH": str(bare)})


@pytest.mark.parametrize(
    "args",
    [
        ("check",),
        ("evaluate", str(CASES)),
        ("evaluate", "--policies", str(ROOT / "policies"), str(CASES)),  # its vocabulary is the bundled one's
        ("serve", "--no-log", "--port", "0"),
    ],
)
def test_each_command_says_the_pack_is_missing_and_exits_3(bare: Path, args: tuple[str, ...]) -> None:
    result = _run(bare, *args)
    assert 3 == result.returncode, result.stderr
    assert result.stderr.startswith("commitrules: error: this installation of commitrules has no bundled policy pack")
    assert "install commitrules again" in result.stderr
    assert "" == result.stdout
    assert "cannot write" not in result.stderr
    assert "Traceback" not in result.stderr


def test_in_chinese_too(bare: Path) -> None:
    result = _run(bare, "--lang", "zh", "check")
    assert 3 == result.returncode
    assert "commitrules：错误：这次安装的 commitrules 缺少自带的政策包" in result.stderr
    assert "请重新安装 commitrules" in result.stderr


def test_the_library_still_raises_a_file_not_found_error(bare: Path) -> None:
    """Python callers that caught FileNotFoundError still do."""
    env = {**os.environ, "PYTHONPATH": str(bare)}
    code = (
        "import commitrules\n"
        "try:\n    commitrules.load_policies()\n"
        "except FileNotFoundError as exc:\n    print(type(exc).__name__, exc)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert "BundledPackMissingError The bundled policy pack is missing" in result.stdout
