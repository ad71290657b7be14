"""``GET /v1/pack`` (the pack in use) and the JSON Schemas of case kinds and of the decision.

The schemas speak the request's language as problems do: for Chinese (the default) each model's and
field's ``description`` is its Chinese help alone (:mod:`commitrules.model.field_help_zh`,
:mod:`commitrules.engine.decision_help_zh`), as the playground's Chinese form shows it; for English it
is the models' own. Everything a program reads (keys, types, titles, enums, ``$ref``) is the same in both.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any, Final

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from commitrules.authoring.schema_help import help_in_chinese, vocabulary_in_chinese
from commitrules.engine.decision import Decision
from commitrules.engine.decision_help_zh import DECISION_FIELD_HELP_ZH
from commitrules.errors import CaseError
from commitrules.messages import Text
from commitrules.model import CASE_MODELS
from commitrules.model.field_help_zh import CASE_FIELD_HELP_ZH
from commitrules.policy.pack import PolicyPack
from commitrules.service.http.problems import Lang, ProblemError
from commitrules.service.http.routes._docs import problem_responses
from commitrules.service.http.state import EvaluateCaller, Language, Service

__all__ = ["KindInfo", "PackInfo", "pack_info", "router"]

#: The schemas' words depend on Accept-Language: a cache must keep one answer per language.
_VARY: Final = {"Vary": "Accept-Language"}

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
    lang: Language,
) -> Response:
    """The JSON Schema of the case documents of ``kind``; its descriptions in the request's language."""
    if kind not in CASE_MODELS:
        known = ", ".join(f"'{k}'" for k in CASE_MODELS)
        raise ProblemError(
            404,
            "unknown_kind",
            Text("problem.unknown_kind", kind=kind),
            [CaseError.of("path.kind", Text("case.unknown_kind"), Text("case.one_of", values=known), repr(kind)[:60])],
        )
    return Response(_schema_json(kind, lang), media_type="application/json", headers=_VARY)


@router.get(
    "/v1/schemas/decision",
    summary="The JSON Schema of the decision",
    response_model=dict[str, Any],
    responses=problem_responses(401, 403),
)
def get_decision_schema(_caller: EvaluateCaller, lang: Language) -> Response:
    """The JSON Schema of the decision documents the service returns; its descriptions in the request's language."""
    return Response(_schema_json(None, lang), media_type="application/json", headers=_VARY)


def _schema_json(kind: str | None, lang: Lang) -> bytes:
    """The JSON of the schema of case ``kind`` (None: of the decision) in ``lang`` (a few ms; asked for rarely)."""
    model: Any = Decision if kind is None else CASE_MODELS[kind]
    help_zh: Mapping[str, str] = DECISION_FIELD_HELP_ZH if kind is None else CASE_FIELD_HELP_ZH
    schema = model.model_json_schema()  # a new dict each time: the help is put in place
    if lang == "zh":
        help_in_chinese(schema, help_zh, english=False)
        vocabulary_in_chinese(schema)
    return json.dumps(schema, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
