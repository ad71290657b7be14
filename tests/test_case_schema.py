"""The published case schema and the case validator agree, both ways (issue 10, item 2).

For every case kind, documents are generated from the JSON Schema that ``commitrules schema case KIND``
prints: each one the schema accepts, the validator accepts. Then one value of such a document is
replaced by a value of another JSON type (``"yes"`` for a boolean, ``"30"`` for an integer, a number
for a date, ...): each time the schema refuses the document, the validator refuses it too. Together
they say that a case means what its schema says.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commitrules.cli import main
from commitrules.errors import CaseValidationError
from commitrules.model import CASE_MODELS, parse_case

SCALE = int(os.environ.get("FUZZ_EXAMPLES", "100")) / 100
SETTINGS = settings(
    max_examples=max(1, int(15 * SCALE)),
    deadline=None,
    database=None,
    derandomize="FUZZ_EXAMPLES" not in os.environ,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)

#: Values of every JSON type, the lax readings included: what a host system might send by mistake.
WRONG_VALUES: list[Any] = [
    "yes",
    "true",
    "off",
    "1",
    "30",
    "2020-05-20T00:00:00+08:00",
    "20200520",
    "",
    "x",
    1,
    0,
    30,
    20200520,
    1.5,
    30.0,
    -1,
    True,
    False,
    None,
    [],
    ["x"],
    {},
    {"a": 1},
]


def published_schema(kind: str) -> dict[str, Any]:
    """The schema as the command line publishes it."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert 0 == main(["schema", "case", kind])
    schema: dict[str, Any] = json.loads(out.getvalue())
    return schema


SCHEMAS = {kind: published_schema(kind) for kind in CASE_MODELS}


KNOWN_KEYWORDS = {
    "$defs",
    "$ref",
    "anyOf",
    "enum",
    "const",
    "type",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "uniqueItems",
    "minLength",
    "pattern",
    "format",
    "minimum",
    "exclusiveMinimum",
    "title",
    "description",
    "markdownDescription",  # the editor's hover text (Chinese help first), not a constraint
    "default",
    "personal",
}  # an annotation for the decision log (redaction), not a constraint


def from_schema(schema: dict[str, Any], root: dict[str, Any] | None = None) -> st.SearchStrategy[Any]:
    """Documents that ``schema`` accepts, for the keywords pydantic's case schemas use.

    A keyword this generator does not know fails the test, so that the schema cannot grow a
    constraint the test silently ignores.
    """
    root = root if root is not None else schema
    unknown = set(schema) - KNOWN_KEYWORDS
    assert not unknown, f"the generator does not know {sorted(unknown)}"
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/$defs/")
        return st.deferred(lambda: from_schema(root["$defs"][name], root))
    if "anyOf" in schema:
        return st.one_of([from_schema(option, root) for option in schema["anyOf"]])
    if "const" in schema:
        return st.just(schema["const"])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    if schema["type"] in {"object", "array"}:
        return _container(schema, root)
    return _scalar(schema)


def _container(schema: dict[str, Any], root: dict[str, Any]) -> st.SearchStrategy[Any]:
    if schema["type"] == "object":
        required = set(schema.get("required", ()))
        properties = schema.get("properties", {})
        return st.fixed_dictionaries(
            {name: from_schema(sub, root) for name, sub in properties.items() if name in required},
            optional={name: from_schema(sub, root) for name, sub in properties.items() if name not in required},
        )
    items = from_schema(schema["items"], root)
    if schema.get("uniqueItems"):
        return st.lists(items, max_size=4, unique_by=lambda v: json.dumps(v, sort_keys=True))
    return st.lists(items, max_size=3)


def _scalar(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    kind = schema["type"]
    if kind == "string":
        if schema.get("format") == "date":
            return st.dates(dt.date(1900, 1, 1), dt.date(2200, 12, 31)).map(dt.date.isoformat)
        if "pattern" in schema:
            return st.from_regex(schema["pattern"])
        return st.text(min_size=schema.get("minLength", 0), max_size=12)
    if kind == "integer":  # JSON Schema counts 30.0 as an integer: so must the validator
        low = schema.get("minimum", schema.get("exclusiveMinimum", -(2**40) - 1) + 1)
        whole = st.integers(min_value=max(low, 0), max_value=999).map(float)
        return st.integers(min_value=low, max_value=2**40) | whole
    if kind == "number":
        return st.integers(min_value=0, max_value=10**9) | st.floats(
            min_value=schema.get("minimum"), allow_nan=False, allow_infinity=False
        )
    strategies = {"boolean": st.booleans(), "null": st.none()}
    assert kind in strategies, f"the generator does not know the type {kind!r}"
    return strategies[kind]


def schema_validator(kind: str) -> jsonschema.protocols.Validator:
    schema = SCHEMAS[kind]
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def accepted(document: Any) -> bool:
    try:
        parse_case(document)
    except CaseValidationError:
        return False
    return True


def leaves(document: Any, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """The paths of every value in ``document`` (objects and lists included), the root excepted."""
    found: list[tuple[str | int, ...]] = [path] if path else []
    if isinstance(document, dict):
        for key, value in document.items():
            found += leaves(value, (*path, key))
    elif isinstance(document, list):
        for index, value in enumerate(document):
            found += leaves(value, (*path, index))
    return found


def replaced(document: Any, path: tuple[str | int, ...], value: Any) -> Any:
    copy = json.loads(json.dumps(document))
    target = copy
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return copy


@pytest.mark.parametrize("kind", list(CASE_MODELS))
def test_what_the_schema_accepts_the_validator_accepts(kind: str) -> None:
    """Every document generated from the published schema of ``kind`` is a valid case."""
    validator = schema_validator(kind)

    @SETTINGS
    @given(from_schema(SCHEMAS[kind]))
    def check(document: dict[str, Any]) -> None:
        validator.validate(document)  # the generator keeps to the schema
        try:
            parse_case(document)
        except CaseValidationError as exc:
            pytest.fail(f"the schema accepts it, the validator refuses it: {exc}\n{json.dumps(document)}")

    check()


@pytest.mark.parametrize("kind", list(CASE_MODELS))
def test_what_the_schema_refuses_the_validator_refuses(kind: str) -> None:
    """A valid document with one value replaced by a value the schema refuses is refused by the validator."""
    validator = schema_validator(kind)

    @SETTINGS
    @given(from_schema(SCHEMAS[kind]), st.data())
    def check(document: dict[str, Any], data: st.DataObject) -> None:
        paths = [p for p in leaves(document) if p != ("kind",)]
        if not paths:
            return
        path = data.draw(st.sampled_from(paths))
        value = data.draw(st.sampled_from(WRONG_VALUES))
        mutated = replaced(document, path, value)
        if validator.is_valid(mutated):
            return
        assert not accepted(mutated), f"the schema refuses {value!r} at {path}, the validator accepts it"

    check()


@pytest.mark.parametrize(
    ("field", "value"),
    [("listed", "yes"), ("listed", "true"), ("listed", 1), ("listed", "off"), ("listed", 0)],
)
def test_lax_booleans_are_refused_by_both(field: str, value: Any) -> None:
    """The readings a lax validator makes of a boolean are refused by the schema and by the validator."""
    document = {
        "kind": "matter_review",
        "matter": {
            "id": "m",
            "name": "n",
            "unit": {"name": "u", "level": "municipal", "requires_certification": True},
            "kind": "licensing",
            "review_mode": "formal",
            "listed": True,
            "commitment_condition_met": True,
        },
    }
    assert accepted(document)
    document["matter"][field] = value
    assert (False, False) == (schema_validator("matter_review").is_valid(document), accepted(document))
