"""Settings that change with time (issue 11, item 6): dated values, judged by the value in force on as_of.

A setting of ``settings.yaml`` may carry ``values: [{from, value, source}, ...]`` instead of ``value``.
The dated values are checked where they are written; a case is judged with the value in force on its
evaluation date on both engines (the first value also before its date); a fired rule that read such a
setting names the dated value that applied, in the decision JSON and its explanations; ``reference``
shows each timeline and ``diff`` the changed dated values and the cases they change. Packs without a
dated setting are unchanged: their decision JSON has no new key.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

import commitrules
from commitrules import PolicyValidationError, load_policies
from commitrules.authoring.diff import diff_packs
from commitrules.authoring.reference import render_reference
from commitrules.cli import EXIT_OK, main
from commitrules.io.case_files import read_cases
from commitrules.policy.pack import PolicyPack, pack_to_data

ROOT = Path(__file__).resolve().parents[1]
POLICIES = ROOT / "policies"
SETTING = "verification.default_deadline_days:\n    value: 30\n"
DATED = """verification.default_deadline_days:
    values:
      - {from: 2019-10-22, value: 30, source: 连司通〔2019〕57号}
      - {from: '2021-01-01', value: 15, source: 示例文件 一(一)}
"""
RULE = "verify.overdue.default-deadline"
#: A post-decision check with no deadline in its plan, still running (the default deadline applies).
CASE = ROOT / "examples" / "cases" / "verification" / "running-no-plan-deadline-default-day-after.yaml"


def _folder(tmp_path: Path, entry: str = DATED) -> Path:
    folder = tmp_path / "policies"
    shutil.copytree(POLICIES, folder)
    path = folder / "settings.yaml"
    text = path.read_text(encoding="utf-8")
    assert SETTING in text
    path.write_text(text.replace(SETTING, entry), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def dated_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _folder(tmp_path_factory.mktemp("dated"))


@pytest.fixture(scope="module")
def dated(dated_folder: Path) -> PolicyPack:
    return load_policies(dated_folder)


def _case(started_on: str) -> dict[str, Any]:
    data = yaml.safe_load(CASE.read_text(encoding="utf-8"))
    return {**data, "started_on": started_on}


def _line(folder: Path, text: str) -> int:
    lines = (folder / "settings.yaml").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


# -- the file -------------------------------------------------------------------------------------
def test_the_pack_keeps_each_dated_value_with_its_source(dated: PolicyPack) -> None:
    """A quoted date is the same date; the setting's value is its newest; each keeps its source."""
    setting = dated.settings["verification.default_deadline_days"]
    assert [(dt.date(2019, 10, 22), 30, "连司通〔2019〕57号"), (dt.date(2021, 1, 1), 15, "示例文件 一(一)")] == [
        (p.since, p.value, p.source) for p in setting.history
    ]
    assert 15 == setting.value
    assert [30, 30, 30, 15, 15] == [
        setting.value_on(dt.date.fromisoformat(day))
        for day in ("2001-01-01", "2019-10-22", "2020-12-31", "2021-01-01", "2030-01-01")
    ]


def test_only_a_dated_setting_has_values_in_the_compiled_data(dated: PolicyPack, pack: PolicyPack) -> None:
    """The compiled data of a pack without dated settings keeps its shape (golden files stay as they are)."""
    assert all("values" not in s for s in pack_to_data(pack)["settings"].values())
    assert [
        {"from": "2019-10-22", "value": 30, "source": "连司通〔2019〕57号"},
        {"from": "2021-01-01", "value": 15, "source": "示例文件 一(一)"},
    ] == pack_to_data(dated)["settings"]["verification.default_deadline_days"]["values"]


