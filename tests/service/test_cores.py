"""--cpu-affinity: each worker process kept on one core of its own, checked on the real processes."""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from commitrules.service.http.config import ConfigError, ServiceConfig, config_from_flags
from commitrules.service.http.cores import CoreClaim, claim_core, cpu_list, parse_cores, usable_cores
from tests.service.server import ServiceProcess, serve_command
from tests.service.test_workers import by_worker

CASE = {"kind": "credit_site", "content": {"items": ["dishonesty_info"]}}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("auto", None),
        (" AUTO ", None),
        ("0", (0,)),
        ("0-3", (0, 1, 2, 3)),
        ("2,0", (2, 0)),  # the list's order is the order cores are claimed in
        ("0-1, 1-2 ,5", (0, 1, 2, 5)),  # a core named twice is one core
        ("3-3", (3,)),
        ("8191", (8191,)),
    ],
)
def test_a_cpu_list_reads_as_taskset_reads_it(text: str, expected: tuple[int, ...] | None) -> None:
    assert expected == parse_cores(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        ",",
        "0,",
        "0,,1",
        "-1",
        "0-",
        "-",
        "3-1",
        "8192",
        "0-99999999999",
        "１",
        "٣",
        "0x1",
        "1.0",
        "a-b",
        "all",
        "0-1-2",
        "0000008",
        "1 2",
        "+1",
    ],
)
def test_anything_else_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="not a list of cores"):
        parse_cores(text)


@pytest.mark.parametrize(
    ("lang", "says"),
    [
        ("en", "{source}: '3-1' is not valid (expected auto or a list of cores such as 0-3,6"),
        ("zh", "{source}：「3-1」无效（应当是 auto 或核心列表，如 0-3,6"),
    ],
)
def test_a_list_that_does_not_parse_is_one_message_in_each_language(lang: str, says: str) -> None:
    """From the flag or from the environment, the message names where the value came from."""
    for flags, environ, source in (
        ({"cpu_affinity": "3-1"}, {}, "--cpu-affinity"),
        ({}, {"COMMITRULES_CPU_AFFINITY": "3-1"}, "COMMITRULES_CPU_AFFINITY"),
    ):
        with pytest.raises(ConfigError) as raised:
            config_from_flags(flags, environ)
        assert raised.value.message_in(lang).startswith(says.format(source=source)), raised.value.message_in(lang)


def test_a_core_this_process_may_not_run_on_is_refused_naming_it() -> None:
    usable = usable_cores()
    beyond = max(usable) + 1
    with pytest.raises(ConfigError) as raised:
        ServiceConfig(no_log=True, cpu_affinity=f"{usable[0]},{beyond}").validated()
    usable_text = cpu_list(usable)
    assert (
        f"--cpu-affinity (COMMITRULES_CPU_AFFINITY) names cores {beyond}, which this process may not run on "
        f"(it may run on {usable_text})"
    ) == str(raised.value)
    assert f"列出的核心 {beyond} 不是本进程可以使用的核心（可以使用：{usable_text}）" in raised.value.message_in("zh")


def test_a_long_list_is_named_by_its_ranges_in_the_message() -> None:
    """Every core a system may have, named on a machine of a few: the message says the ranges, not 8,000 numbers."""
    usable = usable_cores()
    with pytest.raises(ConfigError) as raised:
        ServiceConfig(no_log=True, cpu_affinity="0-8191").validated()
    assert f"names cores {max(usable) + 1}-8191," in str(raised.value)
    assert len(str(raised.value)) < 200


def test_hostile_lists_are_refused_without_being_expanded() -> None:
    """Ten thousand full ranges, a core named a hundred thousand times, a number of ten thousand digits
    (past what ``int`` reads): each refused with the same message, before the work grows with them."""
    for text in (",".join(["0-8191"] * 10_000), "0," * 100_000 + "0", "9" * 10_000, "0-" + "9" * 10_000):
        with pytest.raises(ValueError, match="not a list of cores"):
            parse_cores(text)
    assert (0, 1) == parse_cores(",".join(["0-1"] * 8192))  # overlaps up to twice the most cores are fine


