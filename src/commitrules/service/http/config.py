"""The service's configuration: one table of options, read from flags, then ``COMMITRULES_*``, then defaults.

:data:`OPTIONS` is the single list of settings: ``commitrules serve`` (``commitrules.cli.serve``) builds
its flags from it, reads the environment by it, and ``docs/service.md`` documents it as one table (a
test keeps the two equal).
"""

from __future__ import annotations

import dataclasses
import ipaddress
import json
import math
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from commitrules.messages import Lang, Text, reword
from commitrules.service.http.auth import TokenTable, load_tokens
from commitrules.service.http.cores import CoresError, chosen_cores, parse_cores, pin_process

__all__ = ["OPTIONS", "ConfigError", "Option", "ServiceConfig", "config_from_flags", "is_loopback"]

#: The environment variable a multi-worker parent passes the resolved configuration in (JSON).
CONFIG_ENV: Final = "COMMITRULES_SERVE_CONFIG"
#: The longest ``--commit-delay``, in seconds (PostgreSQL's ``commit_delay`` also stops at a tenth of a second).
MAX_COMMIT_DELAY: Final = 0.1
#: The highest TCP port (0 lets the system choose one).
MAX_PORT: Final = 65535
#: The highest ``--max-connections``: more than a process's descriptors could ever hold.
MAX_CONNECTIONS: Final = 1_000_000
#: The most worker processes: each is a whole copy of the service, and a mistyped count must not fork
#: the host to its knees.
MAX_WORKERS: Final = 64
#: The longest ``--timeout``, ``--keep-alive``, ``--watch-interval`` and ``--head-interval``: a year.
#: The system's timers take no more than about 292 years (``threading.TIMEOUT_MAX``): a longer wait
#: killed the folder watcher's thread at its first wait (OverflowError), and the service went on
#: saying it watched the folder.
MAX_SECONDS: Final = 365 * 24 * 3600


#: A path prefix a reverse proxy serves the service under: '/' and a segment, as many times as needed.
_ROOT_PATH: Final = re.compile(r"(?:/[A-Za-z0-9._~!$&'()*+,;=:@%-]+)+")


class ConfigError(ValueError):
    """A setting has a value the service cannot start with; the message names the flag and the variable.

    ``str(error)`` is English (the service's log shows it); :meth:`message_in` says it in another
    language, from the catalogue (``serveerr.*``).
    """

    def __init__(self, text: Text | str) -> None:
        self.text = text if isinstance(text, Text) else None
        super().__init__(str(text))

    def message_in(self, lang: Lang = "en") -> str:
        """The message in ``lang``."""
        if self.text is not None:
            return self.text.in_(lang)
        return reword(str(self), "serveerr.", lang) or str(self)


def _flag(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"'{value}' is not true or false")


def _whole(value: str) -> int:
    """A whole number written in ASCII digits (``int`` alone would take '８０８０' or '٣' too)."""
    if not value.strip().isascii():
        raise ValueError(value)
    return int(value)


def _cores(value: str) -> str:
    """``--cpu-affinity``: ``auto``, a cpu list (``0-3,6``) or nothing (off), checked here and kept as given."""
    if value.strip():
        parse_cores(value)
    return value.strip()


def _seconds(value: str) -> float:
    """A number written in ASCII (``float`` alone would take '１' too)."""
    if not value.strip().isascii():
        raise ValueError(value)
    return float(value)


@dataclass(frozen=True, slots=True)
class Option:
    """One setting: its field in :class:`ServiceConfig`, flag, environment variable, type and meaning."""

    name: str
    flag: str
    env: str
    parse: Callable[[str], Any]
    default: Any
    help: str
    metavar: str | None = None

    @property
    def is_switch(self) -> bool:
        """Whether the flag takes no value (``--watch``)."""
        return self.parse is _flag


def _optional_path(value: str) -> Path | None:
    return Path(value) if value else None


