"""The pages for their users: staff at a desktop or a phone, with a screen reader or a keyboard; auditors who print."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import expect

from tests.browser.conftest import ROOT, Server, shot

EXAMPLE = ROOT / "examples" / "cases" / "blacklist" / "active-person-without-employer.yaml"
#: The roles of the accessibility tree that a user operates, each of which needs a name to be read out.
CONTROLS = {"button", "checkbox", "combobox", "listbox", "radio", "searchbox", "spinbutton", "textbox", "link"}
CJK = re.compile(r"[\u4e00-\u9fff]")


def _playground(page: Any, server: Server, lang: str = "zh") -> None:
    page.goto(server.url + "/playground" + ("?lang=en" if lang == "en" else ""))
    expect(page.locator("#form-editor")).to_have_attribute("data-loaded", re.compile(".+"))
    # The policy file loads last: leaving the page earlier cuts that request off (a failed request).
    expect(page.locator("#policy-editor")).to_have_attribute("data-loaded", re.compile(".+"))


def _log(page: Any, server: Server, lang: str = "zh") -> None:
    page.goto(server.url + "/log" + ("?lang=en" if lang == "en" else ""))
    expect(page.locator("#chain-status")).to_be_visible()
    expect(page.locator("#log-results p").first).to_be_visible()


def _record_one(server: Server) -> None:
    server.post("/v1/decisions?as_of=2020-06-01", yaml.safe_load(EXAMPLE.read_text("utf-8")))


def _unnamed_controls(page: Any) -> list[str]:
    """The controls of the page's accessibility tree (Chromium's own, as a screen reader gets it) with no name."""
    session = page.context.new_cdp_session(page)
    try:
        nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        session.detach()
    unnamed = []
    for node in nodes:
        role = node.get("role", {}).get("value")
        if node.get("ignored") or role not in CONTROLS:
            continue
        if not str(node.get("name", {}).get("value", "")).strip():
            unnamed.append(f"{role} {node.get('backendDOMNodeId')}")
    return unnamed


def _heading_levels(page: Any) -> list[int]:
    levels: list[int] = page.evaluate(
        "[...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].filter(h => h.checkVisibility()).map(h => +h.tagName[1])"
    )
    return levels


def _in_order(levels: list[int]) -> bool:
    """One h1 first, and no level skipped on the way down (h2 to h4)."""
    return levels[:1] == [1] and levels.count(1) == 1 and all(b - a <= 1 for a, b in itertools.pairwise(levels))


def test_every_control_has_an_accessible_name_and_the_headings_are_in_order(page: Any, server: Server) -> None:
    _record_one(server)
    _playground(page, server)
    page.click("#evaluate")
    expect(page.locator("#outcome")).to_be_visible()
    assert [] == _unnamed_controls(page)
    assert _in_order(_heading_levels(page)), _heading_levels(page)
    # The outcome and its reasons are parts of the result panel (h2 评价结果): h3, not the panel's peers.
    expect(page.locator("#result h2")).to_have_count(0)
    expect(page.locator("#result h3").first).to_have_text("结论")
    _log(page, server)
    page.locator("#log-table tbody tr button").first.click()
    expect(page.locator("#log-explanation")).to_be_visible()
    assert [] == _unnamed_controls(page)
    assert _in_order(_heading_levels(page)), _heading_levels(page)
    page.goto(server.url + "/audit")
    assert [] == _unnamed_controls(page)
    page.emulate_media(media="print")  # every clause open: the headings inside them count too
    assert _in_order(_heading_levels(page)), _heading_levels(page)


def test_each_page_says_its_language(page: Any, server: Server) -> None:
    """A screen reader reads a page in the voice of its ``lang``; the switch link is in the other language."""
    for lang, code, other in (("zh", "zh-CN", "en"), ("en", "en", "zh-CN")):
        _log(page, server, lang)
        expect(page.locator("html")).to_have_attribute("lang", code)
        expect(page.locator("a.lang")).to_have_attribute("lang", other)
        page.goto(server.url + "/audit" + ("?lang=en" if lang == "en" else ""))
        expect(page.locator("html")).to_have_attribute("lang", code)


def test_the_keyboard_reaches_evaluate_from_the_top_with_a_visible_focus(page: Any, server: Server) -> None:
    _playground(page, server)
    page.evaluate("document.activeElement.blur()")
    reached = []
    for _ in range(300):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.id"))
        if reached[-1] == "evaluate":
            break
    assert "evaluate" == reached[-1], "Tab never reached the evaluate button"
    assert reached.index("kind") < reached.index("example") < reached.index("evaluate")
    ring = page.evaluate("(s => [s.outlineStyle, s.outlineWidth])(getComputedStyle(document.activeElement))")
    assert ["solid", "3px"] == ring
    page.keyboard.press("Enter")
    expect(page.locator("#outcome")).to_be_visible()
    # On the dark header the ring is white (the page's blue one could not be seen there).
    page.locator("header.site nav a").first.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    assert "rgb(255, 255, 255)" == page.evaluate("getComputedStyle(document.activeElement).outlineColor")


def test_no_page_scrolls_sideways_on_a_phone(page: Any, server: Server) -> None:
    _record_one(server)
    page.set_viewport_size({"width": 390, "height": 844})
    wide = "document.scrollingElement.scrollWidth - window.innerWidth"
    for lang in ("zh", "en"):
        _playground(page, server, lang)
        page.click("#evaluate")
        expect(page.locator("#outcome")).to_be_visible()
        assert 0 >= page.evaluate(wide), f"playground {lang}"
        if lang == "zh":  # the what-if's table of changed cases, its kinds in words
            page.select_option("#setting-name", "blacklist.publication_years")
            page.fill("#setting-value", "1")
            page.click("#run-setting")
            expect(page.locator("#changed-cases td[data-kind=blacklist]").first).to_have_text("失信惩戒（blacklist）")
            assert 0 >= page.evaluate(wide), "what-if zh"
            shot(page, "whatif-zh-phone", at="#changed-cases")
        page.goto(server.url + "/audit" + ("?lang=en" if lang == "en" else ""))
        assert 0 >= page.evaluate(wide), f"audit {lang}"
        _log(page, server, lang)
        expect(page.locator("#log-table")).to_be_visible()
        assert 0 >= page.evaluate(wide), f"log {lang}"
    # The log's table scrolls in its own box, which the keyboard can reach and a screen reader names.
    box = page.locator(".table-scroll")
    expect(box).to_have_attribute("tabindex", "0")
    expect(box).to_have_accessible_name("Decision records")
    shot(page, "log-en-phone")


def test_the_log_names_kinds_in_words_and_every_column_has_a_header(page: Any, server: Server) -> None:
    _record_one(server)
    _log(page, server)
    expect(page.locator("#log-record .empty")).to_contain_text("查看")  # what the empty panel is for
    headers = page.locator("#log-table thead th")
    expect(headers).to_have_count(6)
    assert all(text.strip() for text in headers.all_inner_texts())
    row = page.locator("#log-table tbody tr").first
    expect(row.locator("[data-kind=blacklist]")).to_have_text("失信惩戒（blacklist）")
    expect(row.locator("td").nth(1)).to_have_text(re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$"))
    # The outcome is searched by its code; the box offers each with its Chinese name.
    expect(page.locator("#outcome")).to_have_attribute("list", "outcome-codes")
    expect(page.locator("#outcome-codes option[value=joint_punishment]")).to_have_attribute("label", "实施联合惩戒")


def test_the_form_names_its_choices_in_chinese(page: Any, server: Server) -> None:
    """On the Chinese page every choice of every list says what it is in Chinese, its code beside it."""
    _playground(page, server)
    texts = page.locator("#form-editor select option:not([value=''])").all_inner_texts()
    assert texts
    assert [] == [text for text in texts if not CJK.search(text)]
    expect(page.locator("#form-editor select option[value=municipal]")).to_have_text("市级单位（municipal）")
    # A list of codes typed one per line is read back by their names below its box.
    methods = page.get_by_label(re.compile(r"（methods）"))
    expect(methods).to_have_value("backend_data_retrieval")
    named = page.locator("#" + str(methods.get_attribute("aria-describedby")))
    expect(named).to_have_text(re.compile(r"^[\u4e00-\u9fff]+（backend_data_retrieval）$"))
    # The what-if's settings too: each by what it means first, its name after (exclusions.national).
    settings = page.locator("#setting-name option").all_inner_texts()
    assert settings
    assert [] == [text for text in settings if not CJK.match(text)]


def test_an_empty_result_a_slow_and_a_failed_evaluation_say_so(page: Any, server: Server) -> None:
    _playground(page, server)
    expect(page.locator("#result-empty")).to_contain_text("评价")
    held: list[Any] = []

    def hold(route: Any) -> None:  # a slow network: the request waits until the test lets it go
        held.append(route)

    page.route("**/playground/api/evaluate", hold)
    page.click("#evaluate")
    expect(page.locator("#evaluate")).to_be_disabled()
    expect(page.locator("#result")).to_have_attribute("aria-busy", "true")
    expect(page.locator("#result .busy")).to_have_text("正在评价……")
    held[0].continue_()
    expect(page.locator("#outcome")).to_be_visible()
    expect(page.locator("#evaluate")).to_be_enabled()
    expect(page.locator("#result")).not_to_have_attribute("aria-busy", "true")
    page.unroute("**/playground/api/evaluate")
    page.route("**/playground/api/evaluate", lambda route: route.abort())
    page.click("#evaluate")
    alert = page.locator("#page-error")
    expect(alert).to_have_attribute("role", "alert")
    expect(alert).to_contain_text("无法连接服务器")  # the page's words, not the browser's "Failed to fetch"
    expect(page.locator("#result")).to_contain_text("无法连接服务器")
    expect(page.locator("#evaluate")).to_be_enabled()
    shot(page, "playground-offline", at="#result")
    page.watch.problems.clear()  # the aborted request was the point


def test_the_audit_report_prints_every_clause_without_the_navigation(page: Any, server: Server, tmp_path: Path) -> None:
    page.goto(server.url + "/audit")
    table = page.locator("#clause-2-2-3 table").first
    expect(table).to_be_hidden()  # on screen the clause is closed until opened
    page.emulate_media(media="print")
    expect(table).to_be_visible()
    expect(page.locator("header.site")).to_be_hidden()
    expect(page.locator("a[download]")).to_be_hidden()
    pdf = tmp_path / "audit.pdf"
    page.pdf(path=str(pdf), format="A4")
    assert pdf.read_bytes().startswith(b"%PDF")


def test_the_log_answers_in_the_page_language_when_the_server_fails(page: Any, server: Server) -> None:
    """A server error says so in Chinese with its status, not a bare English reason."""
    page.route("**/log/api/verify", lambda route: route.fulfill(status=503, body="{}", content_type="application/json"))
    page.goto(server.url + "/log")
    # The page's punctuation too: "请求失败：服务器出错，请稍后重试（HTTP 503）", not an English " (HTTP 503)".
    expect(page.locator("#page-error")).to_have_text("请求失败：服务器出错，请稍后重试（HTTP 503）")
    expect(page.locator("#log-results p").first).to_be_visible()
    page.watch.problems.clear()  # the 503 was made on purpose


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("zh", "请求失败：「x.db」处没有决定日志（HTTP 404）"),
        ("en", "Request failed: No decision log at 'x.db' (HTTP 404)"),
    ],
)
def test_a_refusal_reads_in_the_page_language_with_its_status(page: Any, server: Server, lang: str, said: str) -> None:
    """A 4xx problem's detail, then its status in the page's punctuation: nothing else around it."""
    detail = "「x.db」处没有决定日志" if lang == "zh" else "No decision log at 'x.db'"
    page.route(
        "**/log/api/verify",
        lambda route: route.fulfill(
            status=404, body=json.dumps({"detail": detail}), content_type="application/problem+json"
        ),
    )
    page.goto(server.url + "/log" + ("?lang=en" if lang == "en" else ""))
    expect(page.locator("#page-error")).to_have_text(said)
    page.watch.problems.clear()  # the 404 was made on purpose


def test_a_validation_error_names_its_field_in_words(page: Any, server: Server) -> None:
    """The error at a field says where in words (名单条目 › 列入日期), not as a JSON path ($.entry.listed_on)."""
    _playground(page, server)
    page.select_option("#kind", "blacklist")
    expect(page.locator("#form-editor")).to_have_attribute("data-loaded", re.compile("^blacklist/"))
    page.get_by_label(re.compile(r"（listed_on）")).fill("2020-13-01")
    page.click("#evaluate")
    error = page.locator('.field-error[data-path="$.entry.listed_on"]')
    expect(error).to_have_text(re.compile(r"^名单条目 › 列入日期（listed_on）："))
    expect(page.locator('#result li[data-path="$.entry.listed_on"]')).to_contain_text("名单条目 › 列入日期")
    expect(page.locator("#result")).not_to_contain_text("$.")
