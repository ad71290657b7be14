"""Bigger packs for the scaling benchmark: the bundled pack with synthetic rules added.

A synthetic rule copies the condition of a real rule of the kind it is added to (cycling through
them), and its effect, and adds one last test that never holds for a generated case
(``id == 'SYN-<n>'``). So each synthetic rule costs what a real rule of its kind costs to evaluate -
the copied condition runs in full wherever the original would - but none fires: decisions stay
those of the bundled pack, and what the benchmark measures is the cost of evaluating more rules.

Two ways to grow the pack to ``factor`` times its rules:

- ``same_kind=False``: the added rules go to every kind *but* the measured one (in proportion to
  their own rules). The measured kind's code is unchanged; only the pack is bigger.
- ``same_kind=True``: all added rules go to the measured kind.

With ``firing=True`` the last test is one that always holds for a generated case
(``id != 'SYN-<n>'``): each synthetic rule then fires wherever the rule it copies fires, with its
effect, so the grown kind's decisions list many more fired rules (and their facts) and the benchmark
measures what firing rules cost, not only evaluating them. Outcomes and codes stay those of the
bundled pack (a copy adds nothing its original does not).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

import commitrules
from commitrules.policy.pack import CompiledRule

__all__ = ["write_synthetic_pack"]

_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _synthetic(rule: CompiledRule, number: int, *, firing: bool = False) -> dict[str, Any]:
    effect = rule.effect
    then: dict[str, Any] = {}
    if effect.outcome is not None:
        then["outcome"] = effect.outcome
    for name in ("reasons", "consequences", "measures", "channels", "tools"):
        if getattr(effect, name):
            then[name] = list(getattr(effect, name))
    data: dict[str, Any] = {
        "id": f"synthetic.{rule.kind.replace('_', '-')}.{number}",
        "interpretation": {
            "note": {"zh": "规模测试用的合成规则", "en": "A synthetic rule of the scaling benchmark"},
            "settings": list(rule.interpretation_settings),
        },
        "title": {"zh": f"合成规则 {number}", "en": f"Synthetic rule {number}"},
        "when": f"({rule.condition_text}) and id {'!=' if firing else '=='} 'SYN-{number}'",
    }
    data["then"] = then or {"derive": ["synthetic_fact"]}  # a rule must do something
    return data


def write_synthetic_pack(  # noqa: PLR0913 - keyword options of one pack
    target: Path, kind: str, factor: int, *, same_kind: bool, firing: bool = False, extra: int | None = None
) -> int:
    """Write the bundled pack with synthetic rules to ``target``; the number of rules added.

    ``extra`` rules are added (default: ``factor - 1`` times the pack's rules).
    """
    pack = commitrules.load_policies()
    source = commitrules.bundled_policies_dir()
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target)
    total = sum(len(p.rules) for p in pack.policies.values())
    extra = total * (factor - 1) if extra is None else extra
    if same_kind:
        shares = {kind: extra}
    else:
        others = {k: len(p.rules) for k, p in pack.policies.items() if k != kind}
        weight = sum(others.values())
        shares = {k: extra * n // weight for k, n in others.items()}
        first = next(iter(shares))
        shares[first] += extra - sum(shares.values())
    number = 0
    for name, count in shares.items():
        policy = pack.policies[name]
        path = target / Path(policy.file).name
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        rules = document.setdefault("rules", [])
        for i in range(count):
            number += 1
            rules.append(_synthetic(policy.rules[i % len(policy.rules)], number, firing=firing))
        path.write_text(
            yaml.dump(document, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=200), encoding="utf-8"
        )
    return extra
