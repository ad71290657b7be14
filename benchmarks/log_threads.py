"""What the decision log's writer thread costs beside a busy thread, and what the alternatives measured.

``python -m benchmarks.log_threads [--rounds 6] [--batches 60]`` runs, in this one process and in
alternated rounds (the median of each), on batches of 100 example cases decided as the batch route
decides them (``read_batch``, the compiled engine, the decision's canonical text):

- ``writer``: the processor time per record of ``append_many_ids`` on a thread of its own, with this
  thread idle (``alone``) and with this thread running Python code all the while (``beside_busy``), as
  the event loop does while it decides other requests. sqlite3 runs a step per row of ``executemany`` and
  releases the interpreter's lock around each, so that the two threads hand the lock to each other
  about a hundred times per hundred records;
- ``writer_one_statement``: the same with the rows inserted by one ``INSERT ... VALUES (...), (...)``
  statement (a step for all of them) instead of ``executemany``: fewer hand-overs beside a busy thread,
  more processor time alone;
- ``pipeline``: the processor time per case of the service's shape without HTTP, whole (deciding and
  logging): ``threaded`` (this thread decides, the writer thread appends, as the service does),
  ``rows_here`` (this thread decides and writes the rows in a transaction, the writer thread only
  commits it) and ``one_thread`` (this thread decides and appends, a transaction after each batch).

These figures are what stop 26 weighed (docs/performance.md): the service itself, measured by
``benchmarks/service.py``, did not show the gains they suggest, and neither alternative is in the log.
"""

from __future__ import annotations

import argparse
import itertools
import json
import queue
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.log_writer import batch_decider
from commitrules.service.log import DecisionLog
from commitrules.service.log.decision_text import DecisionTexts

CASES = 100


def decider() -> Callable[[DecisionTexts], list[dict[str, Any]]]:
    """Decides a body of 100 example cases as the batch route does; the log's entries."""
    decided = batch_decider()

    def entries(texts: DecisionTexts) -> list[dict[str, Any]]:
        return [
            {"case": case, "decision": decision, "caller": "bench", "request_id": "r"}
            | {"case_json": case_json, "written": texts.written(decision)}
            for case, decision, case_json in decided()
        ]

    return entries


def _log(folder: str, *, one_statement: bool = False) -> DecisionLog:
    log = DecisionLog.open(f"sqlite:///{Path(tempfile.mkdtemp(dir=folder)) / 'log.db'}")
    if one_statement:
        statements = log._statements  # noqa: SLF001 - a benchmark of the writer's insides
        single, marks = statements.insert, statements.insert.split(" VALUES ", 1)[1]

        class _OneStatement:  # the driver's cursor, with executemany of the insert as one statement
            def __init__(self, cursor: Any) -> None:
                self._cursor = cursor

            def executemany(self, sql: str, rows: list[Any]) -> Any:
                if sql != single or len(rows) < 2:
                    return self._cursor.executemany(sql, rows)
                text = single + (", " + marks) * (len(rows) - 1)
                return self._cursor.execute(text, list(itertools.chain.from_iterable(rows)))

            def __getattr__(self, name: str) -> Any:
                return getattr(self._cursor, name)

        append_rows = log._append_rows  # noqa: SLF001
        log._append_rows = lambda cursor, items: append_rows(_OneStatement(cursor), items)  # type: ignore[method-assign]  # noqa: SLF001
    return log


def _busy(stop: threading.Event) -> None:
    total = 0
    while not stop.is_set():
        for k in range(1000):
            total += k


def writer_round(decided: Any, folder: str, batches: int, *, busy: bool, one_statement: bool) -> float:
    """µs of the writer thread's processor time per record."""
    log = _log(folder, one_statement=one_statement)
    texts = log._decision_texts  # noqa: SLF001
    work = [decided(texts) for _ in range(batches)]
    log.append_many_ids(decided(texts))  # the first pieces of each kind stored
    spent: list[float] = []

    def write() -> None:
        started = time.thread_time()
        for entries in work:
            log.append_many_ids(entries)
        spent.append(time.thread_time() - started)

    stop = threading.Event()
    spinner = threading.Thread(target=_busy, args=(stop,))
    if busy:
        spinner.start()
    writer = threading.Thread(target=write)
    writer.start()
    writer.join()
    stop.set()
    if busy:
        spinner.join()
    assert log.verify().ok
    log.close()
    return 1e6 * spent[0] / (batches * CASES)


def pipeline_round(decided: Any, folder: str, batches: int, shape: str) -> float:
    """µs of processor time (all threads) per case decided and logged, in the shape named."""
    log = _log(folder)
    texts = log._decision_texts  # noqa: SLF001
    jobs: queue.Queue[Any] = queue.Queue(maxsize=4)
    committed = threading.Semaphore(1)

    def writer() -> None:
        while (job := jobs.get()) is not None:
            if shape == "threaded":
                log.append_many_ids(job)
            else:
                raw, cursor = job
                raw.commit()
                cursor.close()
                raw.close()
                committed.release()

    thread = threading.Thread(target=writer)
    thread.start()
    started = time.process_time()
    for _ in range(batches):
        entries = decided(texts)
        if shape == "one_thread":
            log.append_many_ids(entries)
        elif shape == "threaded":
            jobs.put(entries)
        else:  # rows_here: this thread writes the rows; the writer commits them
            prepared = [_prepare(log, entry) for entry in entries]
            committed.acquire()
            raw = log._engine.raw_connection()  # noqa: SLF001
            cursor = raw.cursor()
            cursor.execute(log._statements.begin)  # noqa: SLF001 - BEGIN IMMEDIATE
            log._append_rows(cursor, prepared)  # noqa: SLF001
            jobs.put((raw, cursor))
    jobs.put(None)
    thread.join()
    spent = time.process_time() - started
    assert log.verify().ok
    log.close()
    return 1e6 * spent / (batches * CASES)


def _prepare(log: DecisionLog, entry: dict[str, Any]) -> dict[str, Any]:
    return log._prepare(  # noqa: SLF001
        entry["case"],
        entry["decision"],
        "compiled",
        entry["caller"],
        entry["request_id"],
        case_json=entry["case_json"],
        written=entry["written"],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--batches", type=int, default=60)
    args = parser.parse_args()
    decided = decider()
    figures: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(args.rounds):
            for one_statement in (False, True):
                name = "writer_one_statement" if one_statement else "writer"
                for busy in (False, True):
                    key = f"{name}.{'beside_busy' if busy else 'alone'}"
                    figures.setdefault(key, []).append(
                        writer_round(decided, folder, args.batches, busy=busy, one_statement=one_statement)
                    )
            for shape in ("threaded", "rows_here", "one_thread"):
                figures.setdefault(f"pipeline.{shape}", []).append(pipeline_round(decided, folder, args.batches, shape))
    result = {key: round(statistics.median(values), 1) for key, values in figures.items()}
    print(json.dumps({"rounds": args.rounds, "records_per_round": args.batches * CASES, "median_us": result}, indent=2))


if __name__ == "__main__":
    main()
