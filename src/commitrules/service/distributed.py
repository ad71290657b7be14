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
  A partition is handed out as soon as the scan has found its end, so the workers start at once.
- **Each partition is written by its worker** to ``OUT.parts/RUN/part-NNNNNN.jsonl`` (to a temporary name,
  then renamed), and the client records finished partitions in ``OUT.parts/manifest.json``. A part is
  appended to the output (a temporary file among the parts, by ``copy_file_range`` where the system
  has it) as soon as every part before it is there, so that joining runs while the workers evaluate;
  after the last part the join is renamed to ``OUT`` and the folder is removed
  (:mod:`commitrules.service.dask_parts`).
- **A cluster of this machine is quiet** (:func:`local_cluster`, ``--dask local:N``): Dask's profiler and
  frequent health checks are off or slowed (:data:`LOCAL_CONFIG`); docs/scale.md gives the same settings
  for a real cluster's workers.
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
import logging
import os
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Final, cast

from commitrules.engine import resolve_as_of
from commitrules.errors import DistributedRunError, EngineUnavailableError
from commitrules.messages import Lang, Text
from commitrules.service.batch import BatchSummary, evaluate_line, iter_lines
from commitrules.service.batch_run import available_cpus, check_not_the_input
from commitrules.service.dask_parts import Joiner, Manifest, identity, part_name

if TYPE_CHECKING:
    import datetime as dt

    from distributed import Client, LocalCluster

    from commitrules.policy.pack import PolicyPack

__all__ = [
    "LOCAL_CONFIG",
    "PARTITION_LINES",
    "DistributedRunError",
    "Partition",
    "evaluate_jsonl_dask",
    "iter_partitions",
    "local_cluster",
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
    return list(iter_partitions(path, lines_per_partition))


def iter_partitions(path: Path, lines_per_partition: int = PARTITION_LINES) -> Iterator[Partition]:
    """The partitions of :func:`plan_partitions`, each as soon as the scan of ``path`` has found its end.

    The client hands a partition to a worker while it still scans for the next ones, so the workers
    start after the first partition's bytes are read, not after the whole file's.

    Raises:
        ValueError: ``lines_per_partition`` is less than 1 (before the file is opened).
    """
    if lines_per_partition < 1:
        raise ValueError("lines_per_partition must be 1 or more")
    return _scan(path, lines_per_partition)


def _scan(path: Path, size: int) -> Iterator[Partition]:
    offset, start, pending, index, last = 0, 0, 0, 0, b"\n"
    with path.open("rb") as stream:
        while block := stream.read(1 << 20):
            found = block.count(b"\n")
            position = 0
            while pending + found >= size:  # a partition ends in this block: find its last line break
                for _ in range(size - pending):
                    position = block.index(b"\n", position) + 1
                found -= size - pending
                yield Partition(index, start, offset + position, index * size + 1, size)
                start, pending, index = offset + position, 0, index + 1
            pending += found
            offset += len(block)
            last = block[-1:]
    if offset > start:  # the lines after the last full partition
        yield Partition(index, start, offset, index * size + 1, pending + (last != b"\n"))


class _Range:
    """The part of an open file up to byte ``end``, read line by line (what ``iter_lines`` needs)."""

    def __init__(self, stream: BinaryIO, start: int, end: int) -> None:
        stream.seek(start)
        self.stream = stream
        self.left = end - start  # counted here: a tell() per line costs more than the arithmetic

    def readline(self, limit: int = -1) -> bytes:
        if self.left <= 0:
            return b""
        line = self.stream.readline(self.left if limit < 0 else min(limit, self.left))
        self.left -= len(line)
        return line


@dataclass(frozen=True, slots=True)
class _PartResult:
    index: int
    lines: int
    codes: dict[str, int]
    first_error_line: int | None


def _evaluate_partition(  # noqa: PLR0913, PLR0917 - one task's whole description, sent to a worker
    pack: PolicyPack, source: str, partition: Partition, folder: str, as_of: dt.date, engine: str, lang: Lang = "en"
) -> _PartResult:
    """Evaluate one partition on a worker and write its part file; what it found, for the manifest."""
    codes: Counter[str] = Counter()
    first_error: int | None = None
    lines = 0
    target = Path(folder) / part_name(partition.index)
    temporary = target.with_name(f"{target.name}.{uuid.uuid4().hex}.tmp")
    try:
        with Path(source).open("rb") as stream, temporary.open("wb") as sink:
            reader = cast("BinaryIO", _Range(stream, partition.start, partition.end))
            for number, raw in enumerate(iter_lines(reader), partition.first):
                text, code = evaluate_line(pack, raw, number, as_of=as_of, engine=engine, lang=lang)
                sink.write(text + b"\n")
                lines += 1
                if code is not None:
                    codes[code] += 1
                    if first_error is None:
                        first_error = number
        temporary.replace(target)
    finally:
        temporary.unlink(missing_ok=True)
    return _PartResult(partition.index, lines, dict(codes), first_error)


# --- the cluster ------------------------------------------------------------------------------------------

#: Dask settings of a ``local:N`` cluster. Dask's defaults wake every worker's event loop about 150 times
#: a second (a statistical profiler every 10 ms, a health tick every 20 ms, a memory check every 100 ms):
#: each wake takes the interpreter lock from the task, which cost the workers some 10 % more processor
#: time than one process (docs/performance.md). A batch's tasks need none of it that often.
LOCAL_CONFIG: Final[dict[str, object]] = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.worker.memory.monitor-interval": "500ms",
}


