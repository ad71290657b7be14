"""What the compiler passes hand each other: the typed file models, their documents, and diagnostics.

Every pass reads the validated file models (:mod:`commitrules.policy.files`) and points at the
input through the document's source map, by path; no pass reads the raw YAML data.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from commitrules.errors import Diagnostic, PolicySyntaxError, PolicyValidationError, Span, display_path
from commitrules.messages import Text

if TYPE_CHECKING:
    import datetime as dt
    from pathlib import Path

    from commitrules.policy import tree as t
    from commitrules.policy.files import (
        ClausesFile,
        OrganizationFile,
        PackFile,
        PolicyFile,
        Rule,
        SettingsFile,
        VocabularyFile,
    )
    from commitrules.policy.pack import PolicyPack, SettingValue
    from commitrules.policy.types import Type
    from commitrules.policy.vocabulary import Vocabulary
    from commitrules.policy.yaml import YamlDocument, YamlPath

__all__ = ["CompileState", "PackSources", "Parsed", "RuleSource", "SourceRule"]

M = TypeVar("M")

#: A checked condition part: the path of the YAML scalar (or all/any/not) and the node built from it.
ConditionPart = tuple["YamlPath", "t.Node"]


@dataclass(frozen=True, slots=True)
class SourceRule:
    """A rule as a kind uses it, where it was written, and the file that includes it (if any).

    ``doc``/``path`` locate the rule's text: for an included rule, that is the file it comes from, so
    errors in its condition point at the one place to fix. ``rule`` is the rule as the including kind
    sees it (renamed id, mapped outcome and derived facts); ``via`` names the including file.
    """

    doc: YamlDocument
    path: YamlPath
    rule: Rule
    via: YamlDocument | None = None
    via_path: YamlPath = ()

    @property
    def id(self) -> str:
        """The rule's id in the kind that uses it."""
        return self.rule.id

    def at(self, *more: str | int) -> YamlPath:
        """The path of a part of the rule in its document."""
        return (*self.path, *more)

    @property
    def context(self) -> Text:
        """How messages name the rule."""
        if self.via is not None:
            return Text("diag.rule_included", id=self.id, file=self.via.file)
        return Text("diag.rule", id=self.id)


@dataclass(frozen=True)
class RuleSource:
    """Where a compiled rule was written: its document and path, and each checked part of its condition.

    ``parts`` pairs the path of every condition scalar (and of each ``all``/``any``/``not`` around them,
    and of ``then.route.from``) with the checked node built from it, so that a later check can point
    at a sub-expression: ``doc.source_map.scalar_offset_span(path, node.offset)``.
    """

    doc: YamlDocument
    path: YamlPath
    parts: tuple[ConditionPart, ...]
    via: YamlDocument | None = None
    via_path: YamlPath = ()


@dataclass(frozen=True)
class PackSources:
    """The source documents of a compiled pack, for checks that point into them (``commitrules check``)."""

    documents: Mapping[str, YamlDocument]
    rules: Mapping[str, RuleSource]


@dataclass(frozen=True, slots=True)
class Parsed(Generic[M]):
    """A file's document and its validated model."""

    doc: YamlDocument
    model: M


class Known(list[str]):
    """Names in their order (for "Did you mean"), asked whether they hold a name in one step.

    The passes checked each name a rule or a setting cites with ``in`` on a list, often made again for each
    rule: a pack of 12,000 clauses and 8,000 rules citing them made a hundred million comparisons.
    """

    __slots__ = ("_set",)

    def __init__(self, names: Iterable[str] = ()) -> None:
        super().__init__(names)
        self._set = frozenset(self)

    def __contains__(self, name: object) -> bool:
        return name in self._set


