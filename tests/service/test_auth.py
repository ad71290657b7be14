"""Bearer tokens with roles: 401 and 403 as problems, constant-time checks, secrets never logged."""

from __future__ import annotations

import json
import secrets
import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from commitrules.cli.serve import check_listen
from commitrules.service.http.auth import TokenError, hash_token, load_tokens
from commitrules.service.http.config import ConfigError
from tests.service.server import ServiceProcess, serve_command

#: Every test here starts `commitrules serve` (or another process): the fast session leaves them out.
pytestmark = pytest.mark.slow

EVALUATOR = "ev-" + secrets.token_urlsafe(24)
AUDITOR = "au-" + secrets.token_urlsafe(24)
ADMIN = "ad-" + secrets.token_urlsafe(24)
HASHED_ONLY = "hs-" + secrets.token_urlsafe(24)
CASE = {"kind": "credit_site", "content": {"items": []}}


@pytest.fixture(scope="module")
def secured(workdir: Path) -> Iterator[ServiceProcess]:
    """Tokens from the environment and from a file (one stored only as its hash); access log on."""
    tokens_file = workdir / "tokens.txt"
    tokens_file.write_text(
        f"# name roles secret\nauditor read-log {AUDITOR}\nhashed evaluate {hash_token(HASHED_ONLY)}\n",
        encoding="utf-8",
    )
    env = {"COMMITRULES_TOKENS": f"case-system:evaluate:{EVALUATOR};ops:admin,evaluate:{ADMIN}"}
    with ServiceProcess(
        workdir,
        "--tokens-file",
        str(tokens_file),
        "--access-log",
        "--log-url",
        f"sqlite:///{workdir / 'auth.db'}",
        env=env,
    ) as running:
        yield running


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_no_token_is_401_with_a_challenge(secured: ServiceProcess):
    """Without a token: 401 unauthorized, a problem, and WWW-Authenticate: Bearer."""
    response = httpx.post(secured.url + "/v1/decisions", json=CASE)
    assert 401 == response.status_code
    assert "application/problem+json" == response.headers["content-type"]
    assert "unauthorized" == response.json()["code"]
    assert response.headers["www-authenticate"].startswith("Bearer")


@pytest.mark.parametrize("header", ["Bearer wrong-token-wrong-token", "Basic dXNlcjpwYXNz", "Bearer", EVALUATOR])
def test_wrong_tokens_are_401(secured: ServiceProcess, header: str):
    """A wrong secret, another scheme, an empty bearer or a bare secret: 401."""
    response = httpx.post(secured.url + "/v1/decisions", json=CASE, headers={"Authorization": header})
    assert 401 == response.status_code
    assert "unauthorized" == response.json()["code"]


def _twice(secured: ServiceProcess, method: bytes, path: bytes, first: str, second: str) -> tuple[bytes, dict]:
    body = json.dumps(CASE).encode() if method == b"POST" else b""
    request = (
        method + b" " + path + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\n"
        b"Accept-Language: en\r\nAuthorization: Bearer " + first.encode() + b"\r\n"
        b"Authorization: Bearer " + second.encode() + b"\r\nContent-Length: %d\r\n\r\n" % len(body) + body
    )
    with socket.create_connection(("127.0.0.1", secured.port), timeout=30) as sock:
        sock.sendall(request)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, rest = answer.partition(b"\r\n\r\n")
    return head.split(b"\r\n")[0], json.loads(rest)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        (b"POST", b"/v1/decisions"),
        (b"POST", b"/v1/decisions:batch"),
        (b"GET", b"/v1/pack"),
        (b"GET", b"/log/api/verify"),
    ],
)
def test_an_authorization_sent_twice_is_refused(secured: ServiceProcess, method: bytes, path: bytes):
    """Two Authorization lines were read by the first: a valid token first admitted the request whatever came after."""
    if path.endswith(b":batch"):
        path += b"?x=1"  # not the lane's way alone: both ways read every line
    for first, second in ((EVALUATOR, "wrong-token-wrong-token"), (AUDITOR, AUDITOR)):
        status, problem = _twice(secured, method, path, first, second)
        assert (b"HTTP/1.1 400 Bad Request", "invalid_request") == (status, problem["code"]), problem
        assert "The header 'Authorization' is sent 2 times; send it once." == problem["detail"]


