"""JSON Schemas of a pack's files with the pack's own names as enums, for editors.

The file models (:mod:`commitrules.policy.files`) give the shape of each kind of file; a value that
names something of the pack (a clause, a setting, a code of a vocabulary list, a kind, a role) carries
``x-pack: <what>`` in that schema (``base.PACK_REF``). :func:`file_schema` replaces each marker with
the names the loaded pack has, each with its Chinese label first and its English one, so that VS Code's
YAML extension completes them, explains them on hover and underlines a mistyped one.

The schemas are JSON Schema **draft-07**: the YAML language server (redhat.vscode-yaml) has always
validated with draft-07 and only reads 2019-09 and 2020-12 since its version 1.20 (earlier versions,
still bundled by many editors, warn that 2020-12 is "not yet fully supported"); draft-07 has every
keyword these schemas need (``definitions``, ``$ref``, ``patternProperties``, ``enum``). CI runs the
language server itself on the bundled pack (``.ci/yaml_language_server.js``).
The editor's ``enumDescriptions`` and ``markdownEnumDescriptions`` carry the labels of enum values;
validators ignore them.

A name is *strict* (an ``enum``: anything else is rejected) where ``commitrules check`` rejects an
unknown one in another file (codes, clauses, settings, kinds, roles, list names), and only *suggested*
(``anyOf`` the enum and the plain pattern: completed, never rejected) where a file may name what it
defines itself or what check does not look up (outcomes, rule ids, the role a role reports to). So the
schema never rejects what check accepts, as long as it is regenerated after the pack changes
(``commitrules schema --write``; a test keeps the bundled pack's schemas current).
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, get_args

from commitrules.authoring.schema_help import FIELD_HELP_ZH, help_in_chinese
from commitrules.model import CASE_MODELS
from commitrules.policy.files.base import PACK_REF
from commitrules.policy.files.schema import FILE_MODELS, FileKind
from commitrules.policy.vocabulary import CLOSED_LISTS, OPEN_LISTS

if TYPE_CHECKING:
    from commitrules.policy.pack import PolicyPack

__all__ = ["DRAFT_07", "FILE_KINDS", "file_schema", "file_schemas", "kind_of_file", "render_schema", "to_draft_07"]

DRAFT_07: Final = "http://json-schema.org/draft-07/schema#"
FILE_KINDS: Final[tuple[FileKind, ...]] = get_args(FileKind)
_SPECIAL: Final = {"pack", "settings", "clauses", "organization", "vocabulary"}
#: What a marker names, and whether an unknown name is rejected (see the module's docstring).
STRICT: Final = {
    "clauses": True,
    "settings": True,
    "setting_source": True,
    "kinds": True,
    "pack_kinds": True,
    "roles": True,
    "code_lists": True,
    "outcomes": False,
    "rules": False,
}
#: Markers whose mapping keys the file defines itself (known ones are completed, new ones allowed).
_DEFINED_KEYS: Final = {"settings"}
_CLAUSE_TEXT: Final = 160


@dataclass(frozen=True, slots=True)
class Choice:
    """A name of the pack with what the editor shows beside it."""

    value: str
    zh: str
    en: str
    note: str = ""

    def plain(self) -> str:
        """Chinese label, English label and note, on one line (``enumDescriptions``)."""
        english = f" / {self.en}" if self.en and self.en != self.zh else ""
        note = f" ({self.note})" if self.note else ""
        return f"{self.zh}{english}{note}"

    def markdown(self) -> str:
        """The same in Markdown (``markdownEnumDescriptions``), the Chinese label in bold."""
        english = f" — {self.en}" if self.en and self.en != self.zh else ""
        note = f"\n\n{self.note}" if self.note else ""
        return f"**{self.zh}**{english}{note}"


def kind_of_file(file_name: str) -> FileKind:
    """The kind of file ``file_name`` is, by its name: ``settings.yaml`` is ``settings``, a kind's file ``policy``.

    Examples:
        >>> kind_of_file("settings.yaml"), kind_of_file("verification.yaml"), kind_of_file("pack.yml")
        ('settings', 'policy', 'pack')
    """
    stem = file_name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    found: FileKind = stem if stem in _SPECIAL else "policy"  # type: ignore[assignment] # checked by _SPECIAL
    return found


def _titled(value: str, titles: Any, note: str = "") -> Choice:
    if titles is None:
        return Choice(value, value, value, note)
    return Choice(value, titles.get("zh", value), titles.get("en", value), note)


def _clause(clause: Any) -> Choice:
    text = clause.text if len(clause.text) <= _CLAUSE_TEXT else clause.text[: _CLAUSE_TEXT - 1] + "…"
    if clause.title is None:
        return Choice(clause.id, text, "", "")
    return Choice(clause.id, clause.title["zh"], clause.title["en"], text)


def pack_choices(pack: PolicyPack) -> dict[str, list[Choice]]:
    """For each marker, the names of ``pack`` it stands for, with their labels."""
    vocabulary = pack.vocabulary
    clauses = [_clause(c) for c in pack.clauses.values()]
    kinds = {kind: policy.title for kind, policy in pack.policies.items()}
    outcome_codes = dict.fromkeys(
        [*vocabulary.codes("outcomes"), *(o for p in pack.policies.values() for o in p.outcomes)]
    )
    choices: dict[str, list[Choice]] = {
        "clauses": clauses,
        "setting_source": [
            Choice("interpretation", "解释性规则(原文未作规定)", "interpretation (the text is silent)"),
            *clauses,
        ],
        "settings": [
            _titled(name, setting.title, f"{setting.type}; {setting.source}") for name, setting in pack.settings.items()
        ],
        "kinds": [_titled(kind, kinds.get(kind)) for kind in CASE_MODELS],
        "pack_kinds": [_titled(kind, title) for kind, title in kinds.items()],
        "roles": [_titled(role, pack.organization.role_titles.get(role)) for role in pack.organization.roles],
        "outcomes": [
            Choice(code, vocabulary.label("outcomes", code, "zh"), vocabulary.label("outcomes", code, "en"))
            for code in outcome_codes
        ],
        "rules": [_titled(rule.id, rule.title, rule.kind) for rule in pack.rules()],
        "code_lists": [
            _titled(name, vocabulary.lists[name].title if name in vocabulary.lists else None, _list_note(name))
            for name in (*OPEN_LISTS, *CLOSED_LISTS)
        ],
    }
    for name, code_list in vocabulary.lists.items():
        choices[f"vocabulary:{name}"] = [Choice(c.code, c.zh, c.en, c.clause or "") for c in code_list.codes.values()]
    return choices


def _list_note(name: str) -> str:
    return "开放列表,可增加代码 / open: codes may be added" if name in OPEN_LISTS else "封闭列表 / closed"


def _enum(choices: list[Choice]) -> dict[str, Any]:
    return {
        "enum": [c.value for c in choices],
        "enumDescriptions": [c.plain() for c in choices],
        "markdownEnumDescriptions": [c.markdown() for c in choices],
    }


_NAMES: Final = "names."


def _with_names(node: dict[str, Any], what: str, choices: dict[str, list[Choice]], used: set[str]) -> dict[str, Any]:
    """``node`` (a schema whose marker was ``what``) with the pack's names (a ``$ref`` to their enum)."""
    found = choices.get(what, [])
    if not found:
        return node  # nothing to offer (an empty enum would reject everything)
    if node.get("type") == "object":
        # The marker is on a mapping: it names its keys (their values have the mapping's one schema).
        values = [*node.get("patternProperties", {}).values(), node.get("additionalProperties")]
        value_schema = next((v for v in values if isinstance(v, dict)), {})
        node["properties"] = {
            c.value: {**value_schema, "description": c.plain(), "markdownDescription": c.markdown()} for c in found
        }
        if what not in _DEFINED_KEYS:
            node.pop("patternProperties", None)
            node["additionalProperties"] = False
        return node
    # Each list of names is written once, in the definitions, however often the file names it.
    used.add(what)
    ref = {"$ref": f"#/$defs/{_NAMES}{what}"}
    if STRICT.get(what, what.startswith("vocabulary:")):
        kept = {k: v for k, v in node.items() if k not in ("pattern", "minLength", "type")}
        return {**kept, **ref}
    described: dict[str, Any] = {
        k: node.pop(k) for k in ("description", "markdownDescription", "title", "default") if k in node
    }
    return {**described, "anyOf": [ref, node]}


