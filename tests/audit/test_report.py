"""The audit report: results of one pack only, clause by clause, as Markdown, static HTML and one clause."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from commitrules.audit.render import render_html_document, render_markdown
from commitrules.audit.report import ReportError, build_report
from commitrules.audit.svg import pack_diagrams
from commitrules.cli import main
from commitrules.policy.pack import PolicyPack

ROOT = Path(__file__).resolve().parents[2]
FEATURES = ROOT / "features"


@pytest.fixture(scope="module")
def junit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real specification run of the features (both languages; both engines where durable-rules is installed)."""
    out = tmp_path_factory.mktemp("run") / "features.xml"
    # Where the rete extra is not installed (Python 3.13), the run is of the compiled engine's scenarios.
    engines = [] if importlib.util.find_spec("durable") is not None else ["-m", "not rete"]
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "features", "-q", "-p", "no:cacheprovider", *engines, f"--junitxml={out}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-2000:]
    return out


def _rewrite(source: Path, target: Path, change: dict[str, str], every: int = 1) -> Path:
    """A copy of a JUnit file with some properties changed on every ``every``-th scenario test."""
    tree = ET.parse(source)  # noqa: S314 - our own test report
    cases = [c for c in tree.getroot().iter("testcase") if c.find("properties") is not None]
    for index, case in enumerate(cases):
        if index % every:
            continue
        for prop in case.iter("property"):
            if prop.get("name") in change:
                prop.set("value", change[prop.get("name", "")])
    tree.write(target, encoding="utf-8")
    return target


def test_run_records_the_pack_digest(junit: Path, pack: PolicyPack) -> None:
    digests = {p.get("value") for p in ET.parse(junit).getroot().iter("property") if p.get("name") == "pack_digest"}  # noqa: S314
    assert {pack.digest} == digests


@pytest.mark.rete  # decides on both engines: needs durable-rules
def test_clause_shows_rules_scenarios_and_passing_results(junit: Path, pack: PolicyPack) -> None:
    report = build_report(pack, FEATURES, junit)
    clause = report.clause("二(二)3")
    assert "六大类领域" in clause.text
    joint = next(r for r in clause.rules if r.id == "punish.joint")
    assert "在列主体实施联合惩戒" == joint.title["zh"]
    ran = [s for s in joint.scenarios if s.status != "not_run"]
    assert ran, "the blacklist scenarios ran"
    assert {"passed"} == {s.status for s in ran}
    assert {("compiled", "rete")} == {s.engines for s in ran}
    assert {"zh-CN", "en"} <= {s.language for s in ran}
    assert report.run is not None
    assert pack.digest == report.run.pack_digest


def test_results_of_another_pack_are_refused(junit: Path, pack: PolicyPack, tmp_path: Path) -> None:
    other = _rewrite(junit, tmp_path / "other.xml", {"pack_digest": "sha256:" + "0" * 64})
    with pytest.raises(ReportError, match="belong to pack"):
        build_report(pack, FEATURES, other)


def test_results_of_several_packs_are_refused(junit: Path, pack: PolicyPack, tmp_path: Path) -> None:
    mixed = _rewrite(junit, tmp_path / "mixed.xml", {"pack_digest": "sha256:" + "1" * 64}, every=2)
    with pytest.raises(ReportError, match="mixes results of 2 packs"):
        build_report(pack, FEATURES, mixed)


def test_results_without_a_digest_are_refused(junit: Path, pack: PolicyPack, tmp_path: Path) -> None:
    bare = _rewrite(junit, tmp_path / "bare.xml", {"pack_digest": ""})
    with pytest.raises(ReportError, match="do not say which pack"):
        build_report(pack, FEATURES, bare)


def test_a_failed_scenario_fails_its_clause(junit: Path, pack: PolicyPack, tmp_path: Path) -> None:
    tree = ET.parse(junit)  # noqa: S314
    for case in tree.getroot().iter("testcase"):
        props = {p.get("name"): p.get("value") for p in case.iter("property")}
        if props.get("feature") == "zh-CN/blacklist.feature" and props.get("line") == "31":
            ET.SubElement(case, "failure", message="outcome differs")
    failed = tmp_path / "failed.xml"
    tree.write(failed, encoding="utf-8")
    clause = build_report(pack, FEATURES, failed).clause("二(二)3")
    assert "failed" == clause.result
    assert (
        "failed" == next(s for r in clause.rules for s in r.scenarios if s.where == "zh-CN/blacklist.feature:31").status
    )


def test_html_is_self_contained(junit: Path, pack: PolicyPack) -> None:
    html = render_html_document(build_report(pack, FEATURES, junit), "zh", pack_diagrams(pack))
    assert "<script" not in html
    assert [] == re.findall(r"(?:href|src)=\"([^\"#][^\"]*)\"", html)
    assert [] == [u for u in re.findall(r"https?://[^\"' )]+", html) if u != "http://www.w3.org/2000/svg"]
    assert 'id="clause-2-2-3"' in html
    assert html.count("<svg") >= 3
    assert "请示报告链" in html


def test_markdown_in_english(junit: Path, pack: PolicyPack) -> None:
    text = render_markdown(build_report(pack, FEATURES, junit), "en")
    assert "# Audit report: clauses, rules and scenarios" in text
    assert "## 二(二)3" in text
    assert pack.digest in text


@pytest.mark.rete  # decides on both engines: needs durable-rules
def test_trace_clause_prints_one_clause(junit: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["trace", "--clause", "二(二)3", "--junit", str(junit), "--features", str(FEATURES), "--lang", "zh"])
    out = capsys.readouterr().out
    assert 0 == code
    assert out.startswith("## 二(二)3 失信人员黑名单与六大类联合惩戒")
    assert "## 一(二)2" not in out
    assert "`zh-CN/blacklist.feature:31`" in out
    assert "✅ 通过 (compiled, rete)" in out


def test_trace_unknown_clause(capsys: pytest.CaptureFixture[str]) -> None:
    assert 2 == main(["trace", "--clause", "二(二)9", "--features", str(FEATURES)])
    err = capsys.readouterr().err
    assert "no clause '二(二)9'" in err
    assert "二(二)" in err


def test_audit_report_command_writes_both_files(
    junit: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["audit-report", "--junit", str(junit), "--features", str(FEATURES), "--out", str(tmp_path)])
    assert 0 == code, capsys.readouterr().err
    assert "## 二(二)3" in (tmp_path / "audit-report.md").read_text(encoding="utf-8")
    assert "<!DOCTYPE html>" in (tmp_path / "audit-report.html").read_text(encoding="utf-8")


def test_audit_report_refuses_another_packs_results(
    junit: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = _rewrite(junit, tmp_path / "other.xml", {"pack_digest": "sha256:" + "2" * 64})
    assert 1 == main(["audit-report", "--junit", str(other), "--features", str(FEATURES), "--out", str(tmp_path / "o")])
    assert "belong to pack" in capsys.readouterr().err
    assert not (tmp_path / "o" / "audit-report.html").exists()