def test_roles_decide_what_a_token_may_do(secured: ServiceProcess):
    """evaluate decides; read-log reads the log; admin reloads; any other combination is 403."""
    url = secured.url
    decided = httpx.post(url + "/v1/decisions", json=CASE, headers=bearer(EVALUATOR))
    assert 200 == decided.status_code
    decision_id = decided.headers["x-decision-id"]
    assert 200 == httpx.post(url + "/v1/decisions", json=CASE, headers=bearer(HASHED_ONLY)).status_code
    forbidden = httpx.post(url + "/v1/decisions", json=CASE, headers=bearer(AUDITOR))
    assert 403 == forbidden.status_code
    assert "forbidden" == forbidden.json()["code"]
    assert "「evaluate」" in forbidden.json()["detail"]  # Chinese unless the caller prefers English
    assert 403 == httpx.get(f"{url}/v1/decisions/{decision_id}", headers=bearer(EVALUATOR)).status_code
    record = httpx.get(f"{url}/v1/decisions/{decision_id}", headers=bearer(AUDITOR)).json()
    assert "case-system" == record["caller"]
    assert 403 == httpx.post(url + "/v1/admin/reload", headers=bearer(EVALUATOR)).status_code
    assert 200 == httpx.post(url + "/v1/admin/reload", headers=bearer(ADMIN), timeout=60).status_code
    assert 401 == httpx.get(url + "/v1/pack").status_code
    assert 200 == httpx.get(url + "/healthz").status_code


def test_secrets_never_reach_the_logs(secured: ServiceProcess):
    """The access log shows requests, never the Authorization header or a secret."""
    httpx.post(secured.url + "/v1/decisions", json=CASE, headers=bearer(EVALUATOR))
    httpx.post(secured.url + "/v1/decisions", json=CASE, headers=bearer("not-a-token-but-logged-maybe"))
    logged = secured.stderr()
    assert "POST /v1/decisions" in logged
    for secret in (EVALUATOR, AUDITOR, ADMIN, HASHED_ONLY, "not-a-token-but-logged-maybe"):
        assert secret not in logged


def test_exposing_without_tokens_is_refused(tmp_path: Path):
    """Binding to a non-loopback address without tokens: refused at start, exit 2, saying why."""
    result = serve_command("--host", "0.0.0.0", "--no-log", cwd=tmp_path)  # noqa: S104 - the refusal is tested
    assert 2 == result.returncode
    assert "refusing to listen on '0.0.0.0' without tokens" in result.stderr
    assert "Traceback" not in result.stderr


def test_malformed_tokens_are_refused(tmp_path: Path):
    """A token with an unknown role or a short secret stops the start, naming the entry, not the secret."""
    result = serve_command(
        "--no-log", env={"COMMITRULES_TOKENS": "x:evaluate,root:abcdefghijklmnopqrstuvwxyz"}, cwd=tmp_path
    )
    assert 2 == result.returncode
    assert "unknown roles ['root']" in result.stderr
    assert "abcdefghijklmnopqrstuvwxyz" not in result.stderr
    with pytest.raises(TokenError, match="shorter than 16"):
        load_tokens("x:evaluate:short", None)
    with pytest.raises(TokenError, match="used more than once: a"):
        load_tokens(f"a:evaluate:{EVALUATOR};a:admin:{ADMIN}", None)


def test_a_tokens_file_past_1_mib_is_refused_unread(tmp_path: Path) -> None:
    """A tokens file of more than 1 MiB (a device named by mistake would never end) is refused, naming it."""
    large = tmp_path / "tokens.txt"
    large.write_bytes(b"#" * (1024 * 1024 + 1))
    with pytest.raises(TokenError) as raised:
        load_tokens(None, large)
    assert f"{large}: the tokens file is more than 1048576 bytes" in str(raised.value)


def test_the_table_keeps_hashes_only():
    """What is kept (and passed to worker processes) holds no secret."""
    table = load_tokens(f"a:evaluate:{EVALUATOR}", None)
    assert EVALUATOR not in repr(table.to_data())
    assert table.authenticate(EVALUATOR) is not None
    assert table.authenticate(EVALUATOR + "x") is None


