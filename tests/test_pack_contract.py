"""The contract of ``check``: a pack that loads never makes an evaluation fail, on either engine.

Issue 10, item 6. Hypothesis generates whole packs, not only cases: policy files of a case kind with
random rules (conditions over the kind's typed fields, settings and derived facts, written as text or
as ``all:``/``any:``/``not:`` structures; ``derive`` and ``overrides`` between the rules; effective
dates, quoted or not; outcomes), with settings, written out as YAML the way an editor would. For
each pack, either loading refuses it with diagnostics, or every generated case, on every generated
date, is decided by both engines, with equal decisions (lint's findings do not matter: a pack that
loads is evaluated). An exception from ``check`` or from an evaluation (the CLI's exit 5) fails the
test.

The suite's runs are derandomized (the same examples every run, see :func:`tests.test_fuzz.fuzz`);
``FUZZ_EXAMPLES=1000`` searches deeper with new examples each run.
"""

from __future__ import annotations

import collections
import datetime as dt
import functools
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

import commitrules
from commitrules.authoring.check import check_policies
from commitrules.errors import PolicyError
from commitrules.model import CASE_MODELS
from commitrules.testing import case_strategy
from tests.test_baseline import _difference
from tests.test_fuzz import FUZZ_KINDS, conditions, fuzz, typed_paths

#: Every generated pack is decided on both engines: the module needs durable-rules.
pytestmark = pytest.mark.rete

BASE = Path(__file__).parent / "compile" / "base"
BUNDLED = commitrules.load_policies()
#: Derived facts the rules may set and read; f1422789 and f1639192 share durable's 32-bit hash.
FACTS = ("f1422789", "f1639192", "active", "serious")
SETTINGS = {
    "fuzz.limit": {"value": 3, "type": "int"},
    "fuzz.days": {"value": 30, "type": "int"},
    "gen.flag": {"value": True, "type": "bool"},
    "gen.start": {"value": dt.date(2020, 1, 1), "type": "date"},
}
DATES = st.dates(min_value=dt.date(2018, 1, 1), max_value=dt.date(2023, 12, 31))
CASES = {kind: case_strategy(kind) for kind in FUZZ_KINDS}


def leaves(kind: str, facts: tuple[str, ...]) -> st.SearchStrategy[str]:
    """Conditions of one test: on typed fields (tests.test_fuzz), settings and the derived ``facts``."""
    dates = [path for path, ptype in typed_paths(CASE_MODELS[kind]) if ptype.kind == "date"]
    own = [
        st.sampled_from(facts or ("settings.gen.flag",)),
        st.sampled_from(facts or ("settings.gen.flag",)).map(lambda fact: f"not {fact}"),
        st.just("settings.gen.flag"),
        st.just("as_of >= settings.gen.start"),
    ]
    if dates:
        own.append(st.sampled_from(dates).map(lambda path: f"{path} <= settings.gen.start"))
    fields = conditions(kind).filter(lambda text: "x" not in text.replace("x.", "").split("(")[0].split())
    return st.one_of(fields, *own)


@functools.cache
def condition(kind: str, facts: tuple[str, ...]) -> st.SearchStrategy[Any]:
    """A ``when``: a text expression, or a structure of ``all``/``any``/``not`` over such texts."""
    text = st.recursive(
        leaves(kind, facts),
        lambda inner: st.one_of(
            st.tuples(inner, st.sampled_from(["and", "or"]), inner).map(lambda t: f"({t[0]}) {t[1]} ({t[2]})"),
            inner.map(lambda a: f"not ({a})"),
        ),
        max_leaves=4,
    )
    return st.recursive(
        text,
        lambda inner: st.one_of(
            st.lists(inner, min_size=1, max_size=4).map(lambda items: {"all": items}),
            st.lists(inner, min_size=1, max_size=4).map(lambda items: {"any": items}),
            inner.map(lambda item: {"not": item}),
        ),
        max_leaves=6,
    )


@st.composite
def effective(draw: st.DrawFn) -> dict[str, Any]:
    """Effective dates, as dates or as quoted text (YAML 1.2 tools write them so), sometimes reversed."""
    out: dict[str, Any] = {}
    quoted = draw(st.booleans())
    for key in ("from", "until"):
        if draw(st.booleans()):
            day = draw(DATES)
            out[key] = day.isoformat() if quoted else day
    return out


