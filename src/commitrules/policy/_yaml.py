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

import codecs
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, Literal, Protocol

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
)
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from commitrules.errors import Diagnostic, PolicySyntaxError, Severity, Span

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "NodeStyle",
    "SourceMap",
    "YamlDocument",
    "YamlPath",
    "format_path",
    "load_yaml",
]

#: The largest policy file accepted, in bytes (1 MiB): the bundled pack's largest file is a few
#: dozen KiB, and a bound keeps a hostile file from costing minutes of parsing.
MAX_BYTES: Final = 1024 * 1024
#: The deepest nesting of mappings and lists accepted. Policy files need about eight levels; the
#: bound keeps conditions nested by mistake (or on purpose) from reaching any stack limit later.
MAX_DEPTH: Final = 64

#: A path from the document root: mapping keys and list indices, e.g. ``("rules", 2, "when")``.
YamlPath = tuple[str | int, ...]
#: How a node is written: the five scalar styles, or a collection.
NodeStyle = Literal["plain", "single", "double", "literal", "folded", "mapping", "sequence"]

_STYLES: Final[dict[str | None, NodeStyle]] = {
    None: "plain",
    "": "plain",  # libyaml reports plain scalars with an empty style, PyYAML with None
    "'": "single",
    '"': "double",
    "|": "literal",
    ">": "folded",
}
_YAML_TAG: Final = "tag:yaml.org,2002:"
_SCALAR_TAGS: Final = frozenset(_YAML_TAG + t for t in ("str", "int", "float", "bool", "null"))
_STR_TAG: Final = _YAML_TAG + "str"
_TIMESTAMP_TAG: Final = _YAML_TAG + "timestamp"
_MAPPING_TAG: Final = _YAML_TAG + "map"
_SEQUENCE_TAG: Final = _YAML_TAG + "seq"
# YAML 1.1 line breaks, as PyYAML counts them; str.splitlines() would also split on \v, \f, \x1c...
_LINE_BREAK: Final = re.compile("\r\n|[\n\r\x85\u2028\u2029]")
_IDENTIFIER: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_UTF8_BOM: Final = codecs.BOM_UTF8


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


class _Mark(Protocol):
    """A position as PyYAML and libyaml report it: 0-based line and column, in characters."""

    @property
    def line(self) -> int: ...
    @property
    def column(self) -> int: ...


@dataclass(frozen=True, slots=True)
class _Point:
    """A position of our own making (for errors PyYAML gives as an index)."""

    line: int
    column: int


_START: Final = _Point(0, 0)


@dataclass(frozen=True, slots=True)
class _Node:
    """What the source map knows about one node."""

    key: Span | None  # the key's span in its parent mapping; None for list items and the root
    value: Span
    style: NodeStyle
    text: str | None  # a scalar's text as parsed (before int/bool/date resolution)