@pytest.mark.parametrize(
    ("args", "env", "says"),
    [
        (("--log-url", "mysql://db/decisions"), {}, "the decision log 'mysql://db/decisions' cannot be opened"),
        (("--log-url", "postgresql+psycopg://app:pw-not-shown@127.0.0.1:1/x"), {}, "app:***@127.0.0.1:1/x"),
        (("--redact-personal",), {}, "--redact-personal (COMMITRULES_REDACT_PERSONAL) needs --salt"),
        (("--no-log", "--watch"), {}, "--watch (COMMITRULES_WATCH) needs --policies"),
        (("--no-log", "--port", "eighty"), {}, "--port: 'eighty' is not valid"),
        (("--no-log",), {"COMMITRULES_TIMEOUT": "-1"}, "must be a number of seconds above 0, not -1.0"),
        (("--commit-delay", "-0.001"), {}, "--commit-delay (COMMITRULES_COMMIT_DELAY) must be from 0 to 0.1 seconds"),
        (("--no-log",), {"COMMITRULES_COMMIT_DELAY": "2"}, "must be from 0 to 0.1 seconds, not 2.0"),
        (("--no-log",), {"COMMITRULES_COMMIT_DELAY": "nan"}, "must be from 0 to 0.1 seconds, not nan"),
        (
            ("--no-log", "--keep-alive", "0"),
            {},
            "--keep-alive (COMMITRULES_KEEP_ALIVE) must be a number of seconds above",
        ),
        (("--no-log", "--keep-alive", "inf"), {}, "must be a number of seconds above 0, not inf"),
        (("--no-log", "--head-interval", "nan"), {}, "--head-interval (COMMITRULES_HEAD_INTERVAL) must be a number of"),
        (("--no-log", "--lang", "zh", "--head-interval", "-1"), {}, "必须是 0 或更大的秒数，而不是 -1.0"),
        (("--no-log", "--lang", "zh"), {"COMMITRULES_KEEP_ALIVE": "nan"}, "必须是大于 0 的秒数，而不是 nan"),
        (("--no-log", "--lang", "zh", "--commit-delay", "1"), {}, "必须在 0 到 0.1 秒之间，而不是 1.0"),
        # a wait longer than the system's timers take killed the folder watcher at its first wait
        (("--no-log", "--watch-interval", "1e300"), {}, "--watch-interval (COMMITRULES_WATCH_INTERVAL) must be at"),
        (("--no-log", "--keep-alive", "1e10"), {}, "must be at most 31536000 seconds (a year), not 10000000000.0"),
        (("--no-log",), {"COMMITRULES_HEAD_INTERVAL": "1e300"}, "--head-interval (COMMITRULES_HEAD_INTERVAL) must be"),
        (("--no-log", "--lang", "zh"), {"COMMITRULES_TIMEOUT": "31536001"}, "最多为 31536000 秒（一年）"),
        (("--signing-key", "/no/such/key.pem"), {}, "cannot be opened"),
        # a port TCP has not, a fork bomb of workers, digits that are not ASCII (int() takes them all)
        (("--no-log", "--port", "70000"), {}, "--port (COMMITRULES_PORT) must be a whole number from 0 to 65535"),
        (("--no-log", "--port", "99999999999999999999"), {}, "from 0 to 65535, not 99999999999999999999"),
        (("--no-log", "--port", "-1"), {}, "from 0 to 65535, not -1"),
        (("--no-log", "--workers", "65"), {}, "--workers (COMMITRULES_WORKERS) must be a whole number from 1 to 64"),
        (("--no-log", "--lang", "zh"), {"COMMITRULES_WORKERS": "0"}, "必须是 1 到 64 之间的整数，而不是 0"),
        (("--no-log", "--port", "８０８０"), {}, "--port: '８０８０' is not valid (expected a whole number)"),
        (("--no-log", "--timeout", "１"), {}, "--timeout: '１' is not valid (expected a number)"),
        (
            ("--no-log",),
            {"COMMITRULES_WORKERS": "٢"},
            "COMMITRULES_WORKERS: '٢' is not valid (expected a whole number)",
        ),
        # the log's own words about a key it cannot read, in the language asked for, not a class name
        (("--signing-key", "/"), {}, "cannot be opened: cannot read the signing key '/': Is a directory"),
        (
            ("--lang", "zh", "--signing-key", "/"),
            {},
            "无法打开决定日志「sqlite:///commitrules-decisions.db」：无法读取签名密钥",
        ),
        # a tokens file that holds no token would have turned authentication off without a word
        (("--no-log", "--tokens-file", "/dev/null"), {}, "/dev/null: the tokens file holds no token"),
        # a root path that makes every link of the pages wrong, or points them at another site
        (("--no-log", "--root-path", "commitrules"), {}, "--root-path (COMMITRULES_ROOT_PATH) must be a path that"),
        (("--no-log", "--root-path", "/x/"), {}, "starts with '/' and does not end with one (e.g. /commitrules), not"),
        (("--no-log", "--lang", "zh"), {"COMMITRULES_ROOT_PATH": "//evil.example"}, "而不是「//evil.example」"),
        (("--no-log", "--root-path", "/a b"), {}, "not '/a b'"),
    ],
)
def test_configuration_errors_stop_the_start_with_one_message(tmp_path: Path, args, env, says):
    """A wrong URL, a missing salt or key, a bad number: exit 2, one line saying which, no traceback."""
    result = serve_command(*args, env=env, cwd=tmp_path)
    assert 2 == result.returncode, result.stderr
    assert says in result.stderr
    assert "Traceback" not in result.stderr
    assert "pw-not-shown" not in result.stderr
    assert "KeyFileError" not in result.stderr


