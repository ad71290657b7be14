"""Time of ``commitrules check`` against the length of a structured ``all:`` list (issue 10, item 13).

``python -m benchmarks.check_size`` writes, for each length, a pack of ``tests/compile/base`` plus one
leniency rule whose ``when`` is an ``all:`` list of that many tests, runs :func:`check_policies` on it
(median of ``--reps`` runs) and prints a Markdown table: the length, the condition's size in tests and
nodes, the seconds, and what check reported (``ok``, the lint note ``lint_incomplete`` past the tests
lint analyses exactly, or ``expression_too_long`` past the node limit). Before the bound, 2,000 items
took 13 s and 8,000 items 166 s (cubic in the length); a list of any length should now check in a few
seconds at most. A second table does the same for the number of rules of one kind (lint compares
rules in pairs: 1,000 rules took 40 s before that was bounded).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from commitrules.authoring.check import check_policies
from commitrules.errors import PolicyError

ROOT = Path(__file__).resolve().parents[1]
LENGTHS = (10, 50, 100, 199, 300, 450, 2_000, 8_000)
RULES = (30, 100, 1_000, 5_000)
_HEAD = """kind: leniency
title: {zh: 容错纠错, en: Leniency}
outcomes: [none, not_applicable]
default: not_applicable
rules:
  - id: long
    clause: 一(四)
    quote: 依法依规依纪
    title: {zh: 长条件, en: Long condition}
    then: {outcome: none}
    when:
      all:
"""


def _item(number: int, *, cheap: bool) -> str:
    """A test of five nodes (``conduct.score() != n``), or of three (a true/false field) when ``cheap``."""
    return "        - conduct.rectified\n" if cheap else f"        - conduct.score() != {number}\n"


def write_pack(target: Path, length: int, *, cheap: bool) -> Path:
    """The base pack plus one rule whose ``all:`` list has ``length`` tests."""
    shutil.copytree(ROOT / "tests" / "compile" / "base", target)
    text = _HEAD + "".join(_item(n, cheap=cheap) for n in range(length))
    (target / "leniency.yaml").write_text(text, encoding="utf-8")
    return target


def measure(length: int, reps: int, *, cheap: bool) -> tuple[float, str]:
    """The median seconds of check on a pack with a list of ``length``, and what check reported."""
    times: list[float] = []
    outcome = "ok"
    with tempfile.TemporaryDirectory() as folder:
        pack = write_pack(Path(folder) / "pk", length, cheap=cheap)
        for _ in range(reps):
            started = time.perf_counter()
            try:
                result = check_policies(pack)
                codes = {d.code for d in result.diagnostics} - {"unused_setting"}
                outcome = ", ".join(sorted(codes)) or "ok"
            except PolicyError as error:
                outcome = ", ".join(sorted({d.code for d in error.diagnostics}))
            times.append(time.perf_counter() - started)
    return statistics.median(times), outcome


def write_rules_pack(target: Path, count: int) -> Path:
    """The base pack plus ``count`` small rules of one kind, setting two outcomes (pairs for lint)."""
    shutil.copytree(ROOT / "tests" / "compile" / "base", target)
    rules = "".join(
        f"  - id: r{n}\n    clause: 一(四)\n    quote: 依法依规依纪\n    title: {{zh: 规则, en: Rule}}\n"
        f"    when: conduct.score() == {n} and conduct.rectified\n"
        f"    then: {{outcome: {'not_applicable' if n % 2 else 'none'}}}\n"
        for n in range(count)
    )
    head = _HEAD.split("  - id:", 1)[0]
    (target / "leniency.yaml").write_text(head + rules, encoding="utf-8")
    return target


def measure_rules(count: int, reps: int) -> tuple[float, int, str]:
    """The median seconds of check on a pack of ``count`` rules, the file's size, and what check reported."""
    times: list[float] = []
    outcome = "ok"
    with tempfile.TemporaryDirectory() as folder:
        pack = write_rules_pack(Path(folder) / "pk", count)
        size = (pack / "leniency.yaml").stat().st_size
        for _ in range(reps):
            started = time.perf_counter()
            try:
                result = check_policies(pack)
                codes = {d.code for d in result.diagnostics} - {"unused_setting"}
                outcome = ", ".join(sorted(codes)) or "ok"
            except PolicyError as error:
                outcome = ", ".join(sorted({d.code for d in error.diagnostics}))
            times.append(time.perf_counter() - started)
    return statistics.median(times), size, outcome


def main(argv: list[str] | None = None) -> int:
    """Print the table."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.check_size", description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--lengths", type=int, nargs="*", default=list(LENGTHS))
    parser.add_argument("--rules", type=int, nargs="*", default=list(RULES))
    args = parser.parse_args(argv)
    print("| items | test | tests | nodes | check (s) | reported |")
    print("|---:|---|---:|---:|---:|---|")
    for cheap in (False, True):
        for length in args.lengths:
            seconds, outcome = measure(length, args.reps, cheap=cheap)
            test = "conduct.rectified" if cheap else "conduct.score() != n"
            nodes = length * (3 if cheap else 5) + (length > 1)
            print(f"| {length:,} | `{test}` | {length:,} | {nodes:,} | {seconds:.2f} | {outcome} |", flush=True)
    print("\n| rules of one kind | file (kB) | check (s) | reported |")
    print("|---:|---:|---:|---|")
    for count in args.rules:
        seconds, size, outcome = measure_rules(count, args.reps)
        print(f"| {count:,} | {size / 1000:,.0f} | {seconds:.2f} | {outcome} |", flush=True)
    return 0


if __name__ == "__main__":
    for _path in (str(ROOT / "src"), str(ROOT)):
        if _path not in sys.path:
            sys.path.insert(0, _path)
    raise SystemExit(main())
