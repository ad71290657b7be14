"""The typed case models: parsing, errors, helpers, immutability, serialization and labels."""

# STYLE.md asks for ``assert expected == actual`` (structlog's rule); ruff's SIM300 calls that a Yoda
# condition whenever the expected value is a literal.

from __future__ import annotations

import copy
import datetime as dt
import inspect
import json
import pickle
import typing
from collections.abc import Iterator, Mapping
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from commitrules import model as m
from commitrules.errors import MAX_DIAGNOSTICS, CaseError, CaseValidationError
from commitrules.model import (
    CASE_MODELS,
    ZH_LABELS,
    Case,
    Entity,
    FindingType,
    is_condition_helper,
    parse_case,
    zh_label,
)
from commitrules.model._parse import MAX_DEPTH

UNIT = {"name": "连云港市司法局", "level": "municipal", "requires_certification": True}
MATTER = {
    "id": "m-1",
    "name": "无犯罪记录证明",
    "unit": UNIT,
    "kind": "licensing",
    "review_mode": "formal",
    "listed": True,
    "commitment_condition_met": True,
}
APPLICANT = {
    "id": "a-1",
    "kind": "natural_person",
    "credit": {"on_blacklist": False, "serious_dishonesty": False, "prior_false_commitment": False},
}
COMMITMENT = {"notification": {"breach_risk": True, "joint_punishment_mechanism": True}}
FACTORS = dict.fromkeys(
    [
        "motive_attitude",
        "objective_conditions",
        "procedure_method",
        "nature_degree",
        "consequence_impact",
        "loss_recovery",
    ],
    "favorable",
)

#: The smallest valid case of every kind.
MINIMAL: dict[str, dict[str, Any]] = {
    "matter_review": {"kind": "matter_review", "matter": MATTER},
    "application": {
        "kind": "application",
        "applicant": APPLICANT,
        "matter": MATTER,
        "commitment": COMMITMENT,
    },
    "verification": {
        "kind": "verification",
        "applicant": APPLICANT,
        "matter": MATTER,
        "commitment": COMMITMENT,
        "result": {"method": "inter_department_check"},
        "started_on": "2020-03-01",
    },
    "blacklist": {
        "kind": "blacklist",
        "entry": {
            "subject": {"id": "a-1", "kind": "natural_person"},
            "basis": "false_commitment",
            "determined_by": "连云港市司法局",
            "listed_on": "2020-05-01",
            "status": "active",
        },
    },
    "publicity": {
        "kind": "publicity",
        "applicant": APPLICANT,
        "matter": MATTER,
        "commitment": COMMITMENT,
        "request": {},
    },
    "escalation": {"kind": "escalation", "request": {"unit": UNIT, "from_role": "division_head"}},
    "leniency": {
        "kind": "leniency",
        "conduct": {"subject": "public_official", "context": "reform_innovation", "factors": FACTORS},
    },
    "assistance": {
        "kind": "assistance",
        "request": {
            "requesting_unit": UNIT,
            "assisting_unit": {**UNIT, "name": "连云港市公安局"},
            "item": "无犯罪记录核查",
            "in_catalog": True,
            "action": "implement",
            "initiator": "catalog_authority",
        },
    },
    "assessment": {"kind": "assessment", "assessment": {"subject": "unit", "performance": "effective"}},
    "summary": {"kind": "summary", "report": {}},
    "credit_site": {"kind": "credit_site", "content": {"items": []}},
}

