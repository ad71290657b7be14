"""The auditors' specification cannot pass while checking nothing.

A lint rejects the feature-file traps that make pytest-bdd run a scenario with fewer steps than it
shows (or none): a missing or wrong language line, a BOM, text that is not UTF-8, full-width colons,
curly quotes, lines that are not Gherkin keywords (如果 / 然后), descriptions inside scenarios, a
scenario without a Then step, placeholders with no column, repeated example rows and repeated scenario
names. The Chinese and English features specify the same rules scenario by scenario, every tag names a
clause, and every scenario runs on both engines. Then the guards are shown to work: broken scenarios
fail, and so does the suite when a step definition is deleted or a rule's outcome is changed.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest

from commitrules.audit.features import FORMAT_TAGS, clause_tags, parse_feature, read_features
from commitrules.policy.pack import PolicyPack

ROOT = Path(__file__).resolve().parents[1]
FEATURES = ROOT / "features"
LANGUAGES = {"zh-CN": "zh-CN", "en": "en"}  # folder -> language of its files
KINDS = sorted(
    p.stem
    for p in (ROOT / "policies").glob("*.yaml")
    if p.stem not in {"pack", "settings", "clauses", "organization", "vocabulary"}
)
LOOKALIKES = {
    "：": "full-width colon",
    "“": "curly quote",
    "”": "curly quote",
    "‘": "curly quote",
    "’": "curly quote",
    "＂": "full-width quote",
    "｜": "full-width bar",
    "＃": "full-width #",
    "＠": "full-width @",
}
_PLACEHOLDER = re.compile(r"<([^<>]+)>")


# -- the lint ------------------------------------------------------------------------------------
def _keywords(language: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(block keywords that end in ':', step keywords) of a Gherkin dialect."""
    from gherkin.dialect import Dialect

    dialect = Dialect.for_name(language)
    blocks = (
        *dialect.feature_keywords,
        *dialect.background_keywords,
        *dialect.scenario_keywords,
        *dialect.scenario_outline_keywords,
        *dialect.examples_keywords,
        *dialect.rule_keywords,
    )
    steps = (
        *dialect.given_keywords,
        *dialect.when_keywords,
        *dialect.then_keywords,
        *dialect.and_keywords,
        *dialect.but_keywords,
    )
    return tuple(f"{k}:" for k in blocks), tuple(k for k in steps if k.strip() != "*")


def _line_problems(lines: list[str], language: str) -> list[str]:
    """Lines that are not Gherkin: only the feature's own description may be free text."""
    from gherkin.dialect import Dialect

    blocks, steps = _keywords(language)
    features = tuple(f"{k}:" for k in Dialect.for_name(language).feature_keywords)
    problems, docstring, in_description = [], None, False
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if docstring:
            docstring = None if line.startswith(docstring) else docstring
        elif line.startswith(('"""', "```")):
            docstring = line[:3]
        elif line.startswith("@"):
            in_description = False
        elif line.startswith(blocks):
            in_description = line.startswith(features)
        elif line.startswith((*steps, "* ")):
            pass  # a step, or a feature description line that happens to begin like one
        elif line and not line.startswith(("#", "|")) and not in_description:
            problems.append(f"line {number}: not a Gherkin keyword line (如果 / 然后 are not keywords): {line!r}")
    return problems


def _scenario_problems(document: dict, name: str) -> list[str]:  # type: ignore[type-arg]
    problems = []
    feature = document.get("feature") or {}
    children = list(feature.get("children", []))
    for child in list(children):
        children += child.get("rule", {}).get("children", [])
    seen: set[str] = set()
    for child in children:
        if "background" in child:
            background = child["background"]
            if background.get("description", "").strip():
                problems.append(f"{name}:{background['location']['line']}: a description in the Background")
            if any(s.get("keywordType") == "Outcome" for s in background.get("steps", [])):
                problems.append(f"{name}:{background['location']['line']}: a Then step in the Background")
        if "scenario" not in child:
            continue
        scenario = child["scenario"]
        where = f"{name}:{scenario['location']['line']}"
        if scenario["name"] in seen:
            problems.append(f"{where}: a second scenario named {scenario['name']!r} (pytest-bdd keeps only one)")
        seen.add(scenario["name"])
        if scenario.get("description", "").strip():
            problems.append(f"{where}: text under the scenario line is a description, not steps")
        if not any(s.get("keywordType") == "Outcome" for s in scenario.get("steps", [])):
            problems.append(f"{where}: scenario {scenario['name']!r} has no Then step")
        problems += _outline_problems(scenario, where)
    return problems


