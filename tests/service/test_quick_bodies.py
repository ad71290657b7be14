"""The quick ways of the decision routes answer exactly what the careful ways answer, over real HTTP.

Two real servers with the same tokens: one as shipped (the decision routes' lane, bodies read by
pydantic's parser when the bytes prove it safe), one with ``COMMITRULES_SERVICE_CAREFUL=1`` (every
request through FastAPI's routing and dependencies, every body through ``json.loads`` with the
duplicate-key check). Every request goes to both, with the same request id, and the two answers
must be the same: status, headers that matter, and body byte for byte. The bodies are realistic
cases in several spellings of JSON, and the same made hostile in each way the careful reading
refuses or reads differently from pydantic's parser: a key twice (also behind an escape or a space),
``NaN``/``Infinity``/``1e400``, integers of thousands of digits, nesting past the limit, lone
surrogates, escaped quotes, strings that start with a colon, a byte order mark, control characters,
bytes that are not UTF-8, cut-off JSON. The callers and parameters vary too (no token, a token
without the role, unknown engines, a parameter twice), which the lane must hand to FastAPI.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commitrules.io.case_files import read_cases
from commitrules.service.http.jsonbody import quick_json
from commitrules.service.http.lane import CAREFUL_ENV
from tests.service.server import ROOT, ServiceProcess

pytestmark = pytest.mark.slow

EVALUATOR = "ev-" + secrets.token_urlsafe(24)
AUDITOR = "au-" + secrets.token_urlsafe(24)
TOKENS = f"case-system:evaluate:{EVALUATOR};auditor:read-log:{AUDITOR}"
MAX_DEPTH = 12
#: Response headers that must be the same both ways (``date`` and ``server`` say nothing of the answer).
COMPARED = ("content-type", "content-length", "x-request-id", "www-authenticate", "allow", "location")


def _cases() -> list[dict[str, Any]]:
    cases, errors = read_cases([ROOT / "examples" / "cases"])
    assert not errors
    return [item.case.model_dump(mode="json", exclude_none=True) for item in cases]


CASES = _cases()


@pytest.fixture(scope="module")
def servers(workdir: Path) -> Iterator[tuple[ServiceProcess, ServiceProcess]]:
    """The service as shipped, and the same with the quick ways off; both without a log (no ids to differ)."""
    args = ("--no-log", "--max-depth", str(MAX_DEPTH))
    quick = ServiceProcess(workdir, *args, env={"COMMITRULES_TOKENS": TOKENS})
    careful = ServiceProcess(workdir, *args, env={"COMMITRULES_TOKENS": TOKENS, CAREFUL_ENV: "1"})
    with quick, careful:
        yield quick, careful


@pytest.fixture(scope="module")
def clients(servers: tuple[ServiceProcess, ServiceProcess]) -> Iterator[tuple[httpx.Client, httpx.Client]]:
    quick, careful = servers
    with httpx.Client(base_url=quick.url, timeout=60) as a, httpx.Client(base_url=careful.url, timeout=60) as b:
        yield a, b


def _same_both_ways(
    clients: tuple[httpx.Client, httpx.Client],
    body: bytes,
    *,
    path: str = "/v1/decisions",
    query: str = "as_of=2026-06-01",
    token: str | None = EVALUATOR,
    lang: str = "zh",
) -> httpx.Response:
    headers = {"Content-Type": "application/json", "Accept-Language": lang, "X-Request-Id": secrets.token_hex(8)}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    url = f"{path}?{query}" if query else path
    quick, careful = (client.post(url, content=body, headers=headers) for client in clients)
    assert quick.status_code == careful.status_code, (body[:300], quick.text[:300], careful.text[:300])
    assert quick.content == careful.content, body[:300]
    for name in COMPARED:
        assert quick.headers.get(name) == careful.headers.get(name), name
    return quick


def _spellings(document: Any) -> list[bytes]:
    return [
        json.dumps(document).encode(),  # Chinese as \\u escapes
        json.dumps(document, ensure_ascii=False).encode(),
        json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode(),
        json.dumps(document, ensure_ascii=False, indent=2).encode(),
    ]


def test_realistic_cases_are_read_quickly_and_answered_alike(clients: tuple[httpx.Client, httpx.Client]) -> None:
    """Every example case in four spellings, alone and as a batch: the same answers, and (proved in this
    process) every one of those bodies is one the quick way takes."""
    for case in CASES:
        for body in _spellings(case):
            assert quick_json(body, max_depth=MAX_DEPTH) is not None, body[:200]
            assert 200 == _same_both_ways(clients, body).status_code
    for body in _spellings({"cases": CASES * 3}):
        assert quick_json(body, max_depth=MAX_DEPTH) is not None
        response = _same_both_ways(clients, body, path="/v1/decisions:batch", lang="en")
        assert [200] * len(CASES) * 3 == [item["status"] for item in response.json()["results"]]


def _nested(depth: int) -> str:
    return '{"kind":"summary","x":' + "[" * depth + "1" + "]" * depth + "}"


HOSTILE = [
    b'{"kind":"summary","kind":"summary"}',
    b'{"kind":"summary","\\u006bind":"summary"}',
    b'{"kind":"summary","report":{"a":1,"a" :2}}',
    b'{"kind":"summary","report":{"a":NaN}}',
    b'{"kind":"summary","report":{"a":-Infinity}}',
    b'{"kind":"summary","report":{"a":1e400}}',
    b'{"kind":"summary","report":{"a":' + b"9" * 5000 + b"}}",
    b'{"kind":"summary","report":{"a":' + b"9" * 4299 + b"}}",
    _nested(MAX_DEPTH - 1).encode(),
    _nested(MAX_DEPTH - 2).encode(),
    _nested(MAX_DEPTH + 5).encode(),
    b'{"kind":"summary","report":{"a":"\\ud800"}}',
    b'{"kind":"summary","report":{"a":"\\"quoted\\""}}',
    b'{"kind":"summary","report":{"a":":colon","b":":"}}',
    b'\xef\xbb\xbf{"kind":"summary"}',
    b'{"kind":"summary","report":{"a":"tab\there"}}',
    b'{"kind":"summary","report":{"a":"\xff"}}',
    b'{"kind":"summary","report":{"a":"\xed\xa0\x80"}}',
    b'{"kind":"summary",}',
    b'{"kind":"summ',
    b"",
    b"null",
    b"[]",
    b'"summary"',
    b"NaN",
    b'{"cases":[{"kind":"summary"},{"kind":"summary","kind":"x"}]}',
]


@pytest.mark.parametrize("body", HOSTILE, ids=range(len(HOSTILE)))
@pytest.mark.parametrize("path", ["/v1/decisions", "/v1/decisions:batch"])
def test_hostile_bodies_get_the_same_answers(
    clients: tuple[httpx.Client, httpx.Client], body: bytes, path: str
) -> None:
    """Each hostile body, alone and inside a batch: the same status and problem both ways."""
    if path.endswith(":batch") and not body.startswith(b'{"cases"'):
        body = b'{"cases":[' + json.dumps(CASES[0]).encode() + b"," + body + b"]}"
    _same_both_ways(clients, body, path=path, lang="en")


@pytest.mark.parametrize(
    ("token", "query"),
    [
        (None, ""),
        ("wrong-" + secrets.token_hex(8), ""),
        (AUDITOR, ""),
        (EVALUATOR, "engine=bogus"),
        (EVALUATOR, "engine="),
        (EVALUATOR, "as_of="),
        (EVALUATOR, "as_of=2026-13-01"),
        (EVALUATOR, "as_of=2026-01-01&as_of=2026-02-01"),
        (EVALUATOR, "engine=compiled&engine=rete"),
        (EVALUATOR, "engine=rete&as_of=2026-06-01"),
        (EVALUATOR, "other=1&as_of=2026-06-01"),
        (EVALUATOR, "as_of=2026-06-01&engine=compiled"),
    ],
)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_callers_and_parameters_get_the_same_answers(
    clients: tuple[httpx.Client, httpx.Client], token: str | None, query: str, lang: str
) -> None:
    """Callers the lane does not admit and parameters it does not read go to FastAPI: the same answers."""
    body = json.dumps(CASES[1]).encode()
    _same_both_ways(clients, body, query=query, token=token, lang=lang)
    _same_both_ways(clients, b'{"cases":[' + body + b"]}", path="/v1/decisions:batch", query=query, token=token)


# --- mutations ---------------------------------------------------------------------------------------

_INSERTS = [
    b'"kind":"summary",',
    b'"\\u006bind":"x",',
    b'"a":NaN,',
    b'"a":Infinity,',
    b'"a":1e999,',
    b'"a":"\\ud83d",',
    b'"a":"\\"",',
    b'"a":":",',
    b'"a" :1,',
    b'"a":' + b"1" * 4400 + b",",
    b'"a":[[[[[[[[[[[[[[1]]]]]]]]]]]]]],',
    b'"\xe4\xb8\xad":1,"\\u4e2d":2,',
]


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """An example case's JSON with bytes inserted after an opening brace, some bytes cut, or a key repeated."""
    case = draw(st.sampled_from(CASES))
    text: bytes = draw(st.sampled_from(_spellings(case)))
    opens = [i + 1 for i, byte in enumerate(text) if byte == ord("{")]
    action = draw(st.sampled_from(["insert", "cut", "repeat"]))
    if action == "insert":
        at = draw(st.sampled_from(opens))
        return text[:at] + draw(st.sampled_from(_INSERTS)) + text[at:]
    if action == "cut":
        start = draw(st.integers(0, len(text) - 1))
        return text[:start] + text[start + draw(st.integers(1, 8)) :]
    keys = [k for k in case if k != "kind"] or ["kind"]
    key: str = draw(st.sampled_from(keys))
    repeated: bytes = json.dumps(case[key]).encode()
    return text[:-1] + b',"' + key.encode() + b'":' + repeated + b"}"


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=mutated(), path=st.sampled_from(["/v1/decisions", "/v1/decisions:batch"]))
def test_mutated_cases_get_the_same_answers(clients: tuple[httpx.Client, httpx.Client], body: bytes, path: str) -> None:
    """Realistic cases made hostile at random: the same answers both ways, alone and in a batch."""
    if path.endswith(":batch"):
        _same_both_ways(clients, b'{"cases":[' + body + b"]}", path=path, lang="en")
    else:
        _same_both_ways(clients, body)


