"""Reading case documents from files: YAML or JSON, one case or a list, files or folders.

Input errors are reported against the input (file, JSON path, expected, found) and never as a
traceback. Case files go through the same safe, size- and depth-limited YAML reader as policies.
"""

from __future__ import annotations

import codecs
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from commitrules.errors import CaseError, CaseValidationError, Diagnostic, PolicySyntaxError, display_path
from commitrules.io.probe import is_dir, is_file, names_no_file
from commitrules.messages import Text, json_reason, os_reason
from commitrules.model import Case, parse_case
from commitrules.model._json import DuplicateKeyError, NotJsonConstantError, ZeroedNumberError, load_json
from commitrules.model._types import CodeMembership
from commitrules.policy.yaml import load_yaml

__all__ = ["CASE_SUFFIXES", "MAX_CASE_BYTES", "CasePaths", "SourcedCase", "iter_case_files", "read_cases"]

CASE_SUFFIXES = (".yaml", ".yml", ".json")
#: The largest case file read (a case is a few kB; a list of cases may be larger).
MAX_CASE_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class SourcedCase:
    """A typed case and where it came from (``file`` or ``file[3]`` for the fourth of a list)."""

    source: str
    case: Case


#: One case file or folder, or several: a ``str`` is one path, never a sequence of one-letter paths.
CasePaths = str | os.PathLike[str] | Iterable[str | os.PathLike[str]]


def _path_list(paths: object) -> list[str | os.PathLike[str]]:
    """``paths`` as a list of paths: one path (``str`` or path-like) or an iterable of them.

    Raises:
        TypeError: ``paths`` is neither, or holds something that is not a path (bytes included).
    """
    if isinstance(paths, str | os.PathLike):
        return [paths]
    if isinstance(paths, bytes | bytearray) or not isinstance(paths, Iterable):
        msg = f"case paths must be a str, an os.PathLike or an iterable of them, not {type(paths).__name__}"
        raise TypeError(msg)
    listed = list(paths)
    wrong = next((p for p in listed if not isinstance(p, str | os.PathLike)), None)
    if wrong is not None:
        msg = f"each case path must be a str or an os.PathLike, not {type(wrong).__name__}: {wrong!r}"
        raise TypeError(msg)
    return listed


def iter_case_files(paths: CasePaths, onerror: Callable[[OSError], None] | None = None) -> Iterator[Path]:
    """The case files named, folders expanded recursively in sorted order.

    ``paths``: one file or folder (``str`` or path-like), or an iterable of them.
    ``onerror``: called with the OSError of each folder that cannot be listed (its ``filename`` names it),
    and the walk goes on with the others; None raises it. Links to folders are not followed.

    Raises:
        TypeError: ``paths`` is not a path nor an iterable of paths.
        OSError: a folder cannot be listed (a permission, a name past what the system takes), without ``onerror``.
    """
    for raw in _path_list(paths):
        path = Path(raw)
        if is_dir(path):  # False for a name the system cannot look up: reading it says why
            yield from sorted(_walk(path, onerror))
        else:
            yield path


def _raise(error: OSError) -> None:
    raise error


def _walk(folder: Path, onerror: Callable[[OSError], None] | None) -> Iterator[Path]:
    """The case files below ``folder``; each folder that cannot be listed goes to ``onerror``.

    ``Path.rglob`` raised the first such error on Python 3.11 and skipped the folder without a word on
    3.12 and later; ``os.walk`` says each on every version.
    """
    for top, folders, names in os.walk(folder, onerror=onerror or _raise):
        folders.sort()  # walked in order: the folders' errors are said in the same order on every system
        for name in names:
            path = Path(top, name)
            if path.suffix in CASE_SUFFIXES and is_file(path):
                yield path


def _load_document(path: Path) -> Any:
    name = display_path(path)
    try:
        regular = path.is_file()
    except OSError as exc:  # is_file says False for a few errors only; a name too long, a folder not searchable
        reason = os_reason(exc)
        problem = reason if isinstance(reason, Text) else Text("casefile.missing")
        failed = not names_no_file(exc)
        expected = Text("casefile.a_case_file")
        raise CaseValidationError([CaseError.of("$", problem, expected, name, name, io_failure=failed)]) from None
    if not regular:  # a device, a pipe or a folder is no file to read whole: it may never end
        problem = Text("casefile.missing" if not path.exists() else "casefile.not_regular")
        if path.is_symlink() and not path.exists():
            try:
                path.stat()
            except OSError as exc:  # links in a loop (ELOOP) were "No such file"
                reason = os_reason(exc)
                problem = reason if isinstance(reason, Text) and not isinstance(exc, FileNotFoundError) else problem
        raise CaseValidationError([CaseError.of("$", problem, Text("casefile.a_case_file"), name, name)])
    try:
        size = path.stat().st_size
        data = b"" if size > MAX_CASE_BYTES else path.read_bytes()
    except OSError as exc:  # a permission, a device error; or the file gone since it was looked at
        problem = Text("casefile.unreadable", reason=os_reason(exc))
        failed = not names_no_file(exc)
        raise CaseValidationError([CaseError.of("$", problem, "", "", name, io_failure=failed)]) from None
    if size > MAX_CASE_BYTES:
        raise CaseValidationError(
            [
                CaseError.of(
                    "$",
                    Text("casefile.too_large"),
                    Text("casefile.at_most_bytes", max=MAX_CASE_BYTES),
                    f"{size} bytes",
                    name,
                )
            ]
        )
    if path.suffix == ".json":
        return _load_json(data, name)
    try:
        return load_yaml(data, name, max_bytes=MAX_CASE_BYTES).data
    except PolicySyntaxError as exc:
        raise CaseValidationError([_yaml_error(d, name) for d in exc.diagnostics]) from None


