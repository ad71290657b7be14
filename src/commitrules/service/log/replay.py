"""``commitrules log replay``: the policy diff on real traffic.

Every recorded case is decided again, each as of the date it was judged, by another pack; the cases
whose decision would change are listed with both explanations, as ``commitrules diff`` lists them
for case files (the same :class:`~commitrules.authoring.diff.CaseChange` and the same text layout).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from commitrules._printable import one_line
from commitrules.authoring.diff import DECISION_FIELDS, CaseChange
from commitrules.engine.decision import Decision
from commitrules.engine.explain import Lang
from commitrules.errors import CaseValidationError
from commitrules.messages import LANGS, Said, message
from commitrules.policy.pack import EngineName, PolicyPack
from commitrules.service.log.records import LogRecord, stored_values

__all__ = ["ReplayReport", "replay_records"]


@dataclass(frozen=True)
class ReplayReport:
    """What replaying recorded decisions under ``pack`` changes."""

    pack: PolicyPack
    replayed: int
    pruned: int
    changed: tuple[CaseChange, ...]
    fired_only: tuple[str, ...]
    recorded_packs: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data, shaped like the ``cases`` part of ``commitrules diff --format json``."""
        return {
            "new": {"name": self.pack.name, "version": self.pack.version, "digest": self.pack.digest},
            "recorded_packs": list(self.recorded_packs),
            "cases": {
                "evaluated": self.replayed,
                "pruned": self.pruned,
                "changed": [c.to_dict() for c in self.changed],
                "fired_only": list(self.fired_only),
            },
        }

    def render(self, lang: Lang = "zh") -> str:
        """The changed decisions as text in ``lang`` (from the catalogues), in the layout of ``commitrules diff``."""
        pack = self.pack

        def m(message_id: str, **params: object) -> str:
            return message(message_id, lang, **params)

        recorded = ", ".join(p[:19] for p in self.recorded_packs) or m("replay.none")
        lines = [
            m("replay.title", pack=f"{pack.source} ({pack.name} {pack.version}, {pack.digest[:19]})"),
            m("replay.recorded_with", packs=recorded),
            "",
            m("replay.cases", count=self.replayed)
            + (m("replay.pruned", count=self.pruned) if self.pruned else "")
            + m("replay.sep")
            + m("diff.cases_changed." + ("one" if len(self.changed) == 1 else "other"), count=len(self.changed))
            + (m("diff.fired_only", count=len(self.fired_only)) if self.fired_only else ""),
        ]
        for change in self.changed:
            old = change.old.outcome if change.old else m("replay.none")
            new = change.new.outcome if change.new else m("replay.none")
            lines.extend(("", f"## {one_line(change.source)}: {old} -> {new} ({', '.join(change.fields)})"))
            for title, decision, error in (
                ("before", change.old, change.old_said or change.old_error),
                ("after", change.new, change.new_said or change.new_error),
            ):
                lines.append(f"--- {m('diff.' + title)}")
                # both in the replaying pack's words: the recorded one's pack is known by its digest alone
                said = m("diff.not_decided", error=error)
                lines.append(pack.explain(decision, lang) if decision is not None else said)
        return "\n".join(lines) + "\n"


def _redecide(pack: PolicyPack, record: LogRecord, engine: EngineName) -> tuple[Decision | None, Said | None]:
    """The decision of ``pack``, or why it has none, in each language (English: the errors' messages)."""
    case = record.case()
    as_of = dt.date.fromisoformat(record.as_of) if record.as_of else None
    try:
        return pack.evaluate(case or {}, as_of=as_of, engine=engine), None
    except CaseValidationError as exc:
        return None, Said({lang: "; ".join(e.words(lang)[0] for e in exc.errors) for lang in LANGS})


def replay_records(records: Iterable[LogRecord], pack: PolicyPack, engine: EngineName = "compiled") -> ReplayReport:
    """Decide every recorded case again under ``pack`` and collect the decisions that change."""
    replayed = pruned = 0
    changed: list[CaseChange] = []
    fired_only: list[str] = []
    recorded: dict[str, None] = {}
    for record in records:
        if record.type != "decision":
            continue
        if record.pruned or record.case_json is None or record.decision_json is None:
            pruned += 1
            continue
        replayed += 1
        with stored_values():
            before = Decision.model_validate_json(record.decision_json)
        recorded.setdefault(before.policy.digest, None)
        after, error = _redecide(pack, record, engine)
        source = f"{record.decision_id} (record {record.index}, {record.recorded_at})"
        if after is None:
            said = str(error) if error is not None else None
            changed.append(CaseChange(source, record.kind, ("outcome",), before, None, None, said, new_said=error))
            continue
        fields = tuple(name for name in DECISION_FIELDS if getattr(before, name) != getattr(after, name))
        if fields:
            changed.append(CaseChange(source, record.kind, fields, before, after))
        elif [f.rule for f in before.fired] != [f.rule for f in after.fired]:
            fired_only.append(source)
    return ReplayReport(pack, replayed, pruned, tuple(changed), tuple(fired_only), tuple(recorded))
