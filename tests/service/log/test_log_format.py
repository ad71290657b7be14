"""The stored texts are the log's format: written by the fast append path exactly as the format defines them.

The format (docs/decision-log.md) is stated here with the standard library alone, independently of the
log's code: the case and the decision as JSON with sorted keys, no spaces and UTF-8 text; their SHA-256;
the leaf as the same JSON of the header; the leaf hash ``SHA-256(0x00 || leaf)``; the chain through
``prev``. A faster writer that changed one byte of any of them would break every record ever verified.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commitrules import Decision
from commitrules.service.log import DecisionLog, LogRecord

HEADER = (
    "type",
    "decision_id",
    "recorded_at",
    "kind",
    "outcome",
    "case_sha256",
    "decision_sha256",
    "pack_name",
    "pack_version",
    "pack_digest",
    "engine",
    "as_of",
    "caller",
    "request_id",
)


def canonical(value: Any) -> str:
    """The format's JSON, written with json.dumps itself."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def check_record(record: LogRecord, case: dict[str, Any], decision: Decision, prev: str) -> None:
    """Every stored text of ``record`` is what the format says for ``case`` and ``decision``."""
    assert canonical(case) == record.case_json
    assert hashlib.sha256(canonical(case).encode()).hexdigest() == record.case_sha256
    assert canonical(decision.model_dump(mode="json")) == record.decision_json
    assert hashlib.sha256(canonical(decision.model_dump(mode="json")).encode()).hexdigest() == record.decision_sha256
    assert prev == record.prev_hash
    header = {name: getattr(record, name) for name in HEADER}
    header.update(v=1, index=record.index, prev=prev)
    leaf = canonical(header)
    assert leaf == record.leaf()
    assert hashlib.sha256(b"\x00" + leaf.encode()).hexdigest() == record.leaf_hash


#: Text that JSON must escape, text it must not, and characters beyond the Basic Multilingual Plane.
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12) | st.sampled_from(
    ['"', "\\", "\n\t\x01\x1f\x7f", "\u2028\u2029", "承诺制", "😀", "é"]
)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats(allow_nan=False, allow_infinity=False) | TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cases=st.lists(st.dictionaries(TEXT, JSON, max_size=5), min_size=1, max_size=4), caller=TEXT | st.none())
def test_records_are_written_in_the_format(
    tmp_path_factory: Any, decided: list[tuple[dict[str, Any], Decision]], cases: list[dict[str, Any]], caller: Any
) -> None:
    """Any JSON case (escapes, astral characters, big integers, floats) is stored byte for byte as the format says."""
    path: Path = tmp_path_factory.mktemp("format") / "decisions.db"
    decision = decided[0][1]
    with DecisionLog.open(path) as log:
        first = log.append(case=cases[0], decision=decision, caller=caller, request_id="r-0")
        rest = log.append_many(
            [{"case": c, "decision": decision, "caller": caller, "request_id": f"r-{i}"} for i, c in enumerate(cases)]
        )
        records = [first, *rest]
        stored = log.search(limit=None)
        assert records == stored
        prev = "0" * 64
        for record, case in zip(records, [cases[0], *cases], strict=True):
            check_record(record, case, decision, prev)
            prev = record.leaf_hash
        assert log.verify().ok


def test_example_decisions_are_written_in_the_format(
    tmp_path: Path, decided: list[tuple[dict[str, Any], Decision]]
) -> None:
    """Every example case and its decision, appended in one group, is stored as the format says."""
    with DecisionLog.open(tmp_path / "decisions.db") as log:
        records = log.append_many([{"case": c, "decision": d, "engine": "compiled"} for c, d in decided])
        prev = "0" * 64
        for record, (case, decision) in zip(records, decided, strict=True):
            check_record(record, case, decision, prev)
            prev = record.leaf_hash
