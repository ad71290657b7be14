"""The pages' JSON endpoints on a real ``commitrules serve`` over loopback (no browser needed)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

import commitrules
from commitrules.service.pages import PagesConfig
from commitrules.service.pages.whatif import WhatIf, run_whatif
from tests.language_leaks import chinese_characters, english_runs
from tests.service.server import printed_urls

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "cases" / "blacklist" / "active-person-without-employer.yaml"
AUDITOR, CLERK, STAFF = "s3cret-auditor-0123456789", "s3cret-clerk-0123456789", "s3cret-staff-0123456789"
TOKENS = f"auditor:read-log:{AUDITOR};clerk:evaluate:{CLERK};staff:author:{STAFF}"


def _serve(tmp: Path, *extra: str) -> tuple[str, subprocess.Popen[bytes]]:
    """``commitrules serve EXTRA`` on the port the system chooses (``--port 0``): its address and process."""
    output = tmp / "serve.log"
    with output.open("wb") as log:
        process = subprocess.Popen(
            [str(Path(sys.executable).parent / "commitrules"), "serve", "--port", "0", *extra],
            cwd=tmp,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 30
    try:
        url = printed_urls(output, process, seconds=30)[0]
    except RuntimeError as exc:
        process.kill()
        process.wait(timeout=30)  # reaped: a child left to the collector warns in a later test
        pytest.fail(str(exc))
    while True:
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2):  # noqa: S310 - our own loopback server
                return url, process
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                process.wait(timeout=30)
                pytest.fail(output.read_text(encoding="utf-8"))
            time.sleep(0.2)


def _call(url: str, body: Any = None, token: str | None = None, lang: str | None = None) -> tuple[int, Any]:
    headers = {"Content-Type": "application/json"} if body is not None else {}
    if lang:
        headers["Accept-Language"] = lang
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.loads(error.read() or b"null")


@pytest.fixture(scope="module")
def open_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url, process = _serve(tmp_path_factory.mktemp("open"), "--no-log")
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def guarded_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("guarded")
    url, process = _serve(tmp, "--tokens", TOKENS, "--log-url", f"sqlite:///{tmp / 'log.db'}")
    yield url
    process.terminate()
    process.wait(timeout=10)


def test_evaluate_explains_with_clause_text_and_labels(open_service: str) -> None:
    case = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    status, answer = _call(open_service + "/playground/api/evaluate", {"case": case, "as_of": "2020-06-01"})
    assert 200 == status
    assert {"code": "joint_punishment", "zh": "实施联合惩戒"} == answer["outcome"]
    joint = next(f for f in answer["fired"] if f["rule"] == "punish.joint")
    clause = commitrules.load_policies().clauses["二(二)3"]
    assert [{"id": "二(二)3", "title": dict(clause.title or {}), "text": clause.text}] == joint["clauses"]


def test_invalid_case_gives_errors_by_path(open_service: str) -> None:
    case = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    case["entry"]["subjekt"] = case["entry"].pop("subject")
    status, answer = _call(open_service + "/playground/api/evaluate", {"case": case})
    assert 200 == status
    assert not answer["ok"]
    assert {"$.entry.subject", "$.entry.subjekt"} <= {e["path"] for e in answer["errors"]}
    # In the page's language (the pages send it as Accept-Language), as `commitrules evaluate --lang` words them.
    said = {}
    for lang in ("zh", "en"):
        errors = _call(open_service + "/playground/api/evaluate", {"case": case}, lang=lang)[1]["errors"]
        said[lang] = {e["path"]: e["message"] for e in errors}
    assert "缺少必填字段「subject」" == said["zh"]["$.entry.subject"]
    assert "Missing required field 'subject'" == said["en"]["$.entry.subject"]
    assert said["zh"].keys() == said["en"].keys()


def test_yaml_error_is_positioned(open_service: str) -> None:
    status, answer = _call(open_service + "/playground/api/yaml-to-json", {"text": "kind: blacklist\nentry: [a,\n"})
    assert 200 == status
    assert not answer["ok"]
    assert answer["error"]["line"] >= 2
    chinese = _call(open_service + "/playground/api/yaml-to-json", {"text": "kind: blacklist\nentry: [a,\n"}, lang="zh")
    english = _call(open_service + "/playground/api/yaml-to-json", {"text": "kind: blacklist\nentry: [a,\n"}, lang="en")
    assert chinese_characters(chinese[1]["error"]["message"]), chinese
    assert not chinese_characters(english[1]["error"]["message"]), english


def test_the_form_schema_speaks_the_language_the_page_asks_for(open_service: str) -> None:
    """``?lang=zh``: each field's description (the form's hint) is its Chinese help; otherwise its English one."""
    said: dict[str | None, str] = {}
    for lang in ("zh", "en", "fr", None):
        query = f"?lang={lang}" if lang else ""
        status, schema = _call(open_service + f"/playground/api/schema/blacklist{query}")
        assert 200 == status
        said[lang] = schema["$defs"]["BlacklistEntry"]["properties"]["determined_by"]["description"]
    assert "作出认定的单位（认定单位）。" == said["zh"]
    assert "The unit that determined the entry (认定单位)." == said["en"] == said["fr"] == said[None]
    assert 404 == _call(open_service + "/playground/api/schema/blacklst?lang=zh")[0]


def test_whatif_never_changes_the_served_pack(open_service: str) -> None:
    before = _call(open_service + "/playground/api/kinds")[1]["pack"]["digest"]
    status, answer = _call(open_service + "/playground/api/whatif", {"settings": {"blacklist.publication_years": "1"}})
    assert 200 == status
    assert answer["ok"]
    assert [
        {"name": "blacklist.publication_years", "old": 3, "new": 1, "read_by": ["blacklist.exit.expired"]}
    ] == answer["diff"]["settings"]
    assert answer["diff"]["changed"]
    assert before == _call(open_service + "/playground/api/kinds")[1]["pack"]["digest"]


def test_whatif_bad_setting_value_is_reported(open_service: str) -> None:
    status, answer = _call(open_service + "/playground/api/whatif", {"settings": {"blacklist.publication_years": "三"}})
    assert 200 == status
    assert not answer["ok"]
    assert answer["diagnostics"], "a setting of the wrong type is an error of check"


@pytest.mark.parametrize(
    ("value", "code", "column"),
    [
        ("010", "ambiguous_scalar", 1),  # was read as 8 (YAML 1.1 octal) and tried without a word
        ("yes", "ambiguous_scalar", 1),  # was true
        ("[" * 5000, "too_deep", 65),  # was a RecursionError's traceback on the page
        ("&a [1]", "yaml_alias", 1),
        ("{a: 1, a: 2}", "duplicate_key", 8),  # was {'a': 2}
        ("[1,", "yaml_syntax", 4),  # was PyYAML's English ('while parsing a flow node') in Chinese too
    ],
)
def test_whatif_reads_a_setting_as_the_pack_files_are_read(
    open_service: str, value: str, code: str, column: int
) -> None:
    """A setting's text is refused as settings.yaml would refuse it: one error at its position, in the page's words."""
    said = {}
    for lang in ("zh-CN", "en"):
        change = {"settings": {"blacklist.publication_years": value}}
        status, answer = _call(open_service + "/playground/api/whatif", change, lang=lang)
        assert 200 == status
        assert not answer["ok"] and "stopped" not in answer, answer
        (diagnostic,) = answer["diagnostics"]
        assert (code, "settings", "blacklist.publication_years", 1, column) == (
            diagnostic["code"],
            diagnostic["file"],
            diagnostic["path"],
            diagnostic["line"],
            diagnostic["column"],
        )
        assert diagnostic["rendered"].startswith(f"blacklist.publication_years:1:{column}: {code}: ")
        said[lang] = diagnostic["message"]
    assert said["zh-CN"] != said["en"]
    assert re.search("[\u4e00-\u9fff]", said["zh-CN"])


def test_whatif_speaks_the_language_the_page_asks_for(open_service: str) -> None:
    """The diagnostics of a what-if are in the page's language (its requests say it), Chinese by default."""
    text = (ROOT / "policies" / "blacklist.yaml").read_text(encoding="utf-8").replace("clause:", "clasue:", 1)
    said: dict[str | None, Any] = {}
    for lang in ("zh-CN", "en", None):
        change = {"file": "blacklist.yaml", "text": text}
        status, answer = _call(open_service + "/playground/api/whatif", change, lang=lang)
        assert 200 == status
        (diagnostic,) = [d for d in answer["diagnostics"] if d["code"] == "unknown_field"]
        said[lang] = diagnostic
    assert said["zh-CN"]["message"].startswith("未知字段「clasue」")
    assert "未知字段「clasue」" in said["zh-CN"]["rendered"]
    assert said["en"]["message"].startswith("Unknown field 'clasue'")
    assert said[None]["message"] == said["zh-CN"]["message"]


