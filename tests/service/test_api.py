"""Every endpoint of the service, over real HTTP, compared with the library's own answers."""

from __future__ import annotations

import hashlib
import json

import httpx
import pytest

import commitrules
from commitrules import Decision
from commitrules.engine.decision_help_zh import DECISION_FIELD_HELP_ZH
from commitrules.io.case_files import read_cases
from commitrules.model import CASE_MODELS
from commitrules.model.field_help_zh import CASE_FIELD_HELP_ZH
from commitrules.policy.pack import PolicyPack
from commitrules.service.log.records import canonical_json
from tests.language_leaks import english_runs
from tests.service.server import ROOT

#: Every test here starts `commitrules serve` (or another process): the fast session leaves them out.
pytestmark = pytest.mark.slow

README_CASE = {"kind": "credit_site", "content": {"items": ["dishonesty_info"]}}


def _canonical(decision: Decision) -> bytes:
    """The decision's canonical JSON (sorted keys, no spaces, UTF-8): the text the service answers with."""
    return canonical_json(decision.model_dump(mode="json")).encode("utf-8")


def test_readme_case_is_decided_byte_for_byte_as_the_library_decides_it(client: httpx.Client, pack: PolicyPack):
    """The README's example case over HTTP: the body is the library's decision in canonical JSON, the very
    text the log recorded (its SHA-256 is the record's ``decision_sha256``)."""
    response = client.post("/v1/decisions", params={"as_of": "2020-06-01"}, json=README_CASE)
    assert 200 == response.status_code
    assert "application/json" == response.headers["content-type"]
    decision = pack.evaluate(README_CASE, as_of="2020-06-01")
    assert _canonical(decision) == response.content
    assert json.loads(decision.model_dump_json()) == response.json()
    record = client.get(f"/v1/decisions/{response.headers['x-decision-id']}").json()
    assert hashlib.sha256(response.content).hexdigest() == record["decision_sha256"]
    assert json.loads(response.content) == record["decision"]


@pytest.mark.rete  # decides on both engines: needs durable-rules
def test_every_example_case_is_decided_as_in_python(client: httpx.Client, pack: PolicyPack):
    """Each example case of every kind gets the library's decision JSON, on both engines."""
    cases, errors = read_cases([ROOT / "examples" / "cases"])
    assert [] == errors
    kinds = set()
    for item in cases:
        document = item.case.model_dump(mode="json", exclude_none=True)
        expected = _canonical(pack.evaluate(item.case, as_of="2020-06-01"))
        for engine in ("compiled", "rete"):
            response = client.post("/v1/decisions", params={"as_of": "2020-06-01", "engine": engine}, json=document)
            assert 200 == response.status_code, (item.source, response.text)
            assert expected == response.content, item.source
        kinds.add(item.case.KIND)
    assert set(CASE_MODELS) == kinds


def test_decision_id_header_names_the_logged_decision(client: httpx.Client):
    """With a log, each decision comes with its id and the location to read it back."""
    response = client.post("/v1/decisions", params={"as_of": "2020-06-01"}, json=README_CASE)
    decision_id = response.headers["x-decision-id"]
    assert f"/v1/decisions/{decision_id}" == response.headers["location"]


def test_batch_answers_each_item_in_order_with_per_item_problems(client: httpx.Client, pack: PolicyPack):
    """A bad case of a batch gets its own problem; the others are decided, in the request's order."""
    good_a = {"kind": "credit_site", "content": {"items": []}}
    bad = {"kind": "credit_site", "content": {"items": ["risk_notise"]}}
    good_b = README_CASE
    response = client.post(
        "/v1/decisions:batch", params={"as_of": "2020-06-01"}, json={"cases": [good_a, bad, 7, good_b]}
    )
    assert 200 == response.status_code
    results = response.json()["results"]
    assert [0, 1, 2, 3] == [r["index"] for r in results]
    assert [200, 422, 422, 200] == [r["status"] for r in results]
    for position, case in ((0, good_a), (3, good_b)):
        expected = json.loads(pack.evaluate(case, as_of="2020-06-01").model_dump_json())
        assert expected == results[position]["decision"]
        assert results[position]["decision_id"]
    problem = results[1]["problem"]
    assert "invalid_case" == problem["code"]
    assert "$.content.items[0]" == problem["errors"][0]["path"]
    assert "'risk_notise'" == problem["errors"][0]["found"]
    assert results[1]["decision"] is None
    assert "$" == results[2]["problem"]["errors"][0]["path"]
    # byte identity inside the batch too: each item's decision is the text its record holds
    assert b'"decision":' + _canonical(pack.evaluate(good_b, as_of="2020-06-01")) + b',"problem":null}' in (
        response.content
    )


def test_pack_names_the_pack_in_use(client: httpx.Client, pack: PolicyPack):
    """GET /v1/pack: name, version, digest and every kind of the loaded pack."""
    body = client.get("/v1/pack").json()
    assert (pack.name, pack.version, pack.digest) == (body["name"], body["version"], body["digest"])
    assert list(pack.kinds) == [k["kind"] for k in body["kinds"]]
    verification = next(k for k in body["kinds"] if k["kind"] == "verification")
    assert list(pack.policies["verification"].outcomes) == verification["outcomes"]
    assert len(pack.policies["verification"].rules) == verification["rules"]
    assert 1 == body["generation"]


ENGLISH = {"Accept-Language": "en"}


def _without_descriptions(node: object) -> object:
    """``node`` without its descriptions: what a program reads of a schema."""
    if isinstance(node, dict):
        return {k: _without_descriptions(v) for k, v in node.items() if k != "description"}
    if isinstance(node, list):
        return [_without_descriptions(item) for item in node]
    return node


