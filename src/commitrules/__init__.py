"""commitrules: the notification-and-commitment system (证明事项告知承诺制) as declarative, explainable rules.

Examples:
    >>> import commitrules
    >>> pack = commitrules.load_policies()
    >>> decision = pack.evaluate({"kind": "credit_site", "content": {"items": []}}, as_of="2020-01-01")
    >>> decision.outcome
    'noncompliant'
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from commitrules._bundled import bundled_policies_dir
from commitrules.engine.decision import Decision, FiredRule, PolicyRef
from commitrules.engine.evaluator import Evaluator
from commitrules.engine.explain import Lang
from commitrules.errors import (
    CaseError,
    CaseValidationError,
    CommitRulesError,
    Diagnostic,
    EngineUnavailableError,
    EvaluationError,
    PolicyError,
    PolicySyntaxError,
    PolicyValidationError,
    Span,
    UnknownLanguageError,
)
from commitrules.model import CASE_MODELS, Case, parse_case
from commitrules.policy.compile import compile_pack
from commitrules.policy.pack import CompiledRule, KindPolicy, PolicyPack
from commitrules.service.manifest import load_checked
from commitrules.service.reload import PackHolder

__all__ = [
    "CASE_MODELS",
    "Case",
    "CaseError",
    "CaseValidationError",
    "CommitRulesError",
    "CompiledRule",
    "Decision",
    "Diagnostic",
    "EngineUnavailableError",
    "EvaluationError",
    "Evaluator",
    "FiredRule",
    "KindPolicy",
    "Lang",
    "PackHolder",
    "PolicyError",
    "PolicyPack",
    "PolicyRef",
    "PolicySyntaxError",
    "PolicyValidationError",
    "Span",
    "UnknownLanguageError",
    "__version__",
    "bundled_policies_dir",
    "load_policies",
    "parse_case",
]

__version__ = "0.1.0"

# The data module of packs imports no engine; the convenience PolicyPack.evaluate reaches the engine
# through this factory, installed here, before any module of the package can be used.
PolicyPack.evaluator_factory = Evaluator


def load_policies(path: str | Path | None = None, *, settings: Mapping[str, Any] | None = None) -> PolicyPack:
    """Load, check and compile a policy pack.

    Args:
        path: the pack's folder; None for the bundled pack of 连司通〔2019〕57号.
        settings: a deployment's overrides of ``settings.yaml``, by dotted name
            (``{"leniency.mitigated_min_score": 4}``), checked against the declared types.

    The pack comes with its :class:`Evaluator` already built (the Python of every kind generated),
    which ``pack.evaluate`` uses.

    Raises:
        PolicySyntaxError: a file is not valid YAML.
        PolicyValidationError: the files do not make a valid pack; ``.diagnostics`` says where.

    A folder reached through a symbolic link is resolved once; a folder with a ``pack.lock`` is loaded
    only if every file matches it (:mod:`commitrules.service.manifest`: how to publish a pack safely).
    """
    directory = Path(path) if path is not None else bundled_policies_dir()
    pack = load_checked(directory, settings, compile_pack)
    _ = pack.evaluator  # generate the code now: the first evaluation must not pay for it
    return pack
