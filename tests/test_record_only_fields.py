"""Fields kept for the record change no decision, and their help says so in both languages.

Some fields of the case models record something the founding text gives no consequence (a blacklist
entry's publication and the categories departments decided, a finding's stage, whether a party at fault
is a public official, ...). Their English docstring says "For the record only" and their Chinese help
「仅作记录」. Here each such field takes other values in seeded realistic cases of the kinds that carry it,
and every decision must stay the same on both engines (all but the facts a fired rule shows, which echo a
list the rule reads whole): a rule that starts reading one of them fails here until its help stops telling
staff that it changes nothing.
"""

from __future__ import annotations

import copy
import types
import typing
from typing import Any

import pytest
from benchmarks.generators import AS_OF, generate_cases

from commitrules.engine.decision import Decision
from commitrules.engine.evaluator import EngineName
from commitrules.model import CASE_MODELS, parse_case
from commitrules.model._base import Entity
from commitrules.model.field_help_zh import CASE_FIELD_HELP_ZH
from commitrules.policy.pack import PolicyPack

_PERSON = {"kind": "person", "name": "某某", "public_official": False}

#: Per kind, a field path (``[]``: every item of a list) and the values it takes in turn.
RECORD_ONLY: tuple[tuple[str, str, tuple[Any, ...]], ...] = (
    ("blacklist", "entry.published", (True, False)),
    ("blacklist", "entry.categories", ((), ("industry_access", "honors"), ("high_consumption",))),
    # Every finding gets a party at fault in both values, so that only the flag differs.
    ("verification", "result.findings[].at_fault", ([_PERSON | {"public_official": True}], [_PERSON])),
    ("verification", "result.findings[].stage", ("pre_decision", "post_decision")),
    ("verification", "result.method", ("inter_department_check", "written_check", "publicity_check")),
    ("verification", "applicant.credit.on_blacklist", (True, False)),
    ("verification", "applicant.credit.prior_false_commitment", (True, False)),
    ("verification", "applicant.kind", ("natural_person", "legal_person")),
    ("verification", "commitment.channel", (None, "paper", "electronic")),
    ("verification", "matter.kind", ("licensing", "benefit", "other")),
    ("application", "applicant.history[].outcome", (None, "consistent", "inconsistent", "not_verifiable")),
    ("application", "applicant.history[].matter_id", ("M-another-matter",)),
    ("application", "applicant.employer", (None, "连云港市某局")),
    ("application", "applicant.legal_representative_employer", (None, "连云港市某局")),
    ("application", "commitment.channel", (None, "paper", "electronic")),
    ("application", "matter.kind", ("licensing", "confirmation", "benefit", "other")),
    ("application", "matter.legal_basis", (None, "《某某条例》第十条")),
    ("application", "applied_on", (None, "2019-01-02", "2030-01-01")),
    ("matter_review", "matter.kind", ("licensing", "confirmation", "benefit", "other")),
    ("matter_review", "matter.legal_basis", (None, "《某某条例》第十条")),
    ("publicity", "commitment.channel", (None, "paper", "electronic")),
    ("publicity", "matter.kind", ("licensing", "other")),
    ("assessment", "assessment.subject", ("unit", "official")),
    ("assistance", "request.requesting_unit.level", ("municipal", "county", "other")),
    ("assistance", "request.requesting_unit.requires_certification", (True, False)),
    ("assistance", "request.method", (None, "written_check", "on_site_investigation")),
)

#: Fields changed by a path above that names the list holding them: the two lists differ in this alone.
ALSO_CHANGED = frozenset({"AtFaultParty.public_official"})

#: Cases per kind and seed: enough that each field is set in many of them, and rare branches are reached.
CASES = 150
#: The fewest cases in which a field must have been changed for the test to show anything.
CHANGED_AT_LEAST = 25


def _set(document: Any, parts: list[str], value: Any) -> int:
    """Set the field at ``parts`` in ``document`` (every item under a ``[]``); how many places were set."""
    name, rest = parts[0], parts[1:]
    many = name.endswith("[]")
    name = name.removesuffix("[]")
    if not isinstance(document, dict) or (rest and name not in document):
        return 0
    if not rest:
        document[name] = list(value) if isinstance(value, tuple) else value
        return 1
    items = document[name] if many else [document[name]]
    return sum(_set(item, rest, value) for item in items or ())


