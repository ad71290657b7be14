"""What a policy change does to the vocabulary (``vocabulary.yaml``), for ``commitrules diff``.

A code added to a list is a new reason, consequence or risk flag a rule may give or a case may carry; a
code removed makes every case that carries it invalid; a label or clause changed changes what the
explanations say; a list that becomes exclusionary (or stops being one) changes whether a code no rule
reads refuses the case (:mod:`commitrules.policy.exclusions`). Each is listed by list, in the new pack's
order (lists removed after).

Examples:
    >>> from commitrules.policy.vocabulary import Code, CodeList, Vocabulary
    >>> flag = Code("public_safety", "公共安全", "Public safety")
    >>> old = Vocabulary({"risk_flags": CodeList("risk_flags", {}, True, {"public_safety": flag})})
    >>> new = Vocabulary({"risk_flags": CodeList("risk_flags", {}, True, {}, exclusionary=True)})
    >>> [change.to_dict() for change in diff_vocabulary(old, new)]  # doctest: +NORMALIZE_WHITESPACE
    [{'list': 'risk_flags', 'added': [], 'removed': ['public_safety'], 'relabelled': [],
      'old_exclusionary': False, 'new_exclusionary': True}]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from commitrules.messages import Lang, message

if TYPE_CHECKING:
    from commitrules.policy.vocabulary import CodeList, Vocabulary

__all__ = ["VocabularyChange", "diff_vocabulary", "vocabulary_lines"]


@dataclass(frozen=True)
class VocabularyChange:
    """A list of the vocabulary that changed: codes added, removed, relabelled; its exclusionary flag.

    ``old_exclusionary``/``new_exclusionary`` are None where the list is absent from that pack.
    """

    list: str
    added: tuple[str, ...]
    removed: tuple[str, ...]
    relabelled: tuple[str, ...]
    old_exclusionary: bool | None
    new_exclusionary: bool | None

    def to_dict(self) -> dict[str, Any]:
        """The change as JSON data (``commitrules diff --format json``, under ``vocabulary``)."""
        return {
            "list": self.list,
            "added": list(self.added),
            "removed": list(self.removed),
            "relabelled": list(self.relabelled),
            "old_exclusionary": self.old_exclusionary,
            "new_exclusionary": self.new_exclusionary,
        }


def _change(name: str, before: CodeList | None, after: CodeList | None) -> VocabularyChange | None:
    """How list ``name`` changed from ``before`` to ``after`` (None where absent); None when it did not."""
    old_codes = before.codes if before is not None else {}
    new_codes = after.codes if after is not None else {}
    added = tuple(code for code in new_codes if code not in old_codes)
    removed = tuple(code for code in old_codes if code not in new_codes)
    relabelled = tuple(code for code in new_codes if code in old_codes and old_codes[code] != new_codes[code])
    old_flag = before.exclusionary if before is not None else None
    new_flag = after.exclusionary if after is not None else None
    if not (added or removed or relabelled) and bool(old_flag) == bool(new_flag):  # a list added: not exclusionary
        return None
    return VocabularyChange(name, added, removed, relabelled, old_flag, new_flag)


def diff_vocabulary(old: Vocabulary, new: Vocabulary) -> list[VocabularyChange]:
    """The lists whose codes, labels, clauses or exclusionary flag differ, in the new pack's order."""
    names = dict.fromkeys([*new.lists, *old.lists])
    changes = (_change(name, old.lists.get(name), new.lists.get(name)) for name in names)
    return [change for change in changes if change is not None]


def vocabulary_lines(changes: tuple[VocabularyChange, ...], old: Vocabulary, new: Vocabulary, lang: Lang) -> list[str]:
    """The report's lines for ``changes`` in ``lang``: a count, then one line per list, codes with their labels."""
    lines = [message("diff.vocabulary", lang, count=len(changes))]
    for change in changes:

        def labelled(codes: tuple[str, ...], vocabulary: Vocabulary, list_name: str = change.list) -> str:
            return message("diff.vocab.sep", lang).join(
                message("diff.vocab.code", lang, code=code, label=vocabulary.label(list_name, code, lang))
                for code in codes
            )

        parts = []
        if change.added:
            parts.append(message("diff.vocab.added", lang, codes=labelled(change.added, new)))
        if change.removed:
            parts.append(message("diff.vocab.removed", lang, codes=labelled(change.removed, old)))
        if change.relabelled:
            parts.append(message("diff.vocab.relabelled", lang, codes=labelled(change.relabelled, new)))
        if bool(change.old_exclusionary) != bool(change.new_exclusionary):
            parts.append(
                message(
                    "diff.vocab.exclusionary",
                    lang,
                    old=_flag(change.old_exclusionary, lang),
                    new=_flag(change.new_exclusionary, lang),
                )
            )
        said = message("diff.vocab.parts", lang).join(parts)
        lines.append(message("diff.vocab.list", lang, list=change.list, changes=said))
    return lines


def _flag(value: bool | None, lang: Lang) -> str:  # noqa: FBT001 - a flag shown, not an option
    """An exclusionary flag in words: yes, no, or no such list."""
    return message("diff.vocab.flag." + ("absent" if value is None else "yes" if value else "no"), lang)