def test_auto_is_the_cores_this_process_may_run_on_and_off_is_none() -> None:
    assert usable_cores() == ServiceConfig(no_log=True, cpu_affinity="auto").validated().cores()
    assert () == ServiceConfig(no_log=True).validated().cores()
    assert tuple(sorted(os.sched_getaffinity(0))) == usable_cores()


def test_the_command_refuses_a_bad_list_before_anything_starts(tmp_path: Path) -> None:
    """Exit 2, one line in the language asked for, no traceback, nothing served."""
    beyond = str(max(usable_cores()) + 1)
    for args, says in (
        (("--cpu-affinity", "0-"), "'0-' is not valid (expected auto or a list of cores such as 0-3,6"),
        (("--cpu-affinity", beyond, "--lang", "zh"), f"列出的核心 {beyond} 不是本进程可以使用的核心"),
    ):
        result = serve_command("--no-log", "--port", "0", *args, cwd=tmp_path)
        assert (2, True) == (result.returncode, says in result.stderr), result.stderr
        assert ("serving" not in result.stderr, "Traceback" not in result.stderr) == (True, True)


def test_a_core_the_system_refuses_is_one_message_and_nothing_moves() -> None:
    """The cores changed since they were checked (a cpuset): the refusal is a ConfigError naming the
    flag and the core, in each language, and this process keeps the cores it had."""
    before = os.sched_getaffinity(0)
    with pytest.raises(ConfigError) as raised:
        ServiceConfig(no_log=True, cpu_affinity="auto").pin(8191)
    assert str(raised.value).startswith(
        "--cpu-affinity (COMMITRULES_CPU_AFFINITY): this process cannot be kept on core 8191: "
    )
    assert "无法把本进程固定在核心 8191 上" in raised.value.message_in("zh")
    assert before == os.sched_getaffinity(0)


def test_writing_the_openapi_document_pins_nothing_and_checks_no_core(tmp_path: Path) -> None:
    """``serve --openapi`` serves nothing: a core list meant for the service (here one this machine
    lacks) neither stops it nor pins the command."""
    beyond = str(max(usable_cores()) + 1)
    result = serve_command("--openapi", str(tmp_path / "openapi.json"), env={"COMMITRULES_CPU_AFFINITY": beyond})
    assert 0 == result.returncode, result.stderr
    assert (tmp_path / "openapi.json").read_text(encoding="utf-8").startswith("{")


@pytest.fixture
def claims() -> Iterator[list[CoreClaim]]:
    """The claims a test makes, let go after it."""
    made: list[CoreClaim] = []
    yield made
    for claim in made:
        claim.close()


def _claim(folder: Path, cores: tuple[int, ...], workers: int, made: list[CoreClaim]) -> int | None:
    claim = claim_core(folder, cores, workers)
    if claim is None:
        return None
    made.append(claim)
    return claim.core


def test_claims_take_the_least_claimed_core_and_a_freed_one_is_taken_again(
    tmp_path: Path, claims: list[CoreClaim]
) -> None:
    """The lock files are the claims: three workers on two cores take 0, 1, 0; one that ends frees its core."""
    assert [0, 1, 0] == [_claim(tmp_path, (0, 1), 3, claims) for _ in range(3)]
    claims.pop(1).close()  # the worker on core 1 ended: the system let its lock go
    # then 0 claimed twice, 1 once, and then both twice: the list's order
    assert [1, 1, 0] == [_claim(tmp_path, (0, 1), 3, claims) for _ in range(3)]
    assert 5 == len(claims)


def test_replacements_started_beside_the_workers_they_replace_keep_one_a_core(
    tmp_path: Path, claims: list[CoreClaim]
) -> None:
    """uvicorn's SIGHUP: each replacement starts before its worker stops. The first goes where the
    oldest claim is (core 0), and once worker 0 stopped, the second to core 1, where the worker it
    replaces still runs: not to core 0 again, which the list's order alone would choose."""
    assert [0, 1] == [_claim(tmp_path, (0, 1), 2, claims) for _ in range(2)]
    assert 0 == _claim(tmp_path, (0, 1), 2, claims)  # the replacement of worker 0
    claims.pop(0).close()  # worker 0 stops
    assert 1 == _claim(tmp_path, (0, 1), 2, claims)  # the replacement of worker 1
    claims.pop(0).close()  # worker 1 stops
    assert [0, 1] == [claim.core for claim in claims]


