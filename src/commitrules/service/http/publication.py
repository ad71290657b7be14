"""Several worker processes, one pack: a reload in any worker is published to every worker.

With ``serve --workers N`` uvicorn runs N processes and an admin call reaches one of them. The parent
process makes a folder that only its user can open (``tempfile.mkdtemp``, mode 0700) and hands it to
every worker. A worker that reloaded its pack publishes it there:

1. the compiled pack itself, pickled (``pack-<generation>.pickle``), written under a temporary name
   and renamed;
2. then ``current.json``, naming that file, the pack's digest and the **generation**: one more than the
   generation published before (the publishers take turns under a file lock).

Every worker looks at ``current.json`` before it decides, whatever route asks (one ``stat()``, about a
microsecond), and when a newer generation was published it installs that very pack, in one
assignment, before deciding. Hence:

- a request that arrives after a reload call has answered is decided by the new pack, whichever worker
  takes it (the worker that would decide checks first);
- every worker installs the pack the reloading worker compiled, not the folder read again, which
  policy staff may have changed in the meantime: one published pack, the same digest everywhere;
- within a worker nothing changes: a request reads the holder once and is decided by exactly one pack.

Why a file rather than the decision log's database: a database read before every decision would cost a
round trip per request (or, polled, leave a window in which a worker still decides with the old pack),
and a service may keep no log at all. Why not a signal: uvicorn's supervisor does not pass signals of
its own on, and a signal handled "soon" cannot promise anything about the next request. The folder is
per host: behind a load balancer with several hosts, reload each host (or publish the pack with
``pack.lock`` and use ``--watch``).

The pickles are read only from the folder made by the parent for this run, which only the service's user
can write; that user can change the service's code anyway. A pickle runs code when it is loaded, so a
worker checks before it loads one, as the pack cache does (:mod:`commitrules._cachedir`): the folder
and the file must be the user's (or root's) and not writable by group or others, the file no symbolic
link, and ``current.json`` must name a ``pack-<generation>.pickle`` of the folder, not a path elsewhere.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import pickle
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from commitrules import PackHolder
    from commitrules.policy.pack import PolicyPack

__all__ = ["SHARED_ENV", "Publication", "Published"]

#: The environment variable the parent names the workers' shared folder in.
SHARED_ENV: Final = "COMMITRULES_SERVE_SHARED"
_POINTER: Final = "current.json"
#: The last failed reload of any worker, with the generation it failed on (see :meth:`Publication.failure`).
_FAILURE: Final = "failed.json"
#: The most of ``failed.json`` read (its diagnostics are cut to this length of text anyway).
_FAILURE_BYTES: Final = 1 << 20
_LOCK: Final = "publish.lock"
#: Older pickles kept beside the current one (a worker may be reading the one just replaced).
_KEEP: Final = 2
#: The name of a published pickle (``current.json`` naming anything else is refused).
_PICKLE_NAME: Final = re.compile(r"pack-[0-9]{1,20}\.pickle")
#: Seconds before a publication that could not be installed is tried again.
_RETRY_SECONDS: Final = 1.0

_LOG = logging.getLogger("commitrules.service")


@dataclass(frozen=True, slots=True)
class Published:
    """What ``current.json`` says: the generation, the pack's digest and the pickle that holds it."""

    generation: int
    digest: str
    file: str


