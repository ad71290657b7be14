"""The figures of one ``python -m benchmarks`` run as Markdown: the targets first, then every table."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from benchmarks.run import ratio

#: The targets (DESIGN.md, and the issue on speed and scale), checked against one run.
TARGET_RATIO = 1.25  # compiled Decision vs hand-written full Decision, typed (DESIGN.md)
TARGET_DECIDE_RATIO = 2.0  # compiled Decision vs hand-written decide-only, typed
TARGET_JSON_RATIO = 1.25  # decision JSON from a typed case vs the hand-written full decision's JSON
TARGET_DICT_RATIO = 1.3  # compiled from a dict vs validation + hand-written decide-only
TARGET_DICTS_PER_S = 25_000
TARGET_LINES_PER_S = 40_000
TARGET_RETE_PER_S = 1_000
TARGET_LOAD_MS = 300
TARGET_IMPORT_MS = 150
TARGET_CLI_MS = 250
TARGET_BIG_KIND_S = 1.0
TARGET_DASK_SPEEDUP = 1.6


def _fmt(value: float, digits: int = 1) -> str:
    return f"{value:,.{digits}f}"


def _met(ok: bool) -> str:  # noqa: FBT001 - a table cell
    return "met" if ok else "**missed**"


def targets(results: dict[str, Any]) -> list[tuple[str, str, bool]]:
    """(target, measured, met) for every target the run measured."""
    rows: list[tuple[str, str, bool]] = []
    t = results.get("throughput")
    if t:
        typed, dicts = t["typed"], t["dicts"]
        r = ratio(typed, "compiled", "hand-written decide-only")
        rows.append(
            (
                f"typed case → `Decision` ≤ {TARGET_DECIDE_RATIO}x the hand-written decide-only",
                f"{r:.2f}x",
                r <= TARGET_DECIDE_RATIO,
            )
        )
        r = ratio(typed, "compiled", "hand-written full decision")
        rows.append(
            (
                f"typed case → `Decision` ≤ {TARGET_RATIO}x the hand-written full decision (DESIGN.md)",
                f"{r:.2f}x",
                r <= TARGET_RATIO,
            )
        )
        r = ratio(typed, "compiled + JSON", "hand-written full decision + JSON")
        rows.append(
            (
                f"typed case → decision JSON ≤ {TARGET_JSON_RATIO}x the hand-written full decision's JSON",
                f"{r:.2f}x",
                r <= TARGET_JSON_RATIO,
            )
        )
        r = ratio(dicts, "compiled", "validation + hand-written decide-only")
        rows.append(
            (
                f"dict → `Decision` ≤ {TARGET_DICT_RATIO}x (validation + hand-written decide-only)",
                f"{r:.2f}x",
                r <= TARGET_DICT_RATIO,
            )
        )
        per_s = dicts["compiled"]["per_s"]
        rows.append(
            (
                f"dict → `Decision` ≥ {TARGET_DICTS_PER_S:,}/s per core (DESIGN.md)",
                f"{per_s:,.0f}/s",
                per_s >= TARGET_DICTS_PER_S,
            )
        )
        per_s = min(typed["rete"]["per_s"], dicts["rete"]["per_s"])
        rows.append(
            (f"rete ≥ {TARGET_RETE_PER_S:,} cases/s (DESIGN.md)", f"{per_s:,.0f}/s", per_s >= TARGET_RETE_PER_S)
        )
    if results.get("lines"):
        per_s = results["lines"]["lines_per_s"]
        rows.append(
            (
                f"JSON line → decision JSON line ≥ {TARGET_LINES_PER_S:,}/s per core",
                f"{per_s:,.0f}/s",
                per_s >= TARGET_LINES_PER_S,
            )
        )
    if results.get("start"):
        st = results["start"]
        rows.append(
            (
                f"`import commitrules` < {TARGET_IMPORT_MS} ms",
                f"{st['import_ms']:.0f} ms",
                st["import_ms"] < TARGET_IMPORT_MS,
            )
        )
        rows.append(
            (
                f"`commitrules evaluate` of one case < {TARGET_CLI_MS} ms (processor time, second start)",
                f"{st['cli_one_case_ms']:.0f} ms",
                st["cli_one_case_ms"] < TARGET_CLI_MS,
            )
        )
    if results.get("load"):
        lt = results["load"]
        total = lt["cold_load_ms"] + lt["cold_codegen_ms"]
        rows.append(
            (
                f"bundled pack loaded and compiled < {TARGET_LOAD_MS} ms (DESIGN.md)",
                f"{total:.0f} ms",
                total < TARGET_LOAD_MS,
            )
        )
    if results.get("big_kind"):
        bk = results["big_kind"]
        rows.append(
            (
                f"a {bk['rules']:,}-rule kind loads, checks and compiles < {TARGET_BIG_KIND_S:g} s",
                f"{bk['total_s']:.2f} s",
                bk["total_s"] < TARGET_BIG_KIND_S,
            )
        )
    if results.get("dask"):
        d = results["dask"]
        load = ", ".join(f"{x:.2f}" for x in d["load_before"])
        target = (
            f"Dask, 2-worker LocalCluster ≥ {TARGET_DASK_SPEEDUP}x one process on {d['lines']:,} lines "
            "(where two cores are free)"
        )
        measured = (
            f"{d['speedup']:.2f}x ({d['single_s']:.1f} s → {d['dask_s']:.1f} s; load average {load} "
            f"before; output identical: {d['identical']})"
        )
        rows.append((target, measured, d["speedup"] >= TARGET_DASK_SPEEDUP))
    return rows


def _throughput(results: dict[str, Any], out: list[str]) -> None:
    t = results["throughput"]
    n = len(t["kinds"])
    out.append(
        f"### Throughput and latency ({n:,} fresh realistic cases of every kind per repetition, mixed as "
        f"{t['mix']}; {results['reps']} repetitions, medians; rete sees every {results['rete_step']}th case)"
    )
    out.append("")
    for source, label, decide, full in (
        ("typed", "typed case", "hand-written decide-only", "hand-written full decision"),
        ("dicts", "JSON-like dict", "validation + hand-written decide-only", "validation + hand-written full decision"),
    ):
        out.append(
            f"| {label}: engine | cases/s per core | CPU µs/case | p50 µs | p99 µs | vs decide-only | "
            "vs full decision |"
        )
        out.append("|---|---:|---:|---:|---:|---:|---:|")
        rows = t[source]
        for name, row in rows.items():
            out.append(
                f"| {name} | {_fmt(row['per_s'], 0)} | {_fmt(row['mean_us'])} | {_fmt(row['p50_us'])} | "
                f"{_fmt(row['p99_us'])} | {ratio(rows, name, decide):.2f}x | {ratio(rows, name, full):.2f}x |"
            )
        out.append("")
    out.append("### Per kind (typed cases, median wall-clock µs per case, hand-written full decision vs compiled)")
    out.append("")
    out.append("| kind | cases | baseline | compiled | ratio |")
    out.append("|---|---:|---:|---:|---:|")
    for kind, row in results["per_kind"].items():
        out.append(
            f"| {kind} | {row['cases']:,} | {_fmt(row['baseline'])} | {_fmt(row['compiled'])} | {row['ratio']:.2f}x |"
        )
    out.append("")


def _lines(results: dict[str, Any], out: list[str]) -> None:
    ln = results["lines"]
    out.append(
        f"### A JSON line to a decision JSON line ({ln['lines']:,} fresh lines per repetition, "
        f"{ln['reps']} repetitions; CPU µs per line, medians)"
    )
    out.append("")
    out.append("| step | µs per line |")
    out.append("|---|---:|")
    for name, us in ln["us"].items():
        if name != "end to end":
            out.append(f"| {name} | {_fmt(us)} |")
    out.append(f"| **end to end (`evaluate_line`)** | **{_fmt(ln['us']['end to end'])}** |")
    out.append("")
    out.append(
        f"End to end: **{ln['lines_per_s']:,.0f} lines/s per core**; latency p50 {_fmt(ln['p50_us'])} µs, "
        f"p99 {_fmt(ln['p99_us'])} µs. `evaluate_line` is the quick read + validation + `evaluate_case` + the "
        f"JSON for the {100 * ln.get('quick_share', 0):.1f}% of lines read the quick way (the others: the long way, "
        "whose two first steps are shown for comparison); `evaluate_case` is dispatch + rule function + "
        "`build_decision`; 'dispatch' is what it costs beyond those two."
    )
    out.append("")


def _load(results: dict[str, Any], out: list[str]) -> None:
    lt = results["load"]
    total = lt["cold_load_ms"] + lt["cold_codegen_ms"]
    out.append(f"### Start, load and compile (medians of {lt['runs']} runs)")
    out.append("")
    out.append("| step | cold (fresh process) CPU ms | warm CPU ms |")
    out.append("|---|---:|---:|")
    if results.get("start"):
        st = results["start"]
        out.append(f"| `import commitrules` (fresh interpreter) | {st['import_ms']:.1f} | |")
        out.append(
            f"| `commitrules {st['cli_command']}` (whole process, second start; wall clock "
            f"{st['cli_one_case_wall_ms']:.0f} ms) | {st['cli_one_case_ms']:.1f} | |"
        )
    out.append(f"| `load_policies()`: read, check, compile | {lt['cold_load_ms']} | {lt['warm_load_ms']} |")
    out.append(
        f"| generate and compile the Python of every kind (first use) | {lt['cold_codegen_ms']} | "
        f"{lt['warm_codegen_ms']} |"
    )
    out.append(f"| load + generate | {round(total, 1)} | {round(lt['warm_load_ms'] + lt['warm_codegen_ms'], 1)} |")
    out.append(
        f"| rete: first case of every kind (import durable, translate, register) | {lt['cold_rete_first_use_ms']} | |"
    )
    if results.get("big_kind"):
        bk = results["big_kind"]
        out.append(
            f"| a pack whose `application` has {bk['rules']:,} rules: load / generate / total (s) | "
            f"{bk['load_s']:.2f} / {bk['codegen_s']:.2f} / {bk['total_s']:.2f} s | |"
        )
    out.append("")


def _memory(results: dict[str, Any], out: list[str]) -> None:
    out.append("### Memory (each engine alone in a fresh process, cycling a pool of 20,000 typed cases)")
    out.append("")
    out.append(
        "| engine | cases | cases/s (wall) | RSS after load MiB | + pool, warmed up MiB | at end MiB "
        "| growth MiB | peak during run MiB |"
    )
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, row in results["memory"].items():
        growth = row["rss_end_mb"] - row["rss_after_warmup_mb"]
        out.append(
            f"| {name} | {row['cases']:,} | {row['cases_per_s']:,} | {row['rss_after_load_mb']} | "
            f"{row['rss_after_warmup_mb']} | {row['rss_end_mb']} | {growth:+.1f} | {row['peak_mb']} |"
        )
    out.append("")


def _scaling(results: dict[str, Any], out: list[str]) -> None:
    kind = results["scaling_kind"]
    out.append(
        f"### Scaling: fresh `{kind}` cases when the pack grows (synthetic rules that never fire, or that "
        "fire wherever the rule they copy fires)"
    )
    out.append("")
    out.append(
        "| pack | rules in pack | rules of the kind | load s | generate s | cases | fired per case 1x → grown | "
        "µs/case at 1x | µs/case grown | growth | rete 1x µs | rete grown µs |"
    )
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in results["scaling"]:
        if "rete_failures" in row:
            rete = f"| | fails on {row['rete_failures']} of {row['rete_tried']} cases |"
        elif "rete_us_1x" in row:
            rete = f"| {_fmt(row['rete_us_1x'], 0)} | {_fmt(row['rete_us_big'], 0)} |"
        else:
            rete = "| | |"
        out.append(
            f"| {row['factor']}x, {row['placement']} | {row['rules']:,} | {row['kind_rules']:,} | "
            f"{row['load_s']} | {row['codegen_s']} | {row['cases']:,} | {row['fired_1x']:.1f} → "
            f"{row['fired_big']:.1f} | {_fmt(row['us_1x'])} | {_fmt(row['us_big'])} | "
            f"{row['us_big'] / row['us_1x']:.2f}x {rete}"
        )
    errors = [
        f"{row['factor']}x {row['placement']}: {row['rete_error']}" for row in results["scaling"] if "rete_error" in row
    ]
    if errors:
        out.append("rete failures (first of each pack): " + "; ".join(f"`{e}`" for e in errors))
    out.append("")


def _dask(results: dict[str, Any], out: list[str]) -> None:
    d = results["dask"]
    load = lambda key: ", ".join(f"{x:.2f}" for x in d[key])  # noqa: E731 - a local shorthand
    out.append(
        f"### Dask: one process against a {d['workers']}-worker LocalCluster ({d['lines']:,} fresh lines, "
        f"{d['input_mb']} MiB, {d['cores']} cores)"
    )
    out.append("")
    out.append("| run | wall s | |")
    out.append("|---|---:|---|")
    out.append(
        f"| one process (`evaluate_jsonl`) | {d['single_s']:.2f} | CPU {d['single_cpu_s']:.2f} s: the "
        f"process had {d['single_cpu_s'] / d['single_s']:.0%} of a core |"
    )
    out.append(f"| start the cluster (once per run) | {d['cluster_start_s']:.2f} | |")
    if "cluster_stop_s" in d:
        out.append(f"| stop the cluster (once per run) | {d['cluster_stop_s']:.2f} | |")
    out.append(
        f"| {d['workers']} workers (`evaluate_jsonl_dask`) | {d['dask_s']:.2f} | {d['speedup']:.2f}x one "
        f"process ({d['speedup_with_start']:.2f}x with the start); output identical: {d['identical']} |"
    )
    out.append("")
    cpu = d["workers_cpu_s"]
    out.append(
        f"The workers used {cpu:.2f} s of processor time in all against the single process's "
        f"{d['single_cpu_s']:.2f} s ({cpu / d['single_cpu_s']:.2f}x): with {d['workers']} free cores the speed-up "
        f"would be about {d['workers'] * d['single_cpu_s'] / cpu:.2f}x, less the client's own work (scanning the "
        "input, joining the parts)."
        + (
            f" The client process (with the local cluster's scheduler) used {d['client_cpu_s']:.2f} s more: "
            f"{(cpu + d['client_cpu_s']) / d['single_cpu_s']:.2f}x the single process in all."
            if "client_cpu_s" in d
            else ""
        )
    )
    out.append("")
    out.append(
        f"Load average (1, 5, 15 min): {load('load_before')} before, {load('load_between')} between, "
        f"{load('load_after')} after."
    )
    out.append("")


def render(results: dict[str, Any]) -> str:
    """The figures as Markdown."""
    out: list[str] = []
    m = results["machine"]
    out.append(
        f"Machine: {m['nproc']} cores ({m['cpu']}), {m['implementation']} {m['python']}, "
        f"pydantic {m['pydantic']}, durable-rules {m['durable_rules']}, {m['os']}; {m['date']}; load "
        f"average at the start {m.get('load', '?')}."
    )
    out.append(f"Command: `{results['command']}`")
    out.append("")
    out.append("### Targets")
    out.append("")
    out.append("| target | measured | |")
    out.append("|---|---|---|")
    out.extend(f"| {target} | {measured} | {_met(ok)} |" for target, measured, ok in targets(results))
    out.append("")
    sections: list[tuple[str, Callable[[dict[str, Any], list[str]], None]]] = [
        ("throughput", _throughput),
        ("lines", _lines),
        ("load", _load),
        ("memory", _memory),
        ("scaling", _scaling),
        ("dask", _dask),
    ]
    for key, section in sections:
        if results.get(key):
            section(results, out)
    if results.get("million"):
        row = results["million"]
        out.append("### rete over 1,000,000 cases")
        out.append("")
        out.append(
            f"{row['cases']:,} cases in {row['seconds']:,} s ({row['cases_per_s']:,}/s), no crash; RSS "
            f"{row['rss_after_warmup_mb']} MiB after warm-up, {row['rss_end_mb']} MiB at the end, peak "
            f"{row['peak_mb']} MiB during the run. Samples (cases: MiB): "
            + ", ".join(f"{n:,}: {mb}" for n, mb in row["rss_samples_mb"])
        )
        out.append("")
    return "\n".join(out)
