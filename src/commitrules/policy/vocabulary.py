"""The pack's vocabulary: the codes it uses, each with its Chinese and English label and its clause.

A pack declares its vocabulary in ``vocabulary.yaml`` (see ``docs/authoring.md``, "The vocabulary").
Each *list* holds the codes of one kind of value: the code lists of a decision (``reasons``,
``consequences``, ``measures``, ``channels``, ``tools``), the values of coded case fields
(``risk_flags``, ``verification_methods``, ``findings``, ...), and the labels of ``outcomes``.

A list is *open* when the pack may add codes to it in YAML alone (the law leaves it open, or it is the
pack's own choice of words: reasons, consequences, risk flags, verification methods, channels, tools).
A *closed* list is fixed by the structure of the law and by Python code that relies on it (the six
categories of joint punishment, finding types, roles, outcomes): a pack may label its codes but not
add or drop any. :data:`OPEN_LISTS` and :data:`CLOSED_LISTS` name them.

A list is *exclusionary* (``exclusionary: true`` in ``vocabulary.yaml``) when each of its codes is a
ground that excludes or bars (the risk flags of 一(一)): a code of it that a kind's rules do not read
would be ignored, and the case decided as if it were absent. Such a list fails closed:
``commitrules check`` reports the code (``unread_exclusionary_code``) and the evaluator refuses a case
that carries it (:mod:`commitrules.policy.exclusions`). A list whose codes need no rule (a verification
method, a channel) is not exclusionary.

This module is data only: :class:`Vocabulary` is immutable and picklable, and imports no engine.

Examples:
    >>> vocabulary = Vocabulary(
    ...     {"risk_flags": CodeList("risk_flags", {"zh": "风险", "en": "Risks"}, True,
    ...                             {"public_safety": Code("public_safety", "公共安全", "Public safety", "一(一)")})}
    ... )
    >>> vocabulary.label("risk_flags", "public_safety", "zh"), vocabulary.label("risk_flags", "x", "en")
    ('公共安全', 'x')
    >>> vocabulary.codes("risk_flags")
    ('public_safety',)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

__all__ = ["CLOSED_LISTS", "OPEN_LISTS", "Code", "CodeList", "Vocabulary"]

#: Lists a pack may extend in YAML alone, and the Python enum that holds the bundled codes of each.
OPEN_LISTS: Final[Mapping[str, str]] = {
    "reasons": "Reason",
    "consequences": "Consequence",
    "channels": "Channel",
    "tools": "Tool",
    "risk_flags": "RiskFlag",
    "verification_methods": "VerificationMethod",
}
#: Lists fixed by the structure of the law (or of the pack's other files): labelled, never extended.
CLOSED_LISTS: Final[Mapping[str, str]] = {
    "measures": "Measure",
    "findings": "FindingType",
    "roles": "Role",
    "outcomes": "",
}


@dataclass(frozen=True, slots=True)
class Code:
    """One code of a list: its Chinese and English label, and the clause it rests on (if any)."""

    code: str
    zh: str
    en: str
    clause: str | None = None

    def label(self, lang: str) -> str:
        """The label in ``lang`` (``zh`` or ``en``; anything else gives the English one)."""
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True, slots=True)
class CodeList:
    """A list of codes: its name, title, whether the pack may extend it, codes in order, and whether each excludes.

    An ``exclusionary`` list's codes each exclude or bar: every kind whose rules read it must read each code.
    """

    name: str
    title: Mapping[str, str]
    open: bool
    codes: Mapping[str, Code]
    exclusionary: bool = False


@dataclass(frozen=True)
class Vocabulary:
    """Every list of codes of a pack."""

    lists: Mapping[str, CodeList] = field(default_factory=dict)

    def codes(self, list_name: str) -> tuple[str, ...]:
        """The codes of ``list_name`` in the order the pack declares them (empty for an unknown list)."""
        found = self.lists.get(list_name)
        return tuple(found.codes) if found is not None else ()

    def has(self, list_name: str, code: str) -> bool:
        """Whether ``code`` belongs to ``list_name``."""
        found = self.lists.get(list_name)
        return found is not None and code in found.codes

    def entry(self, list_name: str, code: str) -> Code | None:
        """The entry of ``code`` in ``list_name``, or None."""
        found = self.lists.get(list_name)
        return found.codes.get(code) if found is not None else None

    def label(self, list_name: str, code: str, lang: str = "zh") -> str:
        """The label of ``code`` of ``list_name`` in ``lang``; the code itself when it has none."""
        entry = self.entry(list_name, code)
        return entry.label(lang) if entry is not None else code

    def clause(self, list_name: str, code: str) -> str | None:
        """The clause ``code`` of ``list_name`` rests on, or None."""
        entry = self.entry(list_name, code)
        return entry.clause if entry is not None else None

    def label_any(self, code: str, lang: str = "zh") -> str | None:
        """The label of ``code`` in the first list that has it (decision lists first), or None."""
        for code_list in self.lists.values():
            entry = code_list.codes.get(code)
            if entry is not None:
                return entry.label(lang)
        return None
