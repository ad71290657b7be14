"""Tests of commitrules.policy.files: the models of the policy files and their diagnostics."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from commitrules.errors import Diagnostic
from commitrules.policy.files import (
    AllCondition,
    AnyCondition,
    ClausesFile,
    Effective,
    Interpretation,
    NotCondition,
    OrganizationFile,
    PackFile,
    PolicyFile,
    Rule,
    SettingsFile,
    Then,
    TitleText,
    json_schema,
    validate_file,
)
from commitrules.policy.yaml import load_yaml

ERRORS = Path(__file__).resolve().parent.parent / "errors"
FILE_CODES = {
    "unknown_field",
    "missing_field",
    "wrong_type",
    "invalid_value",
    "invalid_condition",
    "missing_clause",
    "missing_quote",
    "empty_rule",
    "duplicate_id",
    "dated_values_order",
    "setting_value_conflict",
}
MODELS: dict[str, type[BaseModel]] = {
    "policy": PolicyFile,
    "settings": SettingsFile,
    "clauses": ClausesFile,
    "organization": OrganizationFile,
    "pack": PackFile,
}
HEAD = """\
kind: verification
title: {zh: 核查结果处理, en: Handling verification results}
outcomes: [breach, overdue, fulfilled]
default: fulfilled
rules:
"""
RULE = """\
  - id: breach.revoke
    clause: 二(二)
    quote: 对故意隐瞒真实情况、提供虚假承诺办理有关事项的,要依法撤销其相关决定
    title: {zh: 撤销, en: Revoke}
"""


def check(text: str, model: type[BaseModel] = PolicyFile) -> list[Diagnostic]:
    """The diagnostics of validating ``text`` (a YAML file) against ``model``."""
    _, diagnostics = validate_file(load_yaml(text, "p.yaml"), model)
    return diagnostics


def where(diagnostics: list[Diagnostic]) -> list[tuple[str, int, int]]:
    return [(d.code, d.span.line, d.span.column) for d in diagnostics]


def header(path: Path) -> tuple[tuple[str, int, int], str]:
    """The ``# expect: <code> <line>:<column>`` and ``# file: <kind>`` headers of a fixture."""
    raw = path.read_bytes()
    found = re.search(rb"# expect: (\w+) (\d+):(\d+)", raw)
    assert found is not None, f"{path.name} has no '# expect:' header"
    kind = re.search(rb"# file: (\w+)", raw)
    file_kind = kind[1].decode() if kind else ("pack" if b"\nname:" in raw else "policy")
    return (found[1].decode(), int(found[2]), int(found[3])), file_kind


FILE_FIXTURES = sorted(p for p in ERRORS.iterdir() if header(p)[0][0] in FILE_CODES)


@pytest.mark.parametrize("path", FILE_FIXTURES, ids=lambda p: p.name)
def test_error_fixtures(path: Path) -> None:
    """Each broken file of tests/errors/ gives its code at its line and column, with the caret drawn."""
    expected, kind = header(path)

    model, diagnostics = validate_file(load_yaml(path.read_bytes(), path.name), MODELS[kind])

    assert (None, [expected]) == (model, where(diagnostics))
    assert all(d.source_line is not None for d in diagnostics)


def test_every_file_code_has_a_fixture() -> None:
    """There is one broken file per code this module reports."""
    assert FILE_CODES == {header(p)[0][0] for p in FILE_FIXTURES}


# --- valid files ------------------------------------------------------------------------------------


def test_valid_policy_file() -> None:
    """A complete policy file validates; a single clause becomes a tuple, conditions become models."""
    text = (
        HEAD
        + RULE
        + (
            "    when:\n"
            "      all:\n"
            "        - verification.stage == 'post_decision'\n"
            "        - any: [a, {not: b}]\n"
            "    then:\n"
            "      outcome: breach\n"
            "      consequences: [decision_revoked]\n"
            "      derive: [serious_violation]\n"
            "      route: {from: request.from_role, to: leader_in_charge}\n"
            "    effective: {from: 2019-10-22}\n"
            "  - id: publicity.secrecy\n"
            "    interpretation: {note: {zh: 保密, en: Secrecy}, settings: [publicity.withhold_all]}\n"
            "    title: {zh: 保密, en: Secrecy}\n"
            "    overrides: [breach.revoke]\n"
        )
    )
    policy, diagnostics = validate_file(load_yaml(text, "p.yaml"), PolicyFile)

    assert [] == diagnostics
    assert policy is not None
    rule = policy.rules[0]
    assert ("二(二)",) == rule.clause
    assert (
        AllCondition(all=("verification.stage == 'post_decision'", AnyCondition(any=("a", NotCondition(not_="b")))))
        == rule.when
    )
    assert ("request.from_role", "leader_in_charge") == (rule.then.route.from_, rule.then.route.to)  # type: ignore[union-attr]
    assert dt.date(2019, 10, 22) == rule.effective.from_  # type: ignore[union-attr]
    assert (None, ("breach.revoke",)) == (policy.rules[1].then, policy.rules[1].overrides)


