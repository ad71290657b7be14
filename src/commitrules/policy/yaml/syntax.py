"""PyYAML's syntax errors in words from the catalogues: what is wrong, what was found, and inside what.

PyYAML raises a finite set of problems: its scanner and parser (the only stages the document builder
runs; the composer and the constructor are replaced by ``builder.py``) say ``problem`` at one mark,
and often a ``context`` ("while scanning a quoted scalar") at another. Each problem and each context
PyYAML 6 can produce is mapped here to a catalogue message, so that a Chinese reader gets no English;
a problem not listed (a later PyYAML) is said with a generic sentence, which in Chinese names no
English words either (English readers also get PyYAML's own words).

The commonest problems get a sentence that says how to fix them (``_KNOWN_PROBLEMS``,
``_KNOWN_PREFIXES``, an unclosed bracket, a block that should have ended).
"""

from __future__ import annotations

import re
from typing import Final

import yaml

from commitrules.messages import Text
from commitrules.policy.yaml.source_map import START, Mark

__all__ = ["syntax_message"]


def syntax_message(error: yaml.MarkedYAMLError) -> tuple[Text, Mark]:  # noqa: PLR0911 - one return per kind of sentence
    """PyYAML's problem as an actionable sentence, and the mark to point at."""
    problem = error.problem or error.context or ""
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
    if match is not None:
        expected, found = match["expected"], found_words(match["found"])
        if expected in ("',' or ']'", "',' or '}'") and context is not None:
            opening = "[" if expected.endswith("']'") else "{"
            where = {"line": context.line + 1, "column": context.column + 1}
            return Text("yaml.unclosed", opening=opening, found=found, closing=expected[-2], **where), mark
        if expected == "<block end>":
            return Text("yaml.block_end", found=found), mark
        inside = context_words(error)
        return Text("yaml.expected_found", expected=expected_words(expected), found=found, context=inside), mark
    for pattern, message_id in _OTHER_PROBLEMS:
        other = pattern.fullmatch(problem)
        if other is not None:
            return Text(message_id, **other.groupdict(), context=context_words(error)), mark
    # A problem of a PyYAML this table does not know yet: said in general terms (English also gets its words).
    line = context.line + 1 if context is not None else mark.line + 1
    said = f"{problem[:1].upper()}{problem[1:]}" if problem else "Invalid YAML"
    return Text("yaml.other", problem=said, line=line, context=context_words(error)), mark


def expected_words(expected: str) -> Text | str:
    """What PyYAML expected (``a digit or '.'``, ``'<document start>'``), in words of the catalogue.

    Examples:
        >>> expected_words("a digit or '.'").in_("zh")
        "数字或 '.'"
        >>> expected_words("'>'")
        "'>'"
    """
    if expected in _EXPECTED_WORDS:
        return Text(_EXPECTED_WORDS[expected])
    hexadecimal = _HEX_ESCAPE.fullmatch(expected)
    if hexadecimal is not None:
        return Text("yaml.expect.hex_escape", count=int(hexadecimal["count"]))
    token = f"'{expected}'" if not expected.startswith("'") else expected
    if token in _TOKEN_WORDS:
        return Text(_TOKEN_WORDS[token])
    if _SYMBOL.fullmatch(expected):
        return expected  # a character in quotes, such as '>' or '!': no words to translate
    return Text("yaml.expect.other", raw=expected)


def found_words(found: str) -> Text | str:
    """What PyYAML found (a token name, or a character as Python writes it), in words of the catalogue.

    Examples:
        >>> str(found_words("'<scalar>'")), str(found_words("' '")), found_words("'x'")
        ('a value', 'a space', "'x'")
    """
    if found in _TOKEN_WORDS:
        return Text(_TOKEN_WORDS[found])
    if found in _CHARACTER_WORDS:
        return Text(_CHARACTER_WORDS[found])
    if found.endswith(" items") and found[:-6].isdigit():  # the constructor's "expected a single mapping item"
        return Text("yaml.n_items", count=int(found[:-6]))
    return found


def context_words(error: yaml.MarkedYAMLError) -> Text | str:
    """Inside what the problem is (``while scanning a quoted scalar`` at a mark), or "" when that says nothing."""
    context, mark = error.context, error.context_mark
    if not context or mark is None or error.problem is None:
        return ""
    what = next((message_id for pattern, message_id in _CONTEXTS if pattern.fullmatch(context)), None)
    if what is None:
        return Text("yaml.context.unknown", line=mark.line + 1, column=mark.column + 1)
    return Text("yaml.context", what=Text(what), line=mark.line + 1, column=mark.column + 1)


