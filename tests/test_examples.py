"""Every example case gets the decision written beside it (the rete engine's agreement: test_differential).

``examples/cases/<kind>/*.yaml`` are plain case documents; ``examples/expected/<kind>.yaml`` says the
outcome and every code list each must get, and may name ``settings`` overrides under which the
case is judged (a deployment's configuration, e.g. ``{withdrawal.allowed: true}``). A case without
an expectation, or an expectation without a case, fails too: nothing is checked by accident or
skipped silently.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

import commitrules
from commitrules.io.case_files import read_cases
from commitrules.policy.pack import PolicyPack

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "examples" / "cases"
EXPECTED = ROOT / "examples" / "expected"
LISTS = ("reasons", "consequences", "measures", "route", "channels", "tools")


def _expectations() -> list[tuple[str, str, dict[str, Any], str]]:
    out = []
    for file in sorted(EXPECTED.glob("*.yaml")):
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        default_as_of = str(data.get("as_of", "2020-06-01"))
        for name, expected in (data.get("cases") or {}).items():
            out.append((file.stem, name, expected, str(expected.get("as_of", default_as_of))))
    return out


EXPECTATIONS = _expectations()


_PACKS: dict[str, PolicyPack] = {}


def _pack_for(pack: PolicyPack, overrides: dict[str, Any] | None) -> PolicyPack:
    if not overrides:
        return pack
    key = repr(sorted(overrides.items()))
    if key not in _PACKS:
        _PACKS[key] = commitrules.load_policies(settings=overrides)
    return _PACKS[key]


def test_every_example_has_an_expectation() -> None:
    """The example folders and the expectation files name exactly the same cases."""
    on_disk = {(p.parent.name, p.name) for p in CASES.glob("*/*.yaml")}
    expected = {(kind, name) for kind, name, _, _ in EXPECTATIONS}
    assert on_disk == expected
    assert len(on_disk) > 0


@pytest.mark.parametrize(
    ("kind", "name", "expected", "as_of"), EXPECTATIONS, ids=[f"{k}/{n}" for k, n, _, _ in EXPECTATIONS]
)
def test_example_decision(pack: PolicyPack, kind: str, name: str, expected: dict[str, Any], as_of: str) -> None:
    """The example's decision has the expected outcome and exactly the expected codes."""
    cases, errors = read_cases([CASES / kind / name])
    assert [] == [e.render() for e in errors]
    judged_by = _pack_for(pack, expected.get("settings"))
    decision = judged_by.evaluate(cases[0].case, as_of=as_of)
    assert kind == decision.kind
    found = {"outcome": decision.outcome, **{n: getattr(decision, n) for n in LISTS}}
    wanted = {"outcome": expected["outcome"], **{n: list(expected.get(n) or []) for n in LISTS}}
    assert wanted == found, decision.explain("en")
    if "fired" in expected:
        assert sorted(expected["fired"]) == sorted(f.rule for f in decision.fired), decision.explain("en")
