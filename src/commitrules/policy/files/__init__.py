r"""Pydantic models of the policy files, and their errors as diagnostics at the right position.

A pack is a folder of ``pack.yaml``, ``settings.yaml``, ``clauses.yaml``, ``organization.yaml`` and
one ``<kind>.yaml`` per case kind. Each file is read by :func:`~commitrules.policy.yaml.load_yaml`
and then checked with :func:`validate_file`, which turns every pydantic error into a
:class:`~commitrules.errors.Diagnostic` pointing at the offending key or value. Codes checked
against enums, clause ids, roles and conditions are the compiler's business, not this package's.

``base`` holds the name patterns and the base model; ``conditions``, ``policy``, ``settings`` and
``pack_files``, ``vocabulary`` the models by kind of file; ``validate`` the errors in words; ``schema`` the JSON Schema.
"""

from commitrules.policy.files.base import TitleText
from commitrules.policy.files.conditions import AllCondition, AnyCondition, Condition, NotCondition
from commitrules.policy.files.pack_files import (
    ClauseEntry,
    ClausesFile,
    Department,
    OrganizationFile,
    PackFile,
    RoleEntry,
)
from commitrules.policy.files.policy import Effective, Include, Interpretation, PolicyFile, Route, Rule, Then
from commitrules.policy.files.schema import FileKind, json_schema
from commitrules.policy.files.settings import SettingEntry, SettingsFile
from commitrules.policy.files.validate import validate_file
from commitrules.policy.files.vocabulary import CodeEntry, CodeListEntry, VocabularyFile

__all__ = [
    "AllCondition",
    "AnyCondition",
    "ClauseEntry",
    "ClausesFile",
    "CodeEntry",
    "CodeListEntry",
    "Condition",
    "Department",
    "Effective",
    "FileKind",
    "Include",
    "Interpretation",
    "NotCondition",
    "OrganizationFile",
    "PackFile",
    "PolicyFile",
    "RoleEntry",
    "Route",
    "Rule",
    "SettingEntry",
    "SettingsFile",
    "Then",
    "TitleText",
    "VocabularyFile",
    "json_schema",
    "validate_file",
]
