"""The traceability matrix: clause tags, what counts as specifying a rule, and `commitrules trace` itself."""

from __future__ import annotations

import builtins
import json
import re
from pathlib import Path
from typing import Any

import pytest

from commitrules.audit.features import (
    INTERPRETATION_TAG,
    clause_tag,
    clause_tags,
    parse_step_assertion,
    read_features,
    scenarios_of,
)
from commitrules.audit.trace import build_matrix
from commitrules.cli import main
from commitrules.policy.pack import PolicyPack
from tests.language_leaks import chinese_characters, english_runs

ROOT = Path(__file__).resolve().parents[1]
FEATURES = ROOT / "features"


@pytest.mark.parametrize(
    ("clause", "tag"),
    [
        ("一(二)2", "clause-1-2-2"),
        ("二(二)3", "clause-2-2-3"),
        ("一(二)", "clause-1-2"),
        ("二", "clause-2"),
        ("一(七)1", "clause-1-7-1"),
        ("序", "clause-preface"),
        ("引言", "clause-intro"),
        ("NAT-42", "clause-nat-42"),
        ("十二(十一)3", "clause-12-11-3"),
    ],
)
def test_clause_tag(clause: str, tag: str) -> None:
    """A clause id maps to the tag auditors select with -m."""
    assert tag == clause_tag(clause)


@pytest.mark.parametrize("clause", ["一（二）2", "2.1", "", "一2", "nat-42"])
def test_clause_tag_rejects_unknown_shapes(clause: str) -> None:
    """An id of no known shape (full-width brackets, a number, an item without a section) has no tag."""
    with pytest.raises(ValueError, match="has no tag"):
        clause_tag(clause)


def test_every_clause_of_the_pack_has_its_own_tag(pack: PolicyPack) -> None:
    """The tags of the bundled pack's clauses are all different."""
    assert len(pack.clauses) == len(clause_tags(pack))


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ('规则 "breach.revoke.granted" 生效', ("fires", "breach.revoke.granted", None)),
        (
            '规则 "verify.plan-complete" 生效,引用条款 "一(一)2, 二(三)"',
            ("fires", "verify.plan-complete", ("一(一)2", "二(三)")),
        ),
        ('规则 "application.accept" 生效,引用条款 "—"', ("fires", "application.accept", ())),
        ('rule "breach.revoke.granted" fires, citing "二(二)"', ("fires", "breach.revoke.granted", ("二(二)",))),
        ('规则 "punish.joint" 不生效', ("does_not_fire", "punish.joint", None)),
        ('rule "punish.joint" does not fire', ("does_not_fire", "punish.joint", None)),
        ('结论为 "breach"', None),
    ],
)
def test_rule_steps_are_read_in_both_languages(text: str, parsed: tuple[Any, ...] | None) -> None:
    """The matrix reads the same rule steps the step library matches, in Chinese and English."""
    assert parsed == parse_step_assertion(text)


