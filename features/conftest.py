"""The step library of the auditors' specification (Chinese and English) and the guards around it.

One step function carries both phrasings. Every scenario runs on both engines (the autouse ``engine``
fixture), and the guards make a scenario fail rather than pass while checking nothing:

- a scenario without a Then step fails (``如果`` / ``然后`` are not keywords: such lines make a
  scenario with no steps, which pytest-bdd would pass);
- tags are registered from the pack's clauses (``commitrules.audit.features.clause_tag``), so with
  ``--strict-markers`` an unknown tag stops the run, and a feature file naming one is reported;
- a step about a rule first checks that the pack has the rule, for the case's kind, so that
  ``规则 "typo" 不生效`` cannot pass;
- every failure names the feature file and line, the scenario, its clause tags, the engine, and the
  expected and actual values.

Each test records ``feature``, ``line`` and ``engine`` as JUnit properties; ``commitrules
specification`` uses them to put the result of each scenario and example row into the living
documentation.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from pytest_bdd import given, parsers, then, when
from pytest_bdd.feature import get_features
from pytest_bdd.scenario import scenario_wrapper_template_registry

import commitrules
from commitrules.audit.features import (
    DOES_NOT_FIRE_PATTERNS,
    FIRES_PATTERNS,
    FORMAT_TAGS,
    NO_CLAUSE,
    clause_tags,
    scenarios_of,
    split_clauses,
)
from commitrules.audit.labels import LABEL_LIST, labels_of, split_labels
from commitrules.errors import CaseValidationError, PolicyError

FEATURES = Path(__file__).resolve().parent
ENGINES = ("compiled", "rete")
_PACKS: dict[tuple[str | None, str], commitrules.PolicyPack] = {}
_ROW_LINES: dict[str, dict[int, list[int]]] = {}


# -- configuration: options, tags, JUnit properties ---------------------------------------------
def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--spec-policies",
        default=None,
        metavar="DIR",
        help="run the feature files against this policy pack instead of the bundled one",
    )


def _policies_dir(config: pytest.Config) -> str | None:
    value = config.getoption("--spec-policies", default=None)
    return None if value is None else str(value)


def pytest_configure(config: pytest.Config) -> None:
    """Register the clause tags of the pack; stop at once if a feature file uses a tag that is not one."""
    try:
        known = {
            tag: f"{clause_id} {_clause_title(config, clause_id)}"
            for tag, clause_id in clause_tags(_pack(_policies_dir(config), {})).items()
        }
    except PolicyError:
        known = {}  # every scenario will fail on the broken pack; let collection go ahead
    known.update(FORMAT_TAGS)
    used: dict[str, str] = {}
    for feature in get_features([str(FEATURES)]):
        for scenario in feature.scenarios.values():
            for tag in feature.tags | scenario.tags | {t for ex in scenario.examples for t in ex.tags}:
                used.setdefault(tag, f"{Path(feature.filename).relative_to(FEATURES)}:{scenario.line_number}")
    unknown = {tag: where for tag, where in used.items() if tag not in known}
    if unknown and known.keys() - FORMAT_TAGS.keys():
        listed = ", ".join(f"@{tag} ({where})" for tag, where in sorted(unknown.items()))
        msg = f"feature files use tags that name no clause of the pack: {listed}"
        raise pytest.UsageError(msg)
    for tag in sorted(known.keys() | used.keys()):
        config.addinivalue_line("markers", f"{tag}: {known.get(tag, 'tag of the feature files')}")


def _clause_title(config: pytest.Config, clause_id: str) -> str:
    clause = _pack(_policies_dir(config), {}).clauses[clause_id]
    return clause.title["zh"] if clause.title else ""


def _row_lines(path: Path) -> dict[int, list[int]]:
    """Scenario line -> the lines of its example rows, in the order pytest-bdd parametrizes them."""
    key = str(path)
    if key not in _ROW_LINES:
        rows: dict[int, list[int]] = {}
        for scenario in scenarios_of(path.read_text(encoding="utf-8"), path.name):
            rows.setdefault(scenario.scenario_line, []).append(scenario.line)
        _ROW_LINES[key] = rows
    return _ROW_LINES[key]


def _row_index(template: Any, context: dict[str, str]) -> int:
    """The position of an example row among all rows of the outline (pytest's own indices are global)."""
    rows = [row for examples in template.examples for row in examples.as_contexts()]
    return rows.index(context)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Record which feature file and line (scenario, or example row), engine and pack each test runs.

    The pack's digest and version (JUnit properties ``pack_digest`` and ``pack_version``) let
    ``commitrules audit-report`` refuse results that belong to another pack, or to several.

    No scenario may be marked as an expected failure or skipped: a scenario the pack does not satisfy is
    a failing test, never an xfail, so that a green run means every scenario passed on both engines.
    """
    try:
        pack: commitrules.PolicyPack | None = _pack(_policies_dir(config), {})
    except PolicyError:
        pack = None  # every scenario fails on the broken pack; its results name no pack
    for item in items:
        function = getattr(item, "function", None)  # doctests of src/ have none
        template = scenario_wrapper_template_registry.get(function) if function is not None else None
        callspec = getattr(item, "callspec", None)
        if template is None or callspec is None:
            continue
        if marks := sorted({m.name for m in item.iter_markers() if m.name in {"skip", "skipif", "xfail"}}):
            msg = (
                f"{item.nodeid} is marked {', '.join(marks)}: a scenario of the specification is never "
                "skipped or expected to fail; one that the pack does not satisfy is a failing test"
            )
            raise pytest.UsageError(msg)
        path = Path(template.feature.filename)
        line = template.line_number
        if "_pytest_bdd_example" in callspec.indices:
            line = _row_lines(path)[template.line_number][_row_index(template, callspec.params["_pytest_bdd_example"])]
        item.user_properties.extend(
            [
                ("feature", path.relative_to(FEATURES).as_posix()),
                ("line", line),
                ("engine", callspec.params.get("engine", "")),
                ("pack_digest", pack.digest if pack is not None else ""),
                ("pack_version", pack.version if pack is not None else ""),
            ]
        )


# -- the scenario's state and the guards --------------------------------------------------------
@dataclass(repr=False)
class Spec:
    """What the steps of one scenario share."""

    engine: str
    policies: str | None
    node: Any = None
    feature: Any = None
    scenario: Any = None
    step: Any = None
    case: dict[str, Any] | None = None
    settings: dict[str, Any] = field(default_factory=dict)
    as_of: dt.date | None = None
    decision: commitrules.Decision | None = None

    def __repr__(self) -> str:
        return f"Spec(engine={self.engine!r}, scenario={getattr(self.scenario, 'name', None)!r})"

    @property
    def pack(self) -> commitrules.PolicyPack:
        return _pack(self.policies, self.settings)

    def where(self) -> str:
        """Where a failure happened, for assertion messages."""
        path = Path(self.feature.filename).relative_to(FEATURES.parent).as_posix() if self.feature else "?"
        line = self.step.line_number if self.step is not None else "?"
        tags = (
            sorted(m.name for m in self.node.iter_markers() if m.name.startswith("clause-") or m.name in FORMAT_TAGS)
            if self.node is not None
            else []
        )
        name = self.scenario.name if self.scenario is not None else "?"
        step = f"{self.step.keyword} {self.step.name}" if self.step is not None else ""
        return (
            f"{path}:{line}: scenario '{name}' [{' '.join('@' + t for t in tags)}] on engine "
            f"'{self.engine}'\n  step: {step}"
        )

    def decided(self) -> commitrules.Decision:
        if self.decision is None:
            pytest.fail(
                f"{self.where()}\n  the case has not been evaluated: put a When step "
                "('当 用内置规则包评价该案件' / 'When the case is evaluated with the bundled pack') "
                "before the Then steps",
                pytrace=False,
            )
        return self.decision

    def fired_summary(self) -> str:
        decision = self.decided()
        return (
            f"  decision: outcome '{decision.outcome}', reasons {decision.reasons}, consequences "
            f"{decision.consequences}\n  fired: {', '.join(f.rule for f in decision.fired) or 'none'}"
        )


def _pack(policies: str | None, settings: dict[str, Any]) -> commitrules.PolicyPack:
    """The pack for these settings, loaded once per test session."""
    key = (policies, repr(sorted(settings.items())))
    if key not in _PACKS:
        _PACKS[key] = commitrules.load_policies(policies, settings=settings or None)
    return _PACKS[key]


@pytest.fixture(params=ENGINES, autouse=True)
def engine(request: pytest.FixtureRequest) -> str:
    """Every scenario runs on both engines."""
    return str(request.param)


@pytest.fixture
def spec(engine: str, request: pytest.FixtureRequest) -> Spec:
    return Spec(engine=engine, policies=_policies_dir(request.config))


def pytest_bdd_before_scenario(request: pytest.FixtureRequest, feature: Any, scenario: Any) -> None:
    """Fail a scenario that has no Then step of its own: it would pass while checking nothing."""
    state: Spec = request.getfixturevalue("spec")
    state.node, state.feature, state.scenario = request.node, feature, scenario
    background = len(feature.background.steps) if feature.background is not None else 0
    if not any(step.type == "then" for step in scenario.steps[background:]):
        path = Path(feature.filename).relative_to(FEATURES.parent).as_posix()
        pytest.fail(
            f"{path}:{scenario.line_number}: scenario '{scenario.name}' has no Then step (那么 / Then): "
            "it would pass while checking nothing. Lines starting with 如果 or 然后 are not Gherkin "
            "keywords.",
            pytrace=False,
        )


def pytest_bdd_before_step(request: pytest.FixtureRequest, step: Any) -> None:
    request.getfixturevalue("spec").step = step


# -- facts: a base case, then the few facts a scenario is about ---------------------------------
_PATH = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*|\[[0-9]+\])*")
_PATH_TOKEN = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)|\[([0-9]+)\]")


def _path_tokens(path: str) -> list[str | int]:
    if not _PATH.fullmatch(path):
        msg = f"'{path}' is not a fact path such as 'matter.plan.deadline_days' or 'result.findings[0].type'"
        raise ValueError(msg)
    return [m.group(1) or int(m.group(2)) for m in _PATH_TOKEN.finditer(path)]


def set_fact(data: dict[str, Any], path: str, value: Any) -> None:
    """Set ``path`` (``a.b[0].c``) in ``data`` to ``value``, creating missing maps and list items."""
    tokens = _path_tokens(path)
    node: Any = data
    for token, following in itertools.pairwise(tokens):
        empty: Any = [] if isinstance(following, int) else {}
        if isinstance(token, int):
            if token == len(node):
                node.append(empty)
            child = node[token]
            if child is None:
                node[token] = child = empty
        else:
            child = node.get(token)
            if child is None:
                node[token] = child = empty
        node = child
    last = tokens[-1]
    if isinstance(last, int):
        if last == len(node):
            node.append(value)
        else:
            node[last] = value
    else:
        node[last] = value


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@functools.cache
def _parsed(text: str) -> Any:
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader (the C one when available)


def _value(text: str) -> Any:
    """A fact or setting value written in a step: YAML (``false``, ``30``, ``[a, b]``, ``null``, ``2020-06-01``).

    Parsed once per text and copied, so that a scenario changing a value cannot change another's.
    """
    return copy.deepcopy(_parsed(text))


@given(parsers.re(r"以下案件:"))
@given(parsers.re(r"the case:"))
def base_case(spec: Spec, docstring: str | None = None) -> None:
    if docstring is None:
        pytest.fail(f'{spec.where()}\n  the case goes in a docstring ("""yaml ... """) below the step', pytrace=False)
    data = _value(docstring)
    if not isinstance(data, dict) or "kind" not in data:
        pytest.fail(f"{spec.where()}\n  the docstring is not a case document with a 'kind'", pytrace=False)
    spec.case = data


def _set(spec: Spec, path: str, text: str) -> None:
    if spec.case is None:
        pytest.fail(f"{spec.where()}\n  no case to change: the Background gives the case first", pytrace=False)
    try:
        set_fact(spec.case, path, _value(text))
    except (ValueError, IndexError, TypeError, AttributeError) as exc:
        pytest.fail(f"{spec.where()}\n  cannot set '{path}' to {text}: {exc}", pytrace=False)


@given(parsers.re(r'案件事实 "(?P<path>[^"]+)" 为 (?P<text>.+)'))
@given(parsers.re(r'the case fact "(?P<path>[^"]+)" is (?P<text>.+)'))
def one_fact(spec: Spec, path: str, text: str) -> None:
    _set(spec, path, text)


@given(parsers.re(r"案件事实如下:"))
@given(parsers.re(r"these case facts:"))
def facts_table(spec: Spec, datatable: list[list[str]] | None = None) -> None:
    if not datatable or [c.strip() for c in datatable[0]] not in (["事实", "值"], ["fact", "value"]):
        pytest.fail(
            f"{spec.where()}\n  the facts go in a table with the header | 事实 | 值 | or | fact | value |",
            pytrace=False,
        )
    for path, text in datatable[1:]:
        _set(spec, path.strip(), text.strip())


@given(parsers.re(r'设置 "(?P<name>[^"]+)" 为 (?P<text>.+)'))
@given(parsers.re(r'the setting "(?P<name>[^"]+)" is (?P<text>.+)'))
def setting(spec: Spec, name: str, text: str) -> None:
    spec.settings[name] = _value(text)


@given(parsers.re(r"评价日为 (?P<day>[0-9]{4}-[0-9]{2}-[0-9]{2})"))
@given(parsers.re(r"the evaluation date is (?P<day>[0-9]{4}-[0-9]{2}-[0-9]{2})"))
def evaluation_date(spec: Spec, day: str) -> None:
    spec.as_of = dt.date.fromisoformat(day)


# -- evaluation ---------------------------------------------------------------------------------
@when(parsers.re(r"用内置规则包评价该案件"))
@when(parsers.re(r"the case is evaluated with the bundled pack"))
def evaluate(spec: Spec) -> None:
    if spec.case is None or spec.as_of is None:
        pytest.fail(
            f"{spec.where()}\n  give the case and the evaluation date (评价日为 YYYY-MM-DD / the "
            "evaluation date is YYYY-MM-DD) before evaluating",
            pytrace=False,
        )
    problem = None
    try:
        spec.decision = spec.pack.evaluate(spec.case, as_of=spec.as_of, engine=spec.engine)  # type: ignore[arg-type]
    except PolicyError as exc:
        problem = f"the pack does not load with settings {spec.settings}:\n{exc.render()}"
    except CaseValidationError as exc:
        problem = "the case is invalid:\n" + "\n".join(f"    {e.render()}" for e in exc.errors)
    if problem is not None:  # failing outside the handler keeps the report to the one message
        pytest.fail(f"{spec.where()}\n  {problem}", pytrace=False)


# -- outcomes ------------------------------------------------------------------------------------
def _check(ok: bool, message: str) -> None:  # noqa: FBT001 - reads like an assert
    """Fail with ``message`` alone: it already names the scenario, the step, the clause and the values."""
    if not ok:
        pytest.fail(message, pytrace=False)


@then(parsers.re(r"结论为「(?P<outcome>[^」]+)」"))
@then(parsers.re(r'结论为 "(?P<outcome>[^"]+)"'))
@then(parsers.re(r'the outcome is "(?P<outcome>[^"]+)"'))
def outcome_is(spec: Spec, outcome: str) -> None:
    decision = spec.decided()
    outcomes = spec.pack.policies[decision.kind].outcomes
    try:  # a Chinese label (结论为「受理承诺」) names its code; the code itself is accepted too
        outcome = labels_of(spec.pack).code(outcome, outcomes)
    except ValueError as exc:
        pytest.fail(f"{spec.where()}\n  {exc}", pytrace=False)
    _check(
        outcome in outcomes,
        f"{spec.where()}\n  '{outcome}' is not an outcome of '{decision.kind}'; the outcomes are {list(outcomes)}",
    )
    _check(
        outcome == decision.outcome,
        f"{spec.where()}\n  expected outcome: '{outcome}'\n  actual outcome:   "
        f"'{decision.outcome}'\n{spec.fired_summary()}",
    )


_LISTS = {
    "原因": "reasons",
    "后果": "consequences",
    "惩戒措施": "measures",
    "报送路线": "route",
    "公示渠道": "channels",
    "第一种形态": "tools",
    "reasons": "reasons",
    "consequences": "consequences",
    "measures": "measures",
    "route": "route",
    "channels": "channels",
    "tools": "tools",
}
_ZH_LISTS = "原因|后果|惩戒措施|报送路线|公示渠道|第一种形态"
_EN_LISTS = "reasons|consequences|measures|route|channels|tools"


@then(parsers.re(rf"(?P<name>{_ZH_LISTS})为(?P<labels>{LABEL_LIST})"))
@then(parsers.re(rf'(?P<name>{_ZH_LISTS})为 "(?P<codes>[^"]*)"'))
@then(parsers.re(rf"没有(?P<name>{_ZH_LISTS})"))
@then(parsers.re(rf'the (?P<name>{_EN_LISTS}) (?:is|are) "(?P<codes>[^"]*)"'))
@then(parsers.re(rf"there (?:is|are) no (?P<name>{_EN_LISTS})"))
def codes_are(spec: Spec, name: str, codes: str | None = None, labels: str | None = None) -> None:
    decision = spec.decided()
    field_name = _LISTS[name]
    actual = list(getattr(decision, field_name))
    expected = [c.strip() for c in re.split(r"[,,、]", codes or "") if c.strip()]
    if labels is not None:  # 后果为「撤销决定」「记入信用记录」: each label names its code
        known = labels_of(spec.pack)
        try:
            expected = [known.code(text, known.all_codes) for text in split_labels(labels)]
        except ValueError as exc:
            pytest.fail(f"{spec.where()}\n  {exc}", pytrace=False)
    if field_name != "route":  # every list but the reporting path is a sorted set
        expected = sorted(expected)
    _check(
        expected == actual,
        f"{spec.where()}\n  expected {field_name}: {expected}\n  actual {field_name}:   "
        f"{actual}\n{spec.fired_summary()}",
    )


def _rule(spec: Spec, rule_id: str) -> Any:
    decision = spec.decided()
    rules = {rule.id: rule for rule in spec.pack.rules()}
    _check(rule_id in rules, f"{spec.where()}\n  the pack has no rule '{rule_id}'")
    rule = rules[rule_id]
    _check(
        rule.kind == decision.kind,
        f"{spec.where()}\n  rule '{rule_id}' decides '{rule.kind}' cases, but this case is '{decision.kind}'",
    )
    return rule


@then(parsers.re(FIRES_PATTERNS[0]))
@then(parsers.re(FIRES_PATTERNS[1]))
def rule_fires(spec: Spec, rule: str, clauses: str | None = None) -> None:
    compiled = _rule(spec, rule)
    fired = {f.rule: f for f in spec.decided().fired}
    _check(
        rule in fired,
        f"{spec.where()}\n  expected rule '{rule}' ({', '.join(compiled.clauses) or NO_CLAUSE}) "
        f"to fire, but it did not\n  its condition: {compiled.condition_text}\n"
        f"{spec.fired_summary()}",
    )
    wanted = split_clauses(clauses)
    if wanted is not None:
        cited = fired[rule].clause
        _check(
            sorted(wanted) == sorted(cited),
            f"{spec.where()}\n  expected rule '{rule}' to cite: "
            f"{', '.join(wanted) or NO_CLAUSE}\n  it cites:  "
            f"{', '.join(cited) or NO_CLAUSE}",
        )


@then(parsers.re(DOES_NOT_FIRE_PATTERNS[0]))
@then(parsers.re(DOES_NOT_FIRE_PATTERNS[1]))
def rule_does_not_fire(spec: Spec, rule: str) -> None:
    compiled = _rule(spec, rule)
    fired = [f.rule for f in spec.decided().fired]
    _check(
        rule not in fired,
        f"{spec.where()}\n  expected rule '{rule}' ({', '.join(compiled.clauses) or NO_CLAUSE}) "
        f"not to fire, but it fired\n  its condition: {compiled.condition_text}\n"
        f"{spec.fired_summary()}",
    )


@then(
    parsers.re(
        r'设置 "(?P<name>[^"]+)" 适用 (?P<since>[0-9]{4}-[0-9]{2}-[0-9]{2}) 起施行的值 '
        r'(?P<text>.+?),依据 "(?P<source>[^"]+)"'
    )
)
@then(
    parsers.re(
        r'the setting "(?P<name>[^"]+)" applied its value (?P<text>.+?) in force from '
        r'(?P<since>[0-9]{4}-[0-9]{2}-[0-9]{2}), source "(?P<source>[^"]+)"'
    )
)
def dated_value_applied(spec: Spec, name: str, since: str, text: str, source: str) -> None:
    """A setting that changes with time: the fired rules that read it name the dated value that applied."""
    decision = spec.decided()
    applied = {f.rule: f.settings[name] for f in decision.fired if f.settings and name in f.settings}
    _check(
        bool(applied),
        f"{spec.where()}\n  no fired rule read a dated value of the setting '{name}'\n{spec.fired_summary()}",
    )
    wanted = (_value(text), dt.date.fromisoformat(since), source)
    for rule, found in applied.items():
        _check(
            wanted == (found.value, found.since, found.source),
            f"{spec.where()}\n  expected rule '{rule}' to apply {name} = {wanted[0]!r} in force from {since} "
            f"({source})\n  it applied:   {found.value!r} in force from {found.since} ({found.source})",
        )
