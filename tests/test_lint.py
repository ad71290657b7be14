"""Lint: planted problems are found at the place to fix them, and correct rules are left alone.

Each case under ``tests/lint/`` is the files of ``tests/compile/base/`` plus its own files (which replace
base files of the same name); ``expected.yaml`` lists every diagnostic ``check`` must report, in order,
with its code, severity and position.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest
import yaml

from commitrules.authoring.check import check_policies
from commitrules.cli import EXIT_OK, EXIT_POLICY, main
from commitrules.errors import Severity
from tests.language_leaks import english_runs

ROOT = Path(__file__).resolve().parents[1]
BASE = ROOT / "tests" / "compile" / "base"
HERE = ROOT / "tests" / "lint"
CASES = sorted(p.name for p in HERE.iterdir() if p.is_dir())
#: The organisation's errors of the compiler, which ``check`` reports together with lint's findings.
COMPILER_CODES = {"escalation_cycle", "unknown_role", "unknown_code"}


def assemble(case: Path, target: Path) -> Path:
    target.mkdir()
    for source in [*BASE.iterdir(), *case.iterdir()]:
        if source.name != "expected.yaml" and source.suffix == ".yaml":
            shutil.copy(source, target / source.name)
    return target


@pytest.mark.parametrize("name", CASES)
def test_lint_case(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every planted problem is reported with its code, severity, file, line and column, and nothing else."""
    case = HERE / name
    assemble(case, tmp_path / "pk")
    monkeypatch.chdir(tmp_path)
    expected = yaml.safe_load((case / "expected.yaml").read_text(encoding="utf-8"))["diagnostics"]
    result = check_policies("pk")
    found = [
        {
            "code": d.code,
            "severity": str(d.severity),
            "file": Path(d.span.file).name,
            "line": d.span.line,
            "column": d.span.column,
        }
        for d in result.diagnostics
    ]
    assert expected == found
    for diagnostic in result.diagnostics:
        rendered = diagnostic.render()
        assert rendered.startswith(f"pk/{Path(diagnostic.span.file).name}:{diagnostic.span.line}:")
        assert "^" in rendered, rendered
        if diagnostic.code in COMPILER_CODES:
            continue
        assert diagnostic.suggestion, diagnostic.code
        assert diagnostic.message.endswith(diagnostic.suggestion), diagnostic.message
        # the fix on its own is a sentence: in Chinese under zh, the end of the Chinese message
        zh_fix = diagnostic.suggestion_in("zh")
        assert zh_fix, diagnostic.code
        assert [] == english_runs(zh_fix), zh_fix
        assert diagnostic.message_in("zh").endswith(zh_fix), diagnostic.message_in("zh")
        assert zh_fix == diagnostic.to_dict_in("zh")["suggestion"]
        assert diagnostic.suggestion == diagnostic.to_dict()["suggestion"] == diagnostic.suggestion_in("en")


def test_planted_findings_name_the_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The planted pack's findings say which rules clash, and the cycle shows every role with its position."""
    assemble(HERE / "planted", tmp_path / "pk")
    monkeypatch.chdir(tmp_path)
    by_code = {d.code: d for d in check_policies("pk").diagnostics}
    assert "'conduct.subject == 'unit'' and 'conduct.subject == 'public_official''" in by_code["contradiction"].message
    assert "conduct.subject in ['unit', 'public_official']" == by_code["contradiction"].suggestion.split("'", 1)[1][:-1]
    assert "'conduct.score() > 5' and 'conduct.score() < 3'" in by_code["empty_range"].message
    assert "Rule 'general' can never fire" in by_code["shadowed_rule"].message
    assert "'exception' (pk/leniency.yaml:31:9)" in by_code["shadowed_rule"].message
    assert "'barred' (pk/leniency.yaml:39:9)" in by_code["outcome_conflict"].message
    assert (
        "'division_head' (pk/organization.yaml:4:78) -> 'leader_in_charge' (pk/organization.yaml:5:81) -> "
        "'division_head'"
    ) in by_code["escalation_cycle"].message
    assert Severity.ERROR is by_code["shadowed_rule"].severity
    assert Severity.WARNING is by_code["outcome_conflict"].severity


