"""Every error is an RFC 9457 problem with the library's codes and paths, and limits never give a 500."""

from __future__ import annotations

import gzip
import json
import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from commitrules import CaseValidationError, load_policies
from tests.language_leaks import chinese_characters, english_runs
from tests.service.server import ServiceProcess

#: Every test here starts `commitrules serve` (or another process): the fast session leaves them out.
pytestmark = pytest.mark.slow

PROBLEM = "application/problem+json"
CASE = {"kind": "credit_site", "content": {"items": ["dishonesty_info"]}}


@pytest.fixture(scope="module")
def limited(workdir: Path) -> Iterator[httpx.Client]:
    """A server with small limits, so that each is reached with small requests."""
    with (
        ServiceProcess(
            workdir,
            "--no-log",
            "--max-body-bytes",
            "2000",
            "--max-batch-body-bytes",
            "6000",
            "--max-batch-items",
            "3",
            "--max-depth",
            "8",
            "--timeout",
            "1.5",
        ) as running,
        httpx.Client(base_url=running.url, timeout=30) as client,
    ):
        yield client


def problem(response: httpx.Response, status: int, code: str) -> dict:
    assert status == response.status_code, response.text
    assert PROBLEM == response.headers["content-type"]
    body = response.json()
    assert (status, code) == (body["status"], body["code"])
    assert f"tag:commitrules,2026:problem/{code}" == body["type"]  # a name, stable: clients compare it whole
    assert body["title"]
    assert response.headers["x-request-id"] == body["request_id"]
    return body


def post(client: httpx.Client, content: bytes | str, path: str = "/v1/decisions", **headers: str) -> httpx.Response:
    return client.post(path, content=content, headers={"Content-Type": "application/json", **headers})


def test_invalid_case_carries_the_librarys_errors(client: httpx.Client):
    """A malformed case: 422 invalid_case with exactly the CaseValidationError.errors of parse_case."""
    case = {"kind": "verification", "stage": "later", "unknown": 1}
    with pytest.raises(CaseValidationError) as caught:
        load_policies().evaluate(case, as_of="2020-01-01")
    english = {"Accept-Language": "en"}
    body = problem(
        client.post("/v1/decisions", json=case, params={"as_of": "2020-01-01"}, headers=english), 422, "invalid_case"
    )
    expected = [
        {"path": e.path, "message": e.message, "expected": e.expected, "found": e.found} for e in caught.value.errors
    ]
    assert expected == body["errors"]
    assert "/v1/decisions" == body["instance"]
    # In Chinese, the words of `commitrules evaluate --lang zh` (CaseError.render), item by item.
    chinese = problem(client.post("/v1/decisions", json=case, params={"as_of": "2020-01-01"}), 422, "invalid_case")
    assert len(caught.value.errors) == len(chinese["errors"])
    for error, item in zip(caught.value.errors, chinese["errors"], strict=True):
        rendered = error.render("zh")
        assert rendered.startswith(f"{item['path']}: {item['message']}"), (rendered, item)
        assert all(part in rendered for part in (item["expected"], item["found"])), (rendered, item)
        assert chinese_characters(item["message"]), item


def test_language_follows_accept_language(client: httpx.Client):
    """Titles are Chinese by default and for zh, English when English is preferred."""
    assert "案件无效" == client.post("/v1/decisions", json={"kind": "nope"}).json()["title"]
    english = client.post("/v1/decisions", json={"kind": "nope"}, headers={"Accept-Language": "en-GB,zh;q=0.5"})
    assert "Invalid case" == english.json()["title"]
    chinese = client.post("/v1/decisions", json={"kind": "nope"}, headers={"Accept-Language": "zh-CN,en;q=0.8"})
    assert "案件无效" == chinese.json()["title"]


