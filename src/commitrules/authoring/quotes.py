"""The check that every rule's quote is the founding text: ``quote_not_in_clause`` of ``commitrules check``.

A rule's ``quote`` must appear word for word in the text of a clause it cites (of the founding
document; external sources are not reproduced in ``clauses.yaml``). White space and quotation marks
are ignored, and an elision is marked with ``…`` (or ``...``): each part must appear. It is an error,
reported at the quote, since auditors compare the quote with the law.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from commitrules.errors import Diagnostic, Severity
from commitrules.messages import Text

if TYPE_CHECKING:
    from commitrules.policy.compile.state import PackSources, RuleSource
    from commitrules.policy.pack import CompiledRule, PolicyPack

__all__ = ["check_quotes", "quote_parts_missing"]

_IGNORED = re.compile(r"[\s“”\"「」]")
_ELISION = re.compile(r"…|\.\.\.")


def _norm(text: str) -> str:
    return _IGNORED.sub("", text)


def quote_parts_missing(quote: str, texts: list[str]) -> list[str]:
    """The parts of ``quote`` (split at elisions) that appear in none of ``texts``.

    Examples:
        >>> quote_parts_missing("不直接涉及国家安全…公共安全", ["不直接涉及国家安全、公共安全"])
        []
        >>> quote_parts_missing("国家安全和公共秩序", ["不直接涉及国家安全、公共安全"])
        ['国家安全和公共秩序']
    """
    parts = [part.strip() for part in _ELISION.split(quote) if part.strip()]
    return [part for part in parts if not any(_norm(part) in _norm(text) for text in texts)]


def check_quotes(pack: PolicyPack, sources: PackSources) -> list[Diagnostic]:
    """A ``quote_not_in_clause`` error for every rule whose quote is not the text of its clauses."""
    found: list[Diagnostic] = []
    for rule in pack.rules():
        source = sources.rules.get(rule.id)
        if source is None or source.via is not None or rule.quote is None:
            continue  # an included rule is checked where it is written
        texts = [pack.clauses[c].text for c in rule.clauses if c in pack.clauses and not pack.clauses[c].external]
        if not texts:
            continue
        missing = quote_parts_missing(rule.quote, texts)
        if missing:
            found.append(_diagnostic(rule, source, missing))
    return found


def _diagnostic(rule: CompiledRule, source: RuleSource, missing: list[str]) -> Diagnostic:
    path = (*source.path, "quote")
    span = source.doc.source_map.value_span(path)
    line = source.doc.lines[span.line - 1] if 0 < span.line <= len(source.doc.lines) else None
    shown = "', '".join(missing)
    clauses = ", ".join(rule.clauses)
    message = Text("quote.not_in_clause", rule=rule.id, clauses=clauses, shown=shown)
    suggestion = Text("quote.not_in_clause.fix")
    json_path = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)
    text = Text("lint.with_fix", message=message, fix=suggestion)
    return Diagnostic.of(
        "quote_not_in_clause", text, span, suggestion, severity=Severity.ERROR, path=json_path, source_line=line
    )