def test_models_can_be_built_in_python() -> None:
    """The models take field names (from_, not_) as well as YAML names, and conditions as model objects."""
    rule = Rule(
        id="a",
        interpretation=Interpretation(note=TitleText(zh="解释", en="Why")),
        title=TitleText(zh="甲", en="A"),
        when=NotCondition(not_=AllCondition(all=("x",))),
        then=Then(outcome="breach"),
    )

    assert {"not": {"all": ("x",)}} == rule.model_dump(by_alias=True)["when"]


def test_conditions_may_nest_deeply_within_the_yaml_limit() -> None:
    """Thirty levels of not: validate (the YAML reader bounds the depth, not the model)."""
    text = HEAD + RULE + "    when: " + "{not: " * 30 + "x" + "}" * 30 + "\n    then: {outcome: breach}\n"

    assert [] == check(text)


def test_effective_until_is_inclusive() -> None:
    """A rule applies on its 'until' day, and not the day after; open ends are open."""
    days = Effective(from_=dt.date(2019, 10, 22), until=dt.date(2020, 12, 31))

    assert (False, True, True, False) == tuple(
        days.covers(d)
        for d in (dt.date(2019, 10, 21), dt.date(2019, 10, 22), dt.date(2020, 12, 31), dt.date(2021, 1, 1))
    )
    assert Effective().covers(dt.date(1900, 1, 1))


def test_settings_file() -> None:
    """Settings validate; their type is declared or inferred from the value."""
    text = (
        "settings:\n"
        "  leniency.mitigated_min_score: {value: 3, source: 一(四)1, title: {zh: 分, en: Score}}\n"
        "  verification.extra_methods: {value: [], type: 'list[VerificationMethod]', source: interpretation,"
        " title: {zh: 方式, en: Methods}}\n"
        "  publicity.years: {value: 1.5, source: interpretation, title: {zh: 年, en: Years}}\n"
    )
    settings, diagnostics = validate_file(load_yaml(text, "s.yaml"), SettingsFile)

    assert [] == diagnostics
    assert settings is not None
    entries = settings.settings
    assert ("int", "list[VerificationMethod]", "number") == tuple(e.effective_type for e in entries.values())
    assert () == entries["verification.extra_methods"].value


def test_organization_and_pack_files() -> None:
    """The organization and pack files of the spec validate."""
    org = (
        "roles:\n"
        "  - id: business_division\n"
        "    title: {zh: 业务处室, en: Business division}\n"
        "    reports_to: division_head\n"
        "  - {id: division_head, title: {zh: 处室主要负责人, en: Division head}, reports_to: null}\n"
        "departments:\n"
        "  - {id: market_regulation, title: {zh: 市场监管, en: Market}, measures: [industry_access]}\n"
    )
    pack = (
        "name: lianyungang-2019-57\nversion: 1.0.0\n"
        "title: {zh: 连云港市证明事项告知承诺制“七保障一惩戒”制度, en: Lianyungang rules}\n"
        "source: {zh: 连司通〔2019〕57号, en: Notice No. 57 (2019)}\n"
    )

    assert ([], []) == (check(org, OrganizationFile), check(pack, PackFile))


# --- unknown and missing fields -----------------------------------------------------------------------


def test_unknown_field_in_rule_suggests_the_right_name() -> None:
    """An unknown field in a rule is reported at its key, with one suggestion, also stored bare."""
    diagnostics = check(HEAD + RULE + "    then: {outcome: breach}\n    overides: [x]\n")

    assert [("unknown_field", 11, 5)] == where(diagnostics)
    assert "Unknown field 'overides' in rule 'breach.revoke'. Did you mean 'overrides'?" == diagnostics[0].message
    assert ("overrides", "$.rules[0].overides") == (diagnostics[0].suggestion, diagnostics[0].path)


def test_unknown_field_without_a_close_name_lists_the_fields() -> None:
    """When nothing is close, the allowed fields are listed instead."""
    diagnostics = check(HEAD + RULE + "    then: {outcome: breach, zzz: 1}\n")

    assert [("unknown_field", 10, 29)] == where(diagnostics)
    assert diagnostics[0].message.startswith("Unknown field 'zzz' in 'then' of rule 'breach.revoke'. Allowed fields: ")
    assert diagnostics[0].suggestion is None