def _outline_problems(scenario: dict, where: str) -> list[str]:  # type: ignore[type-arg]
    texts = [scenario["name"]]
    for step in scenario.get("steps", []):
        texts.append(step["text"])
        texts += [c["value"] for row in step.get("dataTable", {}).get("rows", []) for c in row["cells"]]
        texts.append(step.get("docString", {}).get("content", ""))
    used = {m for text in texts for m in _PLACEHOLDER.findall(text)}
    examples = scenario.get("examples", [])
    if not examples:
        return [f"{where}: placeholder <{p}> outside a Scenario Outline" for p in sorted(used)]
    problems, rows = [], []
    for table in examples:
        header = [c["value"] for c in (table.get("tableHeader") or {}).get("cells", [])]
        body = [tuple(c["value"] for c in row["cells"]) for row in table.get("tableBody", [])]
        if not header or not body:
            problems.append(f"{where}: an Examples table without a header and rows runs nothing")
        problems += [f"{where}: placeholder <{p}> is not a column of {header}" for p in sorted(used - set(header))]
        rows += body
    problems += [f"{where}: example row {list(r)} appears twice" for r in sorted(set(rows)) if rows.count(r) > 1]
    return problems


def lint_feature(data: bytes, language: str, name: str = "<feature>") -> list[str]:
    """Every problem of one feature file's bytes, written in ``language`` (``zh-CN`` or ``en``)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return [f"{name}: starts with a UTF-8 BOM; save it without one"]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return [f"{name}: not UTF-8 (byte {exc.start}); save it as UTF-8"]
    lines = text.splitlines()
    wanted = f"# language: {language}"
    if not lines or lines[0] != wanted:
        return [f"{name}:1: the first line must be exactly {wanted!r}, found {lines[0] if lines else ''!r}"]
    problems = [
        f"{name}:{number}: {LOOKALIKES[char]} {char!r}"
        for number, line in enumerate(lines, 1)
        for char in line
        if char in LOOKALIKES
    ]
    problems += [f"{name}: {p}" for p in _line_problems(lines, language)]
    try:
        document, _ = parse_feature(text, name)
    except Exception as exc:  # noqa: BLE001 - any parse failure is a lint finding
        return [*problems, f"{name}: {exc}"]
    return problems + _scenario_problems(document, name)


# -- the real feature files ----------------------------------------------------------------------
def _feature_files() -> list[tuple[str, Path]]:
    return [
        (language, file)
        for folder, language in LANGUAGES.items()
        for file in sorted((FEATURES / folder).glob("*.feature"))
    ]


@pytest.mark.parametrize(("language", "file"), _feature_files(), ids=lambda v: getattr(v, "name", v))
def test_feature_file_is_clean(language: str, file: Path) -> None:
    """Each feature file passes the lint."""
    assert [] == lint_feature(file.read_bytes(), language, file.relative_to(FEATURES).as_posix())


def test_no_feature_files_outside_the_language_folders() -> None:
    """Every feature file is in features/zh-CN or features/en, so the lint and the test modules see it."""
    everywhere = set(FEATURES.rglob("*.feature"))
    assert set() == everywhere - {file for _, file in _feature_files()}


def test_every_kind_is_specified_in_both_languages() -> None:
    """features/zh-CN and features/en have one feature file per case kind of the pack."""
    for folder in LANGUAGES:
        assert KINDS == sorted(p.stem for p in (FEATURES / folder).glob("*.feature")), folder


def test_the_languages_specify_the_same_rules_scenario_by_scenario() -> None:
    """The n-th scenario (or example row) of an English file asserts what the n-th Chinese one does."""
    scenarios = read_features(FEATURES)
    for kind in KINDS:
        zh = [s for s in scenarios if s.path == f"zh-CN/{kind}.feature"]
        en = [s for s in scenarios if s.path == f"en/{kind}.feature"]
        assert len(zh) == len(en), kind
        for a, b in zip(zh, en, strict=True):
            what = f"{a.where} vs {b.where}"
            assert sorted(a.tags) == sorted(b.tags), what
            assert [(f.rule, f.clauses) for f in a.fires] == [(f.rule, f.clauses) for f in b.fires], what
            assert sorted(a.does_not_fire) == sorted(b.does_not_fire), what


def test_every_tag_names_a_clause(pack: PolicyPack) -> None:
    """Feature tags are clause tags of the pack (or @interpretation-only): typos are not new markers."""
    known = set(clause_tags(pack)) | set(FORMAT_TAGS)
    used = {(tag, s.where) for s in read_features(FEATURES) for tag in s.tags}
    assert [] == sorted((tag, where) for tag, where in used if tag not in known)


# -- the lint catches each trap -------------------------------------------------------------------
GOOD = """# language: zh-CN
功能: 示例
  说明文字可以写在功能下面.

  场景: 好的场景
    假如 案件事实 "matter.listed" 为 false
    当 用内置规则包评价该案件
    那么 结论为 "ineligible"
