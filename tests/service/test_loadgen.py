"""The benchmark's load generator against a real server: it counts what the service answered, checks each answer.

Not a speed test: the phases are short and nothing here depends on timing but the schedule's length.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from benchmarks.loadgen import Phase, ResponseError, run_phase

from commitrules.service.log import DecisionLog
from tests.service.server import ServiceProcess

pytestmark = pytest.mark.slow

CASE = {"kind": "credit_site", "content": {"items": ["dishonesty_info"]}}


def _phase(server: ServiceProcess, **kwargs: object) -> Phase:
    settings: dict[str, object] = {
        "host": "127.0.0.1",
        "port": server.port,
        "path": "/v1/decisions",
        "bodies": [json.dumps(CASE).encode()],
        "connections": 3,
        "seconds": 0.5,
    }
    settings.update(kwargs)
    return Phase(**settings)  # type: ignore[arg-type]


def test_an_open_loop_sends_its_schedule_and_every_decision_is_logged(server: ServiceProcess) -> None:
    """40 requests/s for 0.5 s: 20 answers, 20 decision ids, each in the log."""
    result = run_phase(_phase(server, rate=40.0))
    assert len(result.latencies) == 20
    assert len(set(result.decision_ids)) == 20
    assert all(latency > 0 for latency in result.latencies)
    with DecisionLog.open(f"sqlite:///{server.workdir / 'decisions.db'}") as log:
        assert all(log.get(decision_id) is not None for decision_id in result.decision_ids)


def test_a_closed_loop_stops_by_itself_and_reads_batches(server: ServiceProcess) -> None:
    """Each connection sends again when answered, until the deadline; a batch's items are read one by one."""
    result = run_phase(
        _phase(server, path="/v1/decisions:batch", bodies=[json.dumps({"cases": [CASE, CASE, CASE]}).encode()])
    )
    assert result.latencies
    assert len(result.decision_ids) == 3 * len(result.latencies)


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b'{"kind": "credit_site"', "^400: .*invalid_json"),  # not JSON: a problem, not a decision
        (json.dumps({"kind": "no_such_kind"}).encode(), "^422: "),
    ],
)
def test_an_answer_that_is_not_a_decision_fails_the_phase(server: ServiceProcess, body: bytes, words: str) -> None:
    """A status other than 200 stops the run with what came back."""
    with pytest.raises(ResponseError, match=words):
        run_phase(_phase(server, bodies=[body], rate=10.0))


def test_a_200_without_a_decision_id_fails_the_phase(tmp_path: Path) -> None:
    """A service without a log answers decisions without ids: the generator counts none of them as logged."""
    with ServiceProcess(tmp_path, "--no-log") as unlogged, pytest.raises(ResponseError, match="no decision id"):
        run_phase(_phase(unlogged, rate=10.0))
