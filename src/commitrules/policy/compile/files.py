"""The first two passes: read every file of the folder with positions, and validate it into its model."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from commitrules._printable import UNPRINTABLE
from commitrules.errors import Diagnostic, PolicySyntaxError, PolicyValidationError, Span, display_path
from commitrules.io.probe import names_no_file
from commitrules.messages import Text, os_reason
from commitrules.policy.compile.state import Parsed
from commitrules.policy.files import (
    ClausesFile,
    OrganizationFile,
    PackFile,
    PolicyFile,
    SettingsFile,
    VocabularyFile,
    validate_file,
)
from commitrules.policy.folder import pack_files
from commitrules.policy.yaml import load_yaml

if TYPE_CHECKING:
    from commitrules.policy.compile.state import CompileState
    from commitrules.policy.yaml import YamlDocument, YamlPath

__all__ = ["SPECIAL_FILES", "read_files", "validate_files"]

#: The files every pack has besides one policy file per kind (``vocabulary.yaml`` is optional: without it,
#: the pack uses the bundled vocabulary).
SPECIAL_FILES: Final = ("pack", "settings", "clauses", "organization")


def _folder_problem(directory: Path) -> tuple[Text, bool] | None:
    """What keeps ``directory`` from being read as a pack's folder, and whether the system failed to read it.

    None when it is a folder. ``Path.is_dir`` says False for a missing path or a link loop, but raises
    for others (a name longer than the system takes, a folder it may not search): those are said with
    the system's reason, a failure to read (exit 6) when the path may well name a folder (a permission,
    a device error) and a wrong path otherwise.
    """
    folder = display_path(directory)
    try:
        if directory.is_dir():
            return None
        if directory.exists():
            return Text("compile.not_a_folder", folder=folder), False
        if directory.is_symlink():
            directory.stat()  # a link that leads nowhere: why (links in a loop say ELOOP)
    except FileNotFoundError:
        pass
    except OSError as exc:
        return _folder_unreadable(folder, exc)
    return Text("compile.no_folder", folder=folder), False


def _folder_unreadable(folder: str, exc: OSError) -> tuple[Text, bool]:
    """The folder the system could not look at or list, and whether that is its failure (exit 6)."""
    return Text("compile.folder_unreadable", folder=folder, reason=os_reason(exc)), not names_no_file(exc)


def _listed(state: CompileState) -> list[tuple[Path, Path | None]]:
    """The pack's files of the folder (:func:`pack_files`); raises when the folder cannot be read."""
    folder = display_path(state.directory)
    problem = _folder_problem(state.directory)
    if problem is None:
        try:
            return pack_files(state.directory, strict=True)
        except OSError as exc:  # a folder this user may not list: it has files, none of which can be read
            problem = _folder_unreadable(folder, exc)
    text, failed = problem
    state.diagnostics.append(Diagnostic.of("missing_file", text, Span(folder), io_failure=failed))
    raise PolicyValidationError(state.diagnostics)


def read_files(state: CompileState) -> None:
    """Load every ``*.yaml`` of the folder with positions."""
    files = _one_of_each_name(state, _listed(state))
    for file, real in files:
        name = display_path(file)
        if real is None:
            state.diagnostics.append(
                Diagnostic.of("unreadable_file", Text("compile.link_outside", name=name), Span(name))
            )
            continue
        try:
            if not file.is_file():  # a link to nothing, a folder, or a device or pipe that may never end
                reason = _not_a_file(file)
                state.diagnostics.append(Diagnostic.of("unreadable_file", reason, Span(name)))
                continue
            data = real.read_bytes()  # the file checked above, even if the link is changed meanwhile
        except OSError as exc:  # a permission refused, a device error: exit 6; links in a loop: a wrong file
            message = Text("compile.unreadable", name=name, reason=os_reason(exc))
            failed = not names_no_file(exc)
            state.diagnostics.append(Diagnostic.of("unreadable_file", message, Span(name), io_failure=failed))
            continue
        state.raw[file.name] = data
        try:
            state.docs[file.stem] = load_yaml(data, name)
        except PolicySyntaxError as exc:
            state.diagnostics.extend(exc.diagnostics)
        else:
            state.diagnostics.extend(_control_characters(state.docs[file.stem]))
    # 'settings.YAML' is settings; a file that is there but could not be read is said above, not as missing
    present = {file.stem for file, _ in files}
    for stem in SPECIAL_FILES:
        if stem not in present:
            missing = Text("compile.no_file", stem=stem, folder=display_path(state.directory))
            state.add(None, (), "missing_file", missing)
    state.fail_if_errors(PolicySyntaxError)


