"""The models of the pack's other files: 'clauses.yaml', 'organization.yaml' and 'pack.yaml'."""

from __future__ import annotations

from typing import (
    Annotated,
    Self,
)

from pydantic import (
    Field,
    StringConstraints,
    model_validator,
)

from commitrules.policy.files.base import (
    PACK_NAME,
    VERSION,
    ClauseId,
    FileModel,
    Name,
    Text,
    TitleText,
    check_unique,
    pack_ref,
)


class ClauseEntry(FileModel):
    """A clause of the founding document (or of another document, with 'external: true')."""

    id: ClauseId
    """How rules cite it, e.g. '一(一)2' (section one, paragraph (一), item 2)."""
    text: Text
    """The clause's text, in Chinese."""
    title: TitleText | None = None
    """A short name, in Chinese and English."""
    excused: TitleText | None = None
    """Why no rule is needed for this clause, in Chinese and English."""
    external: bool = False
    """True for documents other than the founding one (NAT-42 etc.)."""


class ClausesFile(FileModel):
    """'clauses.yaml': every clause rules may cite."""

    clauses: tuple[ClauseEntry, ...]
    """The clauses, in the order of the document."""

    @model_validator(mode="after")
    def _unique(self) -> Self:
        check_unique((c.id for c in self.clauses), lambda i: ("clauses", i, "id"), "clause id", "clauses")
        return self


class RoleEntry(FileModel):
    """A role of the reporting chain."""

    id: Name
    """The role's code, e.g. 'division_head'."""
    title: TitleText
    """The role's name, in Chinese and English."""
    reports_to: Annotated[Name, pack_ref("roles")] | None = None
    """The role it reports to; null (or absent) for the top of the chain."""
    skips_level: TitleText | None = None
    """Why this role reports past the next level of the chain (一(三)1 asks for reports level by level,
    逐级); without it, 'commitrules check' warns about the skip."""


class Department(FileModel):
    """A department and the joint-punishment categories it applies."""

    id: Name
    """The department's code, e.g. 'market_regulation'."""
    title: TitleText
    """The department's name, in Chinese and English."""
    measures: tuple[Annotated[Text, pack_ref("vocabulary:measures")], ...] = ()
    """The joint-punishment categories it applies, e.g. 'industry_access'."""


class OrganizationFile(FileModel):
    """'organization.yaml': the reporting chain and the departments applying joint punishment."""

    roles: Annotated[tuple[RoleEntry, ...], Field(min_length=1)]
    """The roles, each with the role it reports to."""
    departments: tuple[Department, ...] = ()
    """Which department applies which joint-punishment categories."""

    @model_validator(mode="after")
    def _unique(self) -> Self:
        check_unique((r.id for r in self.roles), lambda i: ("roles", i, "id"), "role id", "roles")
        ids = (d.id for d in self.departments)
        check_unique(ids, lambda i: ("departments", i, "id"), "department id", "departments")
        return self


class PackFile(FileModel):
    """'pack.yaml': the pack's name, version and source."""

    name: Annotated[str, StringConstraints(pattern=PACK_NAME)]
    """The pack's name, e.g. 'lianyungang-2019-57'."""
    version: Annotated[str, StringConstraints(pattern=VERSION)]
    """The pack's version, major.minor.patch (quote it if YAML would read it as a number)."""
    title: TitleText
    """The pack's title, in Chinese and English."""
    source: TitleText | None = None
    """The document the pack states, in Chinese and English."""
