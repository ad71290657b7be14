"""Load benchmark of ``commitrules serve``: a bounded load generator on loopback that stops by itself.

    .venv/bin/python benchmarks/service.py [--seconds 8] [--connections 32] [--clients 2]
        [--open-connections N] [--generator lean|httpx] [--rates R1,R2,...] [--batch-rounds 5]
        [--batch-connections 4] [--pin] [--json OUT]

The load generator is ``benchmarks/loadgen.py`` (HTTP/1.1 keep-alive on asyncio protocols, every
response read and checked, about 0.05-0.1 ms of processor time per request) unless ``--generator
httpx`` asks for the httpx loops this script used first (about 2 ms per request: on a two-core machine
they took most of a core from the server, and answered a group commit's burst of responses one by one
at that cost, which the measured latencies included). Both check every status; the lean one also
checks every response's decision id and JSON (for a batch, one result per case sent), reopens a
connection the server closed while it was idle, and fails a phase on a connection lost with a request
unanswered; the script checks at the end that each acknowledged decision id is in the log.

It starts one service process (one worker, the decision log on SQLite in a temporary folder) on a free
127.0.0.1 port, and measures, one phase after the other:

1. **saturation**: single-case ``POST /v1/decisions`` from ``--clients`` processes with ``--connections``
   keep-alive connections in all, as fast as answers come: requests per second, and requests per
   second of the server's own CPU time (what one worker process sustains, whatever the load generator
   takes of the shared cores);
2. **latency at 80 %**: an open-loop schedule at 80 % of the saturation rate; each latency is measured
   from the moment the request was due, so that queueing counts (no coordinated omission): p50, p99.
   The requests go on the ``--connections`` opened for the phase, as a client's connection pool: one
   due while every connection waits for an answer waits for a connection, and that wait counts. With
   ``--open-connections N``, the same schedule again from a client that opens another connection
   whenever a request is due and none is free (up to N in all, as k6's constant-arrival-rate executor
   adds virtual users); see docs/performance.md (stop 19) for what that does to the server;
   then the same at 800 requests/s, 80 % of the issue's floor of 1,000 decisions/s per worker. (The
   saturation rate is a closed loop's over 32 connections, whose requests arrive together and share
   group commits and event-loop turns; an open loop's arrive one by one and cost the server more each,
   so at 80 % of that rate the server's core is 90 % busy or more: the first figure is a p99 close to
   saturation, the second one at 80 % of the load the service is asked to carry.) With ``--rates``,
   also open loops at each of those rates: the latency, the server's share of a core, and its
   processor time per request against the load;
3. **batches of 100**: ``POST /v1/decisions:batch`` with 100 cases each from ``--batch-connections``
   connections per client process (each waits for its batch's answer), cases per second, against the
   in-process ``evaluate --jsonl`` path (``evaluate_jsonl``) on the same cases in the same run, by the
   wall clock and by CPU time (on a shared machine the server and the in-process run do not get the
   same share of the cores, so the CPU-time fraction is the steadier one). In ``--batch-rounds``
   rounds (default 5), each followed by one in-process run: the fraction is the median of the pairs',
   printed with each pair's (in a quiet minute of this shared machine the service's processor time per
   case moves from round to round by up to a fifth, the in-process run's by a few percent). With two
   connections per client the server's core idled about a tenth of the time, every batch in flight
   waiting for its commit (0.91-0.93 of a core used, against 0.96-0.97 with four, in a scratch driver's
   runs; this script's own line with four: 0.94-0.95 unpinned, 0.92-0.93 pinned: stop 28);
4. **the log alone**, in this process: decisions appended in groups of 100 and one per commit, with the
   log's durable ``synchronous=FULL`` and, for comparison only, ``NORMAL``;
5. **the library's logged path**, in this process: the same JSON lines parsed, decided and logged in
   groups of 100 by ``LoggedEvaluator.evaluate_many``, as a Python host would; the batches as a
   fraction of it by CPU time. The issue's target compares the batch route, which logs every decision
   durably, with ``evaluate --jsonl``, which logs nothing; this is the in-process figure that does the
   same work as the route but HTTP.

With ``--pin`` (a machine of two cores or more), the service process (its event loop and its log's
threads) runs on the first core this script may use alone (``serve --cpu-affinity N``) and the load
generator's processes on the second alone, so that they do not take turns on the same core: the
figures are those of one worker process given one core of its own, what the issue's "per worker
process" asks. The in-process runs are pinned to the service's core too.

Every decision the service acknowledges is in its log: the script checks the log's size at the end.
The cases are the example cases of every kind (``examples/cases``), cycled.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import math
import multiprocessing
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Final

import httpx
import orjson

_ROOT = Path(__file__).resolve().parents[1]
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))  # run as a script: benchmarks.loadgen beside it

from tests.service.server import printed_urls  # noqa: E402 - the tests read the start line the same way

import commitrules  # noqa: E402 - after the path is set
from benchmarks.loadgen import Phase, run_phase  # noqa: E402
from commitrules.io.case_files import read_cases  # noqa: E402
from commitrules.service.batch import evaluate_jsonl  # noqa: E402
from commitrules.service.log import DecisionLog, LoggedEvaluator  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TICKS = os.sysconf("SC_CLK_TCK")


def example_cases() -> list[dict[str, Any]]:
    cases, errors = read_cases([ROOT / "examples" / "cases"])
    assert not errors
    return [item.case.model_dump(mode="json", exclude_none=True) for item in cases]


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


# -- the load generator (runs in client processes) -------------------------------------------------
async def _closed_loop(url: str, path: str, bodies: list[bytes], connections: int, seconds: float) -> list[float]:
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    headers = {"Content-Type": "application/json"}
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=30) as client:

        async def worker(offset: int) -> None:
            i = offset
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                response = await client.post(path, content=bodies[i % len(bodies)], headers=headers)
                if response.status_code != 200:
                    raise RuntimeError(f"{response.status_code}: {response.text[:200]}")
                latencies.append(time.perf_counter() - started)
                i += connections

        await asyncio.gather(*(worker(k) for k in range(connections)))
    return latencies


async def _open_loop(url: str, bodies: list[bytes], rate: float, seconds: float, connections: int) -> list[float]:
    latencies: list[float] = []
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    headers = {"Content-Type": "application/json"}
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=30) as client:

        async def one(due: float, body: bytes) -> None:
            response = await client.post("/v1/decisions", content=body, headers=headers)
            if response.status_code != 200:
                raise RuntimeError(f"{response.status_code}: {response.text[:200]}")
            latencies.append(time.perf_counter() - due)

        start = time.perf_counter()
        tasks = []
        for i in range(int(rate * seconds)):
            due = start + i / rate
            delay = due - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one(due, bodies[i % len(bodies)])))
        await asyncio.gather(*tasks)
    return latencies


#: The cores of the service and of the load generator with ``--pin`` (None: the scheduler's choice).
PINNED: dict[str, set[int] | None] = {"server": None, "clients": None}


def _client(job: tuple[Any, ...]) -> tuple[list[float], float, list[str], int]:
    if PINNED["clients"] is not None:
        os.sched_setaffinity(0, PINNED["clients"])
    generator, kind, url, path, bodies, connections, seconds, rate, offset, *most = job
    cpu = time.process_time()
    if generator == "lean":
        host, port = url.removeprefix("http://").rsplit(":", 1)
        phase = Phase(host, int(port), path or "/v1/decisions", bodies, connections, seconds, rate, offset)
        phase.max_connections = most[0] if most else None
        result = run_phase(phase)
        return result.latencies, time.process_time() - cpu, result.decision_ids, result.most_connections
    if kind == "closed":
        latencies = asyncio.run(_closed_loop(url, path, bodies, connections, seconds))
    else:
        latencies = asyncio.run(_open_loop(url, bodies, rate, seconds, connections))
    return latencies, time.process_time() - cpu, [], connections


#: CPU seconds the load generator's processes took, by phase (they share the cores with the server).
CLIENT_CPU: dict[str, float] = {}
#: The decision ids the service acknowledged (the lean generator reads them; httpx's loops do not).
ACKNOWLEDGED_IDS: list[str] = []
#: The most connections the load generator's processes had open at once, by phase (summed over them).
CLIENT_CONNECTIONS: dict[str, int] = {}


def run_clients(jobs: list[tuple[Any, ...]], phase: str = "warm-up") -> list[float]:
    with multiprocessing.get_context("fork").Pool(len(jobs)) as pool:
        parts = pool.map(_client, jobs)
    CLIENT_CPU[phase] = sum(cpu for _, cpu, _, _ in parts)
    CLIENT_CONNECTIONS[phase] = sum(most for _, _, _, most in parts)
    ACKNOWLEDGED_IDS.extend(i for _, _, ids, _ in parts for i in ids)
    return [latency for latencies, _, _, _ in parts for latency in latencies]


def write_histogram(url: str) -> dict[str, float]:
    """The service's durable writes so far, by ``le`` bucket (``commitrules_log_write_seconds``), and their count."""
    text = httpx.get(url + "/metrics", timeout=10).text
    found: dict[str, float] = {}
    for line in text.splitlines():
        if line.startswith("commitrules_log_write_seconds_bucket{"):
            le = line.split('le="', 1)[1].split('"', 1)[0]
            found[le] = float(line.rsplit(" ", 1)[1])
        elif line.startswith("commitrules_log_write_seconds_count"):
            found["count"] = float(line.rsplit(" ", 1)[1])
    return found