_TOKEN_WORDS: Final = {
    "'<scalar>'": "yaml.token.scalar",
    "'<block mapping start>'": "yaml.token.mapping",
    "'<block sequence start>'": "yaml.token.sequence",
    "'<block end>'": "yaml.token.block_end",
    "'<stream end>'": "yaml.token.stream_end",
    "'<stream start>'": "yaml.token.stream_start",
    "'<directive>'": "yaml.token.directive",
    "'<document start>'": "yaml.token.document_start",
    "'<document end>'": "yaml.token.document_end",
    "'<anchor>'": "yaml.token.anchor",
    "'<alias>'": "yaml.token.alias",
    "'<tag>'": "yaml.token.tag",
    "'-'": "yaml.token.dash",
    "'?'": "yaml.token.key",
}
#: Characters PyYAML names with repr(): the end of the text ('\0'), line breaks, white space.
_CHARACTER_WORDS: Final = {
    "'\\x00'": "yaml.token.stream_end",
    "'\\n'": "yaml.char.line_break",
    "'\\r'": "yaml.char.line_break",
    "'\\x85'": "yaml.char.line_break",
    "'\\u2028'": "yaml.char.line_break",
    "'\\u2029'": "yaml.char.line_break",
    "' '": "yaml.char.space",
    "'\\t'": "yaml.char.tab",
    "'\\ufeff'": "yaml.char.bom",
    # the constructor names a node by its id
    "scalar": "yaml.token.scalar",
    "sequence": "yaml.token.sequence",
    "mapping": "yaml.token.mapping",
}
#: Every "expected X" of PyYAML 6's scanner and parser that is words rather than a character.
_EXPECTED_WORDS: Final = {
    "' '": "yaml.expect.space",
    "a comment or a line break": "yaml.expect.comment_or_break",
    "a digit or ' '": "yaml.expect.digit_or_space",
    "a digit or '.'": "yaml.expect.digit_or_dot",
    "a digit": "yaml.expect.digit",
    "alphabetic or numeric character": "yaml.expect.alphanumeric",
    "chomping or indentation indicators": "yaml.expect.block_indicators",
    "indentation indicator in the range 1-9": "yaml.expect.indentation_digit",
    "URI": "yaml.expect.uri",
    "URI escape sequence of 2 hexadecimal numbers": "yaml.expect.uri_escape",
    "the node content": "yaml.expect.node_content",
    "',' or ']'": "yaml.expect.comma_or_bracket",
    "',' or '}'": "yaml.expect.comma_or_brace",
    "<block end>": "yaml.token.block_end",
    # the constructor's (not run by the document builder; here so that no PyYAML problem goes unsaid)
    "a mapping node": "yaml.expect.mapping",
    "a scalar node": "yaml.expect.scalar",
    "a sequence node": "yaml.expect.sequence",
    "a sequence": "yaml.expect.sequence",
    "a mapping for merging": "yaml.expect.merge",
    "a mapping or list of mappings for merging": "yaml.expect.merge",
    "a mapping of length 1": "yaml.expect.pair",
    "a single mapping item": "yaml.expect.pair",
}
_HEX_ESCAPE: Final = re.compile(r"escape sequence of (?P<count>\d+) hexadecimal numbers")
_SYMBOL: Final = re.compile(r"'[^\w\s]'")
_EXPECTED_FOUND: Final = re.compile(r"expected (?P<expected>.+?), but (?:found|got) (?P<found>.+)\Z", re.DOTALL)
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
#: The problems of PyYAML 6 that are no "expected X, but found Y" (named groups: the message's parameters).
_OTHER_PROBLEMS: Final = tuple(
    (re.compile(pattern, re.DOTALL), message_id)
    for pattern, message_id in (
        (r"found unexpected document separator", "yaml.document_separator"),
        (r"mapping keys are not allowed here", "yaml.key_not_allowed"),
        (r"found duplicate YAML directive", "yaml.duplicate_directive"),
        (r"found incompatible YAML document \(version 1\.\* is required\)", "yaml.incompatible_version"),
        (r"duplicate tag handle (?P<handle>.+)", "yaml.duplicate_tag_handle"),
        (r"found undefined tag handle (?P<handle>.+)", "yaml.undefined_tag_handle"),
        (r"found non-specific tag '!'", "yaml.non_specific_tag"),
        (r"invalid indentation or unclosed '\[' or '\{'", "yaml.indentation_or_bracket"),
        (r".*codec can't decode.*", "yaml.uri_not_utf8"),
        # the composer's and the constructor's (not run by the document builder)
        (r"but found another document", "yaml.second_document"),
        (r"found undefined alias .+", "yaml.undefined_alias"),
        (r"second occurrence", "yaml.duplicate_anchor"),
        (r"found duplicate key", "yaml.duplicate_key_plain"),
        (r"found unhashable key", "yaml.unhashable_key"),
        (r"found unconstructable recursive node", "yaml.recursive_node"),
        (r"could not determine a constructor for the tag .+", "yaml.unknown_tag"),
        (r"failed to (?:convert|decode) base64 data.*", "yaml.bad_base64"),
        (r"blacklisted key .+", "yaml.unknown_tag"),
    )
)
#: PyYAML's contexts ("while scanning a quoted scalar"): inside what the problem was found.
_CONTEXTS: Final = tuple(
    (re.compile(pattern), message_id)
    for pattern, message_id in (
        (r"while scanning a simple key", "yaml.context.key"),
        (r"while scanning a (?:double-)?quoted scalar", "yaml.context.quoted"),
        (r"while scanning a block scalar", "yaml.context.block_scalar"),
        (r"while (?:scanning|parsing) a directive", "yaml.context.directive"),
        (r"while (?:scanning|parsing) a tag", "yaml.context.tag"),
        (r"while scanning an? (?:anchor|alias)", "yaml.context.anchor"),
        (r"while scanning for the next token", "yaml.context.token"),
        (r"while (?:parsing|composing) a (?:block|flow) mapping|while composing a mapping", "yaml.context.mapping"),
        (r"while parsing a (?:block collection|flow sequence)", "yaml.context.list"),
        (r"while parsing a (?:block |flow )?node", "yaml.context.node"),
        (r"while constructing (?:a mapping|an ordered map|pairs)", "yaml.context.mapping"),
        (r"expected a single document in the stream", "yaml.context.document"),
        (r"found duplicate anchor .+; first occurrence", "yaml.context.anchor"),
    )
)
