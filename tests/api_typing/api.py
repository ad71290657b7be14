"""Usage of the public API exactly as host systems write it; CI runs mypy --strict over this file."""

from __future__ import annotations

import datetime as dt

import commitrules
from commitrules.model import CASE_MODELS, Case


def decide(payload: dict[str, object]) -> str:
    pack: commitrules.PolicyPack = commitrules.load_policies()
    decision: commitrules.Decision = pack.evaluate(payload, as_of=dt.date(2020, 6, 1))
    reasons: list[str] = decision.reasons
    fired: list[commitrules.FiredRule] = decision.fired
    lang: commitrules.Lang = "en"
    text: str = decision.explain(lang)
    return f"{decision.outcome} {reasons} {len(fired)} {text[:10]} {decision.model_dump_json()[:10]}"


def typed(case: Case) -> list[commitrules.Decision]:
    pack = commitrules.load_policies(settings={"leniency.mitigated_min_score": 4})
    return pack.evaluate_many([case], engine="rete")


def kinds() -> list[str]:
    return sorted(CASE_MODELS)


def validate(data: dict[str, object]) -> Case | list[commitrules.CaseError]:
    try:
        return commitrules.parse_case(data)
    except commitrules.CaseValidationError as exc:
        return list(exc.errors)


def reload(path: str, current: commitrules.PolicyPack) -> commitrules.PolicyPack:
    try:
        return commitrules.load_policies(path)
    except commitrules.PolicyError as exc:
        first: commitrules.Diagnostic = exc.diagnostics[0]
        print(first.render(), first.span.line, first.suggestion)  # noqa: T201
        return current


def serve(holder: commitrules.PackHolder, payload: dict[str, object]) -> str:
    try:
        holder.reload()
    except commitrules.PolicyError as exc:
        print(f"keeping {holder.pack.digest}: {exc.first.code}")  # noqa: T201
    generation: int = holder.generation
    return f"{generation} {holder.evaluate(payload, as_of='2020-06-01').outcome}"