@dataclass
class CompileState:
    """What the passes hand each other; each field says which pass writes it."""

    directory: Path
    overrides: Mapping[str, Any]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # read_files
    raw: dict[str, bytes] = field(default_factory=dict)
    docs: dict[str, YamlDocument] = field(default_factory=dict)
    # validate_files
    pack_file: Parsed[PackFile] | None = None
    settings_file: Parsed[SettingsFile] | None = None
    clauses_file: Parsed[ClausesFile] | None = None
    organization_file: Parsed[OrganizationFile] | None = None
    vocabulary_file: Parsed[VocabularyFile] | None = None
    policies: dict[str, Parsed[PolicyFile]] = field(default_factory=dict)
    # resolve_vocabulary
    vocabulary: Vocabulary | None = None
    # resolve_includes
    kind_rules: dict[str, list[SourceRule]] = field(default_factory=dict)
    # resolve_settings
    settings: dict[str, SettingValue] = field(default_factory=dict)
    setting_types: dict[str, tuple[Type, object]] = field(default_factory=dict)
    setting_timelines: dict[str, tuple[tuple[dt.date, object], ...]] = field(default_factory=dict)
    # resolve_rule_ids
    rule_at: dict[str, SourceRule] = field(default_factory=dict)
    # build_conditions
    conditions: dict[str, t.Node | None] = field(default_factory=dict)
    route_from: dict[str, t.Node | None] = field(default_factory=dict)
    parts: dict[str, list[ConditionPart]] = field(default_factory=dict)
    # build_rule_strata
    strata: dict[str, dict[str, int]] = field(default_factory=dict)
    # build_pack
    pack: PolicyPack | None = None
    #: clause_ids, once made
    _clause_ids: Known | None = field(default=None, init=False, repr=False)

    def add(  # noqa: PLR0913 - keyword-only options of one diagnostic
        self,
        doc: YamlDocument | None,
        path: YamlPath,
        code: str,
        message: Text,
        suggestion: str | None = None,
        *,
        key: bool = False,
    ) -> None:
        """Record an error at ``path`` of ``doc`` (its key with ``key``), or at the folder without a doc."""
        if doc is None:
            span = Span(display_path(self.directory))
            line = None
        else:
            span = doc.source_map.key_span(path) if key else doc.source_map.value_span(path)
            line = doc.lines[span.line - 1] if 0 < span.line <= len(doc.lines) else None
        if suggestion and "guess" not in message.params:
            message = Text("diag.did_you_mean", message=message, guess=suggestion)
        self.diagnostics.append(Diagnostic.of(code, message, span, suggestion, path=json_path(path), source_line=line))

    def fail_if_errors(self, error: type[PolicySyntaxError | PolicyValidationError]) -> None:
        """Stop the pipeline with every diagnostic collected so far, if there is one."""
        if self.diagnostics:
            raise error(self.diagnostics)

    # The special files exist once validate_files has passed; these say so to the type checker.
    @property
    def pack_entry(self) -> Parsed[PackFile]:
        """``pack.yaml`` (after validate_files)."""
        return _present(self.pack_file, "pack")

    @property
    def settings_entry(self) -> Parsed[SettingsFile]:
        """``settings.yaml`` (after validate_files)."""
        return _present(self.settings_file, "settings")

    @property
    def clauses_entry(self) -> Parsed[ClausesFile]:
        """``clauses.yaml`` (after validate_files)."""
        return _present(self.clauses_file, "clauses")

    @property
    def organization_entry(self) -> Parsed[OrganizationFile]:
        """``organization.yaml`` (after validate_files)."""
        return _present(self.organization_file, "organization")

    @property
    def codes(self) -> Vocabulary:
        """The pack's vocabulary (after resolve_vocabulary)."""
        if self.vocabulary is None:
            msg = "the vocabulary is read by a pass that runs before resolve_vocabulary"
            raise RuntimeError(msg)
        return self.vocabulary

    @property
    def clause_ids(self) -> Known:
        """The ids of ``clauses.yaml``, in file order (made once: the file does not change after validate_files)."""
        if self._clause_ids is None:
            self._clause_ids = Known(c.id for c in self.clauses_entry.model.clauses)
        return self._clause_ids


def _present(value: Parsed[M] | None, stem: str) -> Parsed[M]:
    if value is None:
        msg = f"'{stem}.yaml' is read by a pass that runs before validate_files"
        raise RuntimeError(msg)
    return value


def json_path(path: YamlPath) -> str:
    """A path as ``Diagnostic.path`` shows it, e.g. ``$.rules[2].when``."""
    out = "$"
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def with_lines(doc: YamlDocument, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """The diagnostics with the source line of their position, to draw a caret under."""
    out = []
    for d in diagnostics:
        line = doc.lines[d.span.line - 1] if 0 < d.span.line <= len(doc.lines) else None
        out.append(dataclasses.replace(d, source_line=line))
    return out


def locator(doc: YamlDocument, path: YamlPath) -> Callable[[int], Span]:
    """Where a character of the scalar at ``path`` is: for errors inside a condition."""
    return lambda offset: doc.source_map.scalar_offset_span(path, offset)
