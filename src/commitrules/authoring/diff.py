"""What a policy change does, before it goes live: ``commitrules diff OLD_DIR NEW_DIR --cases PATH``.

Two packs are compared rule by rule (by id: added, removed, or changed in condition, effect, overrides,
effective dates or clauses), setting by setting (with the rules that read each changed setting), list by
list of their vocabularies (codes added, removed or relabelled, the exclusionary flag;
:mod:`commitrules.authoring.vocabulary_diff`), kind by kind (outcomes, default) and in their reporting
chains. Then every case under ``--cases`` is decided by
both packs on the same date, and each case whose decision changed is listed with both explanations.

Examples:
    >>> import commitrules
    >>> old = commitrules.load_policies()
    >>> new = commitrules.load_policies(settings={"leniency.mitigated_min_score": 4})
    >>> result = diff_packs(old, new)
    >>> [(s.name, s.old, s.new) for s in result.settings]
    [('leniency.mitigated_min_score', 3, 4)]
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from commitrules._printable import one_line
from commitrules.authoring.dated import history_data, history_lines, readers_by_kind, settings_in_force_differ
from commitrules.authoring.vocabulary_diff import VocabularyChange, diff_vocabulary, vocabulary_lines
from commitrules.engine import evaluate_case, resolve_as_of
from commitrules.engine.decision import Decision
from commitrules.errors import CaseError, CaseValidationError
from commitrules.io.case_files import SourcedCase
from commitrules.messages import LANGS, Lang, Said, Text, message
from commitrules.policy import tree as t
from commitrules.policy.pack import CompiledRule, PolicyPack, SettingPeriod

__all__ = [
    "DECISION_FIELDS",
    "CaseChange",
    "PolicyDiff",
    "RuleChange",
    "SettingChange",
    "VocabularyChange",
    "diff_packs",
]

#: What a decision decides; a case whose decision differs in any of these is a changed case.
DECISION_FIELDS = ("outcome", "reasons", "consequences", "measures", "route", "channels", "tools", "applied_by")
RULE_FIELDS = ("kind", "condition", "effect", "overrides", "effective", "clauses")


@dataclass(frozen=True)
class RuleChange:
    """A rule added, removed, or changed in some of :data:`RULE_FIELDS` (``fields``)."""

    id: str
    change: Literal["added", "removed", "changed"]
    fields: tuple[str, ...]
    old: dict[str, Any] | None
    new: dict[str, Any] | None


@dataclass(frozen=True)
class SettingChange:
    """A setting whose value changed (None: the setting is absent from that pack), and who reads it.

    For a setting that changes with time in either pack, ``old_history``/``new_history`` are its dated
    values (``old``/``new`` their newest); empty for a setting with one value.
    """

    name: str
    old: Any
    new: Any
    read_by: tuple[str, ...]
    old_history: tuple[SettingPeriod, ...] = ()
    new_history: tuple[SettingPeriod, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The change as JSON data; ``old_values``/``new_values`` only for a setting that changes with time."""
        data = {"name": self.name, "old": _plain(self.old), "new": _plain(self.new), "read_by": list(self.read_by)}
        if self.old_history or self.new_history:
            data["old_values"] = history_data(self.old_history)
            data["new_values"] = history_data(self.new_history)
        return data


