"""Which codes of an exclusionary list each kind's rules read, and which they leave unread.

Each code of an *exclusionary* list of the vocabulary (``exclusionary: true``: the risk flags of
一(一)) is a ground that excludes or bars. A kind whose rules read such a list treats it code by code:
``matter.has_risk('public_safety')`` excludes one ground. A code that none of them names would be
ignored, and a case carrying it decided as if it were absent: the pack would fail open. So a kind
that reads the list must read every code of it; ``commitrules check`` reports a code it does not
(``unread_exclusionary_code``), and the evaluator refuses a case that carries one.

A kind that reads no code of the list (``verification`` does not look at risk flags) is not bound by
it: what it decides does not rest on those grounds. A rule that reads the list as a whole rather than
code by code reads every code, new ones included: a test that sets some codes apart from all others
(``f not in ['a', 'b']``, ``f != 'a'``), ``len(...)`` of the list, or a list of codes in a setting
(whose codes, in every dated value, count as read).

Examples:
    >>> import commitrules
    >>> unread_exclusions(commitrules.load_policies())
    {}
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from commitrules.policy import tree as t

if TYPE_CHECKING:
    from collections.abc import Iterator

    from commitrules.policy.pack import CompiledRule, KindPolicy, PolicyPack
    from commitrules.policy.types import Type
    from commitrules.policy.vocabulary import CodeList

__all__ = ["reads_list", "unread_codes", "unread_exclusions", "unread_in_kind"]


def unread_exclusions(pack: PolicyPack) -> dict[str, dict[str, frozenset[str]]]:
    """For each kind, each exclusionary list it reads and the codes of that list it does not read.

    Kinds and lists with nothing unread are left out: the bundled pack gives ``{}``.
    """
    found = {kind: unread_in_kind(pack, policy) for kind, policy in pack.policies.items()}
    return {kind: lists for kind, lists in found.items() if lists}


def unread_in_kind(pack: PolicyPack, policy: KindPolicy) -> dict[str, frozenset[str]]:
    """Each exclusionary list of ``pack`` that the rules of ``policy`` read, with the codes they leave unread.

    Lists with nothing unread are left out.
    """
    found: dict[str, frozenset[str]] = {}
    for code_list in pack.vocabulary.lists.values():
        if code_list.exclusionary:
            unread = unread_codes(policy, code_list)
            if unread:
                found[code_list.name] = unread
    return found


def unread_codes(policy: KindPolicy, code_list: CodeList) -> frozenset[str]:
    """The codes of ``code_list`` that the rules of ``policy`` leave unread, though they read the list.

    Empty when they read no code of it, or read it as a whole (see the module).
    """
    read: set[str] = set()
    for rule in policy.rules:
        for root in (rule.condition, rule.effect.route_from):
            if root is None:
                continue
            for node in t.walk(root):
                if isinstance(node, t.Const) and _of(node.type, code_list.name) and isinstance(node.value, str):
                    read.add(node.value)
                elif isinstance(node, t.Setting) and _of(node.type, code_list.name):
                    read.update(_setting_codes(node))
                    read.add("")  # the kind reads the list, even through an empty setting
                elif _whole(node, code_list.name):
                    return frozenset()
    return frozenset(code_list.codes) - read if read else frozenset()


def reads_list(rule: CompiledRule, list_name: str) -> bool:
    """Whether the condition or route of ``rule`` reads a code (or the codes) of ``list_name``."""
    roots = [root for root in (rule.condition, rule.effect.route_from) if root is not None]
    return any(_of(node.type, list_name) for root in roots for node in t.walk(root))


def _of(type_: Type, list_name: str) -> bool:
    """Whether ``type_`` is a code of ``list_name`` or a list of such codes."""
    if type_.kind == "list" and type_.elem is not None:
        return type_.elem.codes == list_name
    return type_.codes == list_name


def _whole(node: t.Node, list_name: str) -> bool:
    """Whether ``node`` reads the list as a whole rather than by the codes it names."""
    if isinstance(node, t.Member) and node.negated:  # 'a' not in flags names one code; f not in [...] all others
        return _of(node.item.type, list_name) and not isinstance(node.item, t.Const)
    if isinstance(node, t.Compare) and node.op == "!=":
        return _of(node.left.type, list_name) or _of(node.right.type, list_name)
    if isinstance(node, t.Call):
        return any(_of(arg.type, list_name) and arg.type.kind == "list" for arg in node.args)
    return False


def _setting_codes(node: t.Setting) -> Iterator[str]:
    values = [node.value, *(value for _, value in node.dated)]
    for value in values:
        if isinstance(value, str):
            yield value
        elif isinstance(value, list | tuple | frozenset | set):
            yield from (v for v in value if isinstance(v, str))
