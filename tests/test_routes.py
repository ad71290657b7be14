"""A decision's route is the longest of the fired rules' routes (逐级), not the first rule's in file order."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import commitrules
from commitrules.io.case_files import read_cases
from commitrules.policy.pack import PolicyPack

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "examples" / "cases" / "escalation"
AS_OF = "2020-06-01"
LONGER = "  - id: escalate.leader.from-division\n"
SHORTER = "  - id: escalate.major-issue\n"


@pytest.fixture(scope="module")
def reordered(tmp_path_factory: pytest.TempPathFactory) -> PolicyPack:
    """The bundled pack with the rule routing to the principal leader moved after the one routing to the
    leader in charge, so that file order would pick the shorter route."""
    target = tmp_path_factory.mktemp("reordered") / "policies"
    shutil.copytree(ROOT / "policies", target)
    path = target / "escalation.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index(LONGER)
    end = text.index("\n  - id: ", start + 1) + 1
    block, rest = text[start:end], text[:start] + text[end:]
    after = rest.index("\n  - id: ", rest.index(SHORTER) + 1) + 1
    path.write_text(rest[:after] + block + rest[after:], encoding="utf-8")
    pack = commitrules.load_policies(target)
    ids = [r.id for r in pack.policies["escalation"].rules]
    assert ids.index("escalate.major-issue") < ids.index("escalate.leader.from-division")
    return pack


@pytest.mark.parametrize("engine", ["compiled", "rete"])
@pytest.mark.parametrize(
    ("name", "route"),
    [
        (
            "overall-work-with-complaint-routes-to-principal.yaml",
            ["business_division", "division_head", "leader_in_charge", "principal_leader"],
        ),
        (
            "division-head-beyond-portfolio-with-media-exposure.yaml",
            ["division_head", "leader_in_charge", "principal_leader"],
        ),
    ],
)
def test_longest_route_wins_whatever_the_file_order(
    pack: PolicyPack, reordered: PolicyPack, engine: str, name: str, route: list[str]
) -> None:
    """Two rules route the issue from the same role; both packs give the route up to the principal leader."""
    cases, errors = read_cases([CASES / name])
    assert [] == errors
    for judged_by in (pack, reordered):
        decision = judged_by.evaluate(cases[0].case, as_of=AS_OF, engine=engine)  # type: ignore[arg-type]
        assert {"escalate.leader.from-division", "escalate.major-issue"} <= {f.rule for f in decision.fired}
        assert route == decision.route
