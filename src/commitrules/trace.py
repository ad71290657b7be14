"""The traceability matrix: clause of 连司通〔2019〕57号 -> rules of the pack -> scenarios of ``features/``.

A rule counts as *specified* only by a scenario that asserts it fires: a Then step
``规则 "breach.revoke.granted" 生效`` / ``rule "breach.revoke.granted" fires`` (optionally followed by
``,引用条款 "二(二)"`` / ``, citing "二(二)"``). The step library of ``features/conftest.py`` matches
those steps with the patterns defined here, so the matrix reads exactly what the tests assert.

A clause is *covered* when a scenario asserts that a rule citing it fires, *excused* when
``clauses.yaml`` says why it needs no rule, and otherwise *uncovered*. ``commitrules trace`` prints the
matrix and exits non-zero when a clause is uncovered, a rule has no scenario, a scenario names a rule
the pack does not have, or a scenario's clause tags disagree with the rules it asserts.

The feature files are read with the official Gherkin parser (``gherkin-official``, which pytest-bdd
brings in the ``dev`` extra); without it the command says so and exits 4.

Examples:
    >>> clause_tag("一(二)2"), clause_tag("二"), clause_tag("序"), clause_tag("NAT-42")
    ('clause-1-2-2', 'clause-2', 'clause-preface', 'clause-nat-42')
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from commitrules.errors import CommitRulesError, PolicyError

if TYPE_CHECKING:
    from commitrules.policy.pack import PolicyPack

__all__ = [
    "DOES_NOT_FIRE_PATTERNS",
    "FIRES_PATTERNS",
    "FORMAT_TAGS",
    "INTERPRETATION_TAG",
    "GherkinUnavailableError",
    "Matrix",
    "SpecScenario",
    "build_matrix",
    "clause_tag",
    "clause_tags",
    "read_features",
    "register",
    "render_json",
    "render_markdown",
]

#: The Then steps that assert a rule fires, in Chinese and in English. ``clauses`` (optional) lists the
#: clauses the fired rule must cite, comma-separated; ``—`` means none (an interpretation only).
FIRES_PATTERNS = (
    r'规则 "(?P<rule>[^"]+)" 生效(?:[,,]\s*引用条款 "(?P<clauses>[^"]*)")?',
    r'rule "(?P<rule>[^"]+)" fires(?:, citing "(?P<clauses>[^"]*)")?',
)
#: The Then steps that assert a rule does not fire.
DOES_NOT_FIRE_PATTERNS = (
    r'规则 "(?P<rule>[^"]+)" 不生效',
    r'rule "(?P<rule>[^"]+)" does not fire',
)
#: The tag of a scenario that specifies a rule resting on an interpretation alone (citing no clause).
INTERPRETATION_TAG = "interpretation-only"
#: Tags that are not clause tags, with what they mean (registered as pytest markers too).
FORMAT_TAGS: Mapping[str, str] = {
    INTERPRETATION_TAG: "specifies a rule that rests on an interpretation alone and cites no clause",
}
#: The written form of "no clause" in a ``引用条款 "…"`` / ``citing "…"`` step.
NO_CLAUSE = "—"

_SPECIAL_TAGS = {"引言": "clause-intro", "序": "clause-preface"}
_NUMERAL_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_NUMERAL = "[一二三四五六七八九十]+"
_CLAUSE_RE = re.compile(rf"(?P<part>{_NUMERAL})(?:\((?P<section>{_NUMERAL})\)(?P<item>[1-9][0-9]*)?)?")
_EXTERNAL_RE = re.compile(r"[A-Z]+-[0-9]+")
_FIRES = tuple(re.compile(p) for p in FIRES_PATTERNS)
_DOES_NOT_FIRE = tuple(re.compile(p) for p in DOES_NOT_FIRE_PATTERNS)

EXIT_OK, EXIT_GAPS, EXIT_USAGE, EXIT_POLICY, EXIT_MISSING = 0, 1, 2, 3, 4


class GherkinUnavailableError(CommitRulesError):
    """The Gherkin parser (``gherkin-official``) is not installed."""

    def __init__(self) -> None:
        super().__init__(
            "Reading the feature files needs the Gherkin parser (gherkin-official), which is not installed. "
            "Install it with: pip install 'commitrules[spec]'"
        )


class FeatureSyntaxError(CommitRulesError):
    """A feature file is not valid Gherkin."""


def _numeral(text: str) -> int:
    """A Chinese numeral from 一 to 九十九 as an int."""
    if "十" not in text:
        return _NUMERAL_DIGITS[text]
    tens, _, units = text.partition("十")
    return (_NUMERAL_DIGITS[tens] if tens else 1) * 10 + (_NUMERAL_DIGITS[units] if units else 0)


def clause_tag(clause_id: str) -> str:
    """The scenario tag of a clause: ``一(二)2`` -> ``clause-1-2-2``, ``NAT-42`` -> ``clause-nat-42``.

    ``引言`` (the opening paragraph) is ``clause-intro``; ``序`` (the paragraph of part 一 naming the
    pilot units, after the list of the seven systems) is ``clause-preface``.

    Raises:
        ValueError: the id has none of the known shapes (a new shape needs a mapping here).
    """
    if clause_id in _SPECIAL_TAGS:
        return _SPECIAL_TAGS[clause_id]
    if match := _CLAUSE_RE.fullmatch(clause_id):
        numbers = [_numeral(match["part"])]
        if match["section"]:
            numbers.append(_numeral(match["section"]))
        if match["item"]:
            numbers.append(int(match["item"]))
        return "clause-" + "-".join(str(n) for n in numbers)
    if _EXTERNAL_RE.fullmatch(clause_id):
        return "clause-" + clause_id.lower()
    msg = (f"Clause id '{clause_id}' has no tag: expected a part and section such as '一(二)2', '引言', '序' "
           "or an external source such as 'NAT-42'")
    raise ValueError(msg)


def clause_tags(pack: PolicyPack) -> dict[str, str]:
    """Tag -> clause id for every clause of ``pack``.

    Raises:
        ValueError: two clauses map to the same tag.
    """
    tags: dict[str, str] = {}
    for clause_id in pack.clauses:
        tag = clause_tag(clause_id)
        if tag in tags:
            msg = f"Clauses '{tags[tag]}' and '{clause_id}' both map to the tag '{tag}'"
            raise ValueError(msg)
        tags[tag] = clause_id
    return tags


# -- reading the features ------------------------------------------------------------------------
@dataclass(frozen=True)
class FiresAssertion:
    """A Then step asserting that a rule fires, and the clauses it says the rule cites (None: not said)."""

    rule: str
    clauses: tuple[str, ...] | None
    line: int


@dataclass(frozen=True)
class SpecScenario:
    """One runnable scenario: a plain scenario, or one example row of a scenario outline (a pickle)."""

    path: str
    """The feature file, relative to the features folder (``zh-CN/application.feature``)."""
    line: int
    """The scenario's line, or the example row's line for an outline."""
    scenario_line: int
    name: str
    language: str
    tags: tuple[str, ...]
    steps: tuple[tuple[str, str], ...]
    """(type, text) of every step, background included; type is Context, Action or Outcome."""
    fires: tuple[FiresAssertion, ...] = ()
    does_not_fire: tuple[str, ...] = ()

    @property
    def where(self) -> str:
        """``path:line`` of the scenario or example row."""
        return f"{self.path}:{self.line}"


def parse_step_assertion(text: str) -> tuple[str, str, tuple[str, ...] | None] | None:
    """``("fires", rule, clauses)`` or ``("does_not_fire", rule, None)`` for a rule step, else None."""
    for pattern in _FIRES:
        if match := pattern.fullmatch(text):
            return "fires", match["rule"], split_clauses(match["clauses"])
    for pattern in _DOES_NOT_FIRE:
        if match := pattern.fullmatch(text):
            return "does_not_fire", match["rule"], None
    return None


def split_clauses(text: str | None) -> tuple[str, ...] | None:
    """``"一(一)2, 二(三)"`` -> ``("一(一)2", "二(三)")``; ``"—"`` -> ``()``; None -> None."""
    if text is None:
        return None
    if text.strip() in {NO_CLAUSE, ""}:
        return ()
    return tuple(part.strip() for part in re.split(r"[,,、]", text) if part.strip())


def _gherkin() -> tuple[Any, Any, Any]:
    try:
        from gherkin.errors import CompositeParserException, ParserError  # noqa: PLC0415 - optional dependency
        from gherkin.parser import Parser  # noqa: PLC0415
        from gherkin.pickles.compiler import Compiler  # noqa: PLC0415
    except ImportError:
        raise GherkinUnavailableError from None
    return Parser, Compiler, (CompositeParserException, ParserError)


def parse_feature(text: str, uri: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The Gherkin document and its pickles (one per scenario or example row).

    Raises:
        GherkinUnavailableError: gherkin-official is not installed.
        FeatureSyntaxError: the text is not valid Gherkin.
    """
    parser_class, compiler_class, errors = _gherkin()
    try:
        document: dict[str, Any] = dict(parser_class().parse(text))
    except errors as exc:
        raise FeatureSyntaxError(f"{uri}: {exc}") from None
    document["uri"] = uri
    pickles: list[dict[str, Any]] = list(compiler_class().compile(document))
    return document, pickles