#: A verification case with most optional facts set, for round trips and helpers.
RICH_VERIFICATION: dict[str, Any] = {
    "kind": "verification",
    "id": "v-9",
    "applicant": {
        **APPLICANT,
        "name": "张三",
        "id_no": "320700199001011234",
        "employer": "连云港某公司",
        "village_committee": "新浦区某社区居委会",
        "credit": {**APPLICANT["credit"], "credit_repaired_on": "2019-12-01"},
        "history": [
            {"matter_id": "m-0", "committed_on": "2019-01-02", "outcome": "consistent"},
            {"matter_id": "m-2", "committed_on": "2019-06-02", "findings": ["nonperformance"]},
        ],
    },
    "matter": {
        **MATTER,
        "risk_flags": ["public_safety", "major_foreign"],
        "fees": "12.50",
        "has_project": True,
        "plan": {
            "timing": "both",
            "deadline_days": 30,
            "standard": "与公安机关记录一致",
            "methods": ["on_site_investigation", "inter_department_check", "written_check"],
        },
    },
    "commitment": {
        **COMMITMENT,
        "statements": ["knows_notice", "meets_conditions", "accepts_liability", "genuine_intent"],
        "signed_at": "2020-02-01",
        "channel": "electronic",
        "decision": "granted",
        "fees_paid": 12.5,
    },
    "result": {
        "method": "on_site_investigation",
        "completed_at": "2020-03-20",
        "outcome": "inconsistent",
        "findings": [
            {
                "type": "false_commitment",
                "stage": "post_decision",
                "suspected_crime": True,
                "at_fault": [{"kind": "person", "name": "李四", "public_official": True}],
            },
            {"type": "nonperformance", "stage": "post_decision"},
        ],
    },
    "started_on": "2020-03-01",
}


def errors_of(data: object, source: str = "") -> list[CaseError]:
    """The errors parse_case reports for ``data`` (which must be invalid)."""
    with pytest.raises(CaseValidationError) as info:
        parse_case(data, source=source)  # type: ignore[arg-type]
    return list(info.value.errors)


def public_models() -> Iterator[type[BaseModel]]:
    """Every entity and case model the package exports."""
    for name in m.__all__:
        obj = getattr(m, name)
        if isinstance(obj, type) and issubclass(obj, Entity) and obj not in {Entity, Case}:
            yield obj


def public_enums() -> Iterator[type[StrEnum]]:
    """Every code enum the package exports."""
    for name in m.__all__:
        obj = getattr(m, name)
        if isinstance(obj, type) and issubclass(obj, StrEnum):
            yield obj


# --- parsing valid cases ---------------------------------------------------------------------------


def test_every_kind_has_a_model_and_a_minimal_case() -> None:
    """The eleven kinds of domain.md section 5 each have a model, and this file a minimal case."""
    kinds = [
        "matter_review",
        "application",
        "verification",
        "blacklist",
        "publicity",
        "escalation",
        "leniency",
        "assistance",
        "assessment",
        "summary",
        "credit_site",
    ]
    assert kinds == list(CASE_MODELS)
    assert set(kinds) == set(MINIMAL)


@pytest.mark.parametrize("kind", list(MINIMAL))
def test_minimal_case_parses(kind: str) -> None:
    """The smallest valid case of each kind parses into the model of its kind."""
    case = parse_case(MINIMAL[kind])
    assert CASE_MODELS[kind] is type(case)
    assert kind == case.kind  # type: ignore[attr-defined]
    assert case.id is None  # type: ignore[attr-defined]


@pytest.mark.parametrize("model", list(CASE_MODELS.values()))
def test_case_models_declare_kind_and_title(model: type[Case]) -> None:
    """Each case model names its kind, a zh and en title, and a kind field that defaults to it."""
    assert {"zh", "en"} == set(model.TITLE)
    assert model.KIND == model.model_fields["kind"].default
    assert "id" in model.model_fields


def test_defaults_of_a_minimal_case() -> None:
    """Missing optional facts take their documented defaults: no flags, no fees, an empty plan."""
    case = parse_case(MINIMAL["matter_review"])
    assert isinstance(case, m.MatterReviewCase)
    assert frozenset() == case.matter.risk_flags
    assert Decimal(0) == case.matter.fees
    assert m.VerificationPlan() == case.matter.plan
    assert False is case.matter.plan.is_complete()


def test_parse_accepts_any_mapping() -> None:
    """A read-only mapping validates like a dict."""
    assert parse_case(MINIMAL["summary"]) == parse_case(MappingProxyType(MINIMAL["summary"]))


