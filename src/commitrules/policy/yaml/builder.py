"""Plain data and a source map from PyYAML's events, built iteratively (no file can exhaust the stack)."""

from __future__ import annotations

import re
import sys
from typing import TYPE_CHECKING, Any, Final

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from commitrules.errors import Diagnostic, Span
from commitrules.messages import Text
from commitrules.policy.yaml.encoding import MAX_DEPTH
from commitrules.policy.yaml.messages import (
    PLAIN,
    STYLE_WORDS,
    YAML_TAG,
    key_problem,
    scalar_problem,
    style_of,
    syntax_message,
)
from commitrules.policy.yaml.source_map import (
    START,
    KeyEvent,
    Mark,
    NodeStyle,
    Point,
    RawNode,
    YamlPath,
    format_path,
)
from commitrules.policy.yaml.versions import disagreement

__all__ = ["LINE_BREAK", "DocumentBuilder"]

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

_STYLES: Final[dict[str | None, NodeStyle]] = {
    None: "plain",
    "": "plain",  # libyaml reports plain scalars with an empty style, PyYAML with None
    "'": "single",
    '"': "double",
    "|": "literal",
    ">": "folded",
}
_SCALAR_TAGS: Final = frozenset(YAML_TAG + t for t in ("str", "int", "float", "bool", "null"))
_STR_TAG: Final = YAML_TAG + "str"
_TIMESTAMP_TAG: Final = YAML_TAG + "timestamp"
#: A number with a digit other than 0 before its exponent: not 0, whatever a float makes of it.
_NONZERO_MANTISSA: Final = re.compile(r"[^eE]*[1-9]")
_MAPPING_TAG: Final = YAML_TAG + "map"
_SEQUENCE_TAG: Final = YAML_TAG + "seq"
# First characters of plain scalars that YAML 1.2 or other YAML 1.1 readers may read as other than
# text (versions.yaml12_value: null, booleans, numbers; y and n).
_NOT_TEXT_IN_SOME_VERSION: Final = frozenset("~nNtTfFyY+-.0123456789")
# YAML 1.1 line breaks, as PyYAML counts them; str.splitlines() would also split on \v, \f, \x1c...
LINE_BREAK: Final = re.compile("\r\n|[\n\r\x85\u2028\u2029]")
#: Half of a UTF-16 pair, which PyYAML's scanner makes of a '\ud800' escape in double quotes (libyaml refuses it).
_SURROGATE: Final = re.compile("[\ud800-\udfff]")


# --- building -------------------------------------------------------------------------------------

_NO_KEY: Final = object()  # a mapping waiting for its next key
_BAD_KEY: Final = object()  # a key that was rejected: its value is read and dropped


class _Frame:
    """An open mapping or list (``container`` None: content being read and dropped)."""

    __slots__ = ("container", "count", "key", "key_event", "own_key", "path", "seen", "start", "style")

    def __init__(
        self, container: dict[str, Any] | list[Any] | None, path: YamlPath, own_key: KeyEvent | None, event: Any
    ) -> None:
        self.container = container
        self.path = path
        self.own_key = own_key  # the event of the key this container is the value of
        self.start: Mark = event.start_mark or START
        self.style: NodeStyle = "mapping" if event.__class__ is MappingStartEvent else "sequence"
        self.key: object = _NO_KEY
        self.key_event: KeyEvent | None = None
        self.seen: dict[str, int] = {}  # key -> line of its first occurrence
        self.count = 0


