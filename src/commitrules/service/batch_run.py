"""What identifies a batch run, so that ``--resume`` only ever continues the run that wrote the output.

Output line *n* answers input line *n*, so a resumed run appends to the lines already written. That
is right only when the resumed run is the same run: the same input, the same pack, the same
evaluation date, the same engine and the same commitrules. A run that writes to ``OUT`` therefore
first records these in ``OUT.run.json`` (written whole, by rename, before the first output line);
``--resume`` compares the record with the run it is asked to make and refuses, saying what differs.
A resume without ``--as-of`` takes the recorded date, so that resuming after midnight does not judge
the rest of the input a day later.

It also keeps the output from destroying its own input: an output that is the input (the same file,
whatever the path or link that names it) is refused before anything is opened for writing.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import stat
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from commitrules.errors import CommitRulesError
from commitrules.io.atomic import same_file
from commitrules.io.bounded import read_at_most
from commitrules.io.probe import names_no_file
from commitrules.messages import Joined, Text, os_reason

if TYPE_CHECKING:
    from collections.abc import Iterator

    from commitrules.policy.pack import PolicyPack

__all__ = [
    "BatchIOError",
    "BatchUsageError",
    "RunRecord",
    "available_cpus",
    "check_not_the_input",
    "check_resumable",
    "check_resume",
    "reading_input",
    "record_path",
    "write_record",
]

#: The suffix of the record beside an output file.
RECORD_SUFFIX: Final = ".run.json"


class BatchUsageError(CommitRulesError):
    """The batch asked for cannot be run as asked (the output is the input, a resume of another run)."""

    code = "batch_usage"


class BatchIOError(CommitRulesError):
    """A file of the batch could not be read or written (a full disk, a permission, a device error).

    ``path`` names the file; the output keeps every complete line written, so the same command with
    ``--resume`` goes on once the cause is removed.
    """

    code = "io_error"

    def __init__(self, path: str | Text, action: str, cause: OSError) -> None:
        self.path = path
        self.action = action
        self.cause = cause
        reason = os_reason(cause) if cause.strerror else type(cause).__name__
        super().__init__(Text("batch.io", action=Text(f"batch.action.{action}"), path=path, reason=reason))


class BatchWorkerLostError(CommitRulesError):
    """A worker process ended in the middle of the batch (killed for memory, say).

    The output keeps every complete line written before it, so the same command with ``--resume`` goes on.
    """

    code = "worker_lost"

    def __init__(self, exitcode: int | None) -> None:
        self.exitcode = exitcode
        if exitcode is not None and exitcode < 0:
            how = Text("batch.worker.signal", signal=-exitcode)
        else:
            how = Text("batch.worker.exit", code=exitcode)
        super().__init__(Text("batch.worker_lost", how=how))


@dataclass(frozen=True)
class RunRecord:
    """What identifies a batch run: its input, pack, evaluation date, engine, version, and records' language.

    A record written before error records had a language is English (``lang`` is absent from it).
    """

    input: str
    input_sha256: str | None
    pack: str
    pack_digest: str
    as_of: str
    engine: str
    commitrules: str
    lang: str = "en"

    def differences(self, other: RunRecord) -> list[Text]:
        """What differs from ``other`` (the recorded run), one phrase each (``batch.field.<name>``)."""
        mine, theirs = asdict(self), asdict(other)
        return [
            Text("batch.difference", what=Text(f"batch.field.{name}"), theirs=theirs[name], mine=mine[name])
            for name in mine
            if mine[name] != theirs[name] and name != "input"
        ]


def describe_run(pack: PolicyPack, input_path: str, as_of: dt.date, engine: str, lang: str = "en") -> RunRecord:
    """The record of a run of ``pack`` over ``input_path``, its error records in ``lang``.

    The content of standard input (``-``), a pipe or a device is unknown: hashing it would read its
    lines before the batch does, or never end.
    """
    from commitrules import __version__  # noqa: PLC0415 - the package imports the batch

    digest = _sha256(Path(input_path)) if input_path != "-" and Path(input_path).is_file() else None
    return RunRecord(
        input_path, digest, f"{pack.name} {pack.version}", pack.digest, as_of.isoformat(), engine, __version__, lang
    )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while block := stream.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def record_path(out_path: str) -> Path:
    """Where the record of the run writing ``out_path`` is kept."""
    return Path(out_path + RECORD_SUFFIX)


def write_record(out_path: str, record: RunRecord) -> None:
    """Record the run beside its output, whole or not at all (written aside, then renamed)."""
    target = record_path(out_path)
    temporary = target.with_name(target.name + ".tmp")
    try:
        temporary.write_text(json.dumps(asdict(record), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        temporary.replace(target)
    except OSError as exc:
        raise BatchIOError(str(target), "write", exc) from None


def read_record(out_path: str) -> RunRecord | None:
    """The recorded run of ``out_path``, or None when there is no (readable, sound) record.

    Sound: every field a text (the input's digest may be null), the date a date, the language zh or en;
    a resume takes the date and the language from the record.

    Raises:
        BatchIOError: the record is there but the system failed to read it (a permission, a device
            error): exit 6 naming it, not "the record is not a sound one", which would have the user
            begin the run again.
    """
    path = record_path(out_path)
    try:
        text = read_at_most(path)  # a few hundred bytes: not /dev/zero read without end
        if text is None:
            return None
        data: Any = json.loads(text.decode("utf-8"))
        record = RunRecord(**data)
        dt.date.fromisoformat(record.as_of)
    except OSError as exc:
        if names_no_file(exc):
            return None
        raise BatchIOError(str(path), "read", exc) from None
    except (ValueError, TypeError, RecursionError):
        return None
    texts = [value for name, value in asdict(record).items() if name != "input_sha256"]
    if not all(isinstance(value, str) for value in texts) or not isinstance(record.input_sha256, str | None):
        return None
    return record if record.lang in ("zh", "en") else None


def check_resume(out_path: str, wanted: RunRecord, *, as_of_given: bool, lang_given: bool = True) -> RunRecord:
    """The run a ``--resume`` continues: ``wanted``, or the recorded date (language) when none was given.

    A language comes from ``--lang`` or from the locale: a run resumed from another terminal or a
    scheduler's environment without ``--lang`` goes on in the language its records were begun in.

    Raises:
        BatchUsageError: the output exists without a sound record, or was written by another run.
        BatchIOError: the record could not be read.
    """
    if not Path(out_path).exists():
        return wanted
    recorded = read_record(out_path)
    if recorded is None:
        record = record_path(out_path)
        said = "batch.bad_record" if os.path.lexists(record) else "batch.no_record"
        raise BatchUsageError(Text(said, out=out_path, record=str(record)))
    if not as_of_given:
        wanted = RunRecord(**{**asdict(wanted), "as_of": recorded.as_of})
    if not lang_given:
        wanted = RunRecord(**{**asdict(wanted), "lang": recorded.lang})
    if wanted.input_sha256 is None or recorded.input_sha256 is None:  # standard input: its content is unknown
        wanted = RunRecord(**{**asdict(wanted), "input_sha256": recorded.input_sha256})
    differences = wanted.differences(recorded)
    if differences:
        raise BatchUsageError(Text("batch.other_run", out=out_path, differences=Joined("; ", differences)))
    return wanted


def check_resumable(out_path: str) -> None:
    """Refuse to resume into what is not a file: a device (``/dev/zero`` is read without end), a pipe, a socket.

    A missing output is begun; a folder is refused when it is opened, as without ``--resume``.

    Raises:
        BatchUsageError: naming the output.
        BatchIOError: the output cannot be looked at.
    """
    try:
        mode = Path(out_path).stat().st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise BatchIOError(out_path, "read", exc) from None
    if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        raise BatchUsageError(Text("batch.resume_not_a_file", out=out_path))


def check_not_the_input(input_path: str, out_path: str | None) -> None:
    """Refuse an output that is the input itself (by path, link or redirection): writing it would empty it.

    Raises:
        BatchUsageError: naming both.
    """
    read = sys.stdin if input_path == "-" else input_path
    written = sys.stdout if out_path in (None, "-") else str(out_path)
    if same_file(read, written):
        shown = Text("cli.stdout") if out_path in (None, "-") else f"'{out_path}'"
        source = Text("cli.stdin") if input_path == "-" else f"'{input_path}'"
        raise BatchUsageError(Text("batch.output_is_input", output=shown, input=source))


def available_cpus() -> int:
    """The CPUs this process may run on (its affinity; the whole machine where that is unknown)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@contextlib.contextmanager
def reading_input(input_path: str) -> Iterator[None]:
    """An OSError of the input as it is when its path names no file (a wrong input, exit 1), else a BatchIOError.

    A permission refused or a device error is the system's failure to read a file that is there: the
    same "cannot read" naming the file (exit 6) as a failure in the middle of the batch.
    """
    try:
        yield
    except OSError as exc:
        if names_no_file(exc):
            raise
        raise BatchIOError(input_path, "read", exc) from None