class SourceMap:
    """Where every key and value of a document is, by path from the root.

    Lookups never fail: a path that is not in the map falls back to the span of its nearest known
    ancestor, and an empty map to the start of the file, so that a later stage can always point
    somewhere useful.
    """

    __slots__ = ("_file", "_lines", "_nodes")

    def __init__(self, file: str, lines: tuple[str, ...], nodes: dict[YamlPath, _Node]) -> None:
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

    def key_span(self, path: YamlPath) -> Span:
        """Where the key of ``path`` is (a list item or the root: where its value is)."""
        node = self._nodes.get(path)
        if node is not None and node.key is not None:
            return node.key
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
        return self._nodes[known].value

    def style(self, path: YamlPath) -> NodeStyle | None:
        """How the node at ``path`` is written, or None when the path is not in the document."""
        node = self._nodes.get(path)
        return node.style if node is not None else None

    def scalar_offset_span(self, path: YamlPath, offset: int) -> Span:
        r"""Where character ``offset`` (0-based, in characters) of the scalar at ``path`` is written.

        This is what a later stage needs to point inside a condition string. Plain and quoted
        scalars are mapped exactly, also across escapes (``''``, ``\"``, ``\u4e2d``) and lines; for
        a plain single-line scalar it equals ``value_span(path).shifted(offset)``. Block scalars
        (``|``, ``>``) are mapped line by line when their text can be matched to the source, and
        otherwise the span falls back to the scalar's start, as it does for an offset out of range.
        """
        node = self._nodes.get(path)
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
    ) -> Diagnostic:
        r"""A diagnostic at ``path`` (its key with ``at_key``, a character of a scalar with ``offset``).

        Examples:
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
        )


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
        raise PolicySyntaxError([_too_large(data, file, size, max_bytes)])
    text = _decode(data, file) if isinstance(data, bytes) else data
    text = text.removeprefix("\ufeff")
    lines = tuple(_LINE_BREAK.split(text))
    builder = _Builder(file, lines)
    if _CParser is not None:
        try:
            builder.build(_events(text, _CParser))
        except yaml.YAMLError:
            # libyaml's messages are terse and its marks differ on errors: report PyYAML's.
            builder = _Builder(file, lines)
    if not builder.done:
        try:
            builder.build(_events(text, yaml.SafeLoader))
        except yaml.MarkedYAMLError as error:
            builder.syntax_error(error)
        except yaml.reader.ReaderError as error:
            builder.reader_error(error, text)
        except yaml.YAMLError as error:  # no other kind is raised by the parser today
            builder.report("yaml_syntax", f"The file is not valid YAML: {error}.", _START)
    builder.finish()
    if builder.diagnostics:
        raise PolicySyntaxError(builder.diagnostics)
    return YamlDocument(builder.root, file, lines, SourceMap(file, lines, builder.nodes))


# The C parser yields the same events and marks as the Python one (tests/unit/test_yaml.py checks it)
# at twenty times the speed, which the bundled pack's load-time budget needs.
_CParser: type[yaml.CSafeLoader] | None = getattr(yaml, "CSafeLoader", None)


def _events(text: str, loader: Any) -> Iterator[yaml.Event]:
    """The events of ``text``, produced lazily so that the builder can stop early."""
    parser = loader(text)
    try:
        while parser.check_event():
            yield parser.get_event()
    finally:
        parser.dispose()


# --- decoding -------------------------------------------------------------------------------------


def _decode(data: bytes, file: str) -> str:
    """``data`` as text; a diagnostic at the first byte that is not UTF-8."""
    data = data.removeprefix(_UTF8_BOM)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise PolicySyntaxError([_encoding_error(data, file, 0, "The file is saved as UTF-16.")])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        hint = ""
        try:
            data.decode("gb18030")
            hint = " It looks like GBK/GB18030, a Chinese encoding."
        except UnicodeDecodeError:
            pass
        bad = f"The byte 0x{data[error.start]:02X} is not valid UTF-8.{hint}"
        raise PolicySyntaxError([_encoding_error(data, file, error.start, bad)]) from None
    nul = text.find("\0")
    if nul >= 0:  # UTF-16 without a BOM decodes as UTF-8 with a NUL after every ASCII character
        found = "The file contains NUL bytes; it is probably saved as UTF-16."
        raise PolicySyntaxError([_encoding_error(data, file, len(text[:nul].encode()), found)])
    return text


def _encoding_error(data: bytes, file: str, index: int, found: str) -> Diagnostic:
    """An ``encoding`` diagnostic at byte ``index`` of ``data``."""
    line_start = data.rfind(b"\n", 0, index) + 1
    line_end = data.find(b"\n", index)
    line = data.count(b"\n", 0, index) + 1
    column = len(data[line_start:index].decode("utf-8", "replace")) + 1
    source = data[line_start : line_end if line_end >= 0 else len(data)].decode("utf-8", "replace")
    message = f"{found} Save the file as UTF-8 (in most editors: 'Save with encoding' -> 'UTF-8')."
    span = Span(file, line, column, line, column + 1)
    return Diagnostic("encoding", message, span, path="$", source_line=source.rstrip("\r"))


def _too_large(data: bytes | str, file: str, size: int, max_bytes: int) -> Diagnostic:
    """A ``too_large`` diagnostic at the start of the file."""
    head = data[:200]
    first = head.decode("utf-8", "replace") if isinstance(head, bytes) else head
    message = (
        f"The file is {size / 2**20:.1f} MiB ({size} bytes), more than the {max_bytes // 1024} KiB "
        "accepted. Split its rules over several files, or check that this is the right file."
    )
    source = first.splitlines()[0] if first else ""
    return Diagnostic("too_large", message, Span(file, 1, 1, 1, 2), path="$", source_line=source)


# --- building -------------------------------------------------------------------------------------

_NO_KEY: Final = object()  # a mapping waiting for its next key
_BAD_KEY: Final = object()  # a key that was rejected: its value is read and dropped


class _Frame:
    """An open mapping or list (``container`` None: content being read and dropped)."""

    __slots__ = ("container", "count", "key", "key_span", "own_key", "path", "seen", "start", "style")

    def __init__(
        self, container: dict[str, Any] | list[Any] | None, path: YamlPath, own_key: Span | None, event: Any
    ) -> None:
        self.container = container
        self.path = path
        self.own_key = own_key  # the key this container is the value of
        self.start: _Mark = event.start_mark or _START
        self.style: NodeStyle = "mapping" if isinstance(event, MappingStartEvent) else "sequence"
        self.key: object = _NO_KEY
        self.key_span: Span | None = None
        self.seen: dict[str, int] = {}  # key -> line of its first occurrence
        self.count = 0


class _Builder:
    """Plain data and a source map from events, without recursion."""

    def __init__(self, file: str, lines: tuple[str, ...]) -> None:
        self.file = file
        self.lines = lines
        self.root: Any = None
        self.nodes: dict[YamlPath, _Node] = {}
        self.diagnostics: list[Diagnostic] = []
        self.stack: list[_Frame] = []
        self.documents = 0
        self.done = False
        self.constructor = SafeConstructor()
        self.resolve: Callable[[type[ScalarNode], str, tuple[bool, bool]], str] = Resolver().resolve

    # -- reporting

    def span(self, start: _Mark | None, end: _Mark | None = None) -> Span:
        """A Span from 0-based PyYAML marks."""
        start = start or _START
        end = end or start
        return Span(self.file, start.line + 1, start.column + 1, end.line + 1, end.column + 1)

    def report(self, code: str, message: str, mark: _Mark | None, path: YamlPath | None = None) -> None:
        """Record a diagnostic at ``mark``."""
        mark = mark or _START
        line = mark.line + 1
        source = self.lines[mark.line] if mark.line < len(self.lines) else ""
        self.diagnostics.append(
            Diagnostic(
                code,
                message,
                Span(self.file, line, mark.column + 1, line, mark.column + 2),
                path=format_path(self.current_path() if path is None else path),
                source_line=source,
            )
        )

    def current_path(self) -> YamlPath:
        """The path of the innermost open collection."""
        return self.stack[-1].path if self.stack else ()

    def syntax_error(self, error: yaml.MarkedYAMLError) -> None:
        """Report a YAML syntax error in words policy staff can act on."""
        message, mark = _syntax_message(error)
        self.report("yaml_syntax", message, mark)

    def reader_error(self, error: yaml.reader.ReaderError, text: str) -> None:
        """Report a character YAML does not allow (PyYAML gives its index in the text)."""
        index = error.position
        line = len(_LINE_BREAK.findall(text, 0, index))
        line_start = max((m.end() for m in _LINE_BREAK.finditer(text, 0, index)), default=0)
        mark = _Point(line, index - line_start)
        code = f"U+{error.character:04X}" if isinstance(error.character, int) else repr(error.character)
        self.report(
            "yaml_syntax",
            f"The character {code} is not allowed in YAML (control characters cannot appear in a "
            "policy file). Remove it, or write it as an escape such as '\\t' inside double quotes.",
            mark,
        )

    # -- the event loop

    def build(self, events: Iterable[yaml.Event]) -> None:
        """Consume ``events`` until the stream ends or a problem makes going on pointless."""
        for event in events:
            if isinstance(event, NodeEvent):
                self.node(event)
            elif isinstance(event, CollectionEndEvent):
                self.close(event)
            elif isinstance(event, DocumentStartEvent):
                self.documents += 1
                if self.documents > 1:
                    self.report(
                        "multiple_documents",
                        "A second YAML document starts here, but a policy file holds exactly one. "
                        "Remove the '---' line, or move what follows into a file of its own.",
                        event.start_mark,
                        (),
                    )
                    break
            if self.done:
                break
        self.done = True

    def finish(self) -> None:
        """Report an empty file (only once nothing else is wrong, since a broken file is not empty)."""
        if not self.diagnostics and self.root is None:
            self.report(
                "empty_file",
                "The file is empty: it holds nothing but blank lines or comments. Write the mapping of "
                "fields this file defines (for a policy file: kind, title, outcomes, default, rules).",
                _START,
                (),
            )

    def node(self, event: NodeEvent) -> None:
        """Place a scalar, alias or opening collection."""
        if isinstance(event, AliasEvent):
            self.report(
                "yaml_alias",
                f"Anchors and aliases are not allowed in policy files; found the alias '*{event.anchor}'. "
                "Write the value out in full where it is needed.",
                event.start_mark,
            )
        elif event.anchor is not None:
            self.report(
                "yaml_alias",
                f"Anchors and aliases are not allowed in policy files; found the anchor '&{event.anchor}'. "
                "Remove it, and write the value out in full wherever an alias pointed to it.",
                event.start_mark,
            )
        self.check_tag(event)
        top = self.stack[-1] if self.stack else None
        if top is not None and isinstance(top.container, dict) and top.key is _NO_KEY:
            self.key(top, event)
        elif isinstance(event, CollectionStartEvent):
            self.open(event)
        elif isinstance(event, ScalarEvent):
            target = self.target()
            if target is not None:
                value = self.scalar(event, target[0])
                self.place(target, value)
                self.nodes[target[0]] = _Node(
                    target[1], self.span(event.start_mark, event.end_mark), _STYLES[event.style], event.value
                )
        else:
            self.target()  # an alias: its slot stays empty

    def check_tag(self, event: NodeEvent) -> None:
        """Reject every explicit tag but the standard ones of plain data."""
        tag = getattr(event, "tag", None)
        if tag is None or tag == "!":
            return
        allowed = (
            _SCALAR_TAGS
            if isinstance(event, ScalarEvent)
            else {_MAPPING_TAG}
            if isinstance(event, MappingStartEvent)
            else {_SEQUENCE_TAG}
        )
        if tag in allowed:
            return
        shown = "!!" + tag.removeprefix(_YAML_TAG) if tag.startswith(_YAML_TAG) else tag
        if tag in _SCALAR_TAGS | {_MAPPING_TAG, _SEQUENCE_TAG}:
            what = "text" if isinstance(event, ScalarEvent) else _STYLE_WORDS[_style_of(event)]
            message = f"The tag '{shown}' cannot be used on {what} here. Remove the tag."
        else:
            message = (
                f"The tag '{shown}' is not allowed in policy files: they hold plain data only (text, "
                "numbers, true/false, null, dates, lists and mappings). Remove the tag."
            )
        self.report("yaml_tag", message, event.start_mark)

    def target(self) -> tuple[YamlPath, Span | None] | None:
        """The path and key span of the next value, or None when it is to be dropped."""
        if not self.stack:
            return (), None
        top = self.stack[-1]
        if top.container is None:
            return None
        if isinstance(top.container, list):
            top.count += 1
            return (*top.path, top.count - 1), None
        key, top.key = top.key, _NO_KEY
        if key is _BAD_KEY or not isinstance(key, str):
            return None
        return (*top.path, key), top.key_span

    def place(self, target: tuple[YamlPath, Span | None], value: Any) -> None:
        """Store ``value`` at ``target`` in its parent (or as the root)."""
        path = target[0]
        if not path:
            self.root = value
            return
        parent = self.stack[-1].container
        if isinstance(parent, dict):
            parent[path[-1]] = value  # type: ignore[index] # the target of a mapping is a str key
        elif isinstance(parent, list):
            parent.append(value)

    def open(self, event: CollectionStartEvent) -> None:
        """Open a mapping or a list (one that is dropped when its slot is)."""
        if len(self.stack) >= MAX_DEPTH:
            self.report(
                "too_deep",
                f"This is nested more than {MAX_DEPTH} levels deep; policy files never need more than a "
                "few. Check for brackets that are not closed, or split the condition into rules that "
                "derive facts.",
                event.start_mark,
            )
            self.done = True
            return
        target = self.target()
        if target is None:
            self.stack.append(_Frame(None, self.current_path(), None, event))
            return
        container: dict[str, Any] | list[Any] = {} if isinstance(event, MappingStartEvent) else []
        self.place(target, container)
        frame = _Frame(container, target[0], target[1], event)
        self.stack.append(frame)
        # Recorded now to keep the map in document order; close() adds where the collection ends.
        self.nodes[frame.path] = _Node(frame.own_key, self.span(frame.start), frame.style, None)

    def close(self, event: CollectionEndEvent) -> None:
        """Close the innermost collection and record where it was."""
        frame = self.stack.pop()
        if frame.container is not None:
            span = self.span(frame.start, event.end_mark)
            self.nodes[frame.path] = _Node(frame.own_key, span, frame.style, None)

    def key(self, top: _Frame, event: NodeEvent) -> None:
        """Read the next key of mapping ``top``; report keys that are not text or repeat."""
        top.key = _BAD_KEY
        if isinstance(event, CollectionStartEvent):
            what = _STYLE_WORDS[_style_of(event)]
            self.report(
                "invalid_key",
                f"A key must be text, but this key is {what}. Check the indentation and the "
                "brackets, or put the key in quotes.",
                event.start_mark,
            )
            # The key's content is read and dropped. Not through open(): its target() would take
            # the slot of the key's value.
            if len(self.stack) < MAX_DEPTH:
                self.stack.append(_Frame(None, top.path, None, event))
            else:
                self.open(event)  # reports too_deep
            return
        if not isinstance(event, ScalarEvent):
            return  # an alias, already reported
        path = (*top.path, event.value)
        name = self.scalar(event, path)
        problem = _key_problem(event, name)
        if problem is not None:
            self.report("invalid_key", problem, event.start_mark, top.path)
            return
        first = top.seen.get(name)
        if first is not None:
            self.report(
                "duplicate_key",
                f"The key '{name}' appears twice in this mapping; the first is at line {first}. Keep "
                "one of them (YAML would silently ignore the first).",
                event.start_mark,
                path,
            )
            return
        top.seen[name] = (event.start_mark or _START).line + 1
        top.key = name
        top.key_span = self.span(event.start_mark, event.end_mark)

    def scalar(self, event: ScalarEvent, path: YamlPath) -> Any:
        """The value of a scalar, resolved and constructed as SafeLoader does."""
        tag = event.tag
        if tag is None or tag == "!":
            if event.style not in _PLAIN:
                return event.value  # quoted and block scalars are text (what resolve() would say)
            tag = self.resolve(ScalarNode, event.value, event.implicit)
        if tag == _STR_TAG or (tag not in _SCALAR_TAGS and tag != _TIMESTAMP_TAG):
            return event.value  # text; or a disallowed tag (reported), a merge key, '=': kept as text
        node = ScalarNode(tag, event.value, None, None, event.style)
        try:
            return self.constructor.yaml_constructors[tag](self.constructor, node)
        except (ValueError, KeyError, OverflowError, ConstructorError) as error:
            self.report("invalid_scalar", _scalar_problem(event, tag, error), event.start_mark, path)
            return event.value


_STYLE_WORDS: Final[dict[NodeStyle, str]] = {"mapping": "a mapping", "sequence": "a list"}


def _style_of(event: NodeEvent) -> NodeStyle:
    return "mapping" if isinstance(event, MappingStartEvent) else "sequence"


def _key_problem(event: ScalarEvent, name: Any) -> str | None:
    """Why a scalar cannot be a key, or None when it can."""
    if isinstance(name, str):
        if event.style in _PLAIN and name == "<<":
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


_PLAIN: Final = (None, "")


def _scalar_problem(event: ScalarEvent, tag: str, error: Exception) -> str:
    """Why a scalar could not be read as its (implicit or explicit) type."""
    kind = tag.removeprefix(_YAML_TAG)
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


def _syntax_message(error: yaml.MarkedYAMLError) -> tuple[str, _Mark]:
    """PyYAML's problem as an actionable sentence, and the mark to point at."""
    problem = error.problem or error.context or "invalid YAML"
    mark: _Mark = error.problem_mark or error.context_mark or _START
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
        "A ':' inside '{...}' or '[...]' must be followed by a space. Put the value in quotes if the "
        "':' belongs to it."
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


# --- positions inside scalars -----------------------------------------------------------------------

# PyYAML's own tables, so that positions follow exactly what its scanner decodes.
_DOUBLE_ESCAPES: Final[dict[str, str]] = yaml.scanner.Scanner.ESCAPE_REPLACEMENTS
_HEX_ESCAPES: Final[dict[str, int]] = yaml.scanner.Scanner.ESCAPE_CODES
_WHITESPACE: Final = frozenset(" \t\n")


def _scalar_positions(node: _Node, lines: tuple[str, ...]) -> list[tuple[int, int]] | None:
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


def _scalar_source(node: _Node, lines: tuple[str, ...]) -> list[tuple[str, tuple[int, int]]]:
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
