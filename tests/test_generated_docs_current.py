"""The generated pages the repository carries describe the bundled pack and its feature files as they are now.

``docs/audit-report.md`` and ``docs/specification.md`` are written from a run of the scenarios
(``commitrules audit-report`` and ``commitrules specification``; the commands are in each page). The
results themselves cannot be checked without that run, but a page of another pack or without the
scenarios added since is stale on its face: a change to the pack or the features must regenerate them.
"""

from __future__ import annotations

import re
from pathlib import Path

import commitrules

ROOT = Path(__file__).resolve().parents[1]
_SCENARIO = re.compile(r"^\s*(Scenario Outline|Scenario|场景大纲|场景):", re.MULTILINE)
_HEADING = re.compile(r"^### .*(Scenario Outline|Scenario|场景大纲|场景): ", re.MULTILINE)


def test_the_audit_report_is_of_the_bundled_pack() -> None:
    """The report names the digest of the bundled pack (a changed rule changes it)."""
    report = (ROOT / "docs" / "audit-report.md").read_text(encoding="utf-8")
    assert commitrules.load_policies().digest in report.splitlines()[2]


def test_the_specification_has_every_scenario_of_the_features() -> None:
    """Every scenario and outline of ``features/`` has its heading in the specification, and no other."""
    written = sum(len(_SCENARIO.findall(p.read_text(encoding="utf-8"))) for p in (ROOT / "features").rglob("*.feature"))
    page = (ROOT / "docs" / "specification.md").read_text(encoding="utf-8")
    assert written > 300
    assert len(_HEADING.findall(page)) == written
