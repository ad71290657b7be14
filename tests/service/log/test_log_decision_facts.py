"""The log's decision text of facts that are not plain JSON data: converted as ``model_dump`` converts them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from commitrules.policy.pack import PolicyPack
from commitrules.service.log.decision_text import DecisionTexts
from tests.service.log.test_log_decision_text import fresh_pending, general

ROOT = Path(__file__).resolve().parents[3]
#: One example case of each folder: enough decisions with fired rules.
CASES = [min(folder.rglob("*.yaml")) for folder in sorted((ROOT / "examples" / "cases").iterdir()) if folder.is_dir()]


@pytest.fixture(scope="module")
def documents() -> list[dict[str, Any]]:
    return [yaml.safe_load(path.read_text(encoding="utf-8")) for path in CASES]


@pytest.mark.parametrize(
    "value",
    [
        1e-7,
        1e16,
        0.5,
        dt.date(2020, 6, 1),
        ("a", 1),
        2**70,
        {"b": [1.5, None], "a": "\u00e9"},
        "plain",
        [True, {"z": 1}],
    ],
)
def test_facts_that_are_not_plain_json_are_converted_as_the_general_way(
    pack: PolicyPack, documents: list[dict[str, Any]], value: Any
) -> None:
    """Facts written as they are only when they are plain JSON data; floats, dates, tuples and integers
    past 64 bits are converted first (or written by the standard library), as ``model_dump`` does."""
    checked = 0
    for decision, pending in fresh_pending(pack, documents):
        pending.facts = [lambda *_: {"value": value, "other": "x"} for _ in pending.facts]
        logged = DecisionTexts()(decision)
        assert logged is not None
        assert logged == general(decision)
        checked += 1
    assert checked > 0
