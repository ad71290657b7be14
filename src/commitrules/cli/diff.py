"""``commitrules diff``: what changes from one pack to another: rules, settings, and decided cases."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from commitrules import load_policies
from commitrules.authoring.diff import PolicyDiff, diff_packs
from commitrules.cli._common import EXIT_CASE, EXIT_OK, EXIT_POLICY, EXIT_USAGE, print_case_errors, resolve_as_of_arg
from commitrules.errors import CaseValidationError, PolicyError
from commitrules.io.case_files import read_cases


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add the command's parser."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "diff", help="what changes from one pack to another: rules, settings, and decided cases"
    )
    parser.add_argument("old", metavar="OLD_DIR", help="the pack as it is (e.g. the bundled 'policies/')")
    parser.add_argument("new", metavar="NEW_DIR", help="the pack as it would be")
    parser.add_argument(
        "--cases", nargs="*", default=[], metavar="PATH", help="case files or folders to decide with both packs"
    )
    parser.add_argument("--as-of", default=None, help="judge the cases as of this date (YYYY-MM-DD; default today)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the explanations")
    return parser


def run(args: argparse.Namespace) -> int:
    """Compare the packs and replay the cases; 1 bad cases, 2 usage, 3 a pack does not load."""
    as_of = resolve_as_of_arg(args)
    if as_of is None:
        return EXIT_USAGE
    packs = []
    for directory in (args.old, args.new):
        try:
            packs.append(load_policies(directory))
        except PolicyError as exc:
            sys.stderr.write(exc.render() + "\n")
            sys.stderr.write(f"\nThe pack in '{directory}' does not load; nothing was compared.\n")
            return EXIT_POLICY
    cases, errors = read_cases(args.cases, vocabulary=packs[1].vocabulary)
    result: PolicyDiff | None = None
    if not errors:
        try:
            result = diff_packs(packs[0], packs[1], cases, as_of)
        except CaseValidationError as exc:
            errors.extend(exc.errors)
    if errors or result is None:
        print_case_errors(errors, "the cases; nothing was compared.")
        return EXIT_CASE
    if args.format == "json":
        sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(result.render(args.lang))
    return EXIT_OK
