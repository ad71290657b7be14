"""The Dask path (`evaluate --jsonl --dask`): the same bytes as one process, partitions resumed, clear refusals.

Every run here uses a real `distributed.LocalCluster` of two worker processes (started once for the
module), so the pack really travels to other processes and the workers really read the input and
write the part files themselves. Inputs are small; partitions of a few lines make many partitions.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from distributed import Client

from commitrules.cli import EXIT_CASE, EXIT_USAGE, main
from commitrules.errors import DistributedRunError
from commitrules.messages import Lang
from commitrules.policy.pack import PolicyPack
from commitrules.service import distributed
from commitrules.service.batch import count_lines, evaluate_jsonl
from commitrules.service.dask_parts import Manifest, append_file, identity
from commitrules.service.distributed import evaluate_jsonl_dask, iter_partitions, local_cluster, plan_partitions
from tests.test_batch import AS_OF, CASES, mixed_input


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with local_cluster(2) as cluster, Client(cluster) as c:  # the cluster `--dask local:2` starts
        yield c


def single_process(pack: PolicyPack, data: bytes) -> bytes:
    sink = io.BytesIO()
    evaluate_jsonl(pack, io.BytesIO(data), sink, as_of=AS_OF)
    return sink.getvalue()


def awkward_input() -> bytes:
    """Good and bad lines, a byte order mark on line 1, CRLF line ends, and a last line without a break."""
    data, _ = mixed_input(60, 7)
    lines = data.split(b"\n")
    lines[3] += b"\r"
    return b"\xef\xbb\xbf" + b"\n".join(lines) + b'{"kind": "credit_site", "content": {"items": []}}'


# --- partitions --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [1, 2, 3, 5, 59, 60, 61, 62, 1000])
def test_partitions_cover_every_line_once_in_order(tmp_path: Path, size: int) -> None:
    """Whole lines, back to back, numbered on from 1; as many lines in all as the batch reads."""
    source = tmp_path / "in.jsonl"
    source.write_bytes(awkward_input())
    parts = plan_partitions(source, size)
    assert [p.index for p in parts] == list(range(len(parts)))
    assert 0 == parts[0].start
    assert source.stat().st_size == parts[-1].end
    data = source.read_bytes()
    for before, after in itertools.pairwise(parts):
        assert before.end == after.start
        assert before.first + before.lines == after.first
        assert b"\n" == data[before.end - 1 : before.end]
    assert all(p.lines == size for p in parts[:-1])
    assert count_lines(source) == sum(p.lines for p in parts)


def test_partitions_of_files_ending_on_a_boundary_and_of_empty_files(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"a\nb\nc\nd\n")
    assert [(0, 4, 1, 2), (4, 8, 3, 2)] == [(p.start, p.end, p.first, p.lines) for p in plan_partitions(source, 2)]
    source.write_bytes(b"")
    assert [] == plan_partitions(source, 2)
    with pytest.raises(ValueError, match="1 or more"):
        plan_partitions(source, 0)


def test_partition_size_is_checked_before_the_input_is_opened(tmp_path: Path) -> None:
    """The scan is lazy (partitions are handed out as it goes), but a bad size is refused at once."""
    missing = tmp_path / "missing.jsonl"
    with pytest.raises(ValueError, match="1 or more"):
        iter_partitions(missing, 0)
    partitions = iter_partitions(missing, 5)  # nothing read yet
    with pytest.raises(FileNotFoundError):
        next(partitions)


def test_partitions_of_a_file_of_many_blocks(tmp_path: Path) -> None:
    """Boundaries inside and at the edges of the 1 MiB blocks the scan reads; short and long lines."""
    lines = [b"x" * (n % 700) for n in range(9000)]
    data = b"\n".join(lines)  # no newline after the last line
    source = tmp_path / "in.jsonl"
    source.write_bytes(data)
    for size in (1, 7, 1000, 8999, 9000, 9001):
        parts = plan_partitions(source, size)
        assert [data[p.start : p.end].count(b"\n") + (p.end == len(data)) for p in parts] == [p.lines for p in parts]
        assert 9000 == sum(p.lines for p in parts)
        assert all(data[p.start - 1 : p.start] == b"\n" for p in parts[1:])


# --- the same output ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [1, 4, 25, 10_000])
def test_output_is_byte_identical_to_one_process(pack: PolicyPack, client: Client, tmp_path: Path, size: int) -> None:
    data = awkward_input()
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_bytes(data)
    summary = evaluate_jsonl_dask(pack, source, out, cluster=client, as_of=AS_OF, partition_lines=size)
    assert single_process(pack, data) == out.read_bytes()
    assert (61, 0) == (summary.lines, summary.skipped)
    assert 8 == summary.errors
    assert 7 == summary.first_error_line
    assert not (tmp_path / "out.jsonl.parts").exists()  # the parts are joined and removed


def test_chinese_error_records_are_those_of_one_process(pack: PolicyPack, client: Client, tmp_path: Path) -> None:
    """With lang='zh' the cluster words the error records in Chinese, byte for byte as one process does, and a
    partial run in Chinese is not resumed in English."""
    data = awkward_input()
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_bytes(data)
    evaluate_jsonl_dask(pack, source, out, cluster=client, as_of=AS_OF, partition_lines=25, lang="zh")
    sink = io.BytesIO()
    evaluate_jsonl(pack, io.BytesIO(data), sink, as_of=AS_OF, lang="zh")
    assert sink.getvalue() == out.read_bytes()
    assert "每行一个 JSON 对象" in out.read_text(encoding="utf-8")
    english = identity(pack, source, dt.date(2020, 6, 1), "compiled", 25)
    assert "lang" not in english  # as a partial run of an older commitrules recorded it
    assert {**english, "lang": "zh"} == identity(pack, source, dt.date(2020, 6, 1), "compiled", 25, lang="zh")


@pytest.mark.parametrize("size", [1, 2, 3])
def test_errors_on_the_edges_of_partitions_are_worded_and_numbered_as_by_one_process(
    pack: PolicyPack, client: Client, tmp_path: Path, size: int
) -> None:
    """A BOM before a bad first line, a blank line, a line too deep, a bad last line without a newline."""
    data = (
        b"\xef\xbb\xbf{not json\n"
        + CASES[0]
        + b"\n   \n"
        + b"[" * 5000
        + b"\n"
        + CASES[1]
        + b"\r\n\xff\xfe\n"
        + CASES[2]
        + b'\n{"kind": "no_such_kind"}'
    )
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_bytes(data)
    summary = evaluate_jsonl_dask(pack, source, out, cluster=client, as_of=AS_OF, partition_lines=size)
    expected = single_process(pack, data)
    assert expected == out.read_bytes()
    assert expected.startswith(b'{"line":1,"error"')  # the BOM did not shift or hide line 1's error
    assert (8, 5, 1) == (summary.lines, summary.errors, summary.first_error_line)


def test_a_bom_before_a_good_first_line(pack: PolicyPack, client: Client, tmp_path: Path) -> None:
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_bytes(b"\xef\xbb\xbf" + CASES[0])  # one line, no newline
    summary = evaluate_jsonl_dask(pack, source, out, cluster=client, as_of=AS_OF, partition_lines=1)
    assert single_process(pack, CASES[0]) == out.read_bytes()
    assert (1, 0) == (summary.lines, summary.errors)


def test_empty_input_gives_empty_output(pack: PolicyPack, client: Client, tmp_path: Path) -> None:
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_bytes(b"")
    summary = evaluate_jsonl_dask(pack, source, out, cluster=client, as_of=AS_OF)
    assert b"" == out.read_bytes()
    assert 0 == summary.lines


def test_command_line_on_a_local_cluster_matches_the_single_process_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--dask local:2` starts its own cluster; the file is that of `evaluate --jsonl` without it."""
    source = tmp_path / "in.jsonl"
    source.write_bytes(awkward_input())
    one, many = tmp_path / "one.jsonl", tmp_path / "many.jsonl"
    assert EXIT_CASE == main(["evaluate", "--jsonl", str(source), "--out", str(one), "--as-of", AS_OF])
    capsys.readouterr()
    assert EXIT_CASE == main(
        ["evaluate", "--jsonl", str(source), "--out", str(many), "--as-of", AS_OF, "--dask", "local:2"]
    )
    assert one.read_bytes() == many.read_bytes()
    assert "61 lines: 53 decided, 8 errors" in capsys.readouterr().err


