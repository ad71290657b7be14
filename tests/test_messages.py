"""The message catalogues: complete in both languages, with the same placeholders, and used by the CLI."""

from __future__ import annotations

import ast
import locale
import re
import sys
from pathlib import Path

import pytest

from commitrules.errors import Diagnostic, Span
from commitrules.messages import LANGS, catalogue, locale_lang, message, placeholders, resolve_lang

ROOT = Path(__file__).resolve().parents[1]


def _documented_codes() -> set[str]:
    text = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    return set(re.findall(r"^## ([a-z_]+)$", text, flags=re.MULTILINE))


def _used_message_ids() -> set[str]:
    """Every literal message id the library passes to ``message``/``t`` or as ``message_id=``."""
    found: set[str] = set()
    for path in (ROOT / "src" / "commitrules").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            args = list(node.args[:1]) if name in {"message", "t"} else []
            args += [k.value for k in node.keywords if k.arg == "message_id"]
            found |= {a.value for a in args if isinstance(a, ast.Constant) and isinstance(a.value, str)}
    return found


def test_both_languages_have_the_same_ids() -> None:
    """A message present in one language only is a gap a reader of the other language falls into."""
    zh, en = catalogue("zh"), catalogue("en")
    assert len(en) > 80
    assert sorted(set(zh) ^ set(en)) == []


#: Parameters one language's sentence uses and the other's does without (the code passes both).
_ONE_LANGUAGE_ONLY = {
    # English says "declared 'type: int'"; Chinese names the type in words too (声明为整数（type: int）).
    "settings.type_mismatch": {"words"},
    # PyYAML's own words for a problem (or an expectation) the catalogue does not know: English only.
    "yaml.other": {"problem"},
    "yaml.expect.other": {"raw"},
    # A database driver's words: English shows them as they are, Chinese explains them first.
    "dberr.said": {"reason"},
}


@pytest.mark.parametrize("message_id", sorted(catalogue("en")))
def test_placeholders_agree(message_id: str) -> None:
    """The Chinese and English text of a message take the same named parameters."""
    extra = _ONE_LANGUAGE_ONLY.get(message_id, set())
    assert placeholders(catalogue("zh")[message_id]) - extra == placeholders(catalogue("en")[message_id]) - extra


#: Chinese messages that are names alone (a token, a keyword, a parameter shown as it is): no words to translate.
_NAMES_ONLY = {
    "yaml.expect.uri",
    "yaml.token.document_start",
    "yaml.token.document_end",
    "subject.owner",
    "syntax.await",
    "syntax.yield",
    "case.type.other",
    "pages.yaml",  # the editor's mode: YAML is YAML in either language
    "pages.switch",  # the language switch of a Chinese page names the other language in its own words
}


def test_every_chinese_message_says_something_in_chinese() -> None:
    """A Chinese message is Chinese: it has a Chinese character, and no English sentence outside quotes and names
    (a message copied from en.yaml and left untranslated has neither)."""
    from tests.language_leaks import english_runs

    zh, en = catalogue("zh"), catalogue("en")
    cjk = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")
    untranslated = sorted(k for k, v in zh.items() if not cjk.search(v) and k not in _NAMES_ONLY)
    assert [] == untranslated
    assert [] == sorted(k for k, v in zh.items() if english_runs(v))
    # the names-only messages stay names: one that gains words must leave the list
    assert [] == sorted(k for k in _NAMES_ONLY if english_runs(zh[k]) or english_runs(en[k]))


def test_every_documented_code_has_both_languages() -> None:
    """Each code of docs/errors.md has its summary in Chinese and English."""
    codes = _documented_codes()
    assert len(codes) > 50
    for lang in LANGS:
        assert sorted(c for c in codes if f"code.{c}" not in catalogue(lang)) == [], lang
    assert sorted(k.removeprefix("code.") for k in catalogue("en") if k.startswith("code.")) == sorted(codes)


def test_every_message_id_the_library_uses_exists() -> None:
    """A message id in the code that neither catalogue has would fail at the moment it is shown."""
    used = _used_message_ids()
    assert {"cli.error", "fullwidth.yaml", "help.description"} <= used
    for lang in LANGS:
        assert sorted(used - set(catalogue(lang))) == [], lang


def test_chinese_rendering_of_a_structured_diagnostic() -> None:
    """A diagnostic written from the catalogue is rendered in either language from its params."""
    diag = Diagnostic(
        "fullwidth_punctuation",
        message("fullwidth.yaml", "en", char="：", name="FULLWIDTH COLON", ascii="':'"),
        Span("a.yaml", 3, 11),
        message_id="fullwidth.yaml",
        params={"char": "：", "name": "FULLWIDTH COLON", "ascii": "':'"},
        source_line="    clause：二(一)\n",
    )
    assert diag.render("en").startswith("a.yaml:3:11: fullwidth_punctuation: '：' (FULLWIDTH COLON)")
    zh = diag.render("zh")
    assert zh.startswith(
        "a.yaml:3:11: fullwidth_punctuation: 「：」（FULLWIDTH COLON）是全角字符；"
        "YAML 在这里需要 ':'，请改用英文半角字符。"
    )
    assert zh.splitlines()[2] == "   |           ^"


def test_english_only_messages_show_the_chinese_summary_first() -> None:
    """A message not yet written from the catalogue still reads in Chinese: the code's summary, then the detail."""
    diag = Diagnostic("unknown_field", "Unknown field 'qoute'.", Span("a.yaml", 1, 1))
    assert diag.render() == "a.yaml:1:1: unknown_field: Unknown field 'qoute'."
    assert diag.render("zh") == "a.yaml:1:1: unknown_field: 文件格式中没有这个键。（详情：Unknown field 'qoute'.）"