#: What a value that does not parse should have been, by the function that parses it (the others never fail).
_WANTED: Final[dict[Callable[[str], Any], str]] = {
    _whole: "serveerr.want_int",
    _seconds: "serveerr.want_number",
    _flag: "serveerr.want_flag",
    _cores: "serveerr.want_cores",
}


OPTIONS: Final[tuple[Option, ...]] = (
    Option(
        "host",
        "--host",
        "COMMITRULES_HOST",
        str,
        "127.0.0.1",
        "address to bind; anything but a loopback address needs tokens",
        "ADDR",
    ),
    Option(
        "port",
        "--port",
        "COMMITRULES_PORT",
        _whole,
        8080,
        "TCP port to listen on (0: one the system chooses, named in the start line)",
        "PORT",
    ),
    Option(
        "policies",
        "--policies",
        "COMMITRULES_POLICIES",
        _optional_path,
        None,
        "the pack's folder (default: the bundled pack)",
        "DIR",
    ),
    Option(
        "engine",
        "--engine",
        "COMMITRULES_ENGINE",
        str,
        "compiled",
        "the engine used when a request names none (compiled or rete)",
        "NAME",
    ),
    Option(
        "log_url",
        "--log-url",
        "COMMITRULES_LOG_URL",
        str,
        "sqlite:///commitrules-decisions.db",
        "the decision log: sqlite:///FILE or postgresql+psycopg://...",
        "URL",
    ),
    Option(
        "no_log",
        "--no-log",
        "COMMITRULES_NO_LOG",
        _flag,
        default=False,
        help="keep no decision log (development only: decisions leave no trace)",
    ),
    Option(
        "signing_key",
        "--signing-key",
        "COMMITRULES_SIGNING_KEY",
        _optional_path,
        None,
        "Ed25519 private key (PEM) that signs the log's tree heads",
        "FILE",
    ),
    Option(
        "head_interval",
        "--head-interval",
        "COMMITRULES_HEAD_INTERVAL",
        _seconds,
        60.0,
        "seconds between two signed tree heads issued while decisions are appended (0: only on request)",
        "SECONDS",
    ),
    Option(
        "commit_delay",
        "--commit-delay",
        "COMMITRULES_COMMIT_DELAY",
        _seconds,
        0.0,
        "seconds the log's writer waits for more decisions to share a commit while they arrive faster than "
        "commits end (0: never waits)",
        "SECONDS",
    ),
    Option(
        "redact_personal",
        "--redact-personal",
        "COMMITRULES_REDACT_PERSONAL",
        _flag,
        default=False,
        help="store personal fields of cases as salted hashes",
    ),
    Option("salt", "--salt", "COMMITRULES_SALT", str, None, "the salt of redacted fields", "TEXT"),
    Option(
        "tokens_file",
        "--tokens-file",
        "COMMITRULES_TOKENS_FILE",
        _optional_path,
        None,
        "bearer tokens, one 'NAME ROLE[,ROLE] SECRET' a line (SECRET may be sha256:HEX)",
        "FILE",
    ),
    Option(
        "tokens",
        "--tokens",
        "COMMITRULES_TOKENS",
        str,
        None,
        "bearer tokens as 'NAME:ROLE[,ROLE]:SECRET', separated by ';' (prefer the environment)",
        "LIST",
    ),
    Option(
        "max_body_bytes",
        "--max-body-bytes",
        "COMMITRULES_MAX_BODY_BYTES",
        _whole,
        1024 * 1024,
        "largest body of a single-case request",
        "N",
    ),
    Option(
        "max_batch_body_bytes",
        "--max-batch-body-bytes",
        "COMMITRULES_MAX_BATCH_BODY_BYTES",
        _whole,
        16 * 1024 * 1024,
        "largest body of a batch request",
        "N",
    ),
    Option(
        "max_batch_items",
        "--max-batch-items",
        "COMMITRULES_MAX_BATCH_ITEMS",
        _whole,
        1000,
        "most cases in one batch",
        "N",
    ),
    Option(
        "max_depth",
        "--max-depth",
        "COMMITRULES_MAX_DEPTH",
        _whole,
        64,
        "deepest nesting of objects and lists in a body",
        "N",
    ),
    Option(
        "timeout",
        "--timeout",
        "COMMITRULES_TIMEOUT",
        _seconds,
        30.0,
        "seconds a request may take, reading its body included (503 after)",
        "SECONDS",
    ),
    Option(
        "max_connections",
        "--max-connections",
        "COMMITRULES_MAX_CONNECTIONS",
        _whole,
        1000,
        "most connections a worker process keeps open at once; a request on one past them is answered 503 "
        "overloaded and its connection closed (0: no limit)",
        "N",
    ),
    Option(
        "keep_alive",
        "--keep-alive",
        "COMMITRULES_KEEP_ALIVE",
        _seconds,
        5.0,
        "seconds an idle keep-alive connection stays open (a reverse proxy's upstream keepalive_timeout "
        "must be shorter)",
        "SECONDS",
    ),
    Option("workers", "--workers", "COMMITRULES_WORKERS", _whole, 1, "worker processes", "N"),
    Option(
        "cpu_affinity",
        "--cpu-affinity",
        "COMMITRULES_CPU_AFFINITY",
        _cores,
        "",
        "keep each worker process on one core of its own: 'auto' (the cores it may run on) or a list such "
        "as 0-3,6; off by default (Linux only; docs/service.md, several workers)",
        "CORES",
    ),
    Option(
        "watch", "--watch", "COMMITRULES_WATCH", _flag, default=False, help="reload the pack when its folder changes"
    ),
    Option(
        "watch_interval",
        "--watch-interval",
        "COMMITRULES_WATCH_INTERVAL",
        _seconds,
        2.0,
        "seconds between two looks at the folder",
        "SECONDS",
    ),
    Option(
        "root_path",
        "--root-path",
        "COMMITRULES_ROOT_PATH",
        str,
        "",
        "the path prefix a reverse proxy serves the service under",
        "PATH",
    ),
    Option(
        "access_log",
        "--access-log",
        "COMMITRULES_ACCESS_LOG",
        _flag,
        default=False,
        help="log one line per request (method, path, status; never headers)",
    ),
    # The pages (commitrules.service.pages): the audit report's inputs and the documentation site.
    Option(
        "features",
        "--features",
        "COMMITRULES_FEATURES",
        str,
        "features",
        "the feature files the audit report (/audit) reads",
        "DIR",
    ),
    Option(
        "junit",
        "--junit",
        "COMMITRULES_JUNIT",
        str,
        "reports/features.xml",
        "the JUnit XML of the last specification run, for the audit report's results",
        "XML",
    ),
    Option(
        "docs_site",
        "--docs-site",
        "COMMITRULES_DOCS_SITE",
        str,
        "site",
        "the built documentation site served at /docs (mkdocs build writes ./site)",
        "DIR",
    ),
)


