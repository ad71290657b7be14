"""docs/domain.md stays in step with the pack: what it names exists, and what the pack holds it names."""

from __future__ import annotations

import re
from pathlib import Path

from commitrules.model import codes
from commitrules.policy.pack import PolicyPack

DOMAIN = Path(__file__).resolve().parents[1] / "docs" / "domain.md"
_CODE = re.compile(r"`([^`\s]+)`")
_DOTTED = re.compile(r"[a-z_]+(?:\.[a-z0-9_-]+)+")


def _text() -> str:
    return DOMAIN.read_text(encoding="utf-8")


def _section(title: str) -> str:
    text = _text()
    start = text.index(title)
    end = re.compile(r"\n#{2,3} ").search(text, start + 1)
    return text[start : end.start() if end else None]


def test_every_dotted_name_is_a_rule_or_a_setting(pack: PolicyPack) -> None:
    """A name like ``breach.revoke.granted`` or ``blacklist.auto_enter`` in the page exists in the pack."""
    rules = {rule.id for rule in pack.rules()}
    names = {m for m in _CODE.findall(_text()) if _DOTTED.fullmatch(m)}
    files = {n for n in names if n.endswith((".py", ".yaml", ".md", ".txt"))}
    unknown = sorted(n for n in names - files if n not in rules and n not in pack.settings)
    assert [] == unknown


def test_every_setting_is_explained(pack: PolicyPack) -> None:
    """Section 4 names every setting of settings.yaml, so each open question has its switch."""
    named = set(_CODE.findall(_section("## 4. Open questions")))
    assert [] == sorted(set(pack.settings) - named)


def test_kinds_and_outcomes_are_the_packs(pack: PolicyPack) -> None:
    """The table of kinds lists every kind with its outcomes in the pack's order of precedence."""
    rows = {}
    for line in _section("### Case kinds").splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) == 4 and cells[0].startswith("`"):
            rows[cells[0].strip("`")] = tuple(_CODE.findall(cells[3]))
    assert {kind: tuple(policy.outcomes) for kind, policy in pack.policies.items()} == rows


def test_codes_are_the_vocabulary() -> None:
    """Every code named in the Codes section is a value of a code enumeration."""
    known = {
        member.value
        for enum in (
            codes.Reason,
            codes.FindingType,
            codes.Consequence,
            codes.Measure,
            codes.Role,
            codes.Channel,
            codes.VerificationMethod,
            codes.Tool,
        )
        for member in enum
    }
    named = {m for m in _CODE.findall(_section("### Codes")) if re.fullmatch(r"[a-z_]+", m)}
    assert named
    assert [] == sorted(named - known)
