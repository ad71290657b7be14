r"""Batch evaluation of JSON Lines on a Dask cluster: the same output as one process, from many machines.

``commitrules evaluate --jsonl IN --out OUT --dask ADDRESS`` (or ``--dask local:N`` for a cluster of N
processes on this machine) cuts ``IN`` into partitions of whole lines, evaluates each partition on a
worker, and writes ``OUT`` byte for byte as ``commitrules evaluate --jsonl IN --out OUT`` would: every
line goes through the batch's own :func:`~commitrules.service.batch.evaluate_line`, numbered as in the file.

How the work is shared:

- **The pack is sent once to each worker** (``Client.scatter(..., broadcast=True)``); tasks refer to
  it, so the pack is not pickled again per partition.
- **Partitions are read where they are**: the client only scans ``IN`` for line breaks and gives each
  task a byte range and the number of its first line; the worker reads that range itself. ``IN`` and
  the folder of ``OUT`` must therefore be visible under the same path on every worker (shared storage).
- **Each partition is written by its worker** to ``OUT.parts/RUN/part-NNNNNN.jsonl`` (to a temporary name,
  then renamed), and the client records finished partitions in ``OUT.parts/manifest.json``. When all
  are done, the parts are joined in input order into ``OUT`` (again through a temporary name), and
  the folder is removed.
- **An interrupted run resumes by partition**: with ``resume=True`` the partitions the manifest lists
  as finished are kept, and only the others are evaluated. A manifest made for another input file,
  pack, date, engine or partition size is refused rather than mixed in.

Examples:
    From Python (under ``if __name__ == "__main__":``, since a local cluster starts processes)::

        from commitrules.service.distributed import evaluate_jsonl_dask
        summary = evaluate_jsonl_dask(pack, "cases.jsonl", "decisions.jsonl", cluster="local:2",
                                      as_of="2020-06-01")
        print(summary.render())

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Final, cast

from commitrules.engine import resolve_as_of
from commitrules.errors import DistributedRunError, EngineUnavailableError
from commitrules.messages import Text
from commitrules.service.batch import BatchSummary, evaluate_line, iter_lines
from commitrules.service.batch_run import check_not_the_input

if TYPE_CHECKING:
    import datetime as dt

    from distributed import Client

    from commitrules.policy.pack import PolicyPack

__all__ = [
    "PARTITION_LINES",
    "DistributedRunError",
    "Partition",
    "evaluate_jsonl_dask",
    "plan_partitions",
]

#: Lines per partition: the unit of work of one task, and of what an interrupted run loses.
PARTITION_LINES: Final = 10_000
_MANIFEST: Final = "manifest.json"
_FORMAT: Final = 1
_LOOPBACK: Final = "127.0.0.1"  # a local cluster is reachable from this machine only
_INSTALL: Final = Text("dask.install")


@dataclass(frozen=True, slots=True)
class Partition:
    """Whole lines ``[start, end)`` (bytes) of the input, the first of them being line ``first``."""

    index: int
    start: int
    end: int
    first: int
    lines: int


def plan_partitions(path: Path, lines_per_partition: int = PARTITION_LINES) -> list[Partition]:
    r"""Cut ``path`` into partitions of ``lines_per_partition`` lines (the last may hold fewer).

    Lines are counted as :func:`~commitrules.service.batch.iter_lines` reads them: a last line without ``\n``
    counts, an empty file has no partition.

    Examples:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     p = Path(tmp) / "in.jsonl"
        ...     _ = p.write_bytes(b"a\nbb\nccc\nd")
        ...     [(x.start, x.end, x.first, x.lines) for x in plan_partitions(p, 3)]
        [(0, 9, 1, 3), (9, 10, 4, 1)]
    """
    if lines_per_partition < 1:
        raise ValueError("lines_per_partition must be 1 or more")
    ends: list[int] = []  # the byte offset after every lines_per_partition-th line break
    offset, pending, last = 0, 0, b"\n"
    with path.open("rb") as stream:
        while block := stream.read(1 << 20):
            found = block.count(b"\n")
            if pending + found < lines_per_partition:
                pending += found
            else:
                position = 0
                for _ in range(found):
                    position = block.index(b"\n", position) + 1
                    pending += 1
                    if pending == lines_per_partition:
                        ends.append(offset + position)
                        pending = 0
            offset += len(block)
            last = block[-1:]
    partitions, start = [], 0
    for index, end in enumerate(ends):
        partitions.append(Partition(index, start, end, index * lines_per_partition + 1, lines_per_partition))
        start = end
    if offset > start:  # the lines after the last full partition
        lines = pending + (last != b"\n")
        partitions.append(Partition(len(ends), start, offset, len(ends) * lines_per_partition + 1, lines))
    return partitions


class _Range:
    """The part of an open file up to byte ``end``, read line by line (what ``iter_lines`` needs)."""

    def __init__(self, stream: BinaryIO, end: int) -> None:
        self.stream = stream
        self.end = end

    def readline(self, limit: int = -1) -> bytes:
        left = self.end - self.stream.tell()
        if left <= 0:
            return b""
        return self.stream.readline(left if limit < 0 else min(limit, left))


@dataclass(frozen=True, slots=True)
class _PartResult:
    index: int
    lines: int
    codes: dict[str, int]
    first_error_line: int | None


def _evaluate_partition(  # noqa: PLR0913, PLR0917 - one task's whole description, sent to a worker
    pack: PolicyPack, source: str, partition: Partition, folder: str, as_of: dt.date, engine: str
) -> _PartResult:
    """Evaluate one partition on a worker and write its part file; what it found, for the manifest."""
    codes: Counter[str] = Counter()
    first_error: int | None = None
    lines = 0
    target = Path(folder) / _part_name(partition.index)
    temporary = target.with_name(f"{target.name}.{uuid.uuid4().hex}.tmp")
    try:
        with Path(source).open("rb") as stream, temporary.open("wb") as sink:
            stream.seek(partition.start)
            reader = cast("BinaryIO", _Range(stream, partition.end))
            for number, raw in enumerate(iter_lines(reader), partition.first):
                text, code = evaluate_line(pack, raw, number, as_of=as_of, engine=engine)
                sink.write(text)
                sink.write(b"\n")
                lines += 1
                if code is not None:
                    codes[code] += 1
                    if first_error is None:
                        first_error = number
        temporary.replace(target)
    finally:
        temporary.unlink(missing_ok=True)
    return _PartResult(partition.index, lines, dict(codes), first_error)


def _part_name(index: int) -> str:
    return f"part-{index:06d}.jsonl"


# --- the manifest -----------------------------------------------------------------------------------------


def _identity(pack: PolicyPack, source: Path, as_of: dt.date, engine: str, lines: int) -> dict[str, Any]:
    """What a partial run was made of: resuming it with anything else would mix two runs."""
    stat = source.stat()
    return {
        "format": _FORMAT,
        "input": str(source.resolve()),
        "size": stat.st_size,
        "mtime_ns": stat.st_mtime_ns,
        "pack": pack.digest,
        "as_of": as_of.isoformat(),
        "engine": engine,
        "partition_lines": lines,
    }


def _write_json(path: Path, data: Any) -> None:
    temporary = path.with_name(f"{path.name}.{uuid.uuid4().hex}.tmp")
    temporary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    temporary.replace(path)


@dataclass
class _Manifest:
    """``OUT.parts/manifest.json``: what the run is of, its id, and the partitions it finished.

    A run's parts are written to ``OUT.parts/<run id>/``, so a task of an older run that was still
    running when the run was abandoned (Dask cannot stop a running task) never writes into a newer
    run's parts; a task of the same run, resumed, writes the same bytes again.
    """

    folder: Path
    identity: dict[str, Any]
    run: str
    done: dict[str, Any]

    @property
    def parts(self) -> Path:
        return self.folder / self.run

    def save(self) -> None:
        _write_json(self.folder / _MANIFEST, {"identity": self.identity, "run": self.run, "done": self.done})

    @classmethod
    def start(cls, folder: Path, identity: dict[str, Any]) -> _Manifest:
        """A new run: the parts of older runs removed (as far as no late task still writes there)."""
        shutil.rmtree(folder, ignore_errors=True)
        manifest = cls(folder, identity, uuid.uuid4().hex, {})
        manifest.parts.mkdir(parents=True, exist_ok=True)
        manifest.save()
        return manifest

    @classmethod
    def kept(cls, folder: Path, identity: dict[str, Any]) -> _Manifest | None:
        """The partial run in ``folder`` with the partitions whose parts are there; None when there is none."""
        path = folder / _MANIFEST
        if not path.exists():
            return None
        try:
            recorded = json.loads(path.read_text(encoding="utf-8"))
            run, done = str(recorded["run"]), dict(recorded["done"])
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise DistributedRunError(Text("dask.unreadable", folder=str(folder), detail=str(exc))) from None
        if recorded.get("identity") != identity:
            raise DistributedRunError(Text("dask.other_run", folder=str(folder)))
        manifest = cls(folder, identity, run, {})
        manifest.done = {key: value for key, value in done.items() if (manifest.parts / _part_name(int(key))).is_file()}
        return manifest


def _assemble(manifest: _Manifest, out: Path, count: int) -> None:
    """Join the part files in input order into ``out`` (atomically), then remove the parts."""
    temporary = out.with_name(f"{out.name}.{uuid.uuid4().hex}.tmp")
    try:
        with temporary.open("wb") as sink:
            for index in range(count):
                with (manifest.parts / _part_name(index)).open("rb") as part:
                    shutil.copyfileobj(part, sink, 1 << 20)
        temporary.replace(out)
    finally:
        temporary.unlink(missing_ok=True)
    shutil.rmtree(manifest.folder, ignore_errors=True)


# --- the cluster ------------------------------------------------------------------------------------------


@contextlib.contextmanager
def _client(cluster: str | Client, timeout: float) -> Iterator[Client]:
    """A client of ``cluster``: an address, ``local:N`` (a cluster of N processes here), or a client."""
    try:
        from distributed import Client, LocalCluster  # noqa: PLC0415 - an optional dependency
    except ImportError:
        raise EngineUnavailableError(_INSTALL) from None
    if not isinstance(cluster, str):
        yield cluster
        return
    if cluster.startswith("local:"):
        count = cluster.removeprefix("local:")
        if not count.isdigit() or int(count) < 1:
            raise DistributedRunError(Text("dask.local", cluster=cluster))
        with (
            LocalCluster(
                n_workers=int(count),
                threads_per_worker=1,
                processes=True,
                host=_LOOPBACK,
                dashboard_address=f"{_LOOPBACK}:0",  # any free port: several clusters may run side by side
                silence_logs=logging.ERROR,
            ) as local,
            Client(local) as client,
        ):
            yield client
        return
    try:
        client = Client(cluster, timeout=timeout)
    except (OSError, TimeoutError, ValueError) as exc:
        raise DistributedRunError(Text("dask.unreachable", cluster=cluster, detail=str(exc))) from None
    with client:
        yield client


def evaluate_jsonl_dask(  # noqa: PLR0913 - keyword-only options of one batch
    pack: PolicyPack,
    source: str | os.PathLike[str],
    out: str | os.PathLike[str],
    *,
    cluster: str | Client,
    as_of: dt.date | str | None = None,
    engine: str = "compiled",
    resume: bool = False,
    partition_lines: int = PARTITION_LINES,
    on_progress: Callable[[int], None] | None = None,
    connect_timeout: float = 10.0,
) -> BatchSummary:
    """Evaluate every JSON line of ``source`` on a Dask cluster and write the output lines to ``out``.

    Args:
        pack: the compiled pack, sent once to every worker.
        source: the input file; every worker must read it under this path.
        out: the output file; its folder must be writable by every worker under this path.
        cluster: a scheduler address (``tcp://host:8786``), ``local:N``, or a ``distributed.Client``.
        as_of: the evaluation date of the whole batch (None: today, fixed once at the start).
        engine: ``compiled`` or ``rete``.
        resume: keep the partitions an interrupted run finished (``OUT.parts/``), evaluate the others.
        partition_lines: lines per partition.
        on_progress: called with the number of input lines done after each partition.
        connect_timeout: seconds to wait for the scheduler at an address.

    Returns:
        The counts of this run; lines of partitions kept from an earlier run count as skipped.

    Raises:
        EngineUnavailableError: Dask or the engine is not installed.
        DistributedRunError: the cluster cannot be reached, or the partial run is not of this input.
        BatchUsageError: the output is the input.
        OSError: the input cannot be read or the output written.
    """
    started = time.monotonic()
    check_not_the_input(str(source), str(out))  # the parts would be joined over the cases themselves
    day = resolve_as_of(as_of)
    source_path, out_path = Path(source), Path(out)
    partitions = plan_partitions(source_path, partition_lines)
    folder = out_path.with_name(out_path.name + ".parts")
    identity = _identity(pack, source_path, day, engine, partition_lines)
    manifest = _Manifest.kept(folder, identity) if resume else None
    done = manifest.done if manifest is not None else {}
    summary = BatchSummary()
    for result in done.values():
        summary.skipped += result["lines"]
    todo = [p for p in partitions if str(p.index) not in done]
    if todo:
        with _client(cluster, connect_timeout) as client:  # reached before anything is written
            manifest = manifest or _Manifest.start(folder, identity)
            _run(client, pack, todo, source_path, manifest, day, engine, summary, on_progress)
    manifest = manifest or _Manifest.start(folder, identity)
    _assemble(manifest, out_path, len(partitions))
    summary.seconds = time.monotonic() - started
    return summary


def _run(  # noqa: PLR0913, PLR0917 - the state of one run, shared by evaluate_jsonl_dask
    client: Client,
    pack: PolicyPack,
    todo: list[Partition],
    source: Path,
    manifest: _Manifest,
    day: dt.date,
    engine: str,
    summary: BatchSummary,
    on_progress: Callable[[int], None] | None,
) -> None:
    from distributed import as_completed  # noqa: PLC0415 - an optional dependency

    shipped = client.scatter(pack, broadcast=True, hash=False)
    futures = [
        client.submit(
            _evaluate_partition,
            shipped,
            str(source.resolve()),
            p,
            str(manifest.parts.resolve()),
            day,
            engine,
            pure=False,
        )
        for p in todo
    ]
    try:
        for future in as_completed(futures):
            result: _PartResult = future.result()
            manifest.done[str(result.index)] = {
                "lines": result.lines,
                "codes": result.codes,
                "first_error_line": result.first_error_line,
            }
            manifest.save()
            summary.lines += result.lines
            summary.decisions += result.lines - sum(result.codes.values())
            summary.codes.update(result.codes)
            if result.first_error_line is not None and (
                summary.first_error_line is None or result.first_error_line < summary.first_error_line
            ):
                summary.first_error_line = result.first_error_line
            if on_progress is not None:
                on_progress(summary.skipped + summary.lines)
    finally:
        client.cancel(futures)