@pytest.mark.parametrize(
    ("explicit", "environ", "expected"),
    [
        ("en", {"LANG": "zh_CN.UTF-8"}, "en"),
        ("zh", {"LANG": "C.UTF-8"}, "zh"),
        (None, {"LANG": "zh_CN.UTF-8"}, "zh"),
        (None, {"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
        (None, {"LC_MESSAGES": "zh_TW.UTF-8", "LANG": "C"}, "zh"),
        (None, {}, "en"),
        (None, {"LANG": "C.UTF-8"}, "en"),
        (None, {"LANG": "en_US.UTF-8", "LANGUAGE": "zh_CN:zh"}, "zh"),
        (None, {"LANG": "zh_CN.UTF-8", "LANGUAGE": "en_GB:en"}, "en"),
        (None, {"LANG": "en_US.UTF-8", "LANGUAGE": "fr_FR:zh_TW:en"}, "zh"),
        (None, {"LANG": "zh_CN.UTF-8", "LANGUAGE": "fr_FR:de"}, "zh"),
        (None, {"LANG": "en_US.UTF-8", "LANGUAGE": ""}, "en"),
        (None, {"LANG": "C", "LANGUAGE": "zh_CN"}, "en"),
        (None, {"LC_ALL": "C.UTF-8", "LANGUAGE": "zh_CN"}, "en"),
        (None, {"LANGUAGE": "zh_CN"}, "en"),
        ("en", {"LANG": "zh_CN.UTF-8", "LANGUAGE": "zh_CN"}, "en"),
    ],
)
def test_language_resolution(explicit: str | None, environ: dict[str, str], expected: str) -> None:
    """``--lang`` first, then LC_ALL, LC_MESSAGES, LANG; English when no locale says Chinese.

    gettext's LANGUAGE (a list in order) comes before them unless the locale is C or unset, as gettext does:
    a desktop in English with LANGUAGE=zh_CN:zh got English.
    """
    assert resolve_lang(explicit, environ) == expected


@pytest.mark.parametrize(
    ("windows_locale", "expected"),
    [
        (("Chinese (Simplified)_China", "936"), "zh"),
        (("zh_CN", "cp936"), "zh"),
        (("English_United States", "1252"), "en"),
        ((None, None), None),
    ],
)
def test_windows_without_locale_variables_reads_the_users_locale(
    monkeypatch: pytest.MonkeyPatch, windows_locale: tuple[str | None, str | None], expected: str | None
) -> None:
    """Windows sets no LANG: a Chinese Windows gave English messages and reports; the user's locale decides."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(locale, "getlocale", lambda *_: windows_locale)
    monkeypatch.setattr(sys, "platform", "win32")
    assert expected == locale_lang()
    assert (expected or "en") == resolve_lang(None)
    monkeypatch.setenv("LANG", "en_US.UTF-8")  # a variable set still wins
    assert "en" == locale_lang()
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.delenv("LANG")
    assert locale_lang() is None


def test_chinese_error_catalogue_is_current() -> None:
    """docs/zh/errors.md is generated from the catalogue; regenerate it when a message changes."""
    from commitrules.messages.catalogue_page import error_catalogue_zh

    page = (ROOT / "docs" / "zh" / "errors.md").read_text(encoding="utf-8")
    assert page == error_catalogue_zh(), "run: python -m commitrules.messages.catalogue_page docs/zh/errors.md"
    for code in _documented_codes():
        assert f"| [`{code}`](../errors.md#{code}) | {catalogue('zh')['code.' + code]} |" in page


def test_fixed_yaml_sentences_are_in_the_catalogue() -> None:
    """Each fixed sentence of policy/yaml/messages.py is a catalogue entry, so it has its Chinese text."""
    from commitrules.policy.yaml import syntax

    ids = [*syntax._KNOWN_PROBLEMS.values(), *(text for _, text in syntax._KNOWN_PREFIXES)]
    ids += [*syntax._TOKEN_WORDS.values(), *syntax._CHARACTER_WORDS.values(), *syntax._EXPECTED_WORDS.values()]
    ids += [message_id for _, message_id in (*syntax._OTHER_PROBLEMS, *syntax._CONTEXTS)]
    assert len(ids) > 60
    for lang in LANGS:
        assert [i for i in ids if i not in catalogue(lang)] == [], lang


def test_yaml_syntax_error_in_chinese() -> None:
    """A tab used for indentation is explained in Chinese; the English text stays as it was."""
    from commitrules.errors import PolicySyntaxError
    from commitrules.policy.yaml import load_yaml

    with pytest.raises(PolicySyntaxError) as caught:
        load_yaml("a:\n\tb: 1\n", "t.yaml")
    first = caught.value.first
    assert first.code == "yaml_syntax"
    assert "YAML indents with spaces" in first.render("en")
    assert "YAML 用空格缩进。请把制表符换成空格。" in first.render("zh")


def test_an_invalid_evaluation_date_is_said_in_both_languages() -> None:
    """The library's refusal of an evaluation date is a catalogue text: English as before, Chinese too."""
    from commitrules.engine import resolve_as_of
    from commitrules.errors import CaseValidationError

    with pytest.raises(CaseValidationError) as caught:
        resolve_as_of("June")
    (error,) = caught.value.errors
    english = "as_of: Invalid evaluation date (expected a date YYYY-MM-DD, e.g. 2020-05-20, found 'June')"
    assert english == error.render()
    assert "as_of: 判断日期无效（应当是格式为 YYYY-MM-DD 的日期，例如 2020-05-20，实际是 'June'）" == error.render("zh")
