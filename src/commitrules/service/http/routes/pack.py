"""``GET /v1/pack`` (the pack in use) and the JSON Schemas of case kinds and of the decision."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from commitrules.engine.decision import Decision
from commitrules.errors import CaseError
from commitrules.messages import Text
from commitrules.model import CASE_MODELS
from commitrules.policy.pack import PolicyPack
from commitrules.service.http.problems import ProblemError
from commitrules.service.http.routes._docs import problem_responses
from commitrules.service.http.state import EvaluateCaller, Service

__all__ = ["KindInfo", "PackInfo", "pack_info", "router"]

router = APIRouter(tags=["pack"])


class Effective(BaseModel):
    """The dates the rules are in force: the earliest start and the latest end (None: open)."""

    from_: dt.date | None = Field(default=None, alias="from")
    until: dt.date | None = None


class KindInfo(BaseModel):
    """One case kind the pack decides."""

    kind: str
    title: dict[str, str]
    outcomes: list[str]
    default: str
    rules: int
    effective: Effective


class PackInfo(BaseModel):
    """The pack in use: name, version, content digest, kinds and the dates its rules are in force."""

    name: str
    version: str
    digest: str
    title: dict[str, str]
    kinds: list[KindInfo]
    effective: Effective
    generation: int = Field(description="1 for the pack loaded at start, one more per successful reload")


def _effective(starts: list[dt.date | None], ends: list[dt.date | None]) -> Effective:
    known_starts = [d for d in starts if d is not None]
    return Effective.model_validate(
        {
            "from": min(known_starts) if known_starts and len(known_starts) == len(starts) else None,
            "until": None if not ends or any(d is None for d in ends) else max(d for d in ends if d is not None),
        }
    )


def pack_info(pack: PolicyPack, generation: int) -> PackInfo:
    """What ``GET /v1/pack`` says about ``pack``."""
    kinds = []
    for kind, policy in pack.policies.items():
        kinds.append(
            KindInfo(
                kind=kind,
                title=dict(policy.title),
                outcomes=list(policy.outcomes),
                default=policy.default,
                rules=len(policy.rules),
                effective=_effective(
                    [r.effective_from for r in policy.rules], [r.effective_until for r in policy.rules]
                ),
            )
        )
    rules = list(pack.rules())
    return PackInfo(
        name=pack.name,
        version=pack.version,
        digest=pack.digest,
        title=dict(pack.title),
        kinds=kinds,
        effective=_effective([r.effective_from for r in rules], [r.effective_until for r in rules]),
        generation=generation,
    )


@router.get(
    "/v1/pack",
    summary="The pack in use",
    response_model=PackInfo,
    response_model_by_alias=True,
    responses=problem_responses(401, 403),
)
def get_pack(
    service: Service,
    _caller: EvaluateCaller,
) -> JSONResponse:
    """Name, version, digest, kinds and effective dates of the pack deciding requests now."""
    holder = service.holder
    info = pack_info(holder.pack, holder.generation)
    return JSONResponse(info.model_dump(mode="json", by_alias=True))


@router.get(
    "/v1/schemas/cases/{kind}",
    summary="The JSON Schema of a case kind",
    response_model=dict[str, Any],
    responses=problem_responses(401, 403, 404),
)
def get_case_schema(
    kind: str,
    _caller: EvaluateCaller,
) -> JSONResponse:
    """The JSON Schema of the case documents of ``kind`` (as ``commitrules schema case KIND``)."""
    if kind not in CASE_MODELS:
        known = ", ".join(f"'{k}'" for k in CASE_MODELS)
        raise ProblemError(
            404,
            "unknown_kind",
            Text("problem.unknown_kind", kind=kind),
            [CaseError.of("path.kind", Text("case.unknown_kind"), Text("case.one_of", values=known), repr(kind)[:60])],
        )
    return JSONResponse(CASE_MODELS[kind].model_json_schema())


@router.get(
    "/v1/schemas/decision",
    summary="The JSON Schema of the decision",
    response_model=dict[str, Any],
    responses=problem_responses(401, 403),
)
def get_decision_schema(_caller: EvaluateCaller) -> JSONResponse:
    """The JSON Schema of the decision documents the service returns."""
    return JSONResponse(Decision.model_json_schema())
