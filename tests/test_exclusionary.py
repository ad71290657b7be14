"""An exclusionary list fails closed: a code no reading kind's rules read is an error, and its cases are refused.

Each risk flag is a ground that excludes a matter (一(一)). Before ``exclusionary: true``, a flag added to
``vocabulary.yaml`` without a rule was ignored: a matter carrying it was found eligible and ``check``
said nothing.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from commitrules import CaseValidationError, PolicyValidationError, load_policies
from commitrules.authoring.check import check_policies
from commitrules.cli import main
from commitrules.engine.evaluator import evaluator_for, to_case
from commitrules.policy.exclusions import unread_exclusions
from commitrules.service.batch import evaluate_line
from commitrules.service.http import ServiceConfig, create_app
from commitrules.service.http.inprocess import post
from tests.language_leaks import chinese_characters, english_runs
from tests.test_vocabulary import _case as review_case

ROOT = Path(__file__).resolve().parents[1]
POLICIES = ROOT / "policies"
FLAGS = (
    "  risk_flags:\n    title: {zh: 不直接涉及的风险, en: Risks that exclude a matter}\n"
    "    exclusionary: true\n    codes:\n"
)
NEW_FLAG = "      production_safety: {zh: 安全生产, en: Production safety, clause: 一(一)}\n"
AS_OF = "2020-06-01"


def _pack_with_new_flag(folder: Path, flags_header: str = FLAGS) -> Path:
    """A copy of the bundled pack whose risk flags (declared with ``flags_header``) have one more, and no rule."""
    shutil.copytree(POLICIES, folder)
    path = folder / "vocabulary.yaml"
    text = path.read_text(encoding="utf-8")
    assert FLAGS in text
    path.write_text(text.replace(FLAGS, flags_header + NEW_FLAG), encoding="utf-8")
    return folder


def _line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def _review(flags: list[str]) -> dict[str, Any]:
    return review_case(flags)  # a matter of tests/test_vocabulary.py, licensing hazardous chemicals


def _verification(flags: list[str]) -> dict[str, Any]:
    case = yaml.safe_load(
        (ROOT / "examples/cases/verification/concealment-after-refusal-no-fees.yaml").read_text(encoding="utf-8")
    )
    case["matter"]["risk_flags"] = flags
    return case


@pytest.fixture(scope="module")
def unread(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled pack with a new risk flag that no rule reads."""
    return _pack_with_new_flag(tmp_path_factory.mktemp("unread") / "policies")