@dataclass(frozen=True)
class ServiceConfig:
    """Everything ``create_app`` needs; build it with :func:`config_from_args` or directly in tests."""

    host: str = "127.0.0.1"
    port: int = 8080
    policies: Path | None = None
    engine: str = "compiled"
    log_url: str | None = "sqlite:///commitrules-decisions.db"
    no_log: bool = False
    signing_key: Path | None = None
    head_interval: float = 60.0
    commit_delay: float = 0.0
    redact_personal: bool = False
    salt: str | None = None
    tokens_file: Path | None = None
    tokens: str | None = None
    max_body_bytes: int = 1024 * 1024
    max_batch_body_bytes: int = 16 * 1024 * 1024
    max_batch_items: int = 1000
    max_depth: int = 64
    timeout: float = 30.0
    max_connections: int = 1000
    keep_alive: float = 5.0
    workers: int = 1
    cpu_affinity: str = ""
    watch: bool = False
    watch_interval: float = 2.0
    root_path: str = ""
    access_log: bool = False
    features: str = "features"
    junit: str = "reports/features.xml"
    docs_site: str = "site"
    #: Resolved from ``tokens`` and ``tokens_file`` by :meth:`token_table`; hashes only.
    token_table: TokenTable = field(default_factory=TokenTable)

    @property
    def log_enabled(self) -> bool:
        """Whether decisions are recorded."""
        return not self.no_log and bool(self.log_url)

    @property
    def auth_enabled(self) -> bool:
        """Tokens are checked whenever any are configured; without tokens only loopback is served."""
        return bool(self.token_table)

    def _check_numbers(self) -> None:
        """Raise :class:`ConfigError` for a number out of its range (NaN is in none)."""
        for name in ("max_body_bytes", "max_batch_body_bytes", "max_batch_items", "max_depth"):
            if getattr(self, name) < 1:
                raise ConfigError(f"{_describe(name)} must be positive, not {getattr(self, name)}")
        for name, low, high in (
            ("port", 0, MAX_PORT),
            ("workers", 1, MAX_WORKERS),
            ("max_connections", 0, MAX_CONNECTIONS),
        ):
            if not low <= getattr(self, name) <= high:
                raise ConfigError(
                    f"{_describe(name)} must be a whole number from {low} to {high}, not {getattr(self, name)}"
                )
        if not 0 <= self.commit_delay <= MAX_COMMIT_DELAY:
            raise ConfigError(
                f"{_describe('commit_delay')} must be from 0 to {MAX_COMMIT_DELAY} seconds, not {self.commit_delay}"
            )
        self._check_seconds()

    def _check_seconds(self) -> None:
        """Raise :class:`ConfigError` for a time out of its range: NaN, infinite, negative or past a year."""
        for name in ("timeout", "watch_interval", "keep_alive"):
            if not (math.isfinite(getattr(self, name)) and getattr(self, name) > 0):
                raise ConfigError(f"{_describe(name)} must be a number of seconds above 0, not {getattr(self, name)}")
        if not (math.isfinite(self.head_interval) and self.head_interval >= 0):
            raise ConfigError(
                f"{_describe('head_interval')} must be a number of seconds, 0 or more, not {self.head_interval}"
            )
        for name in ("timeout", "watch_interval", "keep_alive", "head_interval"):
            if getattr(self, name) > MAX_SECONDS:
                said = Text(
                    "serveerr.seconds_at_most", flag=_describe(name), max=MAX_SECONDS, value=getattr(self, name)
                )
                raise ConfigError(said)

    def validated(self) -> ServiceConfig:
        """This configuration with its tokens loaded and hashed, after the checks made at start.

        Raises:
            ConfigError: a value the service cannot start with (the message says which and why).
        """
        self._check_numbers()
        if self.log_enabled and self.redact_personal and not self.salt:
            raise ConfigError(
                f"{_describe('redact_personal')} needs {_describe('salt')}: a secret of the deployment, kept apart "
                "from the log"
            )
        if self.watch and self.policies is None:
            raise ConfigError(f"{_describe('watch')} needs {_describe('policies')}: the bundled pack never changes")
        if self.engine not in {"compiled", "rete"}:
            raise ConfigError(f"{_describe('engine')} must be 'compiled' or 'rete', not '{self.engine}'")
        if self.root_path and not _ROOT_PATH.fullmatch(self.root_path):
            # 'commitrules' (no '/'), '/x/' or '/a b' made every link of the pages and of the OpenAPI document
            # wrong; '//host' made them point at another site
            raise ConfigError(
                f"{_describe('root_path')} must be a path that starts with '/' and does not end with one "
                f"(e.g. /commitrules), not '{self.root_path}'"
            )
        self.cores()
        table = self.token_table
        if not table:
            table = load_tokens(self.tokens, self.tokens_file)
        host = _unbracketed(self.host)
        if not table and not is_loopback(host):
            raise ConfigError(
                f"refusing to listen on '{self.host}' without tokens: anyone who reaches it could decide cases. "
                "Configure bearer tokens (--tokens-file or COMMITRULES_TOKENS), or bind to 127.0.0.1"
            )
        return dataclasses.replace(self, host=host, tokens=None, token_table=table)

    def cores(self) -> tuple[int, ...]:
        """The cores the worker processes are kept on, one each, in turn (``--cpu-affinity``); () when off.

        Raises:
            ConfigError: this system cannot keep a process on a core, or the list does not parse or
                names a core this process may not run on (see :func:`~commitrules.service.http.cores.chosen_cores`).
        """
        try:
            return chosen_cores(self.cpu_affinity) if self.cpu_affinity else ()
        except CoresError as exc:
            raise ConfigError(exc.said(_describe("cpu_affinity"), self.cpu_affinity)) from None

    def pin(self, core: int) -> None:
        """Keep this process on ``core`` (``cores.pin_process``); a refusal is a ConfigError."""
        try:
            pin_process(core)
        except CoresError as exc:
            raise ConfigError(exc.said(_describe("cpu_affinity"), self.cpu_affinity)) from None

    def to_json(self) -> str:
        """The configuration for worker processes (token hashes only, never a secret)."""
        secret = {"token_table", "tokens"}
        data = {f.name: getattr(self, f.name) for f in dataclasses.fields(self) if f.name not in secret}
        data = {k: str(v) if isinstance(v, Path) else v for k, v in data.items()}
        data["token_table"] = self.token_table.to_data()
        return json.dumps(data)

    @classmethod
    def from_json(cls, text: str) -> ServiceConfig:
        """The inverse of :meth:`to_json`."""
        data = json.loads(text)
        for name in ("policies", "signing_key", "tokens_file"):
            if data.get(name) is not None:
                data[name] = Path(data[name])
        data["token_table"] = TokenTable.from_data(data["token_table"])
        return cls(**data)