@contextlib.contextmanager
def local_cluster(workers: int) -> Iterator[LocalCluster]:
    """A Dask cluster of ``workers`` processes on this machine, as ``--dask local:N`` starts it.

    One thread per worker (the work is Python: threads would share one interpreter lock), reachable
    from this machine only, with :data:`LOCAL_CONFIG`.

    Raises:
        EngineUnavailableError: Dask is not installed.
    """
    try:
        import dask  # noqa: PLC0415 - an optional dependency
        from distributed import LocalCluster  # noqa: PLC0415
    except ImportError:
        raise EngineUnavailableError(_INSTALL) from None
    with dask.config.set(LOCAL_CONFIG):  # read when the scheduler and the workers are made, here
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host=_LOOPBACK,
            dashboard_address=f"{_LOOPBACK}:0",  # any free port: several clusters may run side by side
            silence_logs=logging.ERROR,
        )
    with cluster:
        yield cluster


def local_workers(cluster: str) -> int | None:
    """The N of ``local:N`` as asked (None: ``cluster`` names no local cluster); a run starts at most one per CPU.

    Raises:
        DistributedRunError: ``local:`` followed by anything but a whole number of 1 or more in ASCII digits
            (``int`` would also read '２' and raise on '²', which ``str.isdigit`` lets through).
    """
    if not cluster.startswith("local:"):
        return None
    count = cluster.removeprefix("local:")
    if not (count.isascii() and count.isdigit()) or int(count) < 1:
        raise DistributedRunError(Text("dask.local", cluster=cluster))
    return int(count)


@contextlib.contextmanager
def _client(cluster: str | Client, timeout: float) -> Iterator[Client]:
    """A client of ``cluster``: an address, ``local:N`` (a cluster of N processes here), or a client."""
    try:
        from distributed import Client  # noqa: PLC0415 - an optional dependency
    except ImportError:
        raise EngineUnavailableError(_INSTALL) from None
    if not isinstance(cluster, str):
        yield cluster
        return
    workers = local_workers(cluster)
    if workers is not None:
        with local_cluster(min(workers, available_cpus())) as local, Client(local) as client:
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
    lang: Lang = "en",
    lang_given: bool = True,
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
        lang: the language of the error records' words (their codes and paths are the same in each).
        lang_given: whether ``lang`` was asked for (``--lang``) rather than taken from the locale; when it
            was not, a resumed run goes on in the language its partial run was begun in.

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
    partitions = iter_partitions(source_path, partition_lines)
    folder = out_path.with_name(out_path.name + ".parts")
    if resume and not lang_given:
        lang = Manifest.recorded_lang(folder, lang)
    recorded = identity(pack, source_path, day, engine, partition_lines, lang=lang)
    kept = Manifest.kept(folder, recorded) if resume else None
    run = _Run(pack, source_path.resolve(), day, engine, on_progress)
    run.lang = lang
    with contextlib.ExitStack() as joining:
        joining.callback(run.close)  # the join is removed unless it became the output
        if kept is not None:
            run.keep(kept)
        with contextlib.ExitStack() as reached:
            for partition in partitions:
                run.count += 1
                if run.manifest is not None and str(partition.index) in run.manifest.done:
                    continue
                if run.client is None:  # the first partition to evaluate: reach the cluster, then write
                    run.start(reached.enter_context(_client(cluster, connect_timeout)), folder, recorded)
                    reached.callback(run.cancel)  # on any way out, before the client is closed
                run.submit(partition)
            run.wait()
        if run.joiner is None:  # an empty input (or, resumed, nothing left to evaluate and nothing kept)
            run.keep(Manifest.start(folder, recorded))
        cast("Joiner", run.joiner).finish(out_path, run.count)
    run.summary.seconds = time.monotonic() - started
    return run.summary


