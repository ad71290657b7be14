"""The error tree and the diagnostics every stage reports against the source.

Errors are part of the public interface: the CLI, the tests and host systems read their
structured fields (``code``, ``span``, ``suggestion``) and never parse message strings.
Each code is documented in ``docs/errors.md``.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Final

from commitrules._printable import one_line, printable

if TYPE_CHECKING:
    from collections.abc import Mapping

    from commitrules.messages import Lang, Text

__all__ = [
    "MAX_DIAGNOSTICS",
    "SUGGESTION_BUDGET",
    "CaseError",
    "CaseValidationError",
    "CommitRulesError",
    "Diagnostic",
    "DistributedRunError",
    "EngineUnavailableError",
    "EvaluationError",
    "PolicyError",
    "PolicySyntaxError",
    "PolicyValidationError",
    "Severity",
    "Span",
    "UnknownLanguageError",
    "suggest",
    "suggestions_bounded",
]

#: How many diagnostics a failed load reports at most (OPA caps at 10; policy staff fix files
#: top to bottom, so more than a screenful helps nobody).
MAX_DIAGNOSTICS = 25


class Severity(StrEnum):
    """How bad a diagnostic is: errors stop a load, warnings only fail ``check --strict``."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A position in a source file: 1-based line and column, as editors count them."""

    file: str
    line: int = 0
    column: int = 0
    end_line: int = 0
    end_column: int = 0

    def __str__(self) -> str:
        if self.line <= 0:
            return self.file
        return f"{self.file}:{self.line}:{self.column}"

    def shifted(self, columns: int) -> Span:
        """The same span moved right by ``columns`` on its first line (for offsets inside a scalar)."""
        return Span(self.file, self.line, self.column + columns, self.line, self.column + columns + 1)


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem found in a policy file, with where it is and how to fix it."""

    code: str
    message: str
    span: Span
    suggestion: str | None = None
    severity: Severity = Severity.ERROR
    path: str = ""
    #: The source line the span points into, kept so that the caret can be drawn without the file.
    source_line: str | None = field(default=None, compare=False)
    #: The catalogue message (``messages/<lang>.yaml``) this diagnostic was written from, with its
    #: named parameters; ``message`` is its English text. None for a message written in English only,
    #: which other languages show after the code's summary from the catalogue.
    message_id: str | None = field(default=None, compare=False)
    params: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}), compare=False)
    #: The catalogue text of ``suggestion`` when the suggestion is a sentence (a lint finding's fix, a
    #: full-width character's replacement), for :meth:`suggestion_in`; None when it is a name (a guess
    #: at a misspelt field or code), which reads the same in every language.
    suggestion_text: Text | None = field(default=None, compare=False)
    #: The system failed to read a file of the pack that is there (a permission refused, a device
    #: error): the commands exit 6, as for any file they cannot read, rather than 3 for a pack that is
    #: wrong. Not in :meth:`to_dict`: the code (``unreadable_file``) and the message say it.
    io_failure: bool = field(default=False, compare=False)

    @classmethod
    def of(  # noqa: PLR0913 - the fields of a diagnostic
        cls,
        code: str,
        text: Text | str,
        span: Span,
        suggestion: Text | str | None = None,
        *,
        severity: Severity = Severity.ERROR,
        path: str = "",
        source_line: str | None = None,
        io_failure: bool = False,
    ) -> Diagnostic:
        """A diagnostic whose message (and suggestion) may be catalogue :class:`~commitrules.messages.Text`.

        ``suggestion`` stays English in the structured field; a Text suggestion is kept for
        :meth:`suggestion_in`.
        """
        hint = suggestion if suggestion is None or isinstance(suggestion, str) else str(suggestion)
        hint_text = None if suggestion is None or isinstance(suggestion, str) else suggestion
        if isinstance(text, str):
            return cls(
                code, text, span, hint, severity, path, source_line, suggestion_text=hint_text, io_failure=io_failure
            )
        return cls(
            code, str(text), span, hint, severity, path, source_line, text.id, dict(text.params), hint_text, io_failure
        )

    def message_in(self, lang: Lang = "en") -> str:
        """The message in ``lang``: English is ``message``; Chinese comes from the catalogue."""
        if lang == "en":
            return self.message
        from commitrules.messages import message  # noqa: PLC0415 - the catalogue loads on first use

        if self.message_id is not None:
            return message(self.message_id, lang, **self.params)
        return f"{message('code.' + self.code, lang)}（{message('render.detail', lang)}：{self.message}）"

    def suggestion_in(self, lang: Lang = "en") -> str | None:
        """The suggestion in ``lang``: a sentence from the catalogue, a name as it is."""
        if self.suggestion_text is not None and lang != "en":
            return self.suggestion_text.in_(lang)
        return self.suggestion

    def sort_key(self) -> tuple[str, int, int, str]:
        """Order by file, line, column and message, as Cerbos does."""
        return (self.span.file, self.span.line, self.span.column, self.message)

    def render(self, lang: Lang = "en") -> str:
        """``file:line:col: code: message`` in ``lang``, followed by the source line and a caret."""
        # the position on one line: a file name's newline would put 'file' and ':line:column' on two
        head = f"{one_line(str(self.span))}: {self.code}: {self.message_in(lang)}"
        if self.severity is Severity.WARNING:
            from commitrules.messages import message  # noqa: PLC0415 - the catalogue loads on first use

            head = head.replace(f": {self.code}:", f": {message('render.warning', lang)}: {self.code}:", 1)
        if self.source_line is None or self.span.column <= 0:
            return head
        line, column = _around(self.source_line.rstrip("\n"), self.span.column)
        # The file's line as it can be printed (a control character shown as its escape), the caret under
        # the same character: the prefix before it is escaped the same way.
        text, prefix = printable(line), printable(line[: column - 1])
        caret = _blank(prefix) + " " * (column - 1 - len(line[: column - 1])) + "^"
        return f"{head}\n   | {text}\n   | {caret}"

    def to_dict(self) -> dict[str, object]:
        """The diagnostic as JSON-ready data."""
        return {
            "code": self.code,
            "severity": str(self.severity),
            "message": self.message,
            "file": self.span.file,
            "line": self.span.line,
            "column": self.span.column,
            "path": self.path,
            "suggestion": self.suggestion,
        }

    def to_dict_in(self, lang: Lang) -> dict[str, object]:
        """``to_dict`` with the message and the suggestion in ``lang`` (for the service's problem details)."""
        data = self.to_dict()
        data["message"] = self.message_in(lang)
        data["suggestion"] = self.suggestion_in(lang)
        return data


#: The most of a source line shown under a message: a longer line is shown around the column, cut at "…".
LINE_SHOWN = 160


def _around(line: str, column: int) -> tuple[str, int]:
    """The part of ``line`` shown, at most :data:`LINE_SHOWN` characters around ``column``, and the column in it.

    A line of a megabyte (a condition or a value on one line, brackets opened without end) printed whole
    buried the message and the caret under it.

    Examples:
        >>> _around("a: 1", 4)
        ('a: 1', 4)
        >>> shown, at = _around("x" * 500 + "^" + "y" * 500, 501)
        >>> len(shown), shown[at - 1], shown[0], shown[-1]
        (162, '^', '…', '…')
    """
    if len(line) <= LINE_SHOWN:
        return line, column
    start = max(0, min(column - 1 - LINE_SHOWN // 2, len(line) - LINE_SHOWN))
    end = start + LINE_SHOWN
    lead = "…" if start > 0 else ""
    return lead + line[start:end] + ("…" if end < len(line) else ""), column - start + len(lead)


def _blank(prefix: str) -> str:
    """Blanks as wide as ``prefix`` on a terminal: a Chinese character takes two cells, tabs stay tabs.

    Columns count characters (as editors do), but the caret must line up under them when printed.
    """
    return "".join("\t" if c == "\t" else "  " if unicodedata.east_asian_width(c) in "WF" else " " for c in prefix)


#: The work that the suggestions of one compile may do, in characters compared (each candidate costs the
#: lengths of the name and of the candidate): a few seconds at most. A pack of a few thousand clause ids
#: and as many rules citing misspelt ones (a file of 150 KB) made a million comparisons, each quadratic
#: in the names' lengths: the compile took minutes. Past the budget, diagnostics come without "Did you
#: mean"; the first ones, in file order, keep theirs.
SUGGESTION_BUDGET: Final = 1_000_000
#: A name or a candidate longer than this is not compared (no typo of a name makes it that long).
_SUGGESTED_LENGTH: Final = 120
_budget: ContextVar[list[int] | None] = ContextVar("commitrules_suggestion_budget", default=None)


@contextmanager
def suggestions_bounded(budget: int = SUGGESTION_BUDGET) -> Iterator[None]:
    """Within the block, :func:`suggest` does at most ``budget`` units of work, then suggests nothing."""
    token = _budget.set([budget])
    try:
        yield
    finally:
        _budget.reset(token)


def suggest(name: str, candidates: Iterable[str]) -> str | None:
    """The one closest candidate to a misspelt ``name``, or None when nothing is close.

    Within :func:`suggestions_bounded`, None as well once its budget is spent.
    """
    left = _budget.get()
    if len(name) > _SUGGESTED_LENGTH or (left is not None and left[0] <= 0):
        return None
    pool = [c for c in candidates if len(c) <= _SUGGESTED_LENGTH]
    if left is not None:
        cost = len(pool) * len(name) + sum(map(len, pool))
        if cost > left[0]:
            left[0] = 0
            return None
        left[0] -= cost
    matches = difflib.get_close_matches(name, pool, n=1, cutoff=0.6)
    return matches[0] if matches else None


class CommitRulesError(Exception):
    """The base of every error the library raises on purpose.

    Raised with a catalogue :class:`~commitrules.messages.Text`, the error keeps it as ``text``: its
    message is then ``str(error)`` in English and :meth:`message_in` in another language.
    """

    code: str = "commitrules_error"
    #: The message as a catalogue text, when the error was raised with one.
    text: Text | None = None

    def __init__(self, *args: object) -> None:
        from commitrules.messages import Text  # noqa: PLC0415 - the messages module imports this one

        if len(args) == 1 and isinstance(args[0], Text):
            self.text = args[0]
            args = (str(args[0]),)
        super().__init__(*args)

    def message_in(self, lang: Lang = "en") -> str:
        """The message in ``lang`` (the English text when the error was raised without a catalogue text)."""
        return self.text.in_(lang) if self.text is not None else str(self)


class PolicyError(CommitRulesError):
    """A policy pack could not be loaded; ``diagnostics`` says every reason, sorted and capped."""

    code = "policy_error"

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        ordered = sorted(diagnostics, key=Diagnostic.sort_key)
        self.total = len(ordered)
        #: Every diagnostic, sorted (``commitrules check --max-errors 0`` shows them all).
        self.all_diagnostics: tuple[Diagnostic, ...] = tuple(ordered)
        #: The first :data:`MAX_DIAGNOSTICS` of them, which the message shows.
        self.diagnostics: tuple[Diagnostic, ...] = tuple(ordered[:MAX_DIAGNOSTICS])
        super().__init__(self.render())

    @property
    def io_failure(self) -> bool:
        """Whether the system failed to read a file of the pack (a permission, a device error): exit 6."""
        return any(d.io_failure for d in self.all_diagnostics)

    @property
    def first(self) -> Diagnostic:
        """The first diagnostic in file order."""
        return self.diagnostics[0]

    def render(self, lang: Lang = "en") -> str:
        """All diagnostics in ``lang``, one block each, and how many were left out."""
        blocks = [d.render(lang) for d in self.diagnostics]
        if self.total > len(self.diagnostics):
            from commitrules.messages import message  # noqa: PLC0415 - the catalogue loads on first use

            blocks.append(message("render.more_errors", lang, count=self.total - len(self.diagnostics)))
        return "\n".join(blocks)


class PolicySyntaxError(PolicyError):
    """The YAML itself is broken: syntax, encoding, duplicate keys, aliases, size."""

    code = "policy_syntax_error"


class PolicyValidationError(PolicyError):
    """The YAML parses but does not make a valid pack: shape, names, types, graph."""

    code = "policy_validation_error"


@dataclass(frozen=True, slots=True)
class CaseError:
    """One problem in a case document: where (JSON path), what was expected, what was found.

    ``message`` and ``expected`` are English (the HTTP API shows them; a batch's error records say them
    in the command's language, :meth:`words`);
    ``text`` and ``expected_text``, when set, say the same from the catalogues, for :meth:`render` in
    another language.
    """

    path: str
    message: str
    expected: str = ""
    found: str = ""
    source: str = ""
    text: Text | None = field(default=None, compare=False)
    expected_text: Text | None = field(default=None, compare=False)
    found_text: Text | None = field(default=None, compare=False)
    at: tuple[int, int] | None = field(default=None, compare=False)
    """The 1-based line and column in ``source`` (a file that could not be read as YAML or JSON)."""
    io_failure: bool = field(default=False, compare=False)
    """The system failed to read an input that is there (a permission, a device error): no fault of its content."""

    @classmethod
    def of(  # noqa: PLR0913 - the fields, and whether the system failed to read
        cls,
        path: str,
        text: Text,
        expected: Text | str = "",
        found: Text | str = "",
        source: str = "",
        *,
        io_failure: bool = False,
    ) -> CaseError:
        """A case error whose message (and expectation, and what was found) are catalogue texts."""
        expected_text = expected if not isinstance(expected, str) else None
        found_text = found if not isinstance(found, str) else None
        return cls(
            path, str(text), str(expected), str(found), source, text, expected_text, found_text, io_failure=io_failure
        )

    def words(self, lang: Lang = "en") -> tuple[str, str, str]:
        """The message, what was expected and what was found, in ``lang`` (English: the fields as they are)."""
        if lang == "en":
            return self.message, self.expected, self.found
        said = self.text.in_(lang) if self.text is not None else self.message
        expected = self.expected_text.in_(lang) if self.expected_text is not None else self.expected
        found = self.found_text.in_(lang) if self.found_text is not None else self.found
        return said, expected, found

    def render(self, lang: Lang = "en") -> str:
        """``source: $.path: message (expected X, found Y)``, in ``lang`` (``source:line:column: ...`` with ``at``)."""
        from commitrules.messages import message  # noqa: PLC0415 - the messages module imports this one

        where = f"{printable(self.source)}: " if self.source else ""
        if self.at is not None:
            where = f"{printable(self.source)}:{self.at[0]}:{self.at[1]}: "
        said, expected, found = self.words(lang)
        detail = []
        if expected:
            detail.append(message("case.expected", lang, expected=expected))
        if found:
            detail.append(message("case.found", lang, found=found))
        tail = message("case.detail", lang, detail=message("case.sep", lang).join(detail)) if detail else ""
        return f"{where}{printable(self.path)}: {said}{tail}"

    def to_dict(self) -> dict[str, str]:
        """The error as JSON-ready data."""
        return {
            "source": self.source,
            "path": self.path,
            "message": self.message,
            "expected": self.expected,
            "found": self.found,
        }


class CaseValidationError(CommitRulesError):
    """A case document does not match its typed model."""

    code = "invalid_case"

    def __init__(self, errors: Sequence[CaseError]) -> None:
        self.errors = tuple(errors)
        super().__init__("\n".join(e.render() for e in self.errors))

    def with_source(self, source: str) -> CaseValidationError:
        """The same errors, attributed to a file or input line."""
        return CaseValidationError([dataclasses.replace(e, source=source) for e in self.errors])


class EvaluationError(CommitRulesError):
    """An engine failed while evaluating a valid case against a valid pack (a bug, never bad input)."""

    code = "evaluation_error"


class EngineUnavailableError(CommitRulesError):
    """The engine asked for is not installed (``rete`` needs the ``commitrules[rete]`` extra)."""

    code = "engine_unavailable"


class DistributedRunError(CommitRulesError):
    """A batch on a Dask cluster cannot run: the scheduler is unreachable, or a partial run cannot be resumed."""


class UnknownLanguageError(CommitRulesError, ValueError):
    """An explanation was asked for in a language commitrules does not write (it writes ``zh`` and ``en``)."""

    code = "unknown_language"

    def __init__(self, lang: object, known: Sequence[str]) -> None:
        self.lang = lang
        super().__init__(
            f"unknown_language: Unknown language {lang!r}; choose one of " + ", ".join(f"'{k}'" for k in known)
        )


def display_path(path: Path | str) -> str:
    """A path as the user gave it, relative to the working directory when inside it."""
    p = Path(path)
    try:  # abspath, not resolve: a link is shown by its own name, not its target's
        return str(Path(os.path.abspath(p)).relative_to(os.path.abspath(Path.cwd())))  # noqa: PTH100
    except ValueError:
        return str(p)
