"""The batch route over real HTTP: the quick reading answers as the careful one, and logs what one case at a time logs.

Cases proved within the case limits by the batch's reading (``batch_body.read_batch``) are validated
and decided without the library's limits walk, and their canonical JSON goes to the log as written
then. Two servers (as shipped, and with ``COMMITRULES_SERVICE_CAREFUL=1``) answer batches holding cases
at and past each case limit alike, byte for byte. A server with a log records a batch's cases exactly
as it records the same cases sent one by one (every stored field that does not name the request, the
time or the position), with personal fields redacted or not, and the log verifies.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import BaseModel

from commitrules.io.case_files import read_cases
from commitrules.model._parse import MAX_DEPTH, MAX_LIST_ITEMS
from commitrules.policy.pack import PolicyPack
from commitrules.service.http.batch_body import PROOF_BYTES
from commitrules.service.http.lane import CAREFUL_ENV
from commitrules.service.log import DecisionLog
from commitrules.service.log.records import canonical_json
from tests.service.server import ROOT, ServiceProcess, verify_log

pytestmark = pytest.mark.slow

AS_OF = "2026-06-01"
#: What a record holds that depends on the request, the time or the position, not on the case and decision.
PER_REQUEST = {"decision_id", "index", "recorded_at", "request_id", "prev_hash", "leaf_hash"}


def _cases() -> list[dict[str, Any]]:
    cases, errors = read_cases([ROOT / "examples" / "cases"])
    assert not errors
    return [item.case.model_dump(mode="json", exclude_none=True) for item in cases]


CASES = _cases()
APPLICATION = next(case for case in CASES if case["kind"] == "application" and "commitment" in case)


def _paid(amount: Any) -> dict[str, Any]:
    """The first application case with ``commitment.fees_paid`` set to ``amount`` (a number of the caller's JSON)."""
    case = json.loads(json.dumps(APPLICATION))
    case["commitment"]["fees_paid"] = amount
    return dict(case)


@pytest.fixture(scope="module")
def servers(workdir: Path) -> Iterator[tuple[ServiceProcess, ServiceProcess]]:
    """The service as shipped and with the quick ways off, both at the default nesting limit, without a log."""
    with (
        ServiceProcess(workdir, "--no-log") as quick,
        ServiceProcess(workdir, "--no-log", env={CAREFUL_ENV: "1"}) as careful,
    ):
        yield quick, careful


def _post(url: str, body: bytes, request_id: str, lang: str = "en") -> httpx.Response:
    headers = {"Content-Type": "application/json", "Accept-Language": lang, "X-Request-Id": request_id}
    return httpx.post(f"{url}/v1/decisions:batch?as_of={AS_OF}", content=body, headers=headers, timeout=60)


def _same_both_ways(servers: tuple[ServiceProcess, ServiceProcess], body: bytes, lang: str = "en") -> httpx.Response:
    request_id = secrets.token_hex(8)
    quick, careful = (_post(server.url, body, request_id, lang) for server in servers)
    assert quick.status_code == careful.status_code, (quick.text[:300], careful.text[:300])
    assert quick.content == careful.content
    return quick


def _nested(levels: int) -> Any:
    return json.loads("[" * levels + "1" + "]" * levels)


PAST_A_LIMIT: dict[str, list[Any]] = {
    "items": [{"kind": "summary", "report": {"x": [1] * (MAX_LIST_ITEMS + 1)}}],
    "keys": [{"kind": "summary", "report": {f"k{i}": 1 for i in range(MAX_LIST_ITEMS + 1)}}],
    "depth": [{"kind": "summary", "report": {"x": _nested(MAX_DEPTH)}}],
    "text": [{"kind": "summary", "report": {"x": "x" * 10_001}}],
    "values": [{"kind": "summary", "report": {"x": [[1] * 900] * 25}}],
    "long but within": [{**APPLICATION, "id": "x" * PROOF_BYTES}],
    "floats": [_paid(12.5), _paid(1e16), _paid(0.1)],
    "integers": [_paid(2**63), _paid(2**70), _paid(-1)],
    "not objects": ["summary", 1, None, [], {}],
    "a wrong case": [{"kind": "applicaton"}, {"kind": "application", "applicant": 5}],
}


@pytest.mark.parametrize("name", list(PAST_A_LIMIT))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_cases_at_and_past_each_limit_get_the_same_answers(
    servers: tuple[ServiceProcess, ServiceProcess], name: str, lang: str
) -> None:
    """Each odd case between two realistic ones: the same items both ways (a problem where the careful way has one)."""
    body = json.dumps({"cases": [CASES[0], *PAST_A_LIMIT[name], CASES[1]]}, ensure_ascii=False).encode()
    answer = _same_both_ways(servers, body, lang)
    statuses = [item["status"] for item in answer.json()["results"]]
    assert statuses[0] == statuses[-1] == 200


def test_realistic_batches_get_the_same_answers(servers: tuple[ServiceProcess, ServiceProcess]) -> None:
    """Every example case, three times over, in one batch: all decided, the same bytes both ways."""
    answer = _same_both_ways(servers, json.dumps({"cases": CASES * 3}).encode())
    assert [200] * len(CASES) * 3 == [item["status"] for item in answer.json()["results"]]


def test_every_example_case_in_a_batch_gets_the_librarys_decision_bytes(
    servers: tuple[ServiceProcess, ServiceProcess], pack: PolicyPack
) -> None:
    """Each example case's item holds the decision's canonical JSON byte for byte: that of the decision
    once every field is built (not only the prepared pieces), which the log records."""
    answer = _same_both_ways(servers, json.dumps({"cases": CASES}).encode())
    for case, item in zip(CASES, answer.json()["results"], strict=True):
        complete = pack.evaluate(case, as_of=AS_OF)
        assert complete.fired is not None  # every field built: the pieces are not used
        expected = canonical_json(complete.model_dump(mode="json"))
        part = b'"decision":' + expected.encode() + b',"problem":null}'
        assert part in answer.content, case.get("id")
        assert json.loads(BaseModel.model_dump_json(complete)) == item["decision"]


def _stored(database: Path) -> list[dict[str, Any]]:
    with DecisionLog.open(f"sqlite:///{database}") as log:
        assert log.verify().ok
        return [record.to_dict() for record in log.iter_records()]


def _without_request(record: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in record.items() if key not in PER_REQUEST}


@pytest.mark.parametrize("redacted", [False, True])
def test_a_batch_is_logged_as_its_cases_one_by_one(tmp_path: Path, *, redacted: bool) -> None:
    """The same cases as one batch and one request each: the same stored texts and hashes; the log verifies."""
    database = tmp_path / "decisions.db"
    args = ["--log-url", f"sqlite:///{database}"]
    env = {}
    if redacted:
        args.append("--redact-personal")
        env["COMMITRULES_SALT"] = "a-deployment-secret-kept-apart"
    cases = [*CASES, _paid(12.5), _paid(2**70)]  # a float, a big integer: the log writes their texts itself
    with ServiceProcess(tmp_path, *args, env=env) as server:
        batch = _post(server.url, json.dumps({"cases": cases}).encode(), "the-batch")
        assert 200 == batch.status_code
        items = batch.json()["results"]
        assert [200] * len(cases) == [item["status"] for item in items]
        singles = [
            httpx.post(
                f"{server.url}/v1/decisions?as_of={AS_OF}", json=case, headers={"X-Request-Id": "one"}, timeout=60
            )
            for case in cases
        ]
        assert all(200 == single.status_code for single in singles)
    records = _stored(database)
    assert len(records) == 2 * len(cases)
    by_id = {record["decision_id"]: record for record in records}
    for item, single in zip(items, singles, strict=True):
        in_batch, alone = by_id[item["decision_id"]], by_id[single.headers["x-decision-id"]]
        assert _without_request(in_batch) == _without_request(alone)
        assert json.loads(in_batch["decision_json"]) == item["decision"]
    personal = cases.index(APPLICATION)  # it names an applicant
    stored = by_id[items[personal]["decision_id"]]["case_json"]
    assert (stored != canonical_json(APPLICATION)) is redacted
    verified = verify_log(database)
    assert 0 == verified.returncode, verified.stdout + verified.stderr


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        (json.dumps({"cases": [{}] * 1001}).encode(), 413, "too_many_cases"),  # no case walked
        (b'{"cases":[' + b",".join([b"{}"] * 1000 + [b'{"a":1,"a":2}']) + b"]}", 422, "duplicate_key"),
    ],
    ids=["too many", "too many, a key twice"],
)
def test_a_batch_past_the_case_count_gets_the_careful_answer(
    servers: tuple[ServiceProcess, ServiceProcess], body: bytes, status: int, code: str
) -> None:
    """More cases than the route takes: the same problem both ways, whatever else the body holds."""
    answer = _same_both_ways(servers, body)
    assert (status, code) == (answer.status_code, answer.json()["code"])