def test_blank_text_is_null() -> None:
    """Blank optional text is stored as null, so that rules test absence one way only."""
    data = {"kind": "escalation", "request": {**MINIMAL["escalation"]["request"], "content": {"facts": "  "}}}
    case = parse_case(data)
    assert isinstance(case, m.EscalationCase)
    assert case.request.content.facts is None


# --- errors ------------------------------------------------------------------------------------------


def test_unknown_field_is_rejected_with_a_suggestion() -> None:
    """A misspelt field is reported at its path, with the closest known field suggested."""
    data = copy.deepcopy(MINIMAL["verification"])
    data["result"]["findings"] = [{"type": "false_commitment", "stage": "pre_decision", "suspect_crime": True}]
    [error] = errors_of(data)
    assert "$.result.findings[0].suspect_crime" == error.path
    assert "Unknown field 'suspect_crime'" == error.message
    assert "no such field; did you mean 'suspected_crime'?" == error.expected
    assert "True" == error.found


def test_unknown_field_without_a_close_match_lists_the_known_fields() -> None:
    """When no field is close, the error lists every field of the object."""
    data = {"kind": "credit_site", "content": {"items": [], "zzz": 1}}
    [error] = errors_of(data)
    assert "$.content.zzz" == error.path
    assert "no such field; known fields: items, site" == error.expected


def test_bad_enum_value_lists_the_allowed_values() -> None:
    """A value outside an enum is reported with every allowed value."""
    data = copy.deepcopy(MINIMAL["verification"])
    data["result"]["outcome"] = "maybe"
    [error] = errors_of(data)
    assert "$.result.outcome" == error.path
    assert "one of 'consistent', 'inconsistent', 'not_verifiable' or null" == error.expected
    assert "'maybe'" == error.found


def test_bad_code_in_a_set_is_reported_at_its_index() -> None:
    """A bad item of a code set is reported at its index in the array."""
    data = {"kind": "summary", "report": {"sections": ["progress", "history"]}}
    [error] = errors_of(data)
    assert "$.report.sections[1]" == error.path
    assert error.expected.startswith("one of 'progress', 'norms'")


def test_missing_required_field() -> None:
    """A missing required field is reported at its path, with the type it needs and nothing found."""
    data = copy.deepcopy(MINIMAL["verification"])
    del data["started_on"]
    [error] = errors_of(data)
    assert CaseError("$.started_on", "Missing required field 'started_on'", "a date (YYYY-MM-DD)") == error


def test_wrong_type_names_the_expected_type() -> None:
    """A value of the wrong type is reported with the expected type and the value found."""
    data = copy.deepcopy(MINIMAL["matter_review"])
    data["matter"] = {**MATTER, "listed": "perhaps", "plan": {"deadline_days": "soon"}, "unit": "司法局"}
    errors = {e.path: e for e in errors_of(data)}
    assert {"$.matter.listed", "$.matter.plan.deadline_days", "$.matter.unit"} == set(errors)
    assert "true or false" == errors["$.matter.listed"].expected
    assert "an integer or null" == errors["$.matter.plan.deadline_days"].expected
    assert "an object (Unit)" == errors["$.matter.unit"].expected
    assert "'司法局'" == errors["$.matter.unit"].found


def test_money_must_be_finite_and_not_negative() -> None:
    """Fees below zero or not finite are rejected."""
    for fees in ("-1", "NaN", "Infinity"):
        [error] = errors_of({"kind": "matter_review", "matter": {**MATTER, "fees": fees}})
        assert ("$.matter.fees", "a number") == (error.path, error.expected)


def test_every_problem_is_reported() -> None:
    """All problems of a case are collected, not just the first."""
    data = {
        "kind": "leniency",
        "conduct": {"subject": "mayor", "factors": {**FACTORS, "loss_recovery": "ok"}},
    }
    paths = [e.path for e in errors_of(data)]
    assert ["$.conduct.subject", "$.conduct.context", "$.conduct.factors.loss_recovery"] == paths


