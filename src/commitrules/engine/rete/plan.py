"""Plans: a kind's rules in groups, one durable fact per group, in as many rulesets as durable's limits need."""

from __future__ import annotations

import datetime as dt
import itertools
import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from commitrules.engine.compiled import compile_expression
from commitrules.engine.rete.ir import _CLAMP, AtomFunction, _Key
from commitrules.engine.rete.limits import _MAX_ACTIONS, _MAX_CHILDREN, _MAX_GROUPS, _MAX_KEYS, _MAX_STACK
from commitrules.engine.rete.translation import _translate, _Translation
from commitrules.errors import EvaluationError

if TYPE_CHECKING:
    from commitrules.model import Case
    from commitrules.policy.pack import CompiledRule, KindPolicy, PolicyPack

_RESERVED = (
    "id",
    "sid",
    "$s",
    "stratum",
    "part",
    "as_of",
    "$and",
    "$or",
    "$eq",
    "$neq",
    "$lt",
    "$lte",
    "$gt",
    "$gte",
    "$ex",
    "$nex",
    "$m",
    "$mt",
    "$imt",
    "$iall",
    "$iany",
    "$i",
    "$add",
    "$sub",
    "$mul",
    "$div",
    "$l",
    "$r",
    "$forward",
    "name",
    "all",
    "any",
    "run",
    "pri",
    "count",
    "cap",
    "dist",
)


@dataclass(frozen=True)
class _Group:
    """Consecutive rules of one stratum judged on one fact, and how to build that fact."""

    ruleset: str
    stratum: int
    part: int
    rules: tuple[CompiledRule, ...]
    fields: tuple[tuple[str, Callable[[Any], Any]], ...]
    derived: tuple[tuple[str, str], ...]
    atoms: tuple[tuple[str, int, AtomFunction], ...]

    def fact(self, case: Case, derived: set[str], as_of: dt.date, sid: str) -> tuple[dict[str, Any], set[int]]:
        """The fact of this group for ``case``, and the rules whose atoms raised."""
        fact: dict[str, Any] = {
            "sid": sid,
            "stratum": self.stratum,
            "part": self.part,
            "as_of": as_of.toordinal(),
        }
        for key, encode in self.fields:
            fact[key] = encode(case)
        for key, name in self.derived:
            fact[key] = name in derived
        broken: set[int] = set()
        for key, index, function in self.atoms:
            try:
                fact[key] = bool(function(case, derived, as_of))
            except Exception:  # noqa: BLE001 - that rule is decided in Python, as the compiled engine would
                broken.add(index)
                fact[key] = False
        return fact, broken


@dataclass
class _Plan:
    """A kind's rulesets: their names in durable, the groups in order and who overrides whom."""

    rulesets: tuple[str, ...]
    groups: tuple[_Group, ...]
    overriders: dict[int, tuple[int, ...]]
    conditions: dict[int, AtomFunction] = field(default_factory=dict)

    def condition(self, rule: CompiledRule) -> AtomFunction:
        """The rule's whole condition in Python (only for a case where one of its atoms raised)."""
        found = self.conditions.get(rule.index)
        if found is None:
            found = compile_expression(rule.condition) if rule.condition is not None else _always
            self.conditions[rule.index] = found
        return found


def _always(_case: Any, _derived: Any, _as_of: dt.date) -> bool:
    return True


def _encoder(key: _Key, strings: set[str]) -> Callable[[Any], Any]:
    assert key.path is not None  # noqa: S101 - as_of and derived facts are set apart
    get = operator.attrgetter(".".join(key.path))
    if key.kind == "date":
        return lambda case: get(case).toordinal()
    if key.kind == "int":
        return lambda case: max(-_CLAMP, min(_CLAMP, int(get(case))))
    if key.kind == "bool":
        return lambda case: bool(get(case))
    table = {s: s for s in strings}
    sentinel = next("~" * n for n in itertools.count(1) if "~" * n not in table)
    return lambda case: table.get(get(case), sentinel)


def _fnv1(name: str) -> int:
    """The 32-bit FNV-1 hash durable gives of a property name (C ``char`` is signed on this platform)."""
    value = 0x811C9DC5
    for byte in name.encode("utf-8"):
        value = ((value ^ (byte if byte < 0x80 else (byte - 256) & 0xFFFFFFFF)) * 0x01000193) & 0xFFFFFFFF
    return value


def _durable_names(keys: set[str]) -> dict[str, str]:
    """Short names for the fact keys that durable hashes, no two of them (or a reserved name) alike.

    durable finds a property by the 32-bit FNV hash of its name, with no string comparison, so two
    names with the same hash (``derived.f1422789`` and ``derived.f1639192``) would read each other's
    values. The keys come from the pack (field paths, derived facts' names), so the engine does not
    send them to durable: it names each ``k<n>``, skipping any ``n`` whose name would share a hash
    with a name already given or reserved. No pack can make two names collide.
    """
    taken = {_fnv1(name) for name in _RESERVED}
    numbers = itertools.count()
    names: dict[str, str] = {}
    for key in sorted(keys):
        name = f"k{next(numbers)}"
        while _fnv1(name) in taken:
            name = f"k{next(numbers)}"
        taken.add(_fnv1(name))
        names[key] = name
    return names


