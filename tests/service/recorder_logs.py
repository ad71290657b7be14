"""A stand-in for the decision log that the writer thread (``Recorder``) appends to: no checkpoints."""

from __future__ import annotations


class NoCheckpoints:
    """The checkpoint side of the recorder's log protocol, for a stand-in that takes none.

    A test's log subclasses it and writes ``append_many_ids``.
    """

    def checkpoint_when_idle(self) -> bool:
        return False

    def checkpoint_if_due(self, *, idle: bool) -> bool:  # noqa: ARG002 - the protocol's signature
        return False

    @property
    def checkpoint_failures(self) -> int:
        return 0
