"""Reading the decision log (role ``read-log``): records, inclusion and consistency proofs, the signed head.

A person who received a decision keeps its id; years later ``GET /v1/decisions/{id}/proof`` gives the
audit path from its record to a signed tree head, which a short script checks with the public key alone
(``examples/decision_log/verify_proof.py``). An auditor who kept an old head asks
``GET /v1/log/consistency?first=OLD_SIZE`` for the proof that today's tree extends it.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from commitrules.errors import CaseError
from commitrules.messages import LANGS, Said, Text, reworded
from commitrules.service.http.params import Moment, parse_moment
from commitrules.service.http.problems import ProblemError
from commitrules.service.http.routes._docs import problem_responses
from commitrules.service.http.state import ReadLogCaller, Service, ServiceState
from commitrules.service.log import DecisionLog, LogError, LogRecord

__all__ = ["router"]

router = APIRouter(tags=["decision log"])
MAX_PAGE = 1000
_ID = Annotated[str, Field(max_length=64, description="The decision's id (X-Decision-Id of its response)")]


class TreeHead(BaseModel):
    """A tree head: size, root hash, time (Unix ms) and Ed25519 signature (base64; None without a key)."""

    tree_size: int
    root_hash: str
    timestamp: int
    signature: str | None
    key_id: str | None


class InclusionProof(BaseModel):
    """The audit path from a record's leaf to a signed tree head (RFC 9162 section 2.1.3)."""

    decision_id: str
    leaf_index: int
    leaf: str = Field(description="The record's header as canonical JSON: the leaf's data")
    leaf_hash: str
    audit_path: list[str]
    head: TreeHead


class ConsistencyProof(BaseModel):
    """The proof that the second tree extends the first (RFC 9162 section 2.1.4)."""

    first: TreeHead
    second: TreeHead
    proof: list[str]


class RecordPage(BaseModel):
    """Records in log order (``log export``'s lines)."""

    records: list[dict[str, Any]]
    limit: int
    offset: int
    after: int | None = Field(
        default=None, description="The position the page starts past, as asked (`after`); null when not asked"
    )


def _log(service: ServiceState) -> DecisionLog:
    if service.log is None:
        raise ProblemError(404, "not_found", Text("problem.no_log"))
    log: DecisionLog = service.log
    return log


def _words(exc: LogError) -> Text:
    """The log's error as its catalogue text (the log words its errors in English; ``logerr.*`` holds them)."""
    return reworded(str(exc), "logerr.") or Said({lang: str(exc) for lang in LANGS})


def _unknown(decision_id: str) -> ProblemError:
    return ProblemError(
        404,
        "unknown_decision",
        Text("problem.unknown_decision", id=decision_id),
        [
            CaseError.of(
                "path.decision_id",
                Text("problem.item.unknown_decision"),
                Text("problem.expect.logged_id"),
                repr(decision_id)[:80],
            )
        ],
    )


def _exported(record: LogRecord) -> dict[str, Any]:
    """The record as ``log export`` writes it; a problem when its stored JSON was altered (not a traceback)."""
    try:
        return record.to_export()
    except (ValueError, TypeError) as exc:  # not JSON, not text, or JSON that is no object
        raise ProblemError(
            500,
            "unreadable_record",
            Text("problem.unreadable_record", index=record.index, error=str(exc).splitlines()[0] if str(exc) else ""),
        ) from None


