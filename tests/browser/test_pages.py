"""The pages in a real browser: playground, what-if, audit report, log viewer, English, the static report."""

from __future__ import annotations

import base64
import json
import re
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any

import yaml
from playwright.sync_api import expect

import commitrules
from commitrules.authoring.diff import diff_packs
from commitrules.io.case_files import read_cases
from tests.browser.conftest import ROOT, Server, shot

EXAMPLE = "blacklist/active-person-without-employer.yaml"
ASSISTANCE = "add-item-without-registration-rejected.yaml"
EXAMPLES = ROOT / "examples" / "cases"


def _field(name: str) -> re.Pattern[str]:
    """The label of a form field: ``列入日期（listed_on） — …`` in Chinese, ``listed_on — …`` in English."""
    return re.compile(rf"(^|[(（]){name}\b")


def _example_name(source: str) -> str:
    """``blacklist/x.yaml`` for a case file under examples/cases, however read_cases named it."""
    return (ROOT / source).resolve().relative_to(EXAMPLES).as_posix()


def _open_example(page: Any, server: Server, kind: str, example: str, lang: str = "zh") -> None:
    page.goto(server.url + "/playground" + ("?lang=en" if lang == "en" else ""))
    expect(page.locator("#form-editor")).to_have_attribute("data-loaded", re.compile(".+"))
    page.select_option("#kind", kind)
    expect(page.locator("#example option").first).to_have_attribute("value", re.compile(f"^{kind}/"))
    page.select_option("#example", example)
    expect(page.locator("#form-editor")).to_have_attribute("data-loaded", example)


def _settled(page: Any) -> None:
    """Wait for the playground's policy file (its last load): leaving the page earlier cuts that fetch off,
    which the page fixture reports as a failed request."""
    expect(page.locator("#policy-editor")).to_have_attribute("data-loaded", re.compile(".+"))


def test_playground_evaluates_an_example_with_its_clause(page: Any, server: Server) -> None:
    _open_example(page, server, "blacklist", EXAMPLE)
    page.click("#evaluate")
    decision = commitrules.load_policies().evaluate(
        yaml.safe_load((EXAMPLES / EXAMPLE).read_text("utf-8")), as_of="2020-06-01"
    )
    expect(page.locator("#outcome")).to_have_text("实施联合惩戒（joint_punishment）")
    assert "joint_punishment" == decision.outcome
    fired = page.locator(".fired > li")
    expect(fired).to_have_count(len(decision.fired))
    joint = page.locator('.fired > li[data-rule="punish.joint"]')
    expect(joint.locator('[data-clause="二(二)3"]')).to_contain_text("二(二)3")
    quote = next(f.quote for f in decision.fired if f.rule == "punish.joint")
    assert quote
    expect(joint.locator("blockquote")).to_have_text(f"「{quote}」")
    shot(page, "playground-zh")


def test_escalation_route_is_drawn_as_a_chain_of_roles(page: Any, server: Server) -> None:
    example = "escalation/division-head-major-beyond-authority.yaml"
    _open_example(page, server, "escalation", example)
    page.click("#evaluate")
    decision = commitrules.load_policies().evaluate(
        yaml.safe_load((EXAMPLES / example).read_text("utf-8")), as_of="2020-06-01"
    )
    assert decision.route, "the example escalates"
    expect(page.locator("#route li")).to_have_count(len(decision.route))
    roles = [page.locator("#route li").nth(i).get_attribute("data-role") for i in range(len(decision.route))]
    assert list(decision.route) == roles


def test_form_shows_validation_messages_at_the_field(page: Any, server: Server) -> None:
    _open_example(page, server, "blacklist", EXAMPLE)
    listed = page.get_by_label(_field("listed_on"))
    listed.fill("2020-13-01")
    page.click("#evaluate")
    error = page.locator('.field-error[data-path="$.entry.listed_on"]')
    expect(error).to_contain_text("应当是有效的日期")  # the Chinese page words the error in Chinese
    expect(listed).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#outcome")).to_have_count(0)
    shot(page, "playground-field-error", at='.field-error[data-path="$.entry.listed_on"]')