def _enrich(node: Any, choices: dict[str, list[Choice]], used: set[str]) -> Any:
    if isinstance(node, list):
        return [_enrich(item, choices, used) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _enrich(value, choices, used) for key, value in node.items()}
    what = out.pop(PACK_REF, None)
    return _with_names(out, what, choices, used) if isinstance(what, str) else out


def to_draft_07(node: Any) -> Any:
    """A pydantic (2020-12) schema as draft-07: ``$defs`` as ``definitions``, no keyword beside ``$ref``.

    Draft-07 ignores every keyword beside ``$ref``; a ``$ref`` with a description or a default is
    written ``allOf: [{$ref}]`` beside them instead.

    Examples:
        >>> to_draft_07({"$defs": {"A": {}}, "properties": {"a": {"$ref": "#/$defs/A", "description": "x"}}})
        {'definitions': {'A': {}}, 'properties': {'a': {'allOf': [{'$ref': '#/definitions/A'}], 'description': 'x'}}}
    """
    if isinstance(node, list):
        return [to_draft_07(item) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "$defs":
            out["definitions"] = {name: to_draft_07(d) for name, d in value.items()}
        elif key == "$ref":
            out[key] = value.replace("#/$defs/", "#/definitions/")
        else:
            out[key] = to_draft_07(value)
    if "$ref" in out and len(out) > 1:
        ref = out.pop("$ref")
        out = {"allOf": [{"$ref": ref}], **out}
    return out


def file_schema(kind: FileKind, pack: PolicyPack, choices: dict[str, list[Choice]] | None = None) -> dict[str, Any]:
    """The draft-07 JSON Schema of one kind of file, with ``pack``'s names as enums."""
    model = FILE_MODELS[kind]
    schema = copy.deepcopy(model.model_json_schema(by_alias=True, mode="validation"))
    help_in_chinese(schema, FIELD_HELP_ZH)
    choices = choices if choices is not None else pack_choices(pack)
    used: set[str] = set()
    enriched = _enrich(schema, choices, used)
    for what in sorted(used):
        enriched.setdefault("$defs", {})[f"{_NAMES}{what}"] = {"type": "string", **_enum(choices[what])}
    head = {
        "$schema": DRAFT_07,
        "$comment": (
            f"Generated by `commitrules schema --write` from the file models and the pack {pack.name} "
            f"{pack.version}; regenerate it after changing the pack, do not edit it."
        ),
    }
    result: dict[str, Any] = {**head, **to_draft_07(enriched)}
    return result


def file_schemas(pack: PolicyPack) -> dict[FileKind, dict[str, Any]]:
    """The schema of every kind of file of ``pack``."""
    choices = pack_choices(pack)
    return {kind: file_schema(kind, pack, choices) for kind in FILE_KINDS}


def render_schema(schema: dict[str, Any]) -> str:
    """A schema as its file holds it: indented JSON, Chinese unescaped, a final newline."""
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