"""


@pytest.mark.parametrize(
    ("broken", "expected"),
    [
        (GOOD.replace("功能:", "功能："), "full-width colon"),
        (GOOD.replace('"ineligible"', "“ineligible”"), "curly quote"),
        (GOOD.replace("# language: zh-CN", "# language: zh-cn"), "the first line must be exactly"),
        (GOOD.replace("# language: zh-CN\n", ""), "the first line must be exactly"),
        (GOOD.replace("    当 用内置", "    如果 用内置"), "not a Gherkin keyword line"),
        (GOOD.replace("    那么 结论", "    然后 结论"), "not a Gherkin keyword line"),
        (
            GOOD.replace("    那么 结论为", "    并且 结论为").replace("    当 用内置", "    当 用内置"),
            "has no Then step",
        ),
        (GOOD + GOOD.split("\n", 3)[3].replace("说明文字可以写在功能下面.\n", ""), "a second scenario named"),
        (
            GOOD.replace("场景: 好的场景", "场景大纲: 好的场景").replace("为 false", "为 <值>")
            + "\n    例子:\n      | 值    |\n      | false |\n      | false |\n",
            "appears twice",
        ),
        (
            GOOD.replace("场景: 好的场景", "场景大纲: 好的场景").replace("为 false", "为 <值>")
            + "\n    例子:\n      | 数值  |\n      | false |\n",
            "is not a column",
        ),
    ],
    ids=[
        "full-width-colon",
        "curly-quotes",
        "lower-case-language",
        "no-language-line",
        "ruguo",
        "ranhou",
        "no-then",
        "duplicate-name",
        "duplicate-row",
        "unknown-placeholder",
    ],
)
def test_lint_rejects(broken: str, expected: str) -> None:
    """Each trap of the pytest-bdd notes is reported."""
    assert [] == lint_feature(GOOD.encode(), "zh-CN")
    problems = lint_feature(broken.encode(), "zh-CN")
    assert any(expected in p for p in problems), problems


def test_lint_rejects_a_bom_and_gbk() -> None:
    """A UTF-8 BOM and GBK-encoded text are reported before anything else."""
    assert "BOM" in lint_feature(b"\xef\xbb\xbf" + GOOD.encode(), "zh-CN")[0]
    assert "not UTF-8" in lint_feature(GOOD.encode("gbk"), "zh-CN")[0]


def test_lint_rejects_a_description_inside_a_scenario() -> None:
    """Free text between a scenario's name and its steps is a description, not steps."""
    broken = GOOD.replace("    假如 案件事实", "    先看一下\n    假如 案件事实")
    assert any("not a Gherkin keyword line" in p for p in lint_feature(broken.encode(), "zh-CN"))
    assert any("description" in p for p in lint_feature(broken.encode(), "zh-CN"))