@pytest.mark.parametrize(
    ("data", "message", "found"),
    [
        ({"matter": MATTER}, "The case has no 'kind'", ""),
        ({"kind": "matter_revue"}, "Unknown case kind; did you mean 'matter_review'?", "'matter_revue'"),
        ({"kind": "audit"}, "Unknown case kind", "'audit'"),
        ({"kind": ["summary"]}, "Unknown case kind", "['summary']"),
        ({"kind": None}, "Unknown case kind", "None"),
    ],
)
def test_missing_or_unknown_kind(data: dict[str, object], message: str, found: str) -> None:
    """A missing or unknown kind gives one error at $.kind that lists the known kinds."""
    [error] = errors_of(data)
    assert ("$.kind", message, found) == (error.path, error.message, error.found)
    assert error.expected.startswith("one of 'matter_review', 'application', ")
    assert error.expected.endswith("'credit_site'")


@pytest.mark.parametrize("data", [None, 42, "kind: summary", ["kind", "summary"], b"{}"])
def test_non_mapping_input(data: object) -> None:
    """Input that is not a mapping gives one error at $."""
    [error] = errors_of(data)
    assert ("$", "a mapping with a 'kind'") == (error.path, error.expected)


def test_source_is_attributed_to_every_error() -> None:
    """The source given to parse_case is attached to each error."""
    errors = errors_of({"kind": "summary", "report": {"sections": ["x", "y"]}}, source="cases/s.json")
    assert ["cases/s.json", "cases/s.json"] == [e.source for e in errors]


def test_non_string_keys() -> None:
    """A key that is not a string is an error at its object, never a TypeError."""
    [error] = errors_of({"kind": "summary", "report": {1: "x"}})
    assert ("$.report", "Field names must be strings", "1") == (error.path, error.message, error.found)


def test_deeply_nested_input() -> None:
    """A value nested a hundred thousand levels deep is reported once, where it passes the depth limit."""
    deep: object = []
    for _ in range(100_000):
        deep = [deep]
    errors = errors_of({"kind": "summary", "report": deep, "extra": {"x": deep}})
    assert [("$.report" + "[0]" * MAX_DEPTH, f"The case is nested more than {MAX_DEPTH} levels deep")] == [
        (e.path, e.message) for e in errors
    ]


def test_self_containing_input() -> None:
    """A mapping that contains itself is reported, not followed forever."""
    data: dict[str, object] = {"kind": "summary"}
    data["report"] = data
    paths = [e.path for e in errors_of(data)]
    assert ["$" + ".report" * MAX_DEPTH + ".kind"] == paths


def test_huge_list_is_capped() -> None:
    """A huge list of bad items reports the first errors and counts the rest."""
    errors = errors_of({"kind": "summary", "report": {"sections": [f"s{i}" for i in range(900)]}})
    assert MAX_DIAGNOSTICS + 1 == len(errors)
    assert CaseError("$", f"... and {900 - MAX_DIAGNOSTICS} more problems") == errors[-1]


def test_found_is_truncated() -> None:
    """A long value found is cut to at most 80 characters."""
    [error] = errors_of({"kind": "summary", "report": {"period": "x" * 1000}})
    assert len(error.found) <= 80
    assert "..." in error.found


def test_hostile_mapping_raises_only_case_validation_error() -> None:
    """A mapping whose methods raise still gives a CaseValidationError, at $."""

    class Hostile(Mapping[str, object]):
        def __getitem__(self, key: str) -> object:
            raise RuntimeError(key)

        def __iter__(self) -> Iterator[str]:
            raise RuntimeError

        def __len__(self) -> int:
            return 1

        def __repr__(self) -> str:
            raise RuntimeError

    [error] = errors_of(Hostile())
    assert ("$", "The case could not be read: RuntimeError") == (error.path, error.message)
    assert error.found.startswith("<Hostile")


# --- helpers -----------------------------------------------------------------------------------------


def rich() -> m.VerificationCase:
    """The rich verification case, parsed."""
    case = parse_case(RICH_VERIFICATION)
    assert isinstance(case, m.VerificationCase)
    return case


