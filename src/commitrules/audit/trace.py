"""The traceability matrix: clause of 连司通〔2019〕57号 -> rules of the pack -> scenarios of ``features/``.

A rule counts as *specified* only by a scenario that asserts it fires (the Then steps of
``audit/features.py``). A clause is *covered* when a scenario asserts that a rule citing it fires,
*excused* when ``clauses.yaml`` says why it needs no rule, and otherwise *uncovered*. ``commitrules
trace`` prints the matrix and exits non-zero when a clause is uncovered, a rule has no scenario, a
scenario names a rule the pack does not have, or a scenario's clause tags disagree with the rules it
asserts.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from commitrules.audit.features import (
    FORMAT_TAGS,
    INTERPRETATION_TAG,
    NO_CLAUSE,
    SpecScenario,
    clause_tag,
    clause_tags,
)

if TYPE_CHECKING:
    from commitrules.policy.pack import PolicyPack

__all__ = ["ClauseTrace", "Matrix", "RuleTrace", "build_matrix", "render_json", "render_markdown"]


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
        problems.append(
            f"{scenario.where}: scenario '{scenario.name}' asserts rules of "
            f"{', '.join('@' + t for t in missing)} but is not tagged so"
        )
    if extra := sorted(have - allowed):
        problems.append(
            f"{scenario.where}: scenario '{scenario.name}' is tagged "
            f"{', '.join('@' + t for t in extra)} but asserts no rule citing it"
        )
    for assertion in scenario.fires:
        said = assertion.clauses
        if said is not None and set(said) != set(rules[assertion.rule].clauses):
            cited = ", ".join(rules[assertion.rule].clauses) or NO_CLAUSE
            problems.append(
                f"{scenario.path}:{assertion.line}: rule '{assertion.rule}' cites '{cited}', "
                f"not '{', '.join(said) or NO_CLAUSE}'"
            )
    return problems


def _check_scenario(scenario: SpecScenario, rules: Mapping[str, RuleTrace], known_tags: Mapping[str, str]) -> list[str]:
    """The problems of one scenario: no rule asserted, unknown rules or tags, tags that disagree."""
    problems = []
    asserted = [a.rule for a in scenario.fires] + list(scenario.does_not_fire)
    if not asserted:
        problems.append(
            f"{scenario.where}: scenario '{scenario.name}' asserts no rule (add a step "
            "'规则 \"…\" 生效' / 'rule \"…\" fires' or 'does not fire')"
        )
    unknown = sorted({rule for rule in asserted if rule not in rules})
    problems.extend(
        f"{scenario.where}: scenario '{scenario.name}' names rule '{rule}', which the pack does not have"
        for rule in unknown
    )
    problems.extend(
        f"{scenario.where}: unknown tag '@{tag}' (the clause tags are listed by 'commitrules trace')"
        for tag in scenario.tags
        if tag not in known_tags
    )
    if not unknown:
        problems.extend(_check_tags(scenario, rules))
    return problems


def build_matrix(pack: PolicyPack, scenarios: list[SpecScenario], features: str = "features") -> Matrix:
    """The traceability matrix of ``pack`` against ``scenarios``, with every problem found."""
    rules = {rule.id: RuleTrace(rule.id, rule.kind, rule.clauses, dict(rule.title)) for rule in pack.rules()}
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
        clauses.append(
            ClauseTrace(clause.id, clause_tag(clause.id), clause.title, clause.external, clause.excused, citing)
        )
    problems.extend(
        f"clause {c.id} (@{c.tag}) is neither covered by a scenario nor excused"
        for c in clauses
        if c.status == "uncovered"
    )
    problems.extend(
        f"rule '{r.id}' ({r.kind}) has no scenario asserting that it fires" for r in rules.values() if not r.scenarios
    )
    return Matrix(
        pack.name,
        pack.version,
        pack.digest,
        features,
        clauses,
        [r for r in rules.values() if not r.clauses],
        rules,
        scenarios,
        problems,
    )


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
        (
            f"Pack `{matrix.pack_name}` {matrix.pack_version} (`{matrix.pack_digest[:19]}`), "
            f"features in `{matrix.features}` ({s['scenarios']} scenarios and example rows; {by_language})."
        ),
        "",
        (
            f"- 条款 Clauses: {s['clauses']} — {s['covered']} covered, {s['excused']} excused, "
            f"{s['uncovered']} uncovered"
        ),
        (
            f"- 规则 Rules: {s['rules']} — {s['rules_specified']} specified by a scenario, "
            f"{s['rules_unspecified']} without"
        ),
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
        out.extend(
            f"| {_cell(head)} | `@{clause.tag}` | {status} | `{rule.id}` | {_refs(rule.scenarios)} |"
            for rule in clause.rules
        )
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
        return {
            "id": rule.id,
            "kind": rule.kind,
            "clauses": list(rule.clauses),
            "title": dict(rule.title),
            "scenarios": [_scenario_data(s) for s in rule.scenarios],
        }

    data = {
        "pack": {"name": matrix.pack_name, "version": matrix.pack_version, "digest": matrix.pack_digest},
        "features": matrix.features,
        "summary": matrix.summary(),
        "clauses": [
            {
                "id": c.id,
                "tag": c.tag,
                "status": c.status,
                "title": dict(c.title) if c.title else None,
                "external": c.external,
                "excused": dict(c.excused) if c.excused else None,
                "rules": [rule_data(r) for r in c.rules],
            }
            for c in matrix.clauses
        ],
        "interpretation_rules": [rule_data(r) for r in matrix.interpretation_rules],
        "problems": matrix.problems,
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