class DocumentBuilder:
    """Plain data and a source map from events, without recursion."""

    def __init__(self, file: str, lines: tuple[str, ...]) -> None:
        self.file = file
        self.lines = lines
        self.root: Any = None
        self.nodes: dict[YamlPath, RawNode] = {}
        self.diagnostics: list[Diagnostic] = []
        self.stack: list[_Frame] = []
        self.documents = 0
        self.done = False
        self.constructor = SafeConstructor()
        self.resolve: Callable[[type[ScalarNode], str, tuple[bool, bool]], str] = Resolver().resolve
        # Plain scalars already read without a problem: (text, implicit) -> value; and plain keys
        # already found to be text (not '<<'). A pack repeats the same few hundred words.
        self.plain_values: dict[tuple[str, Any], Any] = {}
        # PyYAML's resolver looks a plain scalar up by its first character: one that no resolver (and
        # no version) claims starts text in every reading. None: a resolver claims every character.
        resolvers = Resolver.yaml_implicit_resolvers
        self.maybe_not_text = None if None in resolvers else frozenset(resolvers) | _NOT_TEXT_IN_SOME_VERSION
        self.plain_keys: dict[str, bool] = {}

    # -- reporting

    def span(self, start: Mark | None, end: Mark | None = None) -> Span:
        """A Span from 0-based PyYAML marks."""
        start = start or START
        end = end or start
        return Span(self.file, start.line + 1, start.column + 1, end.line + 1, end.column + 1)

    def report(
        self, code: str, message: Text, mark: Mark | None, path: YamlPath | None = None, end: Mark | None = None
    ) -> None:
        """Record a diagnostic at ``mark``; its span runs to ``end`` (a scalar's) when that is on the same line."""
        mark = mark or START
        line = mark.line + 1
        source = self.lines[mark.line] if mark.line < len(self.lines) else ""
        last = mark.column + 2  # one character; a scalar's own span when it ends on this line
        if end is not None and end.line == mark.line and end.column > mark.column:
            last = end.column + 1
        self.diagnostics.append(
            Diagnostic.of(
                code,
                message,
                Span(self.file, line, mark.column + 1, line, last),
                path=format_path(self.current_path() if path is None else path),
                source_line=source,
            )
        )

    def current_path(self) -> YamlPath:
        """The path of the innermost open collection."""
        return self.stack[-1].path if self.stack else ()

    def syntax_error(self, error: yaml.MarkedYAMLError) -> None:
        """Report a YAML syntax error in words policy staff can act on."""
        message, mark = syntax_message(error)
        self.report("yaml_syntax", message, mark)

    def reader_error(self, error: yaml.reader.ReaderError, text: str) -> None:
        """Report a character YAML does not allow (PyYAML gives its index in the text)."""
        index = error.position
        line = len(LINE_BREAK.findall(text, 0, index))
        line_start = max((m.end() for m in LINE_BREAK.finditer(text, 0, index)), default=0)
        mark = Point(line, index - line_start)
        code = f"U+{error.character:04X}" if isinstance(error.character, int) else repr(error.character)
        self.report(
            "yaml_syntax",
            Text("yaml.bad_character", code=code),
            mark,
        )

    # -- the event loop

    def build(self, events: Iterable[Any]) -> None:  # noqa: C901 - the common events inline, for speed
        """Consume ``events`` until the stream ends or a problem makes going on pointless.

        The common events (an untagged scalar or collection without an anchor, in a collection that
        is kept) are handled here, inline; everything else, and whatever must be reported, by the
        methods below, which do the same for the common events too.
        """
        for event in events:
            cls = event.__class__
            if cls is ScalarEvent:
                if event.style == '"' and _SURROGATE.search(event.value) is not None:
                    self.surrogate(event)
                if not self.fast_scalar(event):
                    self.node(event)
            elif cls is MappingStartEvent or cls is SequenceStartEvent:
                if not self.fast_open(event):
                    self.node(event)  # a key that is a collection, a dropped value, too deep, a tag...
            elif cls is MappingEndEvent or cls is SequenceEndEvent:
                self.close(event)
            elif cls is DocumentStartEvent:
                self.document(event)
            elif isinstance(event, NodeEvent):
                self.node(event)
            if self.done:
                break
        self.done = True

    def surrogate(self, event: ScalarEvent) -> None:
        r"""Report an escape of half a UTF-16 pair (``"\ud800"``, or both halves of one) in double quotes.

        libyaml refuses such an escape as it parses; PyYAML, which reads the file again when libyaml
        fails, makes a text of it that UTF-8 cannot write, which failed later wherever the text was
        written (an answer of the service, a record of the log, a file). A character past U+FFFF is
        written as one escape of eight digits (``"\U0001F600"``). The text read on holds U+FFFD instead.
        """
        found = _SURROGATE.search(event.value)
        assert found is not None  # noqa: S101 - the caller found one
        self.report(
            "yaml_syntax",
            Text("yaml.surrogate_escape", escape=f"\\u{ord(found.group()):04x}"),
            event.start_mark,
            end=event.end_mark,
        )
        event.value = _SURROGATE.sub("\ufffd", event.value)

    def document(self, event: DocumentStartEvent) -> None:
        """Count a document; a second one is reported and ends the reading."""
        self.documents += 1
        if self.documents > 1:
            self.report(
                "multiple_documents",
                Text("yaml.second_document"),
                event.start_mark,
                (),
            )
            self.done = True

    def fast_scalar(self, event: ScalarEvent) -> bool:
        """Read an untagged scalar without an anchor in a kept collection; False when it is not one."""
        stack = self.stack
        if event.anchor is not None or event.tag is not None or not stack:
            return False
        top = stack[-1]
        container = top.container
        if container.__class__ is dict:
            key = top.key
            if key is _NO_KEY:
                if not self.fast_key(top, event):
                    self.key(top, event)
                return True
            top.key = _NO_KEY
            if key is _BAD_KEY or key.__class__ is not str:
                return True  # the value of a rejected key: dropped
            path: YamlPath = (*top.path, key)
            container[key] = self.value(event, path)
            self.nodes[path] = (top.key_event, event.start_mark, event.end_mark, _STYLES[event.style], event.value)
            return True
        if container.__class__ is list:
            path = (*top.path, top.count)
            top.count += 1
            container.append(self.value(event, path))
            self.nodes[path] = (None, event.start_mark, event.end_mark, _STYLES[event.style], event.value)
            return True
        return False

    def fast_open(self, event: CollectionStartEvent) -> bool:
        """Open an untagged collection that is a kept value (what :meth:`open` would do); False if not one."""
        stack = self.stack
        if event.anchor is not None or event.tag is not None or not stack or len(stack) >= MAX_DEPTH:
            return False
        top = stack[-1]
        container = top.container
        opened: dict[str, Any] | list[Any] = {} if event.__class__ is MappingStartEvent else []
        if container.__class__ is dict and top.key.__class__ is str:
            path: YamlPath = (*top.path, top.key)
            own_key = top.key_event
            top.key = _NO_KEY
            container[path[-1]] = opened  # type: ignore[index]
        elif container.__class__ is list:
            path, own_key = (*top.path, top.count), None
            top.count += 1
            container.append(opened)
        else:
            return False
        frame = _Frame(opened, path, own_key, event)
        stack.append(frame)
        # Recorded now to keep the map in document order; close() adds where the collection ends.
        self.nodes[path] = (own_key, frame.start, None, frame.style, None)
        return True

    def fast_key(self, top: _Frame, event: ScalarEvent) -> bool:
        """Take an untagged scalar as the next key of ``top`` when it is plainly a new name of text.

        False when :meth:`key` must read it (a key that is not text, a merge key, a repeated key).
        """
        name = event.value
        if event.style in PLAIN:
            known = self.plain_keys.get(name)
            if known is None:
                tag = self.resolve(ScalarNode, name, event.implicit)
                known = self.plain_keys[name] = tag == _STR_TAG and name != "<<"
            if not known:
                return False
        if name in top.seen:
            return False
        top.seen[name] = (event.start_mark or START).line + 1
        top.key = name
        top.key_event = event
        return True

    def value(self, event: ScalarEvent, path: YamlPath) -> Any:
        """The value of an untagged scalar (:meth:`scalar`, remembered for plain text read without a problem)."""
        if event.style not in PLAIN:
            return event.value  # quoted and block scalars are text
        text = event.value
        maybe_not_text = self.maybe_not_text
        if text and maybe_not_text is not None and text[0] not in maybe_not_text and event.implicit[0]:
            return text  # text to PyYAML and to YAML 1.2 alike: what scalar() would find, sooner
        known = (text, event.implicit)
        value = self.plain_values.get(known, _NO_KEY)
        if value is _NO_KEY:
            reported = len(self.diagnostics)
            value = self.scalar(event, path)
            if len(self.diagnostics) == reported:
                self.plain_values[known] = value
        return value

    def finish(self) -> None:
        """Report an empty file (only once nothing else is wrong, since a broken file is not empty)."""
        if not self.diagnostics and self.root is None:
            self.report(
                "empty_file",
                Text("yaml.empty_file"),
                START,
                (),
            )

    def node(self, event: NodeEvent) -> None:
        """Place a scalar, alias or opening collection."""
        if isinstance(event, AliasEvent):
            self.report(
                "yaml_alias",
                Text("yaml.alias", anchor=event.anchor),
                event.start_mark,
            )
        elif event.anchor is not None:
            self.report(
                "yaml_alias",
                Text("yaml.anchor", anchor=event.anchor),
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
                self.nodes[target[0]] = (target[1], event.start_mark, event.end_mark, _STYLES[event.style], event.value)
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
        shown = "!!" + tag.removeprefix(YAML_TAG) if tag.startswith(YAML_TAG) else tag
        if tag in _SCALAR_TAGS | {_MAPPING_TAG, _SEQUENCE_TAG}:
            what = Text("word.text") if isinstance(event, ScalarEvent) else STYLE_WORDS[style_of(event)]
            message = Text("yaml.tag_misplaced", tag=shown, what=what)
        else:
            message = Text("yaml.tag", tag=shown)
        self.report("yaml_tag", message, event.start_mark)

    def target(self) -> tuple[YamlPath, KeyEvent | None] | None:
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
        return (*top.path, key), top.key_event

    def place(self, target: tuple[YamlPath, KeyEvent | None], value: Any) -> None:
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
                Text("yaml.too_deep", max=MAX_DEPTH),
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
        self.nodes[frame.path] = (frame.own_key, frame.start, None, frame.style, None)

    def close(self, event: CollectionEndEvent) -> None:
        """Close the innermost collection and record where it was."""
        frame = self.stack.pop()
        if frame.container is not None:
            self.nodes[frame.path] = (frame.own_key, frame.start, event.end_mark, frame.style, None)

    def key(self, top: _Frame, event: NodeEvent) -> None:
        """Read the next key of mapping ``top``; report keys that are not text or repeat."""
        top.key = _BAD_KEY
        if isinstance(event, CollectionStartEvent):
            what = STYLE_WORDS[style_of(event)]
            self.report(
                "invalid_key",
                Text("yaml.collection_key", what=what),
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
        name = self.scalar(event, path, key=True)
        problem = key_problem(event, name)
        if problem is not None:
            self.report("invalid_key", problem, event.start_mark, top.path)
            return
        first = top.seen.get(name)
        if first is not None:
            self.report(
                "duplicate_key",
                Text("yaml.duplicate_key", name=name, first=first),
                event.start_mark,
                path,
            )
            return
        top.seen[name] = (event.start_mark or START).line + 1
        top.key = name
        top.key_event = event

    def scalar(self, event: ScalarEvent, path: YamlPath, *, key: bool = False) -> Any:
        """The value of a scalar, resolved and constructed as SafeLoader does.

        A value that YAML 1.2 would read otherwise is reported (``ambiguous_scalar``); a key is not,
        since a key that is not text in either reading is refused as ``invalid_key``.
        """
        tag = event.tag
        if tag == "!" or (tag is None and event.style not in PLAIN):
            # Quoted and block scalars are text (what resolve() would say); so is a scalar under the
            # non-specific tag '!' (YAML 1.1 and 1.2: it is resolved by its kind alone, and a scalar's
            # kind is text): '! 12' is the text '12', where PyYAML would read the number 12.
            return event.value
        if tag is None:
            tag = self.resolve(ScalarNode, event.value, event.implicit)
        # A tag check_tag refuses (reported there, '!!timestamp' too): the value is not read as anything else.
        refused = event.tag not in {None, "!"} and tag not in _SCALAR_TAGS
        if tag == _STR_TAG or refused or (tag not in _SCALAR_TAGS and tag != _TIMESTAMP_TAG):
            value: Any = event.value  # text; or a disallowed tag (reported), a merge key, '=': kept as text
        else:
            node = ScalarNode(tag, event.value, None, None, event.style)
            try:
                value = self.constructor.yaml_constructors[tag](self.constructor, node)
            except Exception as error:  # noqa: BLE001 - PyYAML's constructors fail in many ways on odd text
                # ValueError, OverflowError, ConstructorError; IndexError on an empty '!!int' or '!!float',
                # AttributeError on a '!!timestamp' that is no date: each is the one error at the value
                self.report("invalid_scalar", scalar_problem(event, tag, error), event.start_mark, path, event.end_mark)
                return event.value
            if type(value) is float and value == 0.0 and _NONZERO_MANTISSA.match(event.value):  # 1.0e-400
                zero = Text("number.reads_as_zero", number=event.value[:60])
                self.report("invalid_scalar", zero, event.start_mark, path, event.end_mark)
                return event.value
        if not key and not refused and (tag != _STR_TAG or event.tag is None):
            # A value must not depend on whether the reader follows YAML 1.1 (PyYAML) or 1.2. A value under a
            # tag that is refused (yaml_tag, reported) is not read as either: one error, not a second about it.
            try:
                problem = disagreement(event.value, value)
            except ValueError:  # a number of more digits than Python turns into text or back
                limit = sys.get_int_max_str_digits()
                problem = Text("yaml.too_many_digits", value=event.value[:40] + "…", limit=limit)
                self.report("invalid_scalar", problem, event.start_mark, path, event.end_mark)
                return event.value
            if problem is not None:
                self.report("ambiguous_scalar", problem, event.start_mark, path, event.end_mark)
                return event.value
        return value
