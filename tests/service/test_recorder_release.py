"""The writer lets go of a request's entries before it answers: the request's thread frees them.

Held by the writer until its next write, a batch's cases and decisions were freed on the writer's
thread, on the other core, from the memory the event loop allocates from; that cost more processor
time per case than the rest of the writer's Python (docs/performance.md, stop 28).
"""

from __future__ import annotations

import asyncio
import gc
import weakref
from collections.abc import Sequence
from typing import Any

import pytest

from commitrules.service.http.metrics import Metrics
from commitrules.service.http.recorder import Recorder
from tests.service.recorder_logs import NoCheckpoints


class _Held:
    """Stands for a case or a decision: something a weak reference can watch."""


class _Log(NoCheckpoints):
    """A log that keeps nothing of what it appends; it fails when told to."""

    def __init__(self) -> None:
        self.fail = False
        self.appended = 0

    def append_many_ids(self, entries: Sequence[dict[str, Any]]) -> list[Any]:
        if self.fail:
            raise RuntimeError("disk full")
        self.appended += len(entries)
        return [f"id-{self.appended - len(entries) + i}" for i in range(len(entries))]


@pytest.fixture
def recorder() -> Any:
    log = _Log()
    recorder = Recorder(log, Metrics())
    yield recorder, log
    recorder.close()


def _watched(count: int) -> tuple[list[dict[str, Any]], list[weakref.ref[_Held]]]:
    held = [_Held() for _ in range(count)]
    return [{"case": item, "decision": _Held()} for item in held], [weakref.ref(item) for item in held]


def test_entries_are_the_requests_alone_once_answered(recorder: Any) -> None:
    """Once a request has its ids, nothing of the writer's holds its entries: dropping them frees them."""
    writer, _ = recorder
    gc.disable()  # only reference counting may free them: the writer must hold no reference at all
    try:

        async def run() -> list[list[Any]]:
            answered = []
            for count in (1, 100, 3):  # each request alone in its write, and the writer idle after each
                entries, watching = _watched(count)
                answered.append(await writer.record(entries))
                del entries
                assert [ref() for ref in watching] == [None] * count
            return answered

        answered = asyncio.run(run())
    finally:
        gc.enable()
    assert [len(ids) for ids in answered] == [1, 100, 3]
    assert answered[1][:2] == ["id-1", "id-2"]


def test_several_requests_in_one_write_are_each_answered_with_their_own_ids(recorder: Any) -> None:
    """Requests gathered into one write still get their own ids, in order, and let go of theirs."""
    writer, _ = recorder

    async def run() -> tuple[list[list[Any]], list[weakref.ref[_Held]]]:
        batches = [_watched(count) for count in (2, 5, 1)]
        answers = await asyncio.gather(*(writer.record(entries) for entries, _ in batches))
        return answers, [ref for _, refs in batches for ref in refs]

    gc.disable()
    try:
        answers, watching = asyncio.run(run())
        assert [ref() for ref in watching] == [None] * 8
    finally:
        gc.enable()
    assert [len(ids) for ids in answers] == [2, 5, 1]
    assert sorted(ident for ids in answers for ident in ids) == sorted(f"id-{i}" for i in range(8))
    for ids in answers:  # each request's ids are consecutive: its entries were appended together, in order
        numbers = [int(ident.removeprefix("id-")) for ident in ids]
        assert numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def test_a_failed_write_fails_each_request(recorder: Any) -> None:
    """A write that fails still reaches every request of it, as its exception."""
    writer, log = recorder
    log.fail = True

    async def run() -> list[Any]:
        return await asyncio.gather(*(writer.record(_watched(2)[0]) for _ in range(3)), return_exceptions=True)

    outcomes = asyncio.run(run())
    assert [type(outcome) for outcome in outcomes] == [RuntimeError] * 3
    assert writer.last_failure == "RuntimeError: disk full"