def test_whatif_text_speaks_the_language_asked_for() -> None:
    """The what-if's text (the diff as ``commitrules diff`` prints it) and its rules' changes are in the
    language asked for: the text was Chinese explanations in an English frame whatever was asked, and a
    rule's change was the code ('changed') in Chinese too."""
    pack = commitrules.load_policies()
    config = PagesConfig(pack=lambda: pack)
    text = (ROOT / "policies" / "blacklist.yaml").read_text(encoding="utf-8")
    when = "- entry.status == 'active' or exit_pending\n        - as_of > add_years"
    assert when in text
    body = WhatIf(
        file="blacklist.yaml", text=text.replace(when, "- entry.status == 'active'\n        - as_of > add_years")
    )
    said = {lang: run_whatif(config, ROOT / "policies", body, lang=lang)["diff"] for lang in ("zh", "en")}
    assert said["zh"]["text"].startswith("政策差异：")
    assert said["en"]["text"].startswith("Policy diff: ")
    assert [] == english_runs(said["zh"]["text"]), said["zh"]["text"]
    assert [] == chinese_characters(said["en"]["text"]), said["en"]["text"]
    assert [("修改", "blacklist.exit.expired")] == [(r["said"], r["id"]) for r in said["zh"]["rules"]]
    assert [("changed", "blacklist.exit.expired")] == [(r["said"], r["id"]) for r in said["en"]["rules"]]


