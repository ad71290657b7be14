"""The JSON Schema of each kind of file, for editors and ``commitrules schema``."""

from __future__ import annotations

from typing import (
    Any,
    Final,
    Literal,
)

from pydantic import (
    BaseModel,
)

from commitrules.policy.files.base import PACK_REF
from commitrules.policy.files.pack_files import ClausesFile, OrganizationFile, PackFile
from commitrules.policy.files.policy import PolicyFile
from commitrules.policy.files.settings import SettingsFile
from commitrules.policy.files.vocabulary import VocabularyFile

# --- JSON Schema ----------------------------------------------------------------------------------

FileKind = Literal["policy", "settings", "clauses", "organization", "pack", "vocabulary"]
FILE_MODELS: Final[dict[str, type[BaseModel]]] = {
    "policy": PolicyFile,
    "settings": SettingsFile,
    "clauses": ClausesFile,
    "organization": OrganizationFile,
    "pack": PackFile,
    "vocabulary": VocabularyFile,
}


def json_schema(kind: FileKind) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one kind of file, for editors and ``commitrules schema``.

    Examples:
        >>> sorted(json_schema("policy")["$defs"]["Condition"]["oneOf"][0])
        ['description', 'minLength', 'type']
    """
    model = FILE_MODELS.get(kind)
    if model is None:
        raise ValueError(f"Unknown file kind '{kind}'; expected one of {', '.join(FILE_MODELS)}.")
    schema = _without_pack_refs(model.model_json_schema(by_alias=True, mode="validation"))
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def _without_pack_refs(node: Any) -> Any:
    """``node`` without the ``x-pack`` markers, which only the pack's own schemas resolve."""
    if isinstance(node, list):
        return [_without_pack_refs(item) for item in node]
    if isinstance(node, dict):
        return {key: _without_pack_refs(value) for key, value in node.items() if key != PACK_REF}
    return node
