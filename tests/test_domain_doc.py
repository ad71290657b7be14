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


ROOT = DOMAIN.parents[1]
#: A citation of the domain analysis, with the section (and question, or group) it names, in either language.
_CITATION = re.compile(
    r"(?P<path>[A-Za-z0-9_./`-]*domain\.md)(?:\s*(?:第\s*(?P<zh>\d+)\s*节(?:问题\s*(?P<zh_q>\d+))?)"
    r"|\s+section\s+(?P<en>\d+)(?:,?\s*(?:question\s+|Q)(?P<en_q>\d+))?)?"
)


def _citations() -> list[tuple[str, re.Match[str]]]:
    """Every citation of domain.md in the pack's files and the library's code (notes, comments, docstrings).

    authoring/reference.py is left out: it writes the links of a page that sits beside domain.md in docs/.
    """
    code = [p for p in sorted((ROOT / "src" / "commitrules").rglob("*.py")) if p.name != "reference.py"]
    paths = [*sorted((ROOT / "policies").glob("*.yaml")), *code]
    return [
        (f"{path.relative_to(ROOT)}:{text.count(chr(10), 0, m.start()) + 1}", m)
        for path in paths
        for text in [path.read_text(encoding="utf-8")]
        for m in _CITATION.finditer(text)
    ]


def test_citations_name_the_file_and_a_section_it_has() -> None:
    """Notes cited 'domain.md', a file the repository does not have at its root: the analysis is
    docs/domain.md. A cited section exists, and a cited question of section 4 is one of its items."""
    sections = {int(n) for n in re.findall(r"^## (\d+)\. ", _text(), re.MULTILINE)}
    questions = len(re.findall(r"^\d+\. \*\*", _section("## 4. Open questions"), re.MULTILINE))
    assert questions >= 12
    cited = _citations()
    assert len(cited) > 20
    wrong = []
    for where, m in cited:
        section, question = m["zh"] or m["en"], m["zh_q"] or m["en_q"]
        if m["path"].strip("`") != "docs/domain.md":
            wrong.append(f"{where}: {m.group()}")
        elif section is not None and int(section) not in sections:
            wrong.append(f"{where}: no section {section}")
        elif question is not None and not (int(section or 0) == 4 and 1 <= int(question) <= questions):
            wrong.append(f"{where}: no question {question} in section {section}")
    assert [] == wrong


def test_time_is_cited_where_the_page_says_it() -> None:
    """The 'Time' comments of the pack cite the section that has the page's **Time.** paragraph (they said 3)."""
    text = _text()
    at = text.index("**Time.**")
    section = max(
        int(n)
        for n, start in ((m[1], m.start()) for m in re.finditer(r"^## (\d+)\. ", text, re.MULTILINE))
        if start < at
    )
    for path in sorted((ROOT / "policies").glob("*.yaml")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if "Time (docs/domain.md" in line or "时间（docs/domain.md" in line:
                assert f"section {section}," in line or f"第 {section} 节" in line, (path.name, line)