@pytest.mark.parametrize("header", ["zh;q=0.5, en;q=inf", "zh;q=0.5, en;q=1e3", "zh;q=0.9, en;q=2"])
def test_a_weight_that_is_no_qvalue_leaves_its_language_out(client: httpx.Client, header: str):
    """float() read 'inf', '1e3' and '2' as weights above every valid one: English won over Chinese."""
    response = client.post("/v1/decisions", json={"kind": "nope"}, headers={"Accept-Language": header})
    assert "案件无效" == response.json()["title"]


def test_routing_errors_are_problems(client: httpx.Client):
    """404 for an unknown path and 405 for a wrong method (with Allow) are problems too."""
    problem(client.get("/v2/decisions"), 404, "not_found")
    body = problem(client.put("/v1/pack"), 405, "method_not_allowed")
    assert "「PUT」" in body["detail"]
    english = problem(client.put("/v1/pack", headers={"Accept-Language": "en"}), 405, "method_not_allowed")
    assert "'PUT' is not allowed on '/v1/pack'." == english["detail"]
    assert "GET" == client.put("/v1/pack").headers["allow"]
    # two routes share /v1/decisions (search: GET; decide: POST): Allow names both
    assert "GET, POST" == client.delete("/v1/decisions").headers["allow"]


@pytest.mark.parametrize("path", ["/static/pages/pages.css", "/static/pages/report.css", "/static/pages/nothing.js"])
def test_a_wrong_method_on_the_pages_files_names_the_methods_they_take(client: httpx.Client, path: str):
    """The pages' files are a mount, which names no methods: a PUT was a 405 with an empty ``Allow``
    (a list of no methods at all); it names GET and HEAD, which the files answer."""
    for method in ("PUT", "POST", "DELETE"):
        response = client.request(method, path)
        problem(response, 405, "method_not_allowed")
        assert "GET, HEAD" == response.headers["allow"]
    if path != "/static/pages/nothing.js":
        assert [200, 200] == [client.request(method, path).status_code for method in ("GET", "HEAD")]


@pytest.mark.parametrize(("method", "path"), [("GET", "/v1/pack/"), ("POST", "/v1/decisions/"), ("GET", "/readyz/")])
def test_a_trailing_slash_is_not_found_not_redirected(client: httpx.Client, method: str, path: str):
    """A path with a slash added was a 307 to a URL made of the request's Host header: a 404 problem now."""
    response = client.request(method, path, json=CASE, headers={"Host": "evil.example"})
    body = problem(response, 404, "not_found")
    assert "location" not in response.headers
    assert path == body["instance"]


@pytest.mark.parametrize(
    ("coding", "content"), [("gzip", gzip.compress(json.dumps(CASE).encode())), ("br", b"{}")], ids=["gzip", "br"]
)
def test_an_encoded_body_is_refused_by_its_encoding(client: httpx.Client, coding: str, content: bytes):
    """gzip was read as it came ('not UTF-8'), an unknown coding as plain JSON (200): 415 naming the coding."""
    for path in ("/v1/decisions", "/v1/decisions:batch"):
        body = problem(post(client, content, path, **{"Content-Encoding": coding}), 415, "unsupported_media_type")
        assert f"「Content-Encoding: {coding}」" in body["detail"]
    assert 200 == post(client, json.dumps(CASE), **{"Content-Encoding": "identity"}).status_code


def test_a_transfer_coding_other_than_chunked_is_refused(server):
    """'Transfer-Encoding: gzip, chunked' was read as if only chunked (uvicorn undoes no other coding): 415."""
    request = (
        b"POST /v1/decisions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nConnection: close\r\n"
        b"Transfer-Encoding: gzip, chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        sock.sendall(request)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 415 ")
    assert "「Transfer-Encoding: gzip, chunked」" in json.loads(body)["detail"]


