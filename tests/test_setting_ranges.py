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
