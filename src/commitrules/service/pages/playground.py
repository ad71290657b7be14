"""The playground's JSON API: kinds, example cases, schemas, YAML <-> JSON, and an explained evaluation.

YAML is converted on the server, with the pack's own loader (safe, position-recording): the page shows
exactly the errors ``commitrules evaluate`` would give for the same text, and no YAML library has to be
shipped to the browser.

The schema of a kind is the case model's, with each field's help in the page's language: the models'
English docstrings, or with ``?lang=zh`` their Chinese help alone (:mod:`commitrules.model.field_help_zh`),
the hint the Chinese form shows beside each field. Any other ``lang`` is English, as the pages treat a
``lang`` they do not know as their default language.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import yaml
from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from commitrules.authoring.schema_help import help_in_chinese, vocabulary_in_chinese
from commitrules.engine import evaluate_case
from commitrules.errors import CaseValidationError, PolicySyntaxError
from commitrules.io.case_files import CASE_SUFFIXES
from commitrules.messages import Lang, Text
from commitrules.model import CASE_MODELS
from commitrules.model.codes import labels_by_enum_name
from commitrules.model.field_help_zh import CASE_FIELD_HELP_ZH
from commitrules.policy.vocabulary import CLOSED_LISTS, OPEN_LISTS
from commitrules.policy.yaml import load_yaml
from commitrules.service.http.guard import request_language
from commitrules.service.http.problems import ProblemError, problem_item
from commitrules.service.pages.body import json_body
from commitrules.service.pages.config import EVALUATE_ROLES, PagesConfig

if TYPE_CHECKING:
    from commitrules.engine.decision import Decision
    from commitrules.policy.pack import PolicyPack
    from commitrules.policy.vocabulary import Vocabulary

__all__ = ["case_form_schema", "code_labels", "explained", "pack_label", "playground_api"]

MAX_CASE_TEXT = 256 * 1024
_CODE_FIELDS = ("reasons", "consequences", "measures", "channels", "tools")


def pack_label(pack: PolicyPack, list_name: str, code: str) -> str | None:
    """The Chinese name of ``code`` of ``list_name`` in ``pack``'s vocabulary (the served pack's words), if any."""
    entry = pack.vocabulary.entry(list_name, code)
    return entry.zh if entry is not None else None


def code_labels(pack: PolicyPack) -> dict[str, str]:
    """The Chinese name of every code of ``pack``'s vocabulary; a code of several lists, its first list's.

    The lists come in the vocabulary's order, the decisions' lists first: a risk flag's code is also a
    reason's, and the reason's name (直接涉及国家安全) is the one a decision shows.
    """
    labels: dict[str, str] = {}
    for code_list in pack.vocabulary.lists.values():
        for code, entry in code_list.codes.items():
            labels.setdefault(code, entry.zh)
    return labels


class YamlText(BaseModel):
    """A case as YAML text."""

    text: str = Field(max_length=MAX_CASE_TEXT)


class CaseData(BaseModel):
    """A case as JSON data, and the day to judge it on."""

    case: dict[str, Any]
    as_of: str | None = None


def _examples(config: PagesConfig) -> dict[str, list[str]]:
    """Kind -> the names of its example case files (``blacklist/active-person-without-employer.yaml``)."""
    root = config.examples_dir
    out: dict[str, list[str]] = {}
    if root is None:
        return out
    for path in sorted(root.rglob("*")):
        if path.suffix in CASE_SUFFIXES and path.is_file():
            out.setdefault(path.parent.name, []).append(path.relative_to(root).as_posix())
    return out


def _yaml_error(exc: PolicySyntaxError, lang: Lang) -> dict[str, Any]:
    first = exc.first
    return {"line": first.span.line, "column": first.span.column, "message": first.message_in(lang), "code": first.code}


def _case_errors(exc: CaseValidationError, lang: Lang) -> list[dict[str, str]]:
    """The case's errors in the page's language: the words of ``commitrules evaluate --lang`` and the service's."""
    return [problem_item(e, lang) for e in exc.errors]


