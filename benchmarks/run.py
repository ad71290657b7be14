"""The benchmark: engines against the hand-written baseline, one process run, one table.

``python -m benchmarks`` (about two and a half minutes; ``--quick``: under a minute) prints, as
Markdown:

1. the machine;
2. load-and-compile time of the bundled pack, cold (fresh processes) and warm;
3. throughput and latency of the baseline, the compiled and the rete engine on the same stream of
   realistic cases of every kind, from typed cases and from JSON-like dicts (validation included),
   with each engine's time per case as a ratio to the baseline's, and the targets of DESIGN.md;
4. the same per case kind (compiled against baseline);
5. memory of each engine over a long run, each in a process of its own;
6. cost per case when the pack grows to 10x and 100x its rules (synthetic rules of other kinds, and of
   the same kind).

Noise on a shared machine: the engines run interleaved (the stream is cut into blocks of 500 cases and
every engine runs every block, in an order that rotates), the whole measurement is repeated, and the
figures are medians over the repetitions. Nothing here is a test: ``tests/test_baseline.py`` checks
that the three agree.

``--rete-million`` adds the long run of the rete engine over 1,000,000 cases (five to ten minutes on a
2-core machine); ``--json FILE`` writes every figure.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pydantic

import commitrules
from benchmarks import steps
from benchmarks.baseline import Baseline
from benchmarks.decide_only import DecideOnly
from benchmarks.generators import AS_OF, KINDS, generate_cases, generate_mix
from benchmarks.synthetic import write_synthetic_pack
from commitrules.engine import compiled as compiled_engine
from commitrules.policy.compile import compile_pack
from commitrules.policy.yaml import load_yaml

ROOT = Path(__file__).resolve().parents[1]
BLOCK = 500

Engine = Callable[[Any], Any]


# ---- helpers ------------------------------------------------------------------------------------


def _median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _percentile(sorted_values: Sequence[int], q: float) -> float:
    if not sorted_values:
        return float("nan")
    return sorted_values[min(len(sorted_values) - 1, int(q * len(sorted_values)))]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), str(ROOT), env.get("PYTHONPATH", "")])
    return env


def _python(code: str) -> Any:
    """Run ``code`` in a fresh interpreter and return the JSON it prints last."""
    out = subprocess.run(  # noqa: S603 - our own code
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env=_env(),
        cwd=ROOT,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    model = ""
    try:
        lines = Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines()
        model = next((line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")), "")
    except OSError:
        pass
    try:
        from importlib.metadata import version  # noqa: PLC0415

        import durable  # noqa: PLC0415, F401 - only to report that it is there

        rete = version("durable-rules")
    except ImportError:
        rete = "not installed"
    return {
        "nproc": os.cpu_count(),
        "cpu": model,
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "os": platform.platform(),
        "pydantic": pydantic.VERSION,
        "durable_rules": rete,
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "load": ", ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


# ---- load and compile ---------------------------------------------------------------------------

_COLD = """
import json, time
t0 = time.process_time()
import commitrules
from commitrules.policy.compile import compile_pack
t1 = time.process_time()
pack = compile_pack(commitrules.bundled_policies_dir())  # what load_policies does before the evaluator
t2 = time.process_time()
pack.evaluator  # its Evaluator: the code of every kind, as load_policies builds it
t3 = time.process_time()
from benchmarks.generators import AS_OF, generate_cases
cases = [generate_cases(kind, 1, seed=0)[0] for kind in pack.kinds]
t4 = time.process_time()
for case in cases:
    pack.evaluate(case, as_of=AS_OF, engine="rete")
