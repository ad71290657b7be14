"""Every form of a value the file models accept compiles to the same pack (issue 9).

A file model may accept a value in more than one form: a date written ``2020-01-01`` or quoted
``'2020-01-01'``, ``true`` or ``'yes'``, one clause id or a list of them. The compiler must compile
what the model made of the value, never the value as written: once, a quoted ``effective`` date passed
``commitrules check`` and then failed every evaluation.

The fields come from the models themselves (:func:`typed_fields`): every field whose value is not
plain text. ``tests/compile/forms/`` (with ``base/`` and ``include/``) writes each of them at least
once in its canonical form; a new field of the models fails :func:`test_the_fixture_writes_every_typed_field`
until the fixture writes it too. For each field, every occurrence is rewritten in every other form
(:func:`other_forms`); when the model takes the rewritten file to the same model, the compiled pack
must be the same too.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import shutil
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import pytest
import yaml
from pydantic import BaseModel

from commitrules.policy.compile import compile_pack
from commitrules.policy.files import ClausesFile, OrganizationFile, PackFile, PolicyFile, SettingsFile, validate_file
from commitrules.policy.pack import PolicyPack, Provenance
from commitrules.policy.yaml import load_yaml

HERE = Path(__file__).parent / "compile"
FILE_MODELS: dict[str, type[BaseModel]] = {
    "pack": PackFile,
    "settings": SettingsFile,
    "clauses": ClausesFile,
    "organization": OrganizationFile,
}
Path_ = tuple[str | int, ...]


def _bare(annotation: Any) -> Any:
    """The annotation without Annotated, Optional and type aliases."""
    while True:
        if get_origin(annotation) is Annotated:
            annotation = get_args(annotation)[0]
        elif hasattr(annotation, "__value__"):  # TypeAliasType (Condition)
            annotation = annotation.__value__
        elif get_origin(annotation) in {Union, types.UnionType}:
            members = [a for a in get_args(annotation) if a is not type(None)]
            if len(members) != 1:
                return annotation
            annotation = members[0]
        else:
            return annotation


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The file models an annotation holds (directly, in a tuple or dict, or in a union)."""
    bare = _bare(annotation)
    if isinstance(bare, type) and issubclass(bare, BaseModel):
        return [bare]
    return [m for arg in get_args(bare) for m in _models_in(arg)]


def _is_text(annotation: Any) -> bool:
    bare = _bare(annotation)
    if bare is str:
        return True
    return get_origin(bare) is Literal and all(isinstance(a, str) for a in get_args(bare))


def typed_fields() -> list[str]:
    """``Model.field`` of every field of the file models whose value is not plain text (or only models)."""
    seen: set[type[BaseModel]] = set()
    found: list[str] = []
    todo: list[type[BaseModel]] = [PolicyFile, *FILE_MODELS.values()]
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, info in model.model_fields.items():
            inner = _models_in(info.annotation)
            todo.extend(inner)
            bare = _bare(info.annotation)
            holds_only_models = inner and all(
                isinstance(a, type) and issubclass(a, BaseModel) for a in [bare, *get_args(bare)] if a is not Ellipsis
            )
            if not _is_text(info.annotation) and not holds_only_models and not _is_condition(info.annotation):
                found.append(f"{model.__name__}.{info.alias or name}")
    return sorted(found)


def _is_condition(annotation: Any) -> bool:
    """A condition is text or all/any/not of conditions: its leaves are text, walked as models."""
    return getattr(_bare_alias(annotation), "__name__", None) == "Condition"


def _bare_alias(annotation: Any) -> Any:
    while get_origin(annotation) is Annotated or (
        get_origin(annotation) in {Union, types.UnionType} and type(None) in get_args(annotation)
    ):
        args = [a for a in get_args(annotation) if a is not type(None)]
        annotation = args[0]
    return annotation


def occurrences(model: type[BaseModel], data: Any, path: Path_ = ()) -> Iterator[tuple[str, Path_]]:
    """``(Model.field, path)`` of every typed field written in ``data`` (data valid for ``model``)."""
    by_alias = {info.alias or name: info for name, info in model.model_fields.items()}
    for key, value in data.items():
        field = f"{model.__name__}.{key}"
        if field in TYPED:
            yield field, (*path, key)
        yield from _inside(_models_in(by_alias[key].annotation), value, (*path, key))


def _inside(models: list[type[BaseModel]], value: Any, path: Path_) -> Iterator[tuple[str, Path_]]:
    """The typed fields inside a value that holds models (a model, a list of them, a mapping of them)."""
    if not models:
        return
    if isinstance(value, list):
        for i, item in enumerate(value):
            yield from _inside(models, item, (*path, i))
    elif isinstance(value, dict):
        fitting = [m for m in models if set(value) <= _aliases(m)]
        if fitting:
            yield from occurrences(fitting[0], value, path)
        else:  # a mapping of models by name (settings)
            for name, item in value.items():
                yield from _inside(models, item, (*path, name))