def test_an_address_that_cannot_be_listened_on_is_refused_before_the_start(tmp_path: Path):
    """A host that does not resolve, that is not this machine's, or a port in use: exit 2 and one line
    in each language, before 'serving' is said (uvicorn said it after, in English, and exited 3)."""
    tokens = {"COMMITRULES_TOKENS": f"a:evaluate:{EVALUATOR}"}
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        cases = [
            (("--host", "999.1.1.1"), tokens, "--host (COMMITRULES_HOST) '999.1.1.1' is neither an address nor a name"),
            (("--host", "192.0.2.1"), tokens, "cannot listen on '192.0.2.1' port 0: Cannot assign requested address"),
            (("--port", port), {}, f"cannot listen on '127.0.0.1' port {port}: Address already in use"),
            (("--lang", "zh", "--port", port), {}, f"无法在「127.0.0.1」的端口 {port} 上监听：地址已被占用"),
        ]
        for args, env, says in cases:
            result = serve_command(
                "--no-log", *args, *(("--port", "0") if "--port" not in args else ()), env=env, cwd=tmp_path
            )
            assert (2, True) == (result.returncode, says in result.stderr), result.stderr
            assert ("serving" not in result.stderr, "Traceback" not in result.stderr) == (True, True)


def test_the_listen_check_binds_every_address_of_the_host(two_address_name: str):
    """A name of two addresses, the second taken: refused, naming it (the check bound only the first,
    uvicorn then failed on the second, in English, after 'serving' was said); with several workers
    uvicorn binds the first IPv4 address alone, so that start goes on."""
    # The port is held on 127.0.0.1 too, bound and not listening, with SO_REUSEADDR as the check binds:
    # the check may bind it beside this socket, and no port the system hands out meanwhile is this one.
    with socket.socket() as held, socket.socket() as taken:
        held.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        held.bind(("127.0.0.1", 0))
        port = held.getsockname()[1]
        taken.bind(("127.0.0.2", port))
        taken.listen()
        with pytest.raises(ConfigError) as refused:
            check_listen(two_address_name, port)
        assert (
            f"cannot listen on '{two_address_name}' port {port}: its address 127.0.0.2 cannot be bound: "
            == (refused.value.message_in("en").split("Address")[0])
        )
        assert "无法绑定它的地址 127.0.0.2：地址已被占用" in refused.value.message_in("zh")
        check_listen("127.0.0.1", port)  # the other address is free


def test_a_host_idna_cannot_encode_is_a_host_that_does_not_resolve():
    """A label of 70 letters: '--host is neither an address nor a name', not the codec's English words."""
    for workers in (1, 2):
        with pytest.raises(ConfigError) as refused:
            check_listen("a" * 70, 0, workers=workers)
        assert "既不是地址，也不是能够解析的名称" in refused.value.message_in("zh")
