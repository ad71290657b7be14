"""The schemas of the pack's files for editors (issue 11, item 5): current, valid, and as strict as check.

``commitrules schema --write`` writes ``policies/schemas/*.schema.json`` and the line naming the schema
at the top of every file. These tests keep the committed schemas equal to what it writes, make every
file of every valid pack validate against its schema (the schema never rejects what check accepts),
and make a mistyped code, clause, setting, kind, role or list name fail both the schema (with the
pack's enum) and check.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import commitrules
from commitrules._bundled import bundled_policies_dir
from commitrules.authoring.file_schemas import DRAFT_07, FILE_KINDS, kind_of_file
from commitrules.authoring.modeline import SCHEMA_DIR, modeline, plan_schema_write, write_schemas
from commitrules.authoring.schema_help import FIELD_HELP_ZH
from commitrules.errors import PolicyError
from commitrules.policy.files.schema import FILE_MODELS
from commitrules.policy.yaml import load_yaml

ROOT = Path(__file__).resolve().parents[1]
POLICIES = ROOT / "policies"
COMPILE = Path(__file__).parent / "compile"


@pytest.fixture(scope="module")
def bundled() -> commitrules.PolicyPack:
    return commitrules.load_policies(POLICIES)


def plain(value: Any) -> Any:
    """A loaded YAML value as the editor's YAML 1.2 reads it: dates are text."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def schema_of(directory: Path, file_name: str) -> dict[str, Any]:
    path = directory / SCHEMA_DIR / f"{kind_of_file(file_name)}.schema.json"
    result: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return result


def errors_of(directory: Path, file_name: str, text: str | None = None) -> list[jsonschema.ValidationError]:
    """The schema's errors for the file (or for ``text`` in its place)."""
    data = text if text is not None else (directory / file_name).read_text(encoding="utf-8")
    doc = plain(load_yaml(data, file_name).data)
    return list(jsonschema.Draft7Validator(schema_of(directory, file_name)).iter_errors(doc))


def yaml_files(directory: Path) -> list[Path]:
    return sorted([*directory.glob("*.yaml"), *directory.glob("*.yml")])


def test_committed_schemas_and_modelines_are_what_schema_write_writes(bundled: commitrules.PolicyPack) -> None:
    """policies/schemas/ and the first line of every bundled file are current (like docs/openapi.json)."""
    plan = plan_schema_write(POLICIES, bundled)
    stale = [str(path.relative_to(ROOT)) for path in plan.changes]
    assert [] == stale, "regenerate with: commitrules schema --write"
    assert {f"{kind}.schema.json" for kind in FILE_KINDS} == {p.name for p in (POLICIES / SCHEMA_DIR).iterdir()}


def test_every_bundled_file_names_its_schema_on_its_first_line() -> None:
    """The modeline is the first line, a relative path to the schema of the file's kind."""
    for path in yaml_files(POLICIES):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert modeline(kind_of_file(path.name)) == first, path.name
    assert "# yaml-language-server: $schema=./schemas/policy.schema.json" == modeline(kind_of_file("blacklist.yaml"))


def test_the_schemas_are_draft_07_and_every_bundled_file_validates() -> None:
    """Each schema is valid draft-07 (what the YAML language server validates with); each file passes it."""
    for kind in FILE_KINDS:
        schema = json.loads((POLICIES / SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))
        assert DRAFT_07 == schema["$schema"]
        jsonschema.Draft7Validator.check_schema(schema)
        assert "$defs" not in json.dumps(schema)
    for path in yaml_files(POLICIES):
        assert [] == [e.message for e in errors_of(POLICIES, path.name)], path.name


@pytest.mark.parametrize("case", ["basic", "include", "forms"])
def test_the_schemas_of_every_valid_pack_accept_its_files(case: str, tmp_path: Path) -> None:
    """For other packs too, the schemas written for the pack accept every file check accepts."""
    pack_dir = tmp_path / "pk"
    pack_dir.mkdir()
    for source in [*(COMPILE / "base").iterdir(), *(COMPILE / case).iterdir()]:
        if source.suffix == ".yaml" and source.name != "expected.yaml":
            shutil.copy(source, pack_dir / source.name)
    before = commitrules.load_policies(pack_dir)
    write_schemas(pack_dir, before)
    after = commitrules.load_policies(pack_dir)
    assert [r.id for r in before.rules()] == [r.id for r in after.rules()]
    for path in yaml_files(pack_dir):
        assert [] == [e.message for e in errors_of(pack_dir, path.name)], path.name


