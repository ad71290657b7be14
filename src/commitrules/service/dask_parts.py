"""The part files of a Dask batch: the manifest of a run, and their join into the output file.

Every worker writes the decisions of its partition to ``OUT.parts/<run id>/part-NNNNNN.jsonl``; the
client records each finished partition in ``OUT.parts/manifest.json`` (so that an interrupted run
resumes by partition) and appends the part to the output as soon as every partition before it is
there (so that the join runs while the workers still evaluate, not after them). The join is
written to a temporary file among the parts and renamed to ``OUT`` when the last part is in it.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from commitrules.errors import DistributedRunError
from commitrules.messages import Lang, Text

if TYPE_CHECKING:
    import datetime as dt

    from commitrules.policy.pack import PolicyPack

__all__ = ["Joiner", "Manifest", "identity", "part_name"]

_MANIFEST: Final = "manifest.json"
_FORMAT: Final = 1
_BLOCK: Final = 1 << 20
#: A run's id (``uuid4().hex``) and a partition's number as the manifest keeps them: nothing else names
#: a folder or a part (a run of '../..' would read and write parts outside ``OUT.parts``).
_RUN_ID: Final = re.compile(r"[0-9a-f]{32}")
_PARTITION: Final = re.compile(r"[0-9]{1,9}")
#: What ``copy_file_range`` answers when it cannot copy between these two files (another file system,
#: an old kernel, a file system without it): the bytes then go through memory.
_NOT_HERE: Final = frozenset({errno.EXDEV, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EINVAL, errno.EBADF})


def part_name(index: int) -> str:
    """The file name of partition ``index``'s part."""
    return f"part-{index:06d}.jsonl"


def identity(  # noqa: PLR0913 - what a run is made of
    pack: PolicyPack, source: Path, as_of: dt.date, engine: str, lines: int, *, lang: str = "en"
) -> dict[str, Any]:
    """What a partial run was made of: resuming it with anything else would mix two runs.

    The language of the error records is named when it is not English: a partial run written before
    records had a language is English, and stays resumable.
    """
    stat = source.stat()
    found = {
        "format": _FORMAT,
        "input": str(source.resolve()),
        "size": stat.st_size,
        "mtime_ns": stat.st_mtime_ns,
        "pack": pack.digest,
        "as_of": as_of.isoformat(),
        "engine": engine,
        "partition_lines": lines,
    }
    return found if lang == "en" else {**found, "lang": lang}


def _write_json(path: Path, data: Any) -> None:
    temporary = path.with_name(f"{path.name}.{uuid.uuid4().hex}.tmp")
    temporary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    temporary.replace(path)


@dataclass
class Manifest:
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
        """The folder of this run's part files."""
        return self.folder / self.run

    def save(self) -> None:
        """Write the manifest (atomically: a torn manifest is never read)."""
        _write_json(self.folder / _MANIFEST, {"identity": self.identity, "run": self.run, "done": self.done})

    @classmethod
    def start(cls, folder: Path, identity: dict[str, Any]) -> Manifest:
        """A new run: the parts of older runs removed (as far as no late task still writes there)."""
        shutil.rmtree(folder, ignore_errors=True)
        manifest = cls(folder, identity, uuid.uuid4().hex, {})
        manifest.parts.mkdir(parents=True, exist_ok=True)
        manifest.save()
        return manifest

    @staticmethod
    def recorded_lang(folder: Path, default: Lang) -> Lang:
        """The language of the error records of the partial run in ``folder``; ``default`` when none is there.

        A manifest that cannot be read gives ``default``: :meth:`kept` then says what is wrong with it.
        """
        try:
            recorded = json.loads((folder / _MANIFEST).read_text(encoding="utf-8"))
            found = recorded["identity"].get("lang", "en")
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return default
        return "zh" if found == "zh" else "en"

    @classmethod
    def kept(cls, folder: Path, identity: dict[str, Any]) -> Manifest | None:
        """The partial run in ``folder`` with the partitions whose parts are there; None when there is none.

        Raises:
            DistributedRunError: the manifest cannot be read, or is of another run.
        """
        path = folder / _MANIFEST
        if not path.exists():
            return None
        try:
            recorded = json.loads(path.read_text(encoding="utf-8"))
            run, done = str(recorded["run"]), dict(recorded["done"])
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise DistributedRunError(Text("dask.unreadable", folder=str(folder), detail=str(exc))) from None
        if not _RUN_ID.fullmatch(run) or not all(isinstance(k, str) and _PARTITION.fullmatch(k) for k in done):
            parts = ", ".join(f"'{key}'" for key in done) or "-"
            detail = Text("dask.manifest.not_a_run", run=run, parts=parts)
            raise DistributedRunError(Text("dask.unreadable", folder=str(folder), detail=detail))
        if recorded.get("identity") != identity:
            raise DistributedRunError(Text("dask.other_run", folder=str(folder)))
        manifest = cls(folder, identity, run, {})
        manifest.done = {key: value for key, value in done.items() if (manifest.parts / part_name(int(key))).is_file()}
        return manifest