def test_missing_field_points_at_the_parent_mapping() -> None:
    """A missing field is reported where its mapping starts, saying which field and how to write it."""
    diagnostics = check(
        HEAD + "  - id: a\n    clause: 一\n    quote: 句\n    title: {zh: 甲}\n    then: {outcome: breach}\n"
    )

    assert [("missing_field", 9, 12)] == where(diagnostics)
    assert "Missing required field 'en' in 'title' of rule 'a'." == diagnostics[0].message


def test_missing_top_level_fields() -> None:
    """Missing top-level fields are each reported, at the start of the document."""
    diagnostics = check("kind: verification\n")

    assert {"title", "outcomes", "default"} == {re.findall(r"'(\w+)'", d.message)[0] for d in diagnostics}
    assert {("missing_field", 1, 1)} == set(where(diagnostics))


# --- wrong types and invalid values -------------------------------------------------------------------


def test_wrong_type_says_expected_and_found() -> None:
    """A value of the wrong type says what was expected, what was found, and how to fix it."""
    diagnostics = check("name: x\nversion: 1.0\ntitle: 标题\n", PackFile)

    assert [("wrong_type", 2, 10), ("wrong_type", 3, 8)] == where(diagnostics)
    assert "Expected text for 'version', found the number '1.0'. Put the value in quotes to keep it as text." == (
        diagnostics[0].message
    )
    assert "Expected a mapping with 'zh' and 'en' for 'title', found '标题'. Write it as {zh: ..., en: ...}." == (
        diagnostics[1].message
    )


def test_numbers_are_not_dates() -> None:
    """A number where a date is expected is a wrong type, not a Unix timestamp."""
    diagnostics = check(HEAD + RULE + "    then: {outcome: breach}\n    effective: {from: 20191022}\n")

    assert [("wrong_type", 11, 23)] == where(diagnostics)


def test_invalid_value_pattern_with_repair() -> None:
    """A rule id that breaks the pattern says what an id looks like and suggests the obvious repair."""
    diagnostics = check(HEAD + RULE.replace("breach.revoke", "Breach Revoke") + "    then: {outcome: breach}\n")

    assert [("invalid_value", 6, 9)] == where(diagnostics)
    assert "breach-revoke" == diagnostics[0].suggestion
    assert "expected a rule id" in diagnostics[0].message


def test_default_must_be_an_outcome() -> None:
    """The default must be one of the outcomes; they are listed and the closest suggested."""
    diagnostics = check(
        HEAD.replace("default: fulfilled", "default: fulfiled") + RULE + "    then: {outcome: breach}\n"
    )

    assert [("invalid_value", 4, 10)] == where(diagnostics)
    assert "Did you mean 'fulfilled'?" in diagnostics[0].message
    assert "'breach', 'overdue', 'fulfilled'" in diagnostics[0].message


def test_rule_outcome_must_be_an_outcome_even_when_other_rules_are_broken() -> None:
    """A rule's outcome is checked against the file's outcomes, also when another rule has errors."""
    text = HEAD + RULE + "    then: {outcome: breech}\n  - id: x\n    title: {zh: a}\n"

    assert ["invalid_value", "missing_field"] == [d.code for d in check(text)]


def test_rule_outcome_is_checked_without_validation_context() -> None:
    """PolicyFile.model_validate alone also rejects an outcome that is not one of the file's."""
    data = load_yaml(HEAD + RULE + "    then: {outcome: breech}\n", "p.yaml").data

    with pytest.raises(ValidationError) as caught:
        PolicyFile.model_validate(data)

    assert ("invalid_value", ("rules", 0, "then", "outcome")) == (
        caught.value.errors()[0]["type"],
        caught.value.errors()[0]["ctx"]["at"],
    )


def test_outcomes_are_unique_and_not_empty() -> None:
    """A repeated outcome is reported at the repetition; an empty list is reported too."""
    rule = RULE + "    then: {consequences: [decision_revoked]}\n"
    repeated = check(HEAD.replace("[breach, overdue, fulfilled]", "[breach, overdue, breach]") + rule)
    empty = check(HEAD.replace("[breach, overdue, fulfilled]", "[]") + rule)

    assert [("invalid_value", 3, 29)] == where(repeated)
    assert [("invalid_value", 3, 11)] == where(empty)
    assert "'outcomes' must not be empty. Write at least one entry." == empty[0].message


