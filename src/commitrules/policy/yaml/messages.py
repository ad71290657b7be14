"""Why a file is not plain policy YAML, in words a policy author can act on."""

from __future__ import annotations

import re
from typing import Any, Final

import yaml
from yaml.events import (
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
)

from commitrules.messages import Text
from commitrules.policy.yaml.source_map import START, Mark, NodeStyle

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
    return Text(known[detail]) if detail in known else detail


_TAG_WORDS: Final = {"int": "word.whole_number", "float": "word.number", "bool": "word.true_false", "null": "word.null"}


# --- syntax errors --------------------------------------------------------------------------------


def syntax_message(error: yaml.MarkedYAMLError) -> tuple[Text, Mark]:
    """PyYAML's problem as an actionable sentence, and the mark to point at."""
    problem = error.problem or error.context or "invalid YAML"
    mark: Mark = error.problem_mark or error.context_mark or START
    context = error.context_mark
    if problem == "found unexpected end of stream" and context is not None:
        # The end of the file is a useless place to point at: the opening quote is where to look.
        return Text(_KNOWN_PROBLEMS[problem]), context
    known = _KNOWN_PROBLEMS.get(problem) or next(
        (text for prefix, text in _KNOWN_PREFIXES if problem.startswith(prefix)), None
    )
    if known is not None:
        return Text(known), mark
    match = _EXPECTED_FOUND.match(problem)
    if match is None:
        # PyYAML's own words for a rare problem; the Chinese message says so around them.
        line = context.line + 1 if context is not None else mark.line + 1
        return Text("yaml.other", problem=f"{problem[0].upper()}{problem[1:]}", line=line), mark
    expected, found = match["expected"], _token(match["found"])
    if expected in ("',' or ']'", "',' or '}'") and context is not None:
        opening = "[" if expected.endswith("']'") else "{"
        where = {"line": context.line + 1, "column": context.column + 1}
        return Text("yaml.unclosed", opening=opening, found=found, closing=expected[-2], **where), mark
    if expected == "<block end>":
        return Text("yaml.block_end", found=found), mark
    return Text("yaml.expected_found", expected=_token(f"'{expected}'"), found=found), mark


def _token(token: str) -> Text | str:
    """A PyYAML token name (``'<scalar>'``) in words."""
    return Text(_TOKEN_WORDS[token]) if token in _TOKEN_WORDS else token


_TOKEN_WORDS: Final = {
    "'<scalar>'": "yaml.token.scalar",
    "'<block mapping start>'": "yaml.token.mapping",
    "'<block sequence start>'": "yaml.token.sequence",
    "'<block end>'": "yaml.token.block_end",
    "'<stream end>'": "yaml.token.stream_end",
    "'<document start>'": "yaml.token.document_start",
    "'<document end>'": "yaml.token.document_end",
    "'<anchor>'": "yaml.token.anchor",
    "'<alias>'": "yaml.token.alias",
    "'<tag>'": "yaml.token.tag",
    "'-'": "yaml.token.dash",
    "'?'": "yaml.token.key",
}
_EXPECTED_FOUND: Final = re.compile(r"expected (?P<expected>.+?), but (?:found|got) (?P<found>.+)\Z")
_KNOWN_PROBLEMS: Final = {
    "found unexpected end of stream": "yaml.unclosed_quote",
    "mapping values are not allowed here": "yaml.colon_not_allowed",
    "sequence entries are not allowed here": "yaml.dash_not_allowed",
    "could not find expected ':'": "yaml.expected_colon",
    "found unexpected ':'": "yaml.flow_colon",
}
_KNOWN_PREFIXES: Final = (
    (r"found character '\t'", "yaml.tab"),
    ("found character", "yaml.reserved_start"),
    ("found unknown escape character", "yaml.bad_escape"),
)
