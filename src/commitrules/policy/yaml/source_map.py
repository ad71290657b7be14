"""Where every key and value of a policy file is: the source map, by path, and the loaded document.

Every stage after loading reports against a path (``("rules", 2, "when")``); the source map turns
it into a :class:`~commitrules.errors.Span`, down to a character inside a quoted or block scalar.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, Literal, Protocol

import yaml

from commitrules.errors import Diagnostic, Severity, Span

__all__ = ["NodeStyle", "RawNode", "SourceMap", "YamlDocument", "YamlPath", "format_path"]

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

#: A path from the document root: mapping keys and list indices, e.g. ``("rules", 2, "when")``.
YamlPath = tuple[str | int, ...]
#: How a node is written: the five scalar styles, or a collection.
NodeStyle = Literal["plain", "single", "double", "literal", "folded", "mapping", "sequence"]

_IDENTIFIER: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def format_path(path: YamlPath) -> str:
    """A path as a JSONPath-like string for messages and ``Diagnostic.path``.

    Examples:
        >>> format_path(("rules", 2, "when", "all", 0))
        '$.rules[2].when.all[0]'
        >>> format_path(("settings", "leniency.mitigated_min_score", "value"))
        "$.settings['leniency.mitigated_min_score'].value"
    """
    parts = ["$"]
    for segment in path:
        if isinstance(segment, int):
            parts.append(f"[{segment}]")
        elif _IDENTIFIER.match(segment):
            parts.append(f".{segment}")
        else:
            parts.append("['" + segment.replace("'", "\\'") + "']")
    return "".join(parts)


class Mark(Protocol):
    """A position as PyYAML and libyaml report it: 0-based line and column, in characters."""

    @property
    def line(self) -> int: ...
    @property
    def column(self) -> int: ...


@dataclass(frozen=True, slots=True)
class Point:
    """A position of our own making (for errors PyYAML gives as an index)."""

    line: int
    column: int


START: Final = Point(0, 0)


@dataclass(frozen=True, slots=True)
class NodeInfo:
    """What the source map knows about one node."""

    key: Span | None  # the key's span in its parent mapping; None for list items and the root
    value: Span
    style: NodeStyle
    text: str | None  # a scalar's text as parsed (before int/bool/date resolution)


class KeyEvent(Protocol):
    """The event of a mapping key, as the loader keeps it: where the key starts and ends."""

    @property
    def start_mark(self) -> Mark | None: ...
    @property
    def end_mark(self) -> Mark | None: ...


#: One node as the loader records it: the event of its key (None for list items and the root), the
#: marks where it starts and ends, its style, a scalar's text. Spans are made from the marks only when
#: a later stage asks (most nodes of a large pack are never pointed at).
RawNode = tuple[KeyEvent | None, Mark | None, Mark | None, NodeStyle, str | None]


def _span(file: str, start: Mark | None, end: Mark | None) -> Span:
    """A Span from 0-based PyYAML marks (no end: where it starts)."""
    start = start or START
    end = end or start
    return Span(file, start.line + 1, start.column + 1, end.line + 1, end.column + 1)


class SourceMap:
    """Where every key and value of a document is, by path from the root.

    Lookups never fail: a path that is not in the map falls back to the span of its nearest known
    ancestor, and an empty map to the start of the file, so that a later stage can always point
    somewhere useful.
    """

    __slots__ = ("_file", "_lines", "_nodes")

    def __init__(self, file: str, lines: tuple[str, ...], nodes: dict[YamlPath, RawNode]) -> None:
        """Wrap the nodes recorded by the loader (use :func:`load_yaml` rather than this)."""
        self._file = file
        self._lines = lines
        self._nodes = nodes

    def __contains__(self, path: object) -> bool:
        """Whether ``path`` is a node of the document."""
        return path in self._nodes

    def __len__(self) -> int:
        """How many nodes the document has."""
        return len(self._nodes)

    def paths(self) -> Iterator[YamlPath]:
        """Every path of the document, in document order."""
        return iter(self._nodes)

    def nearest(self, path: YamlPath) -> YamlPath | None:
        """``path`` itself when known, else its nearest known ancestor; None for an empty map."""
        for end in range(len(path), -1, -1):
            if path[:end] in self._nodes:
                return path[:end]
        return None

    def _info(self, path: YamlPath) -> NodeInfo | None:
        """The node at ``path`` with its spans, or None when the path is not in the document."""
        raw = self._nodes.get(path)
        if raw is None:
            return None
        key, start, end, style, text = raw
        key_span = None if key is None else _span(self._file, key.start_mark, key.end_mark)
        return NodeInfo(key_span, _span(self._file, start, end), style, text)

    def key_span(self, path: YamlPath) -> Span:
        """Where the key of ``path`` is (a list item or the root: where its value is)."""
        raw = self._nodes.get(path)
        if raw is not None and raw[0] is not None:
            return _span(self._file, raw[0].start_mark, raw[0].end_mark)
        return self.value_span(path)

    def value_span(self, path: YamlPath) -> Span:
        """Where the value at ``path`` starts and ends.

        For a scalar it is where the scalar starts: the first character of a plain scalar, the
        opening quote of a quoted one, the ``|`` or ``>`` of a block scalar. For a mapping or a
        list it is its first key, first ``-`` or opening bracket.
        """
        known = self.nearest(path)
        if known is None:
            return Span(self._file, 1, 1, 1, 2)
        _, start, end, _, _ = self._nodes[known]
        return _span(self._file, start, end)

    def style(self, path: YamlPath) -> NodeStyle | None:
        """How the node at ``path`` is written, or None when the path is not in the document."""
        node = self._nodes.get(path)
        return node[3] if node is not None else None

    def scalar_offset_span(self, path: YamlPath, offset: int) -> Span:
        r"""Where character ``offset`` (0-based, in characters) of the scalar at ``path`` is written.

        This is what a later stage needs to point inside a condition string. Plain and quoted
        scalars are mapped exactly, also across escapes (``''``, ``\"``, ``\u4e2d``) and lines; for
        a plain single-line scalar it equals ``value_span(path).shifted(offset)``. Block scalars
        (``|``, ``>``) are mapped line by line when their text can be matched to the source, and
        otherwise the span falls back to the scalar's start, as it does for an offset out of range.
        """
        node = self._info(path)
        if node is None or node.text is None:
            return self.value_span(path)
        positions = _scalar_positions(node, self._lines)
        if positions is None or not 0 <= offset <= len(node.text):
            return node.value
        if offset == len(node.text):  # just after the end, e.g. "unexpected end of condition"
            line, column = positions[-1] if positions else (node.value.line, node.value.column - 1)
            column += 1
        else:
            line, column = positions[offset]
        return Span(self._file, line, column, line, column + 1)


@dataclass(frozen=True, slots=True, eq=False)
class YamlDocument:
    """One policy file as plain data, with its source lines and the position of every node."""

    #: The document as plain Python: dict, list, str, int, float, bool, None, date, datetime.
    data: Any
    #: The file name as given to :func:`load_yaml` (used in every Span).
    file: str
    #: The source lines without line breaks, to draw carets under.
    lines: tuple[str, ...]
    #: Where each key and value is.
    source_map: SourceMap

    def source_line(self, line: int) -> str:
        """The text of 1-based ``line``; empty past the end of the file."""
        return self.lines[line - 1] if 0 < line <= len(self.lines) else ""

    def diagnostic(  # noqa: PLR0913 - keyword-only options of one constructor
        self,
        code: str,
        message: str,
        path: YamlPath = (),
        *,
        at_key: bool = False,
        offset: int | None = None,
        suggestion: str | None = None,
        severity: Severity = Severity.ERROR,
        message_id: str | None = None,
        params: Mapping[str, str] | None = None,
    ) -> Diagnostic:
        r"""A diagnostic at ``path`` (its key with ``at_key``, a character of a scalar with ``offset``).

        Examples:
            >>> from commitrules.policy.yaml import load_yaml
            >>> doc = load_yaml("rules:\n  - id: x\n    when: a ==\n", "p.yaml")
            >>> print(doc.diagnostic("bad_condition", "Incomplete.", ("rules", 0, "when"), offset=4).render())
            p.yaml:3:15: bad_condition: Incomplete.
               |     when: a ==
               |               ^
        """
        if offset is not None:
            span = self.source_map.scalar_offset_span(path, offset)
        elif at_key:
            span = self.source_map.key_span(path)
        else:
            span = self.source_map.value_span(path)
        return Diagnostic(
            code,
            message,
            span,
            suggestion=suggestion,
            severity=severity,
            path=format_path(path),
            source_line=self.source_line(span.line),
            message_id=message_id,
            params=dict(params or {}),
        )


# --- positions inside scalars -----------------------------------------------------------------------

# PyYAML's own tables, so that positions follow exactly what its scanner decodes.
_DOUBLE_ESCAPES: Final[dict[str, str]] = yaml.scanner.Scanner.ESCAPE_REPLACEMENTS
_HEX_ESCAPES: Final[dict[str, int]] = yaml.scanner.Scanner.ESCAPE_CODES
_WHITESPACE: Final = frozenset(" \t\n")


def _scalar_positions(node: NodeInfo, lines: tuple[str, ...]) -> list[tuple[int, int]] | None:
    """The 1-based (line, column) of each character of a scalar's text, or None when unsure.

    The source characters between the scalar's marks are turned into the characters they stand for
    (escapes decoded, line breaks kept), then matched greedily against the text: whatever the
    source has that the text lacks (indentation, folded line breaks) is skipped, and a space or
    newline that folding added is placed at the source character it replaced.
    """
    assert node.text is not None  # noqa: S101 - callers pass scalars only
    source = _scalar_source(node, lines)
    positions: list[tuple[int, int]] = []
    index = 0
    for char in node.text:
        while True:
            if index >= len(source):
                return None
            produced, where = source[index]
            if produced == char:
                positions.append(where)
                index += 1
                break
            if produced in _WHITESPACE or not produced:
                index += 1
            elif char in _WHITESPACE:
                positions.append(where)
                break
            else:
                return None
    return positions


def _scalar_source(node: NodeInfo, lines: tuple[str, ...]) -> list[tuple[str, tuple[int, int]]]:
    """The source of a scalar as (character it stands for, 1-based position) pairs."""
    span = node.value
    first, column = span.line - 1, span.column - 1
    last, end = span.end_line - 1, span.end_column - 1
    if node.style in ("literal", "folded"):
        first, column = first + 1, 0  # the content starts on the line after the indicator
    raw: list[tuple[str, tuple[int, int]]] = []
    for number in range(first, min(last, len(lines) - 1) + 1):
        text = lines[number]
        stop = end if number == last else len(text)
        raw.extend((char, (number + 1, col + 1)) for col, char in enumerate(text[:stop]) if col >= column)
        if number != last:
            raw.append(("\n", (number + 1, len(text) + 1)))
        column = 0
    if node.style == "single":
        return _unquote_single(raw)
    if node.style == "double":
        return _unquote_double(raw)
    return raw


def _strip_quotes(raw: list[tuple[str, tuple[int, int]]], quote: str) -> list[tuple[str, tuple[int, int]]]:
    """The characters between the opening quote (after any tag) and the closing one."""
    opening = next((i for i, (char, _) in enumerate(raw) if char == quote), len(raw))
    return raw[opening + 1 : -1]


def _unquote_single(raw: list[tuple[str, tuple[int, int]]]) -> list[tuple[str, tuple[int, int]]]:
    """Single-quoted source: ``''`` stands for one quote."""
    inner = _strip_quotes(raw, "'")
    out: list[tuple[str, tuple[int, int]]] = []
    skip = False
    for i, (char, where) in enumerate(inner):
        if skip:
            skip = False
            continue
        out.append((char, where))
        skip = char == "'" and i + 1 < len(inner) and inner[i + 1][0] == "'"
    return out


def _unquote_double(raw: list[tuple[str, tuple[int, int]]]) -> list[tuple[str, tuple[int, int]]]:
    """Double-quoted source with its escapes decoded (an escaped line break stands for nothing)."""
    inner = _strip_quotes(raw, '"')
    out: list[tuple[str, tuple[int, int]]] = []
    i = 0
    while i < len(inner):
        char, where = inner[i]
        if char != "\\" or i + 1 >= len(inner):
            out.append((char, where))
            i += 1
            continue
        code = inner[i + 1][0]
        width = _HEX_ESCAPES.get(code, 0)
        if width:
            digits = "".join(c for c, _ in inner[i + 2 : i + 2 + width])
            try:
                out.append((chr(int(digits, 16)), where))
            except ValueError:
                out.append(("\ufffd", where))
            i += 2 + width
            continue
        out.append((_DOUBLE_ESCAPES.get(code, ""), where))
        i += 2
    return out
