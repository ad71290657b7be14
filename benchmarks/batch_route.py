"""The batch route's processor time per case, server side only: the ASGI app called in a loop, no sockets.

    .venv/bin/python benchmarks/batch_route.py [--batches 60] [--batch 100] [--concurrency 1] [--no-log]
        [--commit-delay SECONDS] [--profile OUT]

It builds the service's app (``create_app``: one pack, the decision log on SQLite in a temporary folder,
``synchronous=FULL`` as served), starts its lifespan, and sends ``--batches`` bodies of ``--batch``
example cases to ``POST /v1/decisions:batch`` through the app itself (the guard, the lane, the route, the
group-commit writer thread), after two batches of warm-up. It prints each thread's processor time (user
and system), and that of the whole process (every thread: the writer's commits included) per case,
beside the in-process ``evaluate --jsonl`` path on the same cases. Run it under valgrind's callgrind
for instruction counts (which the machine's load does not change: the difference of two runs with
different ``--batches``), or with ``--profile`` for a cProfile of the event loop's thread during the
measured batches.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import dataclasses
import io
import json
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import commitrules
from commitrules.service.batch import evaluate_jsonl
from commitrules.service.http import ServiceConfig, create_app
from commitrules.service.http.inprocess import post

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.service import example_cases  # the same cases as the load benchmark


def _thread_cpu() -> dict[str, tuple[float, float]]:
    """Processor seconds (user, system) of each thread of this process, by thread name and id (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    found = {}
    names = {t.native_id: t.name for t in threading.enumerate()}
    for task in Path("/proc/self/task").iterdir():
        name = names.get(int(task.name), (task / "comm").read_text().strip())
        fields = (task / "stat").read_text().rsplit(")", 1)[1].split()
        found[f"{name}-{task.name}"] = (int(fields[11]) / ticks, int(fields[12]) / ticks)
    return found


async def _run(app: Any, bodies: list[bytes], batches: int, profile: str | None, concurrency: int) -> float:
    async with app.router.lifespan_context(app):
        for body in bodies[:2]:  # warm up: every kind's first decision, the log's pieces
            status, answer = await post(app, "/v1/decisions:batch", body)
            assert status == 200, answer[:300]
        profiler = cProfile.Profile() if profile else None
        threads = _thread_cpu()
        cpu = time.process_time()
        if profiler is not None:
            profiler.enable()

        async def client(first: int) -> None:
            for i in range(first, batches, concurrency):
                status, answer = await post(app, "/v1/decisions:batch", bodies[i % len(bodies)])
                assert status == 200, answer[:300]

        await asyncio.gather(*(client(k) for k in range(concurrency)))
        if profiler is not None and profile is not None:
            profiler.disable()
            profiler.dump_stats(profile)
        spent = time.process_time() - cpu
        after = _thread_cpu()
        for name in sorted(after):
            user, system = (a - b for a, b in zip(after[name], threads.get(name, (0.0, 0.0)), strict=True))
            print(f"  thread {name}: {user:.3f} s user, {system:.3f} s system")
        return spent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batches", type=int, default=60)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--concurrency", type=int, default=1, help="batches in flight at once (default 1)")
    parser.add_argument("--no-log", action="store_true", help="serve without a decision log")
    parser.add_argument("--commit-delay", type=float, default=None, help="the service's --commit-delay (seconds)")
    parser.add_argument("--profile", default=None, help="write a cProfile of the measured batches here")
    parser.add_argument("--no-in-process", action="store_true", help="skip the in-process figure")
    args = parser.parse_args()
    cases = example_cases()
    bodies = [
        json.dumps({"cases": [cases[(i + k) % len(cases)] for k in range(args.batch)]}).encode() for i in range(8)
    ]
    work = Path(tempfile.mkdtemp(prefix="commitrules-batch-route-"))
    try:
        config = ServiceConfig(log_url=f"sqlite:///{work / 'decisions.db'}", no_log=args.no_log, head_interval=0)
        if args.commit_delay is not None:
            config = dataclasses.replace(config, commit_delay=args.commit_delay)
        app = create_app(config)
        cpu = asyncio.run(_run(app, bodies, args.batches, args.profile, args.concurrency))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    cases_done = args.batches * args.batch
    print(f"batch route: {1e6 * cpu / cases_done:.1f} µs of processor time per case ({cases_done} cases)")
    if not args.no_in_process:
        pack = commitrules.load_policies()
        data = b"".join(json.dumps(cases[i % len(cases)]).encode() + b"\n" for i in range(cases_done))
        evaluate_jsonl(pack, io.BytesIO(data[: len(data) // 10]), io.BytesIO())
        started = time.process_time()
        evaluate_jsonl(pack, io.BytesIO(data), io.BytesIO())
        per_case = 1e6 * (time.process_time() - started) / cases_done
        fraction = per_case / (1e6 * cpu / cases_done)
        print(f"in-process evaluate --jsonl: {per_case:.1f} µs per case; fraction {fraction:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
