"""The comments of the bundled pack are written for the civil servants who edit it: Chinese first, English beside.

A comment paragraph (full-line comments up to a bare ``#`` line or the next line of YAML) gives the Chinese
text and then its English translation; a one-line heading or an end-of-line comment writes
``中文 / English``. The check is on language, not on translation: an English sentence (three English
words in a row, outside quotes and names, as in the language tests of the commands) must come after a
Chinese line of its paragraph, or follow Chinese and `` / `` on its own line. The first line of each
file, which tells the editor the file's schema, is no prose. What the check cannot see is left to
review: a heading of one or two English words, and whether the English says what the Chinese says.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.language_leaks import chinese_characters, english_runs

ROOT = Path(__file__).resolve().parents[1]
POLICIES = ROOT / "policies"
#: The expected decisions of the examples (goldens written by hand): policy staff and auditors read why.
EXPECTED = ROOT / "examples" / "expected"
_FULL_LINE = re.compile(r"^\s*#(?P<text>.*)$")
#: An end-of-line comment: ' # ' after a value with no quote left open.
_END_OF_LINE = re.compile(r"^(?P<value>[^#]*?)\s#\s(?P<text>.*)$")
#: The first line, for the editor: the file's JSON Schema.
_MODELINE = "yaml-language-server:"


def _is_chinese(text: str) -> bool:
    """A line in Chinese: Chinese characters outside quotes and clause ids, and no English sentence."""
    return bool(chinese_characters(text)) and not english_runs(text)


def _paragraphs(text: str) -> list[list[tuple[int, str]]]:
    """The comment paragraphs of a YAML file: lists of (line number, comment text)."""
    paragraphs: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        full = _FULL_LINE.match(line)
        if full is not None and full["text"].strip() and not full["text"].lstrip().startswith(_MODELINE):
            current.append((number, full["text"]))
            continue
        if current:  # a bare '#', the modeline or a line of YAML ends the paragraph
            paragraphs.append(current)
            current = []
        end = _END_OF_LINE.match(line) if full is None else None
        if end is not None and end["value"].count("'") % 2 == 0 and end["value"].count('"') % 2 == 0:
            paragraphs.append([(number, end["text"])])
    if current:
        paragraphs.append(current)
    return paragraphs


def english_only_comments(text: str) -> list[int]:
    """The lines of ``text`` whose comment says in English what no Chinese line before it says."""
    found = []
    for paragraph in _paragraphs(text):
        chinese_before = False
        for number, comment in paragraph:
            if english_runs(comment) and not chinese_before and not _is_chinese(comment.split(" / ", 1)[0]):
                found.append(number)
            # A line 'heading / translation' stands alone: it does not stand for the lines after it.
            chinese_before = chinese_before or (" / " not in comment and _is_chinese(comment))
    return found


def test_an_english_comment_without_chinese_is_found() -> None:
    """The check finds an English paragraph, an English heading and an English end-of-line comment."""
    text = (
        "# yaml-language-server: $schema=./schemas/policy.schema.json\n"
        "# 默认结论为 fulfilled（已践诺）。\n"
        "# Default: fulfilled.\n"
        "#\n"
        "# Default: fulfilled, since the commitment stands.\n"
        "rules:\n"
        "  # ---- 适用范围 / scope ----\n"
        "  # ---- the scope of the rules ----\n"
        "  - id: a  # 说明 / a note\n"
        "    min: -7   # six factors score -6..6\n"
    )
    assert [5, 8, 10] == english_only_comments(text)


@pytest.mark.parametrize("path", sorted(POLICIES.glob("*.yaml")), ids=lambda p: p.name)
def test_every_comment_of_the_pack_is_chinese_first(path: Path) -> None:
    """Every English comment line of the bundled pack follows the Chinese it translates."""
    assert [] == english_only_comments(path.read_text(encoding="utf-8"))


def _header(text: str) -> str:
    """The comment lines that open ``text``, up to its first line of YAML."""
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line)
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("path", sorted(EXPECTED.glob("*.yaml")), ids=lambda p: p.name)
def test_every_golden_header_is_chinese_first(path: Path) -> None:
    """The header of each expected-decisions file says in Chinese, before its English, how they were worked out."""
    header = _header(path.read_text(encoding="utf-8"))
    assert chinese_characters(header.splitlines()[0]), header
    assert [] == english_only_comments(header)
