"""``commitrules serve``: the decision service on uvicorn (``--openapi FILE`` writes its OpenAPI document).

Exit codes: 0 stopped normally (or the document was written), 2 the configuration is wrong (a flag, a
variable, tokens, or exposure without tokens), 3 the pack is invalid, 4 the ``service`` extra is not
installed.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import errno
import logging
import os
import shutil
import signal
import socket
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from commitrules.cli._common import EXIT_MISSING, EXIT_OK, EXIT_POLICY, EXIT_USAGE, lang_of, policy_exit, write_text
from commitrules.errors import PolicyError
from commitrules.io.probe import is_dir
from commitrules.messages import Lang, Text, message, os_reason, reword
from commitrules.service.http.auth import TokenError
from commitrules.service.http.config import (
    CONFIG_ENV,
    OPTIONS,
    ConfigError,
    ServiceConfig,
    config_from_flags,
    redacted_url,
)

if TYPE_CHECKING:
    from commitrules.policy.pack import PolicyPack

__all__ = ["register", "run"]

_UVICORN_LOG = logging.getLogger("uvicorn.error")  # where uvicorn says where it runs


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add ``serve`` to the command line."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "serve",
        help="serve decisions over HTTP, recording each in the decision log (docs/service.md)",
        description="Serve decisions over HTTP/JSON. Every option can also be set by its COMMITRULES_* variable; "
        "a flag wins over the variable.",
    )
    add_arguments(parser)
    parser.add_argument(
        "--openapi",
        metavar="FILE",
        default=None,
        help="write the OpenAPI document to FILE ('-': standard output) and exit",
    )
    return parser


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add one flag per option to ``parser`` (defaults None: the environment and defaults come later)."""
    for option in OPTIONS:
        default_text = "" if option.default in (None, "", False) else f" (default: {option.default})"
        help_text = f"{option.help}; env {option.env}{default_text}"
        if option.is_switch:
            parser.add_argument(
                option.flag, dest=option.name, action="store_const", const=True, default=None, help=help_text
            )
        else:
            parser.add_argument(option.flag, dest=option.name, default=None, metavar=option.metavar, help=help_text)


