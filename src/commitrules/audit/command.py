"""``commitrules audit-report``: the audit report as Markdown and one static HTML file.

``commitrules audit-report --junit reports/features.xml --out DIR`` writes ``DIR/audit-report.md`` and
``DIR/audit-report.html`` (self-contained: inline style and diagrams, no script). Without ``--junit`` the
scenarios show as not run. Exit codes: 0 written; 1 the results belong to another pack or to several,
or a feature file is invalid; 2 usage; 3 invalid policies; 4 the Gherkin parser is not installed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from commitrules.audit.render import render_clause_markdown, render_html_document, render_markdown
from commitrules.audit.report import AuditReport, ReportError, build_report
from commitrules.audit.svg import pack_diagrams
from commitrules.errors import PolicyError
from commitrules.trace import FeatureSyntaxError, GherkinUnavailableError, feature_files

__all__ = ["print_clause", "register"]

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_POLICY, EXIT_MISSING = 0, 1, 2, 3, 4


def register(subparsers: Any) -> None:
    """Add ``commitrules audit-report`` to the command line."""
    parser = subparsers.add_parser(
        "audit-report",
        help="write the audit report (clause -> rules -> scenarios -> last results) as Markdown and HTML",
        description="The audit report: every clause of the founding document with its text, the rules citing "
        "it, the scenarios specifying them and their last results, for one pack digest.",
        epilog="Exit codes: 0 written; 1 results of another pack (or of several) or an invalid feature file; "
        "2 usage; 3 invalid policies; 4 the Gherkin parser is not installed.",
    )
    add_report_arguments(parser)
    parser.add_argument(
        "--out",
        default="reports",
        metavar="DIR",
        help="the folder to write audit-report.md and audit-report.html to (default: ./reports)",
    )
    parser.set_defaults(func=run_audit_report)
    trace = subparsers.choices.get("trace")
    if trace is not None:  # `trace --clause ID`: one clause of the report (trace itself cannot import the report)
        _extend_trace(trace)


def _extend_trace(trace: argparse.ArgumentParser) -> None:
    """Give ``commitrules trace`` the ``--clause`` option, which prints one clause of the report."""
    matrix = trace.get_default("func")
    trace.add_argument(
        "--clause",
        default=None,
        metavar="ID",
        help="print one clause of the audit report instead (e.g. 二(二)3): its text, rules, "
        "scenarios and their last results",
    )
    trace.add_argument(
        "--junit",
        default=None,
        metavar="XML",
        help="with --clause: the JUnit XML of a specification run, for the results",
    )
    trace.add_argument("--lang", choices=("zh", "en"), default="zh", help="with --clause: language (default: zh)")

    def run(args: argparse.Namespace) -> int:
        return print_clause(args) if args.clause is not None else int(matrix(args))

    trace.set_defaults(func=run)


def add_report_arguments(parser: argparse.ArgumentParser) -> None:
    """The options the report shares with ``trace --clause``."""
    parser.add_argument(
        "--junit",
        default=None,
        metavar="XML",
        help="the JUnit XML of a specification run (python -m pytest features --junitxml=XML)",
    )
    parser.add_argument(
        "--features", default="features", metavar="DIR", help="the folder of feature files (default: ./features)"
    )
    parser.add_argument("--policies", default=None, metavar="DIR", help="the pack's folder (default: bundled)")
    parser.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the report (default: zh)")


def _error(message: str) -> None:
    sys.stderr.write(f"commitrules: error: {message}\n")


def load_report(args: argparse.Namespace) -> AuditReport | int:
    """The report the arguments ask for, or the exit code after printing why it cannot be made."""
    from commitrules import load_policies  # noqa: PLC0415 - commitrules imports the CLI lazily

    features = Path(args.features)
    if not features.is_dir() or not feature_files(features):
        _error(f"no feature files in '{args.features}'; pass --features DIR / 找不到场景文件")
        return EXIT_USAGE
    junit = Path(args.junit) if args.junit else None
    if junit is not None and not junit.is_file():
        _error(
            f"no JUnit XML at '{args.junit}' / 找不到测试结果; run: python -m pytest features --junitxml={args.junit}"
        )
        return EXIT_USAGE
    try:
        pack = load_policies(args.policies)
    except PolicyError as exc:
        sys.stderr.write(exc.render() + "\n")
        return EXIT_POLICY
    try:
        return build_report(pack, features, junit)
    except GherkinUnavailableError as exc:
        _error(str(exc))
        return EXIT_MISSING
    except (ReportError, FeatureSyntaxError) as exc:
        _error(str(exc))
        return EXIT_FAILED


def run_audit_report(args: argparse.Namespace) -> int:
    """Write the Markdown and the HTML report; print where."""
    from commitrules import load_policies  # noqa: PLC0415

    report = load_report(args)
    if isinstance(report, int):
        return report
    out = Path(args.out)
    try:
        out.mkdir(parents=True, exist_ok=True)
        markdown, html = out / "audit-report.md", out / "audit-report.html"
        markdown.write_text(render_markdown(report, args.lang), encoding="utf-8")
        diagrams = pack_diagrams(load_policies(args.policies), args.lang)
        html.write_text(render_html_document(report, args.lang, diagrams), encoding="utf-8")
    except OSError as exc:
        _error(f"cannot write to '{args.out}': {exc.strerror}")
        return EXIT_USAGE
    s = report.summary()
    sys.stdout.write(
        f"{markdown}\n{html}\n{s['clauses']} clauses: {s['covered']} covered, {s['excused']} excused, "
        f"{s['uncovered']} uncovered; {s['passed']} passed, {s['failed']} failed\n"
    )
    return EXIT_OK


def print_clause(args: argparse.Namespace) -> int:
    """``commitrules trace --clause ID``: one clause of the report on standard output."""
    report = load_report(args)
    if isinstance(report, int):
        return report
    try:
        clause = report.clause(args.clause)
    except ReportError as exc:
        _error(str(exc))
        return EXIT_USAGE
    sys.stdout.write(render_clause_markdown(clause, args.lang))
    if report.run is not None:
        sys.stdout.write(
            f"\npack {report.pack_version} {report.pack_digest}; results: {report.run.source} "
            f"({report.run.timestamp})\n"
        )
    return EXIT_OK if clause.status != "uncovered" and clause.result != "failed" else EXIT_FAILED