def playground_api(config: PagesConfig) -> APIRouter:  # noqa: C901 - one closure per endpoint
    """The router of ``/playground/api``."""
    api = APIRouter(prefix="/playground/api", include_in_schema=False)  # the pages' own API, not the service's

    @api.get("/kinds")
    def kinds() -> dict[str, Any]:
        pack = config.pack()
        examples = _examples(config)
        return {
            "pack": {"name": pack.name, "version": pack.version, "digest": pack.digest},
            "as_of": config.as_of,
            "labels": code_labels(pack),
            # The pack's outcomes by their Chinese names, offered in the log's search (its code otherwise).
            "outcomes": {
                outcome: pack_label(pack, "outcomes", outcome) or outcome
                for policy in pack.policies.values()
                for outcome in policy.outcomes
            },
            "kinds": [
                {"kind": kind, "title": dict(policy.title), "examples": examples.get(kind, [])}
                for kind, policy in pack.policies.items()
            ],
        }

    @api.get("/example")
    def example(name: str) -> dict[str, Any]:
        root = config.examples_dir
        known = {n for names in _examples(config).values() for n in names}
        if root is None or name not in known:
            raise ProblemError(404, "not_found", Text("problem.no_example", name=name))
        text = (root / name).read_text(encoding="utf-8")
        return {"name": name, "text": text, "case": load_yaml(text, name).data}

    @api.get("/schema/{kind}")
    def schema(kind: str, lang: str | None = None) -> dict[str, Any]:
        if kind not in CASE_MODELS:
            raise ProblemError(404, "unknown_kind", Text("problem.unknown_kind", kind=kind))
        return case_form_schema(kind, lang, config.pack().vocabulary)

    @api.post("/yaml-to-json")
    def yaml_to_json(request: Request, body: Annotated[YamlText, Depends(json_body(YamlText))]) -> dict[str, Any]:
        try:
            data = load_yaml(body.text, "case.yaml").data
        except PolicySyntaxError as exc:
            return {"ok": False, "error": _yaml_error(exc, request_language(request.scope))}
        return {"ok": True, "case": json.loads(json.dumps(data, default=str))}

    @api.post("/json-to-yaml")
    def json_to_yaml(body: Annotated[CaseData, Depends(json_body(CaseData))]) -> dict[str, Any]:
        return {"text": yaml.safe_dump(body.case, allow_unicode=True, sort_keys=False)}

    @api.post("/evaluate")
    def evaluate(request: Request, body: Annotated[CaseData, Depends(json_body(CaseData))]) -> dict[str, Any]:
        config.require(request, EVALUATE_ROLES)
        pack = config.pack()
        try:
            decision = evaluate_case(pack, body.case, as_of=body.as_of or config.as_of)
        except CaseValidationError as exc:
            return {"ok": False, "errors": _case_errors(exc, request_language(request.scope))}
        return {"ok": True, **explained(pack, decision)}

    return api


def case_form_schema(kind: str, lang: str | None = None, vocabulary: Vocabulary | None = None) -> dict[str, Any]:
    """The JSON Schema of ``kind``'s cases for the form, its help in Chinese alone for ``lang`` ``zh``.

    A choice of a list the pack's ``vocabulary.yaml`` labels (a finding, a measure, a role) is named as
    ``vocabulary`` names it, the served pack's; the other choices as the case models name them.

    Raises:
        KeyError: ``kind`` is not a case kind.
    """
    schema = CASE_MODELS[kind].model_json_schema()  # a new dict each time: the help is put in place
    if lang == "zh":
        help_in_chinese(schema, CASE_FIELD_HELP_ZH, english=False)
        vocabulary_in_chinese(schema)
        # A choice's Chinese name beside its code ("市级 (municipal)"): the form's options showed codes alone.
        labels = labels_by_enum_name()
        if vocabulary is not None:
            for list_name, enum_name in {**OPEN_LISTS, **CLOSED_LISTS}.items():
                found = vocabulary.lists.get(list_name)
                if enum_name and found is not None:
                    labels[enum_name] = {**labels.get(enum_name, {}), **{c: e.zh for c, e in found.codes.items()}}
        for name, node in schema.get("$defs", {}).items():
            if "enum" in node and name in labels:
                node["x-labels"] = {code: labels[name][code] for code in node["enum"] if code in labels[name]}
    return schema


def explained(pack: PolicyPack, decision: Decision) -> dict[str, Any]:
    """A decision with what the page shows beside it: labels, clause texts, the route's role titles.

    The labels and the explanation are in the words of ``pack`` (its ``vocabulary.yaml``), which a
    policy author may have changed, not the bundled pack's.
    """
    org = pack.organization
    fired = []
    for rule in decision.fired:
        clauses = []
        for c in rule.clause:
            found = pack.clauses.get(c)
            title = found.title if found is not None else None
            clauses.append({"id": c, "title": dict(title) if title else None, "text": found.text if found else ""})
        fired.append(
            {
                "rule": rule.rule,
                "title": rule.title.model_dump(),
                "clauses": clauses,
                "quote": rule.quote,
                "interpretation": rule.interpretation,
                "facts": json.loads(json.dumps(rule.facts, default=str)),
            }
        )
    codes = [
        {"field": name, "code": code, "zh": pack_label(pack, name, code)}
        for name in _CODE_FIELDS
        for code in getattr(decision, name)
    ]
    route = [{"role": role, **dict(org.role_titles.get(role, {"zh": role, "en": role}))} for role in decision.route]
    return {
        "decision": decision.model_dump(mode="json"),
        "outcome": {"code": decision.outcome, "zh": pack_label(pack, "outcomes", decision.outcome)},
        "codes": codes,
        "fired": fired,
        "route": route,
        "explanation": {"zh": pack.explain(decision, "zh"), "en": pack.explain(decision, "en")},
    }


def example_paths(config: PagesConfig) -> list[Path]:
    """Every example case file (the what-if replays them all)."""
    root = config.examples_dir
    return [root / n for names in _examples(config).values() for n in names] if root is not None else []