def feature_files(features: Path) -> list[Path]:
    """The ``*.feature`` files under ``features``: Chinese first, then the others, each sorted."""
    files = sorted(features.rglob("*.feature"))
    return sorted(files, key=lambda p: (not p.relative_to(features).as_posix().startswith("zh-CN/"),
                                        p.relative_to(features).as_posix()))


def _ast_lines(node: Any, lines: dict[str, int]) -> None:
    if isinstance(node, dict):
        if "id" in node and isinstance(node.get("location"), dict):
            lines[str(node["id"])] = int(node["location"]["line"])
        for value in node.values():
            _ast_lines(value, lines)
    elif isinstance(node, list):
        for value in node:
            _ast_lines(value, lines)


def scenarios_of(text: str, path: str) -> list[SpecScenario]:
    """Every runnable scenario of one feature file's text (``path`` is how it is named)."""
    document, pickles = parse_feature(text, path)
    lines: dict[str, int] = {}
    _ast_lines(document, lines)
    step_lines: dict[str, int] = {}
    out = []
    for pickle in pickles:
        fires: list[FiresAssertion] = []
        does_not_fire: list[str] = []
        steps = []
        for step in pickle["steps"]:
            steps.append((str(step.get("type", "")), str(step["text"])))
            parsed = parse_step_assertion(step["text"])
            if parsed is None or step.get("type") != "Outcome":
                continue
            kind, rule, clauses = parsed
            line = lines.get(str(step["astNodeIds"][0]), 0)
            step_lines[rule] = line
            if kind == "fires":
                fires.append(FiresAssertion(rule, clauses, line))
            else:
                does_not_fire.append(rule)
        out.append(SpecScenario(
            path=path,
            line=int(pickle["location"]["line"]),
            scenario_line=lines.get(str(pickle["astNodeIds"][0]), int(pickle["location"]["line"])),
            name=str(pickle["name"]),
            language=str(pickle.get("language", "en")),
            tags=tuple(tag["name"].lstrip("@") for tag in pickle["tags"]),
            steps=tuple(steps),
            fires=tuple(fires),
            does_not_fire=tuple(does_not_fire),
        ))
    return out


