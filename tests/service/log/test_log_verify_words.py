"""What ``log verify`` finds is said from the catalogues (``log.verify.*``), in the reader's language: on the
command line, in the JSON report (English and Chinese), and on the log page (its own language, one line).

The words were the verifier's own: a dictionary of Chinese kinds, and each finding written twice in code,
so the log page showed the English and the kind's code ('edited') to a Chinese auditor.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute
from starlette.requests import Request

from commitrules.engine.decision import Decision
from commitrules.messages import message
from commitrules.service.log import DecisionLog
from commitrules.service.pages import PagesConfig
from commitrules.service.pages.logview import log_api
from tests.language_leaks import chinese_characters, english_runs
from tests.service.log.conftest import items
from tests.service.log.tampering import TAMPERINGS, tamper

Decided = list[tuple[dict[str, Any], Decision]]


def _tampered(path: Path, decided: Decided, name: str) -> str:
    url = f"sqlite:///{path}"
    with DecisionLog.open(url) as log:
        log.append_many(items(decided, 20))
    tamper(url, TAMPERINGS[name])
    return url


@pytest.mark.parametrize("name", sorted(TAMPERINGS))
def test_each_finding_speaks_one_language(tmp_path: Path, decided: Decided, name: str) -> None:
    """Each finding's line is Chinese under zh and English under en; the JSON keeps both messages."""
    with DecisionLog.open(_tampered(tmp_path / "d.db", decided, name)) as log:
        report = log.verify()
    assert report.problems
    zh, en = report.render("zh"), report.render("en")
    assert [] == english_runs(zh), zh
    assert [] == chinese_characters(en), en
    for problem, item in zip(report.problems, report.to_dict()["problems"], strict=True):
        assert (problem.message, problem.message_zh) == (item["message"], item["message_zh"])
        assert message(f"log.verify.kind.{problem.kind}", "zh") in problem.render("zh")


def test_an_intact_log_says_so_in_each_language(tmp_path: Path, decided: Decided) -> None:
    with DecisionLog.open(f"sqlite:///{tmp_path / 'd.db'}") as log:
        log.append_many(items(decided, 3))
        report = log.verify()
    assert report.render("zh").startswith("完好：3 条记录")
    assert report.render("en").startswith("ok: records: 3,")
    assert "未核对签名" not in report.render("zh")


def _verify_page(log: DecisionLog, query: str, lang: str) -> dict[str, Any]:
    config = PagesConfig(pack=lambda: pytest.fail("the log page does not read the pack"), decision_log=log)
    (route,) = [r for r in log_api(config).routes if isinstance(r, APIRoute) and r.path.endswith("/verify")]
    # the service's guard reads Accept-Language into the request's state; the page's scripts send it
    scope = {"type": "http", "method": "GET", "path": route.path, "query_string": query.encode(), "headers": []}
    scope["state"] = {"lang": lang}
    answer: dict[str, Any] = route.endpoint(Request({**scope, "scheme": "http", "server": ("t", 80), "root_path": ""}))
    return answer


def test_the_log_page_says_each_finding_in_its_language(tmp_path: Path, decided: Decided) -> None:
    """The page's verification gives each problem said in the page's language (it showed the English)."""
    with DecisionLog.open(_tampered(tmp_path / "d.db", decided, "edit_case")) as log:
        zh = _verify_page(log, "", "zh")
        en = _verify_page(log, "", "en")
    (problem_zh,) = zh["problems"]
    (problem_en,) = en["problems"]
    assert problem_zh["said"].startswith("被修改：第 ")
    assert [] == english_runs(problem_zh["said"])
    assert problem_en["said"].startswith("edited: record ")
    assert [] == chinese_characters(problem_en["said"])