def _rename(value: Any, names: dict[str, str]) -> Any:
    """The durable JSON of ``value`` with every fact key of ``names`` (as a property or a ``$m`` reference) renamed."""
    if isinstance(value, list):
        return [_rename(item, names) for item in value]
    if not isinstance(value, dict):
        return value
    return {
        names.get(key, key): names.get(item, item) if key == "$m" and isinstance(item, str) else _rename(item, names)
        for key, item in value.items()
    }


def _split(policy: KindPolicy) -> list[list[tuple[CompiledRule, _Translation]]]:
    """Consecutive rules of a stratum, in groups that each share one fact.

    A group ends where a rule reads a fact derived earlier in the same group (the compiled engine
    would see it), where the fact would hold too many keys, where durable's alpha stack could
    overflow on the group's fact (what the rules need of it, :func:`_needs`, adds up) and where a
    node shared by the group's rules could get more children than durable has room for (the rules'
    widths add up).
    """
    groups: list[list[tuple[CompiledRule, _Translation]]] = []
    derives: set[str] = set()
    keys: set[str] = set()
    stack = width = 0
    for rule in policy.rules:
        translation = _translate(rule)
        if (
            not groups
            or groups[-1][0][0].stratum != rule.stratum
            or translation.derived_reads & derives
            or len(keys | translation.keys) > _MAX_KEYS
            or stack + translation.stack > _MAX_STACK
            or width + translation.width > _MAX_CHILDREN
        ):
            groups.append([])
            derives, keys, stack, width = set(), set(), 0, 0
        groups[-1].append((rule, translation))
        derives.update(rule.effect.derive)
        keys |= translation.keys
        stack += translation.stack
        width += translation.width
    return groups


def _build_plan(pack: PolicyPack, policy: KindPolicy) -> tuple[_Plan, dict[str, dict[str, Any]]]:
    """The plan of ``policy`` and the durable ruleset definitions (without actions), by name.

    A kind is one ruleset unless durable's limits per ruleset (rules, strata, parts) make it several;
    each of them holds consecutive groups.
    """
    by_id = {rule.id: rule.index for rule in policy.rules}
    overriders = {rule.index: tuple(by_id[o] for o in rule.overridden_by) for rule in policy.rules}
    for rule in policy.rules:
        if any(i >= rule.index for i in overriders[rule.index]):
            raise EvaluationError(
                f"Rule '{rule.id}' of kind '{policy.kind}' comes before a rule that "
                "overrides it; the pack is not stratified"
            )
    split = _split(policy)
    strings: dict[str, set[str]] = {}
    for members in split:
        for _, translation in members:
            for key, values in translation.strings.items():
                strings.setdefault(key, set()).update(values)
    base = f"commitrules.{pack.digest}.{policy.kind}"
    definitions: dict[str, dict[str, Any]] = {}
    definition: dict[str, Any] = {}
    specs: list[tuple[str, int, int, list[CompiledRule], dict[str, _Key], list[tuple[str, int, AtomFunction]]]] = []
    all_keys: set[str] = set()
    part = in_ruleset = 0
    ruleset = base
    for number, members in enumerate(split):
        stratum = members[0][0].stratum
        part = part + 1 if number and specs[-1][1] == stratum else 0
        if not number or len(definition) + len(members) + 1 > _MAX_ACTIONS or in_ruleset == _MAX_GROUPS:
            ruleset = f"{base}#{len(definitions)}" if definitions else base
            definition = definitions[ruleset] = {}
            in_ruleset = 0
        in_ruleset += 1
        fields: dict[str, _Key] = {}
        atoms: list[tuple[str, int, AtomFunction]] = []
        for rule, translation in members:
            fields.update(translation.fields)
            atoms.extend((name, rule.index, compile_expression(node)) for name, node in translation.atoms.items())
            definition[f"r{rule.index}"] = translation.json(stratum, part)
            all_keys |= translation.keys
        definition[f"catch-all.{stratum}.{part}"] = {"all": [{"m": {"$and": [{"stratum": stratum}, {"part": part}]}}]}
        specs.append((ruleset, stratum, part, [rule for rule, _ in members], fields, atoms))
    names = _durable_names(all_keys)
    definitions = {ruleset: _rename(rules, names) for ruleset, rules in definitions.items()}
    groups = [
        _Group(
            ruleset,
            stratum,
            part,
            tuple(rules),
            tuple((names[k], _encoder(v, strings.get(k, set()))) for k, v in sorted(fields.items()) if v.path),
            tuple((names[k], k.removeprefix("derived.")) for k in sorted(fields) if k.startswith("derived.")),
            tuple((names[key], index, function) for key, index, function in atoms),
        )
        for ruleset, stratum, part, rules, fields, atoms in specs
    ]
    return _Plan(tuple(definitions), tuple(groups), overriders), definitions
