"""`commitrules diff`: what a policy change does to the rules, the settings and the example cases.

The main test changes one threshold of the bundled pack in a copy and checks that the diff lists exactly
the example cases whose decision changes, computed here independently by deciding every example with
both packs.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import commitrules
from commitrules.authoring.diff import DECISION_FIELDS, diff_packs
from commitrules.cli import EXIT_CASE, EXIT_OK, EXIT_POLICY, EXIT_USAGE, main
from commitrules.io.case_files import read_cases
from commitrules.policy.pack import PolicyPack

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "cases"
AS_OF = "2020-06-01"
KNOWN = "running-no-plan-deadline-default-last-day.yaml"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def diff_of(capsys: pytest.CaptureFixture[str], new: Path, cases: Path, *more: str) -> tuple[int, str, str]:
    """``commitrules diff`` of the bundled pack and ``new`` on ``cases`` as of AS_OF."""
    return run(capsys, "diff", str(ROOT / "policies"), str(new), "--cases", str(cases), "--as-of", AS_OF, *more)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def changed_threshold(tmp_path: Path) -> Path:
    """A copy of the bundled pack whose default verification deadline is 20 days instead of 30."""
    target = tmp_path / "new"
    shutil.copytree(ROOT / "policies", target)
    edit(
        target / "settings.yaml",
        "verification.default_deadline_days:\n    value: 30",
        "verification.default_deadline_days:\n    value: 20",
    )
    return target


def test_diff_lists_exactly_the_changed_examples(
    pack: PolicyPack, changed_threshold: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every example whose decision differs between the two packs is listed, and no other."""
    new = commitrules.load_policies(changed_threshold)
    cases, errors = read_cases([EXAMPLES])
    assert [] == errors
    expected = set()
    for item in cases:
        before, after = pack.evaluate(item.case, as_of=AS_OF), new.evaluate(item.case, as_of=AS_OF)
        if any(getattr(before, f) != getattr(after, f) for f in DECISION_FIELDS):
            expected.add(Path(item.source).name)
    assert KNOWN in expected

    code, out, _ = run(
        capsys,
        "diff",
        str(ROOT / "policies"),
        str(changed_threshold),
        "--cases",
        str(EXAMPLES),
        "--as-of",
        AS_OF,
        "--format",
        "json",
    )
    assert EXIT_OK == code
    report = json.loads(out)
    assert expected == {Path(c["source"]).name for c in report["cases"]["changed"]}
    assert len(cases) == report["cases"]["evaluated"]
    known = next(c for c in report["cases"]["changed"] if c["source"].endswith(KNOWN))
    assert ("fulfilled", "overdue", ["outcome"]) == (known["old"]["outcome"], known["new"]["outcome"], known["fields"])
    assert ["verify.overdue.default-deadline"] == [f["rule"] for f in known["new"]["fired"]]
    assert [
        {
            "name": "verification.default_deadline_days",
            "old": 30,
            "new": 20,
            "read_by": ["verify.overdue.default-deadline"],
        }
    ] == report["settings"]
    assert [] == report["rules"]
    assert report["old"]["digest"] != report["new"]["digest"]