def test_every_slot_claimed_leaves_the_worker_unpinned(tmp_path: Path, claims: list[CoreClaim]) -> None:
    """Twice ``workers`` claims per core at most (a replaced worker overlaps its replacement); past it, None."""
    assert [7, 7] == [_claim(tmp_path, (7,), 1, claims) for _ in range(2)]
    assert _claim(tmp_path, (7,), 1, claims) is None
    claims[0].close()
    claims[0].close()  # closing twice is harmless
    assert 7 == _claim(tmp_path, (7,), 1, claims)


def _threads_cores(pid: int) -> set[frozenset[int]]:
    """The cores each thread of process ``pid`` may run on (threads that end meanwhile left out)."""
    found = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(ProcessLookupError):
            found.add(frozenset(os.sched_getaffinity(int(task.name))))
    return found


@pytest.mark.slow  # it starts `commitrules serve` twice
def test_one_worker_and_all_its_threads_stay_on_the_core_named(tmp_path: Path) -> None:
    """The event loop and the log's writer (started after the pin: they inherit it) on the one core."""
    core = usable_cores()[-1]
    args = ("--cpu-affinity", str(core), "--log-url", f"sqlite:///{tmp_path / 'decisions.db'}")
    with ServiceProcess(tmp_path, *args) as server:
        assert 200 == httpx.post(server.url + "/v1/decisions", json=CASE, timeout=30).status_code
        assert server.process is not None
        assert len(list(Path(f"/proc/{server.process.pid}/task").iterdir())) >= 2  # the writer's thread is there
        assert {frozenset({core})} == _threads_cores(server.process.pid)
    unpinned = ServiceProcess(tmp_path, "--no-log")
    with unpinned:
        assert unpinned.process is not None
        assert {frozenset(usable_cores())} == _threads_cores(unpinned.process.pid)


@pytest.mark.slow  # it starts `commitrules serve --workers 2`
def test_two_workers_claim_a_core_each_and_a_restarted_worker_takes_the_freed_one(tmp_path: Path) -> None:
    """--workers 2 --cpu-affinity auto: the workers on the first two cores (one core: both on it); a worker
    killed and started again by uvicorn takes the core its predecessor had; after SIGHUP replaced both,
    they are still on a core each."""
    usable = usable_cores()
    expected = sorted(usable[i % len(usable)] for i in range(2))
    args = ("--workers", "2", "--cpu-affinity", "auto", "--log-url", f"sqlite:///{tmp_path / 'decisions.db'}")

    def core_of(client: httpx.Client, pid: int) -> int:
        assert 200 == client.post("/v1/decisions", json=CASE).status_code
        threads = _threads_cores(pid)
        assert 1 == len(threads), threads  # every thread of the worker on the same single core
        (only,) = threads
        assert 1 == len(only), only
        return next(iter(only))

    with ServiceProcess(tmp_path, *args) as server:
        first = by_worker(server, 2, core_of, token=None)
        assert expected == sorted(first.values())
        killed = min(first)
        os.kill(killed, signal.SIGKILL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            seen = by_worker(server, 2, core_of, token=None)
            if killed not in seen:
                break
            time.sleep(0.2)
        assert killed not in seen
        assert sorted(seen.values()) == expected
        survivor = next(pid for pid in first if pid != killed)
        if survivor in seen:  # (a machine slow enough for uvicorn's health check may have it replace both)
            (new,) = set(seen) - {survivor}
            assert first[killed] == seen[new]

        # SIGHUP: uvicorn starts each replacement before it stops the worker replaced
        assert server.process is not None
        os.kill(server.process.pid, signal.SIGHUP)
        deadline = time.monotonic() + 90  # until uvicorn has stopped (and reaped) both workers replaced
        while time.monotonic() < deadline and any(Path(f"/proc/{pid}").exists() for pid in seen):
            time.sleep(0.1)
        after = by_worker(server, 2, core_of, token=None)
        assert not set(after) & set(seen)
        assert sorted(after.values()) == expected  # one a core still, not both on the first
