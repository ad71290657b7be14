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

from commitrules.messages import catalogue
from commitrules.policy.yaml.source_map import START, Mark, NodeStyle

__all__ = [
    "PLAIN",
    "STYLE_WORDS",
    "YAML_TAG",
    "key_problem",
    "known_message_id",
    "scalar_problem",
    "style_of",
    "syntax_message",
]

YAML_TAG: Final = "tag:yaml.org,2002:"


STYLE_WORDS: Final[dict[NodeStyle, str]] = {"mapping": "a mapping", "sequence": "a list"}


def style_of(event: NodeEvent) -> NodeStyle:
    """How a collection is written: a mapping or a list."""
    return "mapping" if isinstance(event, MappingStartEvent) else "sequence"


def key_problem(event: ScalarEvent, name: Any) -> str | None:
    """Why a scalar cannot be a key, or None when it can."""
    if isinstance(name, str):
        if event.style in PLAIN and name == "<<":
            return "Merge keys ('<<') are not allowed in policy files. Write the keys out in full."
        return None
    if name is None:
        return (
            "A key must be text, but this key is empty or null. Write a name before the ':' "
            "(or put '~' and 'null' in quotes if you mean the text)."
        )
    kinds = {bool: "true/false", int: "a number", float: "a number"}
    kind = kinds.get(type(name), "a date" if hasattr(name, "year") else "not text")
    return (
        f"A key must be text, but '{event.value}' is read as {kind}. Put it in quotes "
        f'("{event.value}") if it is meant as a name.'
    )


PLAIN: Final = (None, "")


def scalar_problem(event: ScalarEvent, tag: str, error: Exception) -> str:
    """Why a scalar could not be read as its (implicit or explicit) type."""
    kind = tag.removeprefix(YAML_TAG)
    if kind == "timestamp":
        detail = str(error).rstrip(".")
        return (
            f"'{event.value}' looks like a date but is not a valid one ({detail}). Write a real date as "
            "YYYY-MM-DD, or put the value in quotes if it is meant as text."
        )
    words = _TAG_WORDS.get(kind, kind)
    return f"'{event.value}' cannot be read as {words}. Correct the value, or remove the tag."


_TAG_WORDS: Final = {"int": "a whole number", "float": "a number", "bool": "true or false", "null": "null"}


# --- syntax errors --------------------------------------------------------------------------------


def syntax_message(error: yaml.MarkedYAMLError) -> tuple[str, Mark]:
    """PyYAML's problem as an actionable sentence, and the mark to point at."""
    problem = error.problem or error.context or "invalid YAML"
    mark: Mark = error.problem_mark or error.context_mark or START
    context = error.context_mark
    if problem == "found unexpected end of stream" and context is not None:
        # The end of the file is a useless place to point at: the opening quote is where to look.
        return _KNOWN_PROBLEMS[problem], context
    known = _KNOWN_PROBLEMS.get(problem) or next(
        (text for prefix, text in _KNOWN_PREFIXES if problem.startswith(prefix)), None
    )
    if known is not None:
        return known, mark
    match = _EXPECTED_FOUND.match(problem)
    if match is None:
        where = f" (see line {context.line + 1})" if context is not None else ""
        return f"{problem[0].upper()}{problem[1:]}{where}.", mark
    expected, found = match["expected"], _TOKEN_WORDS.get(match["found"], match["found"])
    if expected in ("',' or ']'", "',' or '}'") and context is not None:
        opening = "[" if expected.endswith("']'") else "{"
        message = (
            f"The '{opening}' at line {context.line + 1}, column {context.column + 1} is not closed "
            f"before {found}. Add the closing '{expected[-2]}', separate entries with ',', and put an "
            "entry that contains ',' or ': ' in quotes."
        )
        return message, mark
    if expected == "<block end>":
        message = (
            f"Found {found} where the block above should have ended. Check the indentation of this "
            "line against the lines above it."
        )
        return message, mark
    return f"Expected {expected}, found {found}.", mark


_TOKEN_WORDS: Final = {
    "'<scalar>'": "a value",
    "'<block mapping start>'": "a new mapping",
    "'<block sequence start>'": "a new list",
    "'<block end>'": "the end of the block",
    "'<stream end>'": "the end of the file",
    "'<document start>'": "'---'",
    "'<document end>'": "'...'",
    "'<anchor>'": "an anchor",
    "'<alias>'": "an alias",
    "'<tag>'": "a tag",
    "'-'": "a '-' list item",
    "'?'": "a key",
}
_EXPECTED_FOUND: Final = re.compile(r"expected (?P<expected>.+?), but (?:found|got) (?P<found>.+)\Z")
_KNOWN_PROBLEMS: Final = {
    "found unexpected end of stream": (
        "This quoted text is never closed: the file ends before its closing quote. Add the closing quote."
    ),
    "mapping values are not allowed here": (
        "A ':' followed by a space is not allowed here. If the value contains ': ', put the whole "
        "value in quotes; otherwise check the indentation of this line."
    ),
    "sequence entries are not allowed here": (
        "A '- ' list item is not allowed here. Check the indentation of this line."
    ),
    "could not find expected ':'": (
        "Expected ':' after a key. A key and its ':' must be on one line; if this is a value that "
        "goes on over several lines, put it in quotes."
    ),
    "found unexpected ':'": (
        "A ':' inside '{...}' or '[...]' must be followed by a space. Put the value in quotes if the ':' belongs to it."
    ),
}
_KNOWN_PREFIXES: Final = (
    (
        r"found character '\t'",
        "A tab cannot be used here: YAML indents with spaces. Replace the tab with spaces.",
    ),
    (
        "found character",
        (
            "A plain value cannot start with this character ('@', '`' and '%' are reserved in YAML). "
            "Put the whole value in quotes."
        ),
    ),
    (
        "found unknown escape character",
        (
            r"Unknown escape sequence in double-quoted text. Write '\\' for a backslash, or use "
            "single quotes, in which a backslash is an ordinary character."
        ),
    ),
)


def known_message_id(text: str) -> str | None:
    """The catalogue id (``yaml.*``) of one of the fixed sentences above, so that it shows in Chinese too.

    The sentences are the English entries of ``messages/en.yaml``; a test keeps every one of them there.
    """
    return next((key for key, value in catalogue("en").items() if key.startswith("yaml.") and value == text), None)