def test_a_local_cluster_of_more_workers_than_cpus_starts_one_per_cpu(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`local:100000` started that many processes (the machine stalled); it starts one per CPU, and says so."""
    started: list[int] = []
    real = distributed.local_cluster

    def counting(workers: int) -> Any:
        started.append(workers)
        return real(workers)

    monkeypatch.setattr(distributed, "local_cluster", counting)
    source = tmp_path / "in.jsonl"
    source.write_bytes(CASES[0] + b"\n")
    out = tmp_path / "out.jsonl"
    cpus = len(os.sched_getaffinity(0))
    code = main(
        [
            "--lang",
            "zh",
            "evaluate",
            "--jsonl",
            str(source),
            "--out",
            str(out),
            "--as-of",
            AS_OF,
            "--dask",
            "local:100000",
        ]
    )
    assert 0 == code
    assert [cpus] == started
    assert f"--dask local:100000 只启动 {cpus} 个工作进程" in capsys.readouterr().err
    assert 1 == len(out.read_bytes().splitlines())


# --- resuming ----------------------------------------------------------------------------------------------


class _Stop(KeyboardInterrupt):
    pass


def _interrupt_after_two_partitions(
    pack: PolicyPack, client: Client, source: Path, out: Path, *, lang: Lang = "en"
) -> None:
    """Run ``source`` in partitions of 5 lines, and stop the run (as a Ctrl-C would) after two are done."""
    seen: list[int] = []

    def stop_after_two(done: int) -> None:
        seen.append(done)
        if len(seen) == 2:
            raise _Stop

    with pytest.raises(_Stop):
        evaluate_jsonl_dask(
            pack, source, out, cluster=client, as_of=AS_OF, partition_lines=5, on_progress=stop_after_two, lang=lang
        )


def test_an_interrupted_run_resumes_by_partition(pack: PolicyPack, client: Client, tmp_path: Path) -> None:
    """Interrupted after two partitions: the resumed run keeps them, evaluates the rest, same bytes."""
    data = awkward_input()
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_bytes(data)
    _interrupt_after_two_partitions(pack, client, source, out)
    assert not out.exists()
    manifest = json.loads((tmp_path / "out.jsonl.parts" / "manifest.json").read_text(encoding="utf-8"))
    finished = manifest["done"]
    assert len(finished) >= 2
    kept = sum(entry["lines"] for entry in finished.values())

    summary = evaluate_jsonl_dask(pack, source, out, cluster=client, as_of=AS_OF, partition_lines=5, resume=True)
    assert single_process(pack, data) == out.read_bytes()
    assert kept == summary.skipped
    assert 61 == summary.skipped + summary.lines


def test_a_run_resumed_without_a_language_asked_goes_on_in_its_own(
    pack: PolicyPack, client: Client, tmp_path: Path
) -> None:
    """Begun in Chinese and resumed with the locale's English but no ``--lang`` (``lang_given=False``): the kept
    partitions are used and the rest is worded in Chinese, byte for byte one process's Chinese output."""
    data = awkward_input()
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_bytes(data)
    _interrupt_after_two_partitions(pack, client, source, out, lang="zh")
    summary = evaluate_jsonl_dask(
        pack, source, out, cluster=client, as_of=AS_OF, partition_lines=5, resume=True, lang="en", lang_given=False
    )
    assert summary.skipped >= 10  # the Chinese partitions were kept, not refused or done again
    sink = io.BytesIO()
    evaluate_jsonl(pack, io.BytesIO(data), sink, as_of=AS_OF, lang="zh")
    assert sink.getvalue() == out.read_bytes()


def _pending(dask_scheduler: object) -> int:
    """The partition tasks the scheduler still holds, in any state."""
    keys = dask_scheduler.tasks  # type: ignore[attr-defined]
    return sum(str(key).startswith("_evaluate_partition") for key in keys)


def test_an_interrupted_run_leaves_its_parts_and_no_half_join(pack: PolicyPack, client: Client, tmp_path: Path) -> None:
    """The join under way is removed; resuming with a finished part missing (a gap) redoes just that one."""
    data = awkward_input()
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_bytes(data)
    seen: list[int] = []

    def stop_after_four(done: int) -> None:
        seen.append(done)
        if len(seen) == 4:
            raise _Stop

    with pytest.raises(_Stop):
        evaluate_jsonl_dask(
            pack, source, out, cluster=client, as_of=AS_OF, partition_lines=4, on_progress=stop_after_four
        )
    deadline = time.monotonic() + 20
    while client.run_on_scheduler(_pending) and time.monotonic() < deadline:  # cancelling is asynchronous
        time.sleep(0.05)
    assert 0 == client.run_on_scheduler(_pending)  # nothing of the run is left on the cluster
    folder = tmp_path / "out.jsonl.parts"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    run = folder / manifest["run"]
    assert not list(run.glob("joined.*"))
    assert ["in.jsonl", "out.jsonl.parts"] == sorted(p.name for p in tmp_path.iterdir())
    finished = sorted(int(key) for key in manifest["done"])
    assert len(finished) >= 4
    gap = finished[1]  # a part before others that were finished
    (run / f"part-{gap:06d}.jsonl").unlink()
    kept = sum(entry["lines"] for key, entry in manifest["done"].items() if int(key) != gap)

    summary = evaluate_jsonl_dask(pack, source, out, cluster=client, as_of=AS_OF, partition_lines=4, resume=True)
    assert single_process(pack, data) == out.read_bytes()
    assert (kept, 61 - kept) == (summary.skipped, summary.lines)
    assert not folder.exists()


def test_nothing_left_to_evaluate_needs_no_cluster(pack: PolicyPack, client: Client, tmp_path: Path) -> None:
    """An empty input, or a resumed run whose every partition is finished, is joined without a scheduler."""
    data = awkward_input()
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_bytes(data)

    def stop_at_the_end(done: int) -> None:
        if done == 61:
            raise _Stop

    with pytest.raises(_Stop):
        evaluate_jsonl_dask(
            pack, source, out, cluster=client, as_of=AS_OF, partition_lines=10, on_progress=stop_at_the_end
        )
    nowhere = "tcp://127.0.0.1:9"
    summary = evaluate_jsonl_dask(
        pack, source, out, cluster=nowhere, as_of=AS_OF, partition_lines=10, resume=True, connect_timeout=0.5
    )
    assert single_process(pack, data) == out.read_bytes()
    assert (61, 0, 0) == (summary.skipped, summary.lines, summary.errors)  # as the batch: kept lines are skipped
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    evaluate_jsonl_dask(pack, empty, tmp_path / "none.jsonl", cluster=nowhere, as_of=AS_OF, connect_timeout=0.5)
    assert b"" == (tmp_path / "none.jsonl").read_bytes()


def test_resume_refuses_a_partial_run_of_other_options(pack: PolicyPack, client: Client, tmp_path: Path) -> None:
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_bytes(b"\n".join(CASES[:6]) + b"\n")

    def stop(_done: int) -> None:
        raise _Stop

    with pytest.raises(_Stop):
        evaluate_jsonl_dask(pack, source, out, cluster=client, as_of=AS_OF, partition_lines=2, on_progress=stop)
    with pytest.raises(DistributedRunError, match="another input file, pack, date"):
        evaluate_jsonl_dask(pack, source, out, cluster=client, as_of="2021-01-01", partition_lines=2, resume=True)
    with pytest.raises(DistributedRunError, match="another input file, pack, date"):
        evaluate_jsonl_dask(pack, source, out, cluster=client, as_of=AS_OF, partition_lines=3, resume=True)
    manifest = tmp_path / "out.jsonl.parts" / "manifest.json"
    kept = manifest.read_bytes()
    manifest.write_text('{"identity": ', encoding="utf-8")  # torn by a crash of the disk, say
    with pytest.raises(DistributedRunError, match="cannot be read"):
        evaluate_jsonl_dask(pack, source, out, cluster=client, as_of=AS_OF, partition_lines=2, resume=True)
    manifest.write_bytes(kept)
    # Without --resume the partial run is discarded and the batch starts over.
    evaluate_jsonl_dask(pack, source, out, cluster=client, as_of="2021-01-01", partition_lines=2)
    sink = io.BytesIO()
    evaluate_jsonl(pack, io.BytesIO(source.read_bytes()), sink, as_of="2021-01-01")
    assert sink.getvalue() == out.read_bytes()


# --- refusals ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--jsonl", "-", "--out", "OUT", "--dask", "local:1"], "name both, not '-'"),
        (["--jsonl", "IN", "--dask", "local:1"], "name both, not '-'"),
        (["--jsonl", "IN", "--out", "OUT", "--dask", "local:1", "--workers", "2"], "do not go together"),
        (["--jsonl", "IN", "--out", "OUT", "--dask", "local:two"], "'local:two' is not a local cluster"),
        (["--jsonl", "IN", "--out", "OUT", "--dask", "local:0"], "'local:0' is not a local cluster"),
        # digits int() reads ('２', '٣') or raises on ('²', which str.isdigit lets through): ASCII only, as --workers
        (["--jsonl", "IN", "--out", "OUT", "--dask", "local:²"], "'local:²' is not a local cluster"),
        (["--jsonl", "IN", "--out", "OUT", "--dask", "local:２"], "'local:２' is not a local cluster"),
        (["--jsonl", "IN", "--out", "OUT", "--dask", "local:٣"], "'local:٣' is not a local cluster"),
    ],
)
def test_command_line_refusals(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], options: list[str], message: str
) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(CASES[0] + b"\n")
    paths = {"IN": str(source), "OUT": str(tmp_path / "out.jsonl")}
    code = main(["evaluate", "--as-of", AS_OF, *(paths.get(o, o) for o in options)])
    err = capsys.readouterr().err
    assert EXIT_USAGE == code
    assert message in err
    assert "Traceback" not in err
    assert not (tmp_path / "out.jsonl").exists()