def test_check_reports_planted_problems(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`check` prints every finding with its caret and fails on the errors; JSON carries severities."""
    assemble(HERE / "planted", tmp_path / "pk")
    monkeypatch.chdir(tmp_path)
    assert EXIT_POLICY == main(["check", "pk"])
    out, err = capsys.readouterr()
    assert "" == out
    assert "pk/leniency.yaml:14:33: contradiction:" in err
    assert "pk/leniency.yaml:51:21: warning: outcome_conflict:" in err
    assert "3 errors, 2 warnings in the policy pack." in err
    assert EXIT_POLICY == main(["check", "pk", "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert (False, 3, 2) == (report["ok"], report["errors"], report["warnings"])
    assert ["error", "warning", "error", "warning", "error"] == [d["severity"] for d in report["diagnostics"]]


def test_strict_fails_on_warnings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Warnings alone pass `check` (saying how many) and fail `check --strict`."""
    assemble(HERE / "enum_gap", tmp_path / "pk")
    monkeypatch.chdir(tmp_path)
    assert EXIT_OK == main(["check", "pk"])
    out, err = capsys.readouterr()
    assert out.startswith("ok: test-pack 1.2.3") and out.rstrip().endswith("1 warning (above)")
    assert "warning: enum_gap" in err
    assert EXIT_POLICY == main(["check", "pk", "--strict"])
    assert "1 warning in the policy pack (--strict: warnings fail the check)." in capsys.readouterr().err
    assert EXIT_POLICY == main(["check", "pk", "--strict", "--format", "json"])
    assert False is json.loads(capsys.readouterr().out)["ok"]


def test_clean_pack_passes_strict(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A pack without findings passes `check --strict`."""
    assemble(HERE / "clean", tmp_path / "pk")
    monkeypatch.chdir(tmp_path)
    assert EXIT_OK == main(["check", "pk", "--strict"])
    assert "" == capsys.readouterr().err


def test_bundled_pack_has_no_lint_errors() -> None:
    """The bundled pack has no rule that can never fire and a reporting chain that reaches the top.

    Its warnings are reviewed (see the issue's report); this test keeps errors from creeping in.
    """
    result = check_policies()
    assert [] == [d.render() for d in result.errors]
    never = {"contradiction", "empty_range", "shadowed_rule", "outcome_conflict"}
    assert [] == [d.render() for d in result.warnings if d.code in never]


def test_issue_10_check_of_many_rules_stops_comparing_pairs_with_a_note(tmp_path: Path) -> None:
    """Pairs of rules are compared up to a budget (it was quadratic: 1,000 rules took 40 s), then a note.

    The findings made within the budget are kept: the first loser's outcome conflict is still reported.
    """
    from commitrules.authoring.check import MAX_PAIRS

    pack = tmp_path / "pk"
    shutil.copytree(BASE, pack)
    count = 150
    rules = "".join(
        f"  - id: r{n}\n    clause: 一(四)\n    quote: 依法依规依纪\n    title: {{zh: 规则, en: Rule}}\n"
        f"    when: conduct.score() == {0 if n < 2 else n} and conduct.rectified\n"
        f"    then: {{outcome: {'not_applicable' if n % 2 else 'none'}}}\n"
        for n in range(count)
    )
    (pack / "leniency.yaml").write_text(
        "kind: leniency\ntitle: {zh: 容错纠错, en: Leniency}\noutcomes: [none, not_applicable]\n"
        f"default: not_applicable\nrules:\n{rules}",
        encoding="utf-8",
    )
    result = check_policies(pack)
    notes = [d for d in result.diagnostics if d.code == "lint_incomplete"]
    conflicts = [d for d in result.diagnostics if d.code == "outcome_conflict"]

    assert count * count > MAX_PAIRS
    assert 1 == len(notes)
    assert (Severity.WARNING, 5, 1) == (notes[0].severity, notes[0].span.line, notes[0].span.column)
    assert f"compared {MAX_PAIRS:,} pairs" in notes[0].message
    assert conflicts
    assert "'r1'" in conflicts[0].message


def test_a_rule_deriving_ninety_thousand_facts_is_checked_in_seconds(tmp_path: Path) -> None:
    """Each unread derived fact is found at its place in the list, in time linear in the list.

    For each fact, check searched every rule's list for it and then its place in the first: a rule of
    one line deriving 90,000 facts (a file under the 1 MiB limit) kept ``check`` busy for many minutes.
    """
    pack = tmp_path / "pk"
    shutil.copytree(BASE, pack)
    facts = [f"f{n}" for n in range(90_000)]
    line = f"    then: {{derive: [{', '.join(facts)}]}}\n"
    (pack / "leniency.yaml").write_text(
        "kind: leniency\ntitle: {zh: 容错纠错, en: Leniency}\noutcomes: [none]\ndefault: none\nrules:\n"
        "  - id: r\n    clause: 一(四)\n    quote: 依法依规依纪\n    title: {zh: 规则, en: Rule}\n"
        f"    when: conduct.rectified\n{line}",
        encoding="utf-8",
    )
    started = time.perf_counter()
    result = check_policies(pack)
    assert time.perf_counter() - started < 30
    unused = [d for d in result.diagnostics if d.code == "unused_derived_fact"]
    assert len(facts) == len(unused)
    last = next(d for d in unused if "'f89999'" in d.message)
    assert (11, line.index("f89999") + 1) == (last.span.line, last.span.column)
