"""The compiler's passes in order, and the two ways to run them.

Each pass is a function of the :class:`~commitrules.policy.compile.state.CompileState`; it collects
every diagnostic it can before the pipeline stops. ``check_*`` passes only read the state (and add
diagnostics), ``resolve_*`` and ``build_*`` passes write the fields of the state they name (each field
of :class:`~commitrules.policy.compile.state.CompileState` says which pass writes it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from commitrules._gc import collector_paused
from commitrules.errors import PolicyValidationError, suggestions_bounded
from commitrules.policy.compile.build import build_pack, build_rule_strata
from commitrules.policy.compile.conditions import build_conditions
from commitrules.policy.compile.files import read_files, validate_files
from commitrules.policy.compile.rules import check_kinds, check_rules, resolve_includes, resolve_rule_ids
from commitrules.policy.compile.settings import resolve_settings
from commitrules.policy.compile.state import CompileState, PackSources, RuleSource
from commitrules.policy.compile.vocabulary import resolve_vocabulary

if TYPE_CHECKING:
    from pathlib import Path

    from commitrules.errors import Diagnostic
    from commitrules.policy.pack import PolicyPack

__all__ = ["PASSES", "CompilerPass", "compile_pack", "compile_pack_with_sources"]


@dataclass(frozen=True, slots=True)
class CompilerPass:
    """One pass: its name, its function, the passes that must run before it, and what it needs from them."""

    name: str
    run: Callable[[CompileState], None]
    after: tuple[str, ...]
    needs: str


#: The passes, in the order they run (tests/test_compile.py checks each runs after what it needs).
PASSES: Final[tuple[CompilerPass, ...]] = (
    CompilerPass("read_files", read_files, (), "the folder; YAML syntax errors stop here"),
    CompilerPass("validate_files", validate_files, ("read_files",), "a document per file"),
    CompilerPass("check_kinds", check_kinds, ("validate_files",), "each policy file's model (its kind)"),
    CompilerPass("resolve_includes", resolve_includes, ("check_kinds",), "one file per kind to include from"),
    CompilerPass("resolve_vocabulary", resolve_vocabulary, ("validate_files",), "vocabulary.yaml and clauses.yaml"),
    CompilerPass(
        "resolve_settings", resolve_settings, ("resolve_vocabulary",), "settings.yaml, clauses.yaml, the codes"
    ),
    CompilerPass(
        "resolve_rule_ids", resolve_rule_ids, ("resolve_includes",), "every kind's rules, included ones renamed"
    ),
    CompilerPass(
        "check_rules",
        check_rules,
        ("resolve_includes", "resolve_settings", "resolve_rule_ids"),
        "every kind's rules; the settings' names; stops on the duplicate ids resolve_rule_ids found",
    ),
    CompilerPass(
        "build_conditions",
        build_conditions,
        ("resolve_settings", "check_rules"),
        "the settings' types (settings.*); unique rule ids and known names",
    ),
    CompilerPass("build_rule_strata", build_rule_strata, ("build_conditions",), "the facts each condition reads"),
    CompilerPass(
        "build_pack",
        build_pack,
        ("build_rule_strata",),
        "the order of the rules; the organisation's errors are collected, not raised",
    ),
)


def _run_passes(state: CompileState) -> PolicyPack:
    with suggestions_bounded():  # a hostile pack's thousands of misspelt names: "Did you mean" for the first
        for compiler_pass in PASSES:
            compiler_pass.run(state)
    if state.pack is None:
        msg = "build_pack did not build a pack"
        raise RuntimeError(msg)
    return state.pack


def compile_pack(directory: Path, settings: Mapping[str, Any] | None = None) -> PolicyPack:
    """Load, check and compile the pack in ``directory``.

    Raises:
        PolicySyntaxError: a file is not valid YAML.
        PolicyValidationError: the files do not make a valid pack.
    """
    # Most of what the passes allocate lives on (see commitrules._gc); the state (documents, source
    # maps) is freed before the collector runs again, so that it does not walk them once more.
    with collector_paused():
        state = CompileState(directory, _overrides(settings))
        try:
            pack = _run_passes(state)
            state.fail_if_errors(PolicyValidationError)  # the organisation's errors (build_organization)
        finally:
            del state
    return pack


def _overrides(settings: object) -> Mapping[str, Any]:
    """A deployment's overrides, checked to be a mapping (a list or a text failed deep in a pass).

    Raises:
        TypeError: ``settings`` is neither None nor a mapping of setting names to values.
    """
    if settings is None:
        return {}
    if not isinstance(settings, Mapping):
        msg = f"settings must map setting names to values, not {type(settings).__name__}"
        raise TypeError(msg)
    return settings


def compile_pack_with_sources(
    directory: Path, settings: Mapping[str, Any] | None = None
) -> tuple[PolicyPack, PackSources, list[Diagnostic]]:
    """Compile as :func:`compile_pack` does, keeping the source documents for checks that point into them.

    The organisation's errors (a reporting cycle, an unknown superior) are returned rather than raised:
    the pack is complete without them, and ``commitrules check`` reports them with its other findings.

    Raises:
        PolicySyntaxError: a file is not valid YAML.
        PolicyValidationError: any other error that stops the pack from being built.
    """
    state = CompileState(directory, _overrides(settings))
    with collector_paused():  # see compile_pack
        pack = _run_passes(state)
    rules = {
        rid: RuleSource(source.doc, source.path, tuple(state.parts.get(rid, ())), source.via, source.via_path)
        for rid, source in state.rule_at.items()
    }
    return pack, PackSources(dict(state.docs), rules), list(state.diagnostics)
