"""The command line in Chinese: help, messages and counts, by ``--lang zh`` or a Chinese locale."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from commitrules.cli import main
from commitrules.cli._lang import explicit_lang, help_texts
from commitrules.cli.main import build_parser
from commitrules.messages import catalogue

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def no_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test sets the locale it means."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)


def test_every_help_text_is_in_the_catalogue() -> None:
    """A help text not in en.yaml would stay English in the Chinese help: the test names it."""
    english = set(catalogue("en").values())
    texts = set(help_texts(build_parser()))
    assert len(texts) > 30
    assert sorted(texts - english) == []


def test_help_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    """`--lang zh --help` is Chinese: usage, description, sections, commands, options, epilog."""
    with pytest.raises(SystemExit) as done:
        main(["--lang", "zh", "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：commitrules")
    for text in (
        "证明事项告知承诺制的规则，逐条说明。",
        "位置参数",
        "选项",
        "显示本帮助并退出",
        "检查政策包",
        "退出码：0 完成",
    ):
        assert text in out
    assert "show this help" not in out


def test_command_help_in_chinese_by_locale(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """A Chinese locale gives Chinese help for a command, arguments included; LC_ALL wins over LANG."""
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    with pytest.raises(SystemExit):
        main(["diff", "--help"])
    out = capsys.readouterr().out
    assert "把修改后的政策包与其文件夹在该 git 版本（如 HEAD）中的内容比较" in out
    assert "用两个政策包分别判定的案件文件或文件夹" in out
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")
    with pytest.raises(SystemExit):
        main(["diff", "--help"])
    assert "compare the pack as it would be with its folder" in capsys.readouterr().out


def test_help_in_english_is_unchanged(capsys: pytest.CaptureFixture[str]) -> None:
    """Without a Chinese locale the help is the English of the commands' own texts."""
    with pytest.raises(SystemExit):
        main(["check", "--help"])
    out = capsys.readouterr().out
    assert out.startswith("usage: commitrules check")
    assert "fail on warnings too (before a change goes live)" in out


def test_check_in_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A broken pack: the diagnostics and the count are Chinese with --lang zh, English without."""
    shutil.copytree(ROOT / "tests" / "compile" / "base", tmp_path / "pk")
    shutil.copy(ROOT / "tests" / "errors" / "fullwidth_colon.yaml", tmp_path / "pk" / "leniency.yaml")
    assert main(["check", str(tmp_path / "pk"), "--lang", "zh"]) == 3
    err = capsys.readouterr().err
    assert "leniency.yaml:9:11: fullwidth_punctuation: 「：」（FULLWIDTH COLON）是全角字符" in err
    assert err.rstrip().endswith("政策包中有 1 个错误。")
    assert main(["check", str(tmp_path / "pk")]) == 3
    err = capsys.readouterr().err
    assert "Use ':' (ASCII)." in err
    assert err.rstrip().endswith("1 error in the policy pack.")


def test_check_ok_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    """The bundled pack's summary line in Chinese."""
    assert main(["check", "--lang", "zh"]) == 0
    assert capsys.readouterr().out.startswith("通过：lianyungang-2019-57")


def test_usage_error_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    """A usage error of a command in Chinese, with its exit code."""
    assert main(["evaluate", "--lang", "zh"]) == 2
    assert capsys.readouterr().err == "commitrules：错误：请给出案件文件或文件夹，或者用 --jsonl 给出 JSON Lines 文件\n"
    assert main(["evaluate", "--as-of", "2020-13-01", "x.yaml", "--lang", "zh"]) == 2
    assert "--as-of「2020-13-01」不是日期" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["check", "--lang", "zh"], "zh"),
        (["--lang=en", "check"], "en"),
        (["check"], None),
        (["x", "--", "--lang", "zh"], None),
        (["evaluate", "x.yaml", "--la", "zh"], "zh"),
        (["--lan=zh", "check"], "zh"),
        (["--l", "en", "check"], "en"),
        (["check", "--langs", "zh"], None),
    ],
)
def test_explicit_lang(argv: list[str], expected: str | None) -> None:
    """`--lang` is found before or after the command, in both spellings and as argparse abbreviates it
    (`--la zh` was taken for `--lang zh` by argparse but not by the language rule), not after `--`.
    """
    assert explicit_lang(argv) == expected


def test_an_abbreviated_lang_decides_the_report_as_the_errors(capsys: pytest.CaptureFixture[str]) -> None:
    """`evaluate CASE --la zh`: argparse accepts `--la` for `--lang`; the report was English all the same."""
    case = ROOT / "examples" / "cases" / "summary" / "empty-report.yaml"
    assert 0 == main(["evaluate", str(case), "--la", "zh", "--as-of", "2020-06-01"])
    assert "决定（总结评估 empty-report）：总结不完整（incomplete）" in capsys.readouterr().out
    assert 2 == main(["--lan", "zh", "evaluate"])
    assert capsys.readouterr().err.startswith("commitrules：错误：")


