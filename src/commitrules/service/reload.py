"""Reloading the pack of a running service: swap only to a pack that loaded completely.

A service evaluates cases from many threads while policy staff publish new versions of the rules.
:class:`PackHolder` holds the pack in use. :meth:`PackHolder.reload` loads, checks and compiles the
new pack off to the side, builds its
:class:`~commitrules.engine.evaluator.Evaluator` (the generated code of every kind), and only then
replaces the evaluator (and with it the pack) in one assignment; readers that took the old pack
finish with it, readers that come later get the new one, and no reader ever sees a pack half
loaded. A reload that fails for any reason raises and leaves the old pack serving.

Examples:
    >>> import commitrules
    >>> holder = commitrules.PackHolder.load()
    >>> serving = holder.pack
    >>> try:
    ...     holder.reload("/no/such/folder")
    ... except commitrules.PolicyError as exc:
    ...     print(exc.first.code)
    missing_file
    >>> holder.pack is serving
    True
    >>> holder.evaluate({"kind": "credit_site", "content": {"items": []}}, as_of="2020-01-01").outcome
    'noncompliant'

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from commitrules._bundled import bundled_policies_dir
from commitrules.engine.evaluator import Evaluator, evaluator_for
from commitrules.policy.compile import compile_pack
from commitrules.service.manifest import load_checked

if TYPE_CHECKING:
    import datetime as dt

    from commitrules.engine.decision import Decision
    from commitrules.engine.evaluator import EngineName
    from commitrules.model import Case
    from commitrules.policy.pack import PolicyPack

__all__ = ["PackHolder"]


class _Same:
    """The default of :meth:`PackHolder.reload`'s arguments: keep what the holder was loaded with."""

    def __repr__(self) -> str:
        return "SAME"


SAME: Final = _Same()


class PackHolder:
    """The pack a service evaluates with, replaced atomically by :meth:`reload`.

    Read :attr:`pack` once per request and use that object for the whole request (or call
    :meth:`evaluate`, which does): packs are immutable, so a request never mixes two versions.
    """

    def __init__(
        self, pack: PolicyPack, *, path: str | Path | None = None, settings: Mapping[str, Any] | None = None
    ) -> None:
        """Hold ``pack``, loaded from ``path`` (None: the bundled pack) with ``settings`` overrides."""
        self._evaluator = evaluator_for(pack)
        self._path = path
        self._settings = dict(settings) if settings is not None else None
        self._generation = 1
        self._last_error: Exception | None = None
        # Reloads run one at a time, so that a slow reload that started first cannot install its
        # (older) pack over the pack of a reload that started later and finished sooner.
        self._reloading = threading.Lock()

    @classmethod
    def load(cls, path: str | Path | None = None, *, settings: Mapping[str, Any] | None = None) -> PackHolder:
        """Load the pack at ``path`` (None: the bundled pack) and hold it.

        Raises:
            PolicyError: the pack is invalid; there is nothing to serve.
        """
        pack = _load(path, settings)
        return cls(pack, path=path, settings=settings)

    @property
    def pack(self) -> PolicyPack:
        """The pack in use (one attribute read: atomic)."""
        return self._evaluator.pack

    @property
    def evaluator(self) -> Evaluator:
        """The evaluator in use, the pack's own (one attribute read: atomic)."""
        return self._evaluator

    @property
    def path(self) -> str | Path | None:
        """The folder the pack in use was loaded from (None: the bundled pack)."""
        return self._path

    @property
    def generation(self) -> int:
        """How many packs this holder has installed: 1 after loading, one more per successful reload."""
        return self._generation

    @property
    def last_error(self) -> Exception | None:
        """Why the last reload failed, or None when it succeeded (for health checks and monitoring)."""
        return self._last_error

    def reload(
        self, path: str | Path | _Same | None = SAME, *, settings: Mapping[str, Any] | _Same | None = SAME
    ) -> PolicyPack:
        """Load the pack again (from ``path`` and with ``settings`` when given) and swap it in.

        Returns:
            The new pack, now in use.

        Raises:
            PolicyError: the new pack is invalid (``.diagnostics`` says why); the old pack stays in use.
            Exception: anything else that stopped the load; the old pack stays in use.
        """
        with self._reloading:
            new_path = self._path if isinstance(path, _Same) else path
            new_settings = self._settings if isinstance(settings, _Same) else settings
            try:
                pack = _load(new_path, new_settings)
                evaluator = evaluator_for(pack)  # every kind's code generated before the swap
            except Exception as exc:
                self._last_error = exc
                raise
            self._path = new_path
            self._settings = dict(new_settings) if new_settings is not None else None
            self._last_error = None
            self._generation += 1
            self._evaluator = evaluator  # the one assignment readers can observe, made last
            return pack

    def install(self, pack: PolicyPack, *, generation: int | None = None) -> None:
        """Swap in ``pack``, compiled elsewhere (another worker process published it), as :meth:`reload` does.

        Args:
            pack: a compiled pack (unpickled, for instance).
            generation: the generation to report from now on (default: one more than now).
        """
        evaluator = evaluator_for(pack)  # every kind's code generated before the swap
        with self._reloading:
            self._generation = generation if generation is not None else self._generation + 1
            self._last_error = None
            self._evaluator = evaluator  # the one assignment readers can observe, made last

    def evaluate(
        self, case: Case | Mapping[str, Any], as_of: dt.date | str | None = None, engine: EngineName = "compiled"
    ) -> Decision:
        """Decide ``case`` with the pack in use when called (see :meth:`PolicyPack.evaluate`)."""
        return self._evaluator.evaluate(case, as_of=as_of, engine=engine)

    def evaluate_many(
        self,
        cases: Iterable[Case | Mapping[str, Any]],
        as_of: dt.date | str | None = None,
        engine: EngineName = "compiled",
    ) -> list[Decision]:
        """Decide several cases, all with the same pack (the one in use when called)."""
        return self._evaluator.evaluate_many(cases, as_of=as_of, engine=engine)

    def __repr__(self) -> str:
        pack = self._evaluator.pack
        return f"PackHolder({pack.name} {pack.version} {pack.digest[:19]}, generation {self._generation})"


def _load(path: str | Path | None, settings: Mapping[str, Any] | None) -> PolicyPack:
    """What ``commitrules.load_policies`` does (this module sits below the package's API).

    A link is resolved once, and a folder with a ``pack.lock`` is taken only as published (see
    :mod:`commitrules.service.manifest`).
    """
    return load_checked(Path(path) if path is not None else bundled_policies_dir(), settings, compile_pack)