def test_the_output_cannot_be_the_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """As without --dask: joining the parts over the input would replace the cases with their decisions."""
    source = tmp_path / "in.jsonl"
    source.write_bytes(CASES[0] + b"\n")
    code = main(["evaluate", "--as-of", AS_OF, "--jsonl", str(source), "--out", str(source), "--dask", "local:1"])
    assert EXIT_USAGE == code
    assert "is the input" in capsys.readouterr().err
    assert CASES[0] + b"\n" == source.read_bytes()


def test_an_unreachable_scheduler_is_one_clear_error(pack: PolicyPack, tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(CASES[0] + b"\n")
    with pytest.raises(DistributedRunError, match=r"Cannot reach the Dask scheduler at 'tcp://127\.0\.0\.1:9'"):
        evaluate_jsonl_dask(
            pack, source, tmp_path / "out.jsonl", cluster="tcp://127.0.0.1:9", as_of=AS_OF, connect_timeout=0.5
        )
    assert ["in.jsonl"] == [p.name for p in tmp_path.iterdir()]  # nothing written


# --- joining and the local cluster -------------------------------------------------------------------------


def test_a_part_is_appended_after_what_the_join_holds(tmp_path: Path) -> None:
    part = tmp_path / "part"
    part.write_bytes(bytes(range(256)) * 9000)
    join = tmp_path / "join"
    join.write_bytes(b"before\n")
    fd = os.open(join, os.O_WRONLY)
    try:
        os.lseek(fd, 0, os.SEEK_END)
        assert 256 * 9000 == append_file(part, fd)
        assert 256 * 9000 == append_file(part, fd)
    finally:
        os.close(fd)
    assert b"before\n" + part.read_bytes() * 2 == join.read_bytes()


def test_a_part_reaches_a_sink_the_kernel_cannot_copy_to(tmp_path: Path) -> None:
    """A pipe takes no copy_file_range: the bytes go through memory instead, all of them, in order."""
    part = tmp_path / "part"
    part.write_bytes(b"0123456789abcdef" * 40_000)  # more than a pipe holds: a reader must drain it
    read_end, write_end = os.pipe()
    received = bytearray()

    def drain() -> None:
        while chunk := os.read(read_end, 1 << 16):
            received.extend(chunk)

    reader = threading.Thread(target=drain)
    reader.start()
    try:
        assert 640_000 == append_file(part, write_end)
    finally:
        os.close(write_end)
        reader.join(timeout=30)
        os.close(read_end)
    assert part.read_bytes() == bytes(received)


def _quiet(dask_worker: object) -> tuple[bool, float]:
    callbacks = dask_worker.periodic_callbacks  # type: ignore[attr-defined]
    return "profile" in callbacks, callbacks["tick"].callback_time


def test_the_local_cluster_runs_its_workers_without_the_profiler(client: Client) -> None:
    """LOCAL_CONFIG reaches the worker processes: no 10 ms profiler, a health tick every second."""
    assert {(False, 1000.0)} == set(client.run(_quiet).values())


@pytest.mark.parametrize(
    ("run", "done"),
    [
        ("../../elsewhere", {"0": 1}),
        ("/var/elsewhere", {}),
        ("0" * 32, {"x": 1}),
        ("0" * 32, {"../0": 1}),
        ("0" * 32, {"0": 1, "１": 2}),
    ],
)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_manifest_naming_other_folders_or_parts_is_one_error(
    tmp_path: Path, run: str, done: dict[str, int], lang: Lang
) -> None:
    """A tampered manifest's run names the folder parts are read from and written to: only a run id is taken.

    A run of '../../elsewhere' read and wrote parts outside ``OUT.parts``; a partition 'x' was a ValueError.
    """
    folder = tmp_path / "out.jsonl.parts"
    identity = {"input": "in.jsonl"}
    Manifest.start(folder, identity)
    (folder / "manifest.json").write_text(json.dumps({"identity": identity, "run": run, "done": done}))
    with pytest.raises(DistributedRunError) as caught:
        Manifest.kept(folder, identity)
    said = caught.value.message_in(lang)
    assert str(folder) in said
    assert run in said
    assert ("not a run's id" if lang == "en" else "不是运行编号") in said
