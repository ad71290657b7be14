"""The cyclic garbage collector held off while a pack is loaded, compiled or generated, and while a batch is decided.

Loading a pack allocates hundreds of thousands of objects that all live on (the documents, their
source maps, the checked conditions, the compiled rules, the generated code) and almost no cyclic
garbage. CPython's collector, triggered by allocations, walks the surviving objects again and again
as they pile up: for a kind of 10,000 rules that was more than a third of the time of the load.
:func:`collector_paused` switches it off for the duration and back on after (reference counting
frees everything that is not part of a cycle meanwhile, so memory does not pile up). Pauses nest and
may overlap between threads: the collector is switched back on when the last one ends, and only if
it was on before the first one began.

A batch decided in a host's process (``evaluate_many``) is the same story on a smaller scale: its
cases, typed cases and decisions live until the batch is answered, and each collection the batch's
allocations triggered walked them, and every few thousand cases walked the whole pack too (a full
collection). Deciding 20,000 example cases in batches of 100 took 24.6-24.9 µs a case with the
collector on and 22.2-22.6 with it held off for each batch; in batches of 1,000, 31.2-31.7 and
20.8-21.8 (``python -m benchmarks.evaluate_many``). :func:`chunks` cuts a
batch into parts of :data:`PAUSED_CASES`, each decided with the collector held off, so that a batch
of millions does not hold it off for minutes.
"""

from __future__ import annotations

import gc
import itertools
import threading
from contextlib import contextmanager
from typing import TYPE_CHECKING, Final, TypeVar

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

__all__ = ["PAUSED_CASES", "chunks", "collector_paused"]

_T = TypeVar("_T")

#: Most cases of a batch decided while the collector is held off, before it may run (see the docstring).
PAUSED_CASES: Final = 1000

_lock = threading.Lock()
_state = {"pauses": 0, "was_enabled": False}


@contextmanager
def collector_paused() -> Iterator[None]:
    """Hold off the cyclic garbage collector within the ``with`` block.

    Examples:
        >>> import gc
        >>> with collector_paused():
        ...     with collector_paused():
        ...         inner = gc.isenabled()
        ...     outer = gc.isenabled()
        >>> inner, outer, gc.isenabled()
        (False, False, True)
    """
    with _lock:
        if _state["pauses"] == 0:
            _state["was_enabled"] = gc.isenabled()
            gc.disable()
        _state["pauses"] += 1
    try:
        yield
    finally:
        with _lock:
            _state["pauses"] -= 1
            if _state["pauses"] == 0 and _state["was_enabled"]:
                gc.enable()


def chunks(items: Iterable[_T], size: int = PAUSED_CASES) -> Iterator[list[_T]]:
    """``items`` in lists of ``size`` (the last one shorter), read lazily.

    Examples:
        >>> list(chunks(range(5), 2))
        [[0, 1], [2, 3], [4]]
    """
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk
