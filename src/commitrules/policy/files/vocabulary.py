"""The model of 'vocabulary.yaml': the pack's lists of codes, each code with its labels and clause.

Example::

    lists:
      risk_flags:
        title: {zh: 不直接涉及的风险, en: Risks that exclude a matter}
        exclusionary: true
        codes:
          public_safety: {zh: 公共安全, en: Public safety, clause: 一(一)}

Whether a code is known where a rule, a setting or a case uses it is the compiler's business
(:mod:`commitrules.policy.compile.vocabulary`); this model checks the file's shape.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from commitrules.policy.files.base import ClauseRef, FileModel, Name, Text, TitleText, pack_ref


class CodeEntry(FileModel):
    """One code: its labels in Chinese and English, and the clause it rests on."""

    zh: Text
    """The Chinese label (简体中文), as explanations and the reference show it."""
    en: Text
    """The English label."""
    clause: ClauseRef | None = None
    """The clause of clauses.yaml the code rests on, where it has one (e.g. '一(一)')."""


class CodeListEntry(FileModel):
    """A list of codes."""

    title: TitleText
    """What the list holds, in Chinese and English."""
    exclusionary: bool | None = None
    """Whether each code excludes or bars (risk_flags): every kind whose rules read the list must read
    each of its codes, or check reports the code and a case carrying it is refused. Only for an open
    list that cases carry (risk_flags, verification_methods, channels). Left out: as the bundled list."""
    codes: Annotated[dict[Name, CodeEntry], Field(min_length=1)]
    """The codes (snake_case), in the order readers see them."""


class VocabularyFile(FileModel):
    """'vocabulary.yaml': the codes of the pack, list by list."""

    lists: Annotated[dict[Name, CodeListEntry], pack_ref("code_lists")]
    """The lists, by name: reasons, consequences, measures, channels, tools, risk_flags,
    verification_methods, findings, roles, outcomes."""