def test_the_bundled_pack_is_fully_traced(capsys: pytest.CaptureFixture[str], pack: PolicyPack) -> None:
    """`commitrules trace` exits 0: every clause covered or excused, every rule specified in both languages."""
    assert 0 == main(["trace", "--features", str(FEATURES), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert [] == data["problems"]
    assert 0 == data["summary"]["uncovered"]
    assert sum(len(p.rules) for p in pack.policies.values()) == data["summary"]["rules_specified"]
    rules = [*(r for c in data["clauses"] for r in c["rules"]), *data["interpretation_rules"]]
    for rule in rules:
        languages = {s["language"] for s in rule["scenarios"]}
        assert {"zh-CN", "en"} == languages, rule["id"]
    statuses = {c["id"]: c["status"] for c in data["clauses"]}
    assert {c.id for c in pack.clauses.values() if c.excused} == {k for k, v in statuses.items() if v == "excused"}


def test_markdown_matrix(capsys: pytest.CaptureFixture[str]) -> None:
    """The Markdown matrix has one row per (clause, rule) with the tag and the scenarios' file:line."""
    assert 0 == main(["trace", "--features", str(FEATURES), "--lang", "zh"])
    out = capsys.readouterr().out
    assert "| 条款 | 标签 | 状态 | 规则 | 场景（文件:行） |" in out
    row = next(line for line in out.splitlines() if "`applicant.blacklisted`" in line)
    assert row.startswith("| 一(二)2 建立虚假承诺黑名单制度 | `@clause-1-2-2` | ✅ 已覆盖 |")
    assert "zh-CN/application.feature:" in row
    assert "en/application.feature:" in row
    assert "## 问题\n\n无。" in out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_markdown_matrix_speaks_one_language(pack: PolicyPack, lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Every word of the matrix comes from the catalogue of ``--lang``: headings, labels, statuses, titles."""
    assert 0 == main(["trace", "--features", str(FEATURES), "--lang", lang])
    out = capsys.readouterr().out
    # the scenario references (zh-CN/x.feature:3, en/x.feature:4) and clause ids (引言, 序) are names
    prose = re.sub(r"(?:zh-CN|en)/\w+\.feature:\d+", " ", out)
    prose = re.sub(r"^\| (\S+) ", "| ", prose, flags=re.MULTILINE)
    assert {"引言", "序"} <= set(pack.clauses)
    if lang == "zh":
        assert [] == english_runs(prose)
        assert "# 可追溯矩阵\n" in out
    else:
        assert [] == chinese_characters(prose)
        assert "# Traceability matrix\n" in out
        assert "| Clause | Tag | Status | Rule | Scenarios (file:line) |" in out


GAPS = """# language: en
Feature: gaps

  Background:
    Given the evaluation date is 2020-06-01

  @clause-2-1
  Scenario: specifies one rule
    Then rule "publicity.credit-site-items" fires, citing "二(一)"

  @clause-2-4
  Scenario: only says a rule does not fire
    Then rule "punish.joint" does not fire

  Scenario: untagged, wrong citation
    Then rule "blacklist.publish" fires, citing "二(一)"

  Scenario: unknown rule
    Then rule "no.such-rule" fires

  @clause-2-9
  Scenario: unknown tag and no rule
    Then the outcome is "compliant"
"""


def _matrix(pack: PolicyPack, text: str) -> Any:
    return build_matrix(pack, scenarios_of(text, "en/gaps.feature"))


def test_a_rule_counts_only_when_a_scenario_asserts_it_fires(pack: PolicyPack) -> None:
    """'does not fire' specifies nothing; every rule without a 'fires' scenario is a problem."""
    matrix = _matrix(pack, GAPS)
    specified = {r.id for r in matrix.rules.values() if r.scenarios}
    assert {"publicity.credit-site-items", "blacklist.publish"} == specified
    assert "rule 'punish.joint' (blacklist) has no scenario asserting that it fires" in matrix.problems
    covered = {c.id for c in matrix.clauses if c.status == "covered"}
    assert {"二(一)", "一(二)2"} == covered
    assert "clause 二(二)3 (@clause-2-2-3) is neither covered by a scenario nor excused" in matrix.problems


def test_scenario_problems_are_reported(pack: PolicyPack) -> None:
    """Missing or extra tags, a wrong citation, unknown rules and tags, a scenario asserting no rule."""
    problems = "\n".join(_matrix(pack, GAPS).problems)
    assert "en/gaps.feature:12: scenario 'only says a rule does not fire' is tagged @clause-2-4" in problems
    assert "asserts rules of @clause-1-2-2 but is not tagged so" in problems
    assert "names rule 'no.such-rule', which the pack does not have" in problems
    assert "rule 'blacklist.publish' cites '一(二)2', not '二(一)'" in problems
    assert "unknown tag '@clause-2-9'" in problems
    assert "scenario 'unknown tag and no rule' asserts no rule" in problems


def test_interpretation_only_rules_need_their_tag(pack: PolicyPack) -> None:
    """A scenario asserting a rule that cites no clause carries @interpretation-only."""
    scenario = '  Scenario: s\n    Then rule "application.accept" fires, citing "—"\n'
    text = GAPS.split("  @clause-2-1", maxsplit=1)[0] + scenario
    assert any(f"@{INTERPRETATION_TAG} but is not tagged so" in p for p in _matrix(pack, text).problems)
    tagged = text.replace("  Scenario: s", f"  @{INTERPRETATION_TAG}\n  Scenario: s")
    assert not any("tagged" in p for p in _matrix(pack, tagged).problems)


def test_gaps_make_trace_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """With gaps, `commitrules trace` still prints the matrix, lists the problems and exits 1."""
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "gaps.feature").write_text(GAPS, encoding="utf-8")
    assert 1 == main(["trace", "--features", str(tmp_path), "--lang", "zh"])
    captured = capsys.readouterr()
    assert "## 问题" in captured.out
    assert "规则「no.such-rule」在政策包中不存在" in captured.out
    assert 1 == main(["trace", "--features", str(tmp_path), "--lang", "en"])
    captured = capsys.readouterr()
    english = captured.out
    assert "rules without a scenario" in captured.err
    assert "## Problems" in english
    assert "names rule 'no.such-rule', which the pack does not have" in english


def test_trace_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """No feature files is a usage error (2); invalid Gherkin is reported with its file (1)."""
    assert 2 == main(["trace", "--features", str(tmp_path / "none")])
    assert "no feature files" in capsys.readouterr().err
    (tmp_path / "bad.feature").write_text(
        "# language: en\nFeature: x\n  Scenario: y\n    Given a\n  Feature: z\n", encoding="utf-8"
    )
    assert 1 == main(["trace", "--features", str(tmp_path)])
    assert "bad.feature" in capsys.readouterr().err


def test_trace_without_the_gherkin_parser(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Installed without the dev extra, trace says what to install and exits 4."""
    real_import = builtins.__import__

    def no_gherkin(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "gherkin" or name.startswith("gherkin."):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_gherkin)
    assert 4 == main(["trace", "--features", str(FEATURES)])
    assert "pip install 'commitrules[spec]'" in capsys.readouterr().err


def test_reading_the_real_features_finds_every_example_row() -> None:
    """An outline contributes one scenario per example row, each at the row's own line."""
    scenarios = [s for s in read_features(FEATURES) if s.path == "zh-CN/credit_site.feature"]
    outline = [s for s in scenarios if s.line != s.scenario_line and s.name.startswith("缺少五项内容之一")]
    assert 6 == len(outline)
    assert len({s.line for s in outline}) == 6
    assert all(s.language == "zh-CN" for s in scenarios)


def test_a_scenario_the_pack_fails_is_not_excused(pack: PolicyPack) -> None:
    """There is no 'known defect': such a tag names no clause, and a wrong citation is a problem all the same.

    A scenario stating what the pack does not do is an ordinary scenario: its test fails, and it still
    specifies the rules it asserts fire.
    """
    text = GAPS.split("  @clause-2-1", maxsplit=1)[0] + (
        "  @known-defect @clause-2-2\n  Scenario: revocation rests on 二(二)3 too\n"
        '    Then rule "breach.revoke.pre-decision" fires, citing "二(二)3"\n'
    )
    matrix = _matrix(pack, text)
    problems = "\n".join(matrix.problems)
    assert "unknown tag '@known-defect'" in problems
    assert "rule 'breach.revoke.pre-decision' cites 'NAT-42', not '二(二)3'" in problems
    assert [s.name for s in matrix.scenarios] == [s.name for s in matrix.rules["breach.revoke.pre-decision"].scenarios]
    assert "known_defects" not in matrix.summary()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_trace_refuses_junit_without_clause(lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--junit gives one clause's results: without --clause (the matrix has no results) it is refused, not ignored."""
    junit = tmp_path / "features.xml"
    junit.write_text("<testsuites/>", encoding="utf-8")
    assert 2 == main(["trace", "--features", str(FEATURES), "--junit", str(junit), "--lang", lang])
    captured = capsys.readouterr()
    assert "" == captured.out
    assert "--clause" in captured.err
    assert f"audit-report --junit {junit}" in captured.err
    assert ("矩阵" in captured.err) == (lang == "zh")


def test_trace_clause_refuses_json_and_writes_to_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--clause prints Markdown: --format json is refused; --out is where the clause goes, as for the matrix."""
    assert 2 == main(["trace", "--features", str(FEATURES), "--clause", "二(二)3", "--format", "json"])
    assert "--format json" in capsys.readouterr().err
    out = tmp_path / "clause.md"
    main(["trace", "--features", str(FEATURES), "--clause", "二(二)3", "--out", str(out)])
    assert "" == capsys.readouterr().out
    assert out.read_text(encoding="utf-8").startswith("## 二(二)3")
