"""Why a file is not plain policy YAML, in words a policy author can act on."""

from __future__ import annotations

from typing import Any, Final

from yaml.events import (
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
)

from commitrules.messages import Text
from commitrules.policy.yaml.source_map import NodeStyle
from commitrules.policy.yaml.syntax import syntax_message

__all__ = [
    "PLAIN",
    "STYLE_WORDS",
    "YAML_TAG",
    "key_problem",
    "scalar_problem",
    "style_of",
    "syntax_message",
]

YAML_TAG: Final = "tag:yaml.org,2002:"


STYLE_WORDS: Final[dict[NodeStyle, Text]] = {"mapping": Text("word.mapping"), "sequence": Text("word.list")}


def style_of(event: NodeEvent) -> NodeStyle:
    """How a collection is written: a mapping or a list."""
    return "mapping" if isinstance(event, MappingStartEvent) else "sequence"


def key_problem(event: ScalarEvent, name: Any) -> Text | None:
    """Why a scalar cannot be a key, or None when it can."""
    if isinstance(name, str):
        if event.style in PLAIN and name == "<<":
            return Text("yaml.merge_key")
        return None
    if name is None:
        return Text("yaml.null_key")
    kinds = {bool: "word.true_false", int: "word.number", float: "word.number"}
    kind = kinds.get(type(name), "word.date" if hasattr(name, "year") else "word.not_text")
    return Text("yaml.key_not_text", value=event.value, kind=Text(kind))


PLAIN: Final = (None, "")


def scalar_problem(event: ScalarEvent, tag: str, error: Exception) -> Text:
    """Why a scalar could not be read as its (implicit or explicit) type."""
    kind = tag.removeprefix(YAML_TAG)
    if kind == "timestamp":
        return Text("yaml.bad_date", value=event.value, detail=_date_detail(error))
    words = Text(_TAG_WORDS[kind]) if kind in _TAG_WORDS else kind
    return Text("yaml.bad_scalar", value=event.value, words=words)


def _date_detail(error: Exception) -> Text | str:
    """Why a date is not one (Python's ``date()`` says it in English: the usual cases in words)."""
    detail = str(error).rstrip(".")
    known = {
        "month must be in 1..12": "yaml.date.month",
        "day is out of range for month": "yaml.date.day",
        "year 0 is out of range": "yaml.date.year",
    }
    # anything else Python or PyYAML says is in English, and about its own workings ('NoneType' ...)
    return Text(known[detail]) if detail in known else Text("yaml.date.form")


_TAG_WORDS: Final = {"int": "word.whole_number", "float": "word.number", "bool": "word.true_false", "null": "word.null"}