def _print(text: str, lang: Lang = "en") -> None:
    print(message("serve.line", lang, text=text), file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    """Start the service (returns when it stops) or write the OpenAPI document."""
    try:
        import uvicorn  # noqa: PLC0415 - the service extra is optional

        from commitrules.service.http.app import create_app  # noqa: PLC0415
        from commitrules.service.http.openapi import render_openapi  # noqa: PLC0415
    except ImportError as exc:
        _print(message("serve.needs_service", lang_of(args), missing=exc.name), lang_of(args))
        return EXIT_MISSING
    try:
        config = config_from_flags(vars(args))
        if args.openapi is not None:
            config = dataclasses.replace(
                config, no_log=True, host="127.0.0.1", tokens=None, tokens_file=None, cpu_affinity=""
            )
        config = config.validated()
    except ValueError as exc:  # ConfigError and TokenError are ValueErrors
        return _refuse(exc, lang_of(args))
    try:
        if config.workers > 1 and args.openapi is None:
            return _serve_workers(config, uvicorn, lang_of(args))
        cores = config.cores()
        if cores and args.openapi is None:
            config.pin(cores[0])  # before create_app starts the log's threads (they would inherit it anyway)
        app = create_app(config)
        if args.openapi is not None:
            write_text(render_openapi(app), None if args.openapi == "-" else args.openapi)
            return EXIT_OK
        listeners = bind_listeners(config.host, config.port)  # after the pack and the log, whose errors come first
    except (PolicyError, ConfigError) as exc:
        return _refuse(exc, lang_of(args))
    with contextlib.ExitStack() as held:
        for listener in listeners:
            held.enter_context(listener)
        pack = app.state.service.holder.pack
        where = [listener.getsockname() for listener in listeners]
        _started(config, pack, where, lang_of(args))
        server = uvicorn.Server(uvicorn.Config(app, **_uvicorn_options(config)))
        _log_listening(where)  # uvicorn says nothing of sockets it is given; its Config set up its log
        with _terminated_as_exception(), contextlib.suppress(KeyboardInterrupt, _Terminated):  # as uvicorn.run
            server.run(sockets=listeners)
    return EXIT_OK if server.started else EXIT_POLICY  # uvicorn.run's 3: the app did not start


class _Terminated(Exception):  # noqa: N818 - a stop, as KeyboardInterrupt is, not an error
    """SIGTERM arrived: the normal stop of a service (systemd, Docker, Kubernetes send it)."""


def _raise_terminated(*_signal: object) -> None:
    raise _Terminated


@contextlib.contextmanager
def _terminated_as_exception() -> Iterator[None]:
    """SIGTERM raises :class:`_Terminated` meanwhile (in the main thread), as SIGINT raises KeyboardInterrupt.

    uvicorn catches SIGTERM while it serves, shuts down gracefully (the log's writer drains), then
    raises the signal again under the handler it found: Python's default one killed the process, which
    exited with 143 (killed by SIGTERM) instead of 0, and skipped what follows ``server.run``.
    """
    if threading.current_thread() is not threading.main_thread():  # signals are the main thread's only
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def check_listen(host: str, port: int, *, workers: int = 1) -> int:
    """Bind what uvicorn will bind for ``host:port`` and close it again; the port bound.

    For several ``workers``, whose listening socket uvicorn binds itself: the port is the one the
    system chose when ``port`` is 0, handed to uvicorn (it is free again only for the moment between
    this close and uvicorn's bind). See :func:`bind_listeners`.

    Raises:
        ConfigError: an address cannot be listened on (the message says which and why).
    """
    with contextlib.ExitStack() as held:
        bound = [held.enter_context(listener) for listener in bind_listeners(host, port, workers=workers)]
        return int(bound[0].getsockname()[1]) if bound else port


def bind_listeners(host: str, port: int, *, workers: int = 1) -> list[socket.socket]:
    """Bind every socket uvicorn would bind for ``host:port``, before 'serving' is said; the caller closes them.

    uvicorn reports a name that does not resolve or a port in use in its own English
    ('ERROR: [Errno -2] Name or service not known') after the start was announced, and exits 3, the
    code of an invalid pack. So every socket is bound here, all at once, and one process serves on
    these very sockets: the start line names the addresses they are bound to, the port the system
    chose for port 0 included, and every address of a name shares that one port (when that port is
    another program's at a later address, the system chooses again). One process binds,
    as asyncio's ``create_server`` does, every address the host resolves to (a name with an IPv4 and
    an IPv6 address, or '' for every interface of both), each IPv6 socket for IPv6 alone. Several
    ``workers``: uvicorn's parent binds one socket, IPv6 when the host holds a colon, else IPv4, to
    the first address ``bind`` resolves the name to. A family this machine lacks is skipped, as
    asyncio skips it.

    Raises:
        ConfigError: an address cannot be listened on (the message says which and why).
    """
    found: list[tuple[socket.AddressFamily, socket.SocketKind, int, Any]]
    try:
        if workers > 1:
            family = socket.AF_INET6 if ":" in host else socket.AF_INET
            found = [(family, socket.SOCK_STREAM, socket.IPPROTO_TCP, (host, port))]  # bind() resolves the name
        else:
            infos = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
            found = list(dict.fromkeys((family, kind, proto, address) for family, kind, proto, _, address in infos))
        for _ in range(_PORT_0_TRIES):
            try:
                return _bind_all(found, port, workers=workers)
            except _PortTakenError as exc:  # port 0: the system chooses again
                taken = exc
        raise taken
    except (socket.gaierror, UnicodeError):  # UnicodeError: a name IDNA cannot encode resolves to nothing
        raise ConfigError(Text("serveerr.host_unknown", host=host)) from None
    except _BindError as exc:
        at = str(exc.address[0])
        reason = os_reason(exc.error)
        text = (
            Text("serveerr.cannot_listen", host=host, port=port, reason=reason)
            if at == host
            else Text("serveerr.cannot_listen_at", host=host, port=port, address=at, reason=reason)
        )
        raise ConfigError(text) from None


#: How many ports the system is asked for, for port 0 on several addresses, before giving up.
_PORT_0_TRIES: Final = 8


def _bind_all(
    found: list[tuple[socket.AddressFamily, socket.SocketKind, int, Any]], port: int, *, workers: int
) -> list[socket.socket]:
    """One socket bound per address of ``found``; the caller closes them (see :func:`bind_listeners`).

    Raises:
        _PortTakenError: ``port`` is 0 and the port chosen for the first address is in use at another one
            (IPv6 beside IPv4): the system may choose a port free at every address on the next try.
        _BindError: an address cannot be bound.
    """
    with contextlib.ExitStack() as held:
        bound: list[socket.socket] = []
        lacking: _BindError | None = None
        for family, kind, proto, given in found:
            try:
                probe = held.enter_context(socket.socket(family, kind, proto))
            except OSError as exc:
                lacking = _BindError(given, exc)
                continue
            address = given
            if port == 0 and bound:  # the port the system chose for the first address, for every one
                address = (given[0], bound[0].getsockname()[1], *given[2:])
            try:
                _bind(probe, address, v6_only=workers == 1 and family == socket.AF_INET6)
            except _BindError as exc:
                if address is not given and exc.error.errno == errno.EADDRINUSE:
                    raise _PortTakenError(exc.address, exc.error) from None
                raise
            bound.append(probe)
        if not bound and lacking is not None:  # every family of the host's addresses is missing here
            raise lacking
        held.pop_all()
        return bound


def http_address(sockname: Any) -> str:
    """``http://host:port`` of a bound socket's name, an IPv6 address in brackets (RFC 3986).

    Examples:
        >>> http_address(("127.0.0.1", 8080))
        'http://127.0.0.1:8080'
        >>> http_address(("::1", 8080, 0, 0))
        'http://[::1]:8080'
    """
    host, port = str(sockname[0]), int(sockname[1])
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def _log_listening(where: list[Any]) -> None:
    for sockname in where:
        _UVICORN_LOG.info("Uvicorn running on %s (Press CTRL+C to quit)", http_address(sockname))


class _BindError(Exception):
    """Binding ``address`` failed with ``error``."""

    def __init__(self, address: Any, error: OSError) -> None:
        super().__init__(address, error)
        self.address = address
        self.error = error


class _PortTakenError(_BindError):
    """The port the system chose for the first address is in use at another (port 0 only)."""


def _bind(probe: socket.socket, address: Any, *, v6_only: bool) -> None:
    """Bind ``probe`` to ``address`` as uvicorn binds its sockets.

    Raises:
        socket.gaierror: the name in ``address`` does not resolve.
        UnicodeError: the name in ``address`` is one IDNA cannot encode.
        _BindError: the bind failed.
    """
    probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn and asyncio bind
    if v6_only:
        probe.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)  # as asyncio's create_server
    try:
        probe.bind(address)
    except socket.gaierror:
        raise
    except OSError as exc:
        raise _BindError(address, exc) from None


