"""The audit report: each clause of the founding document, the rules citing it, their scenarios and results.

One source for three readers: ``commitrules audit-report`` (Markdown and one static, self-contained
HTML file that needs no script and opens from a USB stick), ``commitrules trace --clause 二(二)3`` (one
clause) and the service's ``/audit`` page. :func:`build_report` joins

- the clauses of ``clauses.yaml`` (text, title, the reason a clause needs no rule);
- the traceability matrix (:mod:`commitrules.audit.trace`): the rules citing each clause and the scenarios of
  ``features/`` that assert those rules fire;
- the last results of those scenarios, from the JUnit XML of a specification run
  (``python -m pytest features --junitxml=reports/features.xml``). ``features/conftest.py`` records the
  digest and version of the pack each test ran against as JUnit properties; the report refuses results
  of several packs, and results of another pack than the one reported.

Examples:
    >>> import commitrules
    >>> report = build_report(commitrules.load_policies(), None, None)
    >>> sorted({rule.kind for rule in report.clause("二(二)3").rules})
    ['blacklist', 'verification']
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from commitrules.audit.features import SpecScenario, read_features
from commitrules.audit.specification import Result, read_junit, status_of
from commitrules.audit.trace import Matrix, build_matrix
from commitrules.errors import CommitRulesError, suggest
from commitrules.messages import Text, os_reason, xml_reason
from commitrules.policy.pack import PolicyPack

__all__ = [
    "AuditReport",
    "ClauseEntry",
    "ReportError",
    "RuleEntry",
    "RunInfo",
    "ScenarioResult",
    "build_report",
    "read_run",
]

#: The JUnit properties ``features/conftest.py`` records on every scenario test.
DIGEST_PROPERTY, VERSION_PROPERTY = "pack_digest", "pack_version"


class ReportError(CommitRulesError):
    """The report cannot be made as asked: results of several packs, of another pack, or an unknown clause."""


@dataclass(frozen=True)
class ScenarioResult:
    """A scenario (or example row) and its last result on the engines that ran it."""

    path: str
    line: int
    name: str
    language: str
    status: str
    """passed, failed, partial or not_run (see :func:`commitrules.audit.specification.status_of`)."""
    engines: tuple[str, ...]

    @property
    def where(self) -> str:
        """``zh-CN/blacklist.feature:12``."""
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class RuleEntry:
    """A rule citing the clause: its titles, the sentence it quotes, its scenarios."""

    id: str
    kind: str
    title: dict[str, str]
    quote: str | None
    scenarios: tuple[ScenarioResult, ...]


@dataclass(frozen=True)
class ClauseEntry:
    """One clause: its text, coverage status and the rules citing it."""

    id: str
    title: dict[str, str] | None
    text: str
    status: str
    """covered, excused or uncovered (as ``commitrules trace`` says)."""
    excused: dict[str, str] | None
    external: bool
    rules: tuple[RuleEntry, ...]

    @property
    def result(self) -> str:
        """Passed (every scenario passed), failed (one failed), not_run (no result), or none (no scenario)."""
        statuses = [s.status for r in self.rules for s in r.scenarios]
        if not statuses:
            return "none"
        if "failed" in statuses:
            return "failed"
        if all(s == "passed" for s in statuses):
            return "passed"
        return "not_run" if all(s == "not_run" for s in statuses) else "partial"

    @property
    def anchor(self) -> str:
        """An HTML id for the clause (its trace tag)."""
        from commitrules.audit.features import clause_tag  # noqa: PLC0415 - keeps the import list of the module short

        return clause_tag(self.id)


@dataclass(frozen=True)
class RunInfo:
    """The specification run the results come from."""

    source: str
    tests: int
    timestamp: str
    pack_digest: str
    pack_version: str


@dataclass(frozen=True)
class AuditReport:
    """The whole report."""

    pack_name: str
    pack_version: str
    pack_digest: str
    generated: str
    run: RunInfo | None
    clauses: tuple[ClauseEntry, ...]
    problems: tuple[Text, ...]
    """The matrix's problems, said in the report's language when rendered (English in JSON)."""
    features: bool
    """Whether feature files were read (without them no clause has scenarios)."""

    def clause(self, clause_id: str) -> ClauseEntry:
        """The entry of ``clause_id``.

        Raises:
            ReportError: the pack has no such clause (with the closest id).
        """
        for clause in self.clauses:
            if clause.id == clause_id:
                return clause
        close = suggest(clause_id, [c.id for c in self.clauses])
        if close:
            raise ReportError(Text("audit.no_clause_guess", clause=clause_id, guess=close))
        raise ReportError(Text("audit.no_clause", clause=clause_id))

    def summary(self) -> dict[str, int]:
        """Clause counts by status and by result, for the header."""
        out = {"clauses": len(self.clauses)}
        for status in ("covered", "excused", "uncovered"):
            out[status] = sum(1 for c in self.clauses if c.status == status)
        for result in ("passed", "failed", "partial", "not_run"):
            out[result] = sum(1 for c in self.clauses if c.result == result)
        return out


def read_run(junit: Path) -> tuple[dict[tuple[str, int], list[Result]], RunInfo]:
    """The results of a specification run and the one pack they belong to.

    Raises:
        ReportError: the file is not JUnit XML, holds no scenario results, lacks the pack digest, or holds
            results of more than one pack.
    """
    try:
        results, facts = read_junit(junit)
        root = ET.parse(junit).getroot()  # noqa: S314 - the project's own test report
    except ET.ParseError as exc:
        raise ReportError(Text("audit.junit_unreadable", junit=str(junit), detail=xml_reason(exc))) from None
    except OSError as exc:
        raise ReportError(Text("audit.junit_unreadable", junit=str(junit), detail=os_reason(exc))) from None
    if not results:
        raise ReportError(Text("audit.junit_empty", junit=str(junit)))
    digests: dict[str, str] = {}
    unmarked = 0
    for case in root.iter("testcase"):
        props = {p.get("name"): p.get("value") for p in case.iter("property")}
        if not props.get("feature"):
            continue
        digest = props.get(DIGEST_PROPERTY)
        if not digest:
            unmarked += 1
            continue
        digests.setdefault(digest, props.get(VERSION_PROPERTY) or "")
    if unmarked or not digests:
        raise ReportError(Text("audit.junit_unmarked", junit=str(junit), count=unmarked, property=DIGEST_PROPERTY))
    if len(digests) > 1:
        listed = ", ".join(d[:19] for d in digests)
        raise ReportError(Text("audit.junit_mixed", junit=str(junit), count=len(digests), digests=listed))
    digest, version = next(iter(digests.items()))
    return results, RunInfo(junit.name, int(facts["tests"]), facts["timestamp"], digest, version)


def _scenario(scenario: SpecScenario, results: dict[tuple[str, int], list[Result]] | None) -> ScenarioResult:
    found = results.get((scenario.path, scenario.line), []) if results is not None else []
    engines = tuple(sorted({r.engine for r in found if r.status != "skipped" and r.engine}))
    return ScenarioResult(scenario.path, scenario.line, scenario.name, scenario.language, status_of(found), engines)


def build_report(pack: PolicyPack, features: Path | None, junit: Path | None) -> AuditReport:
    """The report of ``pack``, with the scenarios under ``features`` and the results in ``junit``.

    Either may be None: without features no clause has scenarios; without results every scenario is
    ``not_run``.

    Raises:
        ReportError: the results belong to another pack, or to several (see :func:`read_run`).
        commitrules.audit.features.GherkinUnavailableError: the Gherkin parser is missing.
        commitrules.audit.features.FeatureSyntaxError: a feature file is not valid Gherkin.
    """
    results, run = read_run(junit) if junit is not None else (None, None)
    if run is not None and run.pack_digest != pack.digest:
        raise ReportError(
            Text(
                "audit.junit_other_pack",
                junit=str(junit),
                run_version=run.pack_version,
                run_digest=run.pack_digest[:19],
                version=pack.version,
                digest=pack.digest[:19],
            )
        )
    scenarios = read_features(features) if features is not None else []
    matrix: Matrix = build_matrix(pack, scenarios, str(features or ""))
    quotes = {rule.id: rule.quote for rule in pack.rules()}
    clauses = []
    for trace in matrix.clauses:
        rules = tuple(
            RuleEntry(
                rule.id,
                rule.kind,
                dict(rule.title),
                quotes[rule.id],
                tuple(_scenario(s, results) for s in rule.scenarios),
            )
            for rule in trace.rules
        )
        source = pack.clauses[trace.id]
        clauses.append(
            ClauseEntry(
                trace.id,
                dict(trace.title) if trace.title else None,
                source.text,
                trace.status,
                dict(trace.excused) if trace.excused else None,
                trace.external,
                rules,
            )
        )
    problems = tuple(matrix.findings) if features is not None else ()
    return AuditReport(
        pack.name,
        pack.version,
        pack.digest,
        dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        run,
        tuple(clauses),
        problems,
        features is not None,
    )


def report_data(report: AuditReport) -> dict[str, Any]:
    """The report as JSON-ready data (the ``/api/audit`` answer)."""
    return {
        "pack": {"name": report.pack_name, "version": report.pack_version, "digest": report.pack_digest},
        "run": None if report.run is None else vars(report.run),
        "summary": report.summary(),
        "clauses": [
            {
                "id": c.id,
                "title": c.title,
                "text": c.text,
                "status": c.status,
                "result": c.result,
                "excused": c.excused,
                "external": c.external,
                "rules": [
                    {
                        "id": r.id,
                        "kind": r.kind,
                        "title": r.title,
                        "quote": r.quote,
                        "scenarios": [{**vars(s), "engines": list(s.engines)} for s in r.scenarios],
                    }
                    for r in c.rules
                ],
            }
            for c in report.clauses
        ],
        "problems": [str(p) for p in report.problems],
    }
