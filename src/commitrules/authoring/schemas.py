"""JSON Schemas of case documents with the codes of a pack's vocabulary.

The case models mark the fields of open lists (risk flags, verification methods, channels) with
``x-vocabulary: <list>`` in their JSON Schema; :func:`case_schema` turns each into an ``enum`` of the
loaded pack's codes, with each code's Chinese label in the description, so that an editor completes
them (the published schema has no keyword of its own). Each model and field has its Chinese help
(:mod:`commitrules.model.field_help_zh`) first and its English one after it, as the schemas of the
pack's files have (:mod:`commitrules.authoring.file_schemas`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from commitrules.authoring.schema_help import help_in_chinese
from commitrules.model import CASE_MODELS
from commitrules.model.field_help_zh import CASE_FIELD_HELP_ZH

if TYPE_CHECKING:
    from commitrules.policy.vocabulary import Vocabulary

__all__ = ["case_schema", "with_vocabulary"]


def with_vocabulary(schema: Any, vocabulary: Vocabulary) -> Any:
    """``schema`` with every ``x-vocabulary`` string replaced by an enum of the list's codes (a copy)."""
    if isinstance(schema, list):
        return [with_vocabulary(item, vocabulary) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out = {key: with_vocabulary(value, vocabulary) for key, value in schema.items()}
    list_name = out.pop("x-vocabulary", None)
    if isinstance(list_name, str):
        codes = vocabulary.codes(list_name)
        out["enum"] = list(codes)
        out.pop("pattern", None)
        labels = "；".join(f"{code}：{vocabulary.label(list_name, code, 'zh')}" for code in codes)
        out["description"] = (
            f"词汇表 '{list_name}'（vocabulary.yaml）中的代码：{labels}。\n\n"
            f"A code of the vocabulary list '{list_name}' (vocabulary.yaml)."
        )
    return out


def case_schema(kind: str | None, vocabulary: Vocabulary) -> dict[str, Any]:
    """The JSON Schema of case documents of ``kind`` (None: any kind) with ``vocabulary``'s codes.

    Raises:
        KeyError: ``kind`` is not a case kind.
    """
    if kind is not None:
        schema = CASE_MODELS[kind].model_json_schema()
    else:
        from pydantic import TypeAdapter  # noqa: PLC0415 - only the schema of every kind needs it

        union: Any = None
        for model in CASE_MODELS.values():
            union = model if union is None else union | model
        schema = TypeAdapter(union).json_schema()
        schema["title"] = "commitrules case"
    result: dict[str, Any] = with_vocabulary(schema, vocabulary)
    help_in_chinese(result, CASE_FIELD_HELP_ZH)
    return result
