"""docs/service.md documents every setting, and shows the Java client as it is in examples/."""

from __future__ import annotations

import re

from commitrules.messages import catalogue
from commitrules.service.http.config import OPTIONS
from commitrules.service.http.problems import PROBLEM_CODES
from tests.service.server import ROOT

SERVICE_MD = (ROOT / "docs" / "service.md").read_text(encoding="utf-8")


def test_every_setting_is_in_the_one_table():
    """Each option has its row: flag, variable, default; and the table has no other rows."""
    rows = re.findall(r"^\| `(--[a-z-]+)` \| `(COMMITRULES_[A-Z_]+)` \| ([^|]*) \|", SERVICE_MD, flags=re.MULTILINE)
    expected = []
    for option in OPTIONS:
        default = "" if option.default in (None, "") else ("off" if option.default is False else f"`{option.default}`")
        expected.append((option.flag, option.env, default))
    assert expected == [(flag, env, default.strip()) for flag, env, default in rows]


def test_the_java_client_shown_is_the_one_compiled():
    """The ```java block of docs/service.md is examples/service/DecisionClient.java, which .ci/run compiles."""
    block = re.search(r"```java\n(.*?)```", SERVICE_MD, flags=re.DOTALL)
    assert block is not None
    assert (ROOT / "examples" / "service" / "DecisionClient.java").read_text(encoding="utf-8") == block.group(1)


def test_every_problem_code_is_documented():
    """Each problem code the service answers with has a title in both languages and an entry in docs/errors.md."""
    errors_md = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^## ([a-z_]+)$", errors_md, flags=re.MULTILINE))
    assert [] == sorted(set(PROBLEM_CODES) - documented)
    for code in PROBLEM_CODES:
        zh, en = (catalogue(lang)[f"problem.title.{code}"] for lang in ("zh", "en"))
        assert zh and en and zh != en, code
    titled = {key.removeprefix("problem.title.") for key in catalogue("en") if key.startswith("problem.title.")}
    assert titled == set(PROBLEM_CODES), "a title for a code the service does not answer with"