def _describe(name: str) -> str:
    option = next(o for o in OPTIONS if o.name == name)
    return f"{option.flag} ({option.env})"


def redacted_url(url: str | None) -> str:
    """``url`` without its password (URLs are printed and logged).

    Examples:
        >>> redacted_url("postgresql+psycopg://app:s3cret@db/decisions")
        'postgresql+psycopg://app:***@db/decisions'
    """
    return re.sub(r"//([^:/@]+):[^@/]*@", r"//\1:***@", url or "")


def _unbracketed(host: str) -> str:
    """``host`` without the brackets a URL puts around an IPv6 address, which binding does not take.

    Examples:
        >>> _unbracketed("[::1]"), _unbracketed("::1"), _unbracketed("[localhost]")
        ('::1', '::1', '[localhost]')
    """
    if not (host.startswith("[") and host.endswith("]")):
        return host
    try:
        ipaddress.IPv6Address(host[1:-1])
    except ValueError:
        return host  # not an IPv6 address: refused as given, as a name that does not resolve
    return host[1:-1]


def is_loopback(host: str) -> bool:
    """Whether ``host`` is reachable from this machine only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def config_from_flags(flags: Mapping[str, Any], environ: Mapping[str, str] | None = None) -> ServiceConfig:
    """The configuration from flags, then the environment, then the defaults.

    ``flags`` maps option names to the text given, True for a switch, None when not given.

    Raises:
        ConfigError: a flag or variable does not parse.
    """
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for option in OPTIONS:
        raw = flags.get(option.name)
        source = option.flag
        if raw is None and option.env in env:
            raw, source = env[option.env], option.env
        if raw is None:
            values[option.name] = option.default
            continue
        if raw is True:
            values[option.name] = True
            continue
        try:
            values[option.name] = option.parse(str(raw))
        except ValueError as exc:
            want = _WANTED.get(option.parse)
            detail = Text(want) if want is not None else str(exc)
            raise ConfigError(Text("serveerr.invalid", source=source, raw=raw, detail=detail)) from None
    return ServiceConfig(**values)