def read_features(features: Path) -> list[SpecScenario]:
    """Every runnable scenario of every feature file under ``features``.

    Raises:
        GherkinUnavailableError: gherkin-official is not installed.
        FeatureSyntaxError: a file is not valid Gherkin (or not UTF-8).
    """
    out: list[SpecScenario] = []
    for file in feature_files(features):
        name = file.relative_to(features).as_posix()
        try:
            text = file.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise FeatureSyntaxError(f"{name}: not UTF-8 (byte {exc.start})") from None
        out.extend(scenarios_of(text, name))
    return out


# -- the matrix ---------------------------------------------------------------------------------
@dataclass
class RuleTrace:
    """A rule and the scenarios that assert it fires."""

    id: str
    kind: str
    clauses: tuple[str, ...]
    title: Mapping[str, str]
    scenarios: list[SpecScenario] = field(default_factory=list)


@dataclass
class ClauseTrace:
    """A clause, its tag, the rules citing it and its status: covered, excused or uncovered."""

    id: str
    tag: str
    title: Mapping[str, str] | None
    external: bool
    excused: Mapping[str, str] | None
    rules: list[RuleTrace]

    @property
    def status(self) -> str:
        """``covered`` when a scenario specifies a rule citing it, else ``excused`` or ``uncovered``."""
        if any(rule.scenarios for rule in self.rules):
            return "covered"
        return "excused" if self.excused is not None else "uncovered"


