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
from benchmarks.baseline import Baseline
from benchmarks.generators import AS_OF, KINDS, generate_cases, generate_mix
from benchmarks.synthetic import write_synthetic_pack
from commitrules.engine import compiled as compiled_engine
from commitrules.policy.compile import compile_pack
from commitrules.policy.yaml import load_yaml

ROOT = Path(__file__).resolve().parents[1]
BLOCK = 500

#: DESIGN.md's targets, as (figure, comparison, bound).
TARGET_RATIO = 1.25
TARGET_DICTS_PER_S = 25_000
TARGET_RETE_PER_S = 1_000
TARGET_LOAD_MS = 300

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
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,  # noqa: S603 - our own code
                         env=_env(), cwd=ROOT)
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
    }


# ---- load and compile ---------------------------------------------------------------------------

_COLD = """
import json, time
t0 = time.perf_counter()
import commitrules
from commitrules.policy.compile import compile_pack
t1 = time.perf_counter()
pack = compile_pack(commitrules.bundled_policies_dir())  # what load_policies does before the evaluator
t2 = time.perf_counter()
pack.evaluator  # its Evaluator: the code of every kind, as load_policies builds it
t3 = time.perf_counter()
from benchmarks.generators import AS_OF, generate_cases
cases = [generate_cases(kind, 1, seed=0)[0] for kind in pack.kinds]
t4 = time.perf_counter()
for case in cases:
    pack.evaluate(case, as_of=AS_OF, engine="rete")
t5 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "load": t2 - t1, "codegen": t3 - t2, "rete_first_use": t5 - t4}))
"""


def load_times(runs: int) -> dict[str, Any]:
    """Cold: fresh interpreters; warm: the same process again (imports done, caches bypassed)."""
    cold = [_python(_COLD) for _ in range(runs)]
    warm_load, warm_codegen = [], []
    for _ in range(runs):
        began = time.perf_counter()
        pack = compile_pack(commitrules.bundled_policies_dir())  # load_policies without its evaluator
        warm_load.append(time.perf_counter() - began)
        began = time.perf_counter()
        commitrules.Evaluator(pack)
        warm_codegen.append(time.perf_counter() - began)
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

def interleaved(engines: dict[str, tuple[Engine, int]], items: Sequence[Any], reps: int) -> dict[str, Any]:
    """Run every engine over ``items`` block by block, rotating their order; ``reps`` times.

    ``engines`` maps a name to (function, step): an engine with step k sees every k-th item of each
    block (the slow rete engine). Each engine runs each block twice: once untimed per case, for the
    processor time per case (the time this process ran, which other processes on the machine do not
    inflate), and once timing every call on the wall clock, for the latency percentiles. Returns, per
    engine, the median over repetitions of cases/s per core, µs per case and p50/p99 latency, the
    per-case times of the last repetition (for the per-kind table) and the items it saw.
    """
    names = list(engines)
    seen = {name: [i for start in range(0, len(items), BLOCK)
                   for i in range(start, min(start + BLOCK, len(items)), engines[name][1])] for name in names}
    per_rep: dict[str, list[dict[str, float]]] = {name: [] for name in names}
    last: dict[str, list[int]] = {}
    cpu_clock = time.process_time_ns
    clock = time.perf_counter_ns
    for rep in range(reps):
        gc.collect()
        cpu = dict.fromkeys(names, 0)
        times: dict[str, list[int]] = {name: [] for name in names}
        for b, start in enumerate(range(0, len(items), BLOCK)):
            k = (b + rep) % len(names)
            for name in names[k:] + names[:k]:
                evaluate, step = engines[name]
                block = items[start:start + BLOCK:step]
                began = cpu_clock()
                for item in block:
                    evaluate(item)
                cpu[name] += cpu_clock() - began
                record = times[name].append
                for item in block:
                    t = clock()
                    evaluate(item)
                    record(clock() - t)
        for name in names:
            ordered = sorted(times[name])
            per_rep[name].append({
                "per_s": len(ordered) / (cpu[name] / 1e9),
                "mean_us": cpu[name] / len(ordered) / 1e3,
                "p50_us": _percentile(ordered, 0.50) / 1e3,
                "p99_us": _percentile(ordered, 0.99) / 1e3,
            })
        last = times
    return {
        name: {
            "cases": len(seen[name]),
            **{key: _median([r[key] for r in per_rep[name]]) for key in ("per_s", "mean_us", "p50_us", "p99_us")},
            "reps": per_rep[name],
            "times": last[name],
            "seen": seen[name],
        }
        for name in names
    }