def _one_of_each_name(state: CompileState, files: list[tuple[Path, Path | None]]) -> list[tuple[Path, Path | None]]:
    """``files`` but the second of two with one name (``leniency.yaml`` and ``leniency.yml``), each an error.

    Files are kept by their name without the suffix: the one would silently replace the other.
    """
    named: dict[str, str] = {}  # each name, and the file that has it
    kept = []
    for file, real in files:
        if file.stem in named:
            same = Text("compile.same_name", name=display_path(file), other=named[file.stem])
            state.diagnostics.append(Diagnostic.of("unreadable_file", same, Span(display_path(file))))
        else:
            named[file.stem] = display_path(file)
            kept.append((file, real))
    return kept


def _control_characters(doc: YamlDocument) -> list[Diagnostic]:
    r"""An ``invalid_value`` at each key or text of ``doc`` that holds a control or direction character.

    A double-quoted YAML text may write any character by its escape (``"\e[2J"``, ``"\u202e"``): the
    pack's titles, quotes and texts are printed by ``evaluate``, ``reference`` and the pages, where an
    escape sequence acts on the terminal and a direction override shows the text in another order than
    the rule has it. No text of a pack needs one (tabs and line breaks are allowed).
    """
    found: list[Diagnostic] = []
    stack: list[tuple[YamlPath, Any]] = [((), doc.data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            for key, child in value.items():
                if isinstance(key, str) and (bad := UNPRINTABLE.search(key)):
                    found.append(doc.diagnostic("invalid_value", _control_text(bad.group()), (*path, key), at_key=True))
                stack.append(((*path, key), child))
        elif isinstance(value, list):
            stack.extend(((*path, index), child) for index, child in enumerate(value))
        elif isinstance(value, str) and (bad := UNPRINTABLE.search(value)):
            found.append(doc.diagnostic("invalid_value", _control_text(bad.group()), path))
    return found


def _control_text(char: str) -> Text:
    return Text("yaml.control_character", char=char.encode("unicode_escape").decode("ascii"), code=f"U+{ord(char):04X}")


def _not_a_file(path: Path) -> Text:
    """Why ``path``, which is no regular file, cannot be read (each reason in each language)."""
    name = display_path(path)
    if not path.exists():
        try:
            path.stat()
        except OSError as exc:  # a link to nothing, or links in a loop (ELOOP)
            return Text("compile.unreadable", name=name, reason=os_reason(exc))
        return Text("compile.unreadable", name=name, reason=Text("io.ENOENT"))
    if path.is_dir():
        return Text("compile.unreadable", name=name, reason=Text("io.EISDIR"))
    return Text("compile.unreadable", name=name, reason=Text("io.not_regular"))


def validate_files(state: CompileState) -> None:
    """Check the shape of every file against its pydantic model, keeping the models for the passes."""
    for stem, doc in state.docs.items():
        if stem == "pack":
            pack, problems = validate_file(doc, PackFile)
            state.pack_file = None if pack is None else Parsed(doc, pack)
        elif stem == "settings":
            settings, problems = validate_file(doc, SettingsFile)
            state.settings_file = None if settings is None else Parsed(doc, settings)
        elif stem == "clauses":
            clauses, problems = validate_file(doc, ClausesFile)
            state.clauses_file = None if clauses is None else Parsed(doc, clauses)
        elif stem == "vocabulary":
            vocabulary, problems = validate_file(doc, VocabularyFile)
            state.vocabulary_file = None if vocabulary is None else Parsed(doc, vocabulary)
        elif stem == "organization":
            organization, problems = validate_file(doc, OrganizationFile)
            state.organization_file = None if organization is None else Parsed(doc, organization)
        else:
            policy, problems = validate_file(doc, PolicyFile)
            if policy is not None:
                state.policies[stem] = Parsed(doc, policy)
        state.diagnostics.extend(problems)
    state.fail_if_errors(PolicyValidationError)
