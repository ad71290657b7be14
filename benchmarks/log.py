"""Appends per second to the decision log: SQLite single and group commit, and PostgreSQL.

``python -m benchmarks.log [--seconds 5] [--group 100] [--postgresql URL | --pgserver]`` appends
example decisions for a fixed time in each mode and prints one JSON object: appends/s and the
latency of one commit (p50, p99) per mode, plus ``verify`` and ``inclusion_proof`` times for the log
written. Every append is durable when it returns (SQLite WAL with synchronous=FULL; PostgreSQL with
synchronous_commit on). Each run uses a fresh database in a temporary folder; it stops by itself.
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


def _decided() -> list[tuple[dict[str, Any], Any]]:
    pack = commitrules.load_policies()
    files = sorted((ROOT / "examples" / "cases").rglob("*.yaml"))
    cases = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in files]
    return [(case, pack.evaluate(case, as_of="2020-06-01")) for case in cases]


def measure(url: str, group: int, seconds: float, decided: list[tuple[dict[str, Any], Any]]) -> dict[str, Any]:
    """Append for ``seconds`` in commits of ``group`` decisions; appends/s and commit latencies."""
    latencies = []
    appended = 0
    with DecisionLog.open(url) as log:
        start = time.perf_counter()
        while time.perf_counter() - start < seconds:
            batch = [
                {
                    "case": decided[(appended + i) % len(decided)][0],
                    "decision": decided[(appended + i) % len(decided)][1],
                    "caller": "bench",
                }
                for i in range(group)
            ]
            t0 = time.perf_counter()
            if group == 1:
                log.append(**batch[0])
            else:
                log.append_many(batch)
            latencies.append(time.perf_counter() - t0)
            appended += group
        elapsed = time.perf_counter() - start
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
    decided = _decided()
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