# -- the phases ------------------------------------------------------------------------------------
def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


#: The issue's floor for single-case requests per second per worker process (the p99 is asked at 80 % load).
TARGET_RATE = 1000.0


def _paced(  # noqa: PLR0913, PLR0917 - the phase's server, bodies, rate, options and name
    url: str,
    pid: int,
    singles: list[bytes],
    rate: float,
    args: argparse.Namespace,
    name: str,
    *,
    grow: bool = False,
) -> dict[str, Any]:
    """An open-loop phase at ``rate`` requests/s: latencies from each request's due time, and what it cost.

    The ``--connections`` opened at the start are all there is (a client's fixed pool), unless ``grow``:
    then more are opened as requests need them, up to ``--open-connections`` in all.
    """
    per_client = max(1, args.connections // args.clients)
    most = max(per_client, args.open_connections // args.clients) if grow else per_client
    writes0 = write_histogram(url)
    cpu0 = cpu_seconds(pid)
    paced = run_clients(
        [
            (
                args.generator,
                "open",
                url,
                "",
                singles,
                per_client,
                args.seconds,
                rate / args.clients,
                k / args.clients,
                most,
            )
            for k in range(args.clients)
        ],
        name,
    )
    paced_cpu = cpu_seconds(pid) - cpu0
    writes = {le: n - writes0.get(le, 0.0) for le, n in write_histogram(url).items()}
    return {
        "rate": rate,
        "requests": len(paced),
        "p50_ms": 1000 * percentile(paced, 0.5),
        "p99_ms": 1000 * percentile(paced, 0.99),
        "max_ms": 1000 * max(paced),
        "server_cpu_share": paced_cpu / args.seconds,
        "client_cpu_share": CLIENT_CPU[name] / args.seconds,
        "most_connections": CLIENT_CONNECTIONS[name],
        # the durable writes (group commits) meanwhile, and how many took longer than 5 and 10 ms
        "writes": writes.get("count", 0.0),
        "writes_over_5_ms": writes.get("count", 0.0) - writes.get("0.005", 0.0),
        "writes_over_10_ms": writes.get("count", 0.0) - writes.get("0.01", 0.0),
    }


def measure(
    url: str, pid: int, cases: list[dict[str, Any]], args: argparse.Namespace, pack: commitrules.PolicyPack
) -> dict[str, Any]:
    singles = [json.dumps(c).encode() for c in cases]
    per_client = max(1, args.connections // args.clients)
    gen = args.generator
    run_clients([(gen, "closed", url, "/v1/decisions", singles, 4, 1.0, 0, 0)])  # warm up
    cpu0, t0 = cpu_seconds(pid), time.perf_counter()
    latencies = run_clients(
        [(gen, "closed", url, "/v1/decisions", singles, per_client, args.seconds, 0, 0)] * args.clients, "saturation"
    )
    elapsed, cpu = time.perf_counter() - t0, cpu_seconds(pid) - cpu0
    saturation = {
        "requests": len(latencies),
        "seconds": elapsed,
        "per_second": len(latencies) / elapsed,
        "server_cpu_seconds": cpu,
        "per_server_cpu_second": len(latencies) / cpu,
        "server_cpu_share": cpu / elapsed,
        "client_cpu_ms_per_request": 1000 * CLIENT_CPU["saturation"] / len(latencies),
        "p50_ms": 1000 * percentile(latencies, 0.5),
        "p99_ms": 1000 * percentile(latencies, 0.99),
    }

    at_80 = _paced(url, pid, singles, 0.8 * saturation["per_second"], args, "at_80")
    # With --open-connections: the same schedule from a client that opens connections as requests need them.
    at_80_grown = (
        [_paced(url, pid, singles, 0.8 * saturation["per_second"], args, "at_80_grown", grow=True)]
        if args.open_connections
        else []
    )
    # The target is a floor of 1,000 decisions/s per worker: the same open loop at 80 % of it.
    at_target = _paced(url, pid, singles, 0.8 * TARGET_RATE, args, "at_80_of_target")
    # The latency and the server's processor time against the load: open loops at the rates asked for.
    at_rates = [_paced(url, pid, singles, rate, args, f"at_{rate:g}") for rate in args.rates]

    batch_bodies = [
        json.dumps({"cases": [cases[(i + k) % len(cases)] for k in range(args.batch)]}).encode() for i in range(8)
    ]
    batch = _batch_rounds(url, pid, batch_bodies, cases, args, pack)
    return {
        "saturation": saturation,
        "at_80_percent": at_80,
        "at_80_percent_grown": at_80_grown,
        "at_80_percent_of_target": at_target,
        "batch": batch,
        "at_rates": at_rates,
        "acknowledged": len(latencies)
        + sum(phase["requests"] for phase in (at_80, *at_80_grown, at_target, *at_rates))
        + batch["cases"],
    }


def _batch_rounds(  # noqa: PLR0913, PLR0917 - the phase's server, bodies, cases, options and pack
    url: str,
    pid: int,
    bodies: list[bytes],
    cases: list[dict[str, Any]],
    args: argparse.Namespace,
    pack: commitrules.PolicyPack,
) -> dict[str, Any]:
    """Batches in ``--batch-rounds`` rounds, each followed by ``evaluate --jsonl`` here: the pairs' fractions.

    On this shared machine the service's processor time per case moves from one round to the next by up
    to a fifth (54-67 µs a case in consecutive rounds against one server, 54-75 across servers, stop 27),
    while the in-process run, in a quiet minute, holds within a few percent: one round against the best
    of several in-process runs said as much about the minute as about the service. Each round is paired
    with the in-process run right after it (on the service's core when pinned, as is its warm-up); the
    fraction reported is the median of the pairs', with each pair's, and the whole phase's totals beside.
    """
    lines = _jsonl(cases, IN_PROCESS_LINES)
    _evaluate_jsonl_once(pack, lines[: len(lines) // 10])  # warm up
    seconds = max(2.0, args.seconds / 2)
    rounds, everything, spent, took = [], [], 0.0, 0.0
    for number in range(args.batch_rounds):
        cpu0, t0 = cpu_seconds(pid), time.perf_counter()
        batches = run_clients(
            [(args.generator, "closed", url, "/v1/decisions:batch", bodies, args.batch_connections, seconds, 0, 0)]
            * args.clients,
            f"batch_{number}",
        )
        elapsed, cpu = time.perf_counter() - t0, cpu_seconds(pid) - cpu0
        served = len(batches) * args.batch
        here = _evaluate_jsonl_once(pack, lines)
        rounds.append(
            {
                "cases": served,
                "cases_per_second": served / elapsed,
                "cases_per_server_cpu_second": served / cpu,
                "in_process_cases_per_second": here["cases_per_second"],
                "in_process_cases_per_cpu_second": here["cases_per_cpu_second"],
                "fraction": served / elapsed / here["cases_per_second"],
                "cpu_fraction": served / cpu / here["cases_per_cpu_second"],
            }
        )
        everything += batches
        spent, took = spent + cpu, took + elapsed
    cases_served = sum(r["cases"] for r in rounds)
    return {
        "batches": len(everything),
        "cases": cases_served,
        "round_seconds": seconds,
        "rounds": rounds,
        "cases_per_second": cases_served / took,
        "cases_per_server_cpu_second": cases_served / spent,
        "server_cores": spent / took,
        "connections": args.clients * args.batch_connections,
        "fraction": statistics.median(r["fraction"] for r in rounds),
        "cpu_fraction": statistics.median(r["cpu_fraction"] for r in rounds),
        "p50_ms": 1000 * percentile(everything, 0.5),
        "p99_ms": 1000 * percentile(everything, 0.99),
    }


#: JSON lines of the in-process runs (about 0.6 s each on this machine).
IN_PROCESS_LINES: Final = 20_000


def _jsonl(cases: list[dict[str, Any]], count: int) -> bytes:
    """``count`` JSON lines of ``cases``, cycled."""
    return b"".join(json.dumps(cases[i % len(cases)]).encode() + b"\n" for i in range(count))


def _evaluate_jsonl_once(pack: commitrules.PolicyPack, lines: bytes) -> dict[str, float]:
    """One run of ``evaluate --jsonl``'s path on ``lines`` in this process (on the service's core when pinned)."""
    mine = os.sched_getaffinity(0)
    if PINNED["server"] is not None:
        os.sched_setaffinity(0, PINNED["server"])
    try:
        started, cpu = time.perf_counter(), time.process_time()
        summary = evaluate_jsonl(pack, io.BytesIO(lines), io.BytesIO())
        elapsed, spent = time.perf_counter() - started, time.process_time() - cpu
    finally:
        os.sched_setaffinity(0, mine)
    return {"cases_per_second": summary.decisions / elapsed, "cases_per_cpu_second": summary.decisions / spent}


def in_process(cases: list[dict[str, Any]], lines: int, pack: commitrules.PolicyPack) -> dict[str, Any]:
    """``evaluate --jsonl``'s path in this process (no log), and the same cases appended to a log in 100s.

    Per second of the wall clock and of this process's CPU time: on a shared machine the second is the
    figure to hold against the server's ``cases_per_server_cpu_second``.
    """
    data = _jsonl(cases, lines)
    _evaluate_jsonl_once(pack, data[: len(data) // 10])  # warm up
    runs = [_evaluate_jsonl_once(pack, data) for _ in range(3)]
    best = max(run["cases_per_second"] for run in runs)
    best_cpu = max(run["cases_per_cpu_second"] for run in runs)
    logged = {sync: _in_process_logged(pack, cases, lines // 4, sync) for sync in ("FULL", "NORMAL")}
    return {
        "lines": lines,
        "cases_per_second": best,
        "cases_per_cpu_second": best_cpu,
        "logged_cases_per_second": logged["FULL"]["cases_per_second"],
        "logged": logged,
        "library_logged": _library_logged(pack, data.splitlines()[: lines // 4]),
    }


def _library_logged(pack: commitrules.PolicyPack, lines: list[bytes]) -> dict[str, float]:
    """The same JSON lines decided *and logged* in this process, the way a Python host does it (item 12).

    Each group of 100 lines is parsed, decided and appended to an SQLite log in one transaction by
    :meth:`~commitrules.service.log.LoggedEvaluator.evaluate_many`, and each decision written as a JSON
    line: ``evaluate --jsonl``'s work plus the log's. The service's batch route does this work plus HTTP,
    so this, not the unlogged ``evaluate --jsonl``, is the in-process figure that does the same work.
    """
    work = Path(tempfile.mkdtemp(prefix="commitrules-bench-library-"))
    try:
        with DecisionLog.open(f"sqlite:///{work / 'log.db'}") as log:
            evaluator = LoggedEvaluator(pack, log, caller="benchmark")
            out = io.BytesIO()

            def run(part: list[bytes]) -> None:
                for offset in range(0, len(part), 100):
                    cases = [orjson.loads(line) for line in part[offset : offset + 100]]  # a host's own parser
                    for decision in evaluator.evaluate_many(cases):
                        out.write(decision.model_dump_json().encode() + b"\n")

            run(lines[:500])  # warm up
            started, cpu = time.perf_counter(), time.process_time()
            run(lines)
            return {
                "cases_per_second": len(lines) / (time.perf_counter() - started),
                "cases_per_cpu_second": len(lines) / (time.process_time() - cpu),
            }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _in_process_logged(
    pack: commitrules.PolicyPack, cases: list[dict[str, Any]], n: int, synchronous: str
) -> dict[str, float]:
    """Decide and append to an SQLite log in groups of 100, in this process: the floor of any logged path.

    Also one record per transaction (a single-case request with nobody to share its commit). The log's
    own setting is ``synchronous=FULL`` (every commit reaches the disk before it returns); ``NORMAL``
    is measured beside it for comparison only (in WAL mode a commit is then durable at the next
    checkpoint: an operating-system crash or a power cut may lose the last ones).
    """
    work = Path(tempfile.mkdtemp(prefix="commitrules-bench-log-"))
    try:
        with DecisionLog.open(f"sqlite:///{work / 'log.db'}") as log:
            raw = log._engine.raw_connection()  # noqa: SLF001 - the benchmark sets the pooled connection's pragma
            raw.driver_connection.execute(f"PRAGMA synchronous={synchronous}")
            raw.close()
            decided = [{"case": c, "decision": pack.evaluate(c), "engine": "compiled"} for c in cases]
            started, cpu = time.perf_counter(), time.process_time()
            for offset in range(0, n, 100):
                log.append_many([decided[(offset + k) % len(decided)] for k in range(100)])
            grouped = (n / (time.perf_counter() - started), n / (time.process_time() - cpu))
            singles = max(1, n // 20)
            started, cpu = time.perf_counter(), time.process_time()
            for i in range(singles):
                log.append_many([decided[i % len(decided)]])
            one = (time.perf_counter() - started) / singles, (time.process_time() - cpu) / singles
            return {
                "cases_per_second": grouped[0],
                "cases_per_cpu_second": grouped[1],
                "one_record_ms": 1000 * one[0],
                "one_record_cpu_ms": 1000 * one[1],
            }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _missing(log: DecisionLog, ids: list[str]) -> int:
    """How many of the acknowledged decision ids are not in the log."""
    logged = {record.decision_id for record in log.iter_records(batch=5000)}
    return sum(1 for i in ids if i not in logged)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=8.0, help="duration of each phase (default 8)")
    parser.add_argument("--connections", type=int, default=32, help="keep-alive connections in all (default 32)")
    parser.add_argument("--clients", type=int, default=2, help="load generator processes (default 2)")
    parser.add_argument(
        "--open-connections",
        type=int,
        default=0,
        help=(
            "also the 80 %% open loop from a client that opens connections as requests need them, up to"
            " this many in all (default 0: not run)"
        ),
    )
    parser.add_argument("--batch", type=int, default=100, help="cases per batch request (default 100)")
    parser.add_argument(
        "--batch-connections",
        type=int,
        default=4,
        help="connections of each load generator process in the batch phase, each one batch at a time (default 4)",
    )
    parser.add_argument(
        "--batch-rounds",
        type=int,
        default=5,
        help="rounds of batches, each of half --seconds (2 s at least) and paired with an in-process run (default 5)",
    )
    parser.add_argument(
        "--generator",
        choices=("lean", "httpx"),
        default="lean",
        help="the load generator: lean (asyncio protocols, benchmarks/loadgen.py; default) or httpx",
    )
    parser.add_argument(
        "--rates",
        type=lambda text: [float(rate) for rate in text.split(",") if rate],
        default=[],
        metavar="R1,R2,...",
        help="also open loops at these rates (requests/s): latency and the server's processor time at each",
    )
    parser.add_argument(
        "--pin",
        action="store_true",
        help="the service on core 0 alone, the load generator on core 1 alone (needs two cores or more)",
    )
    parser.add_argument("--json", default=None, help="also write the figures here")
    args = parser.parse_args()
    if args.pin and len(os.sched_getaffinity(0)) < 2:
        parser.error("--pin needs two cores or more")
    if not 0 < args.seconds <= 60:
        parser.error("--seconds must be in (0, 60]")
    if not 1 <= args.batch_rounds <= 50:
        parser.error("--batch-rounds must be in [1, 50]")
    if not 1 <= args.batch_connections <= 64:
        parser.error("--batch-connections must be in [1, 64]")
    if not 0 <= args.open_connections <= 4096:
        parser.error("--open-connections must be in [0, 4096]")
    if not all(math.isfinite(rate) and rate > 0 for rate in args.rates):
        parser.error("--rates must be requests per second above 0")
    return args


def main() -> int:
    args = _arguments()
    cases = example_cases()
    load_at_start = os.getloadavg()
    work = Path(tempfile.mkdtemp(prefix="commitrules-bench-"))
    database = work / "decisions.db"
    command = [
        sys.executable,
        "-m",
        "commitrules.cli",
        "serve",
        "--port",
        "0",  # the system's choice, read from the start line: a port probed free could be taken before the bind
        "--log-url",
        f"sqlite:///{database}",
        # the open loop of --open-connections opens as many as it needs: the service must not refuse them
        "--max-connections",
        str(args.connections + args.open_connections + 16 if args.open_connections else 1000),
    ]
    if args.pin:
        cores = sorted(os.sched_getaffinity(0))
        PINNED.update(server={cores[0]}, clients={cores[1]})
        command += ["--cpu-affinity", str(cores[0])]  # the service keeps its threads there itself
    server_cores = PINNED["server"]
    output = work / "serve.err"
    with output.open("wb") as err:
        server = subprocess.Popen(command, cwd=work, stderr=err)  # noqa: S603 - our own command
    try:
        url = printed_urls(output, server)[0]
        for _ in range(300):
            try:
                if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        pack = commitrules.load_policies()  # the in-process runs' pack, loaded once
        results = measure(url, server.pid, cases, args, pack)
        if server_cores is not None:
            os.sched_setaffinity(0, server_cores)  # the in-process runs on the service's core
        results["in_process"] = in_process(cases, IN_PROCESS_LINES, pack)
    finally:
        server.terminate()
        server.wait(timeout=30)
    with DecisionLog.open(f"sqlite:///{database}") as log:
        results["logged"] = log.size()
        results["acknowledged_ids"] = len(ACKNOWLEDGED_IDS)
        results["acknowledged_ids_missing"] = _missing(log, ACKNOWLEDGED_IDS)
    shutil.rmtree(work, ignore_errors=True)
    # The pairs' medians (see _batch_rounds); results["in_process"] is the best of its own three runs.
    results["batch_fraction_of_in_process"] = results["batch"]["fraction"]
    results["batch_cpu_fraction_of_in_process"] = results["batch"]["cpu_fraction"]
    results["batch_cpu_fraction_of_library_logged"] = (
        results["batch"]["cases_per_server_cpu_second"]
        / results["in_process"]["library_logged"]["cases_per_cpu_second"]
    )
    results["cpus"] = os.cpu_count()
    results["pinned"] = {name: sorted(cores) if cores else None for name, cores in PINNED.items()}
    results["load_average_at_start"] = load_at_start
    results["load_average"] = os.getloadavg()
    print(render(results))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2), encoding="utf-8")
    assert results["logged"] >= results["acknowledged"], "an acknowledged decision is missing from the log"
    assert not results["acknowledged_ids_missing"], "an acknowledged decision id is missing from the log"
    return 0


def render(r: dict[str, Any]) -> str:
    s, p, t, b = r["saturation"], r["at_80_percent"], r["at_80_percent_of_target"], r["batch"]
    pinned = r["pinned"]
    rows = [
        (
            "cores: service / load generator",
            f"{pinned['server']} / {pinned['clients']}" if pinned["server"] else "not pinned (the scheduler's)",
        ),
        ("single-case requests/s (1 worker, log on SQLite)", f"{s['per_second']:.0f}"),
        ("  per second of the server's CPU time", f"{s['per_server_cpu_second']:.0f}"),
        ("  the server's cores used meanwhile", f"{s['server_cpu_share']:.2f}"),
        ("  p50 / p99 at saturation (ms)", f"{s['p50_ms']:.1f} / {s['p99_ms']:.1f}"),
        ("  the load generator's CPU per request (ms)", f"{s['client_cpu_ms_per_request']:.2f}"),
        (
            f"latency at 80 % ({p['rate']:.0f} req/s, open loop): p50 / p99 (ms)",
            f"{p['p50_ms']:.1f} / {p['p99_ms']:.1f}",
        ),
        (
            "  cores used meanwhile: server / load generator",
            f"{p['server_cpu_share']:.2f} / {p['client_cpu_share']:.2f}",
        ),
        (
            "  durable writes meanwhile; over 5 ms; over 10 ms",
            f"{p['writes']:.0f}; {p['writes_over_5_ms']:.0f}; {p['writes_over_10_ms']:.0f}",
        ),
        *(
            row
            for g in r["at_80_percent_grown"]
            for row in (
                (
                    f"the same, connections opened as needed ({g['most_connections']} at most): p50 / p99 (ms)",
                    f"{g['p50_ms']:.1f} / {g['p99_ms']:.1f}",
                ),
                (
                    "  cores used meanwhile: server / load generator",
                    f"{g['server_cpu_share']:.2f} / {g['client_cpu_share']:.2f}",
                ),
                (
                    "  durable writes meanwhile; over 5 ms; over 10 ms",
                    f"{g['writes']:.0f}; {g['writes_over_5_ms']:.0f}; {g['writes_over_10_ms']:.0f}",
                ),
            )
        ),
        (
            f"latency at 80 % of the 1,000/s target ({t['rate']:.0f} req/s, open loop): p50 / p99 (ms)",
            f"{t['p50_ms']:.1f} / {t['p99_ms']:.1f}",
        ),
        (
            "  cores used meanwhile: server / load generator",
            f"{t['server_cpu_share']:.2f} / {t['client_cpu_share']:.2f}",
        ),
        *(
            (
                f"open loop at {q['rate']:.0f} req/s: p50 / p99 (ms); server's cores; its CPU ms per request",
                (
                    f"{q['p50_ms']:.1f} / {q['p99_ms']:.1f}; {q['server_cpu_share']:.2f}; "
                    f"{1000 * q['server_cpu_share'] / q['rate']:.3f}"
                ),
            )
            for q in r["at_rates"]
        ),
        ("batches of 100: cases/s", f"{b['cases_per_second']:.0f}"),
        (f"  the server's cores used meanwhile ({b['connections']} connections)", f"{b['server_cores']:.2f}"),
        ("  per second of the server's CPU time", f"{b['cases_per_server_cpu_second']:.0f}"),
        (
            "  each round's, per second of the server's CPU time",
            ", ".join(f"{q['cases_per_server_cpu_second']:.0f}" for q in b["rounds"]),
        ),
        ("in-process evaluate --jsonl: cases/s (the best of three runs)", f"{r['in_process']['cases_per_second']:.0f}"),
        ("  per second of its CPU time", f"{r['in_process']['cases_per_cpu_second']:.0f}"),
        (
            "  the runs paired with the rounds of batches: cases per CPU-s",
            ", ".join(f"{q['in_process_cases_per_cpu_second']:.0f}" for q in b["rounds"]),
        ),
        *(
            (
                f"in-process, appended to a log in 100s (synchronous={sync}): cases/s; per CPU-s",
                f"{f['cases_per_second']:.0f}; {f['cases_per_cpu_second']:.0f}",
            )
            for sync, f in r["in_process"]["logged"].items()
        ),
        *(
            (
                f"  one record per commit (synchronous={sync}): ms; CPU ms",
                f"{f['one_record_ms']:.2f}; {f['one_record_cpu_ms']:.2f}",
            )
            for sync, f in r["in_process"]["logged"].items()
        ),
        (
            f"batches as a fraction of in-process (wall clock; median of {len(b['rounds'])} paired rounds)",
            f"{r['batch_fraction_of_in_process']:.2f} ({_spread(b['rounds'], 'fraction')})",
        ),
        (
            "  the same per second of CPU time (server / in-process)",
            f"{r['batch_cpu_fraction_of_in_process']:.2f} ({_spread(b['rounds'], 'cpu_fraction')})",
        ),
        (
            "in-process, decided and logged by LoggedEvaluator in 100s: cases/s; per CPU-s",
            (
                f"{r['in_process']['library_logged']['cases_per_second']:.0f}; "
                f"{r['in_process']['library_logged']['cases_per_cpu_second']:.0f}"
            ),
        ),
        (
            "  batches as a fraction of that, per second of CPU time (the same work, plus HTTP)",
            f"{r['batch_cpu_fraction_of_library_logged']:.2f}",
        ),
        ("decisions acknowledged / in the log", f"{r['acknowledged']} / {r['logged']}"),
        (
            "  acknowledged ids checked in the log / missing",
            f"{r['acknowledged_ids']} / {r['acknowledged_ids_missing']}",
        ),
        (
            "cores; load average at the start / before the end",
            f"{r['cpus']}; {r['load_average_at_start'][0]:.1f} / {r['load_average'][0]:.1f}",
        ),
    ]
    width = max(len(k) for k, _ in rows)
    return "\n".join(f"{k:<{width}}  {v}" for k, v in rows)


def _spread(rounds: list[dict[str, Any]], key: str) -> str:
    """The lowest and highest of the rounds' ``key``, and each round's, in order."""
    values = [r[key] for r in rounds]
    return f"{min(values):.2f}-{max(values):.2f}: " + ", ".join(f"{v:.2f}" for v in values)


if __name__ == "__main__":
    sys.exit(main())