def test_has_finding_takes_any_of_several_types() -> None:
    """has_finding is true when any finding has any of the given types."""
    result = rich().result
    assert True is result.has_finding(FindingType.false_commitment)
    assert True is result.has_finding(FindingType.improper_means, FindingType.nonperformance)
    assert False is result.has_finding(FindingType.improper_means, FindingType.intentional_concealment)
    assert False is result.has_finding()


def test_helpers_on_empty_findings() -> None:
    """With no findings, no finding helper is true."""
    result = m.VerificationResult(method=m.VerificationMethod.inter_department_check)
    assert [False, False, False, False] == [
        result.has_finding(*FindingType),
        result.has_finding_at(m.VerificationStage.pre_decision, *FindingType),
        result.has_crime_suspected(),
        result.has_at_fault(*FindingType),
    ]


def test_has_finding_at_a_stage() -> None:
    """has_finding_at looks only at findings made at the given stage."""
    result = rich().result
    assert True is result.has_finding_at(m.VerificationStage.post_decision, FindingType.false_commitment)
    assert False is result.has_finding_at(m.VerificationStage.pre_decision, FindingType.false_commitment)


def test_crime_and_at_fault_helpers() -> None:
    """Crime suspicion is any finding's; at-fault parties count only for the given finding types."""
    result = rich().result
    assert True is result.has_crime_suspected()
    assert True is result.has_at_fault(FindingType.false_commitment)
    assert False is result.has_at_fault(FindingType.nonperformance)


def test_has_risk() -> None:
    """has_risk is true when the matter touches any of the given flags."""
    matter = rich().matter
    assert True is matter.has_risk(*m.SEED_RISK_FLAGS)
    assert True is matter.has_risk(m.RiskFlag.major_foreign)
    assert False is matter.has_risk(m.RiskFlag.state_secret, m.RiskFlag.national_security)


@pytest.mark.parametrize(
    ("plan", "complete"),
    [
        ({"timing": "post_decision", "deadline_days": 30, "standard": "s", "methods": ["written_check"]}, True),
        ({"deadline_days": 30, "standard": "s", "methods": ["written_check"]}, False),  # 核查时间: no timing
        ({"timing": "both", "deadline_days": 30, "standard": " ", "methods": ["written_check"]}, False),
        ({"timing": "both", "standard": "s", "methods": ["written_check"]}, False),
        ({"timing": "both", "deadline_days": 30, "standard": "s"}, False),
        ({}, False),
    ],
)
def test_plan_is_complete(plan: dict[str, object], *, complete: bool) -> None:
    """A plan is complete with a deadline, a non-blank standard and at least one method."""
    assert complete is m.VerificationPlan.model_validate(plan).is_complete()


def test_uses_method() -> None:
    """uses_method is true when the plan uses any of the given methods, extensions included."""
    plan = rich().matter.plan
    assert True is plan.uses_method(*m.EXTENSION_METHODS)
    assert False is plan.uses_method(m.VerificationMethod.backend_data_retrieval)


def test_missing_national_fields() -> None:
    """An empty notice misses every national item; a full one misses none."""
    assert list(m.NATIONAL_NOTICE_FIELDS) == m.Notification().missing_national_fields()
    full = m.Notification.model_validate(
        {
            **{name: True for name in m.NATIONAL_NOTICE_FIELDS if "." not in name},
            "publicity": {"whether": True, "scope": True, "period": False},
        }
    )
    assert ["publicity.period"] == full.missing_national_fields()


def test_missing_statements() -> None:
    """The statements a letter lacks are listed in template order."""
    commitment = m.Commitment.model_validate({**COMMITMENT, "statements": ["meets_conditions"]})
    assert [
        m.Statement.knows_notice,
        m.Statement.accepts_liability,
        m.Statement.genuine_intent,
    ] == commitment.missing_statements()
    assert [] == rich().commitment.missing_statements()


