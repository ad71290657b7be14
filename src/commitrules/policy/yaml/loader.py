r"""Safe YAML to plain data, with the position of every key and value.

Policy files are read from PyYAML's event stream by an iterative builder of our own, never by a
recursive composer, so that no file can exhaust the interpreter's stack. The builder records a
:class:`SourceMap` (path -> :class:`~commitrules.errors.Span` of every key and value) that every later
stage reports against, and rejects what plain policy data never needs and what makes YAML dangerous:
duplicate keys, anchors and aliases (so alias bombs cannot happen), tags other than the standard
scalar and collection tags, non-text keys, nesting deeper than :data:`MAX_DEPTH`, files larger than
:data:`MAX_BYTES`, several documents, empty files and bytes that are not UTF-8.

Examples:
    >>> doc = load_yaml("kind: verification\ntitle: {zh: 核查结果处理, en: Handling}\n", "v.yaml")
    >>> doc.data["title"]["zh"]
    '核查结果处理'
    >>> str(doc.source_map.value_span(("title", "en")))
    'v.yaml:2:25'
    >>> str(doc.source_map.key_span(("title", "missing")))
    'v.yaml:2:8'

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from typing import Any

import yaml

from commitrules.errors import Diagnostic, PolicySyntaxError, Span
from commitrules.messages import Text, message
from commitrules.policy.fullwidth import scan_yaml_lines
from commitrules.policy.yaml.builder import LINE_BREAK, DocumentBuilder
from commitrules.policy.yaml.encoding import MAX_BYTES, decode, stray_bom, too_large
from commitrules.policy.yaml.source_map import (
    START,
    SourceMap,
    YamlDocument,
)

__all__ = ["load_yaml"]


def load_yaml(data: bytes | str, file: str, *, max_bytes: int = MAX_BYTES) -> YamlDocument:
    r"""Read one policy file into plain data and a source map.

    Args:
        data: the file's bytes (UTF-8, with or without a BOM) or its text.
        file: the name to report positions against, usually the path as the user gave it.
        max_bytes: the largest size accepted (case files, which may hold many cases, pass more).

    Returns:
        The document.

    Raises:
        PolicySyntaxError: with every problem found (codes ``encoding``, ``too_large``,
            ``yaml_syntax``, ``duplicate_key``, ``yaml_alias``, ``yaml_tag``, ``invalid_key``,
            ``invalid_scalar``, ``too_deep``, ``multiple_documents``, ``empty_file``).

    Examples:
        >>> load_yaml("a: 1\na: 2\n", "x.yaml")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        commitrules.errors.PolicySyntaxError: x.yaml:2:1: duplicate_key: ...
    """
    size = len(data) if isinstance(data, bytes) else len(data.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise PolicySyntaxError([too_large(data, file, size, max_bytes)])
    # decode() removes the BOM of bytes; text read elsewhere may still start with one. Only one.
    text = decode(data, file) if isinstance(data, bytes) else data.removeprefix("\ufeff")
    bom = stray_bom(text, file)
    if bom is not None:
        raise PolicySyntaxError([bom])
    lines = tuple(LINE_BREAK.split(text))
    _reject_fullwidth(lines, file)
    builder = DocumentBuilder(file, lines)
    if _CParser is not None:
        try:
            _build(builder, text, _CParser)
        except yaml.YAMLError:
            # libyaml's messages are terse and its marks differ on errors: report PyYAML's.
            builder = DocumentBuilder(file, lines)
    if not builder.done:
        try:
            _build(builder, text, yaml.SafeLoader)
        except yaml.MarkedYAMLError as error:
            builder.syntax_error(error)
        except yaml.reader.ReaderError as error:
            builder.reader_error(error, text)
        except yaml.YAMLError as error:  # no other kind is raised by the parser today
            builder.report("yaml_syntax", Text("yaml.invalid", detail=str(error)), START)
    builder.finish()
    if builder.diagnostics:
        raise PolicySyntaxError(builder.diagnostics)
    return YamlDocument(builder.root, file, lines, SourceMap(file, lines, builder.nodes))


def _reject_fullwidth(lines: tuple[str, ...], file: str) -> None:
    """Raise a ``fullwidth_punctuation`` error at each full-width character where YAML expects ASCII."""
    found = _fullwidth(lines, file)
    if found:
        raise PolicySyntaxError(found)


def _fullwidth(lines: tuple[str, ...], file: str) -> list[Diagnostic]:
    """A ``fullwidth_punctuation`` error at each full-width character where YAML expects ASCII."""
    return [
        Diagnostic(
            "fullwidth_punctuation",
            message("fullwidth.yaml", "en", **found.params),
            Span(file, found.line + 1, found.column + 1, found.line + 1, found.column + 2),
            suggestion=message("fullwidth.fix", "en", **found.params),
            source_line=lines[found.line],
            message_id="fullwidth.yaml",
            params=found.params,
            suggestion_text=Text("fullwidth.fix", **found.params),
        )
        for found in scan_yaml_lines(lines)
    ]


# The C parser yields the same events and marks as the Python one (tests/unit/test_yaml.py checks it)
# at twenty times the speed, which the bundled pack's load-time budget needs.
_CParser: type[yaml.CSafeLoader] | None = getattr(yaml, "CSafeLoader", None)


def _build(builder: DocumentBuilder, text: str, loader: Any) -> None:
    """Feed the events of ``text`` to ``builder``, produced lazily so that it can stop early."""
    parser = loader(text)
    try:
        # get_event() gives None once the stream has ended (after StreamEndEvent), in both parsers.
        builder.build(iter(parser.get_event, None))
    finally:
        parser.dispose()
