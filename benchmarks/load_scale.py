"""How loading grows with the rules of a kind: packs of 1,000 to 10,000 rules whose rules fire.

``python -m benchmarks.load_scale`` writes, for each size, the bundled pack with synthetic firing
rules added to one kind (:func:`benchmarks.synthetic.write_synthetic_pack`) until that kind has the
size's rules, then measures in a fresh interpreter for each (imports done before the clock starts):

- ``load``: :func:`~commitrules.policy.compile.compile_pack` (read the YAML, validate the files, check
  and compile every rule: what ``load_policies`` does without a cached pack);
- ``codegen``: the evaluator of every kind (the Python generated and compiled);
- ``cached``: ``load_policies`` a second time in a new process, the compiled pack read from the pack
  cache (its evaluator included).

Times are processor time of the measuring process (``time.process_time``), so that other processes on
a shared machine inflate them less than the wall clock; the median of ``--runs`` runs. ``--profile N``
prints instead a cProfile of loading and generating the pack of N rules (inflated by the profiler; for
the breakdown, not for the figures).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SIZES = (1_000, 2_000, 5_000, 10_000)

_MEASURE = """
import json, os, pathlib, sys, time
from commitrules.policy.yaml import load_yaml
load_yaml.__kwdefaults__["max_bytes"] = 256 * 2**20  # one file holds the whole kind
import commitrules
from commitrules.engine.evaluator import Evaluator
from commitrules.policy.compile import compile_pack
path, mode = pathlib.Path(sys.argv[1]), sys.argv[2]
clock = time.process_time
if mode == "cold":
    t0 = clock()
    pack = compile_pack(path)
    t1 = clock()
    Evaluator(pack)
    t2 = clock()
    commitrules.load_policies(path)  # fills the pack cache for the cached run
    print(json.dumps({"load": t1 - t0, "codegen": t2 - t1}))
else:
    t0 = clock()
    commitrules.load_policies(path)
    print(json.dumps({"cached": clock() - t0}))
"""

_PROFILE = """
import cProfile, pathlib, pstats, sys
from commitrules.policy.yaml import load_yaml
load_yaml.__kwdefaults__["max_bytes"] = 256 * 2**20
from commitrules.engine.evaluator import Evaluator
from commitrules.policy.compile import compile_pack
profiler = cProfile.Profile()
profiler.enable()
Evaluator(compile_pack(pathlib.Path(sys.argv[1])))
profiler.disable()
pstats.Stats(profiler).sort_stats(sys.argv[2]).print_stats(int(sys.argv[3]))
"""


def _env(cache: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env["COMMITRULES_CACHE_DIR"] = cache
    return env


def _run(script: str, *args: str, cache: str) -> str:
    command = [sys.executable, "-c", script, *args]
    return subprocess.run(command, capture_output=True, text=True, check=True, env=_env(cache), cwd=ROOT).stdout  # noqa: S603


def write_pack(target: Path, rules: int, kind: str = "application") -> int:
    """Write the bundled pack grown so that ``kind`` has ``rules`` rules, all added ones firing."""
    import commitrules  # noqa: PLC0415 - only for writing the packs
    from benchmarks.synthetic import write_synthetic_pack  # noqa: PLC0415

    have = len(commitrules.load_policies().policies[kind].rules)
    write_synthetic_pack(target, kind, 2, same_kind=True, firing=True, extra=rules - have)
    return rules


def measure(sizes: tuple[int, ...], runs: int) -> list[dict[str, Any]]:
    """Median load, code generation and cached-load times (s) of each size."""
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            target = Path(tmp) / f"pack-{size}"
            write_pack(target, size)
            cold, cached = [], []
            for run in range(runs):
                cache = str(Path(tmp) / f"cache-{size}-{run}")
                cold.append(json.loads(_run(_MEASURE, str(target), "cold", cache=cache).splitlines()[-1]))
                cached.append(json.loads(_run(_MEASURE, str(target), "cached", cache=cache).splitlines()[-1]))
            load = statistics.median(c["load"] for c in cold)
            codegen = statistics.median(c["codegen"] for c in cold)
            rows.append(
                {
                    "rules": size,
                    "load_s": round(load, 3),
                    "codegen_s": round(codegen, 3),
                    "total_s": round(load + codegen, 3),
                    "cached_s": round(statistics.median(c["cached"] for c in cached), 3),
                    "us_per_rule": round(1e6 * (load + codegen) / size, 1),
                }
            )
    return rows


def main(argv: list[str] | None = None) -> int:
    """Print a Markdown table of the sizes' times, or a profile (``--profile N``)."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load_scale", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES), help="rules of the grown kind")
    parser.add_argument("--runs", type=int, default=3, help="fresh processes per size (the median is shown)")
    parser.add_argument("--profile", type=int, metavar="N", help="print a cProfile of loading N rules instead")
    parser.add_argument("--sort", default="tottime", help="the profile's order (tottime, cumulative)")
    parser.add_argument("--top", type=int, default=40, help="the profile's lines")
    args = parser.parse_args(argv)
    if args.profile:
        with tempfile.TemporaryDirectory() as tmp:
            target = Path(tmp) / "pack"
            write_pack(target, args.profile)
            print(_run(_PROFILE, str(target), args.sort, str(args.top), cache=""))
        return 0
    rows = measure(tuple(args.sizes), args.runs)
    print("| rules of the kind | load s | generate s | total s | µs per rule | cached second load s |")
    print("|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        print(
            f"| {row['rules']:,} | {row['load_s']:.3f} | {row['codegen_s']:.3f} | {row['total_s']:.3f} | "
            f"{row['us_per_rule']} | {row['cached_s']:.3f} |"
        )
    print(f"\nprocessor time, median of {args.runs} fresh processes; load average {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