def test_text_diff_shows_both_explanations(changed_threshold: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The text output summarises the change, then shows each changed case explained before and after."""
    code, out, _ = run(
        capsys,
        "diff",
        str(ROOT / "policies"),
        str(changed_threshold),
        "--cases",
        str(EXAMPLES / "verification"),
        "--as-of",
        AS_OF,
        "--lang",
        "en",
    )
    assert EXIT_OK == code
    assert "verification.default_deadline_days: 30 -> 20 (read by verify.overdue.default-deadline)" in out
    assert "Rules: 0 added, 0 removed, 0 changed" in out
    assert f"{KNOWN}: fulfilled -> overdue (outcome)" in out
    before, after = out.split("--- before", 1)[1].split("--- after", 1)
    assert "No rule applied; the default outcome stands." in before
    assert "verify.overdue.default-deadline" in after
    assert "settings.verification.default_deadline_days = 20" in after


def test_rule_changes_are_summarised(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A rule added, one removed, and one whose condition and effect changed are each named with the field."""
    target = tmp_path / "new"
    shutil.copytree(ROOT / "policies", target)
    credit_site = target / "credit_site.yaml"
    edit(credit_site, "when: len(content.missing_items()) > 0", "when: len(content.missing_items()) > 1")
    summary = target / "summary.yaml"
    text = summary.read_text(encoding="utf-8")
    start = text.index("  - id: summary.periodic\n")
    end = text.index("\n  - id: ", start) + 1  # the next rule (summary.periodic.annual) stays
    summary.write_text(text[:start] + text[end:], encoding="utf-8")
    edit(target / "assessment.yaml", "  - id: supervise.assessment.adequate", "  - id: supervise.assessment.fair")
    code, out, _ = run(capsys, "diff", str(ROOT / "policies"), str(target), "--format", "json", "--as-of", AS_OF)
    assert EXIT_OK == code
    report = json.loads(out)
    changes = {(r["id"], r["change"], tuple(r["fields"])) for r in report["rules"]}
    assert {
        ("publicity.credit-site-items", "changed", ("condition",)),
        ("summary.periodic", "removed", ()),
        ("supervise.assessment.fair", "added", ()),
        ("supervise.assessment.adequate", "removed", ()),
    } == changes
    changed = next(r for r in report["rules"] if r["change"] == "changed")
    assert ("len(content.missing_items()) > 0", "len(content.missing_items()) > 1") == (
        changed["old"]["condition"],
        changed["new"]["condition"],
    )
    assert 0 == report["cases"]["evaluated"]


def test_effect_and_outcome_order_changes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An effect changed and a kind's outcome order changed both show in the text summary."""
    target = tmp_path / "new"
    shutil.copytree(ROOT / "policies", target)
    edit(target / "credit_site.yaml", "outcomes: [noncompliant, compliant]", "outcomes: [compliant, noncompliant]")
    edit(target / "credit_site.yaml", "reasons: [missing_item]", "reasons: [missing_section]")
    code, out, _ = run(
        capsys, "diff", str(ROOT / "policies"), str(target), "--cases", str(EXAMPLES / "credit_site"), "--as-of", AS_OF
    )
    assert EXIT_OK == code
    assert "changed publicity.credit-site-items (effect)" in out
    assert '"missing_item"' in out and '"missing_section"' in out
    assert "kind credit_site: outcomes ['noncompliant', 'compliant'] -> ['compliant', 'noncompliant']" in out
    assert "decisions changed" in out or "decision changed" in out


def test_diff_of_identical_packs(pack: PolicyPack) -> None:
    """The same pack against itself changes nothing."""
    cases, _ = read_cases([EXAMPLES / "leniency"])
    result = diff_packs(pack, pack, cases, AS_OF)
    assert ((), (), (), (), ()) == (result.rules, result.settings, result.other, result.cases, result.vocabulary)
    assert len(cases) == result.evaluated


def test_diff_errors(tmp_path: Path, changed_threshold: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A pack that does not load exits 3, a bad date 2, a bad case 1; nothing is compared."""
    broken = tmp_path / "broken"
    shutil.copytree(ROOT / "policies", broken)
    edit(broken / "credit_site.yaml", "content.missing_items()", "content.missng_items()")
    code, _, err = run(capsys, "diff", str(ROOT / "policies"), str(broken))
    assert EXIT_POLICY == code
    assert "unknown_function" in err and "does not load" in err
    code, _, err = run(capsys, "diff", str(ROOT / "policies"), str(changed_threshold), "--as-of", "June")
    assert EXIT_USAGE == code
    bad = tmp_path / "bad.yaml"
    bad.write_text("kind: credit_site\ncontent: {items: [nonsense]}\n", encoding="utf-8")
    code, out, err = run(capsys, "diff", str(ROOT / "policies"), str(changed_threshold), "--cases", str(bad))
    assert (EXIT_CASE, "") == (code, out)
    assert "nothing was compared" in err


@pytest.fixture
def changed_vocabulary(tmp_path: Path) -> Path:
    """A copy of the pack with a reason added, a channel relabelled and risk flags no longer exclusionary."""
    target = tmp_path / "vocabulary"
    shutil.copytree(ROOT / "policies", target)
    vocabulary = target / "vocabulary.yaml"
    edit(
        vocabulary,
        "      withdrawn: {zh: 本周期已撤回承诺,",
        "      late_filing: {zh: 逾期提交, en: Filed late}\n      withdrawn: {zh: 本周期已撤回承诺,",
    )
    edit(vocabulary, "    exclusionary: true\n", "    exclusionary: false\n")
    text = vocabulary.read_text(encoding="utf-8")
    start = text.index("      credit_lyg: {zh: ")
    label = text[start : text.index(",", start)].removeprefix("      credit_lyg: {zh: ")
    edit(vocabulary, f"      credit_lyg: {{zh: {label},", "      credit_lyg: {zh: 信用连云港网站,")
    return target


def test_vocabulary_changes_are_reported(changed_vocabulary: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A code added (or, the other way round, removed), a label changed and an exclusionary flag changed are
    each reported in the JSON and in the text of both languages."""
    old, new = str(ROOT / "policies"), str(changed_vocabulary)
    code, out, _ = run(capsys, "diff", old, new, "--format", "json", "--as-of", AS_OF)
    assert EXIT_OK == code
    changes = {change["list"]: change for change in json.loads(out)["vocabulary"]}
    assert ["channels", "reasons", "risk_flags"] == sorted(changes)
    assert (["late_filing"], [], []) == tuple(changes["reasons"][k] for k in ("added", "removed", "relabelled"))
    assert ["credit_lyg"] == changes["channels"]["relabelled"]
    assert (True, False) == (changes["risk_flags"]["old_exclusionary"], changes["risk_flags"]["new_exclusionary"])
    assert [] == changes["risk_flags"]["added"] + changes["risk_flags"]["removed"]

    code, out, _ = run(capsys, "diff", old, new, "--as-of", AS_OF, "--lang", "zh")
    assert EXIT_OK == code
    assert "变更的词汇表列表：3 个" in out
    assert "  reasons：新增代码 late_filing（逾期提交）" in out
    assert "  channels：标签或依据条款修改 credit_lyg（信用连云港网站）" in out
    assert "  risk_flags：排除性（exclusionary）是 -> 否" in out

    code, out, _ = run(capsys, "diff", new, old, "--as-of", AS_OF, "--lang", "en")
    assert EXIT_OK == code
    assert "Vocabulary lists changed: 3" in out
    assert "  reasons: codes removed late_filing (Filed late)" in out
    assert "  risk_flags: exclusionary no -> yes" in out


def test_kind_changes_are_said_in_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A kind's outcome order changed is reported in Chinese under --lang zh; the JSON keeps the English note."""
    target = tmp_path / "new"
    shutil.copytree(ROOT / "policies", target)
    edit(target / "credit_site.yaml", "outcomes: [noncompliant, compliant]", "outcomes: [compliant, noncompliant]")
    code, out, _ = run(capsys, "diff", str(ROOT / "policies"), str(target), "--as-of", AS_OF, "--lang", "zh")
    assert EXIT_OK == code
    assert "案件类型 credit_site：结论顺序 ['noncompliant', 'compliant'] -> ['compliant', 'noncompliant']" in out
    assert "变更的词汇表列表：0 个" in out
    code, out, _ = run(capsys, "diff", str(ROOT / "policies"), str(target), "--format", "json", "--as-of", AS_OF)
    assert ["kind credit_site: outcomes ['noncompliant', 'compliant'] -> ['compliant', 'noncompliant']"] == json.loads(
        out
    )["other"]


def test_a_case_the_new_pack_cannot_decide_is_said_in_the_reports_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A kind removed: its cases are changed to no decision, and why is said in Chinese under --lang zh
    (the JSON keeps the English)."""
    target = tmp_path / "new"
    shutil.copytree(ROOT / "policies", target)
    (target / "credit_site.yaml").unlink()
    argv = ["diff", str(ROOT / "policies"), str(target), "--cases", str(EXAMPLES / "credit_site"), "--as-of", AS_OF]
    code, out, _ = run(capsys, *argv, "--lang", "zh")
    assert EXIT_OK == code
    assert "案件类型 credit_site：删除" in out
    assert "（未能判定：政策包「lianyungang-2019-57」中没有判定这种案件的政策）" in out
    assert "-> （无） (outcome)" in out
    code, out, _ = run(capsys, *argv, "--format", "json")
    changed = json.loads(out)["cases"]["changed"]
    assert changed
    assert {"The pack 'lianyungang-2019-57' has no policy for this kind"} == {c["new_error"] for c in changed}


def test_each_decision_is_explained_in_the_words_of_the_pack_that_made_it(
    changed_threshold: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The new pack renames two outcomes: "after" reads its names, "before" the old pack's.

    Both were explained with the bundled pack's labels, whatever the packs said.
    """
    edit(changed_threshold / "vocabulary.yaml", "overdue: {zh: 核查逾期,", "overdue: {zh: 超过期限未核查,")
    edit(changed_threshold / "vocabulary.yaml", "fulfilled: {zh: 已践诺,", "fulfilled: {zh: 已履行承诺,")
    code, out, _ = diff_of(capsys, changed_threshold, EXAMPLES / "verification" / KNOWN, "--lang", "zh")
    assert EXIT_OK == code
    before, after = out.split("--- 修改前", 1)[1].split("--- 修改后", 1)
    assert "：已践诺（fulfilled）" in before
    assert "：超过期限未核查（overdue）" in after
    assert "核查逾期" not in after