def test_a_new_risk_flag_without_a_rule_is_an_error_at_its_line(unread: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """check reports the code at its key in vocabulary.yaml, naming both kinds that read risk flags."""
    monkeypatch.chdir(unread.parent)
    result = check_policies("policies")
    (error,) = [d for d in result.diagnostics if d.code == "unread_exclusionary_code"]
    assert [error] == list(result.errors)
    line = _line_of(unread / "vocabulary.yaml", "production_safety:")
    assert ("policies/vocabulary.yaml", line, 7) == (error.span.file, error.span.line, error.span.column)
    assert error.path == "$.lists.risk_flags.codes.production_safety"
    assert error.message.startswith(
        "'production_safety' of the exclusionary list 'risk_flags' is read by no rule of 'matter_review', "
        "'application', whose rules read the other codes of the list"
    )
    assert "Add a rule that reads 'production_safety' to each kind named" in error.suggestion
    zh = error.message_in("zh")
    assert zh.startswith(
        "排除性代码表「risk_flags」中的「production_safety」没有被 'matter_review', 'application' 的任何规则读取"
    )
    assert "请在所列的每个案件类型中加一条读取「production_safety」的规则" in zh
    assert [] == english_runs(zh)
    assert [] == chinese_characters(error.message)


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("zh", "排除性代码表「risk_flags」中的「production_safety」没有被"),
        ("en", "'production_safety' of the exclusionary list 'risk_flags' is read by no rule of"),
    ],
)
def test_the_command_fails_with_the_position_in_either_language(
    unread: Path, lang: str, said: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``commitrules check`` exits 3 and prints file:line:column, the code and the message in the language asked."""
    monkeypatch.chdir(unread.parent)
    assert 3 == main(["--lang", lang, "check", "policies"])
    out = capsys.readouterr()
    text = out.out + out.err
    line = _line_of(unread / "vocabulary.yaml", "production_safety:")
    assert f"policies/vocabulary.yaml:{line}:7: unread_exclusionary_code: {said}" in text


def test_the_bundled_pack_reads_every_risk_flag(pack: Any) -> None:
    """The bundled pack is clean: both kinds that read risk flags read each of them."""
    assert pack.vocabulary.lists["risk_flags"].exclusionary is True
    assert {} == unread_exclusions(pack)
    assert [] == [d for d in check_policies().diagnostics if d.code == "unread_exclusionary_code"]


@pytest.mark.parametrize("kind", ["matter_review", "application"])
def test_a_case_carrying_the_unread_flag_is_refused_not_found_eligible(unread: Path, kind: str) -> None:
    """The evaluator fails closed: a matter touching the unread risk gets no decision, in either language."""
    pack = load_policies(unread)
    case = _review(["production_safety"])
    if kind == "application":
        document = yaml.safe_load(
            (ROOT / "examples/cases/application/national-risk-health-life-property.yaml").read_text(encoding="utf-8")
        )
        document["matter"]["risk_flags"] = ["production_safety"]
        case = document
    with pytest.raises(CaseValidationError) as caught:
        pack.evaluate(case, as_of=AS_OF)
    (error,) = caught.value.errors
    assert "$.matter.risk_flags[0]" == error.path
    assert (
        f"No rule of kind '{kind}' reads 'production_safety' of the exclusionary list 'risk_flags': "
        "the case is refused rather than decided as if the code were absent"
    ) == error.message
    zh = f"案件类型「{kind}」没有任何规则读取排除性代码表「risk_flags」中的「production_safety」"
    assert zh in error.render("zh")
    assert [] == english_runs(error.render("zh"))


def test_the_low_level_fired_refuses_it_too(unread: Path) -> None:
    """``Evaluator.fired`` (the rules that fire, without a decision) fails closed as ``evaluate`` does."""
    pack = load_policies(unread)
    evaluator = evaluator_for(pack)
    typed = to_case(pack, _review(["production_safety"]))
    with pytest.raises(CaseValidationError) as caught:
        evaluator.fired(typed, AS_OF)
    assert ["$.matter.risk_flags[0]"] == [error.path for error in caught.value.errors]
    assert evaluator.fired(to_case(pack, _review(["public_safety"])), AS_OF)  # a read code: rules fire


def test_cases_without_the_flag_and_kinds_that_do_not_read_flags_are_decided(unread: Path) -> None:
    """Only the unread code is refused, and only by kinds whose rules read risk flags."""
    pack = load_policies(unread)
    assert "eligible" == pack.evaluate(_review([]), as_of=AS_OF).outcome
    assert "ineligible" == pack.evaluate(_review(["public_safety"]), as_of=AS_OF).outcome
    bundled = load_policies()
    expected = bundled.evaluate(_verification([]), as_of=AS_OF).outcome
    assert expected == pack.evaluate(_verification(["production_safety"]), as_of=AS_OF).outcome


def test_a_batch_records_the_refusal_as_an_invalid_case(unread: Path) -> None:
    """A JSON-lines batch gives the line an invalid_case record (the quick reading falls back to the careful one)."""
    pack = load_policies(unread)
    raw = json.dumps(_review(["production_safety"]), ensure_ascii=False).encode()
    line, code = evaluate_line(pack, raw, 1, as_of=dt.date(2020, 6, 1), engine="compiled")
    assert "invalid_case" == code
    (record,) = json.loads(line)["error"]["errors"]
    assert ("$.matter.risk_flags[0]", "'production_safety'") == (record["path"], record["found"])


@pytest.mark.parametrize(
    "condition",
    [
        "matter.risk_flags.any(f, f not in [{named}])",
        "matter.risk_flags.any(f, f != 'national_security') and not matter.has_risk({named})",
        "len(matter.risk_flags) > 8",
    ],
    ids=["not-in", "not-equal", "len"],
)
def test_a_rule_reading_the_whole_list_reads_every_code(unread: Path, tmp_path: Path, condition: str) -> None:
    """A test of the list as a whole reads every code; application, which does not include the rule, still errs."""
    folder = tmp_path / "policies"
    shutil.copytree(unread, folder)
    review = folder / "matter_review.yaml"
    named = ", ".join(f"'{c}'" for c in load_policies().vocabulary.codes("risk_flags"))
    rule = f"""
  - id: exclusion.direct-risk.other
    clause: 一(一)
    quote: 不直接涉及国家安全、公共安全、生态环境保护;不直接关系公民人身安全
    title: {{zh: 直接涉及其他风险的事项不适用, en: A matter touching another risk is excluded}}
    when: "{condition.format(named=named)}"
    then: {{outcome: ineligible, reasons: [condition_not_met], derive: [matter_barred]}}
"""
    anchor = "      reasons: [public_safety]\n      derive: [matter_barred]\n"
    text = review.read_text(encoding="utf-8")
    review.write_text(text.replace(anchor, anchor + rule, 1), encoding="utf-8")
    (error,) = check_policies(folder).errors
    assert "is read by no rule of 'application', whose rules" in error.message
    pack = load_policies(folder)
    assert {"application": {"risk_flags": frozenset({"production_safety"})}} == unread_exclusions(pack)


def test_a_code_tested_for_absence_is_read_alone(unread: Path, tmp_path: Path) -> None:
    """``'a' not in matter.risk_flags`` reads 'a', not the whole list: the new flag stays unread in both kinds."""
    folder = tmp_path / "policies"
    shutil.copytree(unread, folder)
    review = folder / "matter_review.yaml"
    text = review.read_text(encoding="utf-8")
    old = "when: matter.has_risk('national_security')"
    assert old in text
    review.write_text(text.replace(old, "when: not ('national_security' not in matter.risk_flags)"), encoding="utf-8")
    (error,) = check_policies(folder).errors
    assert "is read by no rule of 'matter_review', 'application', whose rules" in error.message


def test_a_list_taken_from_the_bundled_vocabulary_is_reported_at_the_first_rule_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without vocabulary.yaml, the finding points at the kind's first rule that reads risk flags."""
    folder = tmp_path / "policies"
    shutil.copytree(POLICIES, folder)
    (folder / "vocabulary.yaml").unlink()
    review = folder / "matter_review.yaml"
    text = review.read_text(encoding="utf-8")
    review.write_text(text.replace("has_risk('major_foreign')", "has_risk('state_secret')"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    (error,) = check_policies("policies").errors
    assert "unread_exclusionary_code" == error.code
    assert (
        "'major_foreign' of the exclusionary list 'risk_flags' is read by no rule of 'matter_review', 'application'"
        in (error.message)
    )
    first = _line_of(review, "- id: exclusion.direct-risk.national-security")
    assert ("policies/matter_review.yaml", first, 9) == (error.span.file, error.span.line, error.span.column)


def test_a_packs_own_list_inherits_the_bundled_flag_and_may_turn_it_off(tmp_path: Path) -> None:
    """Declared without the key, risk_flags stays exclusionary; ``exclusionary: false`` is the explicit way out."""
    header = FLAGS.replace("    exclusionary: true\n", "")
    silent = _pack_with_new_flag(tmp_path / "a" / "policies", header)
    assert ["unread_exclusionary_code"] == [d.code for d in check_policies(silent).errors]
    off = _pack_with_new_flag(tmp_path / "b" / "policies", FLAGS.replace("true", "false"))
    assert [] == list(check_policies(off).errors)
    assert "eligible" == load_policies(off).evaluate(_review(["production_safety"]), as_of=AS_OF).outcome


def test_a_list_no_case_carries_cannot_be_exclusionary(tmp_path: Path) -> None:
    """``exclusionary`` on the reasons (written by rules, read by none) is refused at the key."""
    folder = tmp_path / "policies"
    shutil.copytree(POLICIES, folder)
    path = folder / "vocabulary.yaml"
    anchor = "  reasons:\n    title: {zh: 理由, en: Reasons}\n"
    path.write_text(
        path.read_text(encoding="utf-8").replace(anchor, anchor + "    exclusionary: true\n"), encoding="utf-8"
    )
    with pytest.raises(PolicyValidationError) as caught:
        load_policies(folder)
    first = caught.value.first
    assert "exclusionary_list" == first.code
    line = 1 + path.read_text(encoding="utf-8").splitlines().index("    exclusionary: true")
    assert (line, 5) == (first.span.line, first.span.column)
    assert (
        "The list 'reasons' cannot be exclusionary: no case carries its codes. Only a list of codes that cases "
        "carry can be: channels, risk_flags, verification_methods."
    ) == first.message
    assert "代码表「reasons」不能标为排除性" in first.message_in("zh")


def test_the_service_answers_422_for_one_case_and_for_a_batchs_item(unread: Path) -> None:
    """Over HTTP the refusal is the problem invalid_case (422), alone and as an item of a batch."""
    app = create_app(ServiceConfig(no_log=True, policies=unread))
    case = json.dumps(_review(["production_safety"]), ensure_ascii=False).encode()
    batch = json.dumps({"cases": [_review([]), _review(["production_safety"])]}, ensure_ascii=False).encode()

    async def run() -> tuple[tuple[int, bytes], tuple[int, bytes]]:
        async with app.router.lifespan_context(app):
            one = await post(app, "/v1/decisions", case, query=b"as_of=2020-06-01")
            many = await post(app, "/v1/decisions:batch", batch, query=b"as_of=2020-06-01")
            return one, many

    (status, body), (batch_status, batch_body) = asyncio.run(run())
    problem = json.loads(body)
    assert (422, "invalid_case") == (status, problem["code"])
    assert "$.matter.risk_flags[0]" in json.dumps(problem, ensure_ascii=False)
    assert 200 == batch_status
    assert [200, 422] == [item["status"] for item in json.loads(batch_body)["results"]]
