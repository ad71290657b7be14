"""Threads and reloads: the same pack decides the same from 8 threads as from one, on both engines;
a reload swaps the pack atomically and a failed reload leaves the old pack serving.

No timing is asserted anywhere: threads are made to overlap with a barrier, and the checks are on
the decisions they return.
"""

from __future__ import annotations

import gc
import shutil
import sys
import threading
import weakref
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import commitrules
from commitrules import PackHolder
from commitrules.io.case_files import read_cases
from commitrules.policy.pack import PolicyPack

ROOT = Path(__file__).resolve().parents[1]
COMPILE = Path(__file__).parent / "compile"
AS_OF = "2020-06-01"
THREADS = 8


def example_cases() -> list[dict[str, Any]]:
    cases, errors = read_cases([ROOT / "examples" / "cases"])
    assert [] == errors
    return [c.case.model_dump(mode="json") for c in cases]


CASES = example_cases()


def in_threads(work: Callable[[int], object], count: int = THREADS) -> list[object]:
    """Run ``work(i)`` in ``count`` threads started together; their results, or the first exception raised."""
    barrier = threading.Barrier(count)
    results: list[object] = [None] * count
    failures: list[BaseException] = []

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = work(i)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the main thread below
            failures.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]
    return results


@pytest.mark.parametrize("engine", ["compiled", "rete"])
def test_eight_threads_decide_as_one_thread(pack: PolicyPack, engine: str) -> None:
    """Every example case, evaluated from 8 threads at once (each in its own order), gets the one-thread decision."""
    expected = [pack.evaluate(case, as_of=AS_OF, engine=engine) for case in CASES]  # type: ignore[arg-type]

    def work(i: int) -> dict[int, commitrules.Decision]:
        shift = i * len(CASES) // THREADS
        order = [*range(shift, len(CASES)), *range(shift)][:: -1 if i % 2 else 1]
        return {n: pack.evaluate(CASES[n], as_of=AS_OF, engine=engine) for n in order}  # type: ignore[arg-type]

    for found in in_threads(work):
        assert isinstance(found, dict)
        assert expected == [found[n] for n in range(len(CASES))]


@pytest.mark.rete
def test_engines_interleaved_across_threads_agree(pack: PolicyPack) -> None:
    """Threads that alternate engines on the same pack still get one decision per case."""
    cases = CASES[::3]
    expected = [pack.evaluate(case, as_of=AS_OF) for case in cases]

    def work(i: int) -> list[commitrules.Decision]:
        engine = "rete" if i % 2 else "compiled"
        return [pack.evaluate(case, as_of=AS_OF, engine=engine) for case in cases]  # type: ignore[arg-type]

    for found in in_threads(work):
        assert expected == found


# --- reloading -------------------------------------------------------------------------------------------

LENIENCY = {
    "kind": "leniency",
    "conduct": {
        "subject": "public_official",
        "context": "duty_performance",
        "factors": {
            "motive_attitude": "favorable",
            "objective_conditions": "favorable",
            "procedure_method": "favorable",
            "nature_degree": "favorable",
            "consequence_impact": "neutral",
            "loss_recovery": "neutral",
        },
    },
}


@pytest.fixture
def packs(tmp_path: Path) -> dict[str, Path]:
    """A good pack ('good'), the same files with a broken condition ('broken'), and a folder with no pack."""
    good = tmp_path / "good"
    good.mkdir()
    for source in [*(COMPILE / "base").glob("*.yaml"), *(COMPILE / "basic").glob("*.yaml")]:
        shutil.copy(source, good / source.name)
    broken = tmp_path / "broken"
    shutil.copytree(good, broken)
    leniency = broken / "leniency.yaml"
    leniency.write_text(
        leniency.read_text(encoding="utf-8").replace("len(conduct.bars)", "__import__('os')"), encoding="utf-8"
    )
    return {"good": good, "broken": broken, "missing": tmp_path / "missing"}


def test_reload_swaps_in_the_new_pack(packs: dict[str, Path]) -> None:
    """A successful reload installs the new pack: new digest, next generation, new decisions."""
    holder = PackHolder.load(packs["good"])
    assert (1, "mitigated") == (holder.generation, holder.evaluate(LENIENCY, as_of=AS_OF).outcome)

    new = holder.reload(settings={"leniency.min_score": 5})

    assert new is holder.pack
    assert (2, None) == (holder.generation, holder.last_error)
    assert "not_applicable" == holder.evaluate(LENIENCY, as_of=AS_OF).outcome
    assert new.digest == holder.evaluate(LENIENCY, as_of=AS_OF).policy.digest
    assert 5 == holder.reload().settings["leniency.min_score"].value  # settings are kept for the next reload