@dataclass
class Matrix:
    """The whole matrix, the rules citing no clause, and every problem found."""

    pack_name: str
    pack_version: str
    pack_digest: str
    features: str
    clauses: list[ClauseTrace]
    interpretation_rules: list[RuleTrace]
    rules: dict[str, RuleTrace]
    scenarios: list[SpecScenario]
    problems: list[str]

    def summary(self) -> dict[str, Any]:
        """Counts for the matrix's header and for scripts."""
        statuses = [c.status for c in self.clauses]
        languages: dict[str, int] = {}
        for scenario in self.scenarios:
            languages[scenario.language] = languages.get(scenario.language, 0) + 1
        specified = sum(1 for r in self.rules.values() if r.scenarios)
        return {
            "clauses": len(self.clauses),
            "covered": statuses.count("covered"),
            "excused": statuses.count("excused"),
            "uncovered": statuses.count("uncovered"),
            "rules": len(self.rules),
            "rules_specified": specified,
            "rules_unspecified": len(self.rules) - specified,
            "scenarios": len(self.scenarios),
            "scenarios_by_language": languages,
            "problems": len(self.problems),
        }


def _tags_for(rules: Mapping[str, RuleTrace], rule_ids: Iterable[str]) -> set[str]:
    """The clause tags (or the interpretation tag) of the clauses the rules cite."""
    tags: set[str] = set()
    for rule_id in rule_ids:
        clauses = rules[rule_id].clauses
        tags.update([clause_tag(c) for c in clauses] if clauses else [INTERPRETATION_TAG])
    return tags


def _check_tags(scenario: SpecScenario, rules: Mapping[str, RuleTrace]) -> list[str]:
    """A scenario carries the tags of the rules it asserts fire, and only tags of rules it asserts."""
    problems = []
    needed = _tags_for(rules, (a.rule for a in scenario.fires))
    allowed = needed | _tags_for(rules, scenario.does_not_fire)
    have = {tag for tag in scenario.tags if tag.startswith("clause-") or tag == INTERPRETATION_TAG}
    if missing := sorted(needed - have):
        problems.append(f"{scenario.where}: scenario '{scenario.name}' asserts rules of "
                        f"{', '.join('@' + t for t in missing)} but is not tagged so")
    if extra := sorted(have - allowed):
        problems.append(f"{scenario.where}: scenario '{scenario.name}' is tagged "
                        f"{', '.join('@' + t for t in extra)} but asserts no rule citing it")
    for assertion in scenario.fires:
        said = assertion.clauses
        if said is not None and set(said) != set(rules[assertion.rule].clauses):
            cited = ", ".join(rules[assertion.rule].clauses) or NO_CLAUSE
            problems.append(f"{scenario.path}:{assertion.line}: rule '{assertion.rule}' cites '{cited}', "
                            f"not '{', '.join(said) or NO_CLAUSE}'")
    return problems


def _check_scenario(scenario: SpecScenario, rules: Mapping[str, RuleTrace], known_tags: Mapping[str, str]) -> list[str]:
    """The problems of one scenario: no rule asserted, unknown rules or tags, tags that disagree."""
    problems = []
    asserted = [a.rule for a in scenario.fires] + list(scenario.does_not_fire)
    if not asserted:
        problems.append(f"{scenario.where}: scenario '{scenario.name}' asserts no rule (add a step "
                        "'规则 \"…\" 生效' / 'rule \"…\" fires' or 'does not fire')")
    unknown = sorted({rule for rule in asserted if rule not in rules})
    problems.extend(f"{scenario.where}: scenario '{scenario.name}' names rule '{rule}', which the pack does not have"
                    for rule in unknown)
    problems.extend(f"{scenario.where}: unknown tag '@{tag}' (the clause tags are listed by 'commitrules trace')"
                    for tag in scenario.tags if tag not in known_tags)
    if not unknown:
        problems.extend(_check_tags(scenario, rules))
    return problems


