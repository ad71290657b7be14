"""The evaluator owns what is derived from a pack at run time; the pack stays data."""

from __future__ import annotations

import pickle
import threading

import pytest

import commitrules
from commitrules import Evaluator, PolicyPack
from commitrules.engine import evaluator as evaluator_module
from commitrules.engine.compiled import build_kind
from commitrules.errors import CommitRulesError
from commitrules.policy.compile import compile_pack

CASE = {"kind": "credit_site", "content": {"items": ["risk_notice"]}}
AS_OF = "2020-06-01"


def test_load_policies_generates_the_code_before_the_first_evaluation(monkeypatch: pytest.MonkeyPatch) -> None:
    """A first evaluation does not generate code: it was generated when the pack was loaded."""
    pack = commitrules.load_policies()

    def no_generation(*_: object) -> None:
        raise AssertionError("code generated during an evaluation")

    monkeypatch.setattr(evaluator_module, "build_kind", no_generation)
    assert "noncompliant" == pack.evaluate(CASE, as_of=AS_OF).outcome
    with pytest.raises(AssertionError, match="code generated"):
        Evaluator(pack)  # a new evaluator does generate: the patch is in the way it would take


def test_a_pack_pickles_without_its_evaluator_and_makes_a_new_one() -> None:
    """Pickling keeps the data only; the unpickled pack is equal and decides the same."""
    pack = commitrules.load_policies()
    decision = pack.evaluate(CASE, as_of=AS_OF)
    copy = pickle.loads(pickle.dumps(pack))
    assert "_evaluator" not in copy.__dict__
    assert copy == pack
    assert decision == copy.evaluate(CASE, as_of=AS_OF)
    assert copy.evaluator is not pack.evaluator
    assert copy.evaluator is copy.evaluator  # made once, then kept


def test_the_evaluator_takes_no_part_in_equality_or_repr() -> None:
    """Two loads of one folder are equal packs, each with its own evaluator."""
    first, second = commitrules.load_policies(), commitrules.load_policies()
    assert first == second
    assert first.evaluator is not second.evaluator
    assert "evaluator" not in repr(first)


def test_an_evaluator_of_its_own_decides_as_the_pack() -> None:
    """``Evaluator(pack)`` and ``pack.evaluate`` are the same decisions, on both engine names."""
    pack = compile_pack(commitrules.bundled_policies_dir())
    assert "_evaluator" not in pack.__dict__  # compiled, not loaded: no evaluator until first use
    evaluator = Evaluator(pack)
    assert evaluator.pack is pack
    assert pack.evaluate(CASE, as_of=AS_OF) == evaluator.evaluate(CASE, as_of=AS_OF)
    assert [pack.evaluate(CASE, as_of=AS_OF)] * 2 == evaluator.evaluate_many([CASE, CASE], as_of=AS_OF)
    assert evaluator.compiled("credit_site").source.startswith("def evaluate(c, a):")
    assert repr(evaluator).startswith(f"Evaluator({pack.name} {pack.version} sha256:")


def test_an_unknown_engine_is_named() -> None:
    """The message of an unknown engine is the one users know."""
    evaluator = commitrules.load_policies().evaluator
    with pytest.raises(CommitRulesError, match="Unknown engine 'fast'; choose one of: compiled, rete"):
        evaluator.evaluate(CASE, as_of=AS_OF, engine="fast")  # type: ignore[arg-type]


def test_the_holder_swaps_the_evaluator_with_the_pack() -> None:
    """PackHolder serves the pack's own evaluator and replaces both in one reload."""
    holder = commitrules.PackHolder.load()
    before = holder.evaluator
    assert before is holder.pack.evaluator
    new: PolicyPack = holder.reload(settings={"blacklist.publication_years": 4})
    assert holder.evaluator is not before
    assert holder.evaluator.pack is new is holder.pack
    assert "noncompliant" == holder.evaluate(CASE, as_of=AS_OF).outcome


def test_a_lazy_evaluator_generates_the_code_of_a_kind_at_its_first_use(monkeypatch: pytest.MonkeyPatch) -> None:
    """``generate=False``: only the kinds evaluated are generated, each once; ``prepare`` does the rest."""
    built: list[str] = []

    def counting(policy: commitrules.KindPolicy) -> object:
        built.append(policy.kind)
        return build_kind(policy)

    monkeypatch.setattr(evaluator_module, "build_kind", counting)
    pack = commitrules.load_policies(generate=False)
    lazy = evaluator_module.evaluator_for(pack)
    assert built == []
    eager = Evaluator(compile_pack(commitrules.bundled_policies_dir()))
    built.clear()
    assert pack.evaluate(CASE, as_of=AS_OF) == eager.evaluate(CASE, as_of=AS_OF)
    assert pack.evaluate(CASE, as_of=AS_OF).outcome == "noncompliant"
    assert built == ["credit_site"]
    assert lazy.compiled("credit_site").source == eager.compiled("credit_site").source
    with pytest.raises(KeyError):
        lazy.compiled("no_such_kind")
    lazy.prepare()
    assert sorted(built) == sorted(pack.kinds)
    lazy.prepare()
    assert sorted(built) == sorted(pack.kinds)  # nothing generated twice


def test_threads_meeting_a_kind_first_together_generate_it_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The first use of a kind from many threads at once generates its code once; all get the same."""
    built: list[str] = []
    start = threading.Barrier(8)

    def counting(policy: commitrules.KindPolicy) -> object:
        built.append(policy.kind)
        return build_kind(policy)

    monkeypatch.setattr(evaluator_module, "build_kind", counting)
    evaluator = Evaluator(commitrules.load_policies(generate=False), lazy=True)
    found: list[object] = []

    def first_use() -> None:
        start.wait()
        found.append(evaluator.compiled("credit_site"))

    threads = [threading.Thread(target=first_use) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert built == ["credit_site"]
    assert len(found) == 8
    assert all(f is found[0] for f in found)


def test_a_batch_is_decided_with_the_collector_held_off_a_thousand_cases_at_a_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """evaluate_many reads a generator in order and decides every case with the collector off.

    The collector is on again after the batch, also when a case fails, and stays off when it was off.
    """
    import gc

    pack = commitrules.load_policies()
    evaluator = pack.evaluator
    cases = [{"kind": "credit_site", "content": {"items": ["risk_notice"][: i % 2]}} for i in range(2_500)]
    expected = [pack.evaluate(case, as_of=AS_OF) for case in cases]
    seen: list[bool] = []
    decide = Evaluator.evaluate

    def watched(self: Evaluator, case: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return decide(self, case, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Evaluator, "evaluate", watched)
    assert gc.isenabled()
    read: list[int] = []
    decided = evaluator.evaluate_many((read.append(i) or case for i, case in enumerate(cases)), as_of=AS_OF)
    assert expected == decided
    assert list(range(2_500)) == read
    assert [False] * 2_500 == seen
    assert gc.isenabled()
    bad = [*cases[:1_500], {"kind": "credit_site", "content": {"items": 3}}]
    with pytest.raises(commitrules.CaseValidationError):
        evaluator.evaluate_many(bad, as_of=AS_OF)
    assert gc.isenabled()
    gc.disable()
    try:
        evaluator.evaluate_many(cases[:10], as_of=AS_OF)
        assert not gc.isenabled()
    finally:
        gc.enable()
