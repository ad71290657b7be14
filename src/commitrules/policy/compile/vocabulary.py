"""The vocabulary pass (``resolve_vocabulary``): the pack's lists of codes, checked and resolved.

A pack's ``vocabulary.yaml`` declares lists of codes. A list it declares replaces the bundled list of
that name; a list it does not declare is the bundled one (a pack without ``vocabulary.yaml`` uses the
bundled vocabulary whole). An *open* list may hold any codes; a *closed* list must hold exactly the
codes of its Python enum (it may only relabel them), since code relies on them. Every code's clause
must be a clause of ``clauses.yaml``.

A list is exclusionary (``exclusionary: true``) only if cases carry its codes (an open list of a case
field: risk flags, verification methods, channels); a list the pack declares without the key is as
exclusionary as the bundled list of its name, so that a pack's own copy of ``risk_flags`` does not
lose the protection by leaving the key out.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from commitrules import model
from commitrules._bundled import bundled_policies_dir
from commitrules.errors import suggest
from commitrules.messages import Text
from commitrules.model import codes
from commitrules.model._open_codes import case_code_lists
from commitrules.policy.files import VocabularyFile, validate_file
from commitrules.policy.vocabulary import CLOSED_LISTS, OPEN_LISTS, Code, CodeList, Vocabulary
from commitrules.policy.yaml import load_yaml

if TYPE_CHECKING:
    from commitrules.policy.compile.state import CompileState, Parsed

__all__ = ["bundled_vocabulary", "enum_of_list", "resolve_vocabulary", "vocabulary_from_file"]


def enum_of_list(list_name: str) -> type[StrEnum] | None:
    """The Python enum that holds the bundled codes of ``list_name`` (None for outcomes, unknown lists)."""
    name = OPEN_LISTS.get(list_name) or CLOSED_LISTS.get(list_name)
    found = getattr(codes, name, None) or getattr(model, name, None) if name else None
    return found if isinstance(found, type) and issubclass(found, StrEnum) else None


def vocabulary_from_file(file: VocabularyFile, inherited: Vocabulary | None = None) -> Vocabulary:
    """The vocabulary a validated ``vocabulary.yaml`` declares (nothing checked against the pack).

    A list without ``exclusionary`` is exclusionary when the list of its name in ``inherited`` is.
    """
    lists = {
        name: CodeList(
            name,
            {"zh": entry.title.zh, "en": entry.title.en},
            name not in CLOSED_LISTS,
            {code: Code(code, c.zh, c.en, c.clause) for code, c in entry.codes.items()},
            entry.exclusionary
            if entry.exclusionary is not None
            else inherited is not None and name in inherited.lists and inherited.lists[name].exclusionary,
        )
        for name, entry in file.lists.items()
    }
    return Vocabulary(lists)


#: The bundled vocabulary as last read, under the file's path, modification time and size.
_BUNDLED: dict[tuple[str, int, int], Vocabulary] = {}


def bundled_vocabulary() -> Vocabulary:
    """The vocabulary of the bundled pack (``policies/vocabulary.yaml``).

    Read once for each version of the file: it is kept under the file's path, modification time and
    size, and read again when one of them changes (a checkout edited, an install upgraded). Reading it
    took about 6 ms, and every explanation without a pack's vocabulary read it again (the playground
    twice a case). Nothing changes a vocabulary in place: its classes are frozen, and a pack's
    vocabulary is a new mapping over the bundled lists.
    """
    path = bundled_policies_dir() / "vocabulary.yaml"
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    found = _BUNDLED.get(key)
    if found is not None:
        return found
    doc = load_yaml(path.read_bytes(), "vocabulary.yaml")
    file, problems = validate_file(doc, VocabularyFile)
    if file is None or problems:
        msg = f"the bundled vocabulary.yaml is invalid: {problems}"
        raise RuntimeError(msg)
    found = vocabulary_from_file(file)
    _BUNDLED.clear()  # one version kept: an edited file's older readings are of no use
    _BUNDLED[key] = found
    return found


def resolve_vocabulary(state: CompileState) -> None:
    """Merge the pack's vocabulary over the bundled one, checking closed lists and clauses."""
    bundled = bundled_vocabulary()
    entry = state.vocabulary_file
    if entry is None:
        state.vocabulary = bundled
        return
    declared = vocabulary_from_file(entry.model, bundled)
    doc = entry.doc
    clause_ids = state.clause_ids
    known_lists = [*OPEN_LISTS, *CLOSED_LISTS]
    for name, code_list in declared.lists.items():
        if name not in known_lists:
            state.add(
                doc,
                ("lists", name),
                "unknown_code_list",
                Text("vocab.unknown_list", name=name, lists=", ".join(known_lists)),
                suggest(name, known_lists),
                key=True,
            )
            continue
        _check_exclusionary(state, entry, name)
        enum = enum_of_list(name)
        if name in CLOSED_LISTS and enum is not None:
            fixed = [m.value for m in enum]
            for code in code_list.codes:
                if code not in fixed:
                    state.add(
                        doc,
                        ("lists", name, "codes", code),
                        "closed_code_list",
                        Text("vocab.closed_add", code=code, name=name, codes=", ".join(fixed)),
                        suggest(code, fixed),
                        key=True,
                    )
            missing = [c for c in fixed if c not in code_list.codes]
            if missing:
                state.add(
                    doc,
                    ("lists", name, "codes"),
                    "closed_code_list",
                    Text("vocab.closed_missing", name=name, missing=", ".join(missing)),
                )
        for code, found in code_list.codes.items():
            if found.clause is not None and found.clause not in clause_ids:
                state.add(
                    doc,
                    ("lists", name, "codes", code, "clause"),
                    "unknown_clause",
                    Text("vocab.unknown_clause", code=code, name=name, clause=found.clause),
                    suggest(found.clause, clause_ids),
                )
    state.vocabulary = Vocabulary({**bundled.lists, **declared.lists})


def _check_exclusionary(state: CompileState, entry: Parsed[VocabularyFile], name: str) -> None:
    """An error when ``vocabulary.yaml`` marks list ``name`` exclusionary though no case carries its codes."""
    carried = [n for n in OPEN_LISTS if n in case_code_lists()]
    if entry.model.lists[name].exclusionary and name not in carried:
        state.add(
            entry.doc,
            ("lists", name, "exclusionary"),
            "exclusionary_list",
            Text("vocab.not_exclusionary", name=name, lists=", ".join(carried)),
            key=True,
        )