def build_matrix(pack: PolicyPack, scenarios: list[SpecScenario], features: str = "features") -> Matrix:
    """The traceability matrix of ``pack`` against ``scenarios``, with every problem found."""
    rules = {
        rule.id: RuleTrace(rule.id, rule.kind, rule.clauses, dict(rule.title))
        for rule in pack.rules()
    }
    known_tags = {**clause_tags(pack), **FORMAT_TAGS}
    problems: list[str] = []
    for scenario in scenarios:
        problems.extend(_check_scenario(scenario, rules, known_tags))
        for rule_id in dict.fromkeys(a.rule for a in scenario.fires):
            if rule_id in rules:
                rules[rule_id].scenarios.append(scenario)
    clauses = []
    for clause in pack.clauses.values():
        citing = [rule for rule in rules.values() if clause.id in rule.clauses]
        clauses.append(ClauseTrace(clause.id, clause_tag(clause.id), clause.title, clause.external,
                                   clause.excused, citing))
    problems.extend(f"clause {c.id} (@{c.tag}) is neither covered by a scenario nor excused"
                    for c in clauses if c.status == "uncovered")
    problems.extend(f"rule '{r.id}' ({r.kind}) has no scenario asserting that it fires"
                    for r in rules.values() if not r.scenarios)
    return Matrix(pack.name, pack.version, pack.digest, features, clauses,
                  [r for r in rules.values() if not r.clauses], rules, scenarios, problems)


# -- rendering -----------------------------------------------------------------------------------
_STATUS = {"covered": "✅ 已覆盖 covered", "excused": "➖ 豁免 excused", "uncovered": "❌ 未覆盖 uncovered"}


def _refs(scenarios: Iterable[SpecScenario]) -> str:
    return ", ".join(dict.fromkeys(s.where for s in scenarios)) or "—"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(matrix: Matrix) -> str:
    """The matrix as Markdown: a summary, one row per (clause, rule), and the problems."""
    s = matrix.summary()
    by_language = ", ".join(f"{lang}: {n}" for lang, n in sorted(s["scenarios_by_language"].items()))
    out = [
        "# 可追溯矩阵 · Traceability matrix",
        "",
        (f"Pack `{matrix.pack_name}` {matrix.pack_version} (`{matrix.pack_digest[:19]}`), "
         f"features in `{matrix.features}` ({s['scenarios']} scenarios and example rows; {by_language})."),
        "",
        (f"- 条款 Clauses: {s['clauses']} — {s['covered']} covered, {s['excused']} excused, "
         f"{s['uncovered']} uncovered"),
        (f"- 规则 Rules: {s['rules']} — {s['rules_specified']} specified by a scenario, "
         f"{s['rules_unspecified']} without"),
        f"- 问题 Problems: {s['problems']}",
        "",
        "| 条款 Clause | 标签 Tag | 状态 Status | 规则 Rule | 场景 Scenarios (file:line) |",
        "|---|---|---|---|---|",
    ]
    for clause in matrix.clauses:
        title = f" {clause.title['zh']}" if clause.title else ""
        head = f"{clause.id}{title}"
        status = _STATUS[clause.status]
        if not clause.rules:
            reason = clause.excused["zh"] if clause.excused else "—"
            out.append(f"| {_cell(head)} | `@{clause.tag}` | {status} | {_cell(reason)} | — |")
            continue
        out.extend(f"| {_cell(head)} | `@{clause.tag}` | {status} | `{rule.id}` | {_refs(rule.scenarios)} |"
                   for rule in clause.rules)
    out += [
        "",
        f"## 仅依据解释的规则 · Rules resting on an interpretation alone (`@{INTERPRETATION_TAG}`)",
        "",
        "| 规则 Rule | 类型 Kind | 场景 Scenarios (file:line) |",
        "|---|---|---|",
    ]
    out += [f"| `{r.id}` | `{r.kind}` | {_refs(r.scenarios)} |" for r in matrix.interpretation_rules]
    out += ["", "## 问题 Problems", ""]
    out += [f"- {_cell(p)}" for p in matrix.problems] or ["None."]
    return "\n".join(out) + "\n"


