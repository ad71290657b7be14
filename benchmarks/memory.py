"""Memory over a long run of one engine, in a process of its own (peak RSS is per process).

``python -m benchmarks.memory --engine rete --cases 1000000`` evaluates that many cases, cycling
through a pool of generated typed cases (so the input's memory is constant and any growth is the
engine's), samples the resident set size along the way and prints one JSON object:
cases/s, RSS after warming up, the samples, RSS at the end and the peak during the run.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import commitrules
from benchmarks.baseline import Baseline
from benchmarks.generators import AS_OF, generate_mix

_PAGE = os.sysconf("SC_PAGE_SIZE")


def rss_mb() -> float:
    """The resident set size of this process now, in MiB."""
    return int(Path("/proc/self/statm").read_text(encoding="ascii").split()[1]) * _PAGE / 2**20


def reset_peak() -> bool:
    """Start measuring the peak afresh (Linux: /proc/self/clear_refs); False where that is not possible."""
    try:
        Path("/proc/self/clear_refs").write_text("5", encoding="ascii")
    except OSError:
        return False
    return True


def peak_mb() -> float:
    """The largest resident set size since :func:`reset_peak` (else since the start), in MiB."""
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
        return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))) / 1024
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(engine: str, cases: int, pool: int, samples: int, seed: str) -> dict[str, Any]:
    """Evaluate ``cases`` cases on ``engine`` and report time and memory."""
    pack = commitrules.load_policies()
    loaded_rss = rss_mb()
    typed = [commitrules.parse_case(d) for d in generate_mix(pool, seed=seed)]
    evaluate: Callable[[Any], Any]
    if engine == "baseline":
        baseline = Baseline(pack)
        evaluate = lambda case: baseline.evaluate(case, AS_OF)  # noqa: E731 - a one-line closure
    else:
        evaluate = lambda case: pack.evaluate(case, as_of=AS_OF, engine=engine)  # noqa: E731
    for case in typed[:1000]:  # warm up: generated code, rete rulesets, allocator pools
        evaluate(case)
    gc.collect()
    start_rss = rss_mb()
    reset = reset_peak()  # the peak of the run, not of generating the pool
    every = max(cases // samples, 1)
    series: list[tuple[int, float]] = []
    began = time.perf_counter()
    for n in range(1, cases + 1):
        evaluate(typed[n % pool])
        if n % every == 0:
            series.append((n, round(rss_mb(), 1)))
    elapsed = time.perf_counter() - began
    return {
        "engine": engine,
        "cases": cases,
        "seconds": round(elapsed, 1),
        "cases_per_s": round(cases / elapsed),
        "rss_after_load_mb": round(loaded_rss, 1),
        "rss_after_warmup_mb": round(start_rss, 1),
        "rss_samples_mb": series,
        "rss_end_mb": round(rss_mb(), 1),
        "peak_mb": round(peak_mb(), 1),
        "peak_of_run_only": reset,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=("compiled", "rete", "baseline"), default="compiled")
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--pool", type=int, default=20_000, help="distinct generated cases, cycled")
    parser.add_argument("--samples", type=int, default=10, help="RSS samples along the run")
    parser.add_argument("--seed", default="memory")
    args = parser.parse_args(argv)
    result = run(args.engine, args.cases, args.pool, args.samples, args.seed)
    json.dump(result, sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
