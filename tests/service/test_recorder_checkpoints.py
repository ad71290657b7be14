"""The writer thread's checkpoints: failed ones are counted in /metrics."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

from commitrules.service.http.metrics import Metrics
from commitrules.service.http.recorder import Recorder


class _Log:
    """A log whose checkpoints fail at the second and third write (one in the writer, one "in the background")."""

    def __init__(self) -> None:
        self.written: list[dict[str, Any]] = []
        self.checkpoint_failures = 0

    def append_many_ids(self, entries: Sequence[dict[str, Any]]) -> list[Any]:
        self.written.extend(entries)
        return list(entries)

    def checkpoint_when_idle(self) -> bool:
        return True

    def checkpoint_if_due(self, *, idle: bool) -> bool:
        if len(self.written) == 2:
            self.checkpoint_failures += 1
        if len(self.written) == 3:
            self.checkpoint_failures += 1
            raise RuntimeError("checkpoint failed")
        return idle


def _failures(metrics: Metrics) -> float:
    for line in metrics.render().decode().splitlines():
        if line.startswith("commitrules_log_checkpoint_failures_total "):
            return float(line.split()[1])
    raise AssertionError("no commitrules_log_checkpoint_failures_total in /metrics")


def test_failed_checkpoints_are_counted_in_the_metrics() -> None:
    """Every failure the log counts shows as commitrules_log_checkpoint_failures_total, once."""
    log, metrics = _Log(), Metrics()
    recorder = Recorder(log, metrics)
    try:
        assert _failures(metrics) == 0

        async def write(n: int) -> None:
            for i in range(n):
                assert await recorder.record([{"n": i}]) == [{"n": i}]

        asyncio.run(write(4))
    finally:
        recorder.close()
    assert not recorder.alive
    assert len(log.written) == 4
    assert _failures(metrics) == 2
