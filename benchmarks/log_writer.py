"""The log writer's processor time per record, part by part, for batches as the service's batch route makes them.

``python -m benchmarks.log_writer [--batches 150] [--drop-index NAME ...]`` reads a body of 100 example
cases as ``POST /v1/decisions:batch`` does (``read_batch``: each case's canonical JSON comes with it),
decides each case and writes its response JSON (so that the decisions are in the state the writer gets
them), then times, in this one thread, what the writer does with the 100 decisions:

- ``prepare``: each record's canonical texts and their hashes (``DecisionLog._prepare``);
- ``begin_and_lock``: ``BEGIN IMMEDIATE`` and the state row;
- ``texts``: storing the pieces of decisions not stored yet (``log_texts``; after the first batches, none);
- ``chain``: positions, ids, times, leaf hashes and the Merkle frontier (``_append_rows``' loop);
- ``rows``: the insert's parameters;
- ``insert``: ``executemany`` (SQLite's B-trees: the table and its indexes);
- ``commit``: the commit, with its WAL writes and ``fsync`` (synchronous=FULL).

Processor time (``time.process_time``), in µs per record, of the measured batches only; the deciding
is outside it. ``--drop-index`` drops an index of ``log_records`` first, to see what it costs, and
``--create-index COLUMNS`` adds one (``"idx, kind, outcome"``: an index whose entries all go at its
right edge), to see what another would cost. One SQLite log in a temporary folder, as the service
opens it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import text

import commitrules
from benchmarks.service import example_cases
from commitrules.engine.build import decision_json
from commitrules.engine.decision import Decision
from commitrules.engine.evaluator import evaluator_for
from commitrules.service.http.batch_body import read_batch
from commitrules.service.log import DecisionLog
from commitrules.service.log.merkle import Frontier, leaf_hash
from commitrules.service.log.records import leaf_bytes

PARTS = ("prepare", "begin_and_lock", "texts", "chain", "rows", "insert", "commit")


def batch_decider() -> Callable[[], Iterator[tuple[dict[str, Any], Decision, Any]]]:
    """A function that decides a body of 100 example cases as the batch route does.

    Each call reads the body (``read_batch``: each case's canonical JSON comes with it) and yields each
    case, its decision (not read yet) and that JSON.
    """
    evaluator = evaluator_for(commitrules.load_policies())
    cases = example_cases()
    body = json.dumps({"cases": [cases[k % len(cases)] for k in range(100)]}).encode()
    day = dt.date(2020, 6, 1)

    def decided() -> Iterator[tuple[dict[str, Any], Decision, Any]]:
        read = read_batch(body, max_depth=64, max_cases=1000)
        assert read is not None
        for case, proof in zip(*read, strict=True):
            typed = evaluator.typed_within_limits(case)
            assert typed is not None
            assert proof is not None
            yield case, evaluator.decide(typed, day, "compiled"), proof.canonical

    return decided


def decider() -> Callable[[], list[dict[str, Any]]]:
    """A function that decides a body of 100 example cases as the batch route does; the writer's items."""
    decided = batch_decider()

    def items() -> list[dict[str, Any]]:
        out = []
        for case, decision, case_json in decided():
            decision_json(decision)  # the response's JSON, written before the log reads the decision
            out.append({"case": case, "decision": decision, "case_json": case_json})
        return out

    return items


def timed_write(log: DecisionLog, items: list[dict[str, Any]]) -> list[float]:
    """Append ``items`` as the writer does (one transaction); the processor time of each of :data:`PARTS`."""
    statements = log._statements  # noqa: SLF001 - a benchmark of the writer's insides
    clock = [time.process_time()]
    prepared = [
        log._prepare(i["case"], i["decision"], "compiled", "bench", "r", case_json=i["case_json"])  # noqa: SLF001
        for i in items
    ]
    clock.append(time.process_time())
    raw = log._engine.raw_connection()  # noqa: SLF001
    cursor = raw.cursor()
    cursor.execute(statements.begin)
    cursor.execute(statements.lock_state)
    state = cursor.fetchone()
    assert state is not None
    size, last, frontier_text = state
    frontier = Frontier.decode(int(size), frontier_text)
    clock.append(time.process_time())
    log._texts.store(cursor, prepared)  # noqa: SLF001
    clock.append(time.process_time())
    rows = []
    times = [time.time_ns() for _ in prepared]
    for fields, now, decision_id in zip(prepared, times, log._ids.texts(times), strict=True):  # noqa: SLF001
        fields.update(idx=size, decision_id=decision_id, prev_hash=last, recorded_at=log._recorded_at(now))  # noqa: SLF001
        leaf = leaf_hash(leaf_bytes(fields, size))
        last = fields["leaf_hash"] = leaf.hex()
        frontier.append(leaf)
        rows.append(fields)
        size += 1
    clock.append(time.process_time())
    parameters = [statements.row(fields) for fields in rows]
    clock.append(time.process_time())
    cursor.executemany(statements.insert, parameters)
    cursor.execute(statements.update_state, (size, last, frontier.encode()))
    clock.append(time.process_time())
    raw.commit()
    clock.append(time.process_time())
    log._texts.committed(rows)  # noqa: SLF001
    cursor.close()
    raw.close()
    return [after - before for before, after in itertools.pairwise(clock)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--batches", type=int, default=150)
    parser.add_argument("--drop-index", nargs="*", default=[], metavar="NAME")
    parser.add_argument("--create-index", nargs="*", default=[], metavar="COLUMNS")
    args = parser.parse_args()
    decided = decider()
    spent = dict.fromkeys(PARTS, 0.0)
    with tempfile.TemporaryDirectory() as folder, DecisionLog.open(f"sqlite:///{Path(folder) / 'log.db'}") as log:
        with log._engine.begin() as conn:  # noqa: SLF001
            for name in args.drop_index:
                conn.execute(text(f"DROP INDEX {name}"))
            for number, columns in enumerate(args.create_index):  # e.g. "idx, kind, outcome"
                conn.execute(text(f"CREATE INDEX benchmark_{number} ON log_records ({columns})"))
        for batch in range(args.batches + 3):
            parts = timed_write(log, decided())
            if batch >= 3:  # after the warm-up: every kind's first decision, the log's prepared pieces
                for part, seconds in zip(PARTS, parts, strict=True):
                    spent[part] += seconds
        assert log.verify().ok
    records = 100 * args.batches
    result = {part: round(1e6 * seconds / records, 2) for part, seconds in spent.items()}
    result["total"] = round(sum(result.values()), 2)
    print(
        json.dumps(
            {"records": records, "dropped": args.drop_index, "created": args.create_index, "us_per_record": result},
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
