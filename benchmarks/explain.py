"""What an explanation costs: ``Decision.explain`` (no pack at hand) and ``PolicyPack.explain``.

``python -m benchmarks.explain`` decides every example case with the bundled pack, then times each
way of explaining the decisions in Chinese, best of three rounds, in processor time per decision.

Until stop 24, ``Decision.explain`` read and validated the bundled ``vocabulary.yaml`` again for each
explanation (about 6 ms), and the playground, the log page, ``diff`` and ``log replay`` explained
that way; they now explain with the pack at hand, and the bundled vocabulary is read once.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import commitrules
from benchmarks.service import example_cases


def per_decision(explain: Callable[[Any], str], decisions: list[Any], rounds: int = 3) -> float:
    """µs of processor time per decision for ``explain`` over ``decisions``, the best of ``rounds``."""
    explain(decisions[0])  # anything read once is read before the clock starts
    best = float("inf")
    for _ in range(rounds):
        started = time.process_time()
        for decision in decisions:
            explain(decision)
        best = min(best, time.process_time() - started)
    return 1e6 * best / len(decisions)


def main() -> None:
    """Print the figures as JSON."""
    pack = commitrules.load_policies()
    decisions = [pack.evaluate(case, as_of="2020-06-01") for case in example_cases()]
    figures = {
        "decisions": len(decisions),
        "us_per_decision": {
            "Decision.explain": round(per_decision(lambda d: d.explain("zh"), decisions), 1),
            "PolicyPack.explain": round(per_decision(lambda d: pack.explain(d, "zh"), decisions), 1),
        },
    }
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
