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
        >>> json_schema("policy")["$defs"]["Condition"]["oneOf"][0]
        {'minLength': 1, 'type': 'string'}
    """
    model = FILE_MODELS.get(kind)
    if model is None:
        raise ValueError(f"Unknown file kind '{kind}'; expected one of {', '.join(FILE_MODELS)}.")
    schema = model.model_json_schema(by_alias=True, mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