def test_head_is_get_without_the_body(client: httpx.Client):
    """HEAD was a 405 on every route (FastAPI adds no HEAD to GET routes); RFC 9110 has every server take it."""
    for path in ("/healthz", "/readyz", "/v1/pack", "/v1/schemas/decision"):
        got, head = client.get(path), client.head(path)
        assert (200, b"") == (head.status_code, head.content), path
        assert got.headers["content-type"] == head.headers["content-type"]
        assert got.headers["content-length"] == head.headers["content-length"]
    missing = client.head("/v2/nothing")
    assert (404, PROBLEM, b"") == (missing.status_code, missing.headers["content-type"], missing.content)
    assert "POST" == client.head("/v1/admin/reload").headers["allow"]


def test_body_must_be_json(client: httpx.Client):
    """A form post (curl -d without a Content-Type) is refused with 415, not guessed at."""
    body = problem(
        client.post("/v1/decisions", content=b"kind=x", headers={"Content-Type": "application/x-www-form-urlencoded"}),
        415,
        "unsupported_media_type",
    )
    assert "application/x-www-form-urlencoded" in body["detail"]


@pytest.mark.parametrize(
    ("content", "code", "status"),
    [
        (b'{"kind": "credit_site", "kind": "verification"}', "duplicate_key", 422),
        (b'{"kind": "credit_site", "content": {"items": [], "items": ["risk_notice"]}}', "duplicate_key", 422),
        (b'{"kind": ', "invalid_json", 400),
        (b'{"kind": NaN}', "invalid_json", 400),
        (b"\xff\xfe{}", "invalid_json", 400),
        (b'{"n": ' + b"9" * 5000 + b"}", "invalid_json", 400),
        (b"[" * 5000 + b"]" * 5000, "too_deep", 422),
    ],
)
def test_hostile_json_is_refused_with_a_clear_problem(client: httpx.Client, content: bytes, code: str, status: int):
    """Duplicate keys, broken JSON, NaN, huge numbers and deep nesting are problems, never a 500."""
    body = problem(post(client, content), status, code)
    assert body["errors"]
    assert "$" == body["errors"][0]["path"]


def test_duplicate_key_names_the_key(client: httpx.Client):
    """Python would keep the last 'kind'; the service refuses and says which key."""
    body = problem(post(client, b'{"kind": "credit_site", "kind": "verification"}'), 422, "duplicate_key")
    assert "'kind'" == body["errors"][0]["found"]


def test_nesting_limit(limited: httpx.Client):
    """Nine levels with a limit of eight: too_deep; eight levels are read (and then judged as a case)."""
    problem(post(limited, json.dumps({"a": [[[[[[[1]]]]]]]}).replace("1", "[1]")), 422, "too_deep")
    problem(post(limited, json.dumps({"a": [[[[[[1]]]]]]})), 422, "invalid_case")


def test_body_too_large_by_content_length(limited: httpx.Client):
    """A declared body over the limit is refused before it is read."""
    big = json.dumps({**CASE, "pad": "x" * 3000})
    body = problem(post(limited, big), 413, "too_large")
    assert "2000" in body["detail"]


def test_body_too_large_when_chunked(limited: httpx.Client):
    """Without Content-Length the bytes are counted as they arrive, and refused past the limit."""

    def chunks() -> Iterator[bytes]:
        yield b'{"kind": "credit_site", "pad": "'
        for _ in range(10):
            yield b"x" * 500
        yield b'"}'

    problem(
        limited.post("/v1/decisions", content=chunks(), headers={"Content-Type": "application/json"}), 413, "too_large"
    )


def test_batch_limits(limited: httpx.Client):
    """More cases than allowed: 413 too_many_cases; a batch body has its own, larger size limit."""
    body = problem(limited.post("/v1/decisions:batch", json={"cases": [CASE] * 4}), 413, "too_many_cases")
    assert "$.cases" == body["errors"][0]["path"]
    assert 200 == limited.post("/v1/decisions:batch", json={"cases": [CASE] * 3}).status_code
    problem(limited.post("/v1/decisions:batch", json={"cases": [{**CASE, "pad": "x" * 7000}]}), 413, "too_large")