@pytest.mark.parametrize(
    ("entry", "marker", "column", "code", "english", "chinese"),
    [
        (
            "{from: 2021-01-01, value: 15天, source: x}",
            "15天",
            35,
            "wrong_type",
            "without words or units",
            "不带文字或单位",
        ),
        ("{from: 2021-01-01, value: '15', source: x}", "'15'", 35, "wrong_type", "Remove the quotes", "去掉引号"),
        ("{from: 2021-01-01, value: 0, source: x}", "value: 0", 35, "setting_out_of_range", "minimum 1", "最小值 1"),
        ("{from: 2021-01-01, value: 366, source: x}", "366", 35, "setting_out_of_range", "maximum 365", "最大值 365"),
        (
            "{from: 2019-10-22, value: 15, source: x}",
            "value: 15, source: x",
            16,
            "dated_values_order",
            "same date",
            "相同",
        ),
        ("{from: 2019-01-01, value: 15, source: x}", "2019-01-01", 16, "dated_values_order", "comes before", "早于"),
    ],
)
def test_a_bad_dated_value_is_reported_at_itself(  # noqa: PLR0917 - one row of the table
    tmp_path: Path, entry: str, marker: str, column: int, code: str, english: str, chinese: str
) -> None:
    """Type, range and order of each dated value are checked at its position in settings.yaml, in both languages."""
    text = (
        "verification.default_deadline_days:\n    values:\n"
        f"      - {{from: 2019-10-22, value: 30, source: 连司通〔2019〕57号}}\n      - {entry}\n"
    )
    folder = _folder(tmp_path, text)
    with pytest.raises(PolicyValidationError) as caught:
        load_policies(folder)
    (first,) = caught.value.diagnostics
    where = (first.code, Path(first.span.file).name, first.span.line, first.span.column)
    assert (code, "settings.yaml", _line(folder, marker), column) == where
    assert english in first.message
    assert chinese in first.message_in("zh")


@pytest.mark.parametrize(
    ("entry", "code", "marker"),
    [
        ("verification.default_deadline_days:\n    value: 30\n    values: []\n", "setting_value_conflict", "values"),
        ("verification.default_deadline_days:\n    values: []\n", "invalid_value", "values: []"),
        ("verification.default_deadline_days:\n", "missing_field", "type: int"),
        (
            "verification.default_deadline_days:\n    values:\n      - {from: 2019-10-22, value: 30}\n",
            "missing_field",
            "- {from",
        ),
        (
            "verification.default_deadline_days:\n    values:\n      - {from: 20191022, value: 30, source: x}\n",
            "wrong_type",
            "20191022",
        ),
        (
            "verification.default_deadline_days:\n    values:\n      - {from: '2019-02-30', value: 30, source: x}\n",
            "wrong_type",
            "2019-02-30",
        ),
    ],
)
def test_a_malformed_timeline_is_one_clear_error(tmp_path: Path, entry: str, code: str, marker: str) -> None:
    """Both forms at once, an empty list, neither form, a missing source and a date that is not one."""
    folder = _folder(tmp_path, entry)
    with pytest.raises(PolicyValidationError) as caught:
        load_policies(folder)
    (first,) = caught.value.diagnostics
    assert (code, _line(folder, marker)) == (first.code, first.span.line)


def test_dated_values_without_a_type_share_the_first_ones(tmp_path: Path) -> None:
    """Without ``type:``, every dated value has the type of the first."""
    entry = (
        "verification.default_deadline_days:\n    values:\n      - {from: 2019-10-22, value: 30, source: a}\n"
        "      - {from: 2021-01-01, value: 'fifteen', source: b}\n"
    )
    text = (POLICIES / "settings.yaml").read_text(encoding="utf-8")
    folder = _folder(tmp_path, entry)
    path = folder / "settings.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("    type: int\n    min: 1\n    max: 365\n", "", 1))
    assert text != path.read_text(encoding="utf-8")
    with pytest.raises(PolicyValidationError) as caught:
        load_policies(folder)
    (first,) = caught.value.diagnostics
    assert ("wrong_type", _line(folder, "'fifteen'")) == (first.code, first.span.line)
    assert "every dated value has the setting's one type" in first.message


