"""Reloading the pack while serving: by an admin call, or by watching the pack's folder.

Both go through :func:`reload_pack`, which asks the :class:`~commitrules.PackHolder` to load, check and
compile the folder off to the side and swap it in with one assignment. A request reads the holder's
pack once, so it is decided by exactly one pack. A reload that fails leaves the old pack serving; the
failure is counted in the metrics and shown by ``/readyz`` until a later reload succeeds. With several
workers the reloaded pack is published to the others (:mod:`commitrules.service.http.publication`).
"""

from __future__ import annotations

import contextlib
import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field, ValidationError

from commitrules.errors import CaseError, PolicyError
from commitrules.messages import LANGS, Lang, Said, Text, message, os_reason
from commitrules.service.http.problems import ProblemError, problem_item
from commitrules.service.http.state import freeze_heap

if TYPE_CHECKING:
    from commitrules.service.http.publication import Publication
    from commitrules.service.http.state import ServiceState

__all__ = ["FolderWatcher", "ReloadFailure", "error_items", "reload_failure", "reload_pack", "shared_failure"]

_LOG = logging.getLogger("commitrules.service")


def error_items(exc: BaseException) -> list[CaseError]:
    """A failed load's diagnostics as problem items (``path``: file:line:column), or why else it stopped.

    What stopped a load that is no policy problem is said from the catalogue (``problem.reload_*``): a
    file the system could not read, or another error, its type and text quoted as Python's own words.
    """
    if isinstance(exc, PolicyError):
        return [
            CaseError.of(
                str(d.span),
                Said({lang: f"{d.code}: {d.message_in(lang)}" for lang in LANGS}),
                Said({lang: d.suggestion_in(lang) or "" for lang in LANGS}),
                d.path,
            )
            for d in exc.diagnostics
        ]
    if isinstance(exc, OSError) and exc.filename is not None:  # the folder gone, a file not readable
        reason = os_reason(exc)
        if isinstance(reason, Text):
            return [CaseError.of("$", Text("problem.reload_io", path=str(exc.filename), reason=reason))]
    # anything else (a defect, an unknown system error): Python's own words, quoted in each language
    return [CaseError.of("$", Text("problem.reload_other", error=type(exc).__name__, detail=str(exc)))]


class ReloadFailure(BaseModel):
    """That the last reload failed (the previous pack kept serving), and why to the admin, in the request's language."""

    message: str = Field(
        description="The first diagnostic, as `commitrules check --lang` words it (admin); to other callers "
        "only that a reload failed and where to read why"
    )
    errors: list[dict[str, str]] = Field(
        description="Each diagnostic: 'path' (file:line:column) and 'message' (admin; empty for other callers)"
    )


def reload_failure(error: BaseException, lang: Lang, *, details: bool = True) -> ReloadFailure:
    """What ``/readyz`` says of the last failed reload, in ``lang`` (another library's error keeps its words).

    Without ``details`` (a caller who may not reload the pack): that it failed, and no path, name or
    text of a file; the diagnostics are the admin's (``/readyz`` with an admin token, the 422 of
    ``POST /v1/admin/reload``) and the server log's.
    """
    if not details:
        return ReloadFailure(message=message("problem.reload_hidden", lang), errors=[])
    words = error.render(lang) if isinstance(error, PolicyError) else str(error)
    items = (problem_item(e, lang) for e in error_items(error))
    return ReloadFailure(
        message=words.splitlines()[0][:300] if words else type(error).__name__,
        errors=[{"path": item["path"], "message": item["message"]} for item in items],
    )


def shared_failure(publication: Publication, generation: int, lang: Lang, *, details: bool) -> ReloadFailure | None:
    """Another worker's failed reload while it served ``generation``, as :func:`reload_failure` words it; or None.

    A reload call reaches one worker of several: the others, serving the same published pack, show its
    failure in ``/readyz`` as well, until a reload succeeds (a newer generation). None also for a record
    this worker cannot read (it is said in the server log of the worker that failed, whatever happens).
    """
    shared = publication.failure(generation)
    if shared is None:
        return None
    try:
        return ReloadFailure.model_validate(shared[lang]["admin" if details else "other"])
    except (KeyError, TypeError, ValidationError):
        return None


def reload_pack(service: ServiceState) -> None:
    """Reload the pack from its folder (blocking: call it from a thread).

    Raises:
        ProblemError: 422 ``reload_failed`` with the diagnostics; the old pack is still serving.
    """
    holder = service.holder
    try:
        pack = holder.reload()
    except Exception as exc:
        service.metrics.reloads.labels("failed").inc()
        # the operator's account of why (a watched folder's reload has no caller to answer): /readyz
        # tells those without the admin role only that it failed
        said = exc.render("en") if isinstance(exc, PolicyError) else f"{type(exc).__name__}: {exc}"
        _LOG.warning("reload failed; the pack %s %s keeps serving:\n%s", holder.pack.name, holder.pack.version, said)
        if service.publication is not None:  # for the other workers' /readyz: a reload call reached this one
            words: dict[str, Any] = {
                lang: {
                    "admin": reload_failure(exc, lang).model_dump(),
                    "other": reload_failure(exc, lang, details=False).model_dump(),
                }
                for lang in LANGS
            }
            try:
                service.publication.publish_failure(holder.generation, words)
            except OSError:
                _LOG.warning("the failed reload could not be shown to the other workers", exc_info=True)
        raise ProblemError(422, "reload_failed", Text("problem.reload_failed"), error_items(exc)) from exc
    if service.publication is not None:
        try:
            holder.install(pack, generation=service.publication.publish(pack))
        except OSError:  # the pack serves in this worker; the others keep theirs until a reload publishes
            _LOG.warning("the reloaded pack could not be published to the other workers", exc_info=True)
    freeze_heap(thaw=True)  # the old pack is collected, the new one frozen
    service.metrics.reloads.labels("ok").inc()
    service.metrics.set_pack(pack.name, pack.version, pack.digest, holder.generation)
    _LOG.info("reloaded: %s %s %s", pack.name, pack.version, pack.digest)


def fingerprint(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """What changes when a file of ``folder`` is added, removed, edited or renamed."""
    try:
        files = sorted(p for p in folder.rglob("*") if p.is_file())
        return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files)
    except OSError:
        return ()


class FolderWatcher:
    """Polls the pack's folder and reloads when its files change (a thread; stops with :meth:`stop`)."""

    def __init__(self, service: ServiceState, folder: Path, interval: float) -> None:
        self._service = service
        self._folder = folder
        self._interval = interval
        self._stopping = threading.Event()
        self._seen = fingerprint(folder)
        self._thread = threading.Thread(target=self._run, name="commitrules-pack-watcher", daemon=True)

    def start(self) -> None:
        """Start polling."""
        self._thread.start()

    def stop(self) -> None:
        """Stop polling (waits for a reload in progress)."""
        self._stopping.set()
        if self._thread.is_alive():
            self._thread.join(timeout=60)

    def _run(self) -> None:
        while not self._stopping.wait(self._interval):
            now = fingerprint(self._folder)
            if now == self._seen:
                continue
            self._seen = now
            with contextlib.suppress(ProblemError):  # counted and shown by /readyz; the next change tries again
                reload_pack(self._service)