# -- the guards, shown on real runs -----------------------------------------------------------------
# Each run is a pytest subprocess; they start together (the first test that needs one starts all) so
# that the whole module costs about as much as its slowest run.
def _command(args: list[str]) -> list[str]:
    return [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}


def _sandbox(
    root: Path,
    features: dict[str, str],
    conftest: str | None = None,
    test_module: str = 'from pytest_bdd import scenarios\n\nscenarios("zh-CN")\n',
) -> Path:
    """A project with the real step library (or ``conftest``), the given Chinese feature files and test module."""
    root.mkdir(parents=True)
    (root / "pytest.ini").write_text(
        "[pytest]\naddopts = --strict-markers --strict-config\nfilterwarnings =\n    error\n"
        "    ignore:datetime.datetime.utcfromtimestamp:DeprecationWarning\n",
        encoding="utf-8",
    )
    folder = root / "features"
    (folder / "zh-CN").mkdir(parents=True)
    (folder / "conftest.py").write_text(
        conftest or (FEATURES / "conftest.py").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (folder / "test_zh_cn.py").write_text(test_module, encoding="utf-8")
    for name, text in features.items():
        (folder / "zh-CN" / name).write_text(text, encoding="utf-8")
    return root


def _junit(path: Path) -> dict[tuple[str, int, str], str]:
    """(feature, line, engine) -> passed, failed or xfailed, from a JUnit XML file."""
    out = {}
    for case in ET.parse(path).getroot().iter("testcase"):  # noqa: S314 - our own report
        props = {p.get("name"): p.get("value") for p in case.iter("property")}
        failed = case.find("failure") is not None or case.find("error") is not None
        skipped = case.find("skipped")
        xfailed = skipped is not None and skipped.get("type") == "pytest.xfail"
        out[(str(props.get("feature")), int(props.get("line") or 0), str(props.get("engine")))] = (
            "failed" if failed else "xfailed" if xfailed else "passed"
        )
    return out


def _without_step(source: str, function: str) -> str:
    """The step library's source without one step function (as if someone deleted it)."""
    tree = ast.parse(source)
    tree.body = [node for node in tree.body if not (isinstance(node, ast.FunctionDef) and node.name == function)]
    assert len(tree.body) < len(ast.parse(source).body), f"no step function {function!r} in features/conftest.py"
    return ast.unparse(tree)


def _mutate_outcome(policies: Path, rule_id: str, new_outcome: str) -> None:
    """Change the ``outcome:`` of one rule in a copy of the pack, by editing its YAML text."""
    for file in policies.glob("*.yaml"):
        lines = file.read_text(encoding="utf-8").splitlines(keepends=True)
        for i, line in enumerate(lines):
            if line.strip() == f"- id: {rule_id}":
                for j in range(i + 1, len(lines)):
                    if lines[j].lstrip().startswith("- id:"):
                        break
                    if match := re.match(r"(\s*outcome:\s*)\S+", lines[j]):
                        lines[j] = f"{match.group(1)}{new_outcome}\n"
                        file.write_text("".join(lines), encoding="utf-8")
                        return
    msg = f"rule {rule_id!r} with an outcome not found in {policies}"
    raise AssertionError(msg)


CREDIT_SITE = (FEATURES / "zh-CN" / "credit_site.feature").read_text(encoding="utf-8")
_HEAD = CREDIT_SITE[: CREDIT_SITE.index("  @clause-2-1")]
TRAPS = (
    _HEAD
    + """  @clause-2-1
  场景: 正常的场景
    当 用内置规则包评价该案件
    那么 结论为 "compliant"
    并且 规则 "publicity.credit-site-items" 不生效

  @clause-2-1
  场景: 没有那么步骤的场景
    当 用内置规则包评价该案件

  @clause-2-1
  场景: 用如果和然后写的场景
    如果 用内置规则包评价该案件
    然后 结论为 "compliant"

  @clause-2-1
  场景: 输入法打出的弯引号
    当 用内置规则包评价该案件
    那么 结论为 “compliant”

  @clause-2-1
  场景: 拼错的规则名
    当 用内置规则包评价该案件
    那么 结论为 "compliant"
    并且 规则 "publicity.credit-site-item" 不生效

  @clause-2-1
  场景: 规则包不满足的场景
    当 用内置规则包评价该案件
    那么 结论为 "noncompliant"
    并且 规则 "publicity.credit-site-items" 生效,引用条款 "二(一)"
"""
)
#: A test module that marks every scenario as an expected failure, which the step library refuses.
XFAIL_MODULE = (
    "import pytest\nfrom pytest_bdd import scenarios\n\n"
    'pytestmark = pytest.mark.xfail(reason="not yet")\n\nscenarios("zh-CN")\n'
)
#: (rule, the outcome it is changed to, the tag selecting the scenarios that specify it)
MUTATIONS = [
    ("publicity.credit-site-items", "compliant", "clause-2-1"),
    ("applicant.blacklisted", "commitment_accepted", "clause-1-2-2"),
]
DELETED_STEP = "rule_fires"


@dataclass
class Run:
    """A finished pytest subprocess and where its JUnit XML is."""

    returncode: int
    output: str
    junit: Path


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Run]:
    """Start every guard run at once and wait for all of them."""
    base = tmp_path_factory.mktemp("runs")
    policies = base / "policies"
    shutil.copytree(ROOT / "policies", policies)
    for rule_id, outcome, _ in MUTATIONS:
        _mutate_outcome(policies, rule_id, outcome)
    conftest = _without_step((FEATURES / "conftest.py").read_text(encoding="utf-8"), DELETED_STEP)
    tags = " or ".join(tag for _, _, tag in MUTATIONS)
    plans = {
        "traps": (_sandbox(base / "traps", {"traps.feature": TRAPS}), ["features"]),
        "unknown_tag": (
            _sandbox(base / "tag", {"typo.feature": CREDIT_SITE.replace("@clause-2-1", "@clause-2-9", 1)}),
            ["features"],
        ),
        "deleted_step": (_sandbox(base / "step", {"credit_site.feature": CREDIT_SITE}, conftest), ["features"]),
        "xfail_mark": (
            _sandbox(base / "xfail", {"credit_site.feature": CREDIT_SITE}, test_module=XFAIL_MODULE),
            ["features"],
        ),
        "mutated_pack": (ROOT, ["features", "-m", tags, f"--spec-policies={policies}"]),
    }
    started = {}
    for name, (cwd, args) in plans.items():
        junit = base / f"{name}.xml"
        started[name] = (
            subprocess.Popen(
                _command([*args, f"--junitxml={junit}", "-q"]),
                cwd=cwd,
                env=_env(),
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            ),
            junit,
        )
    out = {}
    for name, (process, junit) in started.items():
        output, _ = process.communicate(timeout=600)
        out[name] = Run(process.returncode, output, junit)
    return out


