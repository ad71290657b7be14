r"""Batch evaluation of JSON Lines: one case per input line, one output line per input line, in order.

Re-screening stored cases means millions of lines, some of them broken. The batch never stops on a bad
line: every input line yields exactly one output line, in input order, either the decision (the JSON of
:meth:`Decision.model_dump_json`) or an error record naming the line::

    {"line": 7, "error": {"code": "invalid_case", "errors": [{"path": "$.kind", "message": "...",
                                                              "expected": "...", "found": "..."}]}}

Because output line *n* always answers input line *n*, a run that was interrupted is resumed by
counting the complete lines already written (:func:`prepare_resume`) and skipping as many input lines.
Input is streamed (memory stays flat however long the file), and with ``workers > 1`` chunks of lines
are evaluated in worker processes, each holding its own copy of the (picklable) pack, with a bounded
number of chunks in flight and results written back in input order.

Examples:
    >>> import io, commitrules
    >>> pack = commitrules.load_policies()
    >>> source = io.BytesIO(b'{"kind": "credit_site", "content": {"items": []}}\nnot json\n')
    >>> sink = io.BytesIO()
    >>> summary = evaluate_jsonl(pack, source, sink, as_of="2020-01-01")
    >>> (summary.lines, summary.decisions, summary.errors)
    (2, 1, 1)
    >>> sink.getvalue().decode().splitlines()[1][:46]
    '{"line":2,"error":{"code":"invalid_json","erro'

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import sys
import time
from collections import Counter
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Final, TextIO, cast

from commitrules.engine import evaluate_case, evaluator_for, resolve_as_of
from commitrules.engine.build import decision_json
from commitrules.errors import CaseError, CaseValidationError, CommitRulesError, EngineUnavailableError
from commitrules.io.probe import exists, is_file
from commitrules.messages import Lang, Text, json_reason, message
from commitrules.model._json import (
    DuplicateKeyError,
    NotJsonConstantError,
    ZeroedNumberError,
    load_json,
    read_within_limits,
)
from commitrules.model._parse import (
    MAX_CASE_TEXT,
    MAX_DEPTH,
    MAX_LIST_ITEMS,
    MAX_TEXT_CHARS,
    MAX_VALUES,
)
from commitrules.service.batch_run import (
    BatchIOError,
    BatchWorkerLostError,
    available_cpus,
    check_not_the_input,
    check_resumable,
    check_resume,
    describe_run,
    reading_input,
    write_record,
)
from commitrules.service.lines import (
    MAX_LINE_BYTES,
    Line,
    Unended,
    count_lines,
    is_finite,
    iter_lines,
    prepare_resume,
)
from commitrules.service.workers import WorkerLostError, ordered_map

if TYPE_CHECKING:
    import datetime as dt

    from commitrules.engine.evaluator import EngineName
    from commitrules.policy.pack import PolicyPack

__all__ = [
    "CHUNK_LINES",
    "MAX_LINE_BYTES",
    "BatchSummary",
    "Progress",
    "Unended",
    "count_lines",
    "evaluate_jsonl",
    "evaluate_line",
    "is_finite",
    "iter_lines",
    "prepare_resume",
]

#: Lines per chunk sent to a worker: large enough that pickling costs little, small enough that
#: output reaches the disk often (an interrupted run loses at most the chunks in flight).
CHUNK_LINES: Final = 200
#: Chunks in flight per worker: keeps workers busy while the parent writes, and memory bounded.
IN_FLIGHT_PER_WORKER: Final = 4

_EXPECTED_LINE: Final = Text("batch.record.expected")
#: The longest line read the quick way: within it no text, no count of values, no total of text can
#: go past its limit (each value and each character takes at least one byte).
_QUICK_BYTES: Final = min(MAX_TEXT_CHARS, MAX_VALUES, MAX_CASE_TEXT)
_BOM: Final = b"\xef\xbb\xbf"


@dataclass
class BatchSummary:
    """What a batch run did: lines read in this run, decisions, error records by code, lines skipped."""

    lines: int = 0
    decisions: int = 0
    skipped: int = 0
    codes: Counter[str] = field(default_factory=Counter)
    first_error_line: int | None = None
    seconds: float = 0.0
    #: The line of a stream refused at the size limit, after which the input was not read (None: read whole).
    unended_line: int | None = None

    @property
    def errors(self) -> int:
        """How many error records were written."""
        return sum(self.codes.values())

    def render(self, lang: Lang = "en") -> str:
        """One line for standard error, in ``lang``: counts, the first bad line, throughput."""
        lines, errors = ("one" if count == 1 else "other" for count in (self.lines, self.errors))
        head = message(f"batch.summary.{lines}", lang, lines=self.lines, decisions=self.decisions)
        head += message(f"batch.summary.errors.{errors}", lang, errors=self.errors)
        parts = [head]
        if self.codes:
            by_code = ", ".join(f"{code} {count}" for code, count in sorted(self.codes.items()))
            parts[0] += message("batch.summary.codes", lang, codes=by_code, line=self.first_error_line)
        if self.skipped:
            parts.append(message("batch.summary.skipped", lang, count=self.skipped))
        if self.seconds > 0 and self.lines:
            rate = f"{self.lines / self.seconds:,.0f}"
            parts.append(message("batch.summary.speed", lang, seconds=f"{self.seconds:.1f}", rate=rate))
        return message("batch.summary.sep", lang).join(parts)

    def add(self, lines: int, errors: Iterable[tuple[int, str]]) -> None:
        """Count a chunk of ``lines`` output lines, of which ``errors`` (line, code) were error records."""
        found = 0
        for line, code in errors:
            found += 1
            self.codes[code] += 1
            if self.first_error_line is None or line < self.first_error_line:
                self.first_error_line = line
        self.lines += lines
        self.decisions += lines - found


# --- one line ------------------------------------------------------------------------------------------


def _record(number: int, code: str, errors: Iterable[CaseError], lang: Lang) -> bytes:
    """The error record of line ``number``: its code, paths and line as they are, its words in ``lang``."""
    items = []
    for e in errors:
        said, expected, found = e.words(lang)
        items.append({"path": e.path, "message": said, "expected": expected, "found": found})
    return json.dumps(
        {"line": number, "error": {"code": code, "errors": items}}, ensure_ascii=False, separators=(",", ":")
    ).encode("utf-8")


def _invalid_json(number: int, lang: Lang, text: Text, found: Text | str = "") -> bytes:
    return _record(number, "invalid_json", [CaseError.of("$", text, _EXPECTED_LINE, found)], lang)


def _excerpt(text: str, column: int) -> str:
    """The text around 1-based ``column``, quoted, for the 'found' of an invalid_json record."""
    start = max(column - 21, 0)
    snippet = text[start : start + 40]
    return f"'{'...' if start else ''}{snippet}{'...' if start + 40 < len(text) else ''}'"


def _too_long(size: int, number: int, lang: Lang) -> bytes:
    """The error record of a line past :data:`MAX_LINE_BYTES` of ``size`` bytes (read of it: :class:`Unended`)."""
    mib = MAX_LINE_BYTES // 2**20
    if isinstance(size, Unended):
        more = Text("batch.record.more_bytes", count=size - 1)
        return _invalid_json(number, lang, Text("batch.record.too_long_stream", max=mib), more)
    found = Text("batch.record.size", mib=f"{size / 2**20:.1f}", size=size)
    return _invalid_json(number, lang, Text("batch.record.too_long", max=mib), found)


def _decode(raw: Line, number: int, lang: Lang) -> tuple[Any, bytes | None]:  # noqa: C901, PLR0911 - one return per way a line fails
    """The JSON value of one line, or None and the error record (its words in ``lang``)."""
    if isinstance(raw, int):
        return None, _too_long(raw, number, lang)
    if number == 1:
        raw = raw.removeprefix(_BOM)
    try:
        text = raw.decode("utf-8").rstrip("\r\n")
    except UnicodeDecodeError as exc:
        said = Text("batch.record.not_utf8", position=exc.start + 1)
        return None, _invalid_json(number, lang, said, Text("batch.record.byte", byte=f"{raw[exc.start]:02X}"))
    if not text.strip():
        return None, _invalid_json(number, lang, Text("batch.record.empty"), Text("batch.record.an_empty_line"))
    try:
        return load_json(text), None
    except json.JSONDecodeError as exc:
        said = Text("batch.record.invalid_json", column=exc.colno, reason=json_reason(exc.msg) or exc.msg)
        return None, _invalid_json(number, lang, said, _excerpt(text, exc.colno))
    except DuplicateKeyError as exc:
        duplicate = CaseError.of(exc.path, exc.text, "", f"'{exc.key}'")
        return None, _record(number, "invalid_json", [duplicate], lang)
    except NotJsonConstantError as exc:
        return None, _invalid_json(number, lang, Text("batch.record.not_json_value", value=str(exc)), f"'{exc}'")
    except ZeroedNumberError as exc:
        return None, _invalid_json(number, lang, exc.text, exc.number[:60])
    except ValueError as exc:  # an integer of more than sys.get_int_max_str_digits() digits
        return None, _invalid_json(number, lang, Text("batch.record.digits"), str(exc)[:80])
    except RecursionError:
        found = Text("batch.record.characters", count=len(text))
        return None, _invalid_json(number, lang, Text("batch.record.too_deep"), found)


def _quick_line(pack: PolicyPack, raw: bytes, number: int, as_of: dt.date, engine: str) -> bytes | None:
    """The decision JSON of a line read the quick way (see ``read_within_limits``), or None.

    pydantic reads the bytes in Rust and validates the object into the case model, the decision's
    JSON is joined from prepared fragments. Any line it is not certain of, and any problem, is left
    to the long way (None), which reads the line as before and words every error as before: the
    output is byte for byte the same either way (``tests/test_batch_quick.py``).
    """
    if number == 1:
        raw = raw.removeprefix(_BOM)
    document = read_within_limits(raw, max_bytes=_QUICK_BYTES, max_items=MAX_LIST_ITEMS, max_depth=MAX_DEPTH)
    if document is None:
        return None
    evaluator = evaluator_for(pack)
    typed = evaluator.typed_within_limits(document)
    if typed is None:
        return None
    try:
        # validated against the pack's vocabulary already: no walk for unknown codes (evaluate_case's to_case)
        return decision_json(evaluator.decide(typed, as_of, cast("EngineName", engine)))
    except EngineUnavailableError:
        raise
    except Exception:  # noqa: BLE001 - the long way decides again, and words the error
        return None


def evaluate_line(  # noqa: PLR0913 - the line, its number and the batch's options
    pack: PolicyPack, raw: Line, number: int, *, as_of: dt.date, engine: str, lang: Lang = "en"
) -> tuple[bytes, str | None]:
    """The output line (without its newline) for input line ``number``, and the error code if it is one.

    An error record's code, paths and line number are the same in every language; its words (``message``,
    ``expected``, ``found``) are in ``lang``. A line decided is the same in every language.

    Raises:
        EngineUnavailableError: the engine is not installed (a batch cannot go on without it).
    """
    if type(raw) is bytes:
        quick = _quick_line(pack, raw, number, as_of, engine)
        if quick is not None:
            return quick, None
    data, error = _decode(raw, number, lang)
    if error is not None:
        return error, "invalid_json"
    try:
        decision = evaluate_case(pack, data, as_of=as_of, engine=engine)
        text = decision_json(decision)  # a lazy decision builds its facts here
    except CaseValidationError as exc:
        return _record(number, exc.code, exc.errors, lang), exc.code
    except EngineUnavailableError:
        raise
    except CommitRulesError as exc:
        return _record(number, exc.code, [CaseError("$", exc.message_in(lang))], lang), exc.code
    except Exception as exc:  # noqa: BLE001 - a bug must cost one line of a million-line batch, not the batch
        said = message("batch.record.engine_failed", lang, error=f"{type(exc).__name__}: {exc}")
        return _record(number, "evaluation_error", [CaseError("$", said[:500])], lang), "evaluation_error"
    return text, None


@dataclass(frozen=True)
class _Evaluator:
    """Evaluates chunks of lines (in the parent, or in a worker that received it pickled)."""

    pack: PolicyPack
    as_of: dt.date
    engine: str
    lang: Lang = "en"

    def __call__(self, chunk: tuple[int, list[Line]]) -> tuple[bytes, list[tuple[int, str]]]:
        first, lines = chunk
        out: list[bytes] = []
        errors: list[tuple[int, str]] = []
        for number, raw in enumerate(lines, first):
            text, code = evaluate_line(self.pack, raw, number, as_of=self.as_of, engine=self.engine, lang=self.lang)
            out.append(text)
            if code is not None:
                errors.append((number, code))
        out.append(b"")
        return b"\n".join(out), errors


# --- streams ---------------------------------------------------------------------------------------------


def _chunks(lines: Iterator[Line], first: int, size: int) -> Iterator[tuple[int, list[Line]]]:
    chunk: list[Line] = []
    for raw in lines:
        chunk.append(raw)
        if len(chunk) == size:
            yield first, chunk
            first += size
            chunk = []
    if chunk:
        yield first, chunk


class Progress:
    r"""A one-line progress bar redrawn with ``\r`` on a terminal, at most ten times a second."""

    def __init__(self, stream: TextIO, total: int | None = None, done: int = 0, lang: Lang = "en") -> None:
        """Draw on ``stream`` in ``lang``; ``total`` lines (None when unknown: standard input), ``done`` already."""
        self.lang = lang
        self.stream = stream
        self.total = total
        self.start_done = done
        self.started = time.monotonic()
        self.drawn = 0.0

    def update(self, done: int, *, force: bool = False) -> None:
        """Redraw for ``done`` lines (counting lines skipped on resume)."""
        now = time.monotonic()
        if not force and now - self.drawn < 0.1:  # ten redraws a second
            return
        self.drawn = now
        rate = (done - self.start_done) / max(now - self.started, 1e-9)
        text = message("batch.progress", self.lang, done=f"{done:,}", rate=f"{rate:,.0f}")
        if self.total:
            share = min(done / self.total, 1.0)
            bar = "#" * int(share * 30)
            eta = (self.total - done) / rate if rate > 0 else 0
            text = f"[{bar:<30}] {share:4.0%}  " + message(
                "batch.progress.total",
                self.lang,
                done=f"{done:,}",
                total=f"{self.total:,}",
                rate=f"{rate:,.0f}",
                eta=f"{eta:,.0f}",
            )
        self.stream.write(f"\r{text}\x1b[K")
        self.stream.flush()

    def close(self, done: int) -> None:
        """Draw the final state and end the line."""
        self.update(done, force=True)
        self.stream.write("\n")
        self.stream.flush()


# --- the batch -------------------------------------------------------------------------------------------


def evaluate_jsonl(  # noqa: PLR0913 - keyword-only options of one batch
    pack: PolicyPack,
    source: BinaryIO,
    sink: BinaryIO,
    *,
    as_of: dt.date | str | None = None,
    engine: str = "compiled",
    workers: int = 1,
    skip: int = 0,
    chunk_lines: int = CHUNK_LINES,
    on_progress: Callable[[int], None] | None = None,
    lang: Lang = "en",
) -> BatchSummary:
    """Evaluate every JSON line of ``source`` and write one output line per input line to ``sink``.

    Args:
        pack: the compiled pack (pickled to each worker process when ``workers > 1``).
        source: the input, read line by line in binary.
        sink: where output lines go, in input order; flushed after every chunk.
        as_of: the evaluation date of the whole batch (None: today, fixed once at the start).
        engine: ``compiled`` or ``rete``.
        workers: processes evaluating chunks; 1 evaluates in this process. At most one per CPU available
            (:func:`available_cpus`): more only share the same CPUs and cost start-up time.
        skip: input lines to pass over unread (already answered by a previous, interrupted run).
        chunk_lines: lines per chunk.
        on_progress: called with the number of input lines done (``skip`` included) after each chunk.
        lang: the language of the error records' words (their codes, paths and lines are the same in each).

    Returns:
        The counts of this run.

    Raises:
        EngineUnavailableError: the engine is not installed (raised by the first line, before any output).
        BatchIOError: the input could not be read or the output written (naming the file).
    """
    started = time.monotonic()
    evaluator = _Evaluator(pack, resolve_as_of(as_of), engine, lang)
    workers = min(workers, available_cpus())
    summary = BatchSummary()
    read = iter_lines(source, skip_long=is_finite(source))
    lines = _watching(_reading(read, _name(source, Text("cli.stdin"))), summary)
    for _ in range(skip):
        if next(lines, None) is None:
            break
        summary.skipped += 1
    chunks = _chunks(lines, summary.skipped + 1, chunk_lines)
    results = _parallel(evaluator, chunks, workers) if workers > 1 else map(evaluator, chunks)
    try:
        for blob, errors in results:
            try:
                sink.write(blob)
                sink.flush()
            except BrokenPipeError:
                raise
            except OSError as exc:  # a full disk: what was flushed before stays, a torn end is cut on resume
                raise BatchIOError(_name(sink, Text("cli.stdout")), "write", exc) from None
            summary.add(blob.count(b"\n"), errors)
            if on_progress is not None:
                on_progress(summary.skipped + summary.lines)
    finally:
        if isinstance(results, Generator):  # the workers stop now, not when the traceback is freed
            results.close()
    summary.seconds = time.monotonic() - started
    return summary


def _name(stream: object, default: Text) -> str | Text:
    """The file name of ``stream``; ``default`` (in the message's language) for standard input or output."""
    name = getattr(stream, "name", None)
    return name if isinstance(name, str) and not name.startswith("<") else default


def _watching(lines: Iterator[Line], summary: BatchSummary) -> Iterator[Line]:
    """``lines``, noting in ``summary`` the number of a line the reader stopped at (:class:`Unended`)."""
    for number, line in enumerate(lines, 1):
        if type(line) is Unended:
            summary.unended_line = number
        yield line


def _reading(lines: Iterator[Line], name: str | Text) -> Iterator[Line]:
    """``lines``, with a failure to read them named as a failure of the input file."""
    while True:
        try:
            line = next(lines)
        except StopIteration:
            return
        except OSError as exc:
            raise BatchIOError(name, "read", exc) from None
        yield line


def _parallel(
    evaluator: _Evaluator, chunks: Iterator[tuple[int, list[Line]]], workers: int
) -> Iterator[tuple[bytes, list[tuple[int, str]]]]:
    """Results of ``chunks`` in input order, computed by ``workers`` processes, a bounded number in flight."""
    # spawn, not fork: forking a process that runs threads (a host service, durable_rules) can deadlock,
    # and each worker then receives the pack pickled, exactly as Spark or Dask would send it.
    context = multiprocessing.get_context("spawn")
    try:
        yield from ordered_map(context, evaluator, chunks, workers, IN_FLIGHT_PER_WORKER)
    except WorkerLostError as exc:
        raise BatchWorkerLostError(exc.exitcode) from None


def run_batch(  # noqa: PLR0913 - the options of the command line, passed through
    pack: PolicyPack,
    input_path: str,
    out_path: str | None,
    *,
    as_of: dt.date | None,
    engine: str,
    workers: int,
    resume: bool,
    progress: bool | None = None,
    lang: Lang = "en",
    lang_given: bool = True,
) -> BatchSummary:
    """The ``commitrules evaluate --jsonl`` command: files (``-`` for standard input/output) in, summary out.

    ``as_of`` None is today, or on ``resume`` the date the output was begun with. An output file gets a
    record of the run (``OUT.run.json``); a resume must match it. A progress bar is drawn on standard
    error when it is a terminal (``progress=None``). The progress bar and the error records' words are in
    ``lang``; on ``resume`` without ``lang_given`` (``--lang`` not given: ``lang`` is the locale's), the
    records go on in the language the output was begun in.

    Raises:
        BatchUsageError: the output is the input, or a resume would continue another run or is not into a file.
        BatchIOError: a file could not be read or written (the output stays resumable), the input included
            when the system refused to read it (a permission, a device error).
        OSError: the input's path names no file to read (missing, a folder, a name too long).
        EngineUnavailableError: the engine is not installed.
    """
    check_not_the_input(input_path, out_path)
    to_file = out_path not in (None, "-")
    if resume and to_file:
        check_resumable(str(out_path))
    day = resolve_as_of(as_of)
    records_lang = lang  # the error records' language: on a resume without --lang, the output's
    if to_file and _recordable(str(out_path)):
        assert out_path is not None  # noqa: S101 - to_file says so; for the type checker
        with reading_input(input_path):  # its digest: the input is read whole before the batch
            record = describe_run(pack, input_path, day, engine, lang)  # a resume in another language would mix two
        if resume:
            record = check_resume(out_path, record, as_of_given=as_of is not None, lang_given=lang_given)
            day = resolve_as_of(record.as_of)
            records_lang = "zh" if record.lang == "zh" else "en"
        if not (resume and Path(out_path).exists()):
            write_record(out_path, record)
    skip = _prepare(out_path) if resume and to_file else 0
    stdin = input_path == "-"
    show = sys.stderr.isatty() if progress is None else progress
    bar = None
    if show:
        # a pipe or a device is not counted: that would read (take) its lines, or never end
        with reading_input(input_path):
            total = count_lines(Path(input_path)) if not stdin and Path(input_path).is_file() else None
        bar = Progress(sys.stderr, total, skip, lang)
    with reading_input(input_path):
        source = sys.stdin.buffer if stdin else Path(input_path).open("rb")  # noqa: SIM115 - closed below
    try:
        if not to_file:
            sys.stdout.flush()
            summary = evaluate_jsonl(
                pack,
                source,
                sys.stdout.buffer,
                as_of=day,
                engine=engine,
                workers=workers,
                on_progress=bar.update if bar else None,
                lang=lang,
            )
        else:
            with _open_output(str(out_path), resume) as sink:
                summary = evaluate_jsonl(
                    pack,
                    source,
                    sink,
                    as_of=day,
                    engine=engine,
                    workers=workers,
                    skip=skip,
                    on_progress=bar.update if bar else None,
                    lang=records_lang,
                )
    finally:
        if not stdin:
            source.close()
    if bar is not None:
        bar.close(summary.skipped + summary.lines)
    return summary


def _recordable(out_path: str) -> bool:
    """Whether the output is a file a run can be recorded beside (not a device or a pipe).

    A name the system cannot look up (too long) is recordable: writing the record then says why (exit 6).
    """
    return not exists(out_path) or is_file(out_path)


def _prepare(out_path: str | None) -> int:
    try:
        return prepare_resume(Path(str(out_path)))
    except OSError as exc:
        raise BatchIOError(str(out_path), "read", exc) from None


@contextlib.contextmanager
def _open_output(out_path: str, resume: bool) -> Iterator[BinaryIO]:  # noqa: FBT001 - the command's own flag
    """The output file, opened to append (resume) or write; a failure to open or close it names it."""
    try:
        sink = Path(out_path).open("ab" if resume else "wb")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise BatchIOError(out_path, "open", exc) from None
    try:
        yield sink
    finally:
        try:
            sink.close()
        except OSError as exc:
            raise BatchIOError(out_path, "write", exc) from None