def _refuse(exc: Exception, lang: Lang) -> int:
    """Say why the service cannot start; the exit code.

    The configuration's errors (service/http/config.py) are English sentences, as the service's own
    log shows them; the catalogue holds them (``serveerr.*``) and their translations.
    """
    if isinstance(exc, PolicyError):
        _print(message("serve.no_pack", lang, diagnostics=exc.render(lang)), lang)
        return policy_exit(exc)
    if isinstance(exc, TokenError | ConfigError):
        detail = exc.message_in(lang)
    else:
        detail = reword(str(exc), "serveerr.", lang) or str(exc)
    _print(message("serve.error", lang, detail=detail), lang)
    return EXIT_USAGE


def _serve_workers(config: ServiceConfig, uvicorn: Any, lang: Lang) -> int:
    """Several worker processes, each building its own app from the configuration passed to it.

    The parent checks first what would make every worker fail: the pack, and the log. It makes the
    folder the workers publish reloaded packs through (:mod:`commitrules.service.http.publication`)
    and, unless the deployment names one, prometheus_client's multiprocess folder, so that ``/metrics``
    sums every worker's figures; both are removed when the service stops.

    Raises:
        PolicyError: the pack does not load.
        ConfigError: the log cannot be opened, ``PROMETHEUS_MULTIPROC_DIR`` is not a folder, or the
            address cannot be listened on.
    """
    from commitrules import load_policies  # noqa: PLC0415
    from commitrules.service.http.app import open_log  # noqa: PLC0415
    from commitrules.service.http.metrics import MULTIPROC_ENV  # noqa: PLC0415
    from commitrules.service.http.publication import SHARED_ENV, Publication  # noqa: PLC0415

    pack = load_policies(config.policies)
    log = open_log(config)
    if log is not None:
        log.close()
    given = os.environ.get(MULTIPROC_ENV)
    if given and not is_dir(given):
        raise ConfigError(f"{MULTIPROC_ENV} names '{given}', which is not a folder: make it (empty) first")
    port = check_listen(config.host, config.port, workers=config.workers)
    config = dataclasses.replace(config, port=port)  # the system's choice for 0, for every worker and the start line
    shared = Path(tempfile.mkdtemp(prefix="commitrules-serve-"))  # mode 0700: this user's only
    try:
        os.environ[SHARED_ENV] = str(shared)
        # the workers start with the pack checked here, not with the folder read again (see Publication.first)
        Publication(shared).publish(pack, generation=1)
        if not given:
            (shared / "metrics").mkdir()
            os.environ[MULTIPROC_ENV] = str(shared / "metrics")
        # uvicorn's parent binds '' as IPv4's every interface (see bind_listeners): named as one process names it
        _started(config, pack, [(config.host or "0.0.0.0", port)], lang)  # noqa: S104 - a name, not a bind
        os.environ[CONFIG_ENV] = config.to_json()
        uvicorn.run(
            "commitrules.service.http.app:app_from_environment",
            factory=True,
            workers=config.workers,
            **_uvicorn_options(config),
        )
    finally:
        shutil.rmtree(shared, ignore_errors=True)
    return EXIT_OK


def _uvicorn_options(config: ServiceConfig) -> dict[str, Any]:
    return {
        "host": config.host,
        "port": config.port,
        "access_log": config.access_log,
        "log_level": "info" if config.access_log else "warning",
        "root_path": config.root_path,
        "http": "commitrules.service.http.protocol:ServiceHttpProtocol",  # problems for what its parser refuses
        "timeout_graceful_shutdown": 10,
        "timeout_keep_alive": config.keep_alive,
    }


def _started(config: ServiceConfig, pack: PolicyPack, where: list[Any], lang: Lang) -> None:
    """Say the service starts ``pack``, on the addresses ``where`` (socket names) it is bound to."""
    tokens = message("serve.tokens_on" if config.auth_enabled else "serve.tokens_off", lang)
    log = redacted_url(config.log_url) if config.log_enabled else message("serve.no_log", lang)
    addresses = message("serve.and", lang).join(http_address(sockname) for sockname in where)
    _print(
        message(
            "serve.started",
            lang,
            name=pack.name,
            version=pack.version,
            digest=pack.digest[:19],
            tokens=tokens,
            log=log,
            addresses=addresses,
            workers=config.workers,
        ),
        lang,
    )
