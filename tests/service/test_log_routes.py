"""The decision log over HTTP: every answered decision is recorded, provable against a signed head."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import httpx
import pytest

from commitrules.service.log import DecisionLog
from tests.service.server import ROOT, ServiceProcess, verify_log

#: Every test here starts `commitrules serve` (or another process): the fast session leaves them out.
pytestmark = pytest.mark.slow

VERIFY_PROOF = ROOT / "examples" / "decision_log" / "verify_proof.py"
CASES = [
    {"kind": "credit_site", "content": {"items": ["dishonesty_info"]}},
    {"kind": "credit_site", "content": {"items": []}},
    {
        "kind": "credit_site",
        "content": {
            "items": ["dishonesty_info", "risk_notice", "list_exit", "joint_punishment_measures", "accountability"]
        },
    },
]


@pytest.fixture(scope="module")
def signed(workdir: Path) -> Iterator[tuple[ServiceProcess, Path, Path]]:
    """A server whose log signs its heads with a key made by `commitrules log keygen`."""
    key = workdir / "log.pem"
    subprocess.run(
        [sys.executable, "-m", "commitrules.cli", "log", "keygen", str(key)], check=True, capture_output=True
    )
    database = workdir / "signed.db"
    with ServiceProcess(workdir, "--log-url", f"sqlite:///{database}", "--signing-key", str(key)) as running:
        yield running, key, database


def test_each_decision_is_recorded_as_answered(signed: tuple[ServiceProcess, Path, Path]):
    """The record of a decision holds the case as sent, the decision as answered, the pack and the request."""
    server, _, _ = signed
    response = httpx.post(
        server.url + "/v1/decisions", json=CASES[0], params={"as_of": "2020-06-01"}, headers={"X-Request-Id": "req-42"}
    )
    record = httpx.get(server.url + "/v1/decisions/" + response.headers["x-decision-id"]).json()
    assert CASES[0] == record["case"]
    assert response.json() == record["decision"]
    assert ("req-42", "compiled", "2020-06-01") == (record["request_id"], record["engine"], record["as_of"])
    assert response.json()["policy"]["digest"] == record["pack_digest"]


def test_inclusion_proof_checks_with_the_public_key_alone(signed: tuple[ServiceProcess, Path, Path], tmp_path: Path):
    """GET /v1/decisions/{id}/proof, checked by the standalone script that trusts only the key."""
    server, key, _ = signed
    batch = httpx.post(server.url + "/v1/decisions:batch", json={"cases": CASES}).json()["results"]
    decision_id = batch[1]["decision_id"]
    proof = httpx.get(f"{server.url}/v1/decisions/{decision_id}/proof")
    assert 200 == proof.status_code
    assert proof.json()["head"]["signature"]
    proof_file = tmp_path / "proof.json"
    proof_file.write_text(proof.text, encoding="utf-8")
    decision_file = tmp_path / "decision.json"
    decision_file.write_text(json.dumps(batch[1]["decision"]), encoding="utf-8")
    checked = subprocess.run(
        [
            sys.executable,
            str(VERIFY_PROOF),
            "inclusion",
            str(proof_file),
            "--public-key",
            f"{key}.pub",
            "--decision",
            str(decision_file),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert 0 == checked.returncode, checked.stdout + checked.stderr
    # a decision that was not the one answered does not check
    decision_file.write_text(json.dumps({**batch[1]["decision"], "outcome": "compliant"}), encoding="utf-8")
    tampered = subprocess.run(
        [
            sys.executable,
            str(VERIFY_PROOF),
            "inclusion",
            str(proof_file),
            "--public-key",
            f"{key}.pub",
            "--decision",
            str(decision_file),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert 1 == tampered.returncode


def test_consistency_proof_between_an_old_head_and_now(signed: tuple[ServiceProcess, Path, Path], tmp_path: Path):
    """A head kept earlier is extended by today's tree: the script checks the consistency proof."""
    server, key, _ = signed
    old = httpx.get(server.url + "/v1/log/head").json()
    httpx.post(server.url + "/v1/decisions:batch", json={"cases": CASES})
    new = httpx.get(server.url + "/v1/log/head").json()  # a head of today's tree; proofs lead to the latest head
    proof = httpx.get(server.url + "/v1/log/consistency", params={"first": old["tree_size"]})
    assert 200 == proof.status_code
    assert new == proof.json()["second"]
    assert old["tree_size"] + 3 <= new["tree_size"]
    (tmp_path / "c.json").write_text(proof.text, encoding="utf-8")
    (tmp_path / "old.json").write_text(json.dumps(old), encoding="utf-8")
    checked = subprocess.run(
        [
            sys.executable,
            str(VERIFY_PROOF),
            "consistency",
            str(tmp_path / "c.json"),
            "--public-key",
            f"{key}.pub",
            "--old-head",
            str(tmp_path / "old.json"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert 0 == checked.returncode, checked.stdout + checked.stderr
    bad = httpx.get(server.url + "/v1/log/consistency", params={"first": 10**9})
    assert 404 == bad.status_code
    assert "invalid_tree_size" == bad.json()["code"]


def test_search_filters_like_log_export(signed: tuple[ServiceProcess, Path, Path]):
    """GET /v1/decisions?kind=&outcome= returns the matching records in log order."""
    server, _, database = signed
    httpx.post(server.url + "/v1/decisions:batch", json={"cases": CASES}, params={"as_of": "2020-06-01"})
    page = httpx.get(
        server.url + "/v1/decisions", params={"kind": "credit_site", "outcome": "compliant", "limit": 1000}
    ).json()
    assert page["records"]
    assert {"compliant"} == {r["outcome"] for r in page["records"]}
    indexes = [r["index"] for r in page["records"]]
    assert sorted(indexes) == indexes
    with DecisionLog.open(f"sqlite:///{database}") as log:
        assert len(log.search(kind="credit_site", outcome="compliant", limit=None)) == len(indexes)
    assert [] == httpx.get(server.url + "/v1/decisions", params={"kind": "summary"}).json()["records"]
    assert 422 == httpx.get(server.url + "/v1/decisions", params={"limit": 0}).status_code
    # an empty filter, as a form with an empty field sends it, is no filter (it matched nothing)
    everything = httpx.get(server.url + "/v1/decisions", params={"limit": 1000}).json()["records"]
    empty = {"kind": "", "outcome": "", "pack_digest": "", "since": "", "until": "", "limit": 1000}
    assert everything == httpx.get(server.url + "/v1/decisions", params=empty).json()["records"]
    assert len(everything) > len(indexes)
    # page by page past the last index read: the same records as one page
    paged, after = [], None
    while True:
        params = {"limit": 7, **({"after": after} if after is not None else {})}
        page = httpx.get(server.url + "/v1/decisions", params=params).json()
        assert (7, after) == (page["limit"], page["after"])
        paged += page["records"]
        if len(page["records"]) < 7:
            break
        after = page["records"][-1]["index"]
    assert everything == paged
    assert 422 == httpx.get(server.url + "/v1/decisions", params={"after": -2}).status_code


def test_unknown_decision_is_404(signed: tuple[ServiceProcess, Path, Path]):
    """An id that is not in the log: 404 unknown_decision, for the record and for its proof."""
    server, _, _ = signed
    for path in (
        "/v1/decisions/0190a0a0-0000-7000-8000-000000000000",
        "/v1/decisions/0190a0a0-0000-7000-8000-000000000000/proof",
    ):
        response = httpx.get(server.url + path)
        assert 404 == response.status_code
        assert "unknown_decision" == response.json()["code"]


def test_log_verifies_after_the_traffic(signed: tuple[ServiceProcess, Path, Path]):
    """`commitrules log verify` passes on the log the service wrote."""
    _, key, database = signed
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "commitrules.cli",
            "log",
            "verify",
            "--log-url",
            f"sqlite:///{database}",
            "--signing-key",
            str(key),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert 0 == result.returncode, result.stdout + result.stderr


def test_without_a_log_the_log_routes_are_404(workdir: Path):
    """--no-log: decisions have no id, and the log's routes say there is no log."""
    with ServiceProcess(workdir, "--no-log") as server:
        decided = httpx.post(server.url + "/v1/decisions", json=CASES[0])
        assert "x-decision-id" not in decided.headers
        head = httpx.get(server.url + "/v1/log/head")
        assert 404 == head.status_code
        assert "--no-log" in head.json()["detail"]
        assert httpx.get(server.url + "/readyz").json()["log"] is False


def test_personal_fields_are_stored_redacted(tmp_path: Path):
    """--redact-personal with a salt: the applicant's name and number never reach the log; the decision does."""
    import yaml

    case = yaml.safe_load((ROOT / "examples" / "cases" / "application" / "clean-company-accepted.yaml").read_text())
    database = tmp_path / "redacted.db"
    with ServiceProcess(
        tmp_path,
        "--log-url",
        f"sqlite:///{database}",
        "--redact-personal",
        env={"COMMITRULES_SALT": "a-deployment-secret-kept-apart"},
    ) as server:
        response = httpx.post(server.url + "/v1/decisions", json=case, params={"as_of": "2020-06-01"})
        assert 200 == response.status_code
        record = httpx.get(server.url + "/v1/decisions/" + response.headers["x-decision-id"])
    assert response.json() == record.json()["decision"]
    stored = record.json()["case"]["applicant"]
    for field in ("name", "uscc"):
        assert stored[field]
        assert case["applicant"][field] != stored[field]
        assert case["applicant"][field] not in record.text
    verified = verify_log(database)
    assert 0 == verified.returncode, verified.stdout + verified.stderr


def test_an_altered_record_is_a_problem_not_a_traceback(tmp_path: Path):
    """A record whose stored JSON was altered in the database: 500 unreadable_record naming it, for the record
    and for a search that meets it; the server logs no traceback (it was an internal_error with one)."""
    database = tmp_path / "altered.db"
    with ServiceProcess(tmp_path, "--log-url", f"sqlite:///{database}") as server:
        ids = [
            httpx.post(server.url + "/v1/decisions", json=case, params={"as_of": "2020-06-01"}).headers["x-decision-id"]
            for case in CASES
        ]
        with closing(sqlite3.connect(database)) as conn:
            conn.execute("UPDATE log_records SET decision_json = '{bad' WHERE idx = 1")
            conn.execute("UPDATE log_records SET case_json = '[1, 2]' WHERE idx = 2")
            conn.commit()
        for path, index in ((f"/v1/decisions/{ids[1]}", 1), (f"/v1/decisions/{ids[2]}", 2), ("/v1/decisions", 1)):
            answer = httpx.get(server.url + path, headers={"Accept-Language": "en"})
            body = answer.json()
            assert (500, "application/problem+json", "unreadable_record") == (
                answer.status_code,
                answer.headers["content-type"],
                body["code"],
            )
            assert body["detail"].startswith(f"Record {index} of the log cannot be read (")
            assert body["detail"].endswith("): run 'commitrules log verify'.")
            chinese = httpx.get(server.url + path).json()["detail"]  # Chinese unless English is preferred
            assert chinese.startswith(f"日志的第 {index} 条记录无法读取（"), chinese
        assert 200 == httpx.get(server.url + f"/v1/decisions/{ids[0]}").status_code
        assert "Traceback" not in server.stderr()
