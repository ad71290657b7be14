"""Where the time of a JSON line goes, how fast a process starts, how a big kind loads.

Three measurements of ``python -m benchmarks`` beside the engine comparison of :mod:`benchmarks.run`:

- :func:`json_line_steps`: the batch's path of one JSON line (``evaluate --jsonl``) end to end, in
  lines/s per core and p50/p99 latency, and each of its steps on its own (decode, validation, the
  generated rule function, building the decision, the dispatch around them, the decision's JSON);
- :func:`start_times`: a fresh ``import commitrules``, and ``commitrules evaluate`` of one case file
  (the command as a user runs it; the first run is not counted, so a cache it fills is warm);
- :func:`big_kind`: loading (read, check, compile) and generating the code of a pack whose one kind has
  10,000 rules, in a fresh process.

Every case is fresh: the lines come from a seeded generator and each is evaluated once per step.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from benchmarks.generators import AS_OF, generate_mix

ROOT = Path(__file__).resolve().parents[1]
BLOCK = 500


def _percentile(sorted_values: Sequence[float], q: float) -> float:
    if not sorted_values:
        return float("nan")
    return sorted_values[min(len(sorted_values) - 1, int(q * len(sorted_values)))]


def _steps(pack: Any, day: dt.date) -> dict[str, Callable[[list[Any]], list[Any]]]:
    """Each step of a JSON line as a function from the previous step's results (a block) to its own.

    The engine's internals are called directly, as ``evaluate_case`` calls them, to time each apart.
    """
    from commitrules.engine import evaluate_case  # noqa: PLC0415 - after the path is set
    from commitrules.engine.decision import build_decision  # noqa: PLC0415
    from commitrules.engine.evaluator import evaluator_for  # noqa: PLC0415
    from commitrules.model import parse_case  # noqa: PLC0415
    from commitrules.model._json import load_json  # noqa: PLC0415

    evaluator = evaluator_for(pack)
    kinds = evaluator._kinds  # noqa: SLF001 - each step apart, as Evaluator.evaluate chains them

    def rules(typed: list[Any]) -> list[Any]:
        return [(c, kinds[c.KIND].compiled.evaluate(c, day)) for c in typed]

    def build(fired: list[Any]) -> list[Any]:
        out = []
        for case, indices in fired:
            kind = kinds[case.KIND]
            out.append(build_decision(kind.view, case, indices, day, kind.compiled.facts, kind.compiled.routes))
        return out

    return {
        "decode (load_json: duplicate keys, NaN refused)": lambda raws: [load_json(r.decode("utf-8")) for r in raws],
        "validation (parse_case)": lambda data: [parse_case(d) for d in data],
        "the generated rule function": rules,
        "build_decision": build,
        "evaluate_case (dispatch + rules + build)": lambda typed: [evaluate_case(pack, c, as_of=day) for c in typed],
        "model_dump_json": lambda decisions: [d.model_dump_json().encode("utf-8") for d in decisions],
    }


#: Which steps take the result of which.
_FOLLOWERS = {
    "decode (load_json: duplicate keys, NaN refused)": ("validation (parse_case)",),
    "validation (parse_case)": ("the generated rule function", "evaluate_case (dispatch + rules + build)"),
    "the generated rule function": ("build_decision",),
    "evaluate_case (dispatch + rules + build)": ("model_dump_json",),
}


def json_line_steps(n: int, reps: int, seed: str) -> dict[str, Any]:
    """The JSON-line path over ``n`` fresh lines per repetition: end to end, then step by step.

    End to end is the batch's own :func:`~commitrules.service.batch.evaluate_line` (the decision JSON line or
    the error record of input line n). Processor time per line (medians over repetitions) for the
    throughput; the latency percentiles time single calls on the wall clock, on half of each block.
    """
    import commitrules  # noqa: PLC0415
    from commitrules.service.batch import evaluate_line  # noqa: PLC0415

    pack = commitrules.load_policies()
    day = AS_OF
    steps = _steps(pack, day)
    per_rep: list[dict[str, float]] = []
    latencies: list[float] = []
    for rep in range(reps):
        lines = [json.dumps(d, ensure_ascii=False).encode("utf-8") for d in generate_mix(n, seed=f"{seed}-lines-{rep}")]
        if rep == 0:  # warm up: generated code of every kind
            for number, raw in enumerate(lines[:BLOCK], 1):
                evaluate_line(pack, raw, number, as_of=day, engine="compiled")
        cpu = dict.fromkeys(["end to end", *steps], 0)
        timed = 0
        for start in range(0, len(lines), BLOCK):
            block = lines[start : start + BLOCK]
            half = len(block) // 2
            began = time.process_time_ns()
            for number, raw in enumerate(block[:half], start + 1):
                evaluate_line(pack, raw, number, as_of=day, engine="compiled")
            cpu["end to end"] += time.process_time_ns() - began
            timed += half
            for number, raw in enumerate(block[half:], start + half + 1):
                t = time.perf_counter_ns()
                evaluate_line(pack, raw, number, as_of=day, engine="compiled")
                latencies.append(time.perf_counter_ns() - t)
            # Each step runs on what the one it follows made, a block at a time; the collector is off
            # meanwhile, since holding a block of results (which a batch never does) makes it walk them
            # again and again (see "Keeping many decisions costs garbage collection" in performance.md).
            feeds = {"decode (load_json: duplicate keys, NaN refused)": block}
            gc.disable()
            try:
                for name, step in steps.items():
                    began = time.process_time_ns()
                    made = step(feeds[name])
                    cpu[name] += time.process_time_ns() - began
                    for follower in _FOLLOWERS.get(name, ()):
                        feeds[follower] = made
            finally:
                gc.enable()
            del feeds, made
        row = {name: ns / (timed if name == "end to end" else len(lines)) / 1e3 for name, ns in cpu.items()}
        per_rep.append(row)
    medians = {name: statistics.median(r[name] for r in per_rep) for name in per_rep[0]}
    medians["dispatch"] = medians["evaluate_case (dispatch + rules + build)"] - (
        medians["the generated rule function"] + medians["build_decision"]
    )
    ordered = sorted(latencies)
    return {
        "lines": n,
        "reps": reps,
        "us": medians,
        "lines_per_s": 1e6 / medians["end to end"],
        "p50_us": _percentile(ordered, 0.5) / 1e3,
        "p99_us": _percentile(ordered, 0.99) / 1e3,
    }


# ---- starting ---------------------------------------------------------------------------------------------


def _env() -> dict[str, str]:
    import os  # noqa: PLC0415

    env = dict(os.environ)
    # An installed commitrules has its bytecode (pip compiles a wheel's modules at install): measure that,
    # not a machine that forbids writing it (PYTHONDONTWRITEBYTECODE would compile every module at every start).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), str(ROOT), env.get("PYTHONPATH", "")])
    return env


_IMPORT = "import time; t = time.process_time(); import commitrules; print(time.process_time() - t)"


def _children_cpu() -> float:
    import resource  # noqa: PLC0415 - POSIX only, like the benchmark

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def start_times(runs: int) -> dict[str, Any]:
    """Fresh interpreters: ``import commitrules``, and ``commitrules evaluate`` of one case file.

    Processor time (of the import in the child; of the whole child process for the command line), which
    the load of a shared machine does not inflate as it does the wall clock; the wall clock of the
    command is reported beside it.
    """
    env = _env()
    imports = []
    subprocess.run([sys.executable, "-c", _IMPORT], capture_output=True, check=True, env=env)  # noqa: S603 - writes the bytecode
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", _IMPORT], capture_output=True, text=True, check=True, env=env)  # noqa: S603
        imports.append(float(out.stdout.strip().splitlines()[-1]))
    script = Path(sys.executable).with_name("commitrules")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "commitrules.cli"]
    case = next(iter(sorted((ROOT / "examples" / "cases" / "credit_site").glob("*.yaml"))))
    argv = [*command, "evaluate", str(case), "--as-of", "2020-06-01", "--format", "json"]
    walls, cpus = [], []
    with tempfile.TemporaryDirectory() as cache:
        env["COMMITRULES_CACHE_DIR"] = cache  # a cache of its own, filled by the first run
        for run in range(runs + 1):
            began, cpu = time.perf_counter(), _children_cpu()
            subprocess.run(argv, capture_output=True, check=True, env=env, cwd=ROOT)  # noqa: S603
            if run:  # the first run fills the cache; a user's second start is what is measured
                walls.append(time.perf_counter() - began)
                cpus.append(_children_cpu() - cpu)
    return {
        "runs": runs,
        "import_ms": 1000 * statistics.median(imports),
        "cli_one_case_ms": 1000 * statistics.median(cpus),
        "cli_one_case_wall_ms": 1000 * statistics.median(walls),
        "cli_command": " ".join(Path(a).name if a == str(case) else a for a in argv[len(command) :]),
    }


# ---- a 10,000-rule kind -----------------------------------------------------------------------------------

_BIG = """
import json, pathlib, sys, time
from commitrules.policy.yaml import load_yaml
load_yaml.__kwdefaults__["max_bytes"] = 256 * 2**20  # one file holds the whole kind
t0 = time.perf_counter()
import commitrules
from commitrules.policy.compile import compile_pack
t1 = time.perf_counter()
pack = compile_pack(pathlib.Path(sys.argv[1]))  # what load_policies does without a cached pack
t2 = time.perf_counter()
commitrules.Evaluator(pack)  # the code of every kind
t3 = time.perf_counter()
rules = len(pack.policies[sys.argv[2]].rules)
print(json.dumps({"import": t1 - t0, "load": t2 - t1, "codegen": t3 - t2, "rules": rules}))
"""


def big_kind(rules: int, kind: str = "application", runs: int = 1) -> dict[str, Any]:
    """Load, check and compile a pack whose ``kind`` has ``rules`` rules, in fresh processes."""
    from benchmarks.synthetic import write_synthetic_pack  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "big"
        import commitrules  # noqa: PLC0415

        have = len(commitrules.load_policies().policies[kind].rules)
        write_synthetic_pack(target, kind, 2, same_kind=True, extra=rules - have)
        results = []
        for _ in range(runs):
            out = subprocess.run(  # noqa: S603 - our own code
                [sys.executable, "-c", _BIG, str(target), kind], capture_output=True, text=True, check=True, env=_env()
            )
            results.append(json.loads(out.stdout.strip().splitlines()[-1]))
        shutil.rmtree(target)
    load = statistics.median(r["load"] for r in results)
    codegen = statistics.median(r["codegen"] for r in results)
    return {"rules": results[0]["rules"], "load_s": load, "codegen_s": codegen, "total_s": load + codegen, "runs": runs}