def _feature_test_ids(session: pytest.Session) -> list[str]:
    """The ids of the feature tests: this session's when it collected them all, else a fresh collection.

    A session run with ``-m`` (``-m "not rete"`` on Python 3.13) has deselected some: collect afresh.
    """
    ids = [item.nodeid for item in session.items if item.nodeid.startswith("features/test_")]
    if ids and not session.config.option.markexpr:
        return ids
    run = subprocess.run(
        _command(["features", "--collect-only", "-q"]),
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    return [line for line in run.stdout.splitlines() if line.startswith("features/test_")]


@pytest.mark.slow
def test_every_scenario_runs_on_both_engines(request: pytest.FixtureRequest) -> None:
    """pytest collects each scenario and example row once per engine, compiled and rete."""
    ids = _feature_test_ids(request.session)
    compiled = sorted(i.replace("[compiled", "[") for i in ids if "[compiled" in i)
    rete = sorted(i.replace("[rete", "[") for i in ids if "[rete" in i)
    assert len(read_features(FEATURES)) == len(compiled)
    assert compiled == rete
    assert len(ids) == 2 * len(compiled)


@pytest.mark.slow
@pytest.mark.rete
def test_broken_scenarios_fail_on_both_engines(runs: dict[str, Run]) -> None:
    """No Then step, 如果/然后 lines, curly quotes, a misspelt rule: each such scenario fails; a good one passes.

    A scenario the pack does not satisfy is a failing test like any other: nothing turns it into an
    expected failure.
    """
    run = runs["traps"]
    lines = TRAPS.splitlines()
    wanted = {
        "正常的场景": "passed",
        "没有那么步骤的场景": "failed",
        "用如果和然后写的场景": "failed",
        "输入法打出的弯引号": "failed",
        "拼错的规则名": "failed",
        "规则包不满足的场景": "failed",
    }
    expected = {
        ("zh-CN/traps.feature", lines.index(f"  场景: {name}") + 1, engine): status
        for name, status in wanted.items()
        for engine in ("compiled", "rete")
    }
    assert expected == _junit(run.junit), run.output[-3000:]
    assert "has no Then step" in run.output
    assert "the pack has no rule 'publicity.credit-site-item'" in run.output
    assert "expected outcome: 'noncompliant'" in run.output
    assert "xfail" not in run.output.lower()


@pytest.mark.slow
@pytest.mark.rete
def test_a_scenario_marked_as_an_expected_failure_stops_the_run(runs: dict[str, Run]) -> None:
    """No scenario is xfailed or skipped to get green: a test module marking them so is refused before any runs."""
    run = runs["xfail_mark"]
    assert run.returncode != 0
    assert "is marked xfail: a scenario of the specification is never skipped or expected to fail" in run.output
    assert " passed" not in run.output
    assert " xfailed" not in run.output


@pytest.mark.slow
@pytest.mark.rete
def test_an_unknown_tag_stops_the_run(runs: dict[str, Run]) -> None:
    """A tag that names no clause (a typo) stops the run before any scenario passes."""
    run = runs["unknown_tag"]
    assert run.returncode != 0
    assert "@clause-2-9" in run.output
    assert " passed" not in run.output


@pytest.mark.slow
@pytest.mark.rete
def test_deleting_a_step_definition_fails_the_suite(runs: dict[str, Run]) -> None:
    """Without one step function of the library, every scenario using that step fails; none passes silently."""
    run = runs["deleted_step"]
    assert run.returncode == 1, run.output[-3000:]
    assert "StepDefinitionNotFoundError" in run.output
    using = {s.line for s in read_features(FEATURES) if s.path == "zh-CN/credit_site.feature" and s.fires}
    failed = {line for (_, line, _), status in _junit(run.junit).items() if status == "failed"}
    passed = {line for (_, line, _), status in _junit(run.junit).items() if status == "passed"}
    assert using
    assert using <= failed
    assert not using & passed


@pytest.mark.slow
@pytest.mark.rete
def test_changing_a_rules_outcome_fails_the_suite(runs: dict[str, Run]) -> None:
    """Run against a pack where rules decide differently, the scenarios specifying them fail, naming the outcome."""
    run = runs["mutated_pack"]
    assert run.returncode == 1, run.output[-3000:]
    for rule_id, outcome, _ in MUTATIONS:
        specifying = {
            (s.path, s.line)
            for s in read_features(FEATURES)
            if rule_id in [f.rule for f in s.fires] and s.path.startswith("zh-CN/")
        }
        failed = {(path, line) for (path, line, _), status in _junit(run.junit).items() if status == "failed"}
        assert specifying, rule_id
        assert specifying <= failed, rule_id
        assert f"actual outcome:   '{outcome}'" in run.output