t5 = time.process_time()
print(json.dumps({"import": t1 - t0, "load": t2 - t1, "codegen": t3 - t2, "rete_first_use": t5 - t4}))
"""


def load_times(runs: int) -> dict[str, Any]:
    """Cold: fresh interpreters; warm: the same process again (imports done, caches bypassed).

    Processor time (``time.process_time``), so that the load of a shared machine does not count.
    """
    cold = [_python(_COLD) for _ in range(runs)]
    warm_load, warm_codegen = [], []
    for _ in range(runs):
        began = time.process_time()
        pack = compile_pack(commitrules.bundled_policies_dir())  # load_policies without its evaluator
        warm_load.append(time.process_time() - began)
        began = time.process_time()
        commitrules.Evaluator(pack)
        warm_codegen.append(time.process_time() - began)
    ms = lambda values: round(1000 * _median(values), 1)  # noqa: E731 - a local shorthand
    return {
        "cold_import_ms": ms([c["import"] for c in cold]),
        "cold_load_ms": ms([c["load"] for c in cold]),
        "cold_codegen_ms": ms([c["codegen"] for c in cold]),
        "cold_rete_first_use_ms": ms([c["rete_first_use"] for c in cold]),
        "warm_load_ms": ms(warm_load),
        "warm_codegen_ms": ms(warm_codegen),
        "runs": runs,
    }


# ---- throughput and latency ---------------------------------------------------------------------

Items = Callable[[int], Sequence[Any]]


def interleaved(engines: dict[str, tuple[Engine, int]], items: Items, reps: int) -> dict[str, Any]:
    """Run every engine over fresh items block by block, rotating their order; ``reps`` times.

    ``items(rep)`` gives the items of repetition ``rep`` (fresh ones each time: no case is evaluated twice
    by an engine, so nothing an engine remembers between cases flatters it more than a real stream
    would). ``engines`` maps a name to (function, step): an engine with step k sees every k-th item of
    each block (the slow rete engine). Each engine times the first half of its part of a block as a
    whole, for the processor time per case (the time this process ran, which other processes on the
    machine do not inflate), and every call of the second half on the wall clock, for the latency
    percentiles. Returns, per engine, the median over repetitions of cases/s per core, µs per case and
    p50/p99 latency, the per-case times of the last repetition (for the per-kind table) and the items
    (indices of the last repetition) they were measured on.
    """
    names = list(engines)
    per_rep: dict[str, list[dict[str, float]]] = {name: [] for name in names}
    last: dict[str, list[int]] = {}
    seen: dict[str, list[int]] = {}
    cpu_clock = time.process_time_ns
    clock = time.perf_counter_ns
    for rep in range(reps):
        batch = items(rep)
        gc.collect()
        cpu = dict.fromkeys(names, 0)
        counted = dict.fromkeys(names, 0)
        times: dict[str, list[int]] = {name: [] for name in names}
        seen = {name: [] for name in names}
        for b, start in enumerate(range(0, len(batch), BLOCK)):
            k = (b + rep) % len(names)
            for name in names[k:] + names[:k]:
                evaluate, step = engines[name]
                indices = range(start, min(start + BLOCK, len(batch)), step)
                half = len(indices) // 2 or len(indices)
                block = [batch[i] for i in indices[:half]]
                began = cpu_clock()
                for item in block:
                    evaluate(item)
                cpu[name] += cpu_clock() - began
                counted[name] += len(block)
                record = times[name].append
                for i in indices[half:]:
                    item = batch[i]
                    t = clock()
                    evaluate(item)
                    record(clock() - t)
                seen[name].extend(indices[half:])
        for name in names:
            ordered = sorted(times[name])
            per_rep[name].append(
                {
                    "per_s": counted[name] / (cpu[name] / 1e9),
                    "mean_us": cpu[name] / counted[name] / 1e3,
                    "p50_us": _percentile(ordered, 0.50) / 1e3,
                    "p99_us": _percentile(ordered, 0.99) / 1e3,
                }
            )
        last = times
    return {
        name: {
            "cases": len(seen[name]) * 2,
            **{key: _median([r[key] for r in per_rep[name]]) for key in ("per_s", "mean_us", "p50_us", "p99_us")},
            "reps": per_rep[name],
            "times": last[name],
            "seen": seen[name],
        }
        for name in names
    }


def _fresh(n: int, seed: str, *, typed: bool, kind: str | None = None) -> tuple[Items, list[str]]:
    """Fresh cases for every repetition (generated when asked for), and the kinds of the last ones."""
    kinds: list[str] = []

    def items(rep: int) -> Sequence[Any]:
        dicts = generate_mix(n, seed=f"{seed}-{rep}") if kind is None else generate_cases(kind, n, seed=f"{seed}-{rep}")
        kinds[:] = [d["kind"] for d in dicts]
        return [commitrules.parse_case(d) for d in dicts] if typed else dicts

    return items, kinds


def throughput(n: int, reps: int, rete_step: int, seed: str) -> dict[str, Any]:
    """The hand-written baselines, compiled and rete on fresh streams, from typed cases and from dicts."""
    pack = commitrules.load_policies()
    baseline = Baseline(pack)
    decide = DecideOnly(pack)
    a = AS_OF
    typed_engines: dict[str, tuple[Engine, int]] = {
        "hand-written decide-only": (lambda c: decide.evaluate(c, a), 1),
        "hand-written full decision": (lambda c: baseline.evaluate(c, a), 1),
        "compiled": (lambda c: pack.evaluate(c, as_of=a), 1),
        "hand-written full decision + JSON": (lambda c: baseline.evaluate(c, a).model_dump_json(), 1),
        "compiled + JSON": (lambda c: pack.evaluate(c, as_of=a).model_dump_json(), 1),
        "rete": (lambda c: pack.evaluate(c, as_of=a, engine="rete"), rete_step),
    }
    dict_engines: dict[str, tuple[Engine, int]] = {
        "validation + hand-written decide-only": (lambda d: decide.evaluate_dict(d, a), 1),
        "validation + hand-written full decision": (lambda d: baseline.evaluate_dict(d, a), 1),
        "compiled": (lambda d: pack.evaluate(d, as_of=a), 1),
        "rete": (lambda d: pack.evaluate(d, as_of=a, engine="rete"), rete_step),
        "validation only": (commitrules.parse_case, 1),
    }
    warm = [commitrules.parse_case(d) for d in generate_mix(BLOCK, seed=f"{seed}-warm-up")]
    for evaluate, _ in typed_engines.values():  # warm up: generated code, rete rulesets
        for case in warm:
            evaluate(case)
    typed_items, kinds = _fresh(n, f"{seed}-typed", typed=True)
    result_typed = interleaved(typed_engines, typed_items, reps)
    dict_items, _ = _fresh(n, f"{seed}-dicts", typed=False)
    result_dicts = interleaved(dict_engines, dict_items, reps)
    return {"typed": result_typed, "dicts": result_dicts, "kinds": kinds, "mix": dict(_count(kinds))}


def _count(kinds: Sequence[str]) -> list[tuple[str, int]]:
    return [(k, kinds.count(k)) for k in KINDS]


def ratio(rows: dict[str, Any], name: str, reference: str) -> float:
    """The median over repetitions of ``name``'s processor time per case over ``reference``'s."""
    return _median(
        [r["mean_us"] / b["mean_us"] for r, b in zip(rows[name]["reps"], rows[reference]["reps"], strict=True)]
    )


def per_kind(result: dict[str, Any]) -> dict[str, dict[str, float]]:
    """Median wall-clock microseconds per case of each kind, baseline and compiled (typed, last repetition)."""
    kinds = result["kinds"]
    table = {}
    for kind in KINDS:
        row = {}
        for name, key in (("baseline", "hand-written full decision"), ("compiled", "compiled")):
            data = result["typed"][key]
            values = [t for i, t in zip(data["seen"], data["times"], strict=True) if kinds[i] == kind]
            row[name] = statistics.median(values) / 1e3 if values else float("nan")
        row["ratio"] = row["compiled"] / row["baseline"]
        row["cases"] = kinds.count(kind)
        table[kind] = row
    return table


# ---- memory -------------------------------------------------------------------------------------


def memory(runs: dict[str, int]) -> dict[str, Any]:
    """Each engine over many cases in a process of its own: RSS after warm-up, at the end, peak."""
    results = {}
    for engine, cases in runs.items():
        command = [sys.executable, "-m", "benchmarks.memory", "--engine", engine, "--cases", str(cases)]
        out = subprocess.run(command, capture_output=True, text=True, check=True, env=_env(), cwd=ROOT)  # noqa: S603
        results[engine] = json.loads(out.stdout.strip().splitlines()[-1])
    return results


# ---- scaling ------------------------------------------------------------------------------------


class _BigFiles:
    """Let the loader read policy files past its 1 MiB limit (a 100x kind does not fit in one file)."""

    def __enter__(self) -> None:
        self.saved = load_yaml.__kwdefaults__["max_bytes"]
        load_yaml.__kwdefaults__["max_bytes"] = 256 * 2**20

    def __exit__(self, *exc: object) -> None:
        load_yaml.__kwdefaults__["max_bytes"] = self.saved


def _rete_failures(pack: commitrules.PolicyPack, cases: Sequence[Any]) -> list[str]:
    """The cases durable_rules fails on (it has limits the compiled engine has not)."""
    failures = []
    for case in cases:
        try:
            pack.evaluate(case, as_of=AS_OF, engine="rete")
        except commitrules.CommitRulesError as exc:
            failures.append(f"{case.id}: {exc}")
    return failures


def scaling(factors: Sequence[int], kind: str, cases: int, reps: int, rete_factors: Sequence[int]) -> list[dict]:
    """Cost per case of ``kind`` in the bundled pack and in packs grown ``factor`` times."""
    base = commitrules.load_policies()
    pools = [
        [commitrules.parse_case(d) for d in generate_cases(kind, cases, seed=f"scaling-{rep}")]
        for rep in range(reps + 1)
    ]  # fresh cases for each repetition, and some to warm up
    rows = []
    with tempfile.TemporaryDirectory() as tmp, _BigFiles():
        for factor in factors:
            for same, firing in ((False, False), (True, False), (True, True)):
                placement = "same kind, firing" if firing else "same kind" if same else "other kinds"
                path = Path(tmp) / f"x{factor}-{placement.replace(' ', '-').replace(',', '')}"
                added = write_synthetic_pack(path, kind, factor, same_kind=same, firing=firing)
                began = time.perf_counter()
                big = compile_pack(path)  # load_policies without its evaluator
                load_s = time.perf_counter() - began
                began = time.perf_counter()
                compiled_engine.build_kind(big.policies[kind])
                codegen_s = time.perf_counter() - began
                _ = big.evaluator  # every kind, for the evaluations below
                n = cases if not same or factor <= 10 else max(cases // factor * 10, 50)
                sample = pools[-1][:n]
                engines: dict[str, tuple[Engine, int]] = {
                    "1x": (lambda c: base.evaluate(c, as_of=AS_OF), 1),
                    f"{factor}x": (lambda c, p=big: p.evaluate(c, as_of=AS_OF), 1),
                }
                rete = factor in rete_factors and not firing
                failures = _rete_failures(big, sample[::5]) if rete else []
                if rete and not failures:
                    engines["rete 1x"] = (lambda c: base.evaluate(c, as_of=AS_OF, engine="rete"), 5)
                    engines[f"rete {factor}x"] = (lambda c, p=big: p.evaluate(c, as_of=AS_OF, engine="rete"), 5)
                for evaluate, step in engines.values():
                    for case in sample[:20:step]:
                        evaluate(case)
                measured = interleaved(engines, lambda rep, n=n: pools[rep][:n], reps)
                probe = pools[-1][:50]
                row = {
                    "fired_1x": sum(len(base.evaluate(c, as_of=AS_OF).fired) for c in probe) / len(probe),
                    "fired_big": sum(len(big.evaluate(c, as_of=AS_OF).fired) for c in probe) / len(probe),
                    "factor": factor,
                    "placement": placement,
                    "rules": sum(len(p.rules) for p in big.policies.values()),
                    "kind_rules": len(big.policies[kind].rules),
                    "added": added,
                    "load_s": round(load_s, 2),
                    "codegen_s": round(codegen_s, 2),
                    "cases": n,
                    "us_1x": measured["1x"]["mean_us"],
                    "us_big": measured[f"{factor}x"]["mean_us"],
                }
                if failures:
                    row["rete_failures"] = len(failures)
                    row["rete_tried"] = len(sample[::5])
                    row["rete_error"] = failures[0]
                elif rete:
                    row["rete_us_1x"] = measured["rete 1x"]["mean_us"]
                    row["rete_us_big"] = measured[f"rete {factor}x"]["mean_us"]
                rows.append(row)
                del big
                gc.collect()
    return rows


# ---- Dask -------------------------------------------------------------------------------------


def dask_scale(lines: int) -> dict[str, Any] | None:
    """One process against a 2-worker LocalCluster (:mod:`benchmarks.dask_scale`, in a process of its own)."""
    try:
        import distributed  # noqa: PLC0415, F401 - only to see that the extra is there
    except ImportError:
        return None
    command = [sys.executable, "-m", "benchmarks.dask_scale", "--lines", str(lines)]
    out = subprocess.run(command, capture_output=True, text=True, check=True, env=_env(), cwd=ROOT)  # noqa: S603
    return json.loads(out.stdout.strip().splitlines()[-1])


# ---- profile ------------------------------------------------------------------------------------


def profile(n: int, seed: str, top: int = 15) -> str:
    """cProfile of the compiled engine on ``n`` mixed cases, from dicts: the functions that take the time."""
    import cProfile  # noqa: PLC0415 - only for --profile
    import io  # noqa: PLC0415
    import pstats  # noqa: PLC0415

    pack = commitrules.load_policies()
    dicts = generate_mix(n, seed=seed)
    for data in dicts[:BLOCK]:
        pack.evaluate(data, as_of=AS_OF)
    profiler = cProfile.Profile()
    profiler.enable()
    for data in dicts:
        pack.evaluate(data, as_of=AS_OF)
    profiler.disable()
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("tottime").print_stats(top)
    return text.getvalue()


def main(argv: list[str] | None = None) -> int:  # noqa: PLR0915 - one measurement after the other
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer cases and repetitions, no 100x pack")
    parser.add_argument("--cases", type=int, help="cases in the mixed stream (default 20,000; quick 6,000)")
    parser.add_argument("--reps", type=int, help="repetitions (default 5; quick 3)")
    parser.add_argument("--seed", default="benchmark")
    parser.add_argument("--no-scaling", action="store_true", help="skip the grown packs")
    parser.add_argument("--no-dask", action="store_true", help="skip Dask against one process")
    parser.add_argument("--rete-million", action="store_true", help="also run rete over 1,000,000 cases (long)")
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    parser.add_argument("--profile", action="store_true", help="only print a cProfile of the compiled engine")
    args = parser.parse_args(argv)
    if args.profile:
        print(profile(args.cases or 5_000, args.seed))
        return 0
    quick = args.quick
    cases = args.cases or (6_000 if quick else 20_000)
    reps = args.reps or (3 if quick else 5)
    rete_step = 10
    command = "python -m benchmarks" + (" " + " ".join(argv if argv is not None else sys.argv[1:])).rstrip()

    results: dict[str, Any] = {"machine": machine(), "command": command.strip(), "reps": reps, "rete_step": rete_step}
    started = time.perf_counter()

    def progress(step: str) -> None:
        print(f"[{time.perf_counter() - started:5.0f} s] {step}", file=sys.stderr, flush=True)

    progress(f"measuring throughput on {cases:,} fresh cases per repetition, {reps} repetitions ...")
    results["throughput"] = throughput(cases, reps, rete_step, args.seed)
    results["per_kind"] = per_kind(results["throughput"])
    progress("measuring the JSON-line path, step by step ...")
    results["lines"] = steps.json_line_steps(cases // 2, reps, args.seed)
    progress("measuring start, load and compile ...")
    results["start"] = steps.start_times(3 if quick else 5)
    results["load"] = load_times(3 if quick else 5)
    results["big_kind"] = steps.big_kind(10_000)
    progress("measuring memory ...")
    results["memory"] = memory(
        {
            "baseline": 20_000 if quick else 100_000,
            "compiled": 20_000 if quick else 100_000,
            "rete": 5_000 if quick else 20_000,
        }
    )
    if not args.no_scaling:
        progress("measuring grown packs ...")
        results["scaling_kind"] = "application"
        results["scaling"] = scaling(
            (10,) if quick else (10, 100), "application", 400 if quick else 1_000, 3, rete_factors=(10,)
        )
    if not args.no_dask:
        lines = 40_000 if quick else 200_000
        progress(f"measuring Dask against one process on {lines:,} lines ...")
        results["dask"] = dask_scale(lines)
    if args.rete_million:
        progress("running rete over 1,000,000 cases ...")
        results["million"] = memory({"rete": 1_000_000})["rete"]
    progress("done")
    from benchmarks.report import render  # noqa: PLC0415 - it reads this module's ratio()

    print(render(results))
    if args.json:
        slim = json.loads(json.dumps(results, default=str))
        for source in ("typed", "dicts"):
            for row in slim["throughput"][source].values():
                row.pop("times", None)
                row.pop("seen", None)
        slim["throughput"].pop("kinds", None)
        args.json.write_text(json.dumps(slim, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0