def test_whatif_text_shows_no_path_of_the_server() -> None:
    """The what-if's text named the served pack's folder, the copy's temporary folder and each example by its
    absolute path: a page's reader learnt where the server keeps its files. It names the packs in words and
    the examples from their folder, as its list of changed cases does."""
    pack = commitrules.load_policies()
    config = PagesConfig(pack=lambda: pack)
    body = WhatIf(settings={"leniency.mitigated_min_score": "2"})
    for lang, served, copy in (("zh", "在用的规则包", "修改后的副本"), ("en", "the served pack", "the changed copy")):
        diff = run_whatif(config, ROOT / "policies", body, lang=lang)["diff"]
        text = diff["text"]
        assert text.splitlines()[0].split("：" if lang == "zh" else ": ", 1)[1].startswith(f"{served} (")
        assert f"-> {copy} (" in text.splitlines()[0]
        assert 1 <= len(diff["changed"])
        for change in diff["changed"]:
            assert f"## {change['source']}: " in text
            assert not change["source"].startswith("/")
        assert str(ROOT) not in text
        assert "commitrules-whatif-" not in text


def test_whatif_refuses_unknown_files_and_large_ones(open_service: str) -> None:
    assert 404 == _call(open_service + "/playground/api/whatif", {"file": "../pyproject.toml", "text": "x"})[0]
    big = "# " + "x" * (300 * 1024)
    assert 413 == _call(open_service + "/playground/api/whatif", {"file": "blacklist.yaml", "text": big})[0]


def test_whatif_is_stopped_after_its_time_limit() -> None:
    pack = commitrules.load_policies()
    config = PagesConfig(pack=lambda: pack, whatif_timeout=0.05)
    answer = run_whatif(config, ROOT / "policies", WhatIf(settings={"blacklist.publication_years": "1"}))
    assert not answer["ok"]
    assert "0.05" in answer["stopped"]


