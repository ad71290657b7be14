"""The curl examples of README and docs/service.md, sent to a real ``commitrules serve``, answer as the pages say."""

from __future__ import annotations

import json
import re
import shlex

import httpx
import pytest

from tests.doc_blocks import blocks, shell_lines
from tests.service.server import ROOT, ServiceProcess

#: What the pages leave to the reader: ``$URL`` and ``$AUTH`` are set by service.md; ``$ID`` is the id of a
#: decision of the log; the log of a fresh service holds a few records, not the 1200 of the example.
READER = {"$AUTH": "", "first=1200": "first=1"}


def _curls() -> list[tuple[str, str]]:
    """Every curl command of README.md and docs/service.md, with its page and line."""
    found = []
    for block in blocks("sh", pages=("README.md", "docs/service.md")):
        for line in shell_lines(block):
            command = line.split(" #", 1)[0].strip()
            if command.startswith("curl "):
                found.append((f"{block}", command))
    return found


CURLS = _curls()


def _request(command: str, url: str, decision_id: str) -> httpx.Request:
    """The request a curl command line sends (the options the pages use: -X, -H, -d, -D, -I, -s)."""
    for name, value in {**READER, "$URL": url, "$ID": decision_id, "http://127.0.0.1:8080": url}.items():
        command = command.replace(name, value)
    words = shlex.split(command.split(" > ", 1)[0])[1:]
    method, headers, body, target = None, {}, None, None
    index = 0
    while index < len(words):
        word = words[index]
        if word in {"-X", "-H", "-d", "-D"}:
            value = words[index + 1]
            index += 2
            if word == "-X":
                method = value
            elif word == "-H":
                key, _, header = value.partition(":")
                headers[key.strip()] = header.strip()
            elif word == "-d":
                body = value.encode()
            continue
        if word == "-I":
            method = "HEAD"
        elif not word.startswith("-"):
            target = word
        index += 1
    assert target is not None, command
    return httpx.Request(method or ("POST" if body is not None else "GET"), target, headers=headers, content=body)


def test_the_pages_show_curl_commands() -> None:
    """The README's example and every route service.md shows are collected."""
    assert len(CURLS) >= 12
    assert any(page.startswith("README.md") for page, _ in CURLS)


def test_every_curl_example_is_answered(server: ServiceProcess, client: httpx.Client) -> None:
    """Each example gets a 2xx answer, the decision ones a decision with its id and its record's Location."""
    first = client.post(
        "/v1/decisions?as_of=2020-06-01", json={"kind": "credit_site", "content": {"items": ["dishonesty_info"]}}
    )
    decision_id = first.headers["X-Decision-Id"]
    for page, command in CURLS:
        answer = client.send(_request(command, server.url, decision_id))
        assert answer.is_success, f"{page}: {command}\n{answer.status_code} {answer.text[:500]}"
        if "/v1/decisions" in command and "-d" in command and ":batch" not in command:
            assert answer.json()["outcome"] == "noncompliant", page
            assert answer.headers["Location"] == f"/v1/decisions/{answer.headers['X-Decision-Id']}"


def test_health_and_batch_answer_as_described(client: httpx.Client) -> None:
    """``/healthz`` says what its comment shows; a batch is ``{"results": [...]}`` with the items' members."""
    health = next(command for _, command in CURLS if command.endswith("$URL/healthz"))
    assert health
    assert client.get("/healthz").json() == {"status": "ok"}
    batch = next(command for _, command in CURLS if ":batch" in command)
    body = json.loads(shlex.split(batch)[shlex.split(batch).index("-d") + 1])
    answer = client.post("/v1/decisions:batch?as_of=2020-06-01", json=body).json()
    assert list(answer) == ["results"]
    good, bad = answer["results"]
    assert list(good) == list(bad) == ["index", "status", "decision_id", "decision", "problem"]
    assert (good["status"], bad["status"], bad["decision_id"], bad["decision"]) == (200, 422, None, None)
    page = (ROOT / "docs" / "service.md").read_text(encoding="utf-8")
    assert '`{"results": [...]}`' in page
    shown = re.search(r'`(\{"index": 1, "status": 422,[^`]*\})`', page)
    assert shown is not None
    assert re.findall(r'"(\w+)":', shown[1]) == list(bad)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_problem_shown_is_the_one_answered(client: httpx.Client, lang: str) -> None:
    """service.md's two problem documents are the service's answers, member for member (but the request id)."""
    problems = [
        json.loads(block.text) for block in blocks("json", pages=("docs/service.md",)) if '"type"' in block.text
    ]
    shown = next(problem for problem in problems if (problem["title"] == "Invalid case") == (lang == "en"))
    answer = client.post(
        "/v1/decisions?as_of=2020-06-01",
        json={"kind": "credit_site", "content": {"items": ["risk_notise"]}},
        headers={"Accept-Language": lang},
    )
    assert answer.headers["Content-Type"] == "application/problem+json"
    assert {**answer.json(), "request_id": "5f0e..."} == shown
