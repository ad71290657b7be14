"""Decisions to log: every example case (as given, a dict) with its decision, and a signing key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from commitrules import load_policies
from commitrules.engine.decision import Decision
from commitrules.policy.pack import PolicyPack
from commitrules.service.log import generate_key

ROOT = Path(__file__).resolve().parents[3]
AS_OF = "2020-06-01"


@pytest.fixture(scope="session")
def decided(pack: PolicyPack) -> list[tuple[dict[str, Any], Decision]]:
    """Every example case as its document gives it, and its decision as of 2020-06-01."""
    out = []
    for path in sorted((ROOT / "examples" / "cases").rglob("*.yaml")):
        case = yaml.safe_load(path.read_text(encoding="utf-8"))
        out.append((case, pack.evaluate(case, as_of=AS_OF)))
    return out


@pytest.fixture
def key(tmp_path: Path) -> Path:
    """A new Ed25519 signing key (its public key is beside it, ``.pub``)."""
    private, _ = generate_key(tmp_path / "log.pem")
    return private


def items(
    decided: list[tuple[dict[str, Any], Decision]], n: int | None = None, caller: str = "test"
) -> list[dict[str, Any]]:
    """Keyword arguments of ``append`` for the first ``n`` example decisions (cycling when n is larger).

    Each decision is made again, as the service hands the log a decision nobody has read yet: the log
    then stores it as the pieces of its fired rules and its case's values (the session's ``decided``
    are read by the tests that compare them, and a decision read is stored whole).
    """
    pack = load_policies()
    count = len(decided) if n is None else n
    chosen = [decided[i % len(decided)] for i in range(count)]
    return [
        {
            "case": case,
            "decision": pack.evaluate(case, as_of=decision.as_of),
            "engine": "compiled",
            "caller": caller,
            "request_id": f"req-{i}",
        }
        for i, (case, decision) in enumerate(chosen)
    ]


def wal_file_frames(path: Path) -> int:
    """Frames in the WAL, read from its file's length (what a checkpoint would not change)."""
    wal = path.with_name(path.name + "-wal")
    if not wal.exists() or wal.stat().st_size < 32:
        return 0
    with wal.open("rb") as file:
        page_size = int.from_bytes(file.read(32)[8:12], "big")  # the WAL header names the page size
    return (wal.stat().st_size - 32) // (page_size + 24)