def throughput(n: int, reps: int, rete_step: int, seed: str) -> dict[str, Any]:
    """Baseline, compiled and rete on the same stream, from typed cases and from dicts."""
    pack = commitrules.load_policies()
    baseline = Baseline(pack)
    dicts = generate_mix(n, seed=seed)
    typed = [commitrules.parse_case(d) for d in dicts]
    a = AS_OF
    typed_engines: dict[str, tuple[Engine, int]] = {
        "baseline": (lambda c: baseline.evaluate(c, a), 1),
        "compiled": (lambda c: pack.evaluate(c, as_of=a), 1),
        "rete": (lambda c: pack.evaluate(c, as_of=a, engine="rete"), rete_step),
    }
    dict_engines: dict[str, tuple[Engine, int]] = {
        "baseline": (lambda d: baseline.evaluate_dict(d, a), 1),
        "compiled": (lambda d: pack.evaluate(d, as_of=a), 1),
        "rete": (lambda d: pack.evaluate(d, as_of=a, engine="rete"), rete_step),
        "validation only": (commitrules.parse_case, 1),
    }
    for evaluate, _ in typed_engines.values():  # warm up: generated code, rete rulesets
        for case in typed[:BLOCK]:
            evaluate(case)
    result_typed = interleaved(typed_engines, typed, reps)
    result_dicts = interleaved(dict_engines, dicts, reps)
    kinds = [c.KIND for c in typed]
    return {"typed": result_typed, "dicts": result_dicts, "kinds": kinds, "mix": dict(_count(kinds))}


def _count(kinds: Sequence[str]) -> list[tuple[str, int]]:
    return [(k, kinds.count(k)) for k in KINDS]


def ratio_to_baseline(rows: dict[str, Any], name: str) -> float:
    """The median over repetitions of the engine's processor time per case over the baseline's."""
    return _median([r["mean_us"] / b["mean_us"] for r, b in zip(rows[name]["reps"], rows["baseline"]["reps"],
                                                                  strict=True)])


