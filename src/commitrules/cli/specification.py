"""``commitrules specification``: the feature files with each scenario's test result."""

from __future__ import annotations

import argparse
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from commitrules.cli._common import EXIT_GAPS, EXIT_MISSING, EXIT_OK, EXIT_USAGE, error, lang_of, write_text
from commitrules.io.probe import is_dir, is_file
from commitrules.messages import message, xml_reason


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add the command's parser."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "specification",
        help="render the feature files with each scenario's test result (living documentation)",
        description="Render the feature files as Markdown with the result of each scenario and example row, "
        "taken from the JUnit XML of a test run (pytest --junitxml).",
        epilog="Exit codes: 0 written; 1 a feature file is not valid Gherkin; 2 usage (no features, no JUnit "
        "file); 4 the Gherkin parser is not installed.",
    )
    parser.add_argument("--junit", required=True, metavar="FILE", help="the JUnit XML of the test run")
    parser.add_argument(
        "--features", default="features", metavar="DIR", help="the folder of feature files (default: ./features)"
    )
    parser.add_argument("--out", default=None, metavar="FILE", help="write to this file instead of standard output")
    return parser


def run(args: argparse.Namespace) -> int:
    """Write the living documentation; return the exit code."""
    # the audit stage loads only for this command, not at every command's start
    from commitrules.audit.features import FeatureSyntaxError, GherkinUnavailableError, feature_files  # noqa: PLC0415
    from commitrules.audit.specification import read_junit, render_specification  # noqa: PLC0415

    features, junit = Path(args.features), Path(args.junit)
    if not is_dir(features) or not feature_files(features):
        error(message("cli.no_features", lang_of(args), features=args.features), lang_of(args))
        return EXIT_USAGE
    if not is_file(junit):
        error(message("cli.no_junit", lang_of(args), junit=args.junit), lang_of(args))
        return EXIT_USAGE
    command = f"commitrules specification --junit {args.junit}" + (f" --out {args.out}" if args.out else "")
    try:
        if not read_junit(junit)[0]:  # another run's XML (the unit tests'), or no JUnit at all: every scenario
            # would be shown 'not run', exit 0, as if the features had not been run
            error(message("audit.junit_empty", lang_of(args), junit=args.junit), lang_of(args))
            return EXIT_USAGE
        text = render_specification(features, junit, command)
    except (GherkinUnavailableError, FeatureSyntaxError) as exc:
        error(exc.message_in(lang_of(args)), lang_of(args))
        return EXIT_MISSING if isinstance(exc, GherkinUnavailableError) else EXIT_GAPS
    except ET.ParseError as exc:
        error(message("cli.not_junit", lang_of(args), junit=args.junit, detail=xml_reason(exc)), lang_of(args))
        return EXIT_USAGE
    write_text(text, args.out, [junit, *feature_files(features)])
    return EXIT_OK
