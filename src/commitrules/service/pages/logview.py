"""The decision log viewer's JSON API (``/log/api``, role ``read-log``).

Search, one record explained, and the chain's verification status. It reads the service's
:class:`~commitrules.service.log.DecisionLog` and never writes to it (verification issues no new head).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Query, Request

from commitrules.engine.decision import Decision
from commitrules.messages import LANGS, Said, Text, reworded
from commitrules.service.http.guard import request_language
from commitrules.service.http.problems import ProblemError
from commitrules.service.pages.config import LOG_ROLES, PagesConfig
from commitrules.service.pages.playground import pack_label

if TYPE_CHECKING:
    from commitrules.policy.pack import PolicyPack

__all__ = ["log_api"]

MAX_PAGE = 200


def _summary(record: Any, pack: PolicyPack) -> dict[str, Any]:
    """A record's line on the page; its outcome named in the served pack's words."""
    return {
        "decision_id": record.decision_id,
        "index": record.index,
        "recorded_at": record.recorded_at,
        "kind": record.kind,
        "outcome": record.outcome,
        "outcome_zh": pack_label(pack, "outcomes", record.outcome),
        "pack_version": record.pack_version,
        "pack_digest": record.pack_digest,
        "engine": record.engine,
        "as_of": record.as_of,
        "caller": record.caller,
        "type": record.type,
    }


def log_api(config: PagesConfig) -> APIRouter:
    """The router of ``/log/api``."""
    api = APIRouter(prefix="/log/api", include_in_schema=False)  # the pages' own API, not the service's

    def log(request: Request) -> Any:
        config.require(request, LOG_ROLES)
        if config.decision_log is None:
            raise ProblemError(404, "not_found", Text("problem.no_log"))
        return config.decision_log

    @api.get("/search")
    def search(  # noqa: PLR0913, PLR0917 - one parameter per filter of the page's form
        request: Request,
        since: Annotated[str | None, Query(max_length=40)] = None,
        until: Annotated[str | None, Query(max_length=40)] = None,
        kind: Annotated[str | None, Query(max_length=60)] = None,
        outcome: Annotated[str | None, Query(max_length=60)] = None,
        pack_digest: Annotated[str | None, Query(max_length=80)] = None,
        offset: Annotated[int, Query(ge=0, le=2**53)] = 0,  # as /v1/decisions: SQLite takes 64 bits at most
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
        # The page asks for the next page past the last record it shows: an offset read every record
        # before it again, and a record pruned meanwhile shifted the next page by one.
        after: Annotated[int | None, Query(ge=-1, le=2**53)] = None,
    ) -> dict[str, Any]:
        store = log(request)
        try:
            records = store.search(
                since=since or None,
                until=until or None,
                kind=kind or None,
                outcome=outcome or None,
                pack_digest=pack_digest or None,
                limit=limit + 1,
                offset=offset,
                after=after,
            )
        except ValueError as exc:  # the log's words for a time it cannot read (logerr.not_a_time)
            said = reworded(str(exc), "logerr.") or Said({lang: str(exc) for lang in LANGS})
            raise ProblemError(422, "invalid_request", said) from None
        pack = config.pack()
        return {
            "records": [_summary(r, pack) for r in records[:limit]],
            "more": len(records) > limit,
            "offset": offset,
            "after": after,
            "size": store.size(),
        }

    @api.get("/record/{decision_id}")
    def record(request: Request, decision_id: str) -> dict[str, Any]:
        store = log(request)
        found = store.get(decision_id)
        if found is None:
            raise ProblemError(404, "unknown_decision", Text("problem.unknown_decision", id=decision_id))
        # The record's pack is known by its digest alone: the served pack's words (labels, kinds' titles)
        # are the deployment's, where the bundled pack's may not be.
        pack = config.pack()
        out: dict[str, Any] = {
            **_summary(found, pack),
            "case": json.loads(found.case_json) if found.case_json else None,
            "leaf_hash": found.leaf_hash,
            "prev_hash": found.prev_hash,
        }
        if found.decision_json and found.type == "decision":
            decision = Decision.model_validate_json(found.decision_json)
            out["decision"] = decision.model_dump(mode="json")
            out["explanation"] = {"zh": pack.explain(decision, "zh"), "en": pack.explain(decision, "en")}
        return out

    @api.get("/verify")
    def verify(request: Request) -> dict[str, Any]:
        store = log(request)
        report = store.verify()
        heads = store.heads()
        data = report.to_dict()
        lang = request_language(request.scope)  # each problem in one line of the page's language, as the CLI says it
        for item, problem in zip(data["problems"], report.problems, strict=True):
            item["said"] = problem.render(lang)
        return {**data, "last_head": heads[-1].to_dict() if heads else None}

    return api