def test_effective_must_not_end_before_it_starts() -> None:
    """'until' before 'from' is reported at 'until'."""
    diagnostics = check(
        HEAD + RULE + "    then: {outcome: breach}\n    effective: {from: 2020-01-01, until: 2019-12-31}\n"
    )

    assert [("invalid_value", 11, 42)] == where(diagnostics)


# --- rules that rest on nothing or do nothing -------------------------------------------------------


def test_rule_needs_clause_or_interpretation() -> None:
    """A rule with neither clause nor interpretation is missing_clause, at the rule."""
    diagnostics = check(HEAD + "  - id: a\n    title: {zh: 甲, en: A}\n    then: {outcome: breach}\n")

    assert [("missing_clause", 6, 5)] == where(diagnostics)


def test_interpretation_alone_is_enough() -> None:
    """An interpretation stands in for a clause (and needs no quote)."""
    text = (
        HEAD
        + "  - id: a\n    interpretation: {note: {zh: 解, en: Why}}\n"
        + "    title: {zh: 甲, en: A}\n    then: {outcome: breach}\n"
    )

    assert [] == check(text)


def test_clause_needs_quote() -> None:
    """A clause without its quote is missing_quote, at the clause key."""
    diagnostics = check(HEAD + "  - id: a\n    clause: 一\n    title: {zh: 甲, en: A}\n    then: {outcome: breach}\n")

    assert [("missing_quote", 7, 5)] == where(diagnostics)


def test_rule_must_do_something() -> None:
    """A rule without effects and overrides is empty_rule; overrides alone are enough."""
    empty = check(HEAD + RULE)
    overriding = check(HEAD + RULE + "    overrides: [other]\n")

    assert ([("empty_rule", 6, 5)], []) == (where(empty), overriding)


# --- conditions -------------------------------------------------------------------------------------


def test_condition_mapping_with_two_keys() -> None:
    """A condition mapping with two keys is invalid_condition at the second key, saying how to nest."""
    diagnostics = check(HEAD + RULE + "    when: {all: [a], any: [b]}\n    then: {outcome: breach}\n")

    assert [("invalid_condition", 10, 22)] == where(diagnostics)
    assert "has 2: 'all', 'any'. Nest them instead" in diagnostics[0].message


def test_condition_with_unknown_operator_suggests() -> None:
    """An unknown operator is an unknown_field at its key, with a suggestion."""
    diagnostics = check(HEAD + RULE + "    when:\n      alll: [a]\n    then: {outcome: breach}\n")

    assert [("unknown_field", 11, 7)] == where(diagnostics)
    assert ("all", "$.rules[0].when.alll") == (diagnostics[0].suggestion, diagnostics[0].path)


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("[a, b]", "found a list. To require all of them, write 'all:' before the list."),
        ("3", "found the number '3'."),
        ("true", "To apply a rule always, leave 'when' out."),
    ],
)
def test_condition_of_the_wrong_type(value: str, words: str) -> None:
    """A condition that is neither text nor a mapping is wrong_type at the value."""
    diagnostics = check(HEAD + RULE + f"    when: {value}\n    then: {{outcome: breach}}\n")

    assert [("wrong_type", 10, 11)] == where(diagnostics)
    assert words in diagnostics[0].message


def test_errors_deep_inside_conditions_point_there() -> None:
    """An error inside nested conditions is reported at the nested value, with its path."""
    diagnostics = check(HEAD + RULE + "    when: {all: [a, {not: {any: [b, 7]}}]}\n    then: {outcome: breach}\n")

    assert [("wrong_type", 10, 37)] == where(diagnostics)
    assert "$.rules[0].when.all[1].not.any[1]" == diagnostics[0].path


def test_empty_condition_mapping_and_list() -> None:
    """An empty mapping and an empty all: list are rejected."""
    assert ["invalid_condition"] == [d.code for d in check(HEAD + RULE + "    when: {}\n    then: {outcome: breach}\n")]
    assert ["invalid_value"] == [
        d.code for d in check(HEAD + RULE + "    when: {all: []}\n    then: {outcome: breach}\n")
    ]


# --- settings, clauses, organization ------------------------------------------------------------------


def test_setting_value_must_match_declared_type() -> None:
    """A quoted number declared int is wrong_type at the value, telling to remove the quotes."""
    diagnostics = check(
        "settings:\n  a.b: {value: '3', type: int, source: interpretation, title: {zh: 甲, en: A}}\n",
        SettingsFile,
    )

    assert [("wrong_type", 2, 16)] == where(diagnostics)
    assert ("'value' of setting 'a.b' is '3', but the setting is declared 'type: int'. Remove the quotes.") == (
        diagnostics[0].message
    )
    assert "设置「a.b」的「value」是「3」，但该设置声明为整数（type: int）。请去掉引号。" == diagnostics[0].message_in(
        "zh"
    )


