"""Every case model, field and code type has Chinese help, shown where its English docstring is.

The form of the playground shows a field's description as the hint beside it: in the Chinese page that
is the Chinese help alone (``/playground/api/schema/{kind}?lang=zh``); the schemas for editors
(``commitrules schema case``) put the Chinese help first and the English one after it, as the schemas
of the pack's files do. A new field without Chinese help, or a key of the table that names nothing any
more, fails here.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
from typing import Any

import pytest

from commitrules.cli import main
from commitrules.engine.decision import Decision
from commitrules.engine.decision_help_zh import DECISION_FIELD_HELP_ZH
from commitrules.model import CASE_MODELS
from commitrules.model.field_help_zh import CASE_FIELD_HELP_ZH
from commitrules.service.pages.playground import case_form_schema
from tests.language_leaks import english_runs

_CJK = re.compile(r"[\u4e00-\u9fff]")


def _models() -> dict[str, dict[str, Any]]:
    """Every model and code type the case schemas have, by title, with its schema."""
    found: dict[str, dict[str, Any]] = {}
    for model in CASE_MODELS.values():
        schema = model.model_json_schema()
        found[schema["title"]] = schema
        found.update(schema.get("$defs", {}))
    return found


def _names() -> set[str]:
    """``Model`` and ``Model.field`` of every model, field and code type reachable from CASE_MODELS."""
    models = _models()
    return {*models, *(f"{name}.{field}" for name, schema in models.items() for field in schema.get("properties", {}))}


def _printed_schema(*args: str) -> dict[str, Any]:
    """``commitrules schema case ARGS`` as the command line prints it."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert 0 == main(["schema", "case", *args])
    schema: dict[str, Any] = json.loads(out.getvalue())
    return schema


def test_every_case_model_field_and_code_type_has_chinese_help() -> None:
    """A new field (or model, or code type) cannot reach the form or the editor in English only."""
    names = _names()
    assert len(names) > 250, "the walk found the case models' fields"
    assert [] == sorted(names - set(CASE_FIELD_HELP_ZH))


def test_every_key_of_the_table_names_a_case_model_field_or_code_type() -> None:
    """A renamed or removed field leaves no stale help behind."""
    assert [] == sorted(set(CASE_FIELD_HELP_ZH) - _names())


@pytest.mark.parametrize("key", sorted(CASE_FIELD_HELP_ZH))
def test_each_help_is_chinese_with_codes_in_ascii(key: str) -> None:
    """The help is written in Chinese: it may name codes (``pre_decision``) but says nothing in English."""
    text = CASE_FIELD_HELP_ZH[key]
    assert _CJK.search(text), key
    assert [] == english_runs(text)
    assert text.endswith("。"), key


def test_the_chinese_form_schema_has_the_chinese_help_alone() -> None:
    """With lang zh each field's hint, and each model's description, is its Chinese help, with no English."""
    schema = case_form_schema("blacklist", "zh")
    entry = schema["$defs"]["BlacklistEntry"]
    assert "主体被列入的日期。" == entry["properties"]["listed_on"]["description"]
    assert (
        "被列入的主体；被列入的是自然人的，通知其所在单位 subject.employer（二(二)4）。"
        == (entry["properties"]["subject"]["description"])
    )
    assert CASE_FIELD_HELP_ZH["BlacklistEntry"] == entry["description"]
    assert CASE_FIELD_HELP_ZH["BlacklistCase"] == schema["description"]
    assert "案件类型，固定为 blacklist。" == schema["properties"]["kind"]["description"]
    assert "markdownDescription" not in json.dumps(schema)


@pytest.mark.parametrize("kind", sorted(CASE_MODELS))
def test_the_chinese_form_schema_of_every_kind_says_nothing_in_english(kind: str) -> None:
    """Every description of the Chinese form's schema is the Chinese help, every choice has its Chinese name
    (``x-labels``, shown in the form before the code), and the schema is otherwise the model's."""
    english = CASE_MODELS[kind].model_json_schema()
    chinese = case_form_schema(kind, "zh")
    models = [chinese, *chinese.get("$defs", {}).values()]
    described = [*models, *(p for m in models for p in m.get("properties", {}).values())]
    assert all(_CJK.search(node["description"]) for node in described)
    assert [] == [node["description"] for node in described if english_runs(node["description"])]

    choices = [node for node in chinese.get("$defs", {}).values() if "enum" in node]
    assert [] == [
        (node["title"], code)
        for node in choices
        for code in node["enum"]
        if not _CJK.search(node.get("x-labels", {}).get(code, ""))
    ]

    def without_descriptions(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: without_descriptions(v) for k, v in node.items() if k not in ("description", "x-labels")}
        return [without_descriptions(v) for v in node] if isinstance(node, list) else node

    assert without_descriptions(english) == without_descriptions(chinese)


