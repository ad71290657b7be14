"""The living documentation: feature files rendered with each scenario's and example row's result.

docs/specification.md comes from a test run, so it cannot be checked for currency here; instead the
generator is tested on a small feature file and a hand-written JUnit XML (a passed, a failed, a
not-run and an xfailed scenario, and an outline whose rows passed, failed and did not run), and once end
to end on a real run of part of the specification.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from commitrules.audit.specification import Result, read_junit, render_specification, status_of
from commitrules.cli import main

ROOT = Path(__file__).resolve().parents[1]

DEMO = '''# language: zh-CN
@clause-2-1
功能: 演示 (demo)
  功能说明.

  背景:
    假如 以下案件:
      """yaml
      kind: credit_site
      content: {items: []}
      """

  @clause-1-2-2
  场景: 通过的场景
    当 用内置规则包评价该案件
    那么 结论为 "noncompliant"

  场景: 失败的场景
    当 用内置规则包评价该案件
    那么 结论为 "compliant"

  场景: 没有运行的场景
    当 用内置规则包评价该案件
    那么 结论为 "noncompliant"

  场景: 标为预期失败的场景
    当 用内置规则包评价该案件
    那么 结论为 "compliant"

  场景大纲: 大纲 <值>
    假如 案件事实如下:
      | 事实          | 值    |
      | content.items | <值>  |
    当 用内置规则包评价该案件
    那么 结论为 "<结论>"

    @clause-2-1
    例子: 三行
      | 值  | 结论         |
      | []  | noncompliant |
      | [x] | compliant    |
      | [y] | noncompliant |
'''


def _line(text: str) -> int:
    return DEMO.splitlines().index(text) + 1


def _case(line: int, engine: str, outcome: str = "passed") -> str:
    inner = {
        "passed": "",
        "failed": '<failure message="expected outcome: compliant&#10;actual: noncompliant">trace</failure>',
        "skipped": '<skipped message="rete not installed"/>',
        "xfailed": '<skipped type="pytest.xfail" message="reason: not yet"/>',
    }[outcome]
    return (
        f'<testcase classname="features.test_zh_cn" name="t[{engine}]" time="0.01"><properties>'
        f'<property name="feature" value="zh-CN/demo.feature"/><property name="line" value="{line}"/>'
        f'<property name="engine" value="{engine}"/></properties>{inner}</testcase>'
    )


@pytest.fixture
def demo(tmp_path: Path) -> tuple[Path, Path]:
    """A features folder with the demo feature, and a JUnit XML of a run of part of it."""
    features = tmp_path / "features"
    (features / "zh-CN").mkdir(parents=True)
    (features / "zh-CN" / "demo.feature").write_text(DEMO, encoding="utf-8")
    passed, failed = _line("  场景: 通过的场景"), _line("  场景: 失败的场景")
    xfailed = _line("  场景: 标为预期失败的场景")
    rows = [_line("      | []  | noncompliant |"), _line("      | [x] | compliant    |")]
    cases = [
        _case(passed, "compiled"),
        _case(passed, "rete"),
        _case(failed, "compiled"),
        _case(failed, "rete", "failed"),
        _case(xfailed, "compiled", "xfailed"),
        _case(xfailed, "rete", "xfailed"),
        _case(rows[0], "compiled"),
        _case(rows[0], "rete"),
        _case(rows[1], "compiled", "failed"),
        _case(rows[1], "rete", "skipped"),
        '<testcase classname="tests.test_x" name="test_other" time="0.01"/>',
    ]
    junit = tmp_path / "junit.xml"
    junit.write_text(
        '<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest" tests="11" '
        'timestamp="2020-06-01T10:00:00">' + "".join(cases) + "</testsuite></testsuites>",
        encoding="utf-8",
    )
    return features, junit


def test_statuses() -> None:
    """Passed only when every engine passed; failed when any failed; not run when nothing ran."""
    assert "not_run" == status_of([])
    assert "not_run" == status_of([Result("skipped", "rete")])
    assert "passed" == status_of([Result("passed", "compiled"), Result("passed", "rete")])
    assert "failed" == status_of([Result("passed", "compiled"), Result("failed", "rete")])
    assert "partial" == status_of([Result("passed", "compiled"), Result("skipped", "rete")])


def test_reading_junit_keeps_only_feature_tests(demo: tuple[Path, Path]) -> None:
    """Results are keyed by (feature file, line); tests of tests/ are ignored."""
    results, run = read_junit(demo[1])
    assert "10" == run["tests"]
    assert "2020-06-01T10:00:00" == run["timestamp"]
    assert {"zh-CN/demo.feature"} == {path for path, _ in results}
    failed = results[("zh-CN/demo.feature", _line("  场景: 失败的场景"))]
    assert ["passed", "failed"] == [r.status for r in failed]
    assert failed[1].message.startswith("expected outcome: compliant")
    xfailed = results[("zh-CN/demo.feature", _line("  场景: 标为预期失败的场景"))]
    assert ["failed", "failed"] == [r.status for r in xfailed]
    assert xfailed[0].message.startswith("标记为预期失败（xfail），因此未通过 / marked as an expected failure (xfail)")


@pytest.mark.parametrize("line", ["²", "٣", "３", "-1", "1.5", " 4"])
def test_a_line_that_is_no_ascii_whole_number_is_no_feature_result(demo: tuple[Path, Path], line: str) -> None:
    """A JUnit property ``line`` int() reads otherwise or raises on ('²' passed str.isdigit): that test is left out."""
    text = (
        demo[1]
        .read_text(encoding="utf-8")
        .replace("</testsuite>", _case(3, "compiled").replace('value="3"', f'value="{line}"') + "</testsuite>")
    )
    demo[1].write_text(text, encoding="utf-8")
    results, _ = read_junit(demo[1])
    assert all(number != 3 for _, number in results)
    assert 5 == len(results)  # the demo run's five scenarios and rows


def test_each_scenario_and_row_shows_its_result(demo: tuple[Path, Path]) -> None:
    """A passed, a failed and a not-run scenario, and rows that passed, failed and did not run."""
    page = render_specification(*demo)
    passed = _line("  场景: 通过的场景")
    assert (
        f"### ✅ 场景: 通过的场景\n\n`@clause-1-2-2` · `zh-CN/demo.feature:{passed}` · ✅ 通过 passed (compiled, rete)"
    ) in page
    assert "### ❌ 场景: 失败的场景" in page
    failed = _line("  场景: 失败的场景")
    assert f"> ❌ 第 {failed} 行 line {failed} · rete: expected outcome: compliant ⏎ actual: noncompliant" in page
    assert "### ⚪ 场景: 没有运行的场景" in page
    assert "⚪ 未运行 not run" in page
    assert "### ❌ 场景大纲: 大纲 `<值>`" in page
    assert "&lt;" not in page
    assert f"`zh-CN/demo.feature:{_line('  场景大纲: 大纲 <值>')}` · 3 行 rows: ✅ 1 · ❌ 1 · ⚪ 1" in page
    assert "| ✅ 通过 passed (compiled, rete) | [] | noncompliant |" in page
    assert "| ❌ 失败 failed (compiled) | [x] | compliant |" in page
    assert "| ⚪ 未运行 not run | [y] | noncompliant |" in page
    assert "| ✅ 通过 passed | 2 |" in page
    assert "| ❌ 失败 failed | 3 |" in page
    assert "| ⚪ 未运行 not run | 2 |" in page
    assert "### ❌ 场景: 标为预期失败的场景" in page
    assert "known defect" not in page
    assert "❗" not in page


def test_chinese_keywords_tables_docstrings_and_tags_are_shown(demo: tuple[Path, Path]) -> None:
    """The page keeps the Gherkin as written: keywords, datatables, docstrings, clause tags."""
    page = render_specification(*demo)
    for text in (
        "## 功能: 演示 (demo)",
        "`@clause-2-1` · `zh-CN/demo.feature` · `# language: zh-CN`",
        "> 功能说明.",
        "### 背景:",
        "- **假如** 以下案件:",
        "  ```yaml\n  kind: credit_site\n",
        "- **当** 用内置规则包评价该案件",
        '- **那么** 结论为 "`<结论>`"',
        "  | 事实 | 值 |\n  |---|---|\n  | content.items | `<值>` |",
        "#### 例子: 三行",
        "| 结果 Result | 值 | 结论 |",
    ):
        assert text in page, text


def test_the_command_writes_the_page(demo: tuple[Path, Path], tmp_path: Path) -> None:
    """`commitrules specification` writes the page; a missing JUnit file is a usage error."""
    features, junit = demo
    out = tmp_path / "spec.md"
    assert 0 == main(["specification", "--features", str(features), "--junit", str(junit), "--out", str(out)])
    assert out.read_text(encoding="utf-8") == render_specification(
        features, junit, f"commitrules specification --junit {junit} --out {out}"
    )
    assert 2 == main(["specification", "--features", str(features), "--junit", str(tmp_path / "none.xml")])


@pytest.mark.parametrize(
    "xml", ["<a/>", '<testsuites><testsuite name="unit" tests="1"><testcase name="t"/></testsuite></testsuites>']
)
def test_a_junit_file_without_scenario_results_is_refused(
    demo: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], xml: str
) -> None:
    """Not JUnit, or the unit tests' XML: exit 2 and why (the page showed every scenario 'not run', exit 0)."""
    features, _ = demo
    junit, out = tmp_path / "other.xml", tmp_path / "spec.md"
    junit.write_text(xml, encoding="utf-8")
    assert 2 == main(
        ["--lang", "zh", "specification", "--features", str(features), "--junit", str(junit), "--out", str(out)]
    )
    assert "中没有场景结果" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.slow
@pytest.mark.rete
def test_a_real_run_is_documented(tmp_path: Path) -> None:
    """End to end: run the scenarios of one clause, render, and find them passed and the others not run."""
    junit = tmp_path / "features.xml"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "features",
            "-q",
            "-m",
            "clause-2-2-4",
            f"--junitxml={junit}",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert 0 == run.returncode, run.stdout[-2000:]
    page = render_specification(ROOT / "features", junit)
    employer = "### ✅ 场景: 自然人所在单位不明的, 无从通知"
    assert employer in page
    assert "✅ 通过 passed (compiled, rete)" in page.split(employer)[1].split("###")[0]
    assert "### ⚪ 场景: 清单内、符合全部条件的事项可以实行告知承诺制" in page
    assert "### ✅ Scenario: A natural person's employer that is not known cannot be notified" in page
