"""``commitrules audit-report``: the audit report as Markdown and one static HTML file.

``commitrules audit-report --junit reports/features.xml --out DIR`` writes ``DIR/audit-report.md`` and
``DIR/audit-report.html`` (self-contained: inline style and diagrams, no script). Without ``--junit`` the
scenarios show as not run. ``commitrules trace --clause ID`` prints one clause of the same report
(:func:`print_clause`). The report itself is :mod:`commitrules.audit.report`, the one source of these
files and of the service's ``/audit`` page.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from commitrules import load_policies
from commitrules.cli._common import (
    EXIT_GAPS,
    EXIT_IO,
    EXIT_MISSING,
    EXIT_OK,
    EXIT_USAGE,
    error,
    lang_of,
    pack_files,
    policy_exit,
    write_text,
)
from commitrules.errors import PolicyError
from commitrules.io.atomic import write_whole_text
from commitrules.io.probe import is_dir, is_file
from commitrules.messages import message, os_reason

if TYPE_CHECKING:
    from commitrules.audit.report import AuditReport

__all__ = ["add_report_arguments", "load_report", "print_clause", "register", "run"]


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add the command's parser."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "audit-report",
        help="write the audit report (clause -> rules -> scenarios -> last results) as Markdown and HTML",
        description="The audit report: every clause of the founding document with its text, the rules citing "
        "it, the scenarios specifying them and their last results, for one pack digest.",
        epilog="Exit codes: 0 written; 1 results of another pack (or of several) or an invalid feature file; "
        "2 usage; 3 invalid policies; 4 the Gherkin parser is not installed; 6 a file could not be written.",
    )
    parser.add_argument(
        "--features", default="features", metavar="DIR", help="the folder of feature files (default: ./features)"
    )
    parser.add_argument("--policies", default=None, metavar="DIR", help="the pack's folder (default: bundled)")
    add_report_arguments(parser)
    parser.add_argument(
        "--out",
        default="reports",
        metavar="DIR",
        help="the folder to write audit-report.md and audit-report.html to (default: ./reports)",
    )
    return parser


def add_report_arguments(parser: argparse.ArgumentParser) -> None:
    """The options the report adds to a command that has ``--features`` and ``--policies`` already."""
    parser.add_argument(
        "--junit",
        default=None,
        metavar="XML",
        help="the JUnit XML of a specification run ('python -m pytest features --junitxml=XML')",
    )
    parser.add_argument("--lang", choices=("zh", "en"), default=None, help=message("help.report_lang", "en"))


def load_report(args: argparse.Namespace) -> AuditReport | int:
    """The report the arguments ask for, or the exit code after printing why it cannot be made."""
    # the audit stage loads only for the commands that report: not at every command's start
    from commitrules.audit.features import FeatureSyntaxError, GherkinUnavailableError, feature_files  # noqa: PLC0415
    from commitrules.audit.report import ReportError, build_report  # noqa: PLC0415

    features = Path(args.features)
    if not is_dir(features) or not feature_files(features):
        error(message("cli.no_features", lang_of(args), features=args.features), lang_of(args))
        return EXIT_USAGE
    junit = Path(args.junit) if args.junit else None
    if junit is not None and not is_file(junit):
        error(message("cli.no_junit", lang_of(args), junit=args.junit), lang_of(args))
        return EXIT_USAGE
    try:
        pack = load_policies(args.policies)
    except PolicyError as exc:
        sys.stderr.write(exc.render(lang_of(args)) + "\n")
        return policy_exit(exc)
    try:
        return build_report(pack, features, junit)
    except GherkinUnavailableError as exc:
        error(exc.message_in(lang_of(args)), lang_of(args))
        return EXIT_MISSING
    except (ReportError, FeatureSyntaxError) as exc:
        error(exc.message_in(lang_of(args)), lang_of(args))
        return EXIT_GAPS


def run(args: argparse.Namespace) -> int:
    """Write the Markdown and the HTML report; print where."""
    from commitrules.audit.render import render_html_document, render_markdown  # noqa: PLC0415 - see load_report
    from commitrules.audit.svg import pack_diagrams  # noqa: PLC0415 - networkx, not at every command's start

    report = load_report(args)
    if isinstance(report, int):
        return report
    # both made before either is written: an interrupted run leaves the last report's pair as it was
    markdown_text = render_markdown(report, lang_of(args))
    lang = lang_of(args)
    html_text = render_html_document(report, lang, pack_diagrams(load_policies(args.policies), lang))
    out = Path(args.out)
    markdown, html = out / "audit-report.md", out / "audit-report.html"
    try:
        out.mkdir(parents=True, exist_ok=True)
        write_whole_text(markdown, markdown_text)
        write_whole_text(html, html_text)
    except OSError as exc:
        error(message("cli.cannot_write", lang_of(args), target=args.out, reason=os_reason(exc)), lang_of(args))
        return EXIT_IO
    s = report.summary()
    sys.stdout.write(f"{markdown}\n{html}\n" + message("cli.audit_summary", lang_of(args), **s) + "\n")
    return EXIT_OK


def print_clause(args: argparse.Namespace) -> int:
    """``commitrules trace --clause ID``: one clause of the report on standard output (or ``--out``)."""
    from commitrules.audit.features import feature_files  # noqa: PLC0415 - see load_report
    from commitrules.audit.render import render_clause_markdown  # noqa: PLC0415
    from commitrules.audit.report import ReportError  # noqa: PLC0415

    report = load_report(args)
    if isinstance(report, int):
        return report
    try:
        clause = report.clause(args.clause)
    except ReportError as exc:
        error(exc.message_in(lang_of(args)), lang_of(args))
        return EXIT_USAGE
    text = render_clause_markdown(clause, lang_of(args))
    if report.run is not None:
        run = report.run
        said = message(
            "report.line.clause_results",
            lang_of(args),
            version=report.pack_version,
            digest=report.pack_digest,
            source=run.source,
            timestamp=run.timestamp,
        )
        text += f"\n{said}\n"
    inputs = [*pack_files(args.policies), *feature_files(Path(args.features))]
    if args.junit:
        inputs.append(Path(args.junit))
    write_text(text, args.out, inputs)  # trace's --out, as for the matrix
    return EXIT_OK if clause.status != "uncovered" and clause.result != "failed" else EXIT_GAPS