@router.get(
    "/v1/decisions",
    summary="Search the logged decisions",
    response_model=RecordPage,
    responses=problem_responses(401, 403, 404, 422),
)
def search_decisions(  # noqa: PLR0913, PLR0917 - the filters of `log export`, each a query parameter
    service: Service,
    _caller: ReadLogCaller,
    since: Moment = None,
    until: Moment = None,
    kind: Annotated[str | None, Query(max_length=64)] = None,
    outcome: Annotated[str | None, Query(max_length=64)] = None,
    pack_digest: Annotated[str | None, Query(max_length=128)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
    offset: Annotated[int, Query(ge=0, le=2**53)] = 0,
    after: Annotated[
        int | None,
        Query(
            ge=-1,
            le=2**53,
            description="Only records past this position (a record's `index`): to read the whole log, ask "
            "again with the `index` of the last record of each page, until a page has fewer than `limit`. "
            "An `offset` reads every record before it again.",
        ),
    ] = None,
) -> JSONResponse:
    """Records in log order, filtered as ``commitrules log export`` filters them.

    A filter given empty (``?kind=``, as a form with an empty field sends it) is no filter, as on the
    log page; it filtered on the empty text and found nothing.
    """
    start, end = parse_moment("since", since or None), parse_moment("until", until or None)
    records = _log(service).search(
        since=start,
        until=end,
        kind=kind or None,
        outcome=outcome or None,
        pack_digest=pack_digest or None,
        limit=limit,
        offset=offset,
        after=after,
    )
    page = {"records": [_exported(r) for r in records], "limit": limit, "offset": offset, "after": after}
    return JSONResponse(page)


@router.get(
    "/v1/decisions/{decision_id}",
    summary="One logged decision, with its case",
    response_model=dict[str, Any],
    responses=problem_responses(401, 403, 404),
)
def get_decision(decision_id: _ID, service: Service, _caller: ReadLogCaller) -> JSONResponse:
    """The record of a decision: its case, decision, pack, engine, caller, time and hashes."""
    record = _log(service).get(decision_id)
    if record is None:
        raise _unknown(decision_id)
    return JSONResponse(_exported(record))


@router.get(
    "/v1/decisions/{decision_id}/proof",
    summary="The inclusion proof of a logged decision",
    response_model=InclusionProof,
    responses=problem_responses(401, 403, 404, 422),
)
def get_inclusion_proof(
    decision_id: _ID,
    service: Service,
    _caller: ReadLogCaller,
    tree_size: Annotated[
        int | None,
        Query(ge=1, le=2**53, description="Prove against this tree (default: the latest signed head's, or now)"),
    ] = None,
) -> JSONResponse:
    """The audit path from the decision's leaf to a signed head of the tree (of ``tree_size`` records)."""
    log = _log(service)
    if log.get(decision_id) is None:
        raise _unknown(decision_id)
    try:
        return JSONResponse(log.inclusion_proof(decision_id, tree_size))
    except LogError as exc:
        raise ProblemError(
            404,
            "invalid_tree_size",
            _words(exc),
            [CaseError.of("query.tree_size", _words(exc), Text("problem.expect.tree_holding"), str(tree_size))],
        ) from None


@router.get(
    "/v1/log/head",
    summary="Sign the current tree and return its head",
    response_model=TreeHead,
    responses=problem_responses(401, 403, 404),
)
def get_head(service: Service, _caller: ReadLogCaller) -> JSONResponse:
    """The signed tree head of the log as it is now (auditors keep these)."""
    return JSONResponse(_log(service).signed_head().to_dict())


@router.get(
    "/v1/log/consistency",
    summary="The consistency proof between two tree sizes",
    response_model=ConsistencyProof,
    responses=problem_responses(401, 403, 404, 422),
)
def get_consistency_proof(
    service: Service,
    _caller: ReadLogCaller,
    first: Annotated[int, Query(ge=0, le=2**53, description="The size of the earlier tree (a kept head's)")],
    second: Annotated[
        int | None, Query(ge=0, le=2**53, description="The later tree's size (default: the latest signed head's)")
    ] = None,
) -> JSONResponse:
    """The proof that the tree of ``second`` records extends the tree of ``first`` records."""
    try:
        return JSONResponse(_log(service).consistency_proof(first, second))
    except LogError as exc:
        raise ProblemError(
            404,
            "invalid_tree_size",
            _words(exc),
            [CaseError.of("query.first", _words(exc), Text("problem.expect.first_second"), f"{first}, {second}")],
        ) from None
