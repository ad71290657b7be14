"""``commitrules serve --port 0``: the start line names the port the system chose, and a client reaches it."""

from __future__ import annotations

import errno
import re
import socket
import subprocess
import sys
import time
import types
from pathlib import Path

import httpx
import pytest

from commitrules.cli import serve
from commitrules.cli.serve import bind_listeners, check_listen
from commitrules.service.http.config import CONFIG_ENV, ConfigError, config_from_flags
from commitrules.service.http.metrics import MULTIPROC_ENV
from commitrules.service.http.publication import SHARED_ENV
from tests.service.server import START_SECONDS, ServiceProcess, printed_urls


def _healthy(url: str) -> int:
    deadline = time.monotonic() + START_SECONDS
    while True:
        try:
            return httpx.get(url + "/healthz", timeout=2.0).status_code
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


@pytest.mark.parametrize(
    ("host", "workers", "printed"),
    [
        ("127.0.0.1", "1", r"http://127\.0\.0\.1:(\d+)"),
        ("::1", "1", r"http://\[::1\]:(\d+)"),
        ("127.0.0.1", "2", r"http://127\.0\.0\.1:(\d+)"),
    ],
)
def test_port_0_prints_the_port_the_system_chose_and_serves_on_it(tmp_path: Path, host, workers, printed):
    """The start line said ':0' (the flag), not the port bound; an IPv6 address was not bracketed."""
    stderr = tmp_path / "serve.err"
    command = [
        sys.executable,
        "-m",
        "commitrules.cli",
        "serve",
        "--no-log",
        "--access-log",
        "--port",
        "0",
        "--host",
        host,
    ]
    service = ServiceProcess(tmp_path)
    with stderr.open("wb") as err:
        process = subprocess.Popen([*command, "--workers", workers], env=service.env, stdout=err, stderr=err)
    try:
        urls = printed_urls(stderr, process)
        assert 1 == len(urls)
        bound = re.fullmatch(printed, urls[0])
        assert bound is not None, urls
        assert 0 != int(bound[1])
        assert 200 == _healthy(urls[0])
    finally:
        process.terminate()
        process.wait(timeout=30)
    if workers == "1":  # uvicorn's own log line (info: --access-log), which it leaves out for sockets it is given
        assert f"Uvicorn running on {urls[0]} (Press CTRL+C to quit)" in stderr.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_tests_read_the_port_from_the_start_line_in_either_language(tmp_path: Path, lang: str):
    """ServiceProcess serves on --port 0 and reads the port bound from the start line, Chinese or English."""
    with ServiceProcess(tmp_path, "--no-log", "--lang", lang) as server:
        assert 0 != server.port
        assert f"http://127.0.0.1:{server.port}" == server.url
        assert 200 == httpx.get(server.url + "/healthz", timeout=10).status_code
    assert (lang == "zh") == ("正在 http://127.0.0.1:" in server.stderr())


def _bound_names(host: str) -> list[tuple[str, int]]:
    """The addresses ``bind_listeners(host, 0)`` bound, read before its sockets are closed."""
    listeners = bind_listeners(host, 0)
    try:
        return [listener.getsockname()[:2] for listener in listeners]
    finally:
        for listener in listeners:
            listener.close()


def test_every_address_of_a_name_gets_the_one_port_chosen(two_address_name: str):
    """Port 0 on a name of two addresses: both bound to the port the system chose for the first."""
    names = _bound_names(two_address_name)
    assert ["127.0.0.1", "127.0.0.2"] == [name[0] for name in names]
    assert names[0][1] == names[1][1] != 0
    assert 0 != check_listen("127.0.0.1", 0, workers=2)


def test_a_host_whose_every_family_this_machine_lacks_is_refused(monkeypatch: pytest.MonkeyPatch):
    """An IPv6-only name on a machine without IPv6: refused with the reason, not a start on no socket."""
    real_getaddrinfo, real_socket = socket.getaddrinfo, socket.socket

    def only_v6(host: object, port: object, *args: object, **kwargs: object) -> list:
        if host != "v6.test":
            return real_getaddrinfo(host, port, *args, **kwargs)  # type: ignore[arg-type]
        return [(socket.AF_INET6, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", ("::1", port, 0, 0))]

    def no_v6(family: int = socket.AF_INET, *args: object, **kwargs: object) -> socket.socket:
        if family == socket.AF_INET6:
            raise OSError(97, "Address family not supported by protocol")
        return real_socket(family, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", only_v6)
    monkeypatch.setattr(socket, "socket", no_v6)
    with pytest.raises(ConfigError) as refused:
        bind_listeners("v6.test", 0)
    assert "cannot listen on 'v6.test' port 0: its address ::1 cannot be bound" in refused.value.message_in("en")


def test_every_interface_with_workers_is_named_as_an_address(monkeypatch: pytest.MonkeyPatch, capsys):
    """`--host '' --workers 2`: the start line said 'http://:PORT', no address at all; uvicorn's parent
    binds '' as IPv4's every interface, as one process names it (http://0.0.0.0:PORT).
    """
    for name in (MULTIPROC_ENV, SHARED_ENV, CONFIG_ENV):  # unset, and unset again afterwards (serve sets them)
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)
    flags = {"host": "", "port": "0", "workers": "2", "no_log": True, "tokens": "ops:admin:" + "s" * 24}
    config = config_from_flags(flags, environ={}).validated()
    given: dict[str, object] = {}
    uvicorn = types.SimpleNamespace(run=lambda app, **options: given.update(options, app=app))
    assert 0 == serve._serve_workers(config, uvicorn, "en")
    said = capsys.readouterr().err
    assert f" on http://0.0.0.0:{given['port']} with 2 worker(s)" in said, said
    assert ("", 2) == (given["host"], given["workers"])  # uvicorn is given the host as configured


@pytest.mark.parametrize(("given", "host"), [("[::1]", "::1"), ("[::]", "::"), ("::1", "::1"), ("[x]", "[x]")])
def test_an_ipv6_address_in_brackets_is_the_address(given: str, host: str):
    """`--host '[::1]'`, as a URL writes it: was 'neither an address nor a name that resolves'."""
    flags = {"host": given, "tokens": "ops:admin:" + "s" * 24}
    assert host == config_from_flags(flags, environ={}).validated().host
    if given == "[::1]":  # loopback: no tokens needed, as for '::1'
        listeners = bind_listeners(config_from_flags({"host": given}, environ={}).validated().host, 0)
        for listener in listeners:
            listener.close()
        assert [socket.AF_INET6] == [listener.family for listener in listeners]


def test_port_0_tries_another_port_when_the_one_chosen_is_taken_at_another_address(
    monkeypatch: pytest.MonkeyPatch, two_address_name: str
):
    """Port 0 on two addresses: the port the system chose for the first may be another program's at the
    second (IPv6 beside IPv4). That refused the start ('port 0: Address already in use'); another port is
    chosen instead.
    """
    real_bind = serve._bind
    taken: list[object] = []

    def first_second_taken(probe: socket.socket, address: tuple[str, int], *, v6_only: bool) -> None:
        if address[1] != 0 and not taken:  # the second address, at the first port chosen: another's
            taken.append(address)
            raise serve._BindError(address, OSError(errno.EADDRINUSE, "Address already in use"))
        real_bind(probe, address, v6_only=v6_only)

    monkeypatch.setattr(serve, "_bind", first_second_taken)
    names = _bound_names(two_address_name)
    assert 1 == len(taken)
    assert ["127.0.0.1", "127.0.0.2"] == [name[0] for name in names]
    assert names[0][1] == names[1][1] != 0
