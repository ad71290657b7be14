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
from commitrules.messages import Lang, Text, message

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
    findings: list[Text]
    """Every problem found, as catalogue texts (said in the reader's language by :func:`render_markdown`)."""

    @property
    def problems(self) -> list[str]:
        """Every problem found, in English (the JSON output's ``problems``)."""
        return [str(f) for f in self.findings]

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
            "problems": len(self.findings),
        }


def _tags_for(rules: Mapping[str, RuleTrace], rule_ids: Iterable[str]) -> set[str]:
    """The clause tags (or the interpretation tag) of the clauses the rules cite."""
    tags: set[str] = set()
    for rule_id in rule_ids:
        clauses = rules[rule_id].clauses
        tags.update([clause_tag(c) for c in clauses] if clauses else [INTERPRETATION_TAG])
    return tags


def _tag_list(tags: Iterable[str]) -> str:
    return ", ".join("@" + t for t in tags)


def _check_tags(scenario: SpecScenario, rules: Mapping[str, RuleTrace]) -> list[Text]:
    """A scenario carries the tags of the rules it asserts fire, and only tags of rules it asserts."""
    problems = []
    needed = _tags_for(rules, (a.rule for a in scenario.fires))
    allowed = needed | _tags_for(rules, scenario.does_not_fire)
    have = {tag for tag in scenario.tags if tag.startswith("clause-") or tag == INTERPRETATION_TAG}
    if missing := sorted(needed - have):
        problems.append(
            Text("trace.problem.untagged", where=scenario.where, name=scenario.name, tags=_tag_list(missing))
        )
    if extra := sorted(have - allowed):
        problems.append(
            Text("trace.problem.extra_tag", where=scenario.where, name=scenario.name, tags=_tag_list(extra))
        )
    for assertion in scenario.fires:
        said = assertion.clauses
        if said is not None and set(said) != set(rules[assertion.rule].clauses):
            cited = ", ".join(rules[assertion.rule].clauses) or NO_CLAUSE
            problems.append(
                Text(
                    "trace.problem.cites",
                    where=f"{scenario.path}:{assertion.line}",
                    rule=assertion.rule,
                    cited=cited,
                    said=", ".join(said) or NO_CLAUSE,
                )
            )
    return problems


def _check_scenario(
    scenario: SpecScenario, rules: Mapping[str, RuleTrace], known_tags: Mapping[str, str]
) -> list[Text]:
    """The problems of one scenario: no rule asserted, unknown rules or tags, tags that disagree."""
    problems: list[Text] = []
    asserted = [a.rule for a in scenario.fires] + list(scenario.does_not_fire)
    if not asserted:
        problems.append(Text("trace.problem.no_rule", where=scenario.where, name=scenario.name))
    unknown = sorted({rule for rule in asserted if rule not in rules})
    problems.extend(
        Text("trace.problem.unknown_rule", where=scenario.where, name=scenario.name, rule=rule) for rule in unknown
    )
    problems.extend(
        Text("trace.problem.unknown_tag", where=scenario.where, tag=tag)
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
    problems: list[Text] = []
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
    problems.extend(Text("trace.problem.uncovered", clause=c.id, tag=c.tag) for c in clauses if c.status == "uncovered")
    problems.extend(
        Text("trace.problem.unspecified", rule=r.id, kind=r.kind) for r in rules.values() if not r.scenarios
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
def _refs(scenarios: Iterable[SpecScenario]) -> str:
    return ", ".join(dict.fromkeys(s.where for s in scenarios)) or "—"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _in(texts: Mapping[str, str] | None, lang: Lang) -> str | None:
    """The text of ``texts`` (a pack's ``{zh: ..., en: ...}``) in ``lang``, else in Chinese."""
    return None if not texts else texts.get(lang) or texts.get("zh")


def render_markdown(matrix: Matrix, lang: Lang = "zh") -> str:
    """The matrix as Markdown in ``lang``: a summary, one row per (clause, rule), and the problems."""
    s = matrix.summary()
    by_language = ", ".join(f"{name}: {n}" for name, n in sorted(s["scenarios_by_language"].items()))
    digest = matrix.pack_digest[:19]
    out = [
        f"# {message('trace.title', lang)}",
        "",
        message(
            "trace.pack",
            lang,
            name=matrix.pack_name,
            version=matrix.pack_version,
            digest=digest,
            features=matrix.features,
            scenarios=s["scenarios"],
            by_language=by_language,
        ),
        "",
        f"- {message('trace.clauses', lang, **s)}",
        f"- {message('trace.rules', lang, **s)}",
        f"- {message('trace.problem_count', lang, **s)}",
        "",
        message("trace.columns", lang),
        "|---|---|---|---|---|",
    ]
    for clause in matrix.clauses:
        title = _in(clause.title, lang)
        head = f"{clause.id} {title}" if title else clause.id
        status = message(f"trace.status.{clause.status}", lang)
        if not clause.rules:
            reason = _in(clause.excused, lang) or "—"
            out.append(f"| {_cell(head)} | `@{clause.tag}` | {status} | {_cell(reason)} | — |")
            continue
        out.extend(
            f"| {_cell(head)} | `@{clause.tag}` | {status} | `{rule.id}` | {_refs(rule.scenarios)} |"
            for rule in clause.rules
        )
    out += [
        "",
        f"## {message('trace.interpretation', lang, tag=INTERPRETATION_TAG)}",
        "",
        message("trace.interpretation_columns", lang),
        "|---|---|---|",
    ]
    out += [f"| `{r.id}` | `{r.kind}` | {_refs(r.scenarios)} |" for r in matrix.interpretation_rules]
    out += ["", f"## {message('trace.problems', lang)}", ""]
    out += [f"- {_cell(p.in_(lang))}" for p in matrix.findings] or [message("trace.no_problems", lang)]
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