@pytest.mark.parametrize(
    ("changes", "score", "all_favorable"),
    [
        ({}, 6, True),
        ({"loss_recovery": "neutral"}, 5, False),
        (
            {"motive_attitude": "unfavorable", "nature_degree": "unfavorable", "procedure_method": "neutral"},
            1,
            False,
        ),
        (dict.fromkeys(FACTORS, "unfavorable"), -6, False),
    ],
)
def test_conduct_score_and_all_favorable(changes: dict[str, str], score: int, *, all_favorable: bool) -> None:
    """favorable counts +1, neutral 0, unfavorable -1; all_favorable needs all six favorable."""
    conduct = m.OfficialConduct.model_validate(
        {"subject": "unit", "context": "duty_performance", "factors": {**FACTORS, **changes}}
    )
    assert (score, all_favorable) == (conduct.score(), conduct.all_favorable())


def test_has_bar_and_has_flag() -> None:
    """has_bar and has_flag are true when any of the given codes is present."""
    conduct = m.OfficialConduct.model_validate(
        {"subject": "unit", "context": "other", "factors": FACTORS, "bars": ["private_gain"]}
    )
    assert (True, False) == (conduct.has_bar(*m.Bar), conduct.has_bar(m.Bar.knowing_violation))
    request = m.PublicityRequest(flags=frozenset({m.SecrecyFlag.personal_privacy}))
    assert (True, False) == (
        request.has_flag(m.SecrecyFlag.commercial_secret, m.SecrecyFlag.personal_privacy),
        request.has_flag(m.SecrecyFlag.state_secret),
    )


def test_missing_sections_dimensions_items() -> None:
    """Summary and credit-site helpers list what is missing, in the order of the founding text."""
    report = m.SummaryReport.model_validate(
        {"sections": ["problems", "progress"], "dimensions": list(m.EvaluationDimension)}
    )
    assert [
        m.SummarySection.norms,
        m.SummarySection.experience_results,
        m.SummarySection.countermeasures,
    ] == (report.missing_sections())
    assert [] == report.missing_dimensions()
    assert list(m.CreditSiteItem) == m.CreditSiteContent().missing_items()


@pytest.mark.parametrize(
    ("site", "named"),
    [
        (None, True),
        ("信用连云港", True),
        ("“信用连云港”网站", True),
        ("「信用连云港」 网站", True),
        ("信用连云港网", True),
        ("信用中国", False),
        ("连云港市政务服务网", False),
        ("信用 连云 港", True),
        ("Credit Lianyungang", True),
        ("the credit  lianyungang website", True),
        ("Credit China", False),
    ],
)
def test_the_credit_site_is_recognised_by_its_name(site: str | None, named: bool) -> None:  # noqa: FBT001
    """二(一) names 信用连云港: no name, or a name containing it (spaces and quotation marks ignored)."""
    assert named == m.CreditSiteContent.model_validate({"site": site}).names_credit_lyg()


_LANGUAGE_SCALARS = {bool, int, float, Decimal, str, dt.date}


def _is_language_type(annotation: object) -> bool:
    origin = typing.get_origin(annotation)
    if origin in {list, frozenset}:
        return _is_language_type(typing.get_args(annotation)[0])
    return annotation in _LANGUAGE_SCALARS or (
        isinstance(annotation, type) and issubclass(annotation, (StrEnum, BaseModel))
    )


def test_helpers_are_annotated_with_language_types() -> None:
    """Every condition helper annotates each parameter and its return with a type conditions know."""
    helpers = []
    for model in public_models():
        for name, func in inspect.getmembers(model, is_condition_helper):
            hints = typing.get_type_hints(func)
            params = list(inspect.signature(func).parameters)[1:]
            assert {*params, "return"} == set(hints), f"{model.__name__}.{name}"
            assert all(_is_language_type(h) for h in hints.values()), f"{model.__name__}.{name}"
            helpers.append(f"{model.__name__}.{name}")
    assert 17 == len(set(helpers))


# --- immutability and serialization ------------------------------------------------------------------


