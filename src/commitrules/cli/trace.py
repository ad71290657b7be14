"""``commitrules trace``: the traceability matrix clause -> rules -> scenarios."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from commitrules import load_policies
from commitrules.cli._common import (
    EXIT_GAPS,
    EXIT_MISSING,
    EXIT_OK,
    EXIT_USAGE,
    error,
    lang_of,
    pack_files,
    policy_exit,
    write_text,
)
from commitrules.cli.audit_report import add_report_arguments, print_clause
from commitrules.errors import PolicyError
from commitrules.io.probe import is_dir
from commitrules.messages import message


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add the command's parser."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "trace",
        help="print the traceability matrix clause -> rules -> scenarios",
        description="The traceability matrix from each clause of the founding document to the rules citing "
        "it and the scenarios of the feature files asserting that those rules fire.",
        epilog="Exit codes: 0 every clause covered or excused and every rule specified; 1 gaps or problems "
        "(listed); 2 usage; 3 invalid policies; 4 the Gherkin parser is not installed.",
    )
    parser.add_argument(
        "--features", default="features", metavar="DIR", help="the folder of feature files (default: ./features)"
    )
    parser.add_argument("--policies", default=None, metavar="DIR", help="the pack's folder (default: bundled)")
    parser.add_argument("--format", choices=("markdown", "json"), default="markdown")
    parser.add_argument("--out", default=None, metavar="FILE", help="write to this file instead of standard output")
    parser.add_argument(
        "--clause",
        default=None,
        metavar="ID",
        help="print one clause of the audit report instead (e.g. 二(二)3): its text, rules, "
        "scenarios and their last results (with --junit XML, which applies to --clause only)",
    )
    add_report_arguments(parser)
    return parser


def run(args: argparse.Namespace) -> int:  # noqa: PLR0911 - one exit code per documented outcome
    """Build the matrix, print it, and return the exit code (``--clause``: one clause of the audit report)."""
    lang = lang_of(args)
    if args.clause is None and args.junit is not None:  # the matrix has no results: --junit would say nothing
        error(message("cli.trace_junit_without_clause", lang, junit=args.junit), lang)
        return EXIT_USAGE
    if args.clause is not None and args.format != "markdown":
        error(message("cli.trace_format_with_clause", lang), lang)
        return EXIT_USAGE
    if args.clause is not None:
        return print_clause(args)
    # the audit stage loads only for this command, not at every command's start
    from commitrules.audit.features import (  # noqa: PLC0415
        FeatureSyntaxError,
        GherkinUnavailableError,
        feature_files,
        read_features,
    )
    from commitrules.audit.trace import build_matrix, render_json, render_markdown  # noqa: PLC0415

    features = Path(args.features)
    if not is_dir(features) or not feature_files(features):
        error(message("cli.no_features", lang_of(args), features=args.features), lang_of(args))
        return EXIT_USAGE
    try:
        pack = load_policies(args.policies)
    except PolicyError as exc:
        sys.stderr.write(exc.render(lang_of(args)) + "\n")
        return policy_exit(exc)
    try:
        scenarios = read_features(features)
    except GherkinUnavailableError as exc:
        error(exc.message_in(lang_of(args)), lang_of(args))
        return EXIT_MISSING
    except FeatureSyntaxError as exc:
        error(exc.message_in(lang_of(args)), lang_of(args))
        return EXIT_GAPS
    matrix = build_matrix(pack, scenarios, args.features)
    text = render_json(matrix) if args.format == "json" else render_markdown(matrix, lang_of(args))
    write_text(text, args.out, [*pack_files(args.policies), *feature_files(features)])
    if matrix.problems:
        s = matrix.summary()
        sys.stderr.write(message("cli.trace_problems", lang_of(args), **s) + "\n")
        return EXIT_GAPS
    return EXIT_OK
