"""Full-width characters typed by a Chinese input method are reported at their own position, with the fix."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import commitrules
from commitrules._printable import printable
from commitrules.errors import PolicyError
from commitrules.policy.expr import check_condition
from commitrules.policy.fullwidth import scan_condition, scan_yaml_lines
from tests.language_leaks import english_runs
from tests.unit.test_expr import SCOPE, locate

HERE = Path(__file__).parent
FIXTURES = sorted(p for p in (HERE / "errors").glob("*.yaml") if b"fullwidth_punctuation" in p.read_bytes()[:80])


def _load(fixture: Path, target: Path) -> PolicyError:
    target.mkdir()
    for source in (HERE / "compile" / "base").iterdir():
        shutil.copy(source, target / source.name)
    shutil.copy(fixture, target / "leniency.yaml")
    with pytest.raises(PolicyError) as caught:
        commitrules.load_policies(target)
    return caught.value


def test_one_fixture_per_character() -> None:
    """The colon, comma, both kinds of curly quotes, parentheses and the ideographic space each have a file."""
    assert len(FIXTURES) == 7


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_fixture(fixture: Path, tmp_path: Path) -> None:
    """The first diagnostic is the full-width character at the header's line and column, in zh and en."""
    header = re.search(r"# expect: (\w+) (\d+):(\d+)", fixture.read_text(encoding="utf-8"))
    assert header is not None
    error = _load(fixture, tmp_path / "pk")
    first = error.first
    assert (first.code, first.span.line, first.span.column) == (header[1], int(header[2]), int(header[3]))
    char = first.params["char"]
    assert first.source_line is not None
    assert first.source_line[first.span.column - 1] == char
    assert {d.code for d in error.diagnostics} == {"fullwidth_punctuation"}
    ascii_char = first.params["ascii"]
    assert f"Use {ascii_char} (ASCII)" in first.render("en")
    zh = first.render("zh")
    assert f"「{char}」" in zh
    assert "请改用英文半角字符" in zh
    assert first.suggestion == f"use {ascii_char} (ASCII)"
    assert first.suggestion_in("zh") is not None
    assert "请改用" in first.suggestion_in("zh")
    assert [] == english_runs(first.suggestion_in("zh"))


def test_flow_list_comma_is_not_a_false_clause_error(tmp_path: Path) -> None:
    """`[一(四)， 一(四)1]` is one error at the comma, not an unknown clause '一(四)， 一(四)1'."""
    error = _load(HERE / "errors" / "fullwidth_comma.yaml", tmp_path / "pk")
    assert [(d.code, d.span.line, d.span.column) for d in error.diagnostics] == [("fullwidth_punctuation", 9, 18)]


@pytest.mark.parametrize(
    "line",
    [
        "title: {zh: 核查，结果（一）“信用”, en: x}",
        "quote: 对故意隐瞒真实情况：提供虚假承诺，要依法撤销",
        "- when: x == 1  # 注释：全角，可以",
        "a: '[x，y]'",
        'b: "clause：x"',
        "  text: （一）说明",
    ],
)
def test_text_is_left_alone(line: str) -> None:
    """Chinese punctuation in values, comments and quoted scalars is content, not a typo."""
    assert scan_yaml_lines([line]) == []


def test_block_scalars_are_text() -> None:
    """Lines of a `|` block are text, whatever they hold; the next key is scanned again."""
    lines = ["text: |", "  clause：这是正文", "  [a， b]", "key：1"]
    assert [(f.line, f.column, f.char) for f in scan_yaml_lines(lines)] == [(3, 3, "：")]


def test_condition_scan_skips_quoted_strings() -> None:
    """In a condition, full-width characters inside ASCII quotes are the string's content."""
    text = "finding == ‘inconsistent’ and reason == '不一致（一）'"
    assert [(f.column, f.char) for f in scan_condition(text)] == [(11, "‘"), (24, "’")]


def test_bundled_pack_has_none() -> None:
    """The bundled pack, with its Chinese titles and quotes, raises no false alarm."""
    for path in sorted(Path(commitrules.__file__).resolve().parents[2].joinpath("policies").rglob("*.yaml")):
        assert scan_yaml_lines(path.read_text(encoding="utf-8").splitlines()) == [], path


@pytest.mark.parametrize(
    ("text", "column", "char", "write"),
    [
        ("ｃｏｕｎｔ > 1", 0, "ｃ", "c"),  # Python read it as 'count' (NFKC): it passed, written otherwise
        ("box.ｉtems.any(i, i.flagged)", 4, "ｉ", "i"),
        ("𝐜𝐨𝐮𝐧𝐭 > 1", 0, "𝐜", "c"),  # mathematical bold letters: 'count' too
        ("count > １", 8, "１", "1"),  # Python's English: invalid character
        ("count ＞ 1", 6, "＞", ">"),
        ("count ≠ 1", 6, "≠", None),
        ("count\u200b > 1", 5, "\u200b", None),  # invisible; Python's English: invalid non-printable character
        ("count > 1 or name == '中文 ≠ ｘ' or ｃount > 2", 33, "ｃ", "c"),  # quoted text is text
    ],
)
def test_a_character_outside_ascii_in_a_condition_is_reported_at_itself(
    text: str, column: int, char: str, write: str | None
) -> None:
    """Names, numbers and operators are ASCII: anything else outside quotes is one error per run, in zh and en."""
    node, diagnostics = check_condition(text, SCOPE, locate, context="rule 'toy'")
    assert node is None
    (found,) = diagnostics
    assert ("syntax_error", 10 + column) == (found.code, found.span.column)
    assert found.params["message"].params["x"] == char
    zh, en = found.message_in("zh"), found.message_in("en")
    shown = printable(char)  # an invisible character as its escape ('\u200b'), the others as they are
    assert f"「{shown}」" in zh and "不是 ASCII 字符" in zh
    assert f"'{shown}'" in en and "is not an ASCII character" in en
    if write is not None:
        assert f"请改写为「{write}」" in zh and f"Write '{write}'" in en


def test_chinese_text_in_quotes_and_comments_is_left_alone() -> None:
    """Chinese (and full-width brackets) inside quotes are the text compared with: no error."""
    node, diagnostics = check_condition(
        "name == '不一致（一）' or name == \"中文\"", SCOPE, locate, context="rule 'toy'"
    )
    assert [] == diagnostics
    assert node is not None
