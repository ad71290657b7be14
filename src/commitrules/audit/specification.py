"""Living documentation: the feature files rendered with the result of every scenario and example row.

The results come from the JUnit XML of a test run (``pytest --junitxml``), never from cucumber JSON,
which reports a scenario whose step definition is missing as passed. ``features/conftest.py`` records,
for every test, the feature file, the line of the scenario (or of the example row) and the engine as
JUnit properties; this module reads them back and puts each result beside the scenario or row it
belongs to. A scenario or row with no test in the XML is shown as not run; one that failed on either
engine as failed, with the failure's first lines. There is no "expected failure": a test marked xfail
did not pass, and is shown as failed.

``commitrules specification --junit reports/features.xml --out docs/specification.md`` writes the page.
Like ``commitrules trace`` it reads the features with the Gherkin parser of the ``dev`` extra.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from commitrules.audit.features import feature_files, parse_feature
from commitrules.messages import LANGS, message

__all__ = ["Result", "read_junit", "render_specification", "status_of"]

_STATUS_ICON = {"passed": "✅", "failed": "❌", "not_run": "⚪", "partial": "🟡"}
_STATUSES = tuple(_STATUS_ICON)


def _both(message_id: str, sep: str = " ", /, **params: object) -> str:
    """The page's words: the catalogue's Chinese, then its English (the page is for readers of either)."""
    return f"{message(message_id, 'zh', **params)}{sep}{message(message_id, 'en', **params)}"


def _status(status: str) -> str:
    """A result with its icon, in both languages (the audit report's words: ``report.passed`` ...)."""
    return f"{_STATUS_ICON[status]} {_both(f'report.{status}')}"


@dataclass(frozen=True)
class Result:
    """One test of the run: a scenario or example row on one engine."""

    status: str
    """passed, failed or skipped; a test that pytest reports as xfailed counts as failed."""
    engine: str
    message: str = ""


def read_junit(path: Path) -> tuple[dict[tuple[str, int], list[Result]], dict[str, str]]:
    """The results by (feature file, line), and facts about the run (tests, timestamp).

    Only tests carrying the ``feature`` and ``line`` properties are read: those of the feature files.
    """
    root = ET.parse(path).getroot()  # noqa: S314 - the project's own test report
    results: dict[tuple[str, int], list[Result]] = {}
    count = 0
    for case in root.iter("testcase"):
        props = {p.get("name"): p.get("value") for p in case.iter("property")}
        feature, line = props.get("feature"), props.get("line")
        if not feature or not line or not (line.isascii() and line.isdigit()):  # int() raises on "²"
            continue
        count += 1
        problem = case.find("failure")
        if problem is None:
            problem = case.find("error")
        skipped = case.find("skipped")
        if problem is not None:
            status = "failed"
            said = problem.get("message") or (problem.text or "")
        elif skipped is not None and skipped.get("type") == "pytest.xfail":
            status = "failed"
            said = f"{_both('spec.xfail', ' / ')}: {skipped.get('message') or ''}"
        elif skipped is not None:
            status, said = "skipped", skipped.get("message") or ""
        else:
            status, said = "passed", ""
        results.setdefault((feature, int(line)), []).append(Result(status, props.get("engine") or "", said))
    suites = [root, *root.iter("testsuite")]
    stamp = next((s.get("timestamp") for s in suites if s.get("timestamp")), "") or ""
    return results, {"tests": str(count), "timestamp": stamp}


def status_of(results: list[Result]) -> str:
    """The status of a scenario or row on the engines that ran it.

    passed, failed (on any engine), not_run (nothing ran) or partial (some engines did not run).
    """
    if not results or all(r.status == "skipped" for r in results):
        return "not_run"
    if any(r.status == "failed" for r in results):
        return "failed"
    return "passed" if all(r.status == "passed" for r in results) else "partial"


def _engines(results: list[Result]) -> str:
    ran = sorted({r.engine for r in results if r.status != "skipped" and r.engine})
    return f" ({', '.join(ran)})" if ran else ""


_PLACEHOLDER = re.compile(r"<[^<>|`\s]+>")


def _md(text: str) -> str:
    """Text safe inside Markdown, readable in the file as well as rendered.

    A placeholder of a scenario outline (``<依据>``) becomes a code span, which shows it as written
    both in the Markdown source and in the rendered page (an entity ``&lt;`` is unreadable in the source);
    any other ``<``, ``>``, ``&`` is backslash-escaped, so that nothing is read as HTML, and ``|`` does
    not split a table cell.
    """
    out: list[str] = []
    last = 0
    for found in _PLACEHOLDER.finditer(text):
        out.append(_escape(text[last : found.start()]))
        out.append(f"`{found.group()}`")
        last = found.end()
    out.append(_escape(text[last:]))
    return "".join(out)


def _escape(text: str) -> str:
    return text.replace("&", "\\&").replace("<", "\\<").replace(">", "\\>").replace("|", "\\|")


def _tags(node: dict[str, Any]) -> str:
    return " ".join(f"`{t['name']}`" for t in node.get("tags", []))


def _table(rows: list[dict[str, Any]], indent: str = "", first: list[str] | None = None) -> list[str]:
    cells = [[_md(c["value"]) for c in row["cells"]] for row in rows]
    if not cells:
        return []
    extra = first or []
    head = [*extra[:1], *cells[0]]
    out = [indent + "| " + " | ".join(head) + " |", indent + "|" + "---|" * len(head)]
    out += [indent + "| " + " | ".join([*extra[i + 1 : i + 2], *row]) + " |" for i, row in enumerate(cells[1:])]
    return out


def _steps(steps: list[dict[str, Any]]) -> list[str]:
    out = []
    for step in steps:
        out.append(f"- **{_md(step['keyword'].strip())}** {_md(step['text'])}")
        if "dataTable" in step:
            out += ["", *_table(step["dataTable"]["rows"], "  "), ""]
        if "docString" in step:
            doc = step["docString"]
            fence = "````" if "```" in doc["content"] else "```"
            out += ["", f"  {fence}{doc.get('mediaType') or ''}"]
            out += [f"  {line}" if line else "" for line in doc["content"].splitlines()]
            out += [f"  {fence}", ""]
    return out


def _failures(label: str, results: list[Result]) -> list[str]:
    out = []
    for result in results:
        if result.status == "failed":
            lines = [ln for ln in result.message.splitlines() if ln.strip()][:4]
            out.append(f"> ❌ {label} · {result.engine}: " + " ⏎ ".join(_md(ln.strip()) for ln in lines))
    return out


@dataclass
class _Counts:
    passed: int = 0
    failed: int = 0
    not_run: int = 0
    partial: int = 0

    def add(self, status: str, count: int = 1) -> None:
        setattr(self, status, getattr(self, status) + count)

    def text(self) -> str:
        parts = [f"{_STATUS_ICON[name]} {getattr(self, name)}" for name in _STATUSES if getattr(self, name)]
        return " · ".join(parts) or "—"


def _render_scenario(
    path: str, scenario: dict[str, Any], results: dict[tuple[str, int], list[Result]], counts: _Counts
) -> list[str]:
    line = scenario["location"]["line"]
    rows = [(examples, row) for examples in scenario.get("examples", []) for row in examples.get("tableBody", [])]
    if scenario.get("examples"):
        statuses = [status_of(results.get((path, row["location"]["line"]), [])) for _, row in rows]
        for status in statuses:
            counts.add(status)
        overall = (
            "failed" if "failed" in statuses else next(iter(set(statuses))) if len(set(statuses)) == 1 else "partial"
        )
        row_counts = _Counts()
        for status in statuses:
            row_counts.add(status)
        detail = f"{len(rows)} {_both('spec.rows')}: " + row_counts.text()
    else:
        own = results.get((path, line), [])
        overall = status_of(own)
        counts.add(overall)
        detail = _status(overall) + _engines(own)
    tags = _tags(scenario)
    out = [
        f"### {_STATUS_ICON[overall]} {_md(scenario['keyword'])}: {_md(scenario['name'])}",
        "",
        " · ".join(part for part in (tags, f"`{path}:{line}`", detail) if part),
        "",
    ]
    if scenario.get("description", "").strip():
        out += [f"> {_md(ln.strip())}" for ln in scenario["description"].strip().splitlines()] + [""]
    out += [*_steps(scenario.get("steps", [])), ""]
    if not scenario.get("examples"):
        out += _failures(_both("spec.line", line=line), results.get((path, line), []))
        return [*out, ""] if out[-1] else out
    for examples in scenario["examples"]:
        heading = f"#### {_md(examples['keyword'])}: {_md(examples.get('name') or '')}".rstrip(": ")
        out += [heading, ""]
        if examples.get("tags"):
            out += [_tags(examples), ""]
        body = examples.get("tableBody", [])
        labels = [_both("spec.result")]
        notes: list[str] = []
        for row in body:
            own = results.get((path, row["location"]["line"]), [])
            labels.append(_status(status_of(own)) + _engines(own))
            notes += _failures(_both("spec.line", line=row["location"]["line"]), own)
        if examples.get("tableHeader"):
            out += _table([examples["tableHeader"], *body], "", labels)
        out += ["", *notes, ""] if notes else [""]
    return out


def _anchor(path: str) -> str:
    return "feature-" + "".join(c if c.isalnum() else "-" for c in path.lower()).strip("-")


def render_specification(features: Path, junit: Path, command: str = "") -> str:
    """The Markdown page of every feature file under ``features`` with the results in ``junit``.

    Raises:
        GherkinUnavailableError: gherkin-official is not installed.
        FeatureSyntaxError: a feature file is not valid Gherkin.
    """
    results, run = read_junit(junit)
    parts: list[tuple[str, dict[str, Any], list[str], _Counts]] = []
    total = _Counts()
    for file in feature_files(features):
        path = file.relative_to(features).as_posix()
        document, _ = parse_feature(file.read_text(encoding="utf-8"), path)
        feature = document.get("feature")
        if not feature:
            continue
        counts = _Counts()
        body = _render_feature(path, feature, results, counts)
        parts.append((path, feature, body, counts))
        for name in _STATUSES:
            total.add(name, getattr(counts, name))
    intro = {
        lang: message(
            "spec.intro",
            lang,
            features=f"`{features.as_posix()}`",
            junit=f"`{junit.name}`",
            tests=run["tests"],
            timestamp=run["timestamp"] or message("spec.unknown_time", lang),
        )
        for lang in LANGS
    }
    out = [
        f"# {_both('spec.title', ' · ')}",
        "",
        intro["zh"],
        "",
        intro["en"],
        "",
        "```sh",
        f"python -m pytest features --junitxml={junit.as_posix()}",
        command or f"commitrules specification --junit {junit.as_posix()} --out docs/specification.md",
        "```",
        "",
        f"| {_both('spec.result')} | {_both('spec.scenarios')} |",
        "|---|---|",
        *(f"| {_status(name)} | {getattr(total, name)} |" for name in _STATUSES),
        "",
        f"## {_both('spec.contents')}",
        "",
        *(f"- [{_md(f['keyword'])}: {_md(f['name'])}](#{_anchor(p)}) `{p}` — {c.text()}" for p, f, _, c in parts),
        "",
    ]
    for _, _, body, _ in parts:
        out += body
    return "\n".join(out).rstrip("\n") + "\n"


def _render_feature(
    path: str, feature: dict[str, Any], results: dict[tuple[str, int], list[Result]], counts: _Counts
) -> list[str]:
    out = [
        f'<a id="{_anchor(path)}"></a>',
        "",
        f"## {_md(feature['keyword'])}: {_md(feature['name'])}",
        "",
        " · ".join(
            part for part in (_tags(feature), f"`{path}`", f"`# language: {feature.get('language', 'en')}`") if part
        ),
        "",
    ]
    if feature.get("description", "").strip():
        out += [f"> {_md(ln.strip())}" for ln in feature["description"].strip().splitlines()] + [""]
    for child in feature.get("children", []):
        out += _render_child(path, child, results, counts)
    return out


def _render_child(
    path: str, child: dict[str, Any], results: dict[tuple[str, int], list[Result]], counts: _Counts
) -> list[str]:
    if "background" in child:
        background = child["background"]
        return [f"### {_md(background['keyword'])}:", "", *_steps(background.get("steps", [])), ""]
    if "scenario" in child:
        return _render_scenario(path, child["scenario"], results, counts)
    if "rule" in child:
        rule = child["rule"]
        out = [f"### {_md(rule['keyword'])}: {_md(rule['name'])}", ""]
        for grandchild in rule.get("children", []):
            out += _render_child(path, grandchild, results, counts)
        return out
    return []
