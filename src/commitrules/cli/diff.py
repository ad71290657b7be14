"""``commitrules diff``: what changes from one pack to another: rules, settings, and decided cases.

``diff OLD_DIR NEW_DIR`` compares two folders; ``diff --against REV [NEW_DIR]`` compares the pack in
NEW_DIR (default ``policies/``) with the same folder as committed at the git revision REV, so that
policy staff preview their change against ``HEAD`` before committing it.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import sys
from contextlib import ExitStack
from typing import TYPE_CHECKING, Any

from commitrules import load_policies
from commitrules.cli._common import (
    EXIT_CASE,
    EXIT_IO,
    EXIT_OK,
    EXIT_USAGE,
    error,
    lang_of,
    policy_exit,
    print_case_errors,
    resolve_as_of_arg,
)
from commitrules.errors import CaseValidationError, PolicyError
from commitrules.io.case_files import read_cases
from commitrules.messages import Lang, message
from commitrules.policy.pack import PolicyPack

__all__ = ["DEFAULT_PACK", "register", "run"]

#: The folder ``--against`` compares when no NEW_DIR is given.
DEFAULT_PACK = "policies"

if TYPE_CHECKING:
    from commitrules.authoring.diff import PolicyDiff


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add the command's parser."""
    parser: argparse.ArgumentParser = subparsers.add_parser("diff", help=message("help.diff", "en"))
    parser.add_argument("old", metavar="OLD_DIR", nargs="?", help=message("help.diff.old", "en"))
    parser.add_argument("new", metavar="NEW_DIR", nargs="?", help=message("help.diff.new", "en"))
    parser.add_argument("--against", metavar="REV", default=None, help=message("help.diff.against", "en"))
    parser.add_argument("--cases", nargs="*", default=[], metavar="PATH", help=message("help.diff.cases", "en"))
    parser.add_argument("--as-of", default=None, help=message("help.arg.as_of", "en"))
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--lang", choices=("zh", "en"), default=None, help=message("help.report_lang", "en"))
    return parser


def _folders(args: argparse.Namespace, stack: ExitStack) -> tuple[str, str] | str:
    """(old, new) folders to compare, or the message id of a usage problem."""
    from commitrules.authoring.revision import pack_at_revision  # noqa: PLC0415 - git, only for --against

    if args.against is None:
        if args.old is None or args.new is None:
            return "cli.diff_needs_two"
        return args.old, args.new
    if args.new is not None:
        return "cli.against_two_dirs"
    new = args.old if args.old is not None else DEFAULT_PACK
    old = stack.enter_context(pack_at_revision(new, args.against))
    return str(old), new


def run(args: argparse.Namespace) -> int:
    """Compare the packs and replay the cases; 1 bad cases, 2 usage, 3 a pack does not load."""
    lang = lang_of(args)
    report_lang: Lang = lang  # as every command's: --lang, else the locale, else English
    as_of = resolve_as_of_arg(args)
    if as_of is None:
        return EXIT_USAGE
    from commitrules.authoring.revision import RevisionError  # noqa: PLC0415 - not at every command's start

    with ExitStack() as stack:
        try:
            folders = _folders(args, stack)
        except RevisionError as exc:
            error(message(exc.reason, lang, rev=exc.rev, directory=exc.directory, path=exc.path), lang)
            return EXIT_USAGE
        if isinstance(folders, str):
            error(message(folders, lang), lang)
            return EXIT_USAGE
        packs = []
        for directory in folders:
            try:
                pack = load_policies(directory)
                if args.against and directory == folders[0]:  # name it as it was asked for, not the temp folder
                    pack = dataclasses.replace(pack, source=f"{folders[1]}@{args.against}")
                packs.append(pack)
            except PolicyError as exc:
                sys.stderr.write(exc.render(lang) + "\n")
                against = directory == folders[0] and args.against
                shown = f"{args.old or DEFAULT_PACK}@{args.against}" if against else directory
                sys.stderr.write("\n" + message("cli.pack_does_not_load", lang, directory=shown) + "\n")
                return policy_exit(exc)
        return _compare(args, packs, as_of, lang, report_lang)


def _compare(args: argparse.Namespace, packs: list[PolicyPack], as_of: dt.date, lang: Lang, report_lang: Lang) -> int:
    from commitrules.authoring.diff import diff_packs  # noqa: PLC0415 - not at start: `evaluate` goes without it

    cases, errors = read_cases(args.cases, vocabulary=packs[1].vocabulary)
    result: PolicyDiff | None = None
    if not errors:
        try:
            result = diff_packs(packs[0], packs[1], cases, as_of)
        except CaseValidationError as exc:
            errors.extend(exc.errors)
    if errors or result is None:
        print_case_errors(errors, message("cli.cases_not_compared", lang), lang)
        return EXIT_IO if any(e.io_failure for e in errors) else EXIT_CASE  # a file the system failed to read: 6
    if args.format == "json":
        sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(result.render(report_lang, frame_lang=lang))
    return EXIT_OK