class Publication:
    """The shared folder of one ``serve --workers N``: publish a pack, and follow what others published."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._pointer = folder / _POINTER
        self._seen: tuple[int, int, int] | None = None
        #: The publication that could not be installed, and when (tried again after _RETRY_SECONDS).
        self._failed: tuple[tuple[int, int, int] | None, float] | None = None
        self._following = threading.Lock()

    def _signature(self) -> tuple[int, int, int] | None:
        try:
            stat = os.stat(self._pointer)  # noqa: PTH116 - the fastest look, once per request
        except FileNotFoundError:
            return None
        return (stat.st_ino, stat.st_mtime_ns, stat.st_size)

    def changed(self) -> bool:
        """Whether ``current.json`` changed since this worker last followed it (cheap: call it per request).

        A publication this worker failed to install is tried again once a second, not by every request.
        """
        signature = self._signature()
        if signature == self._seen:
            return False
        failed = self._failed
        return failed is None or failed[0] != signature or time.monotonic() - failed[1] >= _RETRY_SECONDS

    def read(self) -> Published | None:
        """The current publication, or None when nothing was published in this run."""
        try:
            data = json.loads(self._pointer.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        return Published(int(data["generation"]), str(data["digest"]), str(data["file"]))

    def publish(self, pack: PolicyPack, *, generation: int | None = None) -> int:
        """Publish ``pack`` (just installed by this worker) to the other workers; its generation.

        ``generation``: the generation to publish it as (``serve``'s parent publishes the pack it checked
        as 1, the workers' first); default, one more than the generation published before.

        Raises:
            OSError: the folder cannot be written (the pack stays installed in this worker only).
        """
        with self._exclusive():
            if generation is None:
                current = self.read()
                generation = (current.generation if current is not None else 1) + 1
            name = f"pack-{generation}.pickle"
            temporary = self.folder / f".{name}.tmp"
            temporary.write_bytes(pickle.dumps(pack, protocol=pickle.HIGHEST_PROTOCOL))
            temporary.replace(self.folder / name)
            pointer = {"generation": generation, "digest": pack.digest, "file": name}
            staged = self.folder / f".{_POINTER}.tmp"
            staged.write_text(json.dumps(pointer), encoding="utf-8")
            staged.replace(self._pointer)  # the moment the other workers see it
            self._seen = self._signature()
            (self.folder / _FAILURE).unlink(missing_ok=True)  # of an older generation: shown by nobody now
            for old in self.folder.glob("pack-*.pickle"):
                number = old.stem.removeprefix("pack-")
                if number.isascii() and number.isdigit() and int(number) <= generation - _KEEP:
                    old.unlink(missing_ok=True)
        return generation

    def publish_failure(self, generation: int, words: dict[str, Any]) -> None:
        """Show the other workers that a reload of the pack of ``generation`` failed, and why (``words``).

        ``words`` is what ``/readyz`` says of it, by language and by who asks (written out by the worker
        that failed: the others did not see the error). A later publication makes it stale.

        Raises:
            OSError: the folder cannot be written.
        """
        with self._exclusive():
            staged = self.folder / f".{_FAILURE}.tmp"
            staged.write_text(json.dumps({"generation": generation, "words": words}), encoding="utf-8")
            staged.replace(self.folder / _FAILURE)

    def failure(self, generation: int) -> dict[str, Any] | None:
        """What a worker published of a reload that failed while ``generation`` served (None: no such failure).

        A failure recorded on another generation is not this pack's: a reload succeeded since (or this
        worker has not yet installed the pack the failed one served).
        """
        try:
            with (self.folder / _FAILURE).open("rb") as handle:
                data = json.loads(handle.read(_FAILURE_BYTES))
        except (OSError, ValueError):  # none (a rename replaces it whole): nothing to show
            return None
        if not isinstance(data, dict) or data.get("generation") != generation:
            return None
        words = data.get("words")
        return words if isinstance(words, dict) else None

    def first(self) -> tuple[PolicyPack, int] | None:
        """The pack published now and its generation, for a worker that starts (None: nothing published).

        A worker starts with the pack ``serve``'s parent checked and published, not with the folder read
        again: the folder may have changed since (policy staff copying a new version in), and two workers
        would then serve two packs, or one would fail to start.

        Raises:
            OSError, pickle.UnpicklingError, ValueError: the publication cannot be read.
        """
        signature = self._signature()  # before the read: a publication after it is followed at the next request
        published = self.read()
        if published is None:
            return None
        pack = self._checked(published)
        self._seen = signature
        return pack, published.generation

    def follow(self, holder: PackHolder) -> PolicyPack | None:
        """Install the published pack in ``holder`` if it is newer than the holder's (blocking).

        Returns:
            The pack installed now, or None when the holder already had the published generation.

        Raises:
            OSError, pickle.UnpicklingError, ValueError: the publication cannot be read; the holder keeps
                its pack (the next request tries again).
        """
        with self._following:
            signature = self._signature()
            if signature == self._seen:
                return None  # another request of this worker followed it meanwhile
            try:
                return self._install(holder, signature)
            except Exception:
                self._failed = (signature, time.monotonic())
                raise

    def _install(self, holder: PackHolder, signature: tuple[int, int, int] | None) -> PolicyPack | None:
        """:meth:`follow`'s work, under its lock; ``signature`` is the pointer's as looked at first."""
        published = self.read()
        if published is None or published.generation <= holder.generation:
            self._seen = signature
            return None
        # the same pack, published again (several workers watching one folder), is not loaded again
        pack = holder.pack if published.digest == holder.pack.digest else self._checked(published)
        holder.install(pack, generation=published.generation)
        self._seen = signature
        _LOG.info("installed the pack published by another worker: generation %d", published.generation)
        return pack

    def _checked(self, published: Published) -> PolicyPack:
        """The pack ``published`` names, loaded, with the digest it was published with (else ValueError)."""
        pack = self._load(published.file)
        if pack.digest != published.digest:
            raise ValueError(f"the published pack has the digest {pack.digest}, not {published.digest}")
        return pack

    def _load(self, name: str) -> PolicyPack:
        """The pickled pack ``name`` of the folder, once the folder and the file are seen to be trusted.

        Raises:
            ValueError: ``name`` is not a pack file of the folder, or the folder or file could have been
                written by another user (see the module).
        """
        from commitrules._cachedir import Untrusted, read_trusted, untrusted  # noqa: PLC0415 - only when followed

        if not _PICKLE_NAME.fullmatch(name):
            raise ValueError(_said("publication.bad_pointer", path=str(self.folder), file=name))
        reason = untrusted(self.folder.stat(), folder=True)
        if reason:
            raise _refused(self.folder, reason)
        path = self.folder / name
        try:
            data = read_trusted(path)
        except Untrusted as refusal:
            raise _refused(path, refusal.reason) from None
        loaded: PolicyPack = pickle.loads(data)  # noqa: S301 - checked above: the user's own
        return loaded

    @contextlib.contextmanager
    def _exclusive(self) -> Iterator[None]:
        """One publisher at a time (an advisory lock where the platform has one)."""
        try:
            import fcntl  # noqa: PLC0415 - POSIX only
        except ImportError:  # pragma: no cover - Windows: uvicorn's workers share no socket there anyway
            yield
            return
        with (self.folder / _LOCK).open("a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


def _said(message_id: str, **params: object) -> str:
    """A catalogue message in the locale's language (the workers' log has no ``--lang``)."""
    from commitrules.messages import locale_lang, message  # noqa: PLC0415 - only with something to say

    return message(message_id, locale_lang() or "en", **params)


def _refused(path: Path, reason: tuple[str, dict[str, object]]) -> ValueError:
    """The error of a publication not installed because ``path`` could have been written by another user."""
    from commitrules.messages import Text  # noqa: PLC0415 - only with something to say

    return ValueError(_said("publication.untrusted", path=str(path), reason=Text(reason[0], **reason[1])))