@pytest.mark.parametrize("lang", [None, "en", "fr", "zh-CN"])
def test_the_form_schema_in_any_other_language_is_the_models_own(lang: str | None) -> None:
    """No lang, en, or one the pages do not know: the model's schema, its English docstrings as hints."""
    assert CASE_MODELS["blacklist"].model_json_schema() == case_form_schema("blacklist", lang)
    listed = case_form_schema("blacklist", lang)["$defs"]["BlacklistEntry"]["properties"]["listed_on"]
    assert "The day the subject was listed." == listed["description"]


def test_the_editor_schema_of_a_case_has_chinese_help_first_then_english() -> None:
    """``commitrules schema case KIND``: hover shows the Chinese help, a blank line, the English one."""
    schema = _printed_schema("blacklist")
    listed = schema["$defs"]["BlacklistEntry"]["properties"]["listed_on"]
    assert "主体被列入的日期。\n\nThe day the subject was listed." == listed["description"]
    assert listed["description"] == listed["markdownDescription"]
    assert schema["description"].startswith(CASE_FIELD_HELP_ZH["BlacklistCase"] + "\n\n失信惩戒: what an active")
    assert "案件类型，固定为 blacklist。" == schema["properties"]["kind"]["description"]


def test_the_editor_schema_of_every_kind_has_chinese_help_first() -> None:
    """``commitrules schema case`` (every kind in one schema): each model's help starts with its Chinese one."""
    schema = _printed_schema()
    for name, model in schema["$defs"].items():
        assert model["description"].startswith(CASE_FIELD_HELP_ZH[name]), name
        for field, prop in model.get("properties", {}).items():
            assert prop["description"].startswith(CASE_FIELD_HELP_ZH[f"{name}.{field}"]), f"{name}.{field}"


def test_a_vocabulary_field_of_the_editor_schema_says_its_list_in_chinese_first() -> None:
    """A code of an open list: the field's help, then the list's codes with their Chinese names, then English."""
    method = _printed_schema("verification")["$defs"]["VerificationResult"]["properties"]["method"]
    assert method["description"].startswith(
        CASE_FIELD_HELP_ZH["VerificationResult.method"]
        + "\n\n词汇表 'verification_methods'（vocabulary.yaml）中的代码："
    )
    assert method["description"].startswith("所用的核查方式。仅作记录")
    assert "written_check：书面核查" in method["description"]
    assert method["description"].endswith("\n\nA code of the vocabulary list 'verification_methods' (vocabulary.yaml).")


@pytest.mark.parametrize("kind", sorted(CASE_MODELS))
def test_the_chinese_form_schema_says_nothing_in_english(kind: str) -> None:
    """The hints of open lists' codes ('A code of the vocabulary list ...') were English in the Chinese form."""
    said: list[str] = []
    pending: list[Any] = [case_form_schema(kind, "zh")]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            said += [node["description"]] if isinstance(node.get("description"), str) else []
            pending += node.values()
        elif isinstance(node, list):
            pending += node
    assert [] == [words for words in said if english_runs(words)]


def test_every_decision_model_and_field_has_chinese_help_and_no_more() -> None:
    """GET /v1/schemas/decision in Chinese describes every model and field of the decision in Chinese."""
    schema = Decision.model_json_schema()
    models = [schema, *schema["$defs"].values()]
    names = {m["title"] for m in models} | {f"{m['title']}.{f}" for m in models for f in m.get("properties", {})}
    assert set() == names ^ set(DECISION_FIELD_HELP_ZH)
    for key, text in DECISION_FIELD_HELP_ZH.items():
        assert _CJK.search(text), key
        assert [] == english_runs(text), key
        assert text.endswith("。"), key