@pytest.fixture(scope="module")
def prefixed(workdir: Path) -> Iterator[tuple[ServiceProcess, ServiceProcess]]:
    """Both ways again, served under ``--root-path /cr``."""
    args = ("--no-log", "--root-path", "/cr")
    with ServiceProcess(workdir, *args) as quick, ServiceProcess(workdir, *args, env={CAREFUL_ENV: "1"}) as careful:
        yield quick, careful


@pytest.mark.parametrize("path", ["/v1/decisions", "/v1/decisions:batch", "/cr/v1/decisions", "/crx/v1/decisions"])
def test_behind_a_path_prefix_the_answers_are_the_same(
    prefixed: tuple[ServiceProcess, ServiceProcess], path: str
) -> None:
    """With ``--root-path`` the lane finds its routes where FastAPI does (and nowhere else)."""
    body = json.dumps(CASES[0]).encode()
    if path.endswith(":batch"):
        body = b'{"cases":[' + body + b"]}"
    answers = [
        httpx.post(
            server.url + path + "?as_of=2026-06-01",
            content=body,
            headers={"Content-Type": "application/json", "X-Request-Id": "prefix-test"},
            timeout=60,
        )
        for server in prefixed
    ]
    assert answers[0].status_code == answers[1].status_code
    assert answers[0].content == answers[1].content
    if path.startswith("/v1/"):
        assert 200 == answers[0].status_code
    for server in prefixed:  # the prefix is uvicorn's alone: FastAPI's deprecated root_path is not used
        assert "Deprecat" not in server.stderr()