def _scenario_data(scenario: SpecScenario) -> dict[str, Any]:
    return {"file": scenario.path, "line": scenario.line, "name": scenario.name, "language": scenario.language}


def render_json(matrix: Matrix) -> str:
    """The matrix as JSON: summary, clauses with their rules and scenarios, problems."""
    def rule_data(rule: RuleTrace) -> dict[str, Any]:
        return {"id": rule.id, "kind": rule.kind, "clauses": list(rule.clauses), "title": dict(rule.title),
                "scenarios": [_scenario_data(s) for s in rule.scenarios]}

    data = {
        "pack": {"name": matrix.pack_name, "version": matrix.pack_version, "digest": matrix.pack_digest},
        "features": matrix.features,
        "summary": matrix.summary(),
        "clauses": [
            {"id": c.id, "tag": c.tag, "status": c.status, "title": dict(c.title) if c.title else None,
             "external": c.external, "excused": dict(c.excused) if c.excused else None,
             "rules": [rule_data(r) for r in c.rules]}
            for c in matrix.clauses
        ],
        "interpretation_rules": [rule_data(r) for r in matrix.interpretation_rules],
        "problems": matrix.problems,
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# -- the command ---------------------------------------------------------------------------------
def register(subparsers: Any) -> None:
    """Add ``commitrules trace`` to the command line."""
    parser = subparsers.add_parser(
        "trace",
        help="print the traceability matrix clause -> rules -> scenarios",
        description="The traceability matrix from each clause of the founding document to the rules citing "
                    "it and the scenarios of the feature files asserting that those rules fire.",
        epilog="Exit codes: 0 every clause covered or excused and every rule specified; 1 gaps or problems "
               "(listed); 2 usage; 3 invalid policies; 4 the Gherkin parser is not installed.",
    )
    parser.add_argument("--features", default="features", metavar="DIR",
                        help="the folder of feature files (default: ./features)")
    parser.add_argument("--policies", default=None, metavar="DIR", help="the pack's folder (default: bundled)")
    parser.add_argument("--format", choices=("markdown", "json"), default="markdown")
    parser.add_argument("--out", default=None, metavar="FILE", help="write to this file instead of standard output")
    parser.set_defaults(func=run_trace)


def _error(message: str) -> None:
    sys.stderr.write(f"commitrules: error: {message}\n")


def run_trace(args: argparse.Namespace) -> int:
    """Build the matrix, print it, and return the exit code."""
    from commitrules import load_policies  # noqa: PLC0415 - commitrules imports the CLI lazily

    features = Path(args.features)
    if not features.is_dir() or not feature_files(features):
        _error(f"no feature files in '{args.features}'; pass --features DIR")
        return EXIT_USAGE
    try:
        pack = load_policies(args.policies)
    except PolicyError as exc:
        sys.stderr.write(exc.render() + "\n")
        return EXIT_POLICY
    try:
        scenarios = read_features(features)
    except GherkinUnavailableError as exc:
        _error(str(exc))
        return EXIT_MISSING
    except FeatureSyntaxError as exc:
        _error(str(exc))
        return EXIT_GAPS
    matrix = build_matrix(pack, scenarios, args.features)
    text = render_json(matrix) if args.format == "json" else render_markdown(matrix)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    if matrix.problems:
        s = matrix.summary()
        sys.stderr.write(f"commitrules trace: {s['problems']} problems ({s['uncovered']} clauses uncovered, "
                         f"{s['rules_unspecified']} rules without a scenario); see 'Problems' in the matrix\n")
        return EXIT_GAPS
    return EXIT_OK
