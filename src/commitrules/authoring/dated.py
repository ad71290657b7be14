"""Settings that change with time in ``commitrules diff``: which dated values changed, and for which cases.

A setting's dated values are compared date by date (a value added, removed, changed, or given another
source); a changed case is attributed to the settings whose value in force on the diff's evaluation date
differs between the two packs and that a rule of the case's kind reads.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from commitrules.messages import message
from commitrules.policy import tree as t

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    from commitrules.messages import Lang
    from commitrules.policy.pack import PolicyPack, SettingPeriod, SettingValue

__all__ = ["history_data", "history_lines", "readers_by_kind", "settings_in_force_differ"]


def plain(value: Any) -> Any:
    """A setting's value as JSON data (tuples as lists, dates as text)."""
    if isinstance(value, tuple | list | frozenset | set):
        return [plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def shown(value: Any) -> str:
    """A value as the diff shows it (JSON)."""
    return json.dumps(plain(value), ensure_ascii=False)


def history_data(history: tuple[SettingPeriod, ...]) -> list[dict[str, Any]]:
    """The dated values as JSON data (``from``, ``value``, ``source``)."""
    return [{"from": p.since.isoformat(), "value": plain(p.value), "source": p.source} for p in history]


def history_lines(old: SettingValue | None, new: SettingValue | None, lang: Lang) -> Iterator[str]:
    """One line per date (of either history) on which the value in force, or its source, differs.

    A setting with one value holds it on every day, so a value made dated shows only the dates on
    which it now differs from the old one.
    """
    if old is None or new is None or not (old.history or new.history):
        return
    days = sorted({p.since for p in old.history} | {p.since for p in new.history})
    for day in days:
        a, b = old.period_on(day), new.period_on(day)
        before, after = old.value_on(day), new.value_on(day)
        if plain(before) != plain(after):
            yield message("diff.dated", lang, since=day, old=shown(before), new=shown(after))
        elif a is not None and b is not None and a.source != b.source and day in (a.since, b.since):
            yield message("diff.dated_source", lang, since=day, old=a.source, new=b.source)


def readers_by_kind(*packs: PolicyPack) -> dict[str, set[str]]:
    """For each kind, the settings its rules read (in any of ``packs``)."""
    found: dict[str, set[str]] = {}
    for pack in packs:
        for rule in pack.rules():
            names = found.setdefault(rule.kind, set())
            for root in (rule.condition, rule.effect.route_from):
                names.update(n.name for n in (t.walk(root) if root is not None else ()) if isinstance(n, t.Setting))
    return found


def settings_in_force_differ(
    old: Mapping[str, SettingValue], new: Mapping[str, SettingValue], names: set[str], day: dt.date
) -> tuple[str, ...]:
    """The settings of ``names`` whose value in force on ``day`` differs between two packs' settings."""
    out = []
    for name in sorted(names):
        a, b = old.get(name), new.get(name)
        if a is None or b is None:
            continue
        if plain(a.value_on(day)) != plain(b.value_on(day)):
            out.append(name)
    return tuple(out)