def test_roles_guard_the_pages_endpoints(guarded_service: str) -> None:
    case = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    whatif = guarded_service + "/playground/api/whatif"
    body = {"settings": {"blacklist.publication_years": "1"}}
    assert 401 == _call(whatif, body)[0]
    assert 403 == _call(whatif, body, CLERK)[0]
    assert 200 == _call(whatif, body, STAFF)[0]
    assert 403 == _call(guarded_service + "/log/api/verify", token=CLERK)[0]
    status, verified = _call(guarded_service + "/log/api/verify", token=AUDITOR)
    assert 200 == status
    assert verified["ok"]
    assert 200 == _call(guarded_service + "/playground/api/evaluate", {"case": case}, CLERK)[0]
    assert 403 == _call(guarded_service + "/playground/api/evaluate", {"case": case}, AUDITOR)[0]
    with urllib.request.urlopen(guarded_service + "/playground", timeout=10) as page:  # noqa: S310
        assert 200 == page.status, "the page itself is public; its endpoints are guarded"


def _raw(url: str, body: bytes, lang: str) -> tuple[int, Any]:
    request = urllib.request.Request(  # noqa: S310
        url, data=body, headers={"Content-Type": "application/json", "Accept-Language": lang}
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.loads(error.read() or b"null")


def test_the_pages_problems_speak_the_requests_language(open_service: str, guarded_service: str) -> None:
    """The pages' API said its problems in both languages at once ('需要角色 author / this needs the role
    author'), or in FastAPI's English ('There was an error parsing the body', 'JSON decode error')."""
    sends = [
        (403, lambda lang: _call(guarded_service + "/playground/api/whatif", {}, CLERK, lang)),
        (404, lambda lang: _call(open_service + "/playground/api/whatif", {"file": "nope.yaml"}, lang=lang)),
        (413, lambda lang: _call(open_service + "/playground/api/whatif", {"text": "x" * 300 * 1024}, lang=lang)),
        (404, lambda lang: _call(open_service + "/playground/api/example?name=nope.yaml", lang=lang)),
        (404, lambda lang: _call(open_service + "/log/api/search", lang=lang)),
        (422, lambda lang: _call(guarded_service + "/log/api/search?since=yesterday", token=AUDITOR, lang=lang)),
        (422, lambda lang: _call(guarded_service + "/log/api/search?offset=" + "9" * 20, token=AUDITOR, lang=lang)),
        (404, lambda lang: _call(guarded_service + "/log/api/record/nope", token=AUDITOR, lang=lang)),
        (422, lambda lang: _raw(open_service + "/playground/api/json-to-yaml", b'{"case": ' + b"[" * 3000, lang)),
        (400, lambda lang: _raw(open_service + "/playground/api/evaluate", b'{"case": ', lang)),
    ]
    for status, send in sends:
        for lang in ("zh", "en"):
            got, problem = send(lang)
            assert status == got, problem
            words = [problem["detail"], *(item["message"] for item in problem["errors"])]
            if lang == "zh":
                assert [] == [w for w in words if english_runs(w) or not chinese_characters(w)], problem
            else:
                assert [] == [w for w in words if chinese_characters(w)], problem


def test_docs_without_its_slash_goes_to_the_site_by_a_relative_link(tmp_path: Path) -> None:
    """/docs was redirected to a URL made of the Host header (http://evil.example/docs/); now to 'docs/'."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<p>the site</p>", encoding="utf-8")
    url, process = _serve(tmp_path, "--no-log", "--docs-site", str(site))
    try:
        redirect = httpx.get(url + "/docs", headers={"Host": "evil.example"}, timeout=10)
        assert (307, "docs/") == (redirect.status_code, redirect.headers["location"])
        assert "<p>the site</p>" == httpx.get(url + "/docs", follow_redirects=True, timeout=10).text
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_the_log_page_reads_page_after_page_past_the_last_record(guarded_service: str) -> None:
    """``after`` (the index of the last record shown) gives the next page: every record once, in order."""
    case = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    status, _ = _call(guarded_service + "/v1/decisions:batch", {"cases": [case] * 7}, CLERK)
    assert 200 == status
    search = guarded_service + "/log/api/search?kind=blacklist&limit="
    status, whole = _call(search + "200", token=AUDITOR)
    assert 200 == status
    expected = [r["index"] for r in whole["records"]]
    assert len(expected) >= 7
    seen: list[int] = []
    after = None
    while True:
        status, page = _call(search + "3" + ("" if after is None else f"&after={after}"), token=AUDITOR)
        assert 200 == status
        assert page["after"] == after
        seen += [r["index"] for r in page["records"]]
        assert len(page["records"]) == (3 if page["more"] else len(page["records"]))
        if not page["more"]:
            break
        after = page["records"][-1]["index"]
    assert seen == expected
    assert _call(search + "200&after=-1", token=AUDITOR)[1]["records"] == whole["records"]
    status, beyond = _call(search + "3&after=" + str(expected[-1]), token=AUDITOR)
    assert (200, [], False) == (status, beyond["records"], beyond["more"])
    assert 422 == _call(search + "3&after=-2", token=AUDITOR)[0]


@pytest.fixture(scope="module")
def renamed_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A service whose pack (a copy of the bundled one) renames an outcome and a consequence."""
    tmp = tmp_path_factory.mktemp("renamed")
    folder = tmp / "policies"
    shutil.copytree(ROOT / "policies", folder)
    (folder / "pack.lock").unlink(missing_ok=True)
    vocabulary = folder / "vocabulary.yaml"
    text = vocabulary.read_text(encoding="utf-8")
    for old, new in RENAMED.items():
        assert f"{{zh: {old}," in text
        text = text.replace(f"{{zh: {old},", f"{{zh: {new},", 1)
    vocabulary.write_text(text, encoding="utf-8")
    url, process = _serve(tmp, "--policies", str(folder), "--log-url", f"sqlite:///{tmp / 'log.db'}")
    yield url
    process.terminate()
    process.wait(timeout=10)


#: The bundled names and the renamed pack's: the blacklist example's outcome and one of its consequences,
#: and a finding (a choice of the verification form).
RENAMED = {
    "实施联合惩戒": "执行联合惩戒",
    "向社会发布失信人员信息": "公开发布失信人员信息",
    "故意隐瞒真实情况": "隐瞒真实情况",
}


def test_the_pages_speak_the_served_packs_words(renamed_service: str) -> None:
    """Labels and explanations come from the served pack's vocabulary.yaml, which its authors edit.

    The playground, the kinds' labels and the log page all showed the bundled pack's names.
    """
    case = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    status, kinds = _call(renamed_service + "/playground/api/kinds")
    assert 200 == status
    assert "执行联合惩戒" == kinds["labels"]["joint_punishment"] == kinds["outcomes"]["joint_punishment"]
    status, evaluated = _call(renamed_service + "/playground/api/evaluate", {"case": case, "as_of": "2020-06-01"})
    assert 200 == status
    assert {"code": "joint_punishment", "zh": "执行联合惩戒"} == evaluated["outcome"]
    assert {"field": "consequences", "code": "publish_dishonesty", "zh": "公开发布失信人员信息"} in evaluated["codes"]
    assert not set(RENAMED) & set(kinds["labels"].values())
    shown_before = ("实施联合惩戒（joint_punishment）", "向社会发布失信人员信息（publish_dishonesty）")
    assert not [old for old in shown_before if old in evaluated["explanation"]["zh"]]
    assert "执行联合惩戒（joint_punishment）" in evaluated["explanation"]["zh"]
    status, schema = _call(renamed_service + "/playground/api/schema/verification?lang=zh")
    assert 200 == status
    assert "隐瞒真实情况" == schema["$defs"]["FindingType"]["x-labels"]["intentional_concealment"]
    assert "市级单位" == schema["$defs"]["UnitLevel"]["x-labels"]["municipal"], "a choice no vocabulary list names"
    status, _ = _call(renamed_service + "/v1/decisions?as_of=2020-06-01", case)
    assert 200 == status
    status, found = _call(renamed_service + "/log/api/search?kind=blacklist")
    assert 200 == status
    assert {"执行联合惩戒"} == {r["outcome_zh"] for r in found["records"]}
    status, record = _call(renamed_service + "/log/api/record/" + found["records"][-1]["decision_id"])
    assert 200 == status
    assert "执行联合惩戒（joint_punishment）" in record["explanation"]["zh"]
    assert "公开发布失信人员信息（publish_dishonesty）" in record["explanation"]["zh"]
    assert not [old for old in shown_before if old in record["explanation"]["zh"]]
