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
from typing import TYPE_CHECKING, Any

from commitrules import _packcache
from commitrules._bundled import bundled_policies_dir
from commitrules._gc import collector_paused
from commitrules._lazy import lazy_names
from commitrules.policy.pack import PolicyPack

if TYPE_CHECKING:
    from commitrules.engine.decision import AppliedSetting, Decision, FiredRule, PolicyRef
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
    from commitrules.policy.pack import CompiledRule, KindPolicy
    from commitrules.service.reload import PackHolder

__all__ = [
    "CASE_MODELS",
    "AppliedSetting",
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

#: The names of the package that are imported when first used, and their modules: ``import commitrules``
#: loads no engine, no compiler, no case or decision models (a command line pays only for what it uses).
_LAZY: dict[str, str] = {
    **dict.fromkeys(("AppliedSetting", "Decision", "FiredRule", "PolicyRef"), "commitrules.engine.decision"),
    "Evaluator": "commitrules.engine.evaluator",
    "Lang": "commitrules.engine.explain",
    **dict.fromkeys(
        (
            "CaseError",
            "CaseValidationError",
            "CommitRulesError",
            "Diagnostic",
            "EngineUnavailableError",
            "EvaluationError",
            "PolicyError",
            "PolicySyntaxError",
            "PolicyValidationError",
            "Span",
            "UnknownLanguageError",
        ),
        "commitrules.errors",
    ),
    **dict.fromkeys(("CASE_MODELS", "Case", "parse_case"), "commitrules.model"),
    **dict.fromkeys(("CompiledRule", "KindPolicy"), "commitrules.policy.pack"),
    "PackHolder": "commitrules.service.reload",
}


__getattr__, __dir__ = lazy_names(__name__, _LAZY, globals(), __all__)


def _new_evaluator(pack: PolicyPack) -> Any:
    """A pack's evaluator, its module imported when the first pack needs one.

    Lazy: each kind's code is generated when the kind is first used; :func:`load_policies` generates
    every kind's at once unless told otherwise.
    """
    from commitrules.engine.evaluator import Evaluator  # noqa: PLC0415 - not at import: see _LAZY

    return Evaluator(pack, lazy=True)


# The data module of packs imports no engine; the convenience PolicyPack.evaluate reaches the engine
# through this factory, installed here, before any module of the package can be used.
PolicyPack.evaluator_factory = _new_evaluator


def _compile_cached(directory: Path, settings: Mapping[str, Any] | None) -> PolicyPack:
    """The pack compiled from ``directory``: read from the pack cache, or compiled and kept there."""
    key = _packcache.source_key(directory, settings)
    with collector_paused():  # the objects unpickled live on: see commitrules._gc
        pack = _packcache.load(key) if key is not None else None
    if pack is None:
        from commitrules.policy.compile import compile_pack  # noqa: PLC0415 - only without a cached pack

        pack = compile_pack(directory, settings)
        if key is not None:
            _packcache.store(key, pack)  # before the evaluator is built: the pack alone is kept
    return pack


def load_policies(
    path: str | Path | None = None, *, settings: Mapping[str, Any] | None = None, generate: bool = True
) -> PolicyPack:
    """Load, check and compile a policy pack.

    Args:
        path: the pack's folder; None for the bundled pack of 连司通〔2019〕57号.
        settings: a deployment's overrides of ``settings.yaml``, by dotted name
            (``{"leniency.mitigated_min_score": 4}``), checked against the declared types.
        generate: generate the Python of every kind now, so that no evaluation pays for it (a
            service); False: each kind's when it is first evaluated (a command that decides a few
            cases of one kind).

    The pack comes with its :class:`Evaluator`, which ``pack.evaluate`` uses. A pack compiled once is
    kept on disk (``COMMITRULES_CACHE_DIR``, else the user's cache folder; see
    :mod:`commitrules._packcache`), so that loading the same files again reads it instead of compiling.

    Raises:
        PolicySyntaxError: a file is not valid YAML.
        PolicyValidationError: the files do not make a valid pack; ``.diagnostics`` says where.

    A folder reached through a symbolic link is resolved once; a folder with a ``pack.lock`` is loaded
    only if every file matches it (:mod:`commitrules.service.manifest`: how to publish a pack safely).
    """
    directory = Path(path) if path is not None else bundled_policies_dir()
    from commitrules.service.manifest import load_checked  # noqa: PLC0415 - not at import: see _LAZY

    pack = load_checked(directory, settings, _compile_cached)
    evaluator = pack.evaluator
    prepare = getattr(evaluator, "prepare", None) if generate else None
    if prepare is not None:
        prepare()  # the code of every kind now: the first evaluation must not pay for it
    return pack
