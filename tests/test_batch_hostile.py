"""Batch runs that must lose nothing and mix nothing (issue 10, items 8 to 11).

The output is never the input; a resume continues only the run that wrote the output; a failed write
names its file, exits 6 and leaves an output that ``--resume`` completes; workers are bounded by the
CPUs; Ctrl-C at any moment of worker start-up stops without a traceback.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import commitrules
from commitrules.cli import EXIT_CASE, EXIT_IO, EXIT_OK, EXIT_USAGE, main
from commitrules.policy.pack import PolicyPack
from commitrules.service import batch
from commitrules.service.batch import evaluate_jsonl
from commitrules.service.batch_run import available_cpus, record_path
from tests.language_leaks import chinese_characters
from tests.test_batch import AS_OF, lines_in, mixed_input, run_batch_in_process, subprocess_env

ROOT = Path(__file__).resolve().parents[1]


def cli(argv: list[str], **options: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "commitrules.cli", *argv],
        env=subprocess_env(),
        capture_output=True,
        check=False,
        timeout=600,
        **options,
    )  # type: ignore[call-overload]


@pytest.fixture
def source(tmp_path: Path) -> Path:
    data, _ = mixed_input(300, 17)
    path = tmp_path / "in.jsonl"
    path.write_bytes(data)
    return path


# --- item 8: the output is never the input ---------------------------------------------------------------


@pytest.mark.parametrize("how", ["same path", "symlink", "hard link", "other spelling"])
@pytest.mark.parametrize("resume", [False, True], ids=["write", "resume"])
def test_issue_10_an_output_that_is_the_input_is_refused(
    source: Path,
    capsys: pytest.CaptureFixture[str],
    how: str,
    resume: bool,  # noqa: FBT001
) -> None:
    """``--out`` naming the input (by any path) exits 2 and leaves the input as it was."""
    before = source.read_bytes()
    out = {
        "same path": source,
        "symlink": source.with_name("link.jsonl"),
        "hard link": source.with_name("hard.jsonl"),
        "other spelling": source.parent / "." / source.name,
    }[how]
    if how == "symlink":
        out.symlink_to(source)
    elif how == "hard link":
        out.hardlink_to(source)
    argv = ["evaluate", "--jsonl", str(source), "--out", str(out), "--as-of", AS_OF] + (["--resume"] if resume else [])
    assert EXIT_USAGE == main(argv)
    assert "is the input" in capsys.readouterr().err
    assert before == source.read_bytes()


def test_an_output_that_is_a_policy_file_of_the_pack_is_refused(
    source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--out`` naming a file of the pack the batch decides with: exit 2, the pack as it was (it lost the file)."""
    pack = tmp_path / "policies"
    shutil.copytree(ROOT / "policies", pack)
    before = (pack / "pack.yaml").read_bytes()
    argv = ["evaluate", "--policies", str(pack), "--jsonl", str(source), "--out", str(pack / "pack.yaml")]
    assert EXIT_USAGE == main([*argv, "--as-of", AS_OF])
    assert "which this command reads" in capsys.readouterr().err
    assert before == (pack / "pack.yaml").read_bytes()


def test_issue_10_standard_streams_redirected_to_the_input_are_refused(source: Path) -> None:
    """``--jsonl - --out IN < IN`` and ``--jsonl IN >> IN`` are refused too: one would empty the input, the other
    would read its own output for ever."""
    before = source.read_bytes()
    with source.open("rb") as stdin:
        piped = cli(["evaluate", "--jsonl", "-", "--out", str(source), "--as-of", AS_OF], stdin=stdin)
    with source.open("ab") as stdout:
        appended = subprocess.run(
            [sys.executable, "-m", "commitrules.cli", "evaluate", "--jsonl", str(source), "--as-of", AS_OF],
            env=subprocess_env(),
            stdout=stdout,
            stderr=subprocess.PIPE,
            check=False,
            timeout=600,
        )
    assert (EXIT_USAGE, EXIT_USAGE) == (piped.returncode, appended.returncode)
    assert b"is the input standard input" in piped.stderr
    assert b"the output standard output is the input" in appended.stderr
    assert before == source.read_bytes()


