"""A write whose requester's event loop was closed meanwhile does not end the writer thread.

A Python host may record from a loop of its own and close it while the write is under way (an
``asyncio.run`` whose ``wait_for`` gave up). Waking that loop raised RuntimeError in the writer, which
ended its thread: every later request waited forever.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Sequence
from typing import Any

import pytest

from commitrules.service.http.metrics import Metrics
from commitrules.service.http.recorder import Recorder
from tests.service.recorder_logs import NoCheckpoints


class _SlowLog(NoCheckpoints):
    """A log whose appends wait until the test lets them go; the first fails when told to."""

    def __init__(self, *, fail_first: bool) -> None:
        self.entered = threading.Event()
        self.go_on = threading.Event()
        self.fail = fail_first
        self.appended = 0

    def append_many_ids(self, entries: Sequence[dict[str, Any]]) -> list[Any]:
        self.entered.set()
        assert self.go_on.wait(30)
        if self.fail:
            self.fail = False
            raise RuntimeError("disk full")
        self.appended += len(entries)
        return [f"id-{self.appended - len(entries) + i}" for i in range(len(entries))]


@pytest.mark.parametrize("first", ["written", "failed"])
def test_the_writer_outlives_a_closed_loop_and_answers_the_next_request(first: str) -> None:
    """Whether the abandoned write succeeded or failed, the writer goes on and answers the next one."""
    fails = first == "failed"
    log = _SlowLog(fail_first=fails)
    recorder = Recorder(log, Metrics())
    try:

        async def give_up() -> None:
            with pytest.raises(TimeoutError):
                await asyncio.wait_for(recorder.record([{"case": 1}]), 0.05)

        asyncio.run(give_up())  # the loop is closed when this returns, its write still under way
        assert log.entered.wait(30)
        log.go_on.set()
        answered = asyncio.run(asyncio.wait_for(recorder.record([{"case": 2}, {"case": 3}]), 30))
        assert recorder.alive
        assert (["id-1", "id-2"] if not fails else ["id-0", "id-1"]) == answered
    finally:
        log.go_on.set()
        recorder.close()
    assert not recorder.alive
