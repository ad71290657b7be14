"""The embedding example runs end to end: every step of a case's life is decided as the program asserts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_case_life_runs_in_both_languages() -> None:
    """The program exits 0 and narrates each step, citing clauses, in Chinese and in English."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    for lang, done in (("zh", "全部步骤已按预期判定。"), ("en", "Every step was decided as expected.")):
        result = subprocess.run(
            [sys.executable, str(ROOT / "examples" / "embedding" / "case_life.py"), "--lang", lang],
            capture_output=True,
            text=True,
            check=False,
            env=env,
        )
        assert 0 == result.returncode, result.stderr
        assert done in result.stdout
        assert "二(二)3" in result.stdout
        assert result.stdout.count("===") >= 14


@pytest.mark.slow
def test_decisions_are_reproducible_across_processes() -> None:
    """Decision JSON is byte-identical across interpreter runs (no set or hash order leaks into it)."""
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PYTHONHASHSEED": seed}
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "commitrules.cli",
                "evaluate",
                str(ROOT / "examples" / "cases"),
                "--format",
                "json",
                "--as-of",
                "2020-06-01",
            ],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        )
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1]
