"""The check of the reporting chain: ``role_unreachable`` and ``skipped_level`` of ``commitrules check``.

Every role of ``organization.yaml`` must reach the principal leader by ``reports_to``, level by level
(逐级, 一(三)1): a role whose chain stops short is an error (its reports go nowhere), a role that
reports past a level present in the organisation is a warning unless it says ``skips_level``.
A cycle and an unknown superior are the compiler's errors, not reported again here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import networkx as nx

from commitrules.authoring._lint_where import Where, finding
from commitrules.errors import Diagnostic, Severity
from commitrules.messages import Text
from commitrules.model import codes

if TYPE_CHECKING:
    from commitrules.policy.compile import PackSources

__all__ = ["LEVELS", "PRINCIPAL", "check_organization"]

#: The reporting chain of 一(三)1 from the bottom up; a role reports to the next one present.
LEVELS: tuple[str, ...] = tuple(role.value for role in codes.Role)
PRINCIPAL = codes.Role.principal_leader.value


def check_organization(sources: PackSources) -> list[Diagnostic]:
    """Every role reaches the principal leader, level by level (逐级, 一(三)1)."""
    doc = sources.documents.get("organization")
    if doc is None:
        return []
    found: list[Diagnostic] = []
    entries: list[dict[str, Any]] = list(doc.data.get("roles") or [])
    index = {e["id"]: i for i, e in enumerate(entries)}
    reports_to: dict[str, str | None] = {e["id"]: e.get("reports_to") for e in entries}
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_nodes_from(reports_to)
    graph.add_edges_from((a, b) for a, b in reports_to.items() if b is not None and b in reports_to)
    cyclic = {n for component in nx.strongly_connected_components(graph) if len(component) > 1 for n in component}
    stuck = cyclic | {n for n in graph if any(nx.has_path(graph, n, c) for c in cyclic)}
    # Roles above the principal leader (the organisation, 组织) are past the unit's chain: fine.
    above_principal = nx.descendants(graph, PRINCIPAL) if PRINCIPAL in graph and PRINCIPAL not in stuck else set()
    for role, superior in reports_to.items():
        if superior is not None or role == PRINCIPAL or role in stuck or role in above_principal:
            continue  # an unknown superior and a cycle are the compiler's errors
        below = sorted(nx.ancestors(graph, role), key=index.__getitem__)
        listed = ", ".join(f"'{r}'" for r in below)
        above = _next_level(role, set(reports_to))
        if above:
            advice = Text("lint.unreachable.set", above=above)
        else:
            advice = Text("lint.unreachable.add", principal=PRINCIPAL)
        at = ("roles", index[role], "reports_to" if "reports_to" in entries[index[role]] else "id")
        message = (
            Text("lint.unreachable.below", role=role, below=listed, principal=PRINCIPAL)
            if below
            else Text("lint.unreachable", role=role, principal=PRINCIPAL)
        )
        found.append(finding(Where(doc, at), Severity.ERROR, "role_unreachable", message, advice))
    for role, superior in reports_to.items():
        if superior not in reports_to or role not in LEVELS or superior not in LEVELS:
            continue
        between = [r for r in LEVELS[LEVELS.index(role) + 1 : LEVELS.index(superior)] if r in reports_to]
        if between and not entries[index[role]].get("skips_level"):
            found.append(
                finding(
                    Where(doc, ("roles", index[role], "reports_to")),
                    Severity.WARNING,
                    "skipped_level",
                    Text("lint.skipped", role=role, superior=superior, between=between[0]),
                    Text("lint.skipped.fix", between=between[0]),
                )
            )
    return found


def _next_level(role: str, present: Iterable[str]) -> str | None:
    """The next level of the chain above ``role`` that the organisation has, if any.

    Examples:
        >>> _next_level("division_head", {"division_head", "principal_leader"})
        'principal_leader'
    """
    if role not in LEVELS:
        return None
    above = [r for r in LEVELS[LEVELS.index(role) + 1 :] if r in set(present)]
    return above[0] if above else None
