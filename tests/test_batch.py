"""Batch mode (`evaluate --jsonl`): one output line per input line, in order, whatever the input holds.

The input files are built from the example cases with bad lines mixed in at known places; each bad
line must come out as an error record naming its line, every good line as the decision that
`pack.evaluate` gives for it, and a run interrupted and resumed must write exactly what an
uninterrupted run writes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any, BinaryIO, cast

import pytest

import commitrules
from commitrules.cli import EXIT_CASE, EXIT_ENGINE, EXIT_OK, EXIT_USAGE, main
from commitrules.engine.evaluator import Evaluator
from commitrules.engine.rete import ReteEngine
from commitrules.errors import EngineUnavailableError
from commitrules.io.case_files import read_cases
from commitrules.policy.pack import PolicyPack
from commitrules.service import batch
from commitrules.service.batch import (
    BatchSummary,
    Progress,
    Unended,
    evaluate_jsonl,
    iter_lines,
    prepare_resume,
)
from commitrules.service.batch_run import describe_run

ROOT = Path(__file__).resolve().parents[1]
AS_OF = "2020-06-01"

#: Bad lines, each with the code and the first error path (or message start) its record must carry.
BAD_LINES: list[tuple[bytes, str, str]] = [
    (b"not json", "invalid_json", "Invalid JSON at column 1"),
    (b"", "invalid_json", "The line is empty"),
    (b"   \t ", "invalid_json", "The line is empty"),
    (b'{"kind": "credit_site", "content": {"items": []}', "invalid_json", "Invalid JSON at column 49"),
    (b'{"kind": "credit_site", "content": {"items": []}}}', "invalid_json", "Invalid JSON at column 50"),
    (b"\xff\xfe{}", "invalid_json", "The line is not UTF-8: byte 1"),
    (b'{"kind": "\xce\xd2"}', "invalid_json", "The line is not UTF-8: byte 11"),
    (b'{"kind": "credit_site", "content": {"items": [NaN]}}', "invalid_json", "'NaN' is not a JSON value"),
    (b"[" * 50_000 + b"]" * 50_000, "invalid_json", "The line is nested too deeply"),
    (b"1" * 5000, "invalid_json", "A number has too many digits"),
    (b'{"kind": "nope"}', "invalid_case", "$.kind"),
    (b'{"content": {"items": []}}', "invalid_case", "$.kind"),
    (b"[1, 2]", "invalid_case", "$"),
    (b'"a string"', "invalid_case", "$"),
    (b"null", "invalid_case", "$"),
    (b'{"kind": "credit_site", "content": {"items": ["risk_notise"]}}', "invalid_case", "$.content.items[0]"),
    (b'{"kind": "credit_site", "content": {"items": []}, "extra": 1}', "invalid_case", "$.extra"),
    (b'{"kind": "credit_site"}', "invalid_case", "$.content"),
    (
        b'{"kind": "escalation", "request": {"unit": "x", "from_role": "division_head"}}',
        "invalid_case",
        "$.request.unit",
    ),
    (b'{"kind": "leniency", "conduct": {"subject": 3}}', "invalid_case", "$.conduct.subject"),
]


def case_lines() -> list[bytes]:
    """Every example case as one JSON line."""
    cases, errors = read_cases([ROOT / "examples" / "cases"])
    assert [] == errors
    return [json.dumps(c.case.model_dump(mode="json"), ensure_ascii=False).encode() for c in cases]


CASES = case_lines()


def mixed_input(total: int, bad_every: int) -> tuple[bytes, dict[int, tuple[str, str]]]:
    """``total`` lines, every ``bad_every``-th one bad; and the bad lines' numbers -> (code, where)."""
    lines: list[bytes] = []
    bad: dict[int, tuple[str, str]] = {}
    for number in range(1, total + 1):
        if number % bad_every == 0:
            raw, code, where = BAD_LINES[(number // bad_every) % len(BAD_LINES)]
            lines.append(raw)
            bad[number] = (code, where)
        else:
            lines.append(CASES[number % len(CASES)])
    return b"\n".join(lines) + b"\n", bad


def run_batch_in_process(pack: PolicyPack, data: bytes, **options: Any) -> tuple[bytes, BatchSummary]:
    sink = io.BytesIO()
    summary = evaluate_jsonl(pack, io.BytesIO(data), sink, as_of=AS_OF, **options)
    return sink.getvalue(), summary


def check_output(pack: PolicyPack, data: bytes, out: bytes, bad: dict[int, tuple[str, str]]) -> None:
    """Output line n is the error record of bad input line n, or the decision of good input line n."""
    inputs, outputs = data.split(b"\n")[:-1], out.split(b"\n")[:-1]
    assert len(inputs) == len(outputs)
    for number, (raw, line) in enumerate(zip(inputs, outputs, strict=True), 1):
        record = json.loads(line)
        if number in bad:
            code, where = bad[number]
            first = record["error"]["errors"][0]
            assert {"line", "error"} == set(record)
            assert (number, code) == (record["line"], record["error"]["code"])
            assert {"path", "message", "expected", "found"} == set(first)
            assert where in (first["path"], first["message"][: len(where)]), first
        else:
            assert pack.evaluate(json.loads(raw), as_of=AS_OF).model_dump(mode="json") == record


# --- the figures of the issue --------------------------------------------------------------------------


def test_thousand_lines_with_fifty_bad_give_a_thousand_output_lines(
    pack: PolicyPack, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """1,000 lines with 50 bad ones: 1,000 output lines, 50 error records at the bad lines, exit 1, a summary."""
    data, bad = mixed_input(1000, 20)
    assert 50 == len(bad)
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_bytes(data)

    code = main(["evaluate", "--jsonl", str(source), "--out", str(out), "--as-of", AS_OF])

    err = capsys.readouterr().err
    assert EXIT_CASE == code
    assert 1000 == out.read_bytes().count(b"\n")
    check_output(pack, data, out.read_bytes(), bad)
    assert "1000 lines: 950 decided, 50 errors" in err
    assert "first at line 20" in err
    assert "\r" not in err  # no progress bar when standard error is not a terminal


@pytest.mark.rete
def test_all_good_lines_exit_zero_and_print_to_standard_output(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Without --out the lines go to standard output; a batch without bad lines exits 0."""
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"\n".join(CASES[:5]) + b"\n")
    code = main(["evaluate", "--jsonl", str(source), "--as-of", AS_OF, "--engine", "rete"])
    out, err = capsys.readouterr()
    assert EXIT_OK == code
    assert 5 == len(out.splitlines())
    assert all("policy" in json.loads(line) for line in out.splitlines())
    assert "5 lines: 5 decided, 0 errors" in err


def test_every_kind_of_bad_line_gets_its_code_and_position(pack: PolicyPack) -> None:
    """Each sort of bad line gets its code and the path or column of the problem."""
    data = b"\n".join(raw for raw, _, _ in BAD_LINES) + b"\n"
    out, summary = run_batch_in_process(pack, data)
    bad = {n: (code, where) for n, (_, code, where) in enumerate(BAD_LINES, 1)}
    check_output(pack, data, out, bad)
    assert (len(BAD_LINES), 0) == (summary.errors, summary.decisions)


def test_a_last_line_without_newline_a_bom_and_crlf_are_read(pack: PolicyPack) -> None:
    """A UTF-8 BOM, CRLF line ends and a last line without a newline are ordinary input."""
    data = b"\xef\xbb\xbf" + CASES[0] + b"\r\n" + CASES[1]
    out, summary = run_batch_in_process(pack, data)
    assert (2, 2) == (summary.lines, summary.decisions)
    assert 2 == out.count(b"\n")


def test_a_line_too_long_is_reported_without_being_read(pack: PolicyPack, monkeypatch: pytest.MonkeyPatch) -> None:
    """A line past the size limit becomes one error record; the lines after it are read as usual."""
    monkeypatch.setattr(batch, "MAX_LINE_BYTES", 1000)
    monkeypatch.setattr(batch, "iter_lines", lambda stream, **options: iter_lines(stream, 1000, **options))
    data = CASES[0] + b"\n" + b"x" * 5000 + b"\n" + CASES[1] + b"\n"
    out, _ = run_batch_in_process(pack, data)
    records = [json.loads(line) for line in out.splitlines()]
    assert 3 == len(records)
    assert (2, "invalid_json") == (records[1]["line"], records[1]["error"]["code"])
    assert "0.0 MiB (5001 bytes)" == records[1]["error"]["errors"][0]["found"]


def test_iter_lines_never_holds_an_overlong_line() -> None:
    """The reader keeps at most the limit of a long line in memory: it reads the rest in pieces and drops it."""

    class Stream(io.BytesIO):
        largest = 0

        def readline(self, size: int | None = -1) -> bytes:
            line = super().readline(size)
            Stream.largest = max(Stream.largest, len(line))
            return line

    lines = list(iter_lines(Stream(b"ok\n" + b"y" * 10_000_000 + b"\nend"), max_bytes=100))
    assert [b"ok\n", 10_000_001, b"end"] == lines
    assert Stream.largest <= 1 << 20


class _Endless(io.RawIOBase):
    """A device whose one line never ends (``/dev/zero``); it fails the test once read far past ``limit``."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.given = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        assert self.given <= 4 * self.limit, "the reader went on reading an endless line past the limit"
        buffer[:] = b"x" * len(buffer)
        self.given += len(buffer)
        return len(buffer)


def test_a_streams_line_past_the_limit_is_refused_there_and_nothing_after_is_read() -> None:
    """Without skip_long (a pipe, a device) the reader yields the line's first bytes read and stops."""
    stream = io.BufferedReader(_Endless(1000), buffer_size=100)
    lines = list(iter_lines(cast("BinaryIO", stream), max_bytes=1000, skip_long=False))
    assert [1001] == lines
    assert isinstance(lines[0], Unended)
    assert stream.raw.given <= 1100


@contextlib.contextmanager
def _feeding(fifo: Path, *blocks: bytes) -> Iterator[None]:
    """A writer of ``blocks`` into the named pipe ``fifo`` while the body runs (it stops when nobody reads)."""

    def feed() -> None:
        with contextlib.suppress(BrokenPipeError), fifo.open("wb") as pipe:
            for block in blocks:
                pipe.write(block)

    writer = threading.Thread(target=feed)
    writer.start()
    try:
        yield
    finally:
        # a reader for the writer's open to return, should the body not have read the pipe
        with contextlib.suppress(OSError), os.fdopen(os.open(fifo, os.O_RDONLY | os.O_NONBLOCK), "rb"):
            pass
        writer.join()


def test_a_pipe_with_an_endless_line_ends_the_batch_at_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """evaluate --jsonl from a pipe: the line past the limit gets its record, the batch stops there, exit 1."""
    monkeypatch.setattr(batch, "iter_lines", lambda stream, **options: iter_lines(stream, 10_000, **options))
    fifo = tmp_path / "in.fifo"
    os.mkfifo(fifo)
    endless = [b"x" * 1000] * 100  # 100 kB of a line that does not end (a case is about 2 kB)
    with _feeding(fifo, CASES[0] + b"\n", *endless):
        code = main(["--lang", "en", "evaluate", "--jsonl", str(fifo), "--as-of", AS_OF])
    out, err = capsys.readouterr()
    records = [json.loads(line) for line in out.splitlines()]
    assert (EXIT_CASE, 2) == (code, len(records))
    assert "outcome" in records[0]
    assert (2, "more than 10000 bytes") == (records[1]["line"], records[1]["error"]["errors"][0]["found"])
    assert f"line 2 of '{fifo}' is longer than 16 MiB" in err
    out_file = tmp_path / "out.jsonl"  # resumed, the refused line is skipped as answered: still exit 1
    out_file.write_bytes(out.encode("utf-8"))
    (tmp_path / "out.jsonl.run.json").write_text(
        json.dumps(asdict(describe_run(commitrules.load_policies(), str(fifo), dt.date(2020, 6, 1), "compiled"))),
        encoding="utf-8",
    )
    with _feeding(fifo, CASES[0] + b"\n", *endless):
        code = main(["--lang", "en", "evaluate", "--jsonl", str(fifo), "--out", str(out_file), "--resume"])
    assert (EXIT_CASE, out.encode("utf-8")) == (code, out_file.read_bytes())
    assert "2 already in the output (resumed)" in capsys.readouterr().err


def test_the_run_record_does_not_read_a_pipe(tmp_path: Path, pack: PolicyPack) -> None:
    """The record of a run reading a pipe has no hash of it: hashing took its lines before the batch read them."""
    fifo = tmp_path / "in.fifo"
    os.mkfifo(fifo)
    with _feeding(fifo, CASES[0] + b"\n"):
        record = describe_run(pack, str(fifo), dt.date(2020, 6, 1), "compiled")
        assert record.input_sha256 is None
        assert CASES[0] + b"\n" == fifo.read_bytes()  # still there for the batch


def test_input_is_streamed_chunk_by_chunk(pack: PolicyPack) -> None:
    """Output is written while input is still being read: memory does not grow with the input."""
    read_at_first_write: list[int] = []

    class Source(io.BytesIO):
        lines = 0

        def readline(self, size: int | None = -1) -> bytes:
            Source.lines += 1
            return super().readline(size)

    class Sink(io.BytesIO):
        def write(self, data: Any) -> int:
            read_at_first_write.append(Source.lines)
            return super().write(data)

    data = b"\n".join(CASES[i % len(CASES)] for i in range(1000)) + b"\n"
    evaluate_jsonl(pack, Source(data), Sink(), as_of=AS_OF, chunk_lines=100)
    assert 10 == len(read_at_first_write)
    assert read_at_first_write[0] <= 101


# --- workers ------------------------------------------------------------------------------------------


def test_two_workers_write_the_same_bytes_as_one(pack: PolicyPack) -> None:
    """Chunks evaluated in two processes come back in input order: the output is byte for byte the same."""
    data, bad = mixed_input(600, 13)
    one, summary_one = run_batch_in_process(pack, data)
    two, summary_two = run_batch_in_process(pack, data, workers=2, chunk_lines=25)
    assert one == two
    assert (summary_one.codes, summary_one.first_error_line) == (summary_two.codes, summary_two.first_error_line)
    check_output(pack, data, two, bad)


def test_missing_engine_stops_the_batch_with_exit_4(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the engine nothing can be decided: the batch stops at once with exit code 4."""

    def unavailable(*_args: object, **_kwargs: object) -> None:
        raise EngineUnavailableError("install commitrules[rete]")

    # where durable_rules is missing, the rete engine raises this when it first decides (both ways of a line)
    monkeypatch.setattr(ReteEngine, "fired", unavailable)
    source = tmp_path / "in.jsonl"
    source.write_bytes(CASES[0] + b"\n")
    assert EXIT_ENGINE == main(["evaluate", "--jsonl", str(source), "--engine", "rete"])
    assert "commitrules[rete]" in capsys.readouterr().err


def test_a_bug_costs_one_line_not_the_batch(pack: PolicyPack, monkeypatch: pytest.MonkeyPatch) -> None:
    """An unexpected exception in the engine becomes an evaluation_error record for that line only."""
    real = Evaluator.decide

    def flaky(self: Evaluator, typed: Any, *args: Any) -> Any:
        if typed.id == "boom":
            raise ZeroDivisionError("division by zero")
        return real(self, typed, *args)

    # what deciding a line calls, the quick way and the long way
    monkeypatch.setattr(Evaluator, "decide", flaky)
    data = CASES[0] + b'\n{"kind": "summary", "id": "boom", "report": {}}\n' + CASES[1] + b"\n"
    out, summary = run_batch_in_process(pack, data)
    records = [json.loads(line) for line in out.splitlines()]
    assert [False, True, False] == ["error" in record for record in records]
    assert "ZeroDivisionError" in records[1]["error"]["errors"][0]["message"]
    assert {"evaluation_error": 1} == dict(summary.codes)


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--jsonl", "IN", "case.yaml"], "do not also name case files"),
        (["--jsonl", "IN", "--workers", "0"], "--workers must be 1 or more"),
        (["--jsonl", "IN", "--resume"], "--resume needs --out"),
        (["--jsonl", "IN", "--as-of", "soon"], "'soon' is not a date"),
        ([], "name case files or folders"),
        (["--jsonl", "/dev/zero", "--out", "OUT", "--dask", "local:1"], "'/dev/zero' is a pipe, a device"),
    ],
)
def test_usage_errors(argv: list[str], words: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Contradictory or impossible batch options are usage errors (exit 2) that say what to change."""
    assert EXIT_USAGE == main(["evaluate", *argv])
    assert words in capsys.readouterr().err


def test_missing_input_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An input file that does not exist is an input error (exit 1) naming it, not a traceback."""
    assert EXIT_CASE == main(["evaluate", "--jsonl", str(tmp_path / "none.jsonl")])
    assert "none.jsonl" in capsys.readouterr().err


def test_progress_bar_draws_one_line() -> None:
    """The bar is redrawn in place with a carriage return and ends with a newline."""
    stream = io.StringIO()
    bar = Progress(stream, total=200, done=0)
    bar.update(50, force=True)
    bar.close(200)
    text = stream.getvalue()
    assert text.startswith("\r[")
    assert " 25%" in text
    assert "200/200 lines" in text
    assert text.endswith("\n")
    assert 1 == text.count("\n")


def test_progress_bar_on_request(pack: PolicyPack, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """run_batch draws the bar on standard error when asked (as it does on a terminal)."""
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"\n".join(CASES[:3]) + b"\n")
    batch.run_batch(
        pack,
        str(source),
        str(tmp_path / "out.jsonl"),
        as_of=commitrules.engine.resolve_as_of(AS_OF),
        engine="compiled",
        workers=1,
        resume=False,
        progress=True,
    )
    err = capsys.readouterr().err
    assert "\r[" in err
    assert "3/3 lines" in err


# --- resume ---------------------------------------------------------------------------------------------


def test_prepare_resume_cuts_a_torn_last_line(tmp_path: Path) -> None:
    """Complete lines are counted; the torn end of an interrupted write is cut off."""
    out = tmp_path / "out.jsonl"
    assert 0 == prepare_resume(out)
    out.write_bytes(b'{"a":1}\n{"b":2}\n{"c":')
    assert 2 == prepare_resume(out)
    assert b'{"a":1}\n{"b":2}\n' == out.read_bytes()
    assert 2 == prepare_resume(out)


def test_resume_after_a_torn_write_equals_an_uninterrupted_run(
    pack: PolicyPack, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--resume keeps the complete lines, redoes the torn one and skips as many input lines."""
    data, _ = mixed_input(300, 17)
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_bytes(data)
    full, _ = run_batch_in_process(pack, data)
    main(["evaluate", "--jsonl", str(source), "--out", str(out), "--as-of", AS_OF])  # records the run
    cut = full.index(b"\n", len(full) // 2) + 1
    out.write_bytes(full[:cut] + full[cut : cut + 30])  # a torn line, as a killed writer leaves it

    main(["evaluate", "--jsonl", str(source), "--out", str(out), "--as-of", AS_OF, "--resume"])

    kept = full[:cut].count(b"\n")
    assert full == out.read_bytes()
    assert f"{kept} already in the output (resumed)" in capsys.readouterr().err


def subprocess_env() -> dict[str, str]:
    source = str(Path(commitrules.__file__).resolve().parents[1])
    return {**os.environ, "PYTHONPATH": os.pathsep.join([source, os.environ.get("PYTHONPATH", "")])}


def lines_in(path: Path) -> int:
    return path.read_bytes().count(b"\n") if path.exists() else 0


def interrupt(argv: list[str], head: bytes, out: Path, sig: signal.Signals, tmp_path: Path) -> tuple[int, str]:
    """Run the command on ``head`` as standard input, send ``sig`` once some output is written, wait for the end.

    The input is kept open until the process has ended: the run waits for more lines and cannot finish
    before the signal, however fast or slow the machine is, and some output is always written before it
    (``head`` holds more chunks than the run keeps in flight). The deadline only turns a hang into a
    failure; nothing depends on timing. Whatever happens, the child is reaped and no pipe is left open
    (a pipe left to the garbage collector fails whichever later test happens to collect it).
    Returns the lines written and standard error.
    """
    errors = tmp_path / "stderr.txt"
    with (
        errors.open("wb") as stderr,
        subprocess.Popen(
            [sys.executable, "-m", "commitrules.cli", *argv],
            env=subprocess_env(),
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        ) as process,
    ):
        assert process.stdin is not None
        try:
            process.stdin.write(head)
            process.stdin.flush()
            deadline = time.monotonic() + 600
            while lines_in(out) == 0:
                assert process.poll() is None, f"the run ended before writing anything: {errors.read_text()}"
                assert time.monotonic() < deadline, "no output after 10 minutes"
                time.sleep(0.01)
            process.send_signal(sig)
            process.wait(timeout=600)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    err = errors.read_text(encoding="utf-8")
    assert "Traceback" not in err, err
    return lines_in(out), err


@pytest.mark.slow
@pytest.mark.parametrize(("sig", "workers"), [(signal.SIGKILL, 1), (signal.SIGINT, 2)], ids=["kill-1", "ctrl-c-2"])
def test_a_real_interruption_resumed_equals_an_uninterrupted_run(
    pack: PolicyPack, tmp_path: Path, sig: signal.Signals, workers: int
) -> None:
    """A process killed mid-run (SIGKILL) or stopped with Ctrl-C, then resumed, writes what one run writes."""
    data, _ = mixed_input(4000, 80)
    # More chunks than the run keeps in flight, so output is written before the run waits for more input.
    given = (workers * batch.IN_FLIGHT_PER_WORKER + 2) * batch.CHUNK_LINES
    assert given < 4000
    head = b"\n".join(data.split(b"\n")[:given]) + b"\n"
    out = tmp_path / "out.jsonl"
    argv = ["evaluate", "--jsonl", "-", "--out", str(out), "--as-of", AS_OF, "--workers", str(workers)]

    written, err = interrupt(argv, head, out, sig, tmp_path)
    assert 0 < written <= given, "the run was not interrupted mid-way"
    if sig == signal.SIGINT:
        assert "--resume" in err
    resumed = subprocess.run(
        [sys.executable, "-m", "commitrules.cli", *argv, "--resume", "--workers", "1"],
        input=data,
        env=subprocess_env(),
        capture_output=True,
        check=False,
    )

    assert EXIT_CASE == resumed.returncode, resumed.stderr.decode()
    expected, _ = run_batch_in_process(pack, data)
    assert expected == out.read_bytes()
    assert 4000 == lines_in(out)
