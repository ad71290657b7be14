"""A number typed with a look-alike character (a full-width digit, an ideographic space, a no-break space)
is refused with a message naming the character, its code point and its place, in each language; and a
value made text by the tag '!' is told to lose the tag, not quotes it does not have. Never guessed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from commitrules.cli import main
from tests.language_leaks import chinese_characters, english_runs

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "cases" / "verification" / "refundable-fees-on-revocation.yaml"


def _said(argv: list[str], capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    """What ``commitrules ARGV`` prints in each language (it fails: exit 3 for a pack, 1 for a case)."""
    said = {}
    for lang in ("zh", "en"):
        assert main([*argv, "--lang", lang]) in {1, 3}
        captured = capsys.readouterr()
        said[lang] = captured.err + captured.out
    assert [] == english_runs(said["zh"]), said["zh"]
    assert [] == chinese_characters(said["en"]), said["en"]
    return said


@pytest.mark.parametrize(
    ("value", "zh", "en"),
    [
        (
            "30\u3000",
            "的第 3 个字符是全角空格（U+3000）",
            "Character 3 of '30\u3000' is an ideographic (full-width) space (U+3000)",
        ),
        (
            "３０",
            "的第 1 个字符是全角数字「３」（U+FF13）",
            "Character 1 of '３０' is the full-width digit '３' (U+FF13)",
        ),
        ('"30\u00a0"', "的第 3 个字符是不换行空格（U+00A0）", "Character 3 of '30\u00a0' is a no-break space (U+00A0)"),
        (
            "3０",
            "的第 2 个字符是全角数字「０」（U+FF10）",
            "Character 2 of '3０' is the full-width digit '０' (U+FF10)",
        ),
        ("\u200b30", "的第 1 个字符是零宽空格（U+200B）", "Character 1 of '\\u200b30' is a zero-width space (U+200B)"),
    ],
)
def test_a_setting_with_a_lookalike_names_the_character(
    value: str, zh: str, en: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """'30　' was "starts or ends with a space (or another blank)... it could never match", of no help to
    someone who typed a full-width space; '３０' was "write the whole number alone" with no word of why."""
    pack = tmp_path / "pack"
    shutil.copytree(ROOT / "policies", pack)
    settings = pack / "settings.yaml"
    text = settings.read_text(encoding="utf-8")
    assert "value: 30\n" in text
    settings.write_text(text.replace("value: 30\n", f"value: {value}\n", 1), encoding="utf-8")
    said = _said(["check", str(pack)], capsys)
    assert zh in said["zh"]
    assert "请写成 30" in said["zh"]
    assert en in said["en"]
    assert "write 30" in said["en"]


@pytest.mark.parametrize(
    ("value", "zh", "en"),
    [
        ("30\u3000", "的第 3 个字符是全角空格（U+3000）", "is an ideographic (full-width) space (U+3000)"),
        ("３０", "的第 1 个字符是全角数字「３」（U+FF13）", "is the full-width digit '３' (U+FF13)"),
    ],
)
def test_a_case_field_with_a_lookalike_names_the_character(
    value: str, zh: str, en: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A case's number field said "should be an integer" of '３０' (and showed '30\\u3000' as found)."""
    case = tmp_path / "case.yaml"
    text = EXAMPLE.read_text(encoding="utf-8")
    assert "deadline_days: 30\n" in text
    case.write_text(text.replace("deadline_days: 30\n", f"deadline_days: {value}\n"), encoding="utf-8")
    said = _said(["evaluate", str(case), "--as-of", "2020-06-01"], capsys)
    assert "$.matter.plan.deadline_days" in said["zh"]
    assert zh in said["zh"]
    assert en in said["en"]


def test_a_setting_made_text_by_the_tag_is_told_to_lose_the_tag(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``value: ! 30`` is the text '30' (YAML's non-specific tag); the hint was "Remove the quotes"."""
    pack = tmp_path / "pack"
    shutil.copytree(ROOT / "policies", pack)
    settings = pack / "settings.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace("value: 30\n", "value: ! 30\n", 1), encoding="utf-8"
    )
    said = _said(["check", str(pack)], capsys)
    assert "请去掉标签「!」" in said["zh"]
    assert "请去掉引号" not in said["zh"]
    assert "Remove the tag '!'" in said["en"]
    assert "Remove the quotes" not in said["en"]


@pytest.mark.parametrize("value", ["３００", '"300\u3000"'])
def test_an_amount_with_a_lookalike_is_refused_not_read(
    value: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A fee of '３００' was read as 300 (Decimal reads any Unicode digit and strips any blank): a guess.
    It is refused, the character named, as a count's is."""
    case = tmp_path / "case.yaml"
    text = EXAMPLE.read_text(encoding="utf-8")
    assert "fees_paid: 300\n" in text
    case.write_text(text.replace("fees_paid: 300\n", f"fees_paid: {value}\n"), encoding="utf-8")
    said = _said(["evaluate", str(case), "--as-of", "2020-06-01"], capsys)
    assert "$.commitment.fees_paid" in said["en"]
    assert "（U+" in said["zh"]
    assert "请写成 300" in said["zh"]
    assert "write 300" in said["en"]


def test_a_whatif_setting_with_a_lookalike_names_the_character() -> None:
    """A what-if's setting (an override of the pack's value) said "must be int, found '３'" in either language."""
    import commitrules
    from commitrules.service.pages import PagesConfig
    from commitrules.service.pages.whatif import WhatIf, run_whatif

    pack = commitrules.load_policies()
    config = PagesConfig(pack=lambda: pack)
    change = WhatIf(settings={"blacklist.publication_years": "３"})
    said = {lang: run_whatif(config, ROOT / "policies", change, lang=lang) for lang in ("zh", "en")}
    (zh,) = said["zh"]["diagnostics"]
    (en,) = said["en"]["diagnostics"]
    assert "全角数字「３」（U+FF13）" in zh["message"]
    assert "请写成 3" in zh["message"]
    assert "the full-width digit '３' (U+FF13)" in en["message"]
    assert [] == english_runs(zh["message"])
    assert [] == chinese_characters(en["message"])
