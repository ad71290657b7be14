"""Prometheus metrics of one service process, in a registry of its own.

Each app gets its own :class:`prometheus_client.CollectorRegistry`, so that several apps in one process
(tests) do not share counters.

With several worker processes (``serve --workers N``) the figures are kept in prometheus_client's
multiprocess mode: every worker writes its counters and histograms to files in
``PROMETHEUS_MULTIPROC_DIR`` (a folder ``serve`` makes for the run unless the deployment names one,
emptied before the start), and whichever worker answers ``/metrics`` sums all the workers' files: a
scrape sees the whole service, not the one worker it happened to reach. The pack gauges are per worker
(label ``pid``, live workers only), so that a worker still on an older pack shows.
"""

from __future__ import annotations

import collections
import os
from collections.abc import Sequence
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client import multiprocess as prometheus_multiprocess

__all__ = ["CONTENT_TYPE", "MULTIPROC_ENV", "Metrics"]

#: prometheus_client's multiprocess folder (read when prometheus_client is imported: set before the workers start).
MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
_LATENCY_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Metrics:
    """The service's counters and histograms."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.decisions = Counter(
            "commitrules_decisions",
            "Decisions made, by case kind, outcome and engine",
            ["kind", "outcome", "engine"],
            registry=r,
        )
        self.decision_seconds = Histogram(
            "commitrules_decision_seconds",
            "Time to decide one case (engine only)",
            ["engine"],
            buckets=_LATENCY_BUCKETS,
            registry=r,
        )
        self.request_seconds = Histogram(
            "commitrules_request_seconds",
            "Time to answer a request",
            ["route", "method"],
            buckets=_LATENCY_BUCKETS,
            registry=r,
        )
        self.log_write_seconds = Histogram(
            "commitrules_log_write_seconds",
            "Time to append decisions durably to the log (one group commit)",
            buckets=_LATENCY_BUCKETS,
            registry=r,
        )
        self.log_batch_size = Histogram(
            "commitrules_log_group_commit_size",
            "Decisions per durable log write",
            buckets=(1, 2, 5, 10, 20, 50, 100, 200, 500, 1000),
            registry=r,
        )
        self.log_checkpoint_failures = Counter(
            "commitrules_log_checkpoint_failures",
            "Failed checkpoints of the SQLite log's WAL (after 3 in a row SQLite's automatic checkpoint is back)",
            registry=r,
        )
        self.reloads = Counter("commitrules_reloads", "Pack reloads, by result", ["result"], registry=r)
        self.problems = Counter("commitrules_problems", "Error responses, by problem code", ["code"], registry=r)
        self.pack_info = Gauge(
            "commitrules_pack_info",
            "The pack in use (value 1)",
            ["name", "version", "digest"],
            registry=r,
            multiprocess_mode="liveall",
        )
        self.pack_generation = Gauge(
            "commitrules_pack_generation", "Packs installed since start", registry=r, multiprocess_mode="liveall"
        )
        self.reloads.labels("ok")
        self.reloads.labels("failed")
        self._pack_labels: tuple[str, str, str] | None = None
        # The labelled series of the per-request figures, by their labels: ``labels()`` takes a lock and
        # builds its key on every call, about as long as the rest of the metrics' work per request.
        self._series: dict[tuple[str, ...], Any] = {}

    def set_pack(self, name: str, version: str, digest: str, generation: int) -> None:
        """Show the pack now in use (and only it: the previous pack's series is 0 in multiprocess mode, else gone)."""
        labels = (name, version, digest)
        if self._pack_labels is not None and self._pack_labels != labels:
            self.pack_info.labels(*self._pack_labels).set(0)  # what a worker's file keeps
            self.pack_info.remove(*self._pack_labels)
        self._pack_labels = labels
        self.pack_info.labels(*labels).set(1)
        self.pack_generation.set(generation)

    def process_stopped(self) -> None:
        """In multiprocess mode, drop this worker's per-process gauges (its counters still count)."""
        if os.environ.get(MULTIPROC_ENV):
            prometheus_multiprocess.mark_process_dead(os.getpid())  # type: ignore[no-untyped-call]

    def request_done(self, route: str, method: str, seconds: float) -> None:
        """Time an answered request by its route's template."""
        key = ("request", route, method)
        series = self._series.get(key)
        if series is None:
            series = self._series[key] = self.request_seconds.labels(route, method)
        series.observe(seconds)

    def decided(self, kind: str, outcome: str, engine: str, seconds: float) -> None:
        """Count a decision and time its engine's work."""
        key = ("decision", kind, outcome, engine)
        pair = self._series.get(key)
        if pair is None:
            pair = self._series[key] = (
                self.decisions.labels(kind, outcome, engine),
                self.decision_seconds.labels(engine),
            )
        pair[0].inc()
        pair[1].observe(seconds)

    def decided_many(self, engine: str, decided: Sequence[tuple[str, str, float]]) -> None:
        """Count a batch's decisions (kind, outcome, the engine's seconds each): one increment per kind and outcome."""
        if not decided:
            return
        timing = self._series.get(("decision_seconds", engine))
        if timing is None:
            timing = self._series[("decision_seconds", engine)] = self.decision_seconds.labels(engine)
        observe = timing.observe
        for _, _, seconds in decided:
            observe(seconds)
        for (kind, outcome), count in collections.Counter((kind, outcome) for kind, outcome, _ in decided).items():
            self.decisions.labels(kind, outcome, engine).inc(count)

    def problem(self, code: str) -> None:
        """Count an error response."""
        self.problems.labels(code).inc()

    def render(self) -> bytes:
        """The text exposition format: this process's metrics, or all workers' in multiprocess mode."""
        directory = os.environ.get(MULTIPROC_ENV)
        if directory:
            registry = CollectorRegistry()
            prometheus_multiprocess.MultiProcessCollector(registry, path=directory)  # type: ignore[no-untyped-call]
            return generate_latest(registry)
        return generate_latest(self.registry)
