"""What the commands share: the exit codes and the printing of errors that several commands report."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from commitrules.engine import resolve_as_of
from commitrules.errors import CaseError, CaseValidationError, PolicyError

__all__ = [
    "EXIT_CASE",
    "EXIT_ENGINE",
    "EXIT_GAPS",
    "EXIT_INTERNAL",
    "EXIT_IO",
    "EXIT_MISSING",
    "EXIT_OK",
    "EXIT_POLICY",
    "EXIT_USAGE",
    "error",
    "print_case_errors",
    "print_policy_error",
    "resolve_as_of_arg",
    "write_text",
]

EXIT_OK, EXIT_CASE, EXIT_USAGE, EXIT_POLICY, EXIT_ENGINE, EXIT_INTERNAL, EXIT_IO = 0, 1, 2, 3, 4, 5, 6
#: ``trace`` and ``specification``: 1 gaps or an invalid feature file, 4 the Gherkin parser is missing.
EXIT_GAPS, EXIT_MISSING = 1, 4


def error(message: str) -> None:
    """Print ``commitrules: error: MESSAGE`` on standard error."""
    sys.stderr.write(f"commitrules: error: {message}\n")


def print_policy_error(exc: PolicyError, fmt: str = "text") -> int:
    """Report an invalid pack as text (standard error) or JSON (standard output); returns exit 3."""
    if fmt == "json":
        print(
            json.dumps(
                {"ok": False, "diagnostics": [d.to_dict() for d in exc.diagnostics], "total": exc.total},
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        print(exc.render(), file=sys.stderr)
        count = exc.total
        print(f"\n{count} error{'s' if count != 1 else ''} in the policy pack.", file=sys.stderr)
    return EXIT_POLICY


def resolve_as_of_arg(args: argparse.Namespace) -> dt.date | None:
    """The date of ``--as-of`` (today when absent); None, after saying why, when it is not a date."""
    try:
        return resolve_as_of(args.as_of)
    except CaseValidationError:
        error(f"--as-of '{args.as_of}' is not a date (YYYY-MM-DD)")
        return None


def print_case_errors(errors: Sequence[CaseError], tail: str) -> None:
    """Every input error, then ``N problem(s) in TAIL``."""
    for item in errors:
        sys.stderr.write(item.render() + "\n")
    sys.stderr.write(f"\n{len(errors)} problem{'s' if len(errors) != 1 else ''} in {tail}\n")


def write_text(text: str, out: str | None) -> None:
    """Write a command's output to ``--out`` when given, else to standard output.

    Raises:
        OSError: with ``filename`` set to ``out`` (a full disk fails in the middle of the write, where
            Python gives no name), so that ``main`` names the file (exit 6).
    """
    if out:
        try:
            Path(out).write_text(text, encoding="utf-8")
        except OSError as exc:
            if exc.filename is None:
                exc.filename = out
            raise
    else:
        sys.stdout.write(text)
