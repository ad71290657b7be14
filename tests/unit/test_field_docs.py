"""Field descriptions read when a model's schema is built give what pydantic's ``use_attribute_docstrings`` gives."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest
from pydantic import BaseModel, ConfigDict, Field

from commitrules import _field_docs
from commitrules.model import CASE_MODELS, Entity
from commitrules.policy.files.base import FileModel


class _Eager(BaseModel):
    """pydantic's own reading of the docstrings, when each class is made: the reference."""

    model_config = ConfigDict(use_attribute_docstrings=True)


def _toys(base: type[BaseModel]) -> list[type[BaseModel]]:
    """The same models on ``base``: a description given, inherited, re-annotated, nested, in ``if`` blocks."""

    class Parent(base):  # type: ignore[valid-type,misc]
        a: int = 0
        """The a.

        Over two lines."""
        b: int = Field(default=1, description="given")
        """Not taken: a given description wins."""
        c: int = 2
        d: int = 3
        "A plain string."
        if True:  # a nested statement of the class body
            e: int = 4
            """The e."""

        def method(self) -> int:
            x: int = 1
            """Not a field."""
            return x

    class Child(Parent):
        c: int = 5
        """The c of the child."""
        f: str = ""
        """The f."""

        class Inner(base):  # type: ignore[valid-type,misc]
            g: int = 0
            """The g."""

    class Again(Child):
        a: int = 7
        h: int = 8
        """The h."""

    return [Parent, Child, Child.Inner, Again]


def _descriptions(models: list[type[BaseModel]]) -> list[dict[str, str | None]]:
    for model in models:
        model.model_json_schema()
    return [{name: info.description for name, info in model.model_fields.items()} for model in models]


@pytest.mark.parametrize("base", [Entity, FileModel])
def test_descriptions_are_pydantics(base: type[BaseModel]) -> None:
    """Given, own, inherited, re-annotated without a docstring, nested: as pydantic reads them at creation."""
    ours = _toys(base)
    assert all(not info.description for info in ours[0].model_fields.values() if info.description != "given")
    expected = _descriptions(_toys(_Eager))
    assert _descriptions(ours) == expected
    assert expected[0] == {
        "a": "The a.\n\nOver two lines.",
        "b": "given",
        "c": None,
        "d": "A plain string.",
        "e": "The e.",
    }
    assert expected[3]["a"] is None  # re-annotated without a docstring: the base's is not kept
    assert expected[3]["c"] == "The c of the child."


class TopLevel(Entity):
    """A class at the top level of its module, parsed alone."""

    x: int = 0
    """The x."""


class Spread(
    Entity,
):
    """A class header over three lines, a comment and a string in the first column."""

    y: str = "y"
    """The y,
with a line in the first column."""
    # a comment in the first column
    z: int = 0
    """The z."""


def test_a_class_is_read_alone_or_with_its_module_alike() -> None:
    """Cut at the next line in the first column; where the cut is unsure, the module is read instead."""
    top, spread = _field_docs._LINES[TopLevel], _field_docs._LINES[Spread]
    assert top is not None
    assert spread is not None
    assert _field_docs._class_alone(TopLevel, top) == {"x": "The x."}
    assert _field_docs._class_alone(Spread, spread) is None  # the string is cut: not certain
    assert _descriptions([TopLevel, Spread]) == [
        {"x": "The x."},
        {"y": "The y,\nwith a line in the first column.", "z": "The z."},
    ]


def _package_models() -> list[type[BaseModel]]:
    import commitrules.model.cases
    import commitrules.policy.files  # noqa: F401 - every file model

    found: list[type[BaseModel]] = []
    todo: list[type[Any]] = [Entity, FileModel]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub.__module__.startswith("commitrules.") and sub not in found:
                found.append(sub)
                todo.append(sub)
    return found


def test_every_model_of_the_package_is_read_alone_as_its_module_reads_it() -> None:
    """Parsing a class statement alone gives the docstrings that parsing its whole module gives."""
    models = _package_models()
    assert len(models) > 50
    alone = 0
    for model in models:
        line = _field_docs._LINES[model]
        assert line is not None, model
        whole = _field_docs._module_classes(model.__module__)[line]
        assert whole[0] == model.__name__
        found = _field_docs._class_alone(model, line)
        if found is not None:
            alone += 1
            assert found == whole[2], model
    assert alone == len(models)  # the package's classes are all at the top level, in the usual form


_SCHEMA = """
import json, sys
from commitrules.model import CASE_MODELS
kind = sys.argv[1]
if sys.argv[2] == "validate-first":
    CASE_MODELS[kind].model_validate(json.loads(sys.argv[3]))
print(json.dumps(CASE_MODELS[kind].model_json_schema(), ensure_ascii=False, sort_keys=True))
"""


def test_a_schema_built_by_a_validation_first_has_its_descriptions() -> None:
    """A model validated before any schema is asked for describes its fields as one asked for first."""
    case = {"kind": "credit_site", "content": {"items": []}}
    out = [
        subprocess.run(
            [sys.executable, "-c", _SCHEMA, "credit_site", order, json.dumps(case)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for order in ("schema-first", "validate-first")
    ]
    assert out[0] == out[1]
    schema = json.loads(out[0])
    assert schema["properties"]["content"]["description"] == "What the site publishes."
    CASE_MODELS["credit_site"].model_validate(case)  # built here by a validation: described
    assert CASE_MODELS["credit_site"].model_fields["content"].description == "What the site publishes."