def append_file(path: Path, fd: int) -> int:
    """Append the whole file ``path`` to the open file ``fd``; the bytes copied.

    ``os.copy_file_range`` lets the kernel copy (no round trip of every byte through this process,
    and no copy at all where the file system shares blocks); where it cannot, a plain copy in blocks.
    """
    with path.open("rb") as part:
        size = os.fstat(part.fileno()).st_size
        copied = 0
        copy_range = getattr(os, "copy_file_range", None)
        try:
            while copy_range is not None and copied < size:
                step = copy_range(part.fileno(), fd, size - copied)
                if step == 0:  # the part is shorter than it was: append what the plain copy reads
                    break
                copied += step
        except OSError as exc:
            if exc.errno not in _NOT_HERE:
                raise
        part.seek(copied)  # both offsets stand after the bytes copied so far
        while block := part.read(_BLOCK):
            view = memoryview(block)
            while view:
                view = view[os.write(fd, view) :]
            copied += len(block)
    return copied


class Joiner:
    """The output, joined in input order from the parts as they are finished (see the module).

    Args:
        manifest: the run whose parts are joined, with the partitions it lists as done.
    """

    def __init__(self, manifest: Manifest) -> None:
        """Open the temporary join among the run's parts and join the parts already done."""
        self.manifest = manifest
        self.path = manifest.parts / f"joined.{uuid.uuid4().hex}.tmp"
        self.fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        self.joined = 0  # the parts before this index are in the join
        # Parts kept from an interrupted run are joined with the first part this run finishes (or at the
        # end), not now: the cluster gets its first partitions before this copy, which then overlaps them.
        self.waiting = {int(key) for key in manifest.done}

    def finished(self, index: int) -> None:
        """Partition ``index``'s part is written: join it, and every waiting part it was the gap before."""
        self.waiting.add(index)
        self._join()

    def _join(self) -> None:
        while self.joined in self.waiting:
            self.waiting.discard(self.joined)
            append_file(self.manifest.parts / part_name(self.joined), self.fd)
            self.joined += 1

    def finish(self, out: Path, count: int) -> None:
        """Rename the join to ``out`` when it holds all ``count`` parts, then remove the parts' folder.

        Raises:
            RuntimeError: a part is missing from the join (a defect: every partition is joined once).
        """
        self._join()
        if self.joined != count or self.waiting:
            msg = f"The join holds {self.joined} of {count} parts"
            raise RuntimeError(msg)
        os.close(self.fd)
        self.fd = -1
        self.path.replace(out)
        shutil.rmtree(self.manifest.folder, ignore_errors=True)

    def close(self) -> None:
        """Close the join; unless it became the output, remove it (the parts stay for a resumed run)."""
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1
        self.path.unlink(missing_ok=True)
