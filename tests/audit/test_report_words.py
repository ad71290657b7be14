"""The report's words are the catalogues' sentences, in the reader's language: on the ``/audit`` page, in
``audit-report``'s files and under ``trace --clause --junit`` (no sentence glued from words in code)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute
from starlette.requests import Request

from commitrules.audit.render import render_html_fragment, render_markdown
from commitrules.audit.report import build_report
from commitrules.cli import main
from commitrules.messages import LANGS, catalogue, message
from commitrules.policy.pack import PolicyPack
from commitrules.service.pages import PagesConfig
from commitrules.service.pages.views import page_routes
from tests.language_leaks import chinese_characters, english_runs

ROOT = Path(__file__).resolve().parents[2]
FEATURES = ROOT / "features"


def _junit(tmp_path: Path, pack: PolicyPack) -> Path:
    """A run of one scenario (zh-CN/blacklist.feature:31, passed on the compiled engine) of ``pack``."""
    path = tmp_path / "features.xml"
    props = {"feature": "zh-CN/blacklist.feature", "line": "31", "engine": "compiled", "pack_digest": pack.digest}
    shown = "".join(f'<property name="{k}" value="{v}"/>' for k, v in props.items())
    path.write_text(
        f'<testsuites><testsuite tests="1" timestamp="2026-12-01T10:00:00"><testcase name="s">'
        f"<properties>{shown}</properties></testcase></testsuite></testsuites>",
        encoding="utf-8",
    )
    return path


def test_the_reports_sentences_hold_no_markup() -> None:
    """The sentences are put into HTML as they are, with markup in their parameters: none may hold any."""
    for lang in LANGS:
        lines = {k: v for k, v in catalogue(lang).items() if k.startswith("report.line.")}
        assert len(lines) >= 8
        assert [] == [k for k, v in lines.items() if set(v) & set("<>&")]


@pytest.mark.parametrize("lang", LANGS)
def test_the_report_says_whole_sentences_of_its_language(lang: str, pack: PolicyPack, tmp_path: Path) -> None:
    """The report's head and coverage line are one catalogue sentence each (they were words of the catalogue
    glued in English order and punctuation: '0.1.0, 摘要', '生成时间: ', '37 条款 — 30 已覆盖')."""
    report = build_report(pack, FEATURES, _junit(tmp_path, pack))
    s = report.summary()
    counts = {k: s[k] for k in ("clauses", "covered", "excused", "uncovered", "passed", "failed")}
    coverage = message("report.line.coverage", lang, **counts, not_run=s["not_run"] + s["partial"])
    markdown = render_markdown(report, lang)
    html = render_html_fragment(report, lang)
    assert coverage in markdown
    head = message("report.line.pack", lang, name=f"`{pack.name}`", version=pack.version, digest=f"`{pack.digest}`")
    assert head in markdown
    run = message("report.line.run", lang, source="`features.xml`", tests=1, timestamp="2026-12-01T10:00:00")
    assert run in markdown
    assert message("report.line.generated", lang, when=report.generated) in html
    prose = re.sub(r"<[^>]+>", " ", html.split("<h2>")[0])  # the head of the page, before the clauses
    if lang == "zh":
        assert "生成时间：" in html
        assert [] == english_runs(prose), prose
        assert [] == english_runs(markdown.split("\n## ")[0])
    else:
        assert [] == chinese_characters(prose), prose


def _audit(config: PagesConfig, path: str, query: str) -> Any:
    (route,) = [r for r in page_routes(config).routes if isinstance(r, APIRoute) and r.path == path]
    scope = {"type": "http", "method": "GET", "path": path, "query_string": query.encode(), "headers": []}
    return route.endpoint(Request({**scope, "scheme": "http", "server": ("test", 80), "root_path": ""}))


def test_the_audit_page_says_why_there_is_no_report_in_its_language(pack: PolicyPack, tmp_path: Path) -> None:
    """Results the report cannot use are said in the page's language (the page said them in English alone)."""
    not_xml = tmp_path / "not.xml"
    not_xml.write_text("<testsuites><testsuite>", encoding="utf-8")
    config = PagesConfig(pack=lambda: pack, junit=not_xml)
    zh = bytes(_audit(config, "/audit", "").body).decode("utf-8")
    en = bytes(_audit(config, "/audit", "lang=en").body).decode("utf-8")
    (said_zh,) = re.findall(r'<p class="errors" role="alert">(.*?)</p>', zh, re.DOTALL)
    (said_en,) = re.findall(r'<p class="errors" role="alert">(.*?)</p>', en, re.DOTALL)
    assert [] == english_runs(said_zh), said_zh
    assert re.search("[\u4e00-\u9fff]", said_zh)
    assert [] == chinese_characters(said_en), said_en
    download = {lang: _audit(config, "/audit/report.html", q) for lang, q in (("zh", ""), ("en", "lang=en"))}
    assert {409} == {answer.status_code for answer in download.values()}
    assert [] == english_runs(bytes(download["zh"].body).decode("utf-8"))
    assert [] == chinese_characters(bytes(download["en"].body).decode("utf-8"))


@pytest.mark.parametrize("lang", LANGS)
def test_one_clause_with_results_ends_in_its_language(
    lang: str, pack: PolicyPack, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``trace --clause --junit`` ends with the pack and the run in the language asked for (it was English)."""
    junit = _junit(tmp_path, pack)
    argv = ["trace", "--clause", "二(二)3", "--junit", str(junit), "--features", str(FEATURES)]
    assert 0 == main([*argv, "--lang", lang])
    last = capsys.readouterr().out.strip().splitlines()[-1]
    expected = message(
        "report.line.clause_results",
        lang,
        version=pack.version,
        digest=pack.digest,
        source="features.xml",
        timestamp="2026-12-01T10:00:00",
    )
    assert expected == last