def test_form_hints_are_in_the_pages_language(page: Any, server: Server) -> None:
    """Beside each field the Chinese form gives its Chinese help, the English form its English docstring."""
    _open_example(page, server, "blacklist", EXAMPLE)
    field = page.locator(".field", has=page.get_by_label(_field("determined_by")))
    expect(field.locator(".hint").last).to_have_text(" — 作出认定的单位（认定单位）。")
    expect(page.locator("#form-editor")).not_to_contain_text("The unit that determined")
    _settled(page)
    _open_example(page, server, "blacklist", EXAMPLE, lang="en")
    field = page.locator(".field", has=page.get_by_label(_field("determined_by")))
    expect(field.locator(".hint").last).to_have_text(" — The unit that determined the entry (认定单位).")
    expect(page.locator("#form-editor")).not_to_contain_text("作出认定的单位")
    _settled(page)


def test_yaml_and_form_stay_in_sync(page: Any, server: Server) -> None:
    _open_example(page, server, "blacklist", EXAMPLE)
    page.click("#mode-yaml")
    editor = page.locator("#yaml-editor")
    expect(editor).to_have_value(re.compile("listed_on: '2019"))
    text = editor.input_value()
    editor.fill(re.sub(r"listed_on: '[0-9-]+'", "listed_on: '2020-05-31'", text))
    page.click("#mode-form")
    expect(page.get_by_label(_field("listed_on"))).to_have_value("2020-05-31")
    page.click("#mode-yaml")
    editor.fill("entry: [unclosed")
    page.click("#evaluate")
    expect(page.locator("#yaml-error")).to_contain_text("YAML")
    expect(page.locator("#yaml-error")).to_contain_text("行")


def test_whatif_misspelt_field_is_reported_at_its_line(page: Any, server: Server) -> None:
    page.goto(server.url + "/playground")
    expect(page.locator("#policy-file option")).not_to_have_count(0)
    page.select_option("#policy-file", "blacklist.yaml")
    editor = page.locator("#policy-editor")
    # The file first shown loads too: the edit is made once the chosen file is in the editor.
    expect(editor).to_have_attribute("data-loaded", "blacklist.yaml")
    expect(editor).to_be_editable()
    text = editor.input_value()
    lines = text.splitlines()
    line = next(i for i, s in enumerate(lines, start=1) if s.strip().startswith("clause:"))
    column = len(lines[line - 1]) - len(lines[line - 1].lstrip()) + 1
    lines[line - 1] = lines[line - 1].replace("clause:", "clasue:", 1)
    editor.fill("\n".join(lines) + "\n")
    page.click("#run-file")
    diagnostic = page.locator('.diagnostic[data-code="unknown_field"]')
    expect(diagnostic).to_have_count(1)
    expect(diagnostic).to_have_attribute("data-line", str(line))
    expect(diagnostic).to_have_attribute("data-column", str(column))
    expect(diagnostic.locator(".where")).to_have_text(f"blacklist.yaml:{line}:{column}")
    expect(diagnostic.locator("pre")).to_contain_text(lines[line - 1].strip())
    expect(diagnostic.locator("pre")).to_contain_text(" " * (column - 1) + "^")
    expect(diagnostic.locator(".suggestion")).to_contain_text("clause")
    expect(diagnostic).to_contain_text("未知字段「clasue」")  # the page's language, not the browser's
    shot(page, "whatif-error", at="#whatif-result")
    # The served pack is untouched: the same example still evaluates as before.
    page.select_option("#kind", "blacklist")
    page.click("#evaluate")
    expect(page.locator("#outcome")).not_to_be_empty()


