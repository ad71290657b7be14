"""One process against a 2-worker Dask ``LocalCluster`` on the same JSON Lines file (``--dask local:2``).

``python -m benchmarks.dask_scale --lines 200000`` writes that many fresh generated cases as JSON
lines to a temporary folder, evaluates them once in this process (``evaluate_jsonl``, what
``evaluate --jsonl`` does) and once on a local cluster of two worker processes
(:func:`commitrules.service.distributed.evaluate_jsonl_dask`), checks that both outputs are the same
bytes, and prints the wall-clock times, the speed-up, the processor time of each side (this process,
which is the client and, for a local cluster, the scheduler; and the workers) and the machine's load
average before and after as one JSON line. The cluster is the one ``--dask local:2`` starts
(:func:`~commitrules.service.distributed.local_cluster`, with its settings); its start is timed apart:
it is paid once per run, not per line.

It runs in a process of its own (``python -m benchmarks`` starts it) because Dask's worker processes
are spawned and import the main module again.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import sys
import tempfile
import time
from pathlib import Path

_ROOT = Path(__file__).resolve().parents[1]
for _path in (str(_ROOT / "src"), str(_ROOT)):
    if _path not in sys.path:
        sys.path.insert(0, _path)


def _write_input(path: Path, lines: int, seed: str) -> None:
    from benchmarks.generators import generate_mix  # noqa: PLC0415 - after the path is set

    with path.open("wb") as sink:
        for start in range(0, lines, 20_000):
            for data in generate_mix(min(20_000, lines - start), seed=f"{seed}-{start}"):
                sink.write(json.dumps(data, ensure_ascii=False).encode("utf-8") + b"\n")


def _cpu_seconds() -> float:
    """Processor time of the calling process so far (run on every worker through ``Client.run``)."""
    import resource  # noqa: PLC0415 - in the worker

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measure(lines: int, workers: int, seed: str) -> dict[str, object]:
    from distributed import Client  # noqa: PLC0415

    import commitrules  # noqa: PLC0415
    from benchmarks.generators import AS_OF  # noqa: PLC0415
    from commitrules.service.batch import evaluate_jsonl  # noqa: PLC0415
    from commitrules.service.distributed import evaluate_jsonl_dask, local_cluster  # noqa: PLC0415

    pack = commitrules.load_policies()
    with tempfile.TemporaryDirectory() as tmp:
        source, one, many = Path(tmp) / "in.jsonl", Path(tmp) / "one.jsonl", Path(tmp) / "many.jsonl"
        _write_input(source, lines, seed)
        load_before = os.getloadavg()
        began, cpu = time.perf_counter(), time.process_time()
        with source.open("rb") as src, one.open("wb") as sink:
            evaluate_jsonl(pack, src, sink, as_of=AS_OF)
        single_s, single_cpu_s = time.perf_counter() - began, time.process_time() - cpu
        load_between = os.getloadavg()
        began = time.perf_counter()
        with local_cluster(workers) as cluster, Client(cluster) as client:
            start_s = time.perf_counter() - began
            cpu_before = client.run(_cpu_seconds)
            began, cpu = time.perf_counter(), _cpu_seconds()
            evaluate_jsonl_dask(pack, source, many, cluster=client, as_of=AS_OF)
            dask_s, client_cpu_s = time.perf_counter() - began, _cpu_seconds() - cpu
            cpu_after = client.run(_cpu_seconds)
            workers_cpu_s = sum(cpu_after[w] - cpu_before[w] for w in cpu_after)
            stopping = time.perf_counter()
        stop_s = time.perf_counter() - stopping  # closing the client and the cluster: paid once per run too
        load_after = os.getloadavg()
        identical = filecmp.cmp(one, many, shallow=False)
        size = source.stat().st_size
    return {
        "lines": lines,
        "input_mb": round(size / 2**20, 1),
        "workers": workers,
        "cores": os.cpu_count(),
        "single_s": single_s,
        "single_cpu_s": single_cpu_s,
        "cluster_start_s": start_s,
        "cluster_stop_s": stop_s,
        "dask_s": dask_s,
        "workers_cpu_s": workers_cpu_s,
        "client_cpu_s": client_cpu_s,
        "speedup": single_s / dask_s,
        "speedup_with_start": single_s / (dask_s + start_s),
        "identical": identical,
        "load_before": load_before,
        "load_between": load_between,
        "load_after": load_after,
    }


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.dask_scale", description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=200_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", default="dask")
    args = parser.parse_args()
    print(json.dumps(measure(args.lines, args.workers, args.seed)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