def test_setting_type_and_name_are_checked() -> None:
    """An unknown type suggests the right one; a bad name is reported at the key."""
    diagnostics = check(
        "settings:\n  Fees: {value: 1, type: integer, source: interpretation, title: {zh: 甲, en: A}}\n",
        SettingsFile,
    )

    assert [("invalid_value", 2, 3), ("invalid_value", 2, 26)] == where(diagnostics)
    assert ("fees", "int") == (diagnostics[0].suggestion, diagnostics[1].suggestion)


def test_setting_value_of_unsupported_shape() -> None:
    """A mapping is not a setting value."""
    diagnostics = check("settings:\n  a: {value: {x: 1}, source: s, title: {zh: 甲, en: A}}\n", SettingsFile)

    assert [("wrong_type", 2, 14)] == where(diagnostics)


def test_duplicate_role_ids() -> None:
    """A repeated role id is duplicate_id at the repetition."""
    text = "roles:\n  - {id: a, title: {zh: 甲, en: A}}\n  - {id: a, title: {zh: 乙, en: B}}\n"

    assert [("duplicate_id", 3, 10)] == where(check(text, OrganizationFile))


def test_root_that_is_not_a_mapping() -> None:
    """A file whose top is a list says a mapping was expected."""
    assert [("wrong_type", 1, 1)] == where(check("- a\n", PackFile))


def test_diagnostics_are_sorted_and_carry_source_lines() -> None:
    """Diagnostics come sorted by position, each with its source line."""
    diagnostics = check("kind: K\ntitle: t\noutcomes: x\ndefault: 1\n")

    assert sorted(diagnostics, key=Diagnostic.sort_key) == diagnostics
    assert all(d.source_line for d in diagnostics)


# --- JSON Schema --------------------------------------------------------------------------------------


def refs(node: Any) -> set[str]:
    """Every $ref in a schema."""
    if isinstance(node, dict):
        found = {node["$ref"]} if "$ref" in node else set()
        return found.union(*(refs(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(refs(v) for v in node))
    return set()


@pytest.mark.parametrize("kind", ["policy", "settings", "clauses", "organization", "pack"])
def test_json_schema_is_self_contained(kind: Any) -> None:
    """Each schema is draft 2020-12, serialisable, forbids unknown fields, and every $ref resolves."""
    schema = json_schema(kind)
    definitions = schema.get("$defs", {})

    assert "https://json-schema.org/draft/2020-12/schema" == schema["$schema"]
    assert schema == json.loads(json.dumps(schema))
    assert {f"#/$defs/{name}" for name in definitions} >= refs(schema)
    assert all(d.get("additionalProperties") is False for d in definitions.values() if d.get("type") == "object")


def test_json_schema_condition_is_recursive_and_helpful() -> None:
    """The condition schema refers to itself, and fields carry descriptions for editors."""
    schema = json_schema("policy")
    condition = schema["$defs"]["Condition"]

    assert {"#/$defs/AllCondition", "#/$defs/AnyCondition", "#/$defs/NotCondition"} == refs(condition)
    assert "#/$defs/Condition" == schema["$defs"]["NotCondition"]["properties"]["not"]["$ref"]
    assert all("description" in p for p in schema["$defs"]["Rule"]["properties"].values())
    assert {"type": "string", "pattern": r"^\S+$"} == schema["$defs"]["Rule"]["properties"]["clause"]["anyOf"][0]


def test_json_schema_rejects_unknown_kind() -> None:
    """An unknown kind of file is a ValueError naming the kinds."""
    with pytest.raises(ValueError, match="expected one of policy, settings, clauses, organization, pack"):
        json_schema("case")  # type: ignore[arg-type]


@pytest.mark.parametrize("clause", ["'二(二)\u3000'", "'二 (二)'", "['二(二)', '二 (二)']"])
def test_a_wrong_clause_id_is_one_error_not_also_an_empty_list(clause: str) -> None:
    """The id is wrong (a space, an ideographic space): said once, at it (pydantic also said the list is empty)."""
    rule = RULE.replace("clause: 二(二)", f"clause: {clause}")
    text = HEAD + rule + "    when: 'true'\n    then: {outcome: breach}\n"
    diagnostics = check(text)
    assert ["invalid_value"] == [d.code for d in diagnostics]
    assert "must not be empty" not in diagnostics[0].message
