"""``POST /v1/decisions`` (one case) and ``POST /v1/decisions:batch`` (many, answered item by item, in order).

The decision in a response is the library's decision in canonical JSON (sorted keys, no spaces): the same
document a host that embeds commitrules in Python reads (``Decision.model_dump_json()``, in the model's
key order), and byte for byte the text the log records, whose SHA-256 is the record's ``decision_sha256``.
When the service keeps a log, each decision is appended durably before the response is sent, and its id
is returned (``X-Decision-Id`` for one case, ``decision_id`` in each batch item).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import Coroutine
from dataclasses import dataclass
from typing import Annotated, Any, Final, cast

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from commitrules.engine.decision import Decision
from commitrules.engine.evaluator import EngineName, Evaluator, resolve_as_of
from commitrules.errors import CaseError, CaseValidationError, EngineUnavailableError, EvaluationError
from commitrules.messages import LANGS, Said, Text
from commitrules.service.http.auth import Principal
from commitrules.service.http.batch_body import ProvenCase, read_batch
from commitrules.service.http.guard import request_language
from commitrules.service.http.jsonbody import check_body_headers, parse_json
from commitrules.service.http.params import AsOf, parse_date
from commitrules.service.http.problems import Problem, ProblemError, problem_body
from commitrules.service.http.routes._docs import CASE_REF, problem_responses
from commitrules.service.http.state import EvaluateCaller, Service, ServiceState
from commitrules.service.log.decision_text import WrittenDecision

__all__ = ["BatchItem", "BatchResponse", "decide_many", "decide_one", "router"]

router = APIRouter(tags=["decisions"])
EngineParam = Annotated[
    EngineName | None, Query(description="The engine (default: the service's, normally 'compiled')")
]


class BatchItem(BaseModel):
    """The answer for one case of a batch: its decision, or the problem that stopped it."""

    index: int = Field(description="The case's position in the request, from 0")
    status: int = Field(description="200 for a decision; the status the case alone would have had otherwise")
    decision_id: str | None = Field(default=None, description="The decision's id in the log (when kept)")
    decision: Decision | None = None
    problem: Problem | None = None


class BatchResponse(BaseModel):
    """One item per case, in the order of the request."""

    results: list[BatchItem]


def _decide(  # noqa: PLR0913 - the route's context, the case, and how it was read
    service: ServiceState,
    evaluator: Evaluator,
    document: Any,
    as_of: dt.date | None,
    engine: EngineName,
    *,
    proven: bool = False,
    tally: list[tuple[str, str, float]] | None = None,
) -> WrittenDecision:
    """One decision's canonical JSON, with what the log's record names of it, or the problem of this case (raised).

    A case ``proven`` within the case limits (:func:`~commitrules.service.http.batch_body.read_batch`)
    is validated without walking it for them again, and decided as the JSON-lines batch decides a line
    read the quick way; any problem sends it the careful way, which words the error. The JSON is
    written here, once, before anything reads the decision: its canonical JSON, joined from the pieces
    of its fired rules (:class:`~commitrules.service.log.decision_text.DecisionTexts`), is both the
    response's decision and the text the log records, byte for byte. The decision itself is let go of
    here: the written decision holds all that the log needs (see
    :class:`~commitrules.service.log.decision_text.WrittenDecision`). ``tally`` (a batch's) collects the
    decision's kind, outcome and engine time for the metrics instead of counting it at once.
    """
    started = time.perf_counter()
    try:
        typed = evaluator.typed_within_limits(document) if proven else None
        if typed is not None and as_of is not None:
            decision = evaluator.decide(typed, as_of, engine)
        else:
            decision = evaluator.evaluate(document, as_of=as_of, engine=engine)
        seconds = time.perf_counter() - started  # the engine's time, as the metric says
        written = service.texts.written(decision)
    except CaseValidationError as exc:
        count = len(exc.errors)
        said = Text(f"problem.invalid_case.{'one' if count == 1 else 'other'}", count=count)
        raise ProblemError(422, "invalid_case", said, exc.errors) from None
    except EngineUnavailableError as exc:
        raise ProblemError(422, "engine_unavailable", Said({lang: exc.message_in(lang) for lang in LANGS})) from None
    except EvaluationError as exc:
        raise ProblemError(500, "evaluation_error", Text("problem.evaluation_error", error=str(exc))) from None
    if tally is None:
        service.metrics.decided(decision.kind, decision.outcome, engine, seconds)
    else:  # a batch's: counted once it is decided (Metrics.decided_many)
        tally.append((decision.kind, decision.outcome, seconds))
    return written


async def _read_body(request: Request) -> bytes:
    check_body_headers(request.headers)
    body = await request.body()
    if not body and "h2c" in request.headers.get("upgrade", "").lower():
        # uvicorn does not take up an HTTP/2 upgrade, and the body sent with the offer never reaches the
        # app. Java's HttpClient offers one by default: say so rather than "invalid JSON".
        raise ProblemError(400, "invalid_json", Text("problem.h2c"))
    return body


async def _read_json(request: Request, service: ServiceState) -> Any:
    body = await _read_body(request)
    return parse_json(body, max_depth=service.config.max_depth, quick=service.quick)


async def _record(
    service: ServiceState,
    request: Request,
    caller: Principal,
    engine: str,
    decided: list[tuple[Any, WrittenDecision, bytes | None]],
) -> list[str | None]:
    """Append the decisions durably (one group commit); their ids, or Nones when no log is kept.

    ``decided`` holds each case, its decision's canonical JSON (the response's, with its pieces and
    what the record names of the decision), and the case's canonical JSON when it was written already.
    """
    if service.recorder is None or not decided:
        return [None] * len(decided)
    name, request_id = caller.name, request.state.request_id
    entries = [
        {
            "case": case,
            "engine": engine,
            "caller": name,
            "request_id": request_id,
            "case_json": case_json,
            "written": written,
        }
        for case, written, case_json in decided
    ]
    try:
        ids = await _to_its_end(service.recorder.record(entries))
    except Exception as exc:
        raise ProblemError(
            503,
            "log_unavailable",
            Text("problem.not_recorded", error=type(exc).__name__),
        ) from exc
    return [str(decision_id) for decision_id in ids]


async def _to_its_end(write: Coroutine[Any, Any, list[Any]]) -> list[Any]:
    """The outcome of ``write``, awaited to its end even when this request is cancelled meanwhile.

    A write handed to the log is not taken back: the request's timeout (the guard cancels the request)
    may come while the log waits for its lock, and the decisions are then recorded after a 503
    ``timeout`` said they were not given. So the cancellation waits for the write, and the request
    answers with its outcome: the decisions and their ids, or 503 ``log_unavailable``.
    """
    task = asyncio.ensure_future(write)
    while True:
        try:
            return await asyncio.shield(task)
        except asyncio.CancelledError:
            if task.cancelled():  # the write itself was cancelled (not this request): nothing to wait for
                raise


@router.post(
    "/v1/decisions",
    summary="Decide one case",
    response_model=Decision,
    responses=problem_responses(400, 401, 403, 413, 415, 422, 503),
    openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": CASE_REF}}}},
)
async def decide(
    request: Request,
    service: Service,
    caller: EvaluateCaller,
    as_of: AsOf = None,
    engine: EngineParam = None,
) -> Response:
    """Decide one case (the body is the case document, as for ``commitrules evaluate``)."""
    return await decide_one(request, service, caller, as_of, engine)


async def decide_one(
    request: Request, service: ServiceState, caller: Principal, as_of: str | None, engine: EngineName | None
) -> Response:
    """What ``POST /v1/decisions`` answers once its caller and parameters are known (also the lane's).

    Raises:
        ProblemError: the request's problem.
    """
    day = parse_date("as_of", as_of)
    document = await _read_json(request, service)
    engine_name: EngineName = engine or cast("EngineName", service.config.engine)  # validated at start
    evaluator = service.holder.evaluator  # read once: this request is decided by this pack alone
    if engine_name == "compiled":
        written = _decide(service, evaluator, document, day, engine_name)
    else:
        written = await run_in_threadpool(_decide, service, evaluator, document, day, engine_name)
    (decision_id,) = await _record(service, request, caller, engine_name, [(document, written, None)])
    headers = {}
    if decision_id is not None:
        headers["X-Decision-Id"] = decision_id
        headers["Location"] = f"{request.scope.get('root_path', '')}/v1/decisions/{decision_id}"
    return Response(written.utf8, media_type="application/json", headers=headers)


class BatchRequest(BaseModel):
    """Cases to decide, all with the same pack, date and engine."""

    cases: list[Any] = Field(description="Case documents, as for POST /v1/decisions")


@router.post(
    "/v1/decisions:batch",
    summary="Decide many cases, answered item by item",
    response_model=BatchResponse,
    responses=problem_responses(400, 401, 403, 413, 415, 422, 503),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "required": ["cases"],
                        "additionalProperties": False,
                        "properties": {"cases": {"type": "array", "items": CASE_REF}},
                    }
                }
            },
        }
    },
)
async def decide_batch(
    request: Request,
    service: Service,
    caller: EvaluateCaller,
    as_of: AsOf = None,
    engine: EngineParam = None,
) -> Response:
    """Decide every case of ``cases``; a bad case gets its problem in its item and the others go on."""
    return await decide_many(request, service, caller, as_of, engine)


async def decide_many(
    request: Request, service: ServiceState, caller: Principal, as_of: str | None, engine: EngineName | None
) -> Response:
    """What ``POST /v1/decisions:batch`` answers once its caller and parameters are known (also the lane's).

    Raises:
        ProblemError: the request's problem (a case's own problem goes in its item).
    """
    day = parse_date("as_of", as_of)
    body = await _read_body(request)
    limit = service.config.max_batch_items
    quick = read_batch(body, max_depth=service.config.max_depth, max_cases=limit) if service.quick else None
    if quick is not None:
        cases, proofs = quick
    else:
        cases, proofs = _careful_cases(parse_json(body, max_depth=service.config.max_depth, quick=service.quick)), None
    if len(cases) > limit:
        raise ProblemError(
            413,
            "too_many_cases",
            Text("problem.too_many_cases", count=len(cases), limit=limit),
            [
                CaseError.of(
                    "$.cases",
                    Text("problem.item.too_many_cases"),
                    Text("problem.expect.at_most", limit=limit),
                    str(len(cases)),
                )
            ],
        )
    engine_name: EngineName = engine or cast("EngineName", service.config.engine)  # validated at start
    evaluator = service.holder.evaluator  # one pack for the whole batch
    # One date for the whole batch, whichever turn or thread decides a case.
    batch = _Batch(service, evaluator, cases, proofs, resolve_as_of(day), engine_name)
    if engine_name == "compiled":  # on the event loop, in turns (see _decide_in_turns); the Rete engine on a thread
        outcomes = await _decide_in_turns(batch)
    else:
        outcomes = await run_in_threadpool(batch.decide, 0, len(cases))
    decided = []
    for i, result in enumerate(outcomes):
        if not isinstance(result, ProblemError):
            proof = proofs[i] if proofs is not None else None
            decided.append((cases[i], result, proof.canonical if proof is not None else None))
    ids = iter(await _record(service, request, caller, engine_name, decided))
    parts = []
    lang = request_language(request.scope)
    for index, result in enumerate(outcomes):
        if not isinstance(result, ProblemError):
            decision_id = next(ids)
            id_json = b"null" if decision_id is None else b'"%s"' % decision_id.encode("ascii")
            parts.append(
                b'{"index":%d,"status":200,"decision_id":%s,"decision":%s,"problem":null}'
                % (index, id_json, result.utf8)
            )
        else:
            service.metrics.problem(result.code)
            problem = problem_body(
                result,
                lang=lang,
                instance=f"{request.url.path}#/cases/{index}",
                request_id=request.state.request_id,
            )
            parts.append(
                b'{"index":%d,"status":%d,"decision_id":null,"decision":null,"problem":%s}'
                % (index, result.status, problem)
            )
    return Response(b'{"results":[' + b",".join(parts) + b"]}", media_type="application/json")


def _careful_cases(document: Any) -> list[Any]:
    """The list ``cases`` of a batch's body read the careful way.

    Raises:
        ProblemError: 422 ``invalid_request`` when the body is not ``{"cases": [...]}``.
    """
    if not isinstance(document, dict) or set(document) != {"cases"} or not isinstance(document["cases"], list):
        raise ProblemError(
            422,
            "invalid_request",
            Text("problem.batch_shape"),
            [
                CaseError.of(
                    "$",
                    Text("problem.item.batch_shape"),
                    Text("problem.expect.batch_shape"),
                    type(document).__name__ if not isinstance(document, dict) else repr(sorted(document))[:60],
                )
            ],
        )
    cases: list[Any] = document["cases"]
    return cases


#: Cases of a batch decided in one turn of the event loop (about a millisecond of the compiled engine).
TURN_CASES: Final = 32


@dataclass(frozen=True, slots=True)
class _Batch:
    """A batch's cases, their proofs (None: none proved), and what decides them: one pack, date and engine."""

    service: ServiceState
    evaluator: Evaluator
    cases: list[Any]
    proofs: list[ProvenCase | None] | None
    as_of: dt.date
    engine: EngineName

    def decide(self, start: int, stop: int) -> list[WrittenDecision | ProblemError]:
        """The decisions (written) of cases ``start`` to ``stop``, or the problem of each case that has one."""
        results: list[WrittenDecision | ProblemError] = []
        tally: list[tuple[str, str, float]] = []
        service, evaluator, as_of, engine = self.service, self.evaluator, self.as_of, self.engine
        for i, case in enumerate(self.cases[start:stop], start):
            proven = self.proofs is not None and self.proofs[i] is not None
            try:
                results.append(_decide(service, evaluator, case, as_of, engine, proven=proven, tally=tally))
            except ProblemError as exc:
                results.append(exc)
        service.metrics.decided_many(engine, tally)
        return results


async def _decide_in_turns(batch: _Batch) -> list[WrittenDecision | ProblemError]:
    """:meth:`_Batch.decide` on the event loop, :data:`TURN_CASES` cases a turn, the worker's other requests between.

    The compiled engine decides a case in tens of microseconds and never blocks. A thread cost more:
    the batch's hand-over, and the contention of that thread with the event loop and the log's writer
    for the interpreter (2-10 % more processor time per case in five alternated runs of
    ``benchmarks/batch_route.py --concurrency 4``); and it held the interpreter for up to its switch
    interval (5 ms) at a time, longer than a turn here.
    """
    results: list[WrittenDecision | ProblemError] = []
    for start in range(0, len(batch.cases), TURN_CASES):
        if start:
            await asyncio.sleep(0)
        results += batch.decide(start, start + TURN_CASES)
    return results