@pytest.mark.parametrize(("folder", "code"), [("broken", "forbidden_syntax"), ("missing", "missing_file")])
def test_failed_reload_keeps_the_old_pack_serving(packs: dict[str, Path], folder: str, code: str) -> None:
    """A reload that fails raises PolicyError and changes nothing: same pack object, same generation."""
    holder = PackHolder.load(packs["good"])
    serving = holder.pack

    with pytest.raises(commitrules.PolicyError) as caught:
        holder.reload(packs[folder])

    assert code == caught.value.first.code
    assert serving is holder.pack
    assert (1, packs["good"]) == (holder.generation, holder.path)
    assert caught.value is holder.last_error
    assert "mitigated" == holder.evaluate(LENIENCY, as_of=AS_OF).outcome


def test_a_reload_stopped_by_anything_keeps_the_old_pack(
    packs: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not only PolicyError: whatever stops a load (an unreadable file, a bug) leaves the old pack in place."""
    holder = PackHolder.load(packs["good"])
    serving = holder.pack

    def fail(*_args: object, **_kwargs: object) -> PolicyPack:
        raise PermissionError(13, "Permission denied", "leniency.yaml")

    monkeypatch.setattr("commitrules.service.reload.compile_pack", fail)
    with pytest.raises(PermissionError):
        holder.reload()
    assert serving is holder.pack
    assert isinstance(holder.last_error, PermissionError)


@pytest.fixture
def fast_switching() -> Iterator[None]:
    """Threads switch every 0.1 ms instead of 5 ms: more interleavings, and a reloading thread that reads
    files is not starved by readers holding the GIL for their whole 5 ms slices."""
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-4)
    yield
    sys.setswitchinterval(interval)


@pytest.mark.usefixtures("fast_switching")
def test_readers_see_whole_packs_while_reloads_succeed_and_fail(packs: dict[str, Path]) -> None:
    """Readers evaluating during good and bad reloads only ever get a decision one of the whole packs gives."""
    low = commitrules.load_policies(packs["good"])
    high = commitrules.load_policies(packs["good"], settings={"leniency.min_score": 5})
    expected = {p.digest: p.evaluate(LENIENCY, as_of=AS_OF) for p in (low, high)}
    assert 2 == len({d.outcome for d in expected.values()})
    holder = PackHolder(low, path=packs["good"])
    done = threading.Event()
    failed_reloads: list[str] = []

    def reader(_i: int) -> set[str]:
        seen: set[str] = set()
        while not done.is_set():
            decision = holder.evaluate(LENIENCY, as_of=AS_OF)
            assert expected[decision.policy.digest] == decision
            pack = holder.pack
            assert pack.digest in expected
            seen.add(decision.policy.digest)
        return seen

    def writer() -> None:
        try:
            for n in range(15):
                before = holder.pack
                if n % 3 == 2:
                    try:
                        holder.reload(packs["broken"])
                    except commitrules.PolicyError as exc:
                        failed_reloads.append(exc.first.code)
                    assert before is holder.pack
                else:
                    holder.reload(packs["good"], settings={"leniency.min_score": 5} if n % 2 else None)
        finally:
            done.set()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        seen = in_threads(reader, 4)
    finally:
        done.set()
        thread.join()
    assert ["forbidden_syntax"] * 5 == failed_reloads
    assert 11 == holder.generation
    assert set().union(*seen) <= set(expected)  # type: ignore[arg-type]


def test_concurrent_reloads_run_one_at_a_time(packs: dict[str, Path]) -> None:
    """Eight threads reloading at once all succeed, in turn: the generation counts every one of them."""
    holder = PackHolder.load(packs["good"])
    results = in_threads(lambda i: holder.reload(settings={"leniency.min_score": 3 + i % 3}).digest)
    assert 1 + THREADS == holder.generation
    assert holder.pack.digest in results


def test_a_pack_dropped_after_a_reload_takes_its_generated_code_with_it() -> None:
    """Nothing derived from a pack outlives it: no module keeps generated code or views of old packs.

    A service that reloads often would otherwise grow without bound.
    """
    case = {"kind": "credit_site", "content": {"items": ["risk_notice"]}}
    holder = commitrules.PackHolder.load()
    old = weakref.ref(holder.evaluator)
    old_pack = weakref.ref(holder.pack)
    assert "noncompliant" == holder.evaluate(case, as_of="2020-06-01").outcome
    for n in range(3):
        holder.reload(settings={"blacklist.publication_years": 3 + n})
        assert "noncompliant" == holder.evaluate(case, as_of="2020-06-01").outcome
    gc.collect()
    assert old() is None
    assert old_pack() is None
    assert holder.evaluator.pack is holder.pack
