"""A writer process for the fault and concurrency tests: appends decisions, printing each id once stored.

    python -m tests.service.log.writer URL COUNT [--group N] [--caller NAME] [--wait]

A line is printed (and flushed) only after ``append`` returned: every printed id is acknowledged.
``--wait``: after printing ``ready``, wait for a line on standard input before the first append (so that
a test can start several writers at the same moment).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

import commitrules
from commitrules.service.log import DecisionLog

ROOT = Path(__file__).resolve().parents[3]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("count", type=int)
    parser.add_argument("--group", type=int, default=1)
    parser.add_argument("--caller", default="writer")
    parser.add_argument("--wait", action="store_true")
    args = parser.parse_args()
    pack = commitrules.load_policies()
    files = sorted((ROOT / "examples" / "cases").rglob("*.yaml"))
    cases = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in files]
    decided = [(case, pack.evaluate(case, as_of="2020-06-01")) for case in cases]
    with DecisionLog.open(args.url) as log:
        sys.stdout.write("ready\n")
        sys.stdout.flush()
        if args.wait:
            sys.stdin.readline()
        done = 0
        while done < args.count:
            batch = [
                {
                    "case": decided[(done + i) % len(decided)][0],
                    "decision": decided[(done + i) % len(decided)][1],
                    "caller": args.caller,
                    "request_id": f"{args.caller}-{done + i}",
                }
                for i in range(min(args.group, args.count - done))
            ]
            records = log.append_many(batch) if args.group > 1 else [log.append(**batch[0])]
            sys.stdout.write("".join(f"{r.decision_id}\n" for r in records))
            sys.stdout.flush()
            done += len(records)


if __name__ == "__main__":
    main()