#: Cases each route refuses alone, or decides, written as JSON text: odd spellings, numbers, texts, shapes.
ODD_CASES = [
    json.dumps(APPLICATION).replace('"kind"', '"\\u006bind"', 1).encode(),  # an escaped key
    json.dumps(_paid(1)).replace('"fees_paid": 1', '"fees_paid": 12.50').encode(),
    json.dumps(_paid(1)).replace('"fees_paid": 1', '"fees_paid": 1E+2').encode(),
    json.dumps(_paid(1)).replace('"fees_paid": 1', '"fees_paid": 18446744073709551616').encode(),
    json.dumps(_paid(1)).replace('"fees_paid": 1', '"fees_paid": -0.0').encode(),
    json.dumps(_paid(1)).replace('"fees_paid": 1', '"fees_paid": "12.50"').encode(),
    json.dumps({**APPLICATION, "id": '\u2028"\\\x7f中😀'}).encode(),
    b'{"kind":"summary","id":"\\ud800"}',  # a lone surrogate: read, then refused by the model
    b'{"kind":"summary","report":{"' + b"k" * 10_001 + b'":1}}',  # a key past the text limit
    b'{"kind":"summary","report":{"x":"' + b"x" * 10_001 + b'"}}',
    b'{"kind":"summary","report":' + json.dumps({f"k{i}": 1 for i in range(1001)}).encode() + b"}",
    b'{"kind":"summary","report":{"x":' + b"[" * 40 + b"]" * 40 + b"}}",
    b'{"kind":"summary","report":{"sections":[' + b",".join([b'"progress"'] * 1001) + b"]}}",
    b'[{"kind":"summary"}]',
    b'"summary"',
    b"null",
    b"{}",
    b"1.5",
]


