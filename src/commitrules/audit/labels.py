"""Chinese labels of a pack's codes, both ways: what the Chinese feature files read instead of codes.

An auditor reads ``结论为「受理承诺」`` rather than ``结论为 "commitment_accepted"``. The step library maps
each label back to its code with :meth:`Labels.code`, which accepts the code itself too; the labels
come from the pack (its roles' titles) and from the vocabulary's labels (outcomes, and the codes of
reasons, consequences, measures, channels and tools). Labels are unique within each of these lists,
so that the mapping back is never ambiguous (a test keeps it so).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final

from commitrules.engine.explain import OUTCOME_LABELS
from commitrules.model.codes import ZH_LABELS
from commitrules.policy.pack import PolicyPack

__all__ = ["LABEL_LIST", "Labels", "labels_of", "split_labels"]

#: One or more labels, each in corner brackets: ``「撤销决定」「记入信用记录」`` (labels may hold 、).
LABEL_LIST: Final = r"(?:「[^」]*」)+"
_ONE: Final = re.compile(r"「([^」]*)」")


def split_labels(text: str) -> list[str]:
    """The labels of ``「a」「b」`` (an empty ``「」`` stands for none)."""
    return [label for label in _ONE.findall(text) if label]


@dataclass(frozen=True, slots=True)
class Labels:
    """The Chinese label of every outcome, code and role of a pack, by code."""

    outcomes: Mapping[str, str]
    codes: Mapping[str, str]
    roles: Mapping[str, str]

    def code(self, text: str, candidates: Iterable[str]) -> str:
        """The code among ``candidates`` that ``text`` names: the code itself or its Chinese label.

        Raises:
            ValueError: ``text`` is neither; the message lists each candidate with its label.
        """
        options = list(candidates)
        if text in options:
            return text
        for code in options:
            if text in (self.outcomes.get(code), self.codes.get(code), self.roles.get(code)):
                return code
        shown = "、".join(f"「{self.label(c)}」({c})" for c in options)
        msg = f"「{text}」 is neither a code nor the label of one here; the choices are {shown}"
        raise ValueError(msg)

    def label(self, code: str) -> str:
        """The Chinese label of ``code`` (the code itself when it has none)."""
        return self.outcomes.get(code) or self.codes.get(code) or self.roles.get(code) or code

    @property
    def all_codes(self) -> tuple[str, ...]:
        """Every code with a label (outcomes apart, which are checked against their kind)."""
        return (*self.codes, *self.roles)


def labels_of(pack: PolicyPack) -> Labels:
    """The labels of ``pack``: its outcomes, the vocabulary's codes and its organisation's roles."""
    outcomes = {o: OUTCOME_LABELS[o] for p in pack.policies.values() for o in p.outcomes if o in OUTCOME_LABELS}
    codes = {str(member.value): text for member, text in ZH_LABELS.items()}
    roles = {role: titles["zh"] for role, titles in pack.organization.role_titles.items()}
    return Labels(outcomes, codes, roles)