def test_models_are_frozen() -> None:
    """Cases and entities cannot be changed after validation."""
    case = rich()
    with pytest.raises(ValidationError):
        case.started_on = dt.date(2021, 1, 1)  # type: ignore[misc]
    with pytest.raises(ValidationError):
        case.result.findings[0].suspected_crime = False  # type: ignore[misc]


@pytest.mark.parametrize("data", [*MINIMAL.values(), RICH_VERIFICATION])
def test_cases_are_picklable(data: dict[str, Any]) -> None:
    """A parsed case survives pickling (engines send cases to worker processes)."""
    case = parse_case(data)
    assert case == pickle.loads(pickle.dumps(case))


@pytest.mark.parametrize("data", [*MINIMAL.values(), RICH_VERIFICATION])
def test_json_round_trip(data: dict[str, Any]) -> None:
    """Dumping a case to JSON and parsing it back gives an equal case."""
    case = parse_case(data)
    assert case == parse_case(json.loads(json.dumps(case.model_dump(mode="json"))))
    assert case == parse_case(json.loads(case.model_dump_json()))


def test_code_sets_dump_sorted() -> None:
    """Code sets dump to JSON as sorted arrays, so that dumps are stable from run to run."""
    dumped = rich().model_dump(mode="json")
    assert ["inter_department_check", "on_site_investigation", "written_check"] == dumped["matter"]["plan"]["methods"]
    assert ["major_foreign", "public_safety"] == dumped["matter"]["risk_flags"]


@pytest.mark.parametrize("model", list(CASE_MODELS.values()))
def test_json_schema_describes_every_field(model: type[Case]) -> None:
    """Each case model has a JSON Schema in which every field of every object has a description."""
    schema = model.model_json_schema()
    objects = [schema, *schema.get("$defs", {}).values()]
    undocumented = [
        f"{obj['title']}.{name}"
        for obj in objects
        if obj.get("type") == "object"
        for name, prop in obj["properties"].items()
        if name != "kind" and not prop.get("description")
    ]
    assert [] == undocumented
    assert False is schema["additionalProperties"]


# --- codes and labels --------------------------------------------------------------------------------


def test_enum_member_names_equal_their_values() -> None:
    """Every code reads the same as a Python name and as a value."""
    mismatched = [f"{e.__name__}.{c.name}" for e in public_enums() for c in e if c.name != c.value]
    assert [] == mismatched


def test_every_code_has_a_chinese_label() -> None:
    """zh_label gives a Chinese label, not the code, for every member of every exported enum."""
    unlabelled = [f"{e.__name__}.{c}" for e in public_enums() for c in e if zh_label(c) == str(c)]
    assert [] == unlabelled


def test_zh_labels_of_decision_codes() -> None:
    """ZH_LABELS holds the decision codes, whose values are unique, so plain strings look them up too."""
    decision_enums = [
        m.Reason,
        m.FindingType,
        m.Consequence,
        m.Measure,
        m.Role,
        m.Channel,
        m.VerificationMethod,
        m.Tool,
    ]
    members = [c for e in decision_enums for c in e]
    assert len(members) == len({str(c) for c in members}) == len(ZH_LABELS)
    assert "高消费限制" == ZH_LABELS["high_consumption"]
    assert "分管领导" == ZH_LABELS[m.Role.leader_in_charge]


def test_labels_of_equal_values_in_different_enums_stay_apart() -> None:
    """Codes with the same value in two enums keep their own labels."""
    assert ("直接涉及国家安全", "国家安全") == (
        zh_label(m.Reason.national_security),
        zh_label(m.RiskFlag.national_security),
    )


def test_seed_and_extension_methods() -> None:
    """The three seed methods and the three configurable extensions make up the method enum."""
    assert frozenset(m.VerificationMethod) == m.SEED_METHODS | m.EXTENSION_METHODS
    assert 3 == len(m.SEED_METHODS) == len(m.EXTENSION_METHODS)
    assert frozenset(m.RiskFlag) == m.SEED_RISK_FLAGS | m.NATIONAL_RISK_FLAGS
