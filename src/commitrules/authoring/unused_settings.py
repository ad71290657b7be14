"""The check that every setting changes something: ``unused_setting`` of ``commitrules check``.

A setting of ``settings.yaml`` that no condition or route of any kind reads changes no decision when a
deployment sets it: either a rule that should read it does not, or the setting is left over. A setting
the host system reads (``used_by: host``) is not the rules' to read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from commitrules.authoring._lint_where import Where, finding
from commitrules.errors import Diagnostic, Severity
from commitrules.messages import Text
from commitrules.policy import tree as t

if TYPE_CHECKING:
    from commitrules.policy.compile import PackSources
    from commitrules.policy.pack import PolicyPack

__all__ = ["check_unused_settings"]


def check_unused_settings(pack: PolicyPack, sources: PackSources) -> list[Diagnostic]:
    """An ``unused_setting`` warning for every setting no condition or route of any kind reads."""
    read: set[str] = set()
    named: dict[str, list[str]] = {}
    for rule in pack.rules():
        for root in (rule.condition, rule.effect.route_from):
            if root is not None:
                read.update(n.name for n in t.walk(root) if isinstance(n, t.Setting))
        for name in rule.interpretation_settings:
            named.setdefault(name, []).append(rule.id)
    doc = sources.documents.get("settings")
    if doc is None:
        return []
    entries = doc.data.get("settings") or {}
    found: list[Diagnostic] = []
    for name in pack.settings:
        if name in read or (entries.get(name) or {}).get("used_by") == "host":
            continue
        rules = ", ".join(f"'{r}'" for r in named.get(name, []))
        also = Text("lint.unused_setting.named", rules=rules) if rules else ""
        found.append(
            finding(
                Where(doc, ("settings", name), key=True),
                Severity.WARNING,
                "unused_setting",
                Text("lint.unused_setting", name=name, also=also),
                Text("lint.unused_setting.fix"),
            )
        )
    return found
