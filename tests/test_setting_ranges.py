"""Settings are checked where they live: a value of the wrong type or out of range is reported at itself."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from commitrules import PolicyValidationError, load_policies

ROOT = Path(__file__).resolve().parents[1]
POLICIES = ROOT / "policies"
SETTING = "verification.default_deadline_days:\n    value: 30\n"


def _pack_with(tmp_path: Path, value: str) -> Path:
    folder = tmp_path / "policies"
    shutil.copytree(POLICIES, folder)
    path = folder / "settings.yaml"
    text = path.read_text(encoding="utf-8")
    assert SETTING in text
    path.write_text(
        text.replace(SETTING, f"verification.default_deadline_days:\n    value: {value}\n"), encoding="utf-8"
    )
    return folder


def _line_of_value(folder: Path) -> int:
    lines = (folder / "settings.yaml").read_text(encoding="utf-8").splitlines()
    return lines.index("  verification.default_deadline_days:") + 2


@pytest.mark.parametrize(
    ("value", "code", "english", "chinese"),
    [
        ("三十", "wrong_type", "without words or units", "只写整数本身，不带文字或单位"),
        ("'30'", "wrong_type", "Remove the quotes", "去掉引号"),
        ("30天", "wrong_type", "without words or units", "只写整数本身，不带文字或单位"),
        ("-5", "setting_out_of_range", "below the setting's minimum 1", "小于允许的最小值 1"),
        ("400", "setting_out_of_range", "above the setting's maximum 365", "大于允许的最大值 365"),
    ],
)
def test_a_bad_day_count_is_reported_at_its_value(
    tmp_path: Path, value: str, code: str, english: str, chinese: str
) -> None:
    folder = _pack_with(tmp_path, value)
    with pytest.raises(PolicyValidationError) as caught:
        load_policies(folder)
    (first,) = caught.value.diagnostics
    # the value itself, in settings.yaml: not a condition that uses the setting in another file
    where = (first.code, Path(first.span.file).name, first.span.line, first.span.column)
    assert where == (code, "settings.yaml", _line_of_value(folder), 12)
    assert english in first.message
    assert chinese in first.message_in("zh")


def test_an_override_out_of_range_is_refused() -> None:
    with pytest.raises(PolicyValidationError) as caught:
        load_policies(settings={"verification.default_deadline_days": 0})
    assert caught.value.first.code == "setting_out_of_range"
    assert "1..365" in caught.value.first.message


@pytest.mark.parametrize(
    ("override", "code", "english", "chinese"),
    [
        # was wrong_type "must be int, found 1000…": an int, out of range
        (10**30, "setting_out_of_range", "is 1000000000000000000000000000000, outside", "超出允许范围 1..365"),
        # was a ValueError from repr(): more digits than Python writes out
        (10**5000, "setting_out_of_range", "is a whole number of 5001 digits, outside", "一个 5001 位的整数"),
        (float("inf"), "setting_out_of_range", "is inf, outside the setting's range 1..365", "超出允许范围"),
        # was pydantic's English ("Input should be a valid date or datetime, …") in Chinese too
        (
            [{"from": "2020-02-30", "value": 3, "source": "s"}],
            "wrong_type",
            "from: Input should be a valid date",
            "有效的日期",
        ),
        # was a ValueError while the message was put into words
        ([{"from": "2020-01-01", "value": 10**5000, "source": "s"}], "wrong_type", "5001 digits", "5001 位"),
    ],
    ids=["31 digits", "5001 digits", "infinity", "no such day", "dated 5001 digits"],
)
def test_an_override_a_host_gets_wrong_is_one_error_in_words(
    override: object, code: str, english: str, chinese: str
) -> None:
    """Whatever a host passes as an override, one diagnostic at the setting, in Chinese and English."""
    with pytest.raises(PolicyValidationError) as caught:
        load_policies(settings={"verification.default_deadline_days": override})
    (first,) = caught.value.diagnostics
    assert code == first.code
    assert english in first.render("en")
    assert chinese in first.render("zh")
    assert "Input should" not in first.render("zh")


@pytest.mark.parametrize(
    "settings", [[("verification.default_deadline_days", 3)], "verification.default_deadline_days"]
)
def test_overrides_that_are_not_a_mapping_are_a_type_error_that_says_so(settings: object) -> None:
    """A list or a text for ``settings`` (was an AttributeError deep in a pass: "'list' object has no ...")."""
    with pytest.raises(TypeError, match="settings must map setting names to values"):
        load_policies(settings=settings)  # type: ignore[arg-type]


def test_an_override_named_by_something_else_than_text_is_an_unknown_setting() -> None:
    """``{1: 1}`` (was a TypeError from the spelling suggestion: "'int' object is not iterable")."""
    with pytest.raises(PolicyValidationError) as caught:
        load_policies(settings={1: 1})  # type: ignore[dict-item]
    assert ["unknown_setting"] == [d.code for d in caught.value.diagnostics]


def test_bounds_only_on_numbers(tmp_path: Path) -> None:
    folder = tmp_path / "policies"
    shutil.copytree(POLICIES, folder)
    path = folder / "settings.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "  withdrawal.allowed:\n    value: false\n    type: bool\n",
        "  withdrawal.allowed:\n    value: false\n    type: bool\n    min: 1\n",
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PolicyValidationError) as caught:
        load_policies(folder)
    assert caught.value.first.code == "invalid_setting_range"


def test_every_bundled_setting_declares_its_type() -> None:
    import yaml

    settings = yaml.safe_load((POLICIES / "settings.yaml").read_text(encoding="utf-8"))["settings"]
    assert [] == [name for name, entry in settings.items() if "type" not in entry]
    counts = [name for name, entry in settings.items() if entry["type"] == "int"]
    assert [] == [name for name in counts if "min" not in settings[name]]


@pytest.mark.parametrize(
    ("declared", "value", "english", "chinese"),
    [
        ("bool", "是", "(e.g. true, not '是' or '对')", "（如 true，而非 是 或 对）"),
        ("int", "三十", "(e.g. 30, not '30天' or '三十')", "（如 30，而非 30天 或 三十）"),
        ("number", "五成", "(e.g. 0.5 or 30, not", "（如 0.5 或 30，而非"),
        ("date", "2019年10月22日", "(e.g. 2019-10-22, not '2019年10月22日')", "（如 2019-10-22，而非 2019年10月22日）"),
        (
            "enum:Role",
            "30",
            "Write one code of Role (e.g. business_division).",
            "请写 Role 的一个代码（如 business_division）",
        ),
    ],
)
def test_the_hint_gives_an_example_of_the_setting_s_type(
    tmp_path: Path, declared: str, value: str, english: str, chinese: str
) -> None:
    """A value of the wrong type is answered with an example of the declared type: never '30' for a yes/no."""
    folder = tmp_path / "policies"
    shutil.copytree(POLICIES, folder)
    entry = (
        f"  test.hinted:\n    value: {value}\n    type: {declared}\n    used_by: host\n    source: interpretation\n"
        "    title: {zh: 示例, en: Example}\n"
    )
    path = folder / "settings.yaml"
    text = path.read_text(encoding="utf-8")
    value_line = text[: text.index("settings:\n")].count("\n") + 3  # the line of ``value:`` in the entry
    path.write_text(text.replace("settings:\n", "settings:\n" + entry, 1), encoding="utf-8")
    with pytest.raises(PolicyValidationError) as caught:
        load_policies(folder)
    (first,) = caught.value.diagnostics
    assert ("wrong_type", value_line) == (first.code, first.span.line)
    assert english in first.message
    assert chinese in first.message_in("zh")
    if declared not in ("int", "number"):
        assert "e.g. 30" not in first.message
        assert "如 30" not in first.message_in("zh")
