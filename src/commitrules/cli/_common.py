"""What the commands share: the exit codes and the printing of errors that several commands report."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from commitrules._bundled import bundled_policies_dir
from commitrules.engine import resolve_as_of
from commitrules.errors import MAX_DIAGNOSTICS, CaseError, CaseValidationError, Diagnostic, PolicyError
from commitrules.io.atomic import same_file, write_whole_text
from commitrules.messages import Lang, Text, message

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
    "OutputIsInputError",
    "ascii_int",
    "error",
    "lang_of",
    "max_errors",
    "output_is_input",
    "pack_files",
    "policy_exit",
    "print_case_errors",
    "print_not_shown",
    "print_policy_error",
    "resolve_as_of_arg",
    "shown_diagnostics",
    "whole_number",
    "write_text",
]

EXIT_OK, EXIT_CASE, EXIT_USAGE, EXIT_POLICY, EXIT_ENGINE, EXIT_INTERNAL, EXIT_IO = 0, 1, 2, 3, 4, 5, 6
#: ``trace`` and ``specification``: 1 gaps or an invalid feature file, 4 the Gherkin parser is missing.
EXIT_GAPS, EXIT_MISSING = 1, 4


def lang_of(args: argparse.Namespace) -> Lang:
    """The language of a command's messages and reports (set by ``main`` from ``--lang`` and the locale).

    One rule for everything a command writes for people: ``--lang`` (before or after the command), else
    the locale (LANGUAGE as gettext reads it, LC_ALL, LC_MESSAGES, LANG: Chinese when it starts with
    ``zh``), else English.
    """
    lang = getattr(args, "ui_lang", None)
    return "zh" if lang == "zh" else "en"


def error(text: str, lang: Lang = "en") -> None:
    """Print ``commitrules: error: TEXT`` (in ``lang``) on standard error."""
    sys.stderr.write(message("cli.error", lang, message=text) + "\n")


def print_policy_error(
    exc: PolicyError, fmt: str = "text", max_errors: int = MAX_DIAGNOSTICS, lang: Lang = "en"
) -> int:
    """Report an invalid pack as text (standard error) or JSON (standard output); returns its exit code.

    At most ``max_errors`` diagnostics are shown (0: all of them); the count of all is always given.
    Text is in ``lang``.
    """
    shown = shown_diagnostics(exc.all_diagnostics, max_errors)
    if fmt == "json":
        print(
            json.dumps(
                {"ok": False, "total": exc.total, "shown": len(shown), "diagnostics": [d.to_dict() for d in shown]},
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        for diagnostic in shown:
            print(diagnostic.render(lang), file=sys.stderr)
        print_not_shown(exc.total, len(shown), lang)
        count = exc.total
        print("\n" + message(f"cli.policy_errors.{_plural(count)}", lang, count=count), file=sys.stderr)
    return policy_exit(exc)


def policy_exit(exc: PolicyError) -> int:
    """The exit code of a pack that does not load: 6 when the system failed to read one of its files, else 3.

    README: "3 invalid policies ... 6 a file could not be read or written (a full disk, a permission, a
    device error; the message names the file)". A policy file this user may not read is not a wrong one.
    """
    return EXIT_IO if exc.io_failure else EXIT_POLICY


def _plural(count: int) -> str:
    return "one" if count == 1 else "other"


def resolve_as_of_arg(args: argparse.Namespace) -> dt.date | None:
    """The date of ``--as-of`` (today when absent); None, after saying why, when it is not a date."""
    try:
        return resolve_as_of(args.as_of)
    except CaseValidationError:
        lang = lang_of(args)
        error(message("cli.bad_as_of", lang, value=args.as_of), lang)
        return None


def print_case_errors(errors: Sequence[CaseError], tail: str, lang: Lang = "en") -> None:
    """Every input error, then ``N problem(s) in the TAIL``."""
    for item in errors:
        sys.stderr.write(item.render(lang) + "\n")
    count = len(errors)
    sys.stderr.write("\n" + message(f"cli.case_problems.{_plural(count)}", lang, count=count, tail=tail) + "\n")


class OutputIsInputError(Exception):
    """``--out`` names a file the command read: writing it would destroy it (``main`` says so, exit 2)."""

    def __init__(self, text: Text) -> None:
        super().__init__(str(text))
        self.text = text


def write_text(text: str, out: str | None, inputs: Iterable[str | Path] = ()) -> None:
    """Write a command's output to ``--out`` when given (whole or not at all), else to standard output.

    Raises:
        OutputIsInputError: ``out`` is one of ``inputs`` (a policy file of the pack, a feature file, the
            JUnit XML): nothing is written.
        OSError: with ``filename`` set to ``out`` (a full disk fails in the middle of the write, where
            Python gives no name), so that ``main`` names the file (exit 6); ``out`` is then as it was.
    """
    if out:
        refused = output_is_input(out, inputs)
        if refused is not None:
            raise OutputIsInputError(refused)
        write_whole_text(out, text)
    else:
        sys.stdout.write(text)


def output_is_input(out: str, inputs: Iterable[str | Path]) -> Text | None:
    """Why ``out`` must not be written when it is one of ``inputs`` (by any name or link), else None."""
    read = next((path for path in inputs if same_file(out, path)), None)
    return None if read is None else Text("cli.output_is_input", output=out, input=str(read))


def pack_files(directory: str | Path | None) -> list[Path]:
    """The files of a pack's folder (the bundled pack's when None): what ``--out`` must not replace."""
    folder = bundled_policies_dir() if directory is None else Path(directory)
    try:
        return [p for p in folder.iterdir() if p.suffix.lower() in {".yaml", ".yml", ".lock"}]
    except OSError:
        return []


def ascii_int(text: str) -> int | None:
    """``text`` as a whole number written in ASCII digits, or None (``int`` also reads '１２' and '٣')."""
    digits = text.strip()
    sign = 1 if digits[:1] in ("+", "-") else 0  # one sign at most: int('+-1') raises
    return int(digits) if digits.isascii() and digits[sign:].isdigit() else None


def whole_number(text: str) -> int:
    """An option's whole number, in ASCII digits."""
    value = ascii_int(text)
    if value is None:
        raise argparse.ArgumentTypeError(message("cli.arg.whole", "en", value=text))
    return value


def max_errors(text: str) -> int:
    """The value of ``--max-errors``: a whole number, 0 or more (0: no limit)."""
    value = ascii_int(text)
    if value is None:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(message("cli.arg.max_errors", "en", value=text))
    return value


def shown_diagnostics(diagnostics: Sequence[Diagnostic], limit: int) -> tuple[Diagnostic, ...]:
    """The first ``limit`` of ``diagnostics`` (all of them when ``limit`` is 0)."""
    return tuple(diagnostics if limit == 0 else diagnostics[:limit])


def print_not_shown(total: int, shown: int, lang: Lang = "en") -> None:
    """Say how many diagnostics were left out, and how to see them (standard error)."""
    if total > shown:
        print(message("cli.not_shown", lang, hidden=total - shown, total=total), file=sys.stderr)
