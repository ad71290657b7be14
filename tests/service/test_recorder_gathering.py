"""The writer's commit delay: it waits for more requests only while its last commit carried several."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Sequence
from typing import Any

import pytest

from commitrules.service.http import recorder as recorder_module
from commitrules.service.http.metrics import Metrics
from commitrules.service.http.recorder import GATHER_AFTER, Recorder
from tests.service.recorder_logs import NoCheckpoints

DELAY = 0.25


class _Log(NoCheckpoints):
    """A log that records the requests each commit carried; its first commit waits for ``release``."""

    def __init__(self) -> None:
        self.commits: list[list[str]] = []
        self.entered = threading.Event()
        self.release = threading.Event()

    def append_many_ids(self, entries: Sequence[dict[str, Any]]) -> list[Any]:
        if not self.commits:
            self.entered.set()
            assert self.release.wait(10), "the test never released the first commit"
        self.commits.append([entry["name"] for entry in entries])
        return [entry["name"] for entry in entries]


class _Sleep:
    """Stands for the writer's sleep: records it, and lets the test queue requests meanwhile."""

    def __init__(self) -> None:
        self.calls: list[float] = []
        self.asleep = threading.Event()
        self.wake = threading.Event()

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)
        self.asleep.set()
        assert self.wake.wait(10), "the test never woke the writer"


async def _until(event: threading.Event) -> None:
    for _ in range(1000):
        if event.is_set():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the writer never got there")


def _scenario(delay: float, monkeypatch: pytest.MonkeyPatch) -> tuple[list[list[str]], list[float]]:
    """A lone request; three that queue behind its commit; then one, and two more while the writer may wait."""
    log, sleep = _Log(), _Sleep()
    monkeypatch.setattr(recorder_module, "_sleep", sleep)
    recorder = Recorder(log, Metrics(), commit_delay=delay)

    async def run() -> None:
        record = recorder.record
        first = asyncio.ensure_future(record([{"name": "a"}]))
        await _until(log.entered)  # the writer has taken "a" and is in its commit
        queued = [asyncio.ensure_future(record([{"name": name}])) for name in "bcd"]
        await asyncio.sleep(0.05)  # they are queued
        log.release.set()
        await asyncio.gather(first, *queued)
        later = asyncio.ensure_future(record([{"name": "e"}]))
        if delay:
            await _until(sleep.asleep)  # the writer took "e" and waits for more
        else:
            await later  # written at once
        more = [asyncio.ensure_future(record([{"name": name}])) for name in "fg"]
        await asyncio.sleep(0.05)
        sleep.wake.set()
        await asyncio.gather(later, *more)

    try:
        asyncio.run(run())
    finally:
        sleep.wake.set()
        log.release.set()
        recorder.close()
    return log.commits, sleep.calls


def test_the_writer_waits_for_more_requests_after_a_commit_of_several(monkeypatch: pytest.MonkeyPatch) -> None:
    """After a commit of three requests, the next commit waits the delay and takes the two that came meanwhile."""
    assert GATHER_AFTER == 3  # the scenario's second commit carries three
    commits, sleeps = _scenario(DELAY, monkeypatch)
    assert commits == [["a"], ["b", "c", "d"], ["e", "f", "g"]]
    assert sleeps == [DELAY]  # not after the lone "a": a request alone is written at once


def test_a_request_after_the_writer_was_idle_for_a_delay_is_written_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """After a commit of several, a request that comes when the writer has been idle for the delay does not wait."""
    log, sleep = _Log(), _Sleep()
    sleep.wake.set()  # a wait, if the writer made one, ends at once: the test reads that it was made
    monkeypatch.setattr(recorder_module, "_sleep", sleep)
    delay = 0.05
    recorder = Recorder(log, Metrics(), commit_delay=delay)

    async def run() -> None:
        first = asyncio.ensure_future(recorder.record([{"name": "a"}]))
        await _until(log.entered)  # the writer is in the commit of "a"
        queued = [asyncio.ensure_future(recorder.record([{"name": name}])) for name in "bcd"]
        await asyncio.sleep(0.05)
        log.release.set()
        await asyncio.gather(first, *queued)
        assert log.commits == [["a"], ["b", "c", "d"]]  # the writer is gathering now
        waits = len(sleep.calls)
        await asyncio.sleep(4 * delay)  # idle for longer than the delay
        await recorder.record([{"name": "h"}])
        assert len(sleep.calls) == waits  # "h" did not wait

    try:
        asyncio.run(run())
    finally:
        recorder.close()
    assert log.commits[-1] == ["h"]


def test_without_a_delay_each_commit_takes_what_is_waiting(monkeypatch: pytest.MonkeyPatch) -> None:
    """--commit-delay 0: the writer never waits; "e" is committed alone."""
    commits, sleeps = _scenario(0.0, monkeypatch)
    assert commits[:3] == [["a"], ["b", "c", "d"], ["e"]]
    assert [name for commit in commits[3:] for name in commit] == ["f", "g"]  # in one commit or two
    assert sleeps == []