def test_whatif_a_later_choice_of_file_wins_over_an_earlier_one_still_loading(page: Any, server: Server) -> None:
    page.goto(server.url + "/playground")
    editor = page.locator("#policy-editor")
    expect(editor).to_have_attribute("data-loaded", re.compile(".+"))
    files = page.locator("#policy-file option").all_inner_texts()
    other = next(f for f in files if f not in ("blacklist.yaml", editor.get_attribute("data-loaded")))
    held: list[Any] = []

    def hold(route: Any) -> None:  # a bound method cannot be a Playwright handler
        held.append(route)

    page.route(lambda url: url.endswith("/playground/api/policy?name=blacklist.yaml"), hold)
    page.select_option("#policy-file", "blacklist.yaml")
    expect(page.locator("#run-file")).to_be_disabled()
    expect(editor).not_to_be_editable()
    page.select_option("#policy-file", other)
    expect(editor).to_have_attribute("data-loaded", other)
    expect(editor).to_be_editable()
    shown = editor.input_value()
    editor.fill(shown + "# an edit\n")
    with page.expect_response(lambda response: response.url.endswith("name=blacklist.yaml")):
        held[0].continue_()  # the answer for the earlier choice arrives last
    page.wait_for_timeout(300)  # time for the page to (wrongly) show it
    expect(editor).to_have_attribute("data-loaded", other)
    expect(editor).to_have_value(shown + "# an edit\n")
    expect(page.locator("#run-file")).to_be_enabled()


def test_whatif_setting_shows_the_changed_decisions(page: Any, server: Server) -> None:
    page.goto(server.url + "/playground")
    expect(page.locator("#setting-name option")).not_to_have_count(0)
    page.select_option("#setting-name", "blacklist.publication_years")
    page.fill("#setting-value", "1")
    page.click("#run-setting")
    served = commitrules.load_policies()
    cases, errors = read_cases([EXAMPLES])
    assert [] == errors
    expected = diff_packs(
        served, commitrules.load_policies(settings={"blacklist.publication_years": 1}), cases, "2020-06-01"
    )
    assert expected.cases, "the change alters some example"
    rows = page.locator("#changed-cases tbody tr")
    expect(rows).to_have_count(len(expected.cases))
    shown = {rows.nth(i).get_attribute("data-case") for i in range(len(expected.cases))}
    assert {_example_name(c.source) for c in expected.cases} == shown
    first = expected.cases[0]
    row = page.locator(f'#changed-cases tr[data-case="{_example_name(first.source)}"]')
    assert first.old is not None
    assert first.new is not None
    expect(row).to_contain_text(f"（{first.old.outcome}）")
    expect(row).to_contain_text(f"（{first.new.outcome}）")
    shot(page, "whatif-setting", at="#whatif-result")


def test_audit_report_shows_clause_with_passing_scenarios(page: Any, server: Server) -> None:
    page.goto(server.url + "/audit")
    clause = page.locator("#clause-2-2-3")
    expect(clause).to_have_attribute("data-clause", "二(二)3")
    clause.locator("summary").click()
    expect(clause.locator("summary")).to_contain_text("已覆盖")
    results = clause.locator(".scenario-result")
    assert results.count() > 0
    for i in range(results.count()):
        expect(results.nth(i)).to_contain_text("通过")
    expect(page.locator(".pack-digest")).to_have_text(commitrules.load_policies().digest)
    expect(page.locator("svg.diagram")).not_to_have_count(0)
    shot(page, "audit-zh", at="#clause-2-2-3")