@dataclass(frozen=True)
class CaseChange:
    """A case decided differently: both decisions, and which decision fields differ.

    A pack that cannot decide the case (no policy for its kind) has no decision but an ``error``.
    """

    source: str
    kind: str
    fields: tuple[str, ...]
    old: Decision | None
    new: Decision | None
    old_error: str | None = None
    new_error: str | None = None
    #: The changed settings whose value in force on the evaluation date differs and that a rule of the
    #: case's kind reads (``commitrules diff``; empty in ``log replay``).
    settings: tuple[str, ...] = ()
    #: ``old_error``/``new_error`` in each language, for the text report (the JSON keeps the English).
    old_said: Text | None = field(default=None, compare=False)
    new_said: Text | None = field(default=None, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """The change as JSON data (``commitrules diff --format json`` and ``log replay``)."""
        data = {
            "source": self.source,
            "kind": self.kind,
            "fields": list(self.fields),
            "old": self.old.model_dump(mode="json") if self.old else None,
            "new": self.new.model_dump(mode="json") if self.new else None,
            "old_error": self.old_error,
            "new_error": self.new_error,
        }
        if self.settings:  # only then: the JSON of other changes stays as it was
            data["settings"] = list(self.settings)
        return data


@dataclass(frozen=True)
class PolicyDiff:
    """Everything that differs between two packs, and the cases it changes."""

    old: PolicyPack
    new: PolicyPack
    as_of: dt.date
    rules: tuple[RuleChange, ...]
    settings: tuple[SettingChange, ...]
    #: Kinds and the reporting chain, in words of each language (``str()``: English, as the JSON has them).
    other: tuple[Text, ...]
    evaluated: int
    cases: tuple[CaseChange, ...]
    fired_only: tuple[str, ...]
    #: The vocabulary's lists that changed (codes, labels, the exclusionary flag).
    vocabulary: tuple[VocabularyChange, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data for tooling."""
        return {
            "old": _pack_ref(self.old),
            "new": _pack_ref(self.new),
            "as_of": self.as_of.isoformat(),
            "rules": [
                {"id": r.id, "change": r.change, "fields": list(r.fields), "old": r.old, "new": r.new}
                for r in self.rules
            ],
            "settings": [s.to_dict() for s in self.settings],
            "vocabulary": [v.to_dict() for v in self.vocabulary],
            "other": [str(note) for note in self.other],
            "cases": {
                "evaluated": self.evaluated,
                "changed": [c.to_dict() for c in self.cases],
                "fired_only": list(self.fired_only),
            },
        }

    def render(self, lang: Lang = "zh", *, frame_lang: Lang = "en", packs: tuple[str, str] | None = None) -> str:
        """The diff as text: the summary of changed rules and settings, then each changed case.

        Args:
            lang: the language of the decisions' explanations.
            frame_lang: the language of the report around them (headings, counts).
            packs: what to call the old and the new pack (default: their folders), e.g. where the reader
                must not see the folders (the what-if page: a server's paths).
        """

        def m(message_id: str, **params: object) -> str:
            return message(message_id, frame_lang, **params)

        old_name, new_name = packs if packs is not None else (self.old.source, self.new.source)
        lines = [m("diff.title", old=_pack_line(self.old, old_name), new=_pack_line(self.new, new_name)), ""]
        lines.append(m("diff.settings", count=len(self.settings)))
        for s in self.settings:
            readers = m("diff.read_by", rules=", ".join(s.read_by)) if s.read_by else m("diff.read_by_none")
            lines.append(f"  {s.name}: {_shown(s.old)} -> {_shown(s.new)}{readers}")
            lines.extend(history_lines(self.old.settings.get(s.name), self.new.settings.get(s.name), frame_lang))
        counts = {kind: sum(1 for r in self.rules if r.change == kind) for kind in ("added", "removed", "changed")}
        lines.append(m("diff.rules", **counts))
        for r in self.rules:
            detail = f" ({', '.join(r.fields)})" if r.change == "changed" else ""
            lines.append(f"  {m('diff.change.' + r.change)} {r.id}{detail}")
            if r.change == "changed" and r.old is not None and r.new is not None:
                lines.extend(f"    {name}: {_shown(r.old[name])} -> {_shown(r.new[name])}" for name in r.fields)
        lines.extend(vocabulary_lines(self.vocabulary, self.old.vocabulary, self.new.vocabulary, frame_lang))
        lines.extend(f"  {note.in_(frame_lang)}" for note in self.other)
        lines.append("")
        changed = len(self.cases)
        lines.append(
            m("diff.cases", evaluated=self.evaluated, as_of=self.as_of.isoformat())
            + m("diff.cases_changed." + ("one" if changed == 1 else "other"), count=changed)
            + (m("diff.fired_only", count=len(self.fired_only)) if self.fired_only else "")
        )
        for change in self.cases:
            lines.append("")
            old, new = _outcome(change.old, frame_lang), _outcome(change.new, frame_lang)
            lines.append(f"## {one_line(change.source)}: {old} -> {new} ({', '.join(change.fields)})")
            if change.settings:
                lines.append(m("diff.case_settings", as_of=self.as_of.isoformat(), settings=", ".join(change.settings)))
            # each decision in the words of the pack that made it (its vocabulary's labels, its kinds' titles)
            for title, pack, decision, error in (
                ("before", self.old, change.old, change.old_said or change.old_error),
                ("after", self.new, change.new, change.new_said or change.new_error),
            ):
                lines.append(f"--- {m('diff.' + title)}")
                said = m("diff.not_decided", error=error)
                lines.append(pack.explain(decision, lang) if decision is not None else said)
        return "\n".join(lines) + "\n"


def _pack_ref(pack: PolicyPack) -> dict[str, str]:
    return {"name": pack.name, "version": pack.version, "digest": pack.digest, "source": pack.source}


def _pack_line(pack: PolicyPack, name: str) -> str:
    return f"{name} ({pack.name} {pack.version}, {pack.digest[:19]})"


def _outcome(decision: Decision | None, lang: Lang) -> str:
    return decision.outcome if decision is not None else message("diff.no_outcome", lang)


def _plain(value: Any) -> Any:
    if isinstance(value, tuple | list | frozenset | set):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _shown(value: Any) -> str:
    return json.dumps(_plain(value), ensure_ascii=False)


# -- comparing packs ------------------------------------------------------------------------------
def _rule_data(rule: CompiledRule) -> dict[str, Any]:
    effect = rule.effect
    return {
        "kind": rule.kind,
        "condition": rule.condition_text,
        "effect": {
            "outcome": effect.outcome,
            **{
                name: list(getattr(effect, name))
                for name in ("reasons", "consequences", "measures", "channels", "tools", "derive")
            },
            "route": None
            if effect.route_to is None
            else {
                "from": t.render(effect.route_from) if effect.route_from is not None else None,
                "to": effect.route_to,
            },
        },
        "overrides": sorted(rule.overrides),
        "effective": {"from": _plain(rule.effective_from), "until": _plain(rule.effective_until)},
        "clauses": {
            "clauses": list(rule.clauses),
            "quote": rule.quote,
            "interpretation": dict(rule.interpretation) if rule.interpretation else None,
            "settings": list(rule.interpretation_settings),
        },
    }


def diff_rules(old: PolicyPack, new: PolicyPack) -> list[RuleChange]:
    """Rules added, removed and changed, in the new pack's order (removed ones after)."""
    before = {rule.id: _rule_data(rule) for rule in old.rules()}
    after = {rule.id: _rule_data(rule) for rule in new.rules()}
    changes: list[RuleChange] = []
    for rule_id, data in after.items():
        if rule_id not in before:
            changes.append(RuleChange(rule_id, "added", (), None, data))
            continue
        fields = tuple(name for name in RULE_FIELDS if before[rule_id][name] != data[name])
        if fields:
            changes.append(RuleChange(rule_id, "changed", fields, before[rule_id], data))
    changes.extend(
        RuleChange(rule_id, "removed", (), data, None) for rule_id, data in before.items() if rule_id not in after
    )
    return changes


def diff_settings(old: PolicyPack, new: PolicyPack) -> list[SettingChange]:
    """Settings whose value changed, appeared or disappeared, with the rules of the new pack that read them."""
    readers: dict[str, list[str]] = {}
    for rule in new.rules():
        for root in (rule.condition, rule.effect.route_from):
            for node in t.walk(root) if root is not None else ():
                if isinstance(node, t.Setting) and rule.id not in readers.setdefault(node.name, []):
                    readers[node.name].append(rule.id)
    names = list(dict.fromkeys([*old.settings, *new.settings]))
    out = []
    for name in names:
        a, b = old.settings.get(name), new.settings.get(name)
        before, after = (a.value if a else None), (b.value if b else None)
        old_history, new_history = (a.history if a else ()), (b.history if b else ())
        if (
            _plain(before) != _plain(after)
            or (a is None) != (b is None)
            or history_data(old_history) != history_data(new_history)
        ):
            out.append(SettingChange(name, before, after, tuple(readers.get(name, ())), old_history, new_history))
    return out


def diff_other(old: PolicyPack, new: PolicyPack) -> list[Text]:
    """Changes to kinds (added, removed, outcome order, default) and to the reporting chain."""
    notes = []
    for kind in dict.fromkeys([*old.policies, *new.policies]):
        a, b = old.policies.get(kind), new.policies.get(kind)
        if a is None or b is None:
            notes.append(Text("diff.kind_added" if a is None else "diff.kind_removed", kind=kind))
            continue
        if a.outcomes != b.outcomes:
            notes.append(Text("diff.kind_outcomes", kind=kind, old=str(list(a.outcomes)), new=str(list(b.outcomes))))
        if a.default != b.default:
            notes.append(Text("diff.kind_default", kind=kind, old=a.default, new=b.default))
    old_chain, new_chain = dict(old.organization.reports_to), dict(new.organization.reports_to)
    if old_chain != new_chain:
        notes.append(Text("diff.reports_to", old=str(old_chain), new=str(new_chain)))
    if dict(old.organization.departments) != dict(new.organization.departments):
        notes.append(Text("diff.departments"))
    return notes


def _decide(pack: PolicyPack, item: SourcedCase, as_of: dt.date) -> tuple[Decision | None, Said | None]:
    """The decision of ``pack``, or why it has none, in each language (English: the errors' messages)."""
    try:
        return evaluate_case(pack, item.case, as_of=as_of), None
    except CaseValidationError as exc:
        return None, Said({lang: "; ".join(e.words(lang)[0] for e in exc.errors) for lang in LANGS})


def _differs(old: Decision, new: Decision) -> tuple[str, ...]:
    return tuple(name for name in DECISION_FIELDS if getattr(old, name) != getattr(new, name))


def diff_packs(
    old: PolicyPack, new: PolicyPack, cases: Iterable[SourcedCase] = (), as_of: dt.date | str | None = None
) -> PolicyDiff:
    """Compare two packs and replay ``cases`` through both on the same date (None: today).

    Raises:
        CaseValidationError: a case neither pack can decide (its kind is in neither).
    """
    day = resolve_as_of(as_of)
    changed: list[CaseChange] = []
    fired_only: list[str] = []
    count = 0
    problems: list[CaseError] = []
    changed_settings = {c.name for c in diff_settings(old, new)}
    kind_reads = readers_by_kind(old, new)
    for item in cases:
        count += 1
        before, old_error = _decide(old, item, day)
        after, new_error = _decide(new, item, day)
        if before is None and after is None:
            problems.append(CaseError("$.kind", str(old_error or ""), source=item.source, text=old_error))
            continue
        if before is None or after is None:
            old_text, new_text = (str(e) if e is not None else None for e in (old_error, new_error))
            changed.append(
                CaseChange(
                    item.source,
                    item.case.KIND,
                    ("outcome",),
                    before,
                    after,
                    old_text,
                    new_text,
                    old_said=old_error,
                    new_said=new_error,
                )
            )
            continue
        fields = _differs(before, after)
        if fields:
            names = changed_settings & kind_reads.get(item.case.KIND, set())
            in_force = settings_in_force_differ(old.settings, new.settings, names, day)
            changed.append(CaseChange(item.source, item.case.KIND, fields, before, after, settings=in_force))
        elif [f.rule for f in before.fired] != [f.rule for f in after.fired]:
            fired_only.append(item.source)
    if problems:
        raise CaseValidationError(problems)
    return PolicyDiff(
        old,
        new,
        day,
        tuple(diff_rules(old, new)),
        tuple(diff_settings(old, new)),
        tuple(diff_other(old, new)),
        count,
        tuple(changed),
        tuple(fired_only),
        tuple(diff_vocabulary(old.vocabulary, new.vocabulary)),
    )