# -- evaluation, on both engines ------------------------------------------------------------------
@pytest.mark.parametrize("engine", ["compiled", "rete"])
@pytest.mark.parametrize(
    ("started_on", "as_of", "outcome", "value", "since"),
    [
        # 20 days: in time under 30, late under 15
        ("2020-12-01", "2020-12-21", "fulfilled", None, None),
        ("2021-01-20", "2021-02-09", "overdue", 15, "2021-01-01"),
        # 16 days, judged on the day before the change and on the day itself
        ("2020-12-15", "2020-12-31", "fulfilled", None, None),
        ("2020-12-16", "2021-01-01", "overdue", 15, "2021-01-01"),
        # 31 days: late under either value, each naming its own
        ("2020-05-01", "2020-06-01", "overdue", 30, "2019-10-22"),
        ("2021-03-01", "2021-04-01", "overdue", 15, "2021-01-01"),
        # before the first date: the first value holds
        ("2018-01-01", "2018-01-21", "fulfilled", None, None),
        ("2018-01-01", "2018-02-01", "overdue", 30, "2019-10-22"),
    ],
)
def test_a_case_is_judged_by_the_value_in_force_on_its_evaluation_date(  # noqa: PLR0917 - one row of the table
    dated: PolicyPack, engine: str, started_on: str, as_of: str, outcome: str, value: int | None, since: str | None
) -> None:
    """The same check, judged before and after the change, by the respective value; the fired rule names it."""
    decision = dated.evaluate(_case(started_on), as_of=as_of, engine=engine)  # type: ignore[arg-type]
    assert outcome == decision.outcome
    fired = {f.rule: f for f in decision.fired}
    if value is None:
        assert RULE not in fired
        return
    applied = fired[RULE].settings
    assert applied is not None
    data = json.loads(decision.model_dump_json())
    (rule,) = (f for f in data["fired"] if f["rule"] == RULE)
    expected_source = "连司通〔2019〕57号" if since == "2019-10-22" else "示例文件 一(一)"
    assert {"verification.default_deadline_days": {"value": value, "from": since, "source": expected_source}} == rule[
        "settings"
    ]
    assert value == rule["facts"]["settings.verification.default_deadline_days"]


def test_the_decision_json_of_a_pack_without_dated_settings_has_no_new_key(pack: PolicyPack) -> None:
    """``settings`` appears in a fired rule only when it read a setting that changes with time."""
    decision = pack.evaluate(_case("2020-05-01"), as_of="2020-06-01")
    assert [RULE] == [f.rule for f in decision.fired]
    assert all("settings" not in f for f in json.loads(decision.model_dump_json())["fired"])
    assert decision.fired[0].settings is None


def test_a_decision_with_a_dated_value_reads_back_equal(dated: PolicyPack) -> None:
    """The JSON with ``settings`` validates back to an equal decision (log replay, host systems)."""
    decision = dated.evaluate(_case("2021-01-20"), as_of="2021-02-09")
    again = commitrules.Decision.model_validate_json(decision.model_dump_json())
    assert decision == again
    assert decision.model_dump_json() == again.model_dump_json()


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("zh", "settings.verification.default_deadline_days = 15：2021-01-01 起施行的值（依据：示例文件 一(一)）"),
        (
            "en",
            "settings.verification.default_deadline_days = 15: the value in force from 2021-01-01 (示例文件 一(一))",
        ),
    ],
)
def test_the_explanation_says_which_value_applied(dated: PolicyPack, lang: str, line: str) -> None:
    """Chinese and English explanations name the value, its date and its source."""
    decision = dated.evaluate(_case("2021-01-20"), as_of="2021-02-09")
    assert line in dated.explain(decision, lang)  # type: ignore[arg-type]


def test_the_explanation_says_when_the_first_value_held_before_its_date(dated: PolicyPack) -> None:
    """A case judged before the first date names the first value, and says it held before its date."""
    decision = dated.evaluate(_case("2018-01-01"), as_of="2018-02-01")
    assert "按最早的值" in decision.explain("zh")
    assert "before its first date, 2019-10-22: the earliest value holds" in decision.explain("en")


def test_an_override_replaces_the_timeline(dated_folder: Path) -> None:
    """A deployment's plain override holds on every day; a dated override is a timeline of its own."""
    plain = load_policies(dated_folder, settings={"verification.default_deadline_days": 20})
    assert () == plain.settings["verification.default_deadline_days"].history
    assert "overdue" == plain.evaluate(_case("2020-05-01"), as_of="2020-05-22").outcome
    assert plain.evaluate(_case("2020-05-01"), as_of="2020-05-22").fired[0].settings is None
    timeline = [
        {"from": "2020-01-01", "value": 10, "source": "部署配置"},
        {"from": dt.date(2020, 6, 1), "value": 40, "source": "部署配置 二"},
    ]
    own = load_policies(dated_folder, settings={"verification.default_deadline_days": timeline})
    assert ["overdue", "fulfilled"] == [
        own.evaluate(_case(start), as_of=day).outcome
        for start, day in (("2020-05-01", "2020-05-12"), ("2020-06-01", "2020-06-12"))
    ]