class _Run:
    """One run's state: the cluster's client, the manifest, the join, the futures, the counts."""

    def __init__(
        self,
        pack: PolicyPack,
        source: Path,
        day: dt.date,
        engine: str,
        on_progress: Callable[[int], None] | None,
    ) -> None:
        self.pack, self.source, self.day, self.engine, self.on_progress = pack, str(source), day, engine, on_progress
        self.summary = BatchSummary()
        self.count = 0  # the partitions of the input scanned so far
        self.client: Client | None = None
        self.manifest: Manifest | None = None
        self.joiner: Joiner | None = None
        self.shipped: Any = None
        self.futures: list[Any] = []
        self.lang: Lang = "en"  # of the error records

    def keep(self, manifest: Manifest) -> None:
        """Go on with ``manifest``: its finished partitions count as skipped and are joined first."""
        self.manifest = manifest
        self.joiner = Joiner(manifest)
        for result in manifest.done.values():
            self.summary.skipped += result["lines"]

    def close(self) -> None:
        """Close the join (removed unless it became the output); the parts stay for a resumed run."""
        if self.joiner is not None:
            self.joiner.close()

    def start(self, client: Client, folder: Path, recorded: dict[str, Any]) -> None:
        """The cluster is reached: begin a new run unless one is kept, and send the pack to every worker."""
        self.client = client
        if self.manifest is None:
            self.keep(Manifest.start(folder, recorded))
        self.shipped = client.scatter(self.pack, broadcast=True, hash=False)

    def submit(self, partition: Partition) -> None:
        """Hand ``partition`` to the cluster."""
        client, manifest = cast("Client", self.client), cast("Manifest", self.manifest)
        folder = str(manifest.parts.resolve())
        self.futures.append(
            client.submit(
                _evaluate_partition,
                self.shipped,
                self.source,
                partition,
                folder,
                self.day,
                self.engine,
                self.lang,
                pure=False,
            )
        )

    def cancel(self) -> None:
        """Release the futures: those still waiting or running are cancelled (a failure stops the run)."""
        cast("Client", self.client).cancel(self.futures)

    def wait(self) -> None:
        """Record every partition as it is finished, and join it."""
        if not self.futures:
            return
        from distributed import as_completed  # noqa: PLC0415 - an optional dependency

        manifest, joiner, summary = cast("Manifest", self.manifest), cast("Joiner", self.joiner), self.summary
        for future in as_completed(self.futures):
            result: _PartResult = future.result()
            manifest.done[str(result.index)] = {
                "lines": result.lines,
                "codes": result.codes,
                "first_error_line": result.first_error_line,
            }
            manifest.save()
            joiner.finished(result.index)
            summary.lines += result.lines
            summary.decisions += result.lines - sum(result.codes.values())
            summary.codes.update(result.codes)
            if result.first_error_line is not None and (
                summary.first_error_line is None or result.first_error_line < summary.first_error_line
            ):
                summary.first_error_line = result.first_error_line
            if self.on_progress is not None:
                self.on_progress(summary.skipped + summary.lines)
