"""Appends per second to the decision log: SQLite single and group commit, and PostgreSQL.

``python -m benchmarks.log [--seconds 5] [--group 100] [--postgresql URL | --pgserver]`` appends
example decisions for a fixed time in each mode and prints one JSON object: appends/s and the
latency of one commit (p50, p99) per mode, the processor time (this process's, user and system) of
the appends alone per record, plus ``verify`` and ``inclusion_proof`` times for the log written.
Each append takes decisions just made and not yet read, as the service's are (made outside the
measured time). Every append is durable when it returns (SQLite WAL with synchronous=FULL; PostgreSQL
with synchronous_commit on). Each run uses a fresh database in a temporary folder; it stops by itself.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

import yaml

import commitrules
from commitrules.service.log import DecisionLog

ROOT = Path(__file__).resolve().parents[1]


class Decided:
    """The example cases, and fresh decisions for them (as a service makes them: not yet read)."""

    def __init__(self) -> None:
        self.pack = commitrules.load_policies()
        files = sorted((ROOT / "examples" / "cases").rglob("*.yaml"))
        self.cases = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in files]

    def items(self, start: int, count: int) -> list[dict[str, Any]]:
        """``append``'s arguments for ``count`` cases from the ``start``-th (cycling), each decided now."""
        cases = [self.cases[(start + i) % len(self.cases)] for i in range(count)]
        return [{"case": c, "decision": self.pack.evaluate(c, as_of="2020-06-01"), "caller": "bench"} for c in cases]


def measure(url: str, group: int, seconds: float, decided: Decided) -> dict[str, Any]:
    """Append for ``seconds`` (of appending) in commits of ``group`` decisions; rates, latencies, CPU time."""
    latencies = []
    appended = 0
    cpu = 0.0
    with DecisionLog.open(url) as log:
        while sum(latencies) < seconds:
            batch = decided.items(appended, group)
            t0, c0 = time.perf_counter(), time.process_time()
            if group == 1:
                log.append(**batch[0])
            else:
                log.append_many(batch)
            cpu += time.process_time() - c0
            latencies.append(time.perf_counter() - t0)
            appended += group
        elapsed = sum(latencies)
        t0 = time.perf_counter()
        report = log.verify()
        verify_s = time.perf_counter() - t0
        middle = log.search(limit=1, offset=log.size() // 2)[0]
        t0 = time.perf_counter()
        log.inclusion_proof(middle.decision_id)
        proof_ms = (time.perf_counter() - t0) * 1000
    assert report.ok, report.render()
    ordered = sorted(latencies)
    return {
        "group": group,
        "appends": appended,
        "appends_per_s": round(appended / elapsed),
        "cpu_us_per_record": round(cpu / appended * 1e6, 1),
        "records_per_cpu_s": round(appended / cpu) if cpu else None,
        "commit_ms_p50": round(statistics.median(ordered) * 1000, 2),
        "commit_ms_p99": round(ordered[int(len(ordered) * 0.99) - 1 if len(ordered) > 1 else 0] * 1000, 2),
        "verify_s": round(verify_s, 2),
        "verify_records_per_s": round(report.size / verify_s) if verify_s else None,
        "first_proof_ms": round(proof_ms, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=5.0, help="how long each mode appends")
    parser.add_argument("--group", type=int, default=100, help="decisions per group commit")
    parser.add_argument("--postgresql", default=None, metavar="URL", help="also measure this PostgreSQL")
    parser.add_argument("--pgserver", action="store_true", help="also measure a PostgreSQL started with pgserver")
    args = parser.parse_args()
    decided = Decided()
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as folder:
        results["sqlite_single"] = measure(f"sqlite:///{folder}/single.db", 1, args.seconds, decided)
        results["sqlite_group"] = measure(f"sqlite:///{folder}/group.db", args.group, args.seconds, decided)
        server = None
        url = args.postgresql
        if args.pgserver and url is None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                import pgserver  # noqa: PLC0415 - only this mode needs it

                server = pgserver.get_server(Path(folder) / "pg", cleanup_mode="stop")
            uri = server.get_uri()
            url = "postgresql+psycopg" + uri[uri.index("://") :]
        if url is not None:
            try:
                results["postgresql_single"] = measure(url, 1, args.seconds, decided)
                results["postgresql_group"] = measure(url, args.group, args.seconds, decided)
            finally:
                if server is not None:
                    server.cleanup()
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