@pytest.mark.parametrize(
    ("override", "code"),
    [
        (
            [{"from": "2020-01-01", "value": 10, "source": "a"}, {"from": "2020-01-01", "value": 12, "source": "b"}],
            "dated_values_order",
        ),
        ([{"from": "2020-01-01", "value": "十", "source": "a"}], "wrong_type"),
        ([{"from": "2020-01-01", "value": 0, "source": "a"}], "setting_out_of_range"),
        ([{"from": "2020-01-01", "value": 10}], "wrong_type"),
    ],
)
def test_a_bad_dated_override_is_refused(override: list[dict[str, Any]], code: str) -> None:
    """A dated override is checked as the file's dated values are: order, type, range, shape."""
    with pytest.raises(PolicyValidationError) as caught:
        load_policies(settings={"verification.default_deadline_days": override})
    assert [code] == [d.code for d in caught.value.diagnostics]


# -- reference and diff ---------------------------------------------------------------------------
def test_the_reference_shows_each_timeline(dated: PolicyPack, pack: PolicyPack) -> None:
    """Each dated setting gets its table of periods, with the rules that read it; other packs none."""
    page = render_reference(dated)
    assert "| 2019-10-22 | 2020-12-31 | `30` | 连司通〔2019〕57号 |" in page
    assert "| 2021-01-01 | … | `15` | 示例文件 一(一) |" in page
    assert f"读取它的规则 Read by: `{RULE}`" in page
    assert "随时间变化的设置" not in render_reference(pack)


def test_the_diff_shows_the_changed_dated_values_and_the_cases_they_change(
    tmp_path: Path, dated: PolicyPack, pack: PolicyPack
) -> None:
    """Only the dates whose value changed are listed; a changed case names the setting in force that differs."""
    cases_dir = tmp_path / "cases"
    cases_dir.mkdir()
    for name, start in (("late-either-way", "2020-05-01"), ("late-only-now", "2021-01-20")):
        (cases_dir / f"{name}.yaml").write_text(yaml.safe_dump(_case(start), allow_unicode=True), encoding="utf-8")
    cases, errors = read_cases([cases_dir])
    assert [] == errors
    result = diff_packs(pack, dated, cases, as_of="2021-02-09")
    (setting,) = result.settings
    assert ("verification.default_deadline_days", 30, 15, (RULE,)) == (
        setting.name,
        setting.old,
        setting.new,
        setting.read_by,
    )
    (change,) = result.cases
    assert change.source.endswith("late-only-now.yaml")
    assert ("verification.default_deadline_days",) == change.settings
    text = result.render("en", frame_lang="en")
    assert "    from 2021-01-01: 30 -> 15\n" in text
    assert "from 2019-10-22" not in text  # the value of that period did not change
    assert "settings in force on 2021-02-09 that differ: verification.default_deadline_days" in text
    assert "2021-01-01 起:30 -> 15" in result.render("zh", frame_lang="zh").replace("：", ":")
    data = result.to_dict()
    assert [30, 15] == [p["value"] for p in data["settings"][0]["new_values"]]
    assert [] == data["settings"][0]["old_values"]
    assert ["verification.default_deadline_days"] == data["cases"]["changed"][0]["settings"]


def test_the_diff_json_of_undated_settings_keeps_its_shape(pack: PolicyPack) -> None:
    """A plain setting change has no ``old_values``/``new_values``; a changed case no ``settings``
    when no setting in force differs."""
    other = load_policies(settings={"leniency.mitigated_min_score": 4})
    data = diff_packs(pack, other).to_dict()
    assert {"name", "old", "new", "read_by"} == set(data["settings"][0])


def test_the_cli_diff_lists_the_dated_change_in_chinese(dated_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``commitrules --lang zh diff`` writes the changed dated value in Chinese."""
    assert EXIT_OK == main(["--lang", "zh", "diff", str(POLICIES), str(dated_folder), "--as-of", "2021-02-09"])
    out = capsys.readouterr().out
    assert "变更的设置:1 项".replace(":", "：") in out
    assert "2021-01-01 起：30 -> 15" in out