def test_english_switch_keeps_the_shared_case(page: Any, server: Server) -> None:
    _open_example(page, server, "blacklist", EXAMPLE)
    page.get_by_label(_field("determined_by")).fill("连云港市司法局")
    page.click("#evaluate")
    expect(page.locator("#outcome")).to_contain_text("joint_punishment")
    assert "#case=" in page.url
    payload = page.url.split("#case=", 1)[1]
    shared = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    assert "连云港市司法局" == shared["case"]["entry"]["determined_by"]
    _settled(page)
    page.click("a.lang")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#evaluate")).to_have_text("Evaluate")
    expect(page.get_by_label(_field("determined_by"))).to_have_value("连云港市司法局")
    expect(page.locator("#example")).to_have_value("")
    expect(page.locator("#share-status")).to_have_text("The case was loaded from a share link.")
    page.click("#evaluate")
    expect(page.locator("#outcome")).to_have_text("joint_punishment")
    expect(page.locator('.fired > li[data-rule="punish.joint"] [data-clause="二(二)3"]')).to_contain_text(
        "clause 二(二)3"
    )
    shot(page, "playground-en")
    _settled(page)
    page.goto(server.url + "/audit?lang=en")
    expect(page.locator("#clause-2-2-3 summary")).to_contain_text("covered")
    shot(page, "audit-en", at="#clause-2-2-3")


def _log_cleared(page: Any, server: Server) -> None:
    """The log page, its first search (all kinds) shown and then taken off, so that a table read after a
    search of the test's own is that search's, not the first one's still on screen."""
    with page.expect_response(lambda r: "/log/api/search" in r.url):
        page.goto(server.url + "/log")
    expect(page.locator("#log-table")).to_be_visible()
    page.evaluate("document.getElementById('log-results').replaceChildren()")


def test_log_viewer_searches_and_explains(page: Any, server: Server) -> None:
    case = yaml.safe_load((EXAMPLES / EXAMPLE).read_text("utf-8"))
    answer, headers = server.post("/v1/decisions?as_of=2020-06-01", case)
    assert "joint_punishment" == answer["outcome"]
    decision_id = headers["X-Decision-Id"]
    other = yaml.safe_load((EXAMPLES / "assistance" / ASSISTANCE).read_text("utf-8"))
    assert server.post("/v1/decisions?as_of=2020-06-01", other)[0]["kind"] == "assistance"  # one the filter leaves out
    _log_cleared(page, server)
    expect(page.locator("#chain-status")).to_contain_text("校验通过")
    expect(page.locator("#chain-status")).to_contain_text(re.compile(r" · \d+ 条记录 · 已校验树头 \d+ 个$"))
    page.select_option("#log-kind", "blacklist")
    page.fill("#outcome", "joint_punishment")
    page.click("#log-search button[type=submit]")
    row = page.locator(f'#log-table tr[data-id="{decision_id}"]')
    expect(row).to_contain_text("实施联合惩戒")
    search = f"{server.url}/log/api/search?kind=blacklist&outcome=joint_punishment&limit=50"
    with urllib.request.urlopen(search, timeout=30) as answer:  # noqa: S310 - our own loopback server
        found = json.load(answer)
    shown, size = len(found["records"]), found["size"]
    rows = page.locator("#log-table tbody tr")
    expect(rows).to_have_count(shown)
    for i in range(shown):
        expect(rows.nth(i)).to_contain_text("joint_punishment")
    # The line above the table counts the rows the search shows (not the log's size), the log's size beside it.
    assert 0 < shown < size
    expect(page.locator("#log-count")).to_have_text(f"显示 {shown} 条记录，日志共 {size} 条。")
    row.locator("button").click()
    expect(page.locator("#log-explanation")).to_contain_text("二(二)3")
    shot(page, "log-zh", full=True)


