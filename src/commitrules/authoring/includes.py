"""The check that reused rules are complete: ``include_misses_rule`` of ``commitrules check``.

A kind that reuses another kind's rules (``include:`` with a ``rules:`` list) names them one by one.
When a rule is added to the other kind (a new exclusion ground in ``matter_review.yaml``), the reusing
kind does not apply it until it is added to the list too. This warns about every rule of the other
kind that sets an outcome the include maps (``outcomes:``) or derives a fact it renames (``derive:``),
and is not in the list, when a listed rule sets that outcome or derives that fact: such a rule is one
of the kind the include exists to carry over.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from commitrules.errors import Diagnostic, Severity
from commitrules.messages import Text

if TYPE_CHECKING:
    from commitrules.policy.compile.state import PackSources
    from commitrules.policy.pack import PolicyPack

__all__ = ["check_includes"]


def check_includes(pack: PolicyPack, sources: PackSources) -> list[Diagnostic]:
    """An ``include_misses_rule`` warning for every rule an include should carry over and does not."""
    found: list[Diagnostic] = []
    for doc in sources.documents.values():
        data: Any = doc.data
        includes = data.get("include") if isinstance(data, dict) else None
        kind = data.get("kind") if isinstance(data, dict) else None
        if not isinstance(includes, list) or kind not in pack.policies:
            continue
        for i, include in enumerate(includes):
            if not isinstance(include, dict) or include.get("kind") not in pack.policies:
                continue
            listed = set(include.get("rules") or ())
            other = pack.policies[include["kind"]]
            carried = [rule for rule in other.rules if rule.id in listed]
            # the outcomes and facts the listed rules carry over, through the include's mappings
            outcomes = set(include.get("outcomes") or {}) & {r.effect.outcome for r in carried}
            derived = set(include.get("derive") or {}) & {f for r in carried for f in r.effect.derive}
            for rule in other.rules:
                source = sources.rules.get(rule.id)
                if source is None or source.via is not None or rule.id in listed:
                    continue
                if rule.effect.outcome in outcomes or derived & set(rule.effect.derive):
                    found.append(_diagnostic(doc, i, str(kind), other.kind, rule.id))
    return found


def _diagnostic(doc: Any, index: int, kind: str, other: str, rule_id: str) -> Diagnostic:
    path = ("include", index, "rules")
    span = doc.source_map.value_span(path)
    line = doc.lines[span.line - 1] if 0 < span.line <= len(doc.lines) else None
    message = Text("include.misses_rule", rule=rule_id, other=other, kind=kind)
    suggestion = Text("include.misses_rule.fix", rule=rule_id, kind=kind)
    json_path = f"$.include[{index}].rules"
    text = Text("lint.with_fix", message=message, fix=suggestion)
    return Diagnostic.of(
        "include_misses_rule", text, span, suggestion, severity=Severity.WARNING, path=json_path, source_line=line
    )