def test_batch_body_shape(client: httpx.Client):
    """A batch body must be {"cases": [...]}: anything else is one problem for the whole request."""
    problem(client.post("/v1/decisions:batch", json=[CASE]), 422, "invalid_request")
    problem(client.post("/v1/decisions:batch", json={"cases": [CASE], "as_of": "2020-01-01"}), 422, "invalid_request")


def test_bad_parameters(client: httpx.Client):
    """A date that is not a date and an unknown engine: 422 invalid_request naming the parameter."""
    body = problem(client.post("/v1/decisions", json=CASE, params={"as_of": "2020-13-01"}), 422, "invalid_request")
    assert "query.as_of" == body["errors"][0]["path"]
    body = problem(client.post("/v1/decisions", json=CASE, params={"engine": "prolog"}), 422, "invalid_request")
    assert "query.engine" == body["errors"][0]["path"]


def test_a_missing_parameter_is_said_in_the_requests_language(client: httpx.Client):
    """A required parameter left out was said in Chinese as "the validator's words: Field required"."""
    for lang, words in (("zh", "必须给出，但没有给出"), ("en", "Field required")):
        body = problem(client.get("/v1/log/consistency", headers={"Accept-Language": lang}), 422, "invalid_request")
        assert [("query.first", words)] == [(e["path"], e["message"]) for e in body["errors"]]


@pytest.mark.parametrize(
    ("method", "path", "name"),
    [
        ("POST", "/v1/decisions?as_of=2020-01-01&as_of=2021-01-01", "as_of"),
        ("POST", "/v1/decisions?engine=compiled&engine=rete", "engine"),
        ("POST", "/v1/decisions:batch?x=1&as_of=2020-01-01&x=2&as_of=2020-01-01", "as_of"),
        ("GET", "/v1/decisions?limit=5&offset=0&limit=10", "limit"),
        ("GET", "/v1/log/consistency?first=0&first=1", "first"),
        ("GET", "/v1/decisions?as%5Fof=1&since=2020-01-01T00:00:00Z&since=2021-01-01T00:00:00Z", "since"),
    ],
)
def test_a_parameter_given_twice_is_refused(client: httpx.Client, method: str, path: str, name: str):
    """FastAPI took the last of two values silently (200); which one was meant cannot be known: 422."""
    body = problem(
        client.request(method, path, json={"cases": [CASE]} if ":batch" in path else CASE), 422, "invalid_request"
    )
    assert (f"query.{name}", "2") == (body["errors"][0]["path"], body["errors"][0]["found"])
    assert f"「{name}」" in body["detail"]


def test_a_parameter_no_route_declares_is_ignored_once_or_twice(client: httpx.Client):
    """/healthz and /v1/pack take no parameter: ?x=1&x=2 is ignored there, as ?x=1 is (no 422 they do not document)."""
    assert 200 == client.get("/healthz?x=1&x=2").status_code
    assert 200 == client.get("/v1/pack?as_of=1&as_of=2").status_code


def test_slow_body_times_out(limited: httpx.Client):
    """A client that sends half its body and stops gets 503 timeout after the configured time."""
    url = httpx.URL(str(limited.base_url))
    with socket.create_connection((url.host, url.port), timeout=10) as sock:
        sock.sendall(
            b"POST /v1/decisions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b'Content-Length: 100\r\n\r\n{"kind":'
        )
        started = time.monotonic()
        answer = b""
        while b"\r\n\r\n" not in answer or not answer.rstrip().endswith(b"}"):
            data = sock.recv(4096)
            if not data:
                break
            answer += data
        waited = time.monotonic() - started
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 503")
    assert b"application/problem+json" in head
    assert "timeout" == json.loads(body)["code"]
    assert 1.0 < waited < 10


def test_metrics_count_problems(client: httpx.Client):
    """Problems are counted by code."""
    client.get("/no/such/path")
    assert 'commitrules_problems_total{code="not_found"}' in client.get("/metrics").text


