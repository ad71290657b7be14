"""The check that an exclusionary list fails closed: ``unread_exclusionary_code`` of ``commitrules check``.

Each code of an exclusionary list (``exclusionary: true`` in ``vocabulary.yaml``: the risk flags) is a
ground that excludes. A kind whose rules read the list but never name one of its codes decides a case
carrying that code as if it were absent: a matter that directly touches a new risk would be found
eligible. This is an error, not a warning: the pack says something it cannot mean (an exclusion ground
that excludes nothing), the evaluator refuses such cases anyway, and a warning passes ``check``
without ``--strict``. Which codes a kind reads is :mod:`commitrules.policy.exclusions`' business.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from commitrules.authoring._lint_where import Where, finding
from commitrules.errors import Diagnostic, Severity
from commitrules.messages import Text
from commitrules.policy.exclusions import reads_list, unread_exclusions

if TYPE_CHECKING:
    from commitrules.policy.compile import PackSources
    from commitrules.policy.pack import PolicyPack

__all__ = ["check_exclusionary_codes"]


def check_exclusionary_codes(pack: PolicyPack, sources: PackSources) -> list[Diagnostic]:
    """An ``unread_exclusionary_code`` error for every code of an exclusionary list a reading kind leaves unread.

    One finding per code, naming every kind that leaves it unread, at the code in ``vocabulary.yaml``;
    for a list the pack takes from the bundled vocabulary, at the first rule of the first such kind
    that reads the list.
    """
    unread = unread_exclusions(pack)
    doc = sources.documents.get("vocabulary")
    declared = (doc.data.get("lists") or {}) if doc is not None else {}
    found: list[Diagnostic] = []
    for code_list in pack.vocabulary.lists.values():
        for code in code_list.codes:
            kinds = [kind for kind, lists in unread.items() if code in lists.get(code_list.name, ())]
            if not kinds:
                continue
            if doc is not None and code_list.name in declared:
                where = Where(doc, ("lists", code_list.name, "codes", code), key=True)
            else:
                where = _first_reader(pack, sources, kinds[0], code_list.name)
            named = ", ".join(f"'{k}'" for k in kinds)
            found.append(
                finding(
                    where,
                    Severity.ERROR,
                    "unread_exclusionary_code",
                    Text("lint.unread_exclusion", code=code, list=code_list.name, kinds=named),
                    Text("lint.unread_exclusion.fix", code=code, list=code_list.name),
                )
            )
    return found


def _first_reader(pack: PolicyPack, sources: PackSources, kind: str, list_name: str) -> Where:
    """The first rule of ``kind`` that reads ``list_name``, preferring one stated in the kind's own file."""
    readers = [r for r in pack.policies[kind].rules if reads_list(r, list_name)]
    rule = next((r for r in readers if sources.rules[r.id].via is None), readers[0])
    source = sources.rules[rule.id]
    return Where(source.doc, (*source.path, "id"))
