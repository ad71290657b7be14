"""A body is read only as what its headers declare: JSON, in UTF-8, not encoded; on every route that reads one.

The decision routes read a body declared ``charset=utf-16`` or ``latin-1`` as UTF-8 all the same, and a
header sent twice by its first line alone. The pages' API (the playground's evaluation, its YAML and
JSON conversions, the what-if) read its bodies with FastAPI's ``json.loads`` whatever they said: the
last of two equal keys won (a case of two ``kind`` was decided as the second), ``NaN`` was read, and
``text/plain`` or ``gzip`` bodies were taken as plain JSON.
"""

from __future__ import annotations

import gzip
import json
import socket

import httpx
import pytest

from commitrules.service.http.jsonbody import parse_json
from commitrules.service.http.problems import ProblemError
from tests.language_leaks import chinese_characters, english_runs
from tests.service.server import ServiceProcess

#: Every test here starts `commitrules serve`: the fast session leaves them out.
pytestmark = pytest.mark.slow

CASE = {"kind": "credit_site", "content": {"items": ["dishonesty_info"]}}
#: Each route that reads a JSON body, and a body it takes.
BODIES = {
    "/v1/decisions": json.dumps(CASE),
    "/v1/decisions:batch": json.dumps({"cases": [CASE]}),
    "/playground/api/evaluate": json.dumps({"case": CASE}),
    "/playground/api/json-to-yaml": json.dumps({"case": CASE}),
    "/playground/api/yaml-to-json": json.dumps({"text": "kind: credit_site"}),
}


def _problem(response: httpx.Response, status: int, code: str, lang: str) -> dict:
    assert status == response.status_code, response.text
    assert "application/problem+json" == response.headers["content-type"]
    body = response.json()
    assert code == body["code"]
    if lang == "zh":
        assert chinese_characters(body["detail"]) and not english_runs(body["detail"]), body["detail"]
    else:
        assert not chinese_characters(body["detail"]), body["detail"]
    return body


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("path", list(BODIES))
def test_a_charset_other_than_utf8_is_refused(client: httpx.Client, path: str, lang: str) -> None:
    """``charset=utf-16`` or ``latin-1``: 415 naming it (the body was read as UTF-8 whatever it said)."""
    for charset in ("utf-16", '"latin-1"', "gbk"):
        headers = {"Content-Type": f"application/json; charset={charset}", "Accept-Language": lang}
        body = _problem(client.post(path, content=BODIES[path], headers=headers), 415, "unsupported_media_type", lang)
        assert charset.strip('"') in body["detail"]
    for declared in ("application/json; charset=UTF-8", 'application/json;charset="utf-8"', "application/json"):
        assert 200 == client.post(path, content=BODIES[path], headers={"Content-Type": declared}).status_code


@pytest.mark.parametrize("path", list(BODIES))
def test_the_pages_api_refuses_what_the_decision_routes_refuse(client: httpx.Client, path: str) -> None:
    """Not declared JSON, encoded, a byte order mark, NaN, a key twice: the decision routes' problems."""
    good = BODIES[path].encode()
    json_type = {"Content-Type": "application/json"}
    sends = [
        (415, "unsupported_media_type", good, {"Content-Type": "text/plain"}),
        (415, "unsupported_media_type", good, {}),
        (415, "unsupported_media_type", gzip.compress(good), {**json_type, "Content-Encoding": "gzip"}),
        (400, "invalid_json", b"\xef\xbb\xbf" + good, json_type),
        (400, "invalid_json", b'{"x": NaN, ' + good[1:], json_type),
        (422, "duplicate_key", b'{"x": 1, "x": 2, ' + good[1:], json_type),
    ]
    for status, code, content, headers in sends:
        for lang in ("zh", "en"):
            response = client.post(path, content=content, headers={**headers, "Accept-Language": lang})
            _problem(response, status, code, lang)


def test_two_equal_keys_of_a_case_are_refused_by_the_playground(client: httpx.Client) -> None:
    """``{"kind": "credit_site", "kind": "escalation"}`` was decided as an escalation case, without a word."""
    content = b'{"case": {"kind": "credit_site", "content": {"items": []}, "kind": "escalation"}}'
    response = client.post("/playground/api/evaluate", content=content, headers={"Content-Type": "application/json"})
    assert "kind" in _problem(response, 422, "duplicate_key", "zh")["detail"]


def _raw(server: ServiceProcess, head: bytes, body: bytes) -> tuple[bytes, dict]:
    request = b"POST /v1/decisions HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + head
    request += b"Content-Length: %d\r\n\r\n" % len(body) + body
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        sock.sendall(request)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    status, _, rest = answer.partition(b"\r\n")
    return status, json.loads(rest.partition(b"\r\n\r\n")[2])


def test_a_header_sent_twice_is_read_by_all_its_lines(server: ServiceProcess) -> None:
    """``Content-Encoding: identity`` then ``gzip`` was read by the first ('not UTF-8', 400); two types by the first."""
    json_type = b"Content-Type: application/json\r\n"
    status, body = _raw(
        server,
        json_type + b"Content-Encoding: identity\r\nContent-Encoding: gzip\r\n",
        gzip.compress(BODIES["/v1/decisions"].encode()),
    )
    assert (b"HTTP/1.1 415 Unsupported Media Type", "unsupported_media_type") == (status, body["code"])
    assert "gzip" in body["detail"]
    for two in (json_type + b"Content-Type: text/plain\r\n", b"Content-Type: text/plain\r\n" + json_type):
        status, body = _raw(server, two, BODIES["/v1/decisions"].encode())
        assert (b"HTTP/1.1 415 Unsupported Media Type", "unsupported_media_type") == (status, body["code"])
    status, _ = _raw(server, json_type + json_type, BODIES["/v1/decisions"].encode())
    assert b"HTTP/1.1 200 OK" == status