# A mistyped name in one file; the schema rejects it with the pack's names, and check rejects it too.
HOSTILE = [
    ("matter_review.yaml", "reasons: [public_safety]", "reasons: [public_safty]", "public_safety", "unknown_code"),
    ("matter_review.yaml", "    clause: 一(一)1\n", "    clause: 一(一)9\n", "一(一)1", "unknown_clause"),
    (
        "leniency.yaml",
        "settings: [leniency.exempt_requires_all_favorable,",
        "settings: [leniency.exempt_requires_all_favourable,",
        "leniency.exempt_requires_all_favorable",
        "unknown_setting",
    ),
    ("verification.yaml", "kind: verification\n", "kind: verificaton\n", "verification", "unknown_kind"),
    ("escalation.yaml", "to: principal_leader}", "to: principal_leeder}", "principal_leader", "unknown_role"),
    ("application.yaml", "  - kind: matter_review\n", "  - kind: matter_reveiw\n", "matter_review", "invalid_include"),
    (
        "settings.yaml",
        "    source: interpretation\n",
        "    source: interpretaton\n",
        "interpretation",
        "unknown_clause",
    ),
    ("vocabulary.yaml", "\n  channels:\n", "\n  chanels:\n", "channels", "unknown_code_list"),
    (
        "organization.yaml",
        "departments: []",
        "departments: [{id: market, title: {zh: 市场监管, en: Market}, measures: [industry_acess]}]",
        "industry_access",
        "unknown_code",
    ),
]


@pytest.mark.parametrize("hostile", HOSTILE, ids=[h[4] + ":" + h[0] for h in HOSTILE])
def test_a_mistyped_name_is_rejected_by_the_schema_and_by_check(hostile: tuple[str, ...], tmp_path: Path) -> None:
    """The schema lists the right name (so the editor completes it), and check agrees the typo is wrong."""
    file, old, new, known, code = hostile
    text = (POLICIES / file).read_text(encoding="utf-8")
    assert old in text
    edited = text.replace(old, new, 1)
    errors = errors_of(POLICIES, file, edited)
    assert errors, f"the schema accepts {new!r}"
    enums = [e.validator_value for e in _leaves(errors) if e.validator == "enum"]
    listed = [
        e.schema.get("properties", {}) for e in _leaves(errors) if e.validator in ("additionalProperties", "required")
    ]
    assert any(known in values for values in [*enums, *listed]), [e.message[:120] for e in errors]
    pack_dir = tmp_path / "pk"
    shutil.copytree(POLICIES, pack_dir)
    (pack_dir / file).write_text(edited, encoding="utf-8")
    with pytest.raises(PolicyError) as raised:
        commitrules.load_policies(pack_dir)
    assert code in {d.code for d in raised.value.all_diagnostics}


def _leaves(errors: list[jsonschema.ValidationError]) -> list[jsonschema.ValidationError]:
    found: list[jsonschema.ValidationError] = []
    for error in errors:
        found.append(error)
        found.extend(_leaves(list(error.context or [])))
    return found


def test_names_a_file_defines_itself_are_completed_not_enforced() -> None:
    """A new outcome, a new rule overriding another new one, and a new setting pass the schema."""
    text = (POLICIES / "verification.yaml").read_text(encoding="utf-8")
    edited = text.replace("outcomes: [breach, overdue, fulfilled]", "outcomes: [breach, overdue, fulfilled, paused]")
    assert [] == [e.message for e in errors_of(POLICIES, "verification.yaml", edited)]
    settings = (POLICIES / "settings.yaml").read_text(encoding="utf-8")
    added = settings + "  new.setting:\n    value: 3\n    source: interpretation\n    title: {zh: 新设置, en: New}\n"
    assert [] == [e.message for e in errors_of(POLICIES, "settings.yaml", added)]
    schema = schema_of(POLICIES, "verification.yaml")
    assert "breach" in schema["definitions"]["names.outcomes"]["enum"]


def test_enum_values_carry_chinese_labels_first(bundled: commitrules.PolicyPack) -> None:
    """Completion and hover show each code's Chinese label, then its English one and its clause."""
    schema = schema_of(POLICIES, "matter_review.yaml")
    reasons = schema["definitions"]["names.vocabulary:reasons"]
    assert list(bundled.vocabulary.codes("reasons")) == reasons["enum"]
    assert len(reasons["enum"]) == len(reasons["enumDescriptions"]) == len(reasons["markdownEnumDescriptions"])
    at = reasons["enum"].index("public_safety")
    assert "直接涉及公共安全 / Directly touches public safety (一(一))" == reasons["enumDescriptions"][at]
    assert reasons["markdownEnumDescriptions"][at].startswith("**直接涉及公共安全**")
    clauses = schema["definitions"]["names.clauses"]
    assert list(bundled.clauses) == clauses["enum"]
    settings = schema_of(POLICIES, "settings.yaml")["properties"]["settings"]["properties"]
    assert set(bundled.settings) == set(settings)
    rule = schema["definitions"]["Rule"]
    assert rule["properties"]["quote"]["markdownDescription"].startswith("规则所表述的条款原文")


def test_every_field_of_every_file_model_has_chinese_help() -> None:
    """A new field cannot reach the editor in English only."""
    missing = []
    for model in FILE_MODELS.values():
        schema = model.model_json_schema(by_alias=True)
        for name, definition in [(schema["title"], schema), *schema.get("$defs", {}).items()]:
            missing += [f"{name}.{f}" for f in definition.get("properties", {}) if f"{name}.{f}" not in FIELD_HELP_ZH]
    assert [] == missing


def test_bundled_pack_dir_is_the_repository_policies() -> None:
    """In a checkout, `schema --write` without --policies refreshes the repository's policies/."""
    assert POLICIES == bundled_policies_dir()
