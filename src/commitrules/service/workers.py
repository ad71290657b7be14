"""Worker processes that evaluate chunks in order, and stop at once whatever state they are in.

``multiprocessing.Pool`` shares its task and result queues, and the locks guarding them, between all its
workers. Stopping it (``Pool.terminate``, run on Ctrl-C) puts sentinels through those queues, so it waits
for locks the workers hold: a worker blocked writing a large result that nobody reads any more holds the
result queue's lock, and the stop waits for it forever. That hang was seen once in about sixty Ctrl-Cs
during start-up on a loaded machine.

Here each worker has a pipe of its own for chunks and another for results, and no lock is shared with a
worker. Chunk *k* goes to worker ``k % n`` and its result is read back from that worker's pipe, so results
come in input order without any reordering buffer. A sender thread per worker writes the chunks, so the
parent never blocks writing while a worker waits for its result to be read. Stopping is sending each worker
its end (normal end) or killing it (anything else): nothing waits for a worker's co-operation, and a worker
that dies on its own (killed by the kernel for memory, say) is reported, not waited for.
"""

from __future__ import annotations

import contextlib
import queue
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Generic, TypeVar

In = TypeVar("In")
Out = TypeVar("Out")

STOP_SECONDS = 5.0
"""How long a worker that was told to end may take before it is killed."""


class WorkerLostError(RuntimeError):
    """A worker process ended before it returned the result of a chunk it had been given."""

    def __init__(self, exitcode: int | None) -> None:
        self.exitcode = exitcode
        how = f"signal {-exitcode}" if exitcode is not None and exitcode < 0 else f"exit code {exitcode}"
        super().__init__(f"a worker process ended unexpectedly ({how})")


def _serve(tasks: Any, results: Any, function: Callable[[Any], Any]) -> None:
    """The loop of a worker process: a result for every chunk, until the end (None) or the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # already ignored since start-up; Ctrl-C is the parent's
    with contextlib.suppress(EOFError, BrokenPipeError, KeyboardInterrupt):
        while (chunk := tasks.recv()) is not None:
            results.send(function(chunk))


class _Worker(Generic[In]):
    """One worker process, its two pipes and the thread that feeds it."""

    def __init__(self, context: Any, function: Callable[[In], Any]) -> None:
        task_reader, self.tasks = context.Pipe(duplex=False)
        self.results, result_writer = context.Pipe(duplex=False)
        self.process = context.Process(target=_serve, args=(task_reader, result_writer, function), daemon=True)
        self.process.start()
        task_reader.close()  # the parent keeps only its own ends: a dead worker then reads as end of file
        result_writer.close()
        self.outbox: queue.SimpleQueue[In | None] = queue.SimpleQueue()
        self.sender = threading.Thread(target=self._send, name="commitrules-feeder", daemon=True)
        self.sender.start()

    def _send(self) -> None:
        with contextlib.suppress(OSError):  # the worker is gone: its result read reports it
            while True:
                chunk = self.outbox.get()
                self.tasks.send(chunk)
                if chunk is None:
                    return

    def receive(self) -> Any:
        try:
            return self.results.recv()
        except (EOFError, OSError):
            self.process.join(STOP_SECONDS)
            raise WorkerLostError(self.process.exitcode) from None

    def stop(self, *, kill: bool) -> None:
        """End the worker: by its sentinel, or at once (``kill``); either way it is gone on return."""
        if kill:
            self.process.kill()
        else:
            self.outbox.put(None)
        self.process.join(STOP_SECONDS)
        if self.process.exitcode is None:
            self.process.kill()
            self.process.join()
        self.outbox.put(None)  # a sender still waiting for work ends too
        self.sender.join()
        self.tasks.close()
        self.results.close()


def _start(context: Any, workers: int, function: Callable[[In], Any]) -> list[_Worker[In]]:
    """``workers`` processes that never see Ctrl-C: the parent stops them.

    A process started while SIGINT is ignored keeps ignoring it from its first instruction (Python leaves
    an ignored SIGINT ignored), so a Ctrl-C during start-up interrupts no worker's imports (each would
    print a traceback). Ctrl-C is held back meanwhile and reaches the parent once every worker exists,
    so the parent always knows every worker it has to stop.
    """
    started: list[_Worker[In]] = []
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        for _ in range(workers):
            started.append(_Worker(context, function))  # noqa: PERF401 - one by one: a failure stops those started
    except BaseException:
        for worker in started:
            worker.stop(kill=True)
        raise
    finally:
        signal.signal(signal.SIGINT, previous)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    return started


def ordered_map(
    context: Any, function: Callable[[In], Out], items: Iterable[In], workers: int, in_flight: int
) -> Iterator[Out]:
    """``function`` of each of ``items``, in order, computed by ``workers`` processes of ``context``.

    At most ``in_flight`` items per worker are given out ahead of the results read. Leaving the iteration
    early (an exception, Ctrl-C, ``close()``) kills the workers; reading to the end lets them finish.

    Raises:
        WorkerLostError: a worker process ended before returning a result.
    """
    pool = _start(context, workers, function)
    pending: deque[_Worker[In]] = deque()
    finished = False
    try:
        for number, item in enumerate(items):
            worker = pool[number % workers]
            worker.outbox.put(item)
            pending.append(worker)
            if len(pending) >= workers * in_flight:
                yield pending.popleft().receive()
        while pending:
            yield pending.popleft().receive()
        finished = True
    finally:
        for worker in pool:
            worker.stop(kill=not finished)