def test_a_batchs_items_are_answered_and_logged_as_each_case_alone(tmp_path: Path) -> None:
    """Odd cases through both routes: each batch item's problem is the one the case alone gets (but where
    the problem was met), its decision the same bytes; only the decided cases are logged, with the same hashes."""
    database = tmp_path / "decisions.db"
    headers = {"Content-Type": "application/json", "X-Request-Id": "odd"}
    with ServiceProcess(tmp_path, "--log-url", f"sqlite:///{database}") as server:
        body = b'{"cases":[' + b",".join(ODD_CASES) + b"]}"
        batch = httpx.post(f"{server.url}/v1/decisions:batch?as_of={AS_OF}", content=body, headers=headers, timeout=60)
        assert 200 == batch.status_code
        singles = [
            httpx.post(f"{server.url}/v1/decisions?as_of={AS_OF}", content=case, headers=headers, timeout=60)
            for case in ODD_CASES
        ]
    items = batch.json()["results"]
    records = {record["decision_id"]: record for record in _stored(database)}
    decided = 0
    for item, single in zip(items, singles, strict=True):
        assert single.status_code == item["status"], single.text[:200]
        if single.status_code == 200:
            decided += 1
            assert single.content in batch.content  # the same bytes
            in_batch, alone = records[item["decision_id"]], records[single.headers["x-decision-id"]]
            assert _without_request(in_batch) == _without_request(alone)
        else:
            problem = dict(item["problem"])
            expected = single.json()
            assert problem.pop("instance").startswith("/v1/decisions:batch#/cases/")
            assert "/v1/decisions" == expected.pop("instance")
            assert expected == problem
    assert 7 == decided
    assert 2 * decided == len(records)