def _aliases(model: type[BaseModel]) -> set[str]:
    return {info.alias or name for name, info in model.model_fields.items()}


TYPED = typed_fields()


def other_forms(value: Any) -> list[Any]:
    """Other ways to write ``value`` that a model may accept as the same value."""
    if isinstance(value, bool):
        words = ("true", "yes", "on", "1") if value else ("false", "no", "off", "0")
        return [*words, int(value)]
    if isinstance(value, dt.date):
        return [value.isoformat()]
    if isinstance(value, int | float):
        return [str(value), float(value)] if isinstance(value, int) else [str(value)]
    if isinstance(value, list) and len(value) == 1:
        return [value[0]]
    return []


def _files() -> dict[str, dict[str, Any]]:
    """The fixture pack, each file as plain data (base, then include, then forms)."""
    out: dict[str, dict[str, Any]] = {}
    for folder in ("base", "include", "forms"):
        for source in sorted((HERE / folder).glob("*.yaml")):
            out[source.stem] = yaml.safe_load(source.read_text(encoding="utf-8"))
    return out


def _model_of(stem: str) -> type[BaseModel]:
    return FILE_MODELS.get(stem, PolicyFile)


def _write(files: dict[str, dict[str, Any]], target: Path) -> Path:
    if target.exists():
        shutil.rmtree(target)
    target.mkdir()
    for stem, data in files.items():
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        (target / f"{stem}.yaml").write_text(text, encoding="utf-8")
    return target


def _set(data: Any, path: Path_, value: Any) -> None:
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value


def _get(data: Any, path: Path_) -> Any:
    for key in path:
        data = data[key]
    return data


def _comparable(pack: PolicyPack) -> PolicyPack:
    """The pack without what depends on how the files are laid out (digest, folder, lines of rules)."""
    policies = {
        kind: dataclasses.replace(
            policy,
            rules=tuple(
                dataclasses.replace(rule, provenance=Provenance(Path(rule.provenance.file).name, 0, 0))
                for rule in policy.rules
            ),
        )
        for kind, policy in pack.policies.items()
    }
    return dataclasses.replace(
        pack,
        digest="",
        source="",
        policies={k: dataclasses.replace(p, file=Path(p.file).name) for k, p in policies.items()},
    )


def _same_model(stem: str, data: dict[str, Any], canonical: dict[str, Any]) -> bool:
    """Whether the model takes ``data`` to what it takes ``canonical`` to (by repr: 3 is not 3.0)."""
    model = _model_of(stem)
    ours, _ = validate_file(load_yaml(yaml.safe_dump(data, allow_unicode=True), f"{stem}.yaml"), model)
    theirs, _ = validate_file(load_yaml(yaml.safe_dump(canonical, allow_unicode=True), f"{stem}.yaml"), model)
    return ours is not None and repr(ours) == repr(theirs)


def test_the_fields_come_from_the_models() -> None:
    """The list holds the fields whose forms once compiled differently, and no plain-text field."""
    assert {
        "Effective.from",
        "Effective.until",
        "ClauseEntry.external",
        "Then.advisory",
        "Rule.clause",
        "SettingEntry.value",
    } <= set(TYPED)
    assert "Rule.id" not in TYPED
    assert "Rule.quote" not in TYPED
    assert "Rule.when" not in TYPED


def test_the_fixture_writes_every_typed_field() -> None:
    """Each typed field of the models is written at least once in the fixture pack."""
    written = {field for stem, data in _files().items() for field, _ in occurrences(_model_of(stem), data)}
    assert [] == sorted(set(TYPED) - written)


#: Fields a model reads in more than one form: each must have been rewritten at least once.
COERCED = ("Effective.from", "Effective.until", "ClauseEntry.external", "Then.advisory", "Rule.clause")


@pytest.mark.parametrize("field", TYPED)
def test_every_accepted_form_compiles_to_the_same_pack(field: str, tmp_path: Path) -> None:
    """Rewriting ``field`` in a form its model accepts as the same value leaves the compiled pack unchanged."""
    files = _files()
    canonical = _comparable(compile_pack(_write(files, tmp_path / "canonical")))
    tried = 0
    for stem, data in files.items():
        for found, path in occurrences(_model_of(stem), data):
            if found != field:
                continue
            original = _get(data, path)
            for form in other_forms(original):
                rewritten = copy.deepcopy(data)
                _set(rewritten, path, form)
                if not _same_model(stem, rewritten, data):
                    continue  # the model rejects this form, or reads it as another value
                compiled = _comparable(compile_pack(_write({**files, stem: rewritten}, tmp_path / "variant")))
                assert canonical == compiled, f"{stem}.yaml {path}: {original!r} written as {form!r}"
                tried += 1
    if field in COERCED:
        assert tried > 0, f"no other form of {field} was accepted by its model"