def per_kind(result: dict[str, Any]) -> dict[str, dict[str, float]]:
    """Median wall-clock microseconds per case of each kind, baseline and compiled (typed, last repetition)."""
    kinds = result["kinds"]
    table = {}
    for kind in KINDS:
        row = {}
        for name in ("baseline", "compiled"):
            data = result["typed"][name]
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
    typed = [commitrules.parse_case(d) for d in generate_cases(kind, cases, seed="scaling")]
    rows = []
    with tempfile.TemporaryDirectory() as tmp, _BigFiles():
        for factor in factors:
            for same in (False, True):
                path = Path(tmp) / f"x{factor}-{'same' if same else 'other'}"
                added = write_synthetic_pack(path, kind, factor, same_kind=same)
                began = time.perf_counter()
                big = compile_pack(path)  # load_policies without its evaluator
                load_s = time.perf_counter() - began
                began = time.perf_counter()
                compiled_engine.build_kind(big.policies[kind])
                codegen_s = time.perf_counter() - began
                _ = big.evaluator  # every kind, for the evaluations below
                n = len(typed) if not same or factor <= 10 else max(len(typed) // factor * 10, 50)
                sample = typed[:n]
                engines: dict[str, tuple[Engine, int]] = {
                    "1x": (lambda c: base.evaluate(c, as_of=AS_OF), 1),
                    f"{factor}x": (lambda c, p=big: p.evaluate(c, as_of=AS_OF), 1),
                }
                failures = _rete_failures(big, sample[::5]) if factor in rete_factors else []
                if factor in rete_factors and not failures:
                    engines["rete 1x"] = (lambda c: base.evaluate(c, as_of=AS_OF, engine="rete"), 5)
                    engines[f"rete {factor}x"] = (lambda c, p=big: p.evaluate(c, as_of=AS_OF, engine="rete"), 5)
                for evaluate, step in engines.values():
                    for case in sample[:20:step]:
                        evaluate(case)
                measured = interleaved(engines, sample, reps)
                row = {
                    "factor": factor,
                    "placement": "same kind" if same else "other kinds",
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
                elif factor in rete_factors:
                    row["rete_us_1x"] = measured["rete 1x"]["mean_us"]
                    row["rete_us_big"] = measured[f"rete {factor}x"]["mean_us"]
                rows.append(row)
                del big
                gc.collect()
    return rows


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


# ---- the report ---------------------------------------------------------------------------------

def _fmt(value: float, digits: int = 1) -> str:
    return f"{value:,.{digits}f}"


def render(results: dict[str, Any]) -> str:  # noqa: C901, PLR0912, PLR0915 - one section after the other
    """The figures as Markdown."""
    out: list[str] = []
    m = results["machine"]
    out.append(f"Machine: {m['nproc']} cores ({m['cpu']}), {m['implementation']} {m['python']}, "
               f"pydantic {m['pydantic']}, durable-rules {m['durable_rules']}, {m['os']}; {m['date']}.")
    out.append(f"Command: `{results['command']}`")
    out.append("")

    t = results["throughput"]
    n = len(t["kinds"])
    out.append(f"### Throughput and latency ({n:,} realistic cases of every kind, mixed as {t['mix']}; "
               f"{results['reps']} repetitions, medians; rete sees every {results['rete_step']}th case)")
    out.append("")
    out.append("| input | engine | cases/s per core | CPU µs/case | p50 µs | p99 µs | time per case vs baseline "
               "| target |")
    out.append("|---|---|---:|---:|---:|---:|---:|---|")
    for source, label in (("typed", "typed case"), ("dicts", "JSON-like dict")):
        rows = t[source]
        for name, row in rows.items():
            ratio = ratio_to_baseline(rows, name)
            target = ""
            if source == "typed" and name == "compiled":
                target = f"≤ {TARGET_RATIO}x: {'met' if ratio <= TARGET_RATIO else 'MISSED'}"
            elif source == "dicts" and name == "compiled":
                ok = row["per_s"] >= TARGET_DICTS_PER_S
                target = f"≥ {TARGET_DICTS_PER_S:,}/s: {'met' if ok else 'MISSED'}"
            elif name == "rete":
                ok = row["per_s"] >= TARGET_RETE_PER_S
                target = f"≥ {TARGET_RETE_PER_S:,}/s: {'met' if ok else 'MISSED'}"
            out.append(f"| {label} | {name} | {_fmt(row['per_s'], 0)} | {_fmt(row['mean_us'])} | "
                       f"{_fmt(row['p50_us'])} | {_fmt(row['p99_us'])} | {ratio:.2f}x | {target} |")
    out.append("")

    out.append("### Per kind (typed cases, median wall-clock µs per case)")
    out.append("")
    out.append("| kind | cases | baseline | compiled | ratio |")
    out.append("|---|---:|---:|---:|---:|")
    for kind, row in results["per_kind"].items():
        out.append(f"| {kind} | {row['cases']:,} | {_fmt(row['baseline'])} | {_fmt(row['compiled'])} | "
                   f"{row['ratio']:.2f}x |")
    out.append("")

    lt = results["load"]
    total = lt["cold_load_ms"] + lt["cold_codegen_ms"]
    out.append(f"### Load and compile the bundled pack (medians of {lt['runs']} runs)")
    out.append("")
    out.append("| step | cold (fresh process) ms | warm ms |")
    out.append("|---|---:|---:|")
    out.append(f"| `import commitrules` | {lt['cold_import_ms']} | |")
    out.append(f"| `load_policies()`: read, check, compile | {lt['cold_load_ms']} | {lt['warm_load_ms']} |")
    out.append(f"| generate and compile the Python of every kind (first use) | {lt['cold_codegen_ms']} | "
               f"{lt['warm_codegen_ms']} |")
    out.append(f"| load + generate (target < {TARGET_LOAD_MS} ms: "
               f"{'met' if total < TARGET_LOAD_MS else 'MISSED'}) | {round(total, 1)} | "
               f"{round(lt['warm_load_ms'] + lt['warm_codegen_ms'], 1)} |")
    out.append(f"| rete: first case of every kind (import durable, translate, register) | "
               f"{lt['cold_rete_first_use_ms']} | |")
    out.append("")

    out.append("### Memory (each engine alone in a fresh process, cycling a pool of 20,000 typed cases)")
    out.append("")
    out.append("| engine | cases | cases/s (wall) | RSS after load MiB | + pool, warmed up MiB | at end MiB "
               "| growth MiB | peak during run MiB |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, row in results["memory"].items():
        growth = row["rss_end_mb"] - row["rss_after_warmup_mb"]
        out.append(f"| {name} | {row['cases']:,} | {row['cases_per_s']:,} | {row['rss_after_load_mb']} | "
                   f"{row['rss_after_warmup_mb']} | {row['rss_end_mb']} | {growth:+.1f} | {row['peak_mb']} |")
    out.append("")

    if results.get("scaling"):
        kind = results["scaling_kind"]
        out.append(f"### Scaling: `{kind}` cases when the pack grows (synthetic rules that never fire)")
        out.append("")
        out.append("| pack | rules in pack | rules of the kind | load s | generate s | cases | µs/case at 1x | "
                   "µs/case grown | growth | rete 1x µs | rete grown µs |")
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for row in results["scaling"]:
            if "rete_failures" in row:
                rete = f"| | fails on {row['rete_failures']} of {row['rete_tried']} cases |"
            elif "rete_us_1x" in row:
                rete = f"| {_fmt(row['rete_us_1x'], 0)} | {_fmt(row['rete_us_big'], 0)} |"
            else:
                rete = "| | |"
            out.append(f"| {row['factor']}x, {row['placement']} | {row['rules']:,} | {row['kind_rules']:,} | "
                       f"{row['load_s']} | {row['codegen_s']} | {row['cases']:,} | {_fmt(row['us_1x'])} | "
                       f"{_fmt(row['us_big'])} | {row['us_big'] / row['us_1x']:.2f}x {rete}")
        errors = [f"{row['factor']}x {row['placement']}: {row['rete_error']}" for row in results["scaling"]
                  if "rete_error" in row]
        if errors:
            out.append("rete failures (first of each pack): " + "; ".join(f"`{e}`" for e in errors))
        out.append("")

    if results.get("million"):
        row = results["million"]
        out.append("### rete over 1,000,000 cases")
        out.append("")
        out.append(f"{row['cases']:,} cases in {row['seconds']:,} s ({row['cases_per_s']:,}/s), no crash; RSS "
                   f"{row['rss_after_warmup_mb']} MiB after warm-up, {row['rss_end_mb']} MiB at the end, peak "
                   f"{row['peak_mb']} MiB during the run. Samples (cases: MiB): "
                   + ", ".join(f"{n:,}: {mb}" for n, mb in row["rss_samples_mb"]))
        out.append("")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer cases and repetitions, no 100x pack")
    parser.add_argument("--cases", type=int, help="cases in the mixed stream (default 20,000; quick 6,000)")
    parser.add_argument("--reps", type=int, help="repetitions (default 5; quick 3)")
    parser.add_argument("--seed", default="benchmark")
    parser.add_argument("--no-scaling", action="store_true", help="skip the grown packs")
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

    results: dict[str, Any] = {"machine": machine(), "command": command.strip(), "reps": reps,
                               "rete_step": rete_step}
    started = time.perf_counter()

    def progress(step: str) -> None:
        print(f"[{time.perf_counter() - started:5.0f} s] {step}", file=sys.stderr, flush=True)

    progress(f"measuring throughput on {cases:,} cases, {reps} repetitions ...")
    results["throughput"] = throughput(cases, reps, rete_step, args.seed)
    results["per_kind"] = per_kind(results["throughput"])
    progress("measuring load and compile ...")
    results["load"] = load_times(3 if quick else 5)
    progress("measuring memory ...")
    results["memory"] = memory({"baseline": 20_000 if quick else 100_000, "compiled": 20_000 if quick else 100_000,
                                "rete": 5_000 if quick else 20_000})
    if not args.no_scaling:
        progress("measuring grown packs ...")
        results["scaling_kind"] = "application"
        results["scaling"] = scaling((10,) if quick else (10, 100), "application", 400 if quick else 1_000,
                                     3, rete_factors=(10,))
    if args.rete_million:
        progress("running rete over 1,000,000 cases ...")
        results["million"] = memory({"rete": 1_000_000})["rete"]
    progress("done")
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