def _decided(decision: Decision) -> dict[str, Any]:
    """The decision without the facts each fired rule shows (a list the rule reads shows every field of it)."""
    document = decision.model_dump(mode="json")
    for fired in document["fired"]:
        del fired["facts"]
    return document


@pytest.mark.parametrize("engine", ["compiled", "rete"])
@pytest.mark.parametrize(("kind", "path", "values"), RECORD_ONLY, ids=[f"{k}:{p}" for k, p, _ in RECORD_ONLY])
def test_a_record_only_field_changes_no_decision(
    pack: PolicyPack, kind: str, path: str, values: tuple[Any, ...], engine: EngineName
):
    """Every value of the field gives the same decision as the first one (on each engine: rete is marked)."""
    changed_in = 0
    for seed, skew in (("record-only", 1.0), ("record-only-rare", 3.0)):
        for document in generate_cases(kind, CASES, seed=seed, skew=skew):
            first = copy.deepcopy(document)
            if not _set(first, path.split("."), values[0]):
                continue
            changed_in += 1
            expected = _decided(pack.evaluate(parse_case(first), as_of=AS_OF, engine=engine))
            for value in values[1:]:
                changed = copy.deepcopy(document)
                _set(changed, path.split("."), value)
                actual = _decided(pack.evaluate(parse_case(changed), as_of=AS_OF, engine=engine))
                assert expected == actual, f"{kind} {path}={value!r} ({engine}) changes {document['id']}"
    assert changed_in >= CHANGED_AT_LEAST, f"{path} was set in {changed_in} cases only: the test shows nothing"


def _entity(annotation: Any) -> type[Entity] | None:
    """The model a field's annotation holds (through Optional, list and Annotated), if any."""
    stack = [annotation]
    while stack:
        current = stack.pop()
        if isinstance(current, type) and issubclass(current, Entity):
            return current
        if typing.get_origin(current) in {typing.Union, types.UnionType, list, typing.Annotated}:
            stack.extend(typing.get_args(current)[:1] if typing.get_origin(current) is typing.Annotated else ())
            stack.extend(() if typing.get_origin(current) is typing.Annotated else typing.get_args(current))
    return None


def _fields_on(kind: str, path: str) -> set[str]:
    """``Model.field`` of every step of ``path`` from the kind's case model."""
    model: type[Entity] | None = CASE_MODELS[kind]
    found = set()
    for part in path.split("."):
        assert model is not None, f"{kind}: {path} goes through a field that holds no model"
        name = part.removesuffix("[]")
        # The key of the Chinese help: the model that declares the field, as the help names it.
        found.add(f"{model.__name__}.{name}")
        model = _entity(model.model_fields[name].annotation)
    return found


def _record_only_fields() -> set[str]:
    """``Model.field`` of every field whose English help says it is for the record only."""
    marked = set()
    for model in CASE_MODELS.values():
        schema = model.model_json_schema()
        for name, definition in {model.__name__: schema, **schema.get("$defs", {})}.items():
            for field, prop in definition.get("properties", {}).items():
                if "For the record only" in " ".join(prop.get("description", "").split()):
                    marked.add(f"{name}.{field}")
    return marked


def test_every_record_only_field_is_tried_here_and_says_so_in_chinese():
    """A field whose help says "For the record only" is in RECORD_ONLY, and its Chinese help says 仅作记录."""
    marked = _record_only_fields()
    tried = ALSO_CHANGED.union(*(_fields_on(kind, path) for kind, path, _ in RECORD_ONLY))
    assert {"BlacklistEntry.published", "BlacklistEntry.categories", "AtFaultParty.public_official"} <= marked
    assert set() == marked - tried, "fields for the record only that no test here changes"
    assert [] == [f for f in sorted(marked) if "仅作记录" not in CASE_FIELD_HELP_ZH[f]]