@pytest.mark.parametrize("levels", [100, 3000])
def test_a_deep_body_cut_short_is_too_deep_in_every_python(levels: int) -> None:
    """3,000 ``[`` cut short: a RecursionError in Python 3.11 (``too_deep``), not JSON in 3.13 (400); now one answer."""
    with pytest.raises(ProblemError) as raised:
        parse_json(b'{"case": "[{", "x": ' + b"[" * levels, max_depth=64, quick=False)
    assert (422, "too_deep") == (raised.value.status, raised.value.code)
    with pytest.raises(ProblemError) as raised:
        parse_json(b'{"case": "[[[[", "x": ' + b"[" * 60, max_depth=64, quick=False)
    assert (400, "invalid_json") == (raised.value.status, raised.value.code)


@pytest.mark.parametrize(
    ("path", "content", "at"),
    [
        ("/playground/api/whatif", b'{"file": "escalation.yaml", "text": "kind: escalation\\ud800"}', "body.text"),
        (
            "/playground/api/whatif",
            b'{"settings": {"escalation.major": "\\udc00"}}',
            "body.settings.escalation.major",
        ),
        ("/playground/api/whatif", b'{"settings": {"x\\ud800": "1"}}', "body.settings"),
        ("/playground/api/json-to-yaml", b'{"case": {"kind": ["\\ud800"]}}', "body.case.kind[0]"),
    ],
)
def test_half_a_utf16_pair_is_refused_where_it_is(client: httpx.Client, path: str, content: bytes, at: str) -> None:
    """``"\\ud800"`` in the what-if's text was a 500 (the copy of the file could not be written in UTF-8),
    and in a setting a what-if that 'failed' (its child could not write its answer)."""
    for lang in ("zh", "en"):
        headers = {"Content-Type": "application/json", "Accept-Language": lang}
        body = _problem(client.post(path, content=content, headers=headers), 422, "invalid_request", lang)
        assert [at] == [error["path"] for error in body["errors"]]
        assert {"zh": "不能读作 Unicode 文字", "en": "unicode string"}[lang] in body["errors"][0]["message"]


@pytest.mark.parametrize("path", ["/v1/decisions", "/v1/decisions:batch", "/playground/api/evaluate"])
def test_a_number_that_reads_as_zero_is_refused(client: httpx.Client, path: str) -> None:
    """``"fees": 1e-400`` was decided as no fee: JSON's reader makes 0 of it (the quick way and the careful way)."""
    case = '{"kind": "credit_site", "content": {"items": []}, "x": 1e-400}'
    content = {"/v1/decisions": case, "/v1/decisions:batch": f'{{"cases": [{case}]}}'}.get(path, f'{{"case": {case}}}')
    for lang in ("zh", "en"):
        headers = {"Content-Type": "application/json", "Accept-Language": lang}
        body = _problem(client.post(path, content=content, headers=headers), 400, "invalid_json", lang)
        assert "1e-400" in body["detail"]


@pytest.mark.parametrize("text", ['kind: "\\ud800"', '"\\udc00": 1', 'items: ["x", "\\ud83d\\ude00"]'])
def test_half_a_utf16_pair_escaped_in_yaml_is_refused(client: httpx.Client, text: str) -> None:
    """YAML's own escape of half a pair in double quotes (``"\\ud800"``; both halves of one, too, as libyaml
    says) made ``yaml-to-json`` a 500: PyYAML, which reads the text again when libyaml refuses it, made a
    text of it that the answer could not write in UTF-8. It is the text's syntax error, at its place, in
    the page's language, wherever YAML is read (here the conversion, and a what-if's settings and file)."""
    for lang in ("zh", "en"):
        headers = {"Accept-Language": lang}
        answer = client.post("/playground/api/yaml-to-json", json={"text": text}, headers=headers)
        assert 200 == answer.status_code, answer.text
        error = answer.json()["error"]
        assert ("yaml_syntax", 1) == (error["code"], error["line"])
        assert "UTF-16" in error["message"]
        assert bool(chinese_characters(error["message"])) == (lang == "zh"), error["message"]
        setting = client.post("/playground/api/whatif", json={"settings": {"escalation.major": text}}, headers=headers)
        assert 200 == setting.status_code, setting.text
        assert ["yaml_syntax"] == [d["code"] for d in setting.json()["diagnostics"]], setting.text
    policy = client.get("/playground/api/policy", params={"name": "escalation.yaml"}).json()["text"]
    changed = policy.replace("title: {zh: 请示报告,", 'title: {zh: "\\ud800",', 1)
    assert changed != policy
    answer = client.post("/playground/api/whatif", json={"file": "escalation.yaml", "text": changed})
    assert 200 == answer.status_code, answer.text
    assert ["yaml_syntax"] == [d["code"] for d in answer.json()["diagnostics"]], answer.text


def test_a_character_past_ffff_escaped_in_yaml_is_read(client: httpx.Client) -> None:
    """The escape of eight digits is the way to write such a character, and is read as it."""
    answer = client.post("/playground/api/yaml-to-json", json={"text": 'kind: "\\U0001F600"'})
    assert {"ok": True, "case": {"kind": "\U0001f600"}} == answer.json()
