"""Keeping each worker process on one core of its own (``--cpu-affinity``).

A worker's event loop and its decision log's writer are two threads of one interpreter. On two cores the
writer, back from a commit's ``fsync``, waits for the interpreter while the busy event loop keeps taking
it back (it lets go around every system call, and takes it again before the sleeping writer wakes):
near saturation about one commit in a hundred waits a whole switch interval (5 ms) or more, and the
requests of that commit with it. Kept on one core, the two threads take turns as the kernel wakes the
writer, and the wait is gone (docs/performance.md, stop 28). Off by default: the system's scheduler
decides, as for any process.

``auto`` takes the cores this process may run on (``os.sched_getaffinity``), a list names them in
Linux's cpu-list form (``0-3,6``, as ``taskset -c`` takes it). One worker takes the first core. Several
workers claim a core each when they start, the least claimed of the list first, through lock files in
the folder the parent shares with them: a claim is a lock held for the worker's life, which the system
lets go when the worker ends, so a worker that uvicorn starts again in place of a dead one takes the core
that was freed, and one started beside a worker it replaces (``SIGHUP``) takes the least claimed.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Final

from commitrules.messages import Text, os_reason

__all__ = [
    "AUTO",
    "MAX_CORE",
    "CoreClaim",
    "CoresError",
    "can_pin",
    "chosen_cores",
    "claim_core",
    "cpu_list",
    "parse_cores",
    "pin_process",
    "usable_cores",
]

_logger = logging.getLogger("commitrules.service")

#: The value of ``--cpu-affinity`` that takes the cores this process may run on.
AUTO: Final = "auto"
#: The highest core number a list may name (Linux's own limit, ``NR_CPUS``, is at most 8,192).
MAX_CORE: Final = 8191

#: The most digits a core's number may be written with (8191 and a leading zero or so; ``int`` of a
#: long text is slow, and past 4,300 digits refused with a message of its own).
_DIGITS: Final = 6
#: The lock files' folder inside the parent's shared folder.
_FOLDER: Final = "cores"


def can_pin() -> bool:
    """Whether this system can keep a process on given cores (Linux can; macOS and Windows cannot)."""
    return hasattr(os, "sched_setaffinity") and hasattr(os, "sched_getaffinity")


def usable_cores() -> tuple[int, ...]:
    """The cores this process may run on, in order."""
    return tuple(sorted(os.sched_getaffinity(0)))


def parse_cores(text: str) -> tuple[int, ...] | None:
    """``--cpu-affinity``'s value: None for ``auto``, else the cores of a cpu list, in its order.

    Raises:
        ValueError: not ``auto`` nor a list of cores and ranges (``0-3,6``), or a range that runs
            backwards, or a core past :data:`MAX_CORE`, or ranges that name more cores, overlaps
            counted, than twice the most a system may have (work bounded whatever the text).

    Examples:
        >>> parse_cores("auto"), parse_cores("0-2,5"), parse_cores(" 3 ")
        (None, (0, 1, 2, 5), (3,))
    """
    text = text.strip()
    if text.lower() == AUTO:
        return None
    cores: dict[int, None] = {}  # ordered, each once
    named = 0
    for item in text.split(","):
        low, dash, high = item.strip().partition("-")
        bounds = [low.strip(), high.strip()] if dash else [low.strip()]
        if not all(bound.isascii() and bound.isdigit() and len(bound) <= _DIGITS for bound in bounds):
            raise ValueError(f"not a list of cores: {text!r:.100}")
        first, last = int(bounds[0]), int(bounds[-1])
        named += last - first + 1
        if last > MAX_CORE or first > last or named > 2 * (MAX_CORE + 1):
            raise ValueError(f"not a list of cores: {text!r:.100}")
        cores.update(dict.fromkeys(range(first, last + 1)))
    return tuple(cores)


def cpu_list(cores: Iterable[int]) -> str:
    """``cores`` written as a cpu list, runs as ranges (what a message shows, however many there are).

    Examples:
        >>> cpu_list([0, 1, 2, 3, 6, 8, 9])
        '0-3,6,8-9'
    """
    runs: list[list[int]] = []
    for core in sorted(set(cores)):
        if runs and runs[-1][1] == core - 1:
            runs[-1][1] = core
        else:
            runs.append([core, core])
    return ",".join(str(low) if low == high else f"{low}-{high}" for low, high in runs)


class CoresError(ValueError):
    """``--cpu-affinity`` cannot be followed: why, as a catalogue text once the flag is known (:meth:`said`)."""

    def __init__(self, key: str, **fields: str) -> None:
        super().__init__(key)
        self.key, self.fields = key, fields

    def said(self, flag: str, raw: str) -> Text:
        """The message, naming ``flag`` (and the value ``raw`` given, when it did not parse)."""
        if self.key == "serveerr.want_cores":
            return Text("serveerr.invalid", source=flag, raw=raw, detail=Text(self.key))
        return Text(self.key, flag=flag, **self.fields)


def chosen_cores(text: str) -> tuple[int, ...]:
    """The cores ``--cpu-affinity`` names (``auto``: :func:`usable_cores`), each one this process may run on.

    Raises:
        CoresError: this system cannot keep a process on a core, the list does not parse, or it names
            cores this process may not run on (a core the machine lacks, or one outside its affinity).
    """
    if not can_pin():
        raise CoresError("serveerr.cores_unsupported")
    try:
        named = parse_cores(text)
    except ValueError:
        raise CoresError("serveerr.want_cores") from None
    usable = usable_cores()
    if named is None:
        return usable
    outside = [core for core in named if core not in usable]
    if outside:
        raise CoresError("serveerr.cores_outside", cores=cpu_list(outside), usable=cpu_list(usable))
    return named


def pin_process(core: int) -> None:
    """Keep every thread of this process on ``core``, and the threads it starts later (they inherit it).

    ``os.sched_setaffinity(0, ...)`` moves the calling thread alone on Linux; the threads started before
    (a log's, a library's) are moved one by one (``/proc/self/task``).

    Raises:
        CoresError: the system refused (``serveerr.cores_pin_failed``); nothing was moved.
    """
    try:
        os.sched_setaffinity(0, {core})
    except OSError as exc:  # the service's cores changed since they were checked (a cpuset), or the core is gone
        raise CoresError("serveerr.cores_pin_failed", core=str(core), reason=str(os_reason(exc))) from None
    with contextlib.suppress(FileNotFoundError):
        for task in Path("/proc/self/task").iterdir():
            with contextlib.suppress(ProcessLookupError):  # a thread that ended meanwhile
                os.sched_setaffinity(int(task.name), {core})
    _logger.info("process %d runs on core %d (--cpu-affinity)", os.getpid(), core)


class CoreClaim:
    """A worker's claim on a core: a lock file held open (and locked) as long as the claim lives.

    The worker keeps it for its life (the app's state holds it); the system lets the lock go when the
    process ends, however it ends. :meth:`close` lets it go before.
    """

    def __init__(self, core: int, descriptor: int) -> None:
        self.core = core
        self._descriptor: int | None = descriptor

    def close(self) -> None:
        """Let the core go (idempotent)."""
        if self._descriptor is not None:
            os.close(self._descriptor)
            self._descriptor = None


def claim_core(shared: Path, cores: Sequence[int], workers: int) -> CoreClaim | None:
    """Claim the least claimed of ``cores`` for this worker process; None when none can be.

    The claims are lock files (``cores/<core>.<slot>``) under ``shared``, each holding when it was
    made; a global lock file makes the count and the claim one step. Of cores claimed as often, the
    one whose latest claim is the oldest is taken: when uvicorn replaces its workers (``SIGHUP``) it
    starts each replacement before it stops the worker replaced, and that worker's core is then the
    one claimed longest ago (taking the first core of the list, every replacement went to the same
    core). ``workers`` bounds the slots per core (a replaced worker overlaps its replacement, so twice
    as many). The claim lasts as long as the returned object is kept (and not closed).
    """
    import fcntl  # noqa: PLC0415 - Linux's (can_pin is checked first); not on Windows

    folder = shared / _FOLDER
    folder.mkdir(mode=0o700, exist_ok=True)
    guard = os.open(folder / "claims.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(guard, fcntl.LOCK_EX)
        claimed = {core: _claims(folder, core, 2 * workers) for core in dict.fromkeys(cores)}

        def order(core: int) -> tuple[int, int]:  # fewest claims, then the oldest latest claim; sort is stable
            times = [made for made in claimed[core] if made is not None]
            return len(times), max(times, default=-1)

        for core in sorted(claimed, key=order):
            free = [slot for slot, made in enumerate(claimed[core]) if made is None]
            if free:
                descriptor = os.open(folder / f"{core}.{free[0]}", os.O_RDWR | os.O_CREAT, 0o600)
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)  # free a moment ago, under the guard
                os.ftruncate(descriptor, 0)
                os.pwrite(
                    descriptor, str(time.monotonic_ns()).encode("ascii"), 0
                )  # the system's clock, every process's
                return CoreClaim(core, descriptor)
    finally:
        os.close(guard)  # closing lets the guard's lock go
    _logger.warning("every core of --cpu-affinity is claimed %d times: this worker is not pinned", 2 * workers)
    return None


def _claims(folder: Path, core: int, slots: int) -> list[int | None]:
    """When each of ``core``'s slots was claimed by a live process (its file is locked); None: free."""
    import fcntl  # noqa: PLC0415 - as claim_core

    held: list[int | None] = []
    for slot in range(slots):
        path = folder / f"{core}.{slot}"
        try:
            probe = os.open(path, os.O_RDWR)
        except FileNotFoundError:
            held.append(None)
            continue
        try:
            fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            text = os.pread(probe, 32, 0)
            held.append(int(text) if text.isdigit() else 0)  # claimed, when unknown: long ago
        else:
            held.append(None)  # closing the probe lets the lock go at once
        finally:
            os.close(probe)
    return held