def _descriptions(node: object) -> list[str]:
    if isinstance(node, dict):
        own = [node["description"]] if isinstance(node.get("description"), str) else []
        return own + [d for value in node.values() for d in _descriptions(value)]
    if isinstance(node, list):
        return [d for item in node for d in _descriptions(item)]
    return []


@pytest.mark.parametrize("kind", sorted(CASE_MODELS))
def test_case_schema_is_the_models_schema(client: httpx.Client, kind: str):
    """GET /v1/schemas/cases/{kind} in English is the case model's JSON Schema."""
    response = client.get(f"/v1/schemas/cases/{kind}", headers=ENGLISH)
    assert 200 == response.status_code
    assert CASE_MODELS[kind].model_json_schema() == response.json()


def test_decision_schema_is_the_models_schema(client: httpx.Client):
    """GET /v1/schemas/decision in English is the Decision model's JSON Schema."""
    assert commitrules.Decision.model_json_schema() == client.get("/v1/schemas/decision", headers=ENGLISH).json()


SCHEMA_PATHS = [*(f"/v1/schemas/cases/{kind}" for kind in sorted(CASE_MODELS)), "/v1/schemas/decision"]


@pytest.mark.parametrize("path", SCHEMA_PATHS)
def test_schemas_describe_in_chinese_by_default_and_keep_what_programs_read(client: httpx.Client, path: str):
    """In Chinese (the default, or zh) every description is Chinese; keys, types and titles are the English schema's."""
    answer = client.get(path, headers=ENGLISH)
    assert "Accept-Language" == answer.headers["vary"]
    english = answer.json()
    for headers in ({}, {"Accept-Language": "zh-CN,en;q=0.5"}):
        chinese = client.get(path, headers=headers).json()
        assert _without_descriptions(english) == _without_descriptions(chinese)
        said = _descriptions(chinese)
        assert len(said) > 5
        assert [] == [words for words in said if english_runs(words)]
    help_zh = DECISION_FIELD_HELP_ZH if path.endswith("/decision") else CASE_FIELD_HELP_ZH
    assert help_zh[chinese["title"]] == chinese["description"]


def test_unknown_kind_schema_is_a_404_problem(client: httpx.Client):
    """An unknown kind is a problem that lists the known kinds."""
    response = client.get("/v1/schemas/cases/verifcation")
    assert 404 == response.status_code
    assert "application/problem+json" == response.headers["content-type"]
    body = response.json()
    assert "unknown_kind" == body["code"]
    assert "'verification'" in body["errors"][0]["expected"]


def test_health_and_readiness(client: httpx.Client, pack: PolicyPack):
    """/healthz answers; /readyz names the pack in use, says the log is kept, and no reload failed."""
    assert {"status": "ok"} == client.get("/healthz").json()
    ready = client.get("/readyz").json()
    assert "ready" == ready["status"]
    assert pack.digest == ready["pack"]["digest"]
    assert ready["log"] is True
    assert ready["last_reload_error"] is None


def test_metrics_count_decisions_by_kind_outcome_and_engine(client: httpx.Client, pack: PolicyPack):
    """/metrics is Prometheus text with the decisions counted by kind, outcome and engine, and latencies."""

    def count(outcome: str = "noncompliant", name: str = "commitrules_decisions_total") -> float:
        text = client.get("/metrics").text
        labels = "{engine=" + '"compiled"' + (f',kind="credit_site",outcome="{outcome}"' if outcome else "") + "}"
        for line in text.splitlines():
            if line.startswith(name + labels):
                return float(line.rsplit(" ", 1)[1])
        return 0.0

    before = count()
    for _ in range(3):
        assert 200 == client.post("/v1/decisions", params={"as_of": "2020-06-01"}, json=README_CASE).status_code
    assert before + 3 == count()
    # A batch's decisions are counted by kind and outcome too, and each one's engine time is observed.
    items = ["dishonesty_info", "risk_notice", "list_exit", "joint_punishment_measures", "accountability"]
    good = {"kind": "credit_site", "content": {"site": "信用连云港", "items": items}}
    assert "noncompliant" != pack.evaluate(good, as_of="2020-06-01").outcome
    other = pack.evaluate(good, as_of="2020-06-01").outcome
    counted, timed = (count(), count(other)), count("", "commitrules_decision_seconds_count")
    cases = [README_CASE, good, README_CASE, {"kind": "credit_site"}, README_CASE]  # one bad case: not counted
    answer = client.post("/v1/decisions:batch", params={"as_of": "2020-06-01"}, json={"cases": cases})
    assert [200, 200, 200, 422, 200] == [item["status"] for item in answer.json()["results"]]
    assert (counted[0] + 3, counted[1] + 1) == (count(), count(other))
    assert timed + 4 == count("", "commitrules_decision_seconds_count")
    text = client.get("/metrics").text
    assert 'commitrules_request_seconds_bucket{le="0.025",method="POST",route="/v1/decisions"}' in text
    assert "commitrules_log_write_seconds_count" in text
    assert 'commitrules_reloads_total{result="failed"} 0.0' in text


def test_request_id_is_echoed_or_made(client: httpx.Client):
    """A sane X-Request-Id is kept (and recorded); otherwise the service makes one."""
    given = client.get("/healthz", headers={"X-Request-Id": "host-123.a"})
    assert "host-123.a" == given.headers["x-request-id"]
    made = client.get("/healthz", headers={"X-Request-Id": "bad id with spaces"})
    assert 32 == len(made.headers["x-request-id"])


def test_openapi_document_is_served(client: httpx.Client):
    """The served document is OpenAPI 3.1 and has the case models as schemas."""
    document = client.get("/openapi.json").json()
    assert "3.1.0" == document["openapi"]
    assert "Case" in document["components"]["schemas"]
    assert "VerificationCase" in document["components"]["schemas"]
