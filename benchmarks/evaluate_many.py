"""``PolicyPack.evaluate_many`` in batches, as a Python host calls it: processor time per case, all of it.

``python -m benchmarks.evaluate_many [--batch 100] [--cases 20000]`` decides the example cases in
batches of ``--batch`` and reads each decision's outcome, and prints the processor time per case of
the whole run (the garbage collector's work included: a best-of-N would leave out the rounds it ran
in) and how many full collections ran meanwhile.

Since stop 24 ``evaluate_many`` holds the collector off while it decides (:mod:`commitrules._gc`);
before, batches of 100 cost 24.6-24.9 µs a case here (now 22.2-22.6) and batches of 1,000
31.2-31.7 (now 20.8-21.8), with four and six full collections, each walking the whole pack.
"""

from __future__ import annotations

import argparse
import gc
import json
import time

import commitrules
from benchmarks.service import example_cases


def main() -> None:
    """Print the figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--cases", type=int, default=20_000)
    args = parser.parse_args()
    pack = commitrules.load_policies()
    cases = example_cases()
    batches = [
        [cases[(start + k) % len(cases)] for k in range(args.batch)] for start in range(0, args.cases, args.batch)
    ]
    pack.evaluate_many(batches[0], as_of="2020-06-01")  # warm: the first decisions of each kind
    full_before = gc.get_stats()[2]["collections"]
    started = time.process_time()
    outcomes = 0
    for batch in batches:
        outcomes += len([decision.outcome for decision in pack.evaluate_many(batch, as_of="2020-06-01")])
    seconds = time.process_time() - started
    figures = {
        "cases": outcomes,
        "batch": args.batch,
        "us_per_case": round(1e6 * seconds / outcomes, 1),
        "full_collections": gc.get_stats()[2]["collections"] - full_before,
    }
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