def _pack_with(tmp_path: Path, rule_lines: str) -> Path:
    pack = tmp_path / "pk"
    shutil.copytree(ROOT / "tests" / "compile" / "base", pack)
    (pack / "leniency.yaml").write_text(
        "kind: leniency\ntitle: {zh: 容错纠错, en: Leniency}\noutcomes: [none, not_applicable]\n"
        "default: not_applicable\nrules:\n  - id: first\n    clause: 一(四)\n    quote: 依法依规依纪\n"
        "    title: {zh: 甲, en: First}\n    then: {outcome: none}\n" + rule_lines,
        encoding="utf-8",
    )
    return pack


def test_structured_messages_in_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """unknown_field and unknown_name are written from the catalogue: fully Chinese, English unchanged."""
    pack = _pack_with(tmp_path, "    qoute: x\n    when: condut.context == 'duty_performance'\n")
    assert main(["check", str(pack), "--lang", "zh"]) == 3
    err = capsys.readouterr().err
    assert "unknown_field: 未知字段「qoute」（在规则「first」中）。您是不是想写「quote」？" in err
    assert main(["check", str(pack), "--lang", "en"]) == 3
    assert "unknown_field: Unknown field 'qoute' in rule 'first'. Did you mean 'quote'?" in capsys.readouterr().err
    (pack / "leniency.yaml").write_text(
        (pack / "leniency.yaml").read_text(encoding="utf-8").replace("    qoute: x\n", ""), encoding="utf-8"
    )
    assert main(["check", str(pack), "--lang", "zh"]) == 3
    err = capsys.readouterr().err
    assert "unknown_name: 案件类型「leniency」中没有名称「condut」（规则「first」）。您是不是想写「conduct」？" in err
    assert main(["check", str(pack), "--lang", "en"]) == 3
    expected = "unknown_name: Unknown name 'condut' for case kind 'leniency', in rule 'first'. Did you mean 'conduct'?"
    assert expected in capsys.readouterr().err


CASE = str(ROOT / "examples" / "cases" / "application" / "applicant-declined.yaml")
#: Each command that writes a report, and the first words of its report in Chinese and in English.
REPORTS = [
    (["evaluate", CASE, "--as-of", "2020-06-01"], "决定（告知承诺申请", "Decision (Application"),
    (["trace"], "# 可追溯矩阵", "# Traceability matrix"),
    (["diff", "policies", "policies", "--cases", CASE, "--as-of", "2020-06-01"], "政策差异：", "Policy diff:"),
    (["audit-report", "--out", "{out}"], "# 审计报告", "# Audit report"),
]


@pytest.mark.parametrize("report", REPORTS, ids=[r[0][0] for r in REPORTS])
@pytest.mark.parametrize(
    "setting",
    [
        ({}, [], "en"),
        ({"LANG": "C.UTF-8"}, [], "en"),
        ({"LANG": "en_US.UTF-8"}, [], "en"),
        ({"LANG": "zh_CN.UTF-8"}, [], "zh"),
        ({"LANG": "zh_CN.UTF-8"}, ["--lang", "en"], "en"),
        ({"LANG": "en_US.UTF-8"}, ["--lang", "zh"], "zh"),
    ],
)
def test_a_report_is_in_the_language_of_the_commands_messages(
    report: tuple[list[str], str, str],
    setting: tuple[dict[str, str], list[str], str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """One rule for all a command writes for people: --lang, else the locale, else English.

    evaluate's text, trace, diff and audit-report wrote their reports in Chinese whatever the locale
    (diff: Chinese without a locale) while their errors and help followed the locale: an English locale
    got a Chinese report and English errors. The same locale now gives a usage error of the command in
    the report's language.
    """
    argv, chinese, english = report
    environ, flag, expected = setting
    monkeypatch.chdir(ROOT)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    out = tmp_path / "report"
    code = main([*(arg.replace("{out}", str(out)) for arg in argv), *flag])
    written = capsys.readouterr().out
    if argv[0] == "audit-report":
        written = (out / "audit-report.md").read_text(encoding="utf-8")
    assert 0 == code
    wanted, other = (chinese, english) if expected == "zh" else (english, chinese)
    assert wanted in written
    assert other not in written
    with pytest.raises(SystemExit):
        main([argv[0], "--no-such-flag", *flag])
    refused = capsys.readouterr().err
    assert ("参数" in refused or "无法识别" in refused) == (expected == "zh"), refused
