"""Where a lint finding points, and the finding itself: shared by the checks of ``commitrules check``.

Every check reports against a place in a source document (a YAML path, optionally a key, or an offset
inside a condition's text); the finding's message ends with its suggestion, also kept on its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from commitrules.errors import Diagnostic, Severity, Span
from commitrules.messages import Text
from commitrules.policy.yaml import YamlDocument

__all__ = ["Where", "YamlPath", "finding", "json_path"]

YamlPath = tuple[str | int, ...]


def json_path(path: YamlPath) -> str:
    """``$.rules[2].when`` for ``("rules", 2, "when")``.

    Examples:
        >>> json_path(("rules", 2, "when"))
        '$.rules[2].when'
    """
    out = "$"
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


@dataclass(frozen=True)
class Where:
    """A place in a source document to point at: a value, a key, or a character inside a scalar."""

    doc: YamlDocument
    path: YamlPath
    offset: int | None = None
    key: bool = False

    @property
    def span(self) -> Span:
        """The span of the place (the whole value when an offset cannot be placed in it)."""
        source_map = self.doc.source_map
        style = source_map.style(self.path)
        if self.offset is not None and style not in {None, "mapping", "sequence"}:
            return source_map.scalar_offset_span(self.path, self.offset)
        return source_map.key_span(self.path) if self.key else source_map.value_span(self.path)

    def __str__(self) -> str:
        return str(self.span)


def finding(where: Where, severity: Severity, code: str, message: Text, suggestion: Text) -> Diagnostic:
    """A finding at ``where``; its message ends with the suggestion, also kept on its own (English, and as a Text)."""
    span = where.span
    line = where.doc.lines[span.line - 1] if 0 < span.line <= len(where.doc.lines) else None
    text = Text("lint.with_fix", message=message, fix=suggestion)
    return Diagnostic.of(code, text, span, suggestion, severity=severity, path=json_path(where.path), source_line=line)