# --- item 9: a resume continues the same run, or nothing -------------------------------------------------


def interrupted_output(source: Path, out: Path, *extra: str) -> bytes:
    """Run over ``source`` into ``out``, then cut ``out`` in the middle of a line, as a kill leaves it."""
    assert EXIT_CASE == main(["evaluate", "--jsonl", str(source), "--out", str(out), *extra])
    full = out.read_bytes()
    cut = full.index(b"\n", len(full) // 2) + 1
    out.write_bytes(full[: cut + 25])
    return full


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (
            ["--as-of", "2020-06-02"],
            ("evaluation date (--as-of): the output was written with '2020-06-01', this run has '2020-06-02'"),
        ),
        (["--as-of", AS_OF, "--engine", "rete"], "engine (--engine): the output was written with 'compiled'"),
        (["--as-of", AS_OF, "--policies", "OTHER"], "pack content (digest)"),
        (["--as-of", AS_OF, "INPUT"], "input content (SHA-256)"),
    ],
    ids=["as-of", "engine", "policies", "input"],
)
def test_issue_10_a_resume_of_another_run_is_refused(
    source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], change: list[str], words: str
) -> None:
    """A resume with another date, engine, pack or input exits 2, says what differs, and appends nothing."""
    out = tmp_path / "out.jsonl"
    interrupted_output(source, out, "--as-of", AS_OF)
    torn = out.read_bytes()
    capsys.readouterr()
    if "OTHER" in change:
        other = tmp_path / "policies"
        shutil.copytree(ROOT / "policies", other)
        pack_file = other / "pack.yaml"
        pack_file.write_text(
            pack_file.read_text(encoding="utf-8").replace("version:", "# changed\nversion:", 1), encoding="utf-8"
        )
        change = [str(other) if c == "OTHER" else c for c in change]
    if "INPUT" in change:
        source.write_bytes(source.read_bytes() + b'{"kind": "credit_site", "content": {"items": []}}\n')
        change = [c for c in change if c != "INPUT"]
    assert EXIT_USAGE == main(["evaluate", "--jsonl", str(source), "--out", str(out), "--resume", *change])
    err = capsys.readouterr().err
    assert "--resume would append the decisions of another run" in err
    assert words in err
    assert torn == out.read_bytes()


