"""The cyclic garbage collector held off while a pack is loaded, compiled or generated.

Loading a pack allocates hundreds of thousands of objects that all live on (the documents, their
source maps, the checked conditions, the compiled rules, the generated code) and almost no cyclic
garbage. CPython's collector, triggered by allocations, walks the surviving objects again and again
as they pile up: for a kind of 10,000 rules that was more than a third of the time of the load.
:func:`collector_paused` switches it off for the duration and back on after (reference counting
frees everything that is not part of a cycle meanwhile, so memory does not pile up). Pauses nest and
may overlap between threads: the collector is switched back on when the last one ends, and only if
it was on before the first one began.
"""

from __future__ import annotations

import gc
import threading
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["collector_paused"]

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
