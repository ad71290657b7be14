"""docs/zh/ has the authoring guide and the audit guide whole: the same sections as the English pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.language_leaks import english_runs

DOCS = Path(__file__).resolve().parents[1] / "docs"


def _headings(text: str) -> list[str]:
    """The heading levels of a page, in order, outside code blocks (``##``, ``###``, ...)."""
    out, fenced = [], False
    for line in text.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and (match := re.match(r"(#{2,4}) ", line)):
            out.append(match[1])
    return out


@pytest.mark.parametrize("page", ["authoring.md", "audit.md"])
def test_chinese_page_has_the_sections_of_the_english_one(page: str) -> None:
    """Section for section, level for level: a condensed translation fails."""
    english = (DOCS / page).read_text(encoding="utf-8")
    chinese = (DOCS / "zh" / page).read_text(encoding="utf-8")
    assert _headings(english) == _headings(chinese)
    assert len(chinese.splitlines()) >= 0.8 * len(english.splitlines())


@pytest.mark.parametrize("page", ["authoring.md", "audit.md", "index.md"])
def test_chinese_page_prose_is_chinese(page: str) -> None:
    """Outside code blocks, tables of commands and quoted names, a Chinese page writes no English sentence."""
    text = (DOCS / "zh" / page).read_text(encoding="utf-8")
    prose = re.sub(r"```.*?```", "", text, flags=re.DOTALL)
    lines = [line for line in prose.splitlines() if not line.startswith("|")]  # tables pair zh with en
    assert [] == english_runs("\n".join(lines))
