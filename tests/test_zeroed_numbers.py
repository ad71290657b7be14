"""A number that is not 0 as written but below the smallest float is refused, never read as 0.

``1e-400`` (or ``0.`` and 400 zeros and a 1) in a JSON case, a JSON Lines batch or a YAML case file
was read as 0 without a word: a matter whose fee was written so was decided as free of charge (no
``missing_fee_warning``). A YAML ``1e-400``, ambiguous already, was refused with the advice to
write 0.0.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from commitrules.cli import EXIT_CASE, main
from commitrules.errors import PolicySyntaxError
from commitrules.model._json import ZeroedNumberError, load_json, read_float
from commitrules.policy.yaml import load_yaml

ROOT = Path(__file__).resolve().parents[1]
CASE = ROOT / "examples" / "cases" / "application" / "empty-notice-and-unsigned-letter.yaml"
TINY = ["1e-400", "1.0e-400", "0." + "0" * 400 + "1", "-2E-999"]


@pytest.mark.parametrize("number", TINY)
def test_a_number_read_as_zero_is_refused(number: str) -> None:
    with pytest.raises(ZeroedNumberError):
        read_float(number)
    with pytest.raises(ZeroedNumberError):
        load_json(f'{{"fees": {number}}}')


@pytest.mark.parametrize("number", ["0.0", "0e5", "-0.0", "0.000", "1e-300", "2.5"])
def test_zero_and_small_numbers_are_read_as_before(number: str) -> None:
    assert float(number) == read_float(number)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_yaml_number_read_as_zero_is_an_error_at_it(lang: str) -> None:
    with pytest.raises(PolicySyntaxError) as raised:
        load_yaml("fees: 1.0e-400\n", "case.yaml")
    found = raised.value.first
    assert ("invalid_scalar", 1, 7) == (found.code, found.span.line, found.span.column)
    assert {"zh": "读取时会变成 0", "en": "it would be read as 0"}[lang] in found.message_in(lang)
    with pytest.raises(PolicySyntaxError) as raised:
        load_yaml("fees: 1e-400\n", "case.yaml")  # text in YAML 1.1: ambiguous, and not 0.0 either
    assert "ambiguous_scalar" == raised.value.first.code
    assert "write 0.0" not in raised.value.first.message_in("en").lower()
    assert {"zh": "这么小的数读取时会变成 0", "en": "A number this small is read as 0"}[
        lang
    ] in raised.value.first.message_in(lang)


def test_a_case_with_such_a_fee_is_not_decided(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """As a JSON file, a YAML file and lines of a batch: an error naming the number, no decision."""
    case = yaml.safe_load(CASE.read_text(encoding="utf-8"))
    text = json.dumps(case, ensure_ascii=False).replace('"fees": 10', '"fees": 1e-400')
    assert "1e-400" in text
    (tmp_path / "case.json").write_text(text, encoding="utf-8")
    (tmp_path / "case.yaml").write_text(CASE.read_text(encoding="utf-8").replace("fees: 10", "fees: 1.0e-400"))
    for name in ("case.json", "case.yaml"):
        code = main(["--lang", "en", "evaluate", str(tmp_path / name), "--as-of", "2020-06-01"])
        out, err = capsys.readouterr()
        assert (EXIT_CASE, "") == (code, out), err
        assert "is not 0 but too small to be told from 0" in err
    (tmp_path / "cases.jsonl").write_text(text + "\n", encoding="utf-8")
    code = main(["--lang", "zh", "evaluate", "--jsonl", str(tmp_path / "cases.jsonl"), "--as-of", "2020-06-01"])
    record = json.loads(capsys.readouterr().out)
    assert "invalid_json" == record["error"]["code"]
    assert "读取时会变成 0" in record["error"]["errors"][0]["message"]
