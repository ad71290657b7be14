"""The decision JSON is a public interface: golden files hold it byte for byte, on both engines.

``tests/golden/decisions.jsonl`` holds the decision JSON (``Decision.model_dump_json()``) of every
example case (under the settings its expectation names) and of seeded generated cases of every kind
with rare events made frequent (so that most rules fire somewhere), under the settings profiles of
``tests/test_baseline.py``. Each line is ``{"case": ..., "profile": ..., "decision": ...}`` with the
decision's JSON as a string, so that the bytes themselves are compared (the pack's digest, which any
edit of the bundled YAML files changes, is written ``<digest>`` and put back before comparing). Both
engines must write exactly those bytes, and so must every other way to the JSON: ``model_dump(mode="json")``, a decision
read back from its JSON, a pickled copy, a copy. Regenerate with ``pytest --update-golden`` only when
the decision's JSON is meant to change, and review the diff.
"""

from __future__ import annotations

import copy
import functools
import json
import pickle
from pathlib import Path
from typing import Any

import pytest
from benchmarks.generators import AS_OF, KINDS, generate_cases

from commitrules import Decision
from commitrules.io.case_files import read_cases
from commitrules.model import Case, parse_case
from commitrules.policy.pack import PolicyPack
from tests.test_baseline import PROFILES, _pack
from tests.test_examples import CASES, EXPECTATIONS, _pack_for

GOLDEN = Path(__file__).resolve().parent / "golden" / "decisions.jsonl"
#: Generated cases per kind and profile (rare events three times likelier).
GENERATED_PER_KIND = 6


def _inputs(pack: PolicyPack) -> list[tuple[str, str, PolicyPack, Case, str]]:
    """(name, profile, pack, case, as_of) of every golden decision, in the file's order."""
    found = []
    for kind, name, expected, as_of in EXPECTATIONS:
        cases, errors = read_cases([CASES / kind / name])
        assert [] == [e.render() for e in errors]
        settings = expected.get("settings")
        profile = json.dumps(settings, sort_keys=True) if settings else "default"
        found.append((f"{kind}/{name}", profile, _pack_for(pack, settings), cases[0].case, as_of))
    for profile in PROFILES:
        for kind in KINDS:
            for number, data in enumerate(generate_cases(kind, GENERATED_PER_KIND, seed="golden", skew=3.0)):
                found.append((f"{kind}/generated-{number}", profile, _pack(profile), parse_case(data), str(AS_OF)))
    return found


@functools.cache
def _golden() -> dict[tuple[str, str], str]:
    lines = GOLDEN.read_text(encoding="utf-8").splitlines()
    return {(r["case"], r["profile"]): r["decision"] for r in map(json.loads, lines)}


DIGEST = '"digest":"<digest>"'


def _digest(pack: PolicyPack) -> str:
    return f'"digest":"{pack.digest}"'


def _line(name: str, profile: str, pack: PolicyPack, decision: Decision) -> str:
    text = decision.model_dump_json()
    assert 1 == text.count(_digest(pack))
    golden = text.replace(_digest(pack), DIGEST)
    return json.dumps({"case": name, "profile": profile, "decision": golden}, ensure_ascii=False)


def test_golden_file_is_current(pack: PolicyPack, update_golden: bool) -> None:  # noqa: FBT001 - a fixture
    """The compiled engine writes every golden decision's JSON byte for byte, and no decision is missing."""
    inputs = _inputs(pack)
    lines = [_line(name, profile, p, p.evaluate(case, as_of=as_of)) for name, profile, p, case, as_of in inputs]
    if update_golden:
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert len(inputs) == len(_golden())
    assert GOLDEN.read_text(encoding="utf-8").splitlines() == lines


def test_golden_fires_most_rules(pack: PolicyPack) -> None:
    """The golden decisions together fire nine rules in ten of the bundled pack, of every kind: the
    JSON of facts of every type, quotes, routes and code lists is checked, not only of a few rules."""
    fired = {(json.loads(d)["kind"], f["rule"]) for d in _golden().values() for f in json.loads(d)["fired"]}
    rules = {(kind, rule.id) for kind, policy in pack.policies.items() for rule in policy.rules}
    assert fired <= rules
    assert len(fired) >= 0.9 * len(rules), sorted(rules - fired)
    assert set(pack.policies) == {kind for kind, _ in fired}


@pytest.mark.parametrize("engine", ["compiled", "rete"])
def test_every_way_to_the_json_gives_the_golden_bytes(pack: PolicyPack, engine: str) -> None:
    """On both engines: the JSON, the JSON after reading a field, ``model_dump``, a pickled copy, a
    copy and a decision read back from its JSON all give the golden bytes, and are equal decisions."""
    golden = _golden()
    for name, profile, p, case, as_of in _inputs(pack):
        expected = golden[name, profile].replace(DIGEST, _digest(p))
        fresh = p.evaluate(case, as_of=as_of, engine=engine)
        assert expected == fresh.model_dump_json(), name
        read_first = p.evaluate(case, as_of=as_of, engine=engine)
        assert [f.rule for f in read_first.fired] == [f["rule"] for f in json.loads(expected)["fired"]]
        assert expected == read_first.model_dump_json(), name
        dumped = p.evaluate(case, as_of=as_of, engine=engine).model_dump(mode="json")
        assert json.loads(expected) == dumped, name
        pickled: Any = pickle.loads(pickle.dumps(p.evaluate(case, as_of=as_of, engine=engine)))
        assert expected == pickled.model_dump_json(), name
        copied = copy.deepcopy(p.evaluate(case, as_of=as_of, engine=engine))
        assert expected == copied.model_dump_json(), name
        back = Decision.model_validate_json(expected)
        assert back == fresh == pickled == copied == read_first, name
        assert expected == back.model_dump_json(), name