#: The longest excerpt of the source shown as what was found.
EXCERPT = 40


def excerpt(line: str | None, column: int, end: int = 0) -> tuple[str, Text | None]:
    """What the source holds from 1-based ``column`` of ``line`` (quoted, shortened), or words for nothing.

    ``end`` (1-based, exclusive) ends it where a value ends, when the problem is that value's: in a
    flow collection the rest of the line holds the next values and the closing bracket.

    Examples:
        >>> excerpt("report: {sections: [progress}", 29)
        ("'}'", None)
        >>> excerpt("a: 1", 5)[1].in_("zh")
        '行尾'
        >>> excerpt("entry: {listed_on: 2020-13-01, status: active}", 20, 30)
        ("'2020-13-01'", None)
    """
    if line is None:
        return "", None
    shown = line[max(column - 1, 0) : end - 1 if end > column + 1 else None].rstrip()
    if not shown:
        words = Text("yaml.char.line_break")
        return str(words), words
    if len(shown) > EXCERPT:
        shown = shown[: EXCERPT - 1] + "…"
    return "'" + shown.replace("\t", "\\t") + "'", None


def _yaml_error(diagnostic: Diagnostic, name: str) -> CaseError:
    """A case file's YAML problem: where (line, column, and the JSON path reached), what, and the text found there."""
    span = diagnostic.span
    found, found_text = excerpt(diagnostic.source_line, span.column, span.end_column)
    if diagnostic.code == "empty_file":
        found, found_text = "", None
    text = Text(diagnostic.message_id, **diagnostic.params) if diagnostic.message_id is not None else None
    return CaseError(
        diagnostic.path or "$",
        diagnostic.message,
        "",
        found,
        name,
        text=text,
        found_text=found_text,
        at=(span.line, span.column),
    )


def _load_json(data: bytes, name: str) -> Any:
    try:
        return load_json(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
        message = Text("casefile.utf16" if utf16 else "casefile.not_utf8")
        found = f"the byte 0x{data[exc.start]:02X} at byte {exc.start + 1}"
        raise CaseValidationError([CaseError.of("$", message, Text("casefile.utf8_text"), found, name)]) from None
    except json.JSONDecodeError as exc:
        lines = exc.doc.splitlines()
        found_text: Text | None = Text("yaml.token.stream_end")  # the text ends before a value does
        found = str(found_text)
        if exc.lineno <= len(lines):
            found, found_text = excerpt(lines[exc.lineno - 1], exc.colno)
        raise CaseValidationError(
            [
                CaseError(
                    "$",
                    f"Invalid JSON: {exc.msg}",
                    "JSON",
                    found,
                    name,
                    text=Text("casefile.invalid_json_because", reason=json_reason(exc.msg) or exc.msg),
                    found_text=found_text,
                    at=(exc.lineno, exc.colno),
                )
            ]
        ) from None
    except DuplicateKeyError as exc:  # reported as a duplicate key of a YAML case file is
        raise CaseValidationError([CaseError.of(exc.path, exc.text, "", f"'{exc.key}'", name)]) from None
    except NotJsonConstantError as exc:
        raise CaseValidationError(
            [
                CaseError.of(
                    "$", Text("casefile.not_json_value", value=str(exc)), Text("case.type.number"), f"'{exc}'", name
                )
            ]
        ) from None
    except ZeroedNumberError as exc:
        raise CaseValidationError(
            [CaseError.of("$", exc.text, Text("case.type.number"), exc.number[:60], name)]
        ) from None
    except ValueError as exc:  # an integer longer than sys.get_int_max_str_digits() (4300 digits)
        raise CaseValidationError(
            [
                CaseError.of(
                    "$",
                    Text("casefile.digits"),
                    Text("casefile.at_most_digits", max=sys.get_int_max_str_digits()),
                    str(exc)[:80],
                    name,
                )
            ]
        ) from None
    except RecursionError:
        raise CaseValidationError([CaseError.of("$", Text("casefile.too_deep"), "", "", name)]) from None


def read_cases(paths: CasePaths, vocabulary: CodeMembership | None = None) -> tuple[list[SourcedCase], list[CaseError]]:
    """Every case in ``paths``, typed, in input order; and every error found (nothing is skipped silently).

    ``paths``: one case file or folder (``str`` or path-like), or an iterable of them.
    ``vocabulary``: the codes open-list fields may hold (a pack's ``pack.vocabulary``; None: the bundled).

    Raises:
        TypeError: ``paths`` is not a path nor an iterable of paths (checked before any file is read).
    """
    cases: list[SourcedCase] = []
    errors: list[CaseError] = []

    def unlisted(exc: OSError) -> None:  # said before the files of the walk that found it
        folder = display_path(Path(exc.filename)) if exc.filename else ""
        problem = Text("casefile.unlistable", reason=os_reason(exc))
        errors.append(CaseError.of("$", problem, "", "", folder, io_failure=not names_no_file(exc)))

    for path in iter_case_files(paths, onerror=unlisted):
        name = display_path(path)
        try:
            document = _load_document(path)
        except CaseValidationError as exc:
            errors.extend(exc.errors)
            continue
        items = document if isinstance(document, list) else [document]
        for index, item in enumerate(items):
            source = f"{name}[{index}]" if isinstance(document, list) else name
            try:
                cases.append(SourcedCase(source, parse_case(item, source=source, vocabulary=vocabulary)))
            except CaseValidationError as exc:
                errors.extend(exc.with_source(source).errors)
    return cases, errors