def test_the_log_viewers_next_page_starts_past_the_last_record_shown(page: Any, server: Server) -> None:
    """ "More" shows the next 50 records of the search, each once: the page asks past the last index shown."""
    case = yaml.safe_load((EXAMPLES / "assistance" / ASSISTANCE).read_text("utf-8"))
    answers, _ = server.post("/v1/decisions:batch?as_of=2020-06-01", {"cases": [case] * 60})
    assert all(item["status"] == 200 for item in answers["results"])
    _log_cleared(page, server)
    page.select_option("#log-kind", "assistance")
    page.click("#log-search button[type=submit]")
    rows = page.locator("#log-table tbody tr")
    expect(rows).to_have_count(50)
    expect(page.locator("#log-count")).to_have_text(re.compile(r"^显示 50 条记录，还有下一页；日志共 \d+ 条。$"))
    first = [int(text) for text in rows.locator("td:first-child").all_inner_texts()]
    assert first == sorted(first)
    # past the last record shown, not at an offset (which read every record before it again)
    with page.expect_request(lambda r: "/log/api/search" in r.url and f"after={first[-1]}" in r.url):
        page.get_by_role("button", name="下一页").click()
    expect(rows.first.locator("td").first).not_to_have_text(str(first[0]))
    second = [int(text) for text in rows.locator("td:first-child").all_inner_texts()]
    url = f"{server.url}/v1/decisions?kind=assistance&limit=50&after={first[-1]}"
    with urllib.request.urlopen(url, timeout=30) as answer:  # noqa: S310 - our own loopback server
        assert second == [r["index"] for r in json.load(answer)["records"]]
    assert second
    assert second[0] > first[-1]
    for i in range(rows.count()):
        expect(rows.nth(i).locator("td[data-kind]")).to_have_attribute("data-kind", "assistance")


def test_static_report_opens_from_a_file_with_no_request(browser: Any, tmp_path: Path, server: Server) -> None:
    out = tmp_path / "usb"
    subprocess.run(
        [
            str(Path(sys.executable).parent / "commitrules"),
            "audit-report",
            "--junit",
            str(server.junit),
            "--features",
            str(ROOT / "features"),
            "--out",
            str(out),
            "--lang",
            "zh",  # a report follows the locale; the test's is not Chinese
        ],
        check=True,
        cwd=ROOT,
        capture_output=True,
    )
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(str(r.url)))
    page.goto((out / "audit-report.html").as_uri())
    expect(page.locator("#clause-2-2-3 summary")).to_contain_text("二(二)3")
    expect(page.locator("#clause-2-2-3 .scenario-result").first).to_contain_text("通过")
    assert [(out / "audit-report.html").as_uri()] == requests
    context.close()


def test_docs_site_is_served_and_searchable_offline(page: Any, server: Server) -> None:
    page.goto(server.url + "/playground")
    _settled(page)
    page.get_by_role("link", name="文档").click()
    expect(page).to_have_url(re.compile(r"/docs/(index\.html)?$"))
    expect(page.locator("h1").first).to_contain_text("commitrules")
    # Typed key by key: the theme reads the box on keyup (fill() sends none, and passes only when the
    # search worker happens to become ready after it).
    page.locator("input.md-search__input").press_sequentially("clause")
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    page.goto(server.url + "/docs/zh/pages.html")
    expect(page.locator("h1").first).to_contain_text("页面使用说明")
    shot(page, "docs-zh")


def test_every_control_has_a_label_and_the_keyboard_suffices(page: Any, server: Server) -> None:
    _open_example(page, server, "blacklist", EXAMPLE)
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll('input, select, textarea, button')]
             .filter(e => e.type !== 'hidden' && !(e.labels && e.labels.length) && !e.getAttribute('aria-label')
                          && !(e.tagName === 'BUTTON' && e.textContent.trim()))
             .map(e => e.outerHTML.slice(0, 80))"""
    )
    assert [] == unlabelled
    page.focus("#mode-yaml")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")  # the form button
    expect(page.locator("#mode-form")).to_have_attribute("aria-pressed", "true")
    page.focus("#evaluate")
    page.keyboard.press("Enter")
    expect(page.locator("#outcome")).to_have_text("实施联合惩戒（joint_punishment）")
    _settled(page)
    page.goto(server.url + "/audit")
    page.locator("#clause-2-2-3 > summary").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#clause-2-2-3")).to_have_attribute("open", "")
