"""Reading a whole decision log page by page, as ``log export`` and ``log replay`` do: time against size.

``python -m benchmarks.log_export [--records 100000 200000 400000] [--batch 1000] [--kind application]``
writes a SQLite log of
each size (group commits of 1,000 example decisions) and reads it all with ``DecisionLog.iter_records``
(each page past the last record read), then with pages at an offset (what ``iter_records`` did before
stop 23: each page stepped over every record before it again). It prints one JSON object: seconds for
each way and size, and records per second. The time of the pages past the last record grows with the
log; that of offset pages with its square. With ``--kind``, it also reads the records of that kind
page by page, as ``log export --kind`` does (before schema version 4 an index on kind and outcome made
each page read and sort every record of the kind past it: time growing with the square of their
number). Each size uses a fresh database in a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Iterator
from typing import Any

from benchmarks.log import Decided
from commitrules.service.log import DecisionLog, LogRecord


def offset_pages(log: DecisionLog, batch: int) -> Iterator[LogRecord]:
    """Every record, a page at a time at an offset (the way replaced)."""
    offset = 0
    while True:
        page = log.search(limit=batch, offset=offset)
        yield from page
        if len(page) < batch:
            return
        offset += batch


def measure(records: int, batch: int, decided: Decided, kind: str | None = None) -> dict[str, Any]:
    """Write a log of ``records`` records, then read it whole both ways (and the records of ``kind``)."""
    items = decided.items(0, 1000)
    with tempfile.TemporaryDirectory() as folder, DecisionLog.open(f"sqlite:///{folder}/log.db") as log:
        for _ in range(records // len(items)):
            log.append_many([dict(item) for item in items])
        size = log.size()
        started = time.perf_counter()
        read = sum(1 for _ in log.iter_records(batch=batch))
        after_s = time.perf_counter() - started
        started = time.perf_counter()
        read_at_offsets = sum(1 for _ in offset_pages(log, batch))
        offset_s = time.perf_counter() - started
        of_kind: dict[str, Any] = {}
        if kind is not None:
            started = time.perf_counter()
            count = sum(1 for record in log.iter_records(batch=batch, kind=kind) if record.kind == kind)
            kind_s = time.perf_counter() - started
            of_kind = {"kind": kind, "of_kind": count, "of_kind_s": round(kind_s, 2)}
    assert read == read_at_offsets == size
    return {
        "records": size,
        "past_the_last_s": round(after_s, 2),
        "past_the_last_records_per_s": round(size / after_s),
        "offset_s": round(offset_s, 2),
        "offset_records_per_s": round(size / offset_s),
        **of_kind,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--records", type=int, nargs="+", default=[100_000, 200_000, 400_000])
    parser.add_argument("--batch", type=int, default=1000, help="records per page (iter_records' default)")
    parser.add_argument("--kind", default=None, help="also read the records of this kind (e.g. application)")
    args = parser.parse_args()
    decided = Decided()
    print(json.dumps([measure(n, args.batch, decided, args.kind) for n in args.records], indent=2))


if __name__ == "__main__":
    main()