@st.composite
def policy_file(draw: st.DrawFn, kind: str) -> dict[str, Any]:
    """A policy file of ``kind``: its outcomes (as the bundled pack has them) and 1 to 6 random rules."""
    outcomes = list(BUNDLED.policies[kind].outcomes)
    count = draw(st.integers(1, 6))
    ids = [f"r{n}" for n in range(count)]
    derives = [draw(st.lists(st.sampled_from(FACTS), max_size=2, unique=True)) for _ in ids]
    # Mostly, a rule reads facts of earlier rules and beats earlier rules (no cycle); now and then anything.
    free = not draw(st.integers(0, 5))
    rules = []
    for number, (rule_id, derive) in enumerate(zip(ids, derives, strict=True)):
        facts = tuple(sorted({fact for d in (derives if free else derives[:number]) for fact in d}))
        then: dict[str, Any] = {}
        if draw(st.booleans()) or not derive:
            then["outcome"] = draw(st.sampled_from(outcomes))
        if derive:
            then["derive"] = derive
        rule: dict[str, Any] = {
            "id": rule_id,
            "interpretation": {"note": {"zh": "生成的规则", "en": "A generated rule"}},
            "title": {"zh": f"规则{rule_id}", "en": f"Rule {rule_id}"},
        }
        if draw(st.integers(0, 5)):
            rule["when"] = draw(condition(kind, facts))
        rule["then"] = then
        others = [i for i in (ids if free else ids[:number]) if i != rule_id]
        if others and not draw(st.integers(0, 3)):
            rule["overrides"] = draw(st.lists(st.sampled_from(others), min_size=1, max_size=2, unique=True))
        if not draw(st.integers(0, 2)):
            rule["effective"] = draw(effective())
        rules.append(rule)
    return {
        "kind": kind,
        "title": {"zh": "生成的政策", "en": "A generated policy"},
        "outcomes": outcomes,
        "default": draw(st.sampled_from(outcomes)),
        "rules": rules,
    }


def write_pack(folder: Path, policy: dict[str, Any], *, as_json: bool) -> None:
    """The base pack's files, the settings and ``policy``, written as YAML (or as JSON, also YAML)."""
    for name in ("pack.yaml", "clauses.yaml", "organization.yaml"):
        shutil.copy(BASE / name, folder / name)
    settings = {
        "settings": {
            name: {**spec, "source": "interpretation", "title": {"zh": name, "en": name}}
            for name, spec in SETTINGS.items()
        }
    }
    (folder / "settings.yaml").write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    text = (
        json.dumps(policy, ensure_ascii=False, default=str, indent=1)
        if as_json
        else yaml.safe_dump(policy, allow_unicode=True, sort_keys=False)
    )
    (folder / f"{policy['kind']}.yaml").write_text(text, encoding="utf-8")


def test_a_pack_that_loads_never_fails_an_evaluation() -> None:
    """Generated packs: refused with diagnostics, or every case is decided, and alike, by both engines.

    Afterwards, the generator itself is checked: most packs load and their rules fire, so that the
    property is not passed by packs that are all refused or never fire.
    """
    stats = collections.Counter[str]()

    @fuzz(60)
    @given(data=st.data(), kind=st.sampled_from(FUZZ_KINDS), as_json=st.booleans())
    def run(data: st.DataObject, kind: str, as_json: bool) -> None:  # noqa: FBT001
        policy = data.draw(policy_file(kind), label="policy")
        stats["packs"] += 1
        with tempfile.TemporaryDirectory() as folder:
            write_pack(Path(folder), policy, as_json=as_json)
            try:
                pack = check_policies(folder).pack  # lint too: it reasons about every generated condition
            except PolicyError as error:
                refused = error.diagnostics
            else:
                refused = ()
        if refused:
            assert all(d.span.line >= 1 and d.code for d in refused)
            return
        stats["loaded"] += 1
        for _ in range(4):
            case = data.draw(CASES[kind], label="case")
            as_of = data.draw(DATES, label="as_of")
            compiled = pack.evaluate(case, as_of=as_of)
            rete = pack.evaluate(case, as_of=as_of, engine="rete")
            assert compiled == rete, f"compiled != rete\n{_difference(compiled, rete)}"
            stats["fired"] += bool(compiled.fired)
            stats["decided"] += 1

    run()
    assert stats["loaded"] >= stats["packs"] // 3, stats
    assert stats["fired"] >= stats["decided"] // 5, stats
