"""Regressions of issue 10 ("Trust at the edges") that are not documents of the hostile case corpus.

Each test names the item of the issue it keeps fixed.
"""

from __future__ import annotations

import datetime as dt
import json
import typing
from pathlib import Path
from typing import Any

import pytest

import commitrules
from commitrules.cli import EXIT_CASE, main
from commitrules.engine import resolve_as_of
from commitrules.engine.decision import Decision
from commitrules.engine.explain import Lang
from commitrules.errors import CaseValidationError, CommitRulesError, UnknownLanguageError
from commitrules.policy.pack import PolicyPack

SITE = {"kind": "credit_site", "content": {"items": []}}


@pytest.mark.parametrize("as_of", [20200601, 20200601.0, "20200601", "2020/06/01", "2020-6-1", " 2020-06-01", True])
def test_issue_10_as_of_is_a_date_or_an_iso_string(pack: PolicyPack, as_of: Any) -> None:
    """Item 15: ``as_of=20200601`` (an int) and other spellings are refused, not read as some date."""
    with pytest.raises(CaseValidationError) as caught:
        pack.evaluate(SITE, as_of=as_of)
    assert ("as_of", "a date YYYY-MM-DD, e.g. 2020-05-20") == (
        caught.value.errors[0].path,
        caught.value.errors[0].expected,
    )


def test_issue_10_as_of_accepts_what_it_documents() -> None:
    """A date, a datetime (its date) and ``YYYY-MM-DD`` still work."""
    day = dt.date(2020, 6, 1)
    assert [day, day, day] == [
        resolve_as_of(day),
        resolve_as_of(dt.datetime(2020, 6, 1, 23, 0)),  # noqa: DTZ001
        resolve_as_of("2020-06-01"),
    ]


def test_issue_10_explain_in_an_unknown_language_is_a_commitrules_error(pack: PolicyPack) -> None:
    """Item 15: ``explain("fr")`` raises a CommitRulesError with a code, not a bare ValueError."""
    decision = pack.evaluate(SITE, as_of="2020-06-01")
    with pytest.raises(CommitRulesError) as caught:
        decision.explain("fr")  # type: ignore[arg-type]
    assert isinstance(caught.value, UnknownLanguageError)
    assert isinstance(caught.value, ValueError)  # callers that caught ValueError still do
    assert "unknown_language" == caught.value.code
    assert "unknown_language: Unknown language 'fr'; choose one of 'zh', 'en'" == str(caught.value)


def test_issue_10_the_language_is_typed_as_the_two_it_can_be() -> None:
    """Item 15: ``lang`` is ``Literal['zh', 'en']``, so a type checker refuses ``'fr'``."""
    hints = typing.get_type_hints(Decision.explain, globalns=vars(commitrules.engine.explain))
    assert Lang == hints["lang"]
    assert ("zh", "en") == typing.get_args(hints["lang"])


def test_issue_10_one_bad_case_file_does_not_stop_the_good_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Item 15: the good files are evaluated and printed, the bad one is named on standard error, exit 1."""
    (tmp_path / "a.json").write_text(json.dumps(SITE), encoding="utf-8")
    (tmp_path / "b.json").write_text('{"kind": "credit_site", "content": {"items": ["risk_notise"]}}', encoding="utf-8")
    (tmp_path / "c.json").write_text(json.dumps(SITE), encoding="utf-8")
    assert EXIT_CASE == main(["evaluate", str(tmp_path), "--format", "json", "--as-of", "2020-06-01"])
    out, err = capsys.readouterr()
    assert ["noncompliant", "noncompliant"] == [d["outcome"] for d in json.loads(out)]
    assert "b.json: $.content.items[0]: Not an allowed value" in err
    assert "1 problem in 1 input; 2 cases evaluated." in err