def test_a_resume_in_another_language_is_refused(
    source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The error records of one output are in one language: a resume under another --lang exits 2 and appends
    nothing; a run recorded before records had a language was English, and resumes in English."""
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    out = tmp_path / "out.jsonl"
    interrupted_output(source, out, "--as-of", AS_OF)
    torn = out.read_bytes()
    capsys.readouterr()
    argv = ["evaluate", "--jsonl", str(source), "--out", str(out), "--resume", "--as-of", AS_OF]
    assert EXIT_USAGE == main([*argv, "--lang", "zh"])
    assert "错误记录的语言（--lang）：写出输出时为「en」，这次运行为「zh」" in capsys.readouterr().err
    assert torn == out.read_bytes()
    record = Path(f"{out}.run.json")
    written = json.loads(record.read_text(encoding="utf-8"))
    assert "en" == written.pop("lang")
    record.write_text(json.dumps(written), encoding="utf-8")  # as an older commitrules wrote it
    assert main(argv) in (0, 1)
    assert torn != out.read_bytes()


def _error_messages(out: Path) -> list[str]:
    """The words of every error record of ``out``'s complete lines."""
    lines = [json.loads(line) for line in out.read_bytes().splitlines() if line.endswith(b"}")]
    return [item["message"] for line in lines if "error" in line for item in line["error"]["errors"]]


@pytest.mark.parametrize(("begun", "locale"), [("zh", "C.UTF-8"), ("en", "zh_CN.UTF-8")])
def test_a_resume_without_lang_goes_on_in_the_outputs_language(
    source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, begun: str, locale: str
) -> None:
    """Resumed without ``--lang`` (from a scheduler or a terminal with another locale), the error records go on
    in the language the output was begun in: the run is not refused, and the output holds one language."""
    out = tmp_path / "out.jsonl"
    interrupted_output(source, out, "--as-of", AS_OF, "--lang", begun)
    monkeypatch.setenv("LC_ALL", locale)
    monkeypatch.setenv("LANG", locale)
    assert EXIT_CASE == main(["evaluate", "--jsonl", str(source), "--out", str(out), "--resume", "--as-of", AS_OF])
    said = _error_messages(out)
    assert len(said) > 10
    in_chinese = [bool(chinese_characters(text)) for text in said]
    assert in_chinese == [begun == "zh"] * len(said)
    assert begun == json.loads(record_path(str(out)).read_text(encoding="utf-8"))["lang"]


def test_issue_10_a_resume_without_as_of_takes_the_recorded_date(
    pack: PolicyPack, source: Path, tmp_path: Path
) -> None:
    """Resumed without ``--as-of`` (say after midnight), the rest is judged as of the date the run began with."""
    out = tmp_path / "out.jsonl"
    full = interrupted_output(source, out, "--as-of", "2019-12-31")
    record = json.loads(record_path(str(out)).read_text(encoding="utf-8"))
    assert ("2019-12-31", "compiled", commitrules.__version__) == (
        record["as_of"],
        record["engine"],
        record["commitrules"],
    )
    assert EXIT_CASE == main(["evaluate", "--jsonl", str(source), "--out", str(out), "--resume"])
    assert full == out.read_bytes()
    sink = io.BytesIO()
    evaluate_jsonl(pack, io.BytesIO(source.read_bytes()), sink, as_of="2019-12-31")
    assert sink.getvalue() == full


def test_issue_10_an_output_without_a_record_is_not_resumed(
    source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An output whose run is unknown (another tool, an older commitrules) is not appended to."""
    out = tmp_path / "out.jsonl"
    out.write_bytes(b'{"line": 1}\n')
    assert EXIT_USAGE == main(["evaluate", "--jsonl", str(source), "--out", str(out), "--as-of", AS_OF, "--resume"])
    assert "has no record of the run that wrote it" in capsys.readouterr().err
    assert b'{"line": 1}\n' == out.read_bytes()


# --- item 10: a failed write names the file, exits 6, and leaves a resumable output --------------------


def limit_file_size(limit: int) -> None:
    """In the child: files may not grow past ``limit`` bytes (Python ignores SIGXFSZ: writes fail with EFBIG)."""
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def test_issue_10_a_full_output_exits_6_names_it_and_resumes(pack: PolicyPack, source: Path, tmp_path: Path) -> None:
    """When the output cannot grow (a full disk, here a file size limit), the run exits 6 naming the output,
    never 1 naming the input; the same command with --resume then completes it, byte for byte."""
    out = tmp_path / "out.jsonl"
    argv = ["evaluate", "--jsonl", str(source), "--out", str(out), "--as-of", AS_OF]
    expected, _ = run_batch_in_process(pack, source.read_bytes())
    limit = len(expected) // 3
    failed = cli(argv, preexec_fn=lambda: limit_file_size(limit))
    err = failed.stderr.decode()
    assert EXIT_IO == failed.returncode, err
    assert f"cannot write '{out}'" in err
    assert "--resume" in err
    assert "Traceback" not in err
    assert 0 < out.stat().st_size <= limit
    resumed = cli([*argv, "--resume"])
    assert EXIT_CASE == resumed.returncode, resumed.stderr.decode()
    assert expected == out.read_bytes()


def _to_full_stdout(*argv: str) -> subprocess.CompletedProcess[bytes]:
    """``commitrules ARGV > /dev/full``: its standard output a device that is always full."""
    with Path("/dev/full").open("wb") as full:
        return subprocess.run(
            [sys.executable, "-m", "commitrules.cli", *argv],
            env=subprocess_env(),
            stdout=full,
            stderr=subprocess.PIPE,
            check=False,
            timeout=600,
        )


def test_issue_10_evaluate_to_a_full_device_exits_6_without_a_traceback(source: Path) -> None:
    """``evaluate FILE > /dev/full`` and ``--jsonl IN --out /dev/full``: one message naming what failed, exit 6."""
    run = _to_full_stdout("evaluate", str(ROOT / "examples" / "cases"), "--as-of", AS_OF)
    err = run.stderr.decode()
    assert EXIT_IO == run.returncode, err
    assert "commitrules: error: cannot write 'standard output': No space left on device" in err
    assert "Traceback" not in err
    batch = cli(["evaluate", "--jsonl", str(source), "--out", "/dev/full", "--as-of", AS_OF])
    assert EXIT_IO == batch.returncode, batch.stderr.decode()
    assert b"cannot write '/dev/full': No space left on device" in batch.stderr
    assert b"Traceback" not in batch.stderr


def test_a_batch_to_a_full_standard_output_names_it_in_chinese(source: Path) -> None:
    """``--jsonl IN > /dev/full`` said 「无法写入「standard output」」: the stream's name was English in Chinese."""
    said_in = {"zh": "无法写入「标准输出」：磁盘空间不足", "en": "cannot write 'standard output': No space"}
    for lang, said in said_in.items():
        run = _to_full_stdout("--lang", lang, "evaluate", "--jsonl", str(source))
        err = run.stderr.decode()
        assert (EXIT_IO, True) == (run.returncode, said in err), err
        assert "Traceback" not in err


# --- item 11: workers and Ctrl-C -------------------------------------------------------------------------


def test_issue_10_workers_are_bounded_by_the_cpus(
    pack: PolicyPack, source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--workers 200`` runs on the CPUs there are, says so, and writes what one worker writes."""
    out = tmp_path / "out.jsonl"
    assert EXIT_CASE == main(
        ["evaluate", "--jsonl", str(source), "--out", str(out), "--as-of", AS_OF, "--workers", "200"]
    )
    cpus = available_cpus()
    assert f"--workers 200 lowered to {cpus}, the CPUs available to this process" in capsys.readouterr().err
    expected, _ = run_batch_in_process(pack, source.read_bytes())
    assert expected == out.read_bytes()


def children_of(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def workers_of(pid: int) -> list[int]:
    """The worker processes of ``pid`` (not multiprocessing's resource tracker, also a child)."""
    found = []
    for child in children_of(pid):
        try:
            if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes():
                found.append(child)
        except OSError:
            continue
    return found


@pytest.mark.parametrize("delay", [0.0, 0.05, 0.2, 0.6, 1.5])
def test_issue_10_ctrl_c_during_worker_start_up_stops_cleanly(tmp_path: Path, delay: float) -> None:
    """SIGINT sent to the process group (as Ctrl-C is) ``delay`` seconds after the first worker process
    appears (while workers import, or later) stops the run with exit 130, the resume hint and no traceback
    from the parent or any worker."""
    data, _ = mixed_input(2000, 50)
    out = tmp_path / "out.jsonl"
    errors = tmp_path / "stderr.txt"
    argv = ["evaluate", "--jsonl", "-", "--out", str(out), "--as-of", AS_OF, "--workers", "2"]
    with (
        errors.open("wb") as stderr,
        subprocess.Popen(
            [sys.executable, "-m", "commitrules.cli", *argv],
            env=subprocess_env(),
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            process_group=0,
        ) as process,
    ):
        assert process.stdin is not None
        try:
            process.stdin.write(data)  # kept open: the run cannot end before the signal
            process.stdin.flush()
            deadline = time.monotonic() + 300
            while not children_of(process.pid):
                assert process.poll() is None, errors.read_text()
                assert time.monotonic() < deadline, "no worker started"
                time.sleep(0.005)
            time.sleep(delay)
            os.killpg(process.pid, signal.SIGINT)  # as a terminal does: to the parent and every worker
            code = process.wait(timeout=300)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    err = errors.read_text(encoding="utf-8")
    assert "Traceback" not in err, err
    assert 130 == code, err
    assert "--resume" in err
    assert lines_in(out) >= 0


def test_a_worker_killed_mid_run_is_reported_not_waited_for(tmp_path: Path) -> None:
    """A worker that dies (the kernel's out-of-memory killer, an operator's ``kill -9``) stops the run with
    exit 5, a message naming the signal and the resume hint; the lines written before it stay, and
    ``--resume`` completes the output exactly as one uninterrupted run would."""
    ahead = (2 * batch.IN_FLIGHT_PER_WORKER + 2) * batch.CHUNK_LINES  # more than the run keeps in flight
    data, _ = mixed_input(2 * ahead, 50)
    cut = sum(len(line) + 1 for line in data.split(b"\n")[:ahead])
    head, tail = data[:cut], data[cut:]
    out = tmp_path / "out.jsonl"
    argv = ["evaluate", "--jsonl", "-", "--out", str(out), "--as-of", AS_OF, "--workers", "2"]
    with subprocess.Popen(
        [sys.executable, "-m", "commitrules.cli", *argv],
        env=subprocess_env(),
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        bufsize=0,  # nothing left buffered to fail again when the pipe is closed
    ) as process:
        assert process.stdin is not None
        assert process.stderr is not None
        try:
            process.stdin.write(head)
            process.stdin.flush()
            deadline = time.monotonic() + 300
            while len(workers := workers_of(process.pid)) < 2 or lines_in(out) == 0:  # both have answered
                assert process.poll() is None
                assert time.monotonic() < deadline, "no output"
                time.sleep(0.01)
            os.kill(workers[0], signal.SIGKILL)
            with contextlib.suppress(BrokenPipeError):  # the run may have stopped already
                process.stdin.write(tail)  # more work for every worker, the dead one included
                process.stdin.close()
            code = process.wait(timeout=300)
            err = process.stderr.read().decode("utf-8")
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    assert "Traceback" not in err, err
    assert 5 == code, err
    assert "a worker process ended unexpectedly (signal 9)" in err
    assert "--resume" in err
    kept = lines_in(out)
    assert 0 < kept < 2 * ahead
    resumed = subprocess.run(
        [sys.executable, "-m", "commitrules.cli", *argv, "--resume"],
        env=subprocess_env(),
        input=data,
        capture_output=True,
        check=False,
        timeout=600,
    )
    assert resumed.returncode == EXIT_CASE, resumed.stderr.decode()
    whole = tmp_path / "whole.jsonl"
    assert cli(["evaluate", "--jsonl", "-", "--out", str(whole), "--as-of", AS_OF], input=data).returncode == EXIT_CASE
    assert out.read_bytes() == whole.read_bytes()


def test_issue_10_exit_codes_are_documented() -> None:
    """Exit 6 is listed where scripts look for exit codes: the README, the command's epilog and its docstring."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "6 a file could not be read or written" in readme
    assert EXIT_OK == 0
    assert "6  a file could not be read or written" in (commitrules.cli.__doc__ or "")


@pytest.mark.parametrize("command", [["reference"], ["trace", "--format", "markdown"]])
def test_issue_10_a_command_writing_out_to_a_full_device_names_it(command: list[str]) -> None:
    """Siblings of item 10: ``--out`` of the other commands on a full device exits 6 naming that file."""
    run = cli([*command, "--out", "/dev/full"])
    err = run.stderr.decode()
    assert EXIT_IO == run.returncode, err
    assert "Traceback" not in err
    assert "cannot write '/dev/full': No space left on device" in err


def test_an_output_folder_is_one_error_without_resume_advice(
    source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--out naming a folder: exit 6, one line; no advice to --resume from lines kept there (none can be)."""
    folder = tmp_path / "results"
    folder.mkdir()
    for lang, said in (("en", f"cannot open '{folder}': Is a directory"), ("zh", f"无法打开「{folder}」")):
        code = main(["--lang", lang, "evaluate", "--jsonl", str(source), "--out", str(folder), "--as-of", AS_OF])
        err = capsys.readouterr().err
        assert (EXIT_IO, 1, True) == (code, len(err.strip().splitlines()), said in err), err
        assert "--resume" not in err
    assert [] == list(folder.iterdir())


@pytest.mark.parametrize("workers", ["２", "٣", "1_0", "0x2"])
def test_workers_are_ascii_whole_numbers(source: Path, tmp_path: Path, workers: str) -> None:
    """--workers in other digits than ASCII is a usage error in each language (int() read '２' as 2)."""
    out = tmp_path / "out.jsonl"
    for lang, said in (
        ("en", f"argument --workers: expected a whole number in ASCII digits, found '{workers}'"),
        ("zh", f"参数 --workers：应当是整数（ASCII 数字），却是「{workers}」"),
    ):
        done = cli(["--lang", lang, "evaluate", "--jsonl", str(source), "--out", str(out), "--workers", workers])
        err = done.stderr.decode("utf-8")
        assert (EXIT_USAGE, True, False) == (done.returncode, said in err, "Traceback" in err), err
    assert not out.exists()


# --- the files a resume trusts: the record and the output ----------------------------------------------


def _recorded_run(source: Path, tmp_path: Path) -> tuple[Path, bytes]:
    """An output cut after its first line, with its record: what an interrupted run leaves."""
    out = tmp_path / "out.jsonl"
    assert EXIT_CASE == main(["evaluate", "--jsonl", str(source), "--out", str(out), "--as-of", AS_OF])
    kept = out.read_bytes().split(b"\n")[0] + b"\n"
    out.write_bytes(kept)
    return out, kept


@pytest.mark.parametrize(
    "change",
    [
        {"as_of": "garbage"},
        {"as_of": 5},
        {"as_of": None},
        {"lang": ["zh"]},
        {"lang": "fr"},
        {"engine": {"compiled": True}},
        {"input_sha256": 7},
    ],
    ids=json.dumps,
)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_damaged_record_is_one_error_and_the_output_is_kept(
    source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], change: dict[str, object], lang: str
) -> None:
    """A record whose values are not a run's (a date that is none, another type) is refused as damaged.

    A resume without --as-of takes the recorded date: 'garbage' or 5 ended in a traceback.
    """
    out, kept = _recorded_run(source, tmp_path)
    record = record_path(str(out))
    record.write_text(json.dumps({**json.loads(record.read_text(encoding="utf-8")), **change}), encoding="utf-8")
    capsys.readouterr()
    code = main(["--lang", lang, "evaluate", "--jsonl", str(source), "--out", str(out), "--resume"])
    err = capsys.readouterr().err
    said = "cannot be read or is damaged" if lang == "en" else "无法读取或已损坏"
    assert (EXIT_USAGE, 1, True) == (code, len(err.strip().splitlines()), said in err), err
    assert str(record) in err
    assert kept == out.read_bytes()


@pytest.mark.parametrize("content", [b"\xff\xfe{", b"[1, 2]", b"{", b" " * 3_000_000])
def test_an_unreadable_record_is_said_to_be_damaged_not_missing(
    source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes
) -> None:
    out, kept = _recorded_run(source, tmp_path)
    record_path(str(out)).write_bytes(content)
    capsys.readouterr()
    assert EXIT_USAGE == main(["evaluate", "--jsonl", str(source), "--out", str(out), "--resume", "--as-of", AS_OF])
    err = capsys.readouterr().err
    assert "cannot be read or is damaged" in err
    assert "has no record" not in err
    assert kept == out.read_bytes()


@pytest.mark.parametrize("device", ["/dev/zero", "fifo"])
def test_a_resume_into_a_device_or_pipe_is_refused(
    source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], device: str
) -> None:
    """An output linked to /dev/zero was read without end (the command never ended); a pipe was taken."""
    out, _ = _recorded_run(source, tmp_path)
    out.unlink()
    if device == "fifo":
        os.mkfifo(out)
    else:
        out.symlink_to(device)
    capsys.readouterr()
    assert EXIT_USAGE == main(["evaluate", "--jsonl", str(source), "--out", str(out), "--resume", "--as-of", AS_OF])
    err = capsys.readouterr().err
    assert f"--resume continues an output file, and '{out}' is not one" in err
    assert "Traceback" not in err