def test_a_body_lost_to_an_h2c_upgrade_offer_is_explained(server):
    """Java's HttpClient offers HTTP/2 (Upgrade: h2c) by default; uvicorn drops the body: the problem says why."""
    body = json.dumps(CASE).encode()
    head = (
        "POST /v1/decisions HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
        "HTTP2-Settings: AAEAAEAAAAIAAAABAAMAAABkAAQBAAAAAAUAAEAA\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(head + body)
        answer = b""
        while not answer.rstrip().endswith(b"}"):
            data = sock.recv(4096)
            if not data:
                break
            answer += data
    status, _, rest = answer.partition(b"\r\n\r\n")
    assert status.startswith(b"HTTP/1.1 400")
    problem_body = json.loads(rest)
    assert "invalid_json" == problem_body["code"]
    assert "HttpClient.Version.HTTP_1_1" in problem_body["detail"]


def test_a_client_leaving_mid_body_is_not_an_internal_error(server, client: httpx.Client):
    """A caller that disconnects while sending its body is not a failure of the service: no 500 counted."""

    def internal_errors() -> float:
        for line in client.get("/metrics").text.splitlines():
            if line.startswith('commitrules_problems_total{code="internal_error"}'):
                return float(line.rsplit(" ", 1)[1])
        return 0.0

    before = internal_errors()
    for _ in range(3):
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
            sock.sendall(
                b"POST /v1/decisions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                b'Content-Length: 1000\r\n\r\n{"kind":'
            )
            time.sleep(0.3)
    time.sleep(0.5)  # the server notices the closed sockets
    assert client.get("/healthz").status_code == 200
    assert internal_errors() == before


def _language_requests(
    client: httpx.Client, limited: httpx.Client
) -> list[tuple[str, Callable[[dict[str, str]], httpx.Response]]]:
    """One request for each problem a caller's input can cause, sent with the headers given."""
    json_type = {"Content-Type": "application/json"}

    def deep(levels: int) -> bytes:
        return ("[" * levels + "]" * levels).encode()

    return [
        ("invalid_case", lambda h: client.post("/v1/decisions", json={"kind": "blacklist", "entry": {}}, headers=h)),
        ("invalid_case", lambda h: client.post("/v1/decisions", json={"kind": "nope"}, headers=h)),
        ("invalid_json", lambda h: client.post("/v1/decisions", content=b'{"kind":', headers={**json_type, **h})),
        ("invalid_json", lambda h: client.post("/v1/decisions", content=b"\xff{}", headers={**json_type, **h})),
        ("invalid_json", lambda h: client.post("/v1/decisions", content=b'{"a": NaN}', headers={**json_type, **h})),
        (
            "invalid_json",
            lambda h: client.post("/v1/decisions", content=b'{"a": -Infinity}', headers={**json_type, **h}),
        ),
        (
            "invalid_json",
            lambda h: client.post("/v1/decisions", content=b'{"a": ' + b"9" * 5000 + b"}", headers={**json_type, **h}),
        ),
        ("duplicate_key", lambda h: client.post("/v1/decisions", content=b'{"a":1,"a":2}', headers={**json_type, **h})),
        ("too_deep", lambda h: limited.post("/v1/decisions", content=deep(20), headers={**json_type, **h})),
        ("too_large", lambda h: limited.post("/v1/decisions", content=b" " * 3000, headers={**json_type, **h})),
        ("too_many_cases", lambda h: limited.post("/v1/decisions:batch", json={"cases": [{}] * 4}, headers=h)),
        ("invalid_request", lambda h: client.post("/v1/decisions:batch", json={"case": []}, headers=h)),
        ("invalid_request", lambda h: client.post("/v1/decisions?as_of=2020-13-01", json={}, headers=h)),
        ("invalid_request", lambda h: client.post("/v1/decisions?engine=fast", json={}, headers=h)),
        ("invalid_request", lambda h: client.get("/v1/decisions?since=yesterday", headers=h)),
        ("invalid_request", lambda h: client.get("/v1/log/consistency", headers=h)),
        (
            "invalid_request",
            lambda h: client.post("/v1/decisions?as_of=2020-01-01&as_of=2020-01-02", json={}, headers=h),
        ),
        (
            "unsupported_media_type",
            lambda h: client.post("/v1/decisions", content=b"a=1", headers={"Content-Type": "text/plain", **h}),
        ),
        ("not_found", lambda h: client.get("/v2/decisions", headers=h)),
        ("method_not_allowed", lambda h: client.put("/v1/pack", headers=h)),
        ("unknown_kind", lambda h: client.get("/v1/schemas/cases/nope", headers=h)),
        ("unknown_decision", lambda h: client.get("/v1/decisions/0190a0b0-0000-7000-8000-000000000000", headers=h)),
    ]


def test_every_problem_speaks_the_requests_language(client: httpx.Client, limited: httpx.Client):
    """Detail and each error's words are Chinese by default and for zh, English for en: no stub, no leak.

    Codes, paths, field names and values quoted from the request stay as they are in both languages;
    what must not appear is a sentence in the other language (tests/language_leaks.py).
    """
    for code, send in _language_requests(client, limited):
        zh = send({"Accept-Language": "zh-CN"}).json()
        en = send({"Accept-Language": "en"}).json()
        assert (code, code) == (zh["code"], en["code"]), (zh, en)
        assert zh["errors"] or code in ("too_large", "unsupported_media_type", "not_found", "method_not_allowed")
        for words in (zh["detail"], *(item[key] for item in zh["errors"] for key in ("message", "expected", "found"))):
            assert not english_runs(words), (code, words)
        assert chinese_characters(zh["detail"]), (code, zh["detail"])
        assert all(chinese_characters(item["message"]) for item in zh["errors"]), (code, zh["errors"])
        for words in (en["detail"], *(item[key] for item in en["errors"] for key in ("message", "expected", "found"))):
            assert not chinese_characters(words), (code, words)
        assert [item["path"] for item in zh["errors"]] == [item["path"] for item in en["errors"]], code
        assert not any(" or " in item["expected"] for item in zh["errors"]), (code, zh["errors"])


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("since", "0001-01-01T00:00:00+05:00"),
        ("until", "9999-12-31T23:59:59-05:00"),
        ("since", "２０２０-01-01T00:00:00Z"),
    ],
)
def test_a_time_utc_cannot_hold_is_a_bad_parameter(client: httpx.Client, name: str, value: str):
    """A time before the year 1 or after 9999 once in UTC (the log's times are UTC): 422, not a 500."""
    english = {"Accept-Language": "en"}
    body = problem(client.get("/v1/decisions", params={name: value}, headers=english), 422, "invalid_request")
    assert (f"query.{name}", f"The parameter '{name}' is not a time.") == (body["errors"][0]["path"], body["detail"])


@pytest.mark.parametrize("header", ["bytes=5-1", "bytes=99999999-", "lines=0-1", "bytes="])
def test_a_range_the_pages_files_cannot_serve_gets_the_whole_file(client: httpx.Client, header: str):
    """Starlette answered it past the service's handlers: 400 'Malformed range header.' in English alone, or
    416 with no body, both text/plain. A server may ignore a Range (RFC 9110, 14.2): these small files are
    always sent whole, 200, for a range that could be served as for one that could not."""
    whole = client.get("/static/pages/pages.css")
    response = client.get("/static/pages/pages.css", headers={"Range": header})
    assert (200, whole.content) == (response.status_code, response.content)
    whole = client.get("/static/pages/pages.css", headers={"Range": "bytes=0-9"})  # one it could serve: whole too
    assert (200, response.content) == (whole.status_code, whole.content)
