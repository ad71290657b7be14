"""The vocabulary is data: a new exclusion ground is a risk flag, a reason code and a rule, in YAML only."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

import commitrules
from commitrules import CaseValidationError, PolicyValidationError, load_policies
from commitrules.authoring.reference import render_reference
from commitrules.cli import main
from commitrules.model import CertificationMatter, MatterReviewCase, RiskFlag, Unit, UnitLevel
from commitrules.policy.compile.vocabulary import bundled_vocabulary

if TYPE_CHECKING:
    from commitrules import PolicyPack

ROOT = Path(__file__).resolve().parents[1]
POLICIES = ROOT / "policies"

NEW_FLAG = """      production_safety: {zh: 安全生产, en: Production safety, clause: 一(一)}
"""
NEW_REASON = """      production_safety: {zh: 直接涉及安全生产, en: Directly touches production safety, clause: 一(一)}
"""
NEW_RULE = """
  - id: exclusion.direct-risk.production-safety
    clause: 一(一)
    quote: 不直接涉及国家安全、公共安全、生态环境保护;不直接关系公民人身安全
    title: {zh: 直接涉及安全生产的事项不适用, en: A matter directly touching production safety is excluded}
    when: matter.has_risk('production_safety')
    then:
      outcome: ineligible
      reasons: [production_safety]
      derive: [matter_barred]
"""


def _insert_after(text: str, anchor: str, addition: str) -> str:
    at = text.index(anchor) + len(anchor)
    return text[:at] + addition + text[at:]


@pytest.fixture(scope="module")
def extended(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the bundled pack with a new exclusion ground, added in YAML only."""
    folder = tmp_path_factory.mktemp("pack") / "policies"
    shutil.copytree(POLICIES, folder)
    vocabulary = (folder / "vocabulary.yaml").read_text(encoding="utf-8")
    vocabulary = _insert_after(
        vocabulary,
        "  risk_flags:\n    title: {zh: 不直接涉及的风险, en: Risks that exclude a matter}\n    exclusionary: true\n"
        "    codes:\n",
        NEW_FLAG,
    )
    vocabulary = _insert_after(vocabulary, "  reasons:\n    title: {zh: 理由, en: Reasons}\n    codes:\n", NEW_REASON)
    (folder / "vocabulary.yaml").write_text(vocabulary, encoding="utf-8")
    review = (folder / "matter_review.yaml").read_text(encoding="utf-8")
    anchor = "      reasons: [public_safety]\n      derive: [matter_barred]\n"
    (folder / "matter_review.yaml").write_text(_insert_after(review, anchor, NEW_RULE), encoding="utf-8")
    return folder


def _case(flags: list[str]) -> dict[str, Any]:
    return {
        "kind": "matter_review",
        "matter": {
            "id": "M-1",
            "name": "危险化学品经营许可所需证明",
            "kind": "licensing",
            "review_mode": "formal",
            "listed": True,
            "commitment_condition_met": True,
            "unit": {"name": "市应急管理局", "level": "municipal", "requires_certification": True},
            "risk_flags": flags,
            "plan": {
                "timing": "post_decision",
                "deadline_days": 30,
                "standard": "现场核查",
                "methods": ["on_site_investigation"],
            },
        },
    }


def test_check_fails_until_the_application_kind_reuses_the_new_exclusion(
    extended: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Risk flags are exclusionary: application reads them, so leaving the new one out of its include is an error."""
    assert main(["--lang", "en", "check", str(extended)]) == 3
    captured = capsys.readouterr()
    out = captured.err + captured.out
    assert "warning: include_misses_rule: Rule 'exclusion.direct-risk.production-safety'" in out
    assert "application.yaml:" in out.split("include_misses_rule")[0].splitlines()[-1]
    line = next(x for x in out.splitlines() if "unread_exclusionary_code" in x)
    assert line.startswith(f"{extended / 'vocabulary.yaml'}:")
    assert "'production_safety' of the exclusionary list 'risk_flags' is read by no rule of 'application'," in line


def test_listing_the_rule_in_the_include_silences_the_error_and_the_warning(
    extended: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "policies"
    shutil.copytree(extended, folder)
    application = folder / "application.yaml"
    anchor = "      - exclusion.direct-risk.public-safety\n"
    text = application.read_text(encoding="utf-8")
    application.write_text(
        _insert_after(text, anchor, "      - exclusion.direct-risk.production-safety\n"), encoding="utf-8"
    )
    assert main(["check", "--strict", str(folder)]) == 0, capsys.readouterr().out
    pack = load_policies(folder)
    assert "application.exclusion.direct-risk.production-safety" in {r.id for r in pack.policies["application"].rules}


@pytest.mark.rete  # decides on both engines: needs durable-rules
def test_a_case_with_the_new_flag_is_excluded_with_its_reason_and_label(extended: Path) -> None:
    pack = load_policies(extended)
    decision = pack.evaluate(_case(["production_safety"]), as_of="2020-06-01")
    assert decision.outcome == "ineligible"
    assert decision.reasons == ["production_safety"]
    assert [f.rule for f in decision.fired] == ["exclusion.direct-risk.production-safety"]
    text = pack.explain(decision, "zh")
    assert "直接涉及安全生产（production_safety）" in text
    assert "不适用告知承诺制（ineligible）" in text
    assert "Directly touches production safety (production_safety)" in pack.explain(decision, "en")
    rete = pack.evaluate(_case(["production_safety"]), as_of="2020-06-01", engine="rete")
    assert rete == decision


def test_the_bundled_pack_refuses_the_new_flag_with_a_suggestion(pack: PolicyPack) -> None:
    with pytest.raises(CaseValidationError) as caught:
        pack.evaluate(_case(["production_safety"]), as_of="2020-06-01")
    (error,) = caught.value.errors
    assert error.path == "$.matter.risk_flags[0]"
    assert "'public_safety'" in error.expected


def test_a_typed_case_reaches_the_pack_with_a_plain_string(extended: Path, pack: PolicyPack) -> None:
    """A code the bundled enum lacks is a plain string in Python; the evaluator checks it against its pack."""
    matter = CertificationMatter(
        id="M-1",
        name="n",
        kind="licensing",
        review_mode="formal",
        listed=True,
        commitment_condition_met=True,
        unit=Unit(name="u", level=UnitLevel.municipal, requires_certification=True),
        risk_flags=frozenset({"production_safety", RiskFlag.public_safety}),
    )
    case = MatterReviewCase(kind="matter_review", matter=matter)
    decision = load_policies(extended).evaluate(case, as_of="2020-06-01")
    assert set(decision.reasons) >= {"production_safety", "public_safety"}
    with pytest.raises(CaseValidationError) as caught:
        pack.evaluate(case, as_of="2020-06-01")
    assert [e.path for e in caught.value.errors] == ["$.matter.risk_flags[0]"]


def test_the_case_schema_lists_the_packs_codes(extended: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "case", "matter_review", "--policies", str(extended)]) == 0
    schema = json.loads(capsys.readouterr().out)
    flags = schema["$defs"]["CertificationMatter"]["properties"]["risk_flags"]["items"]
    assert "production_safety" in flags["enum"]
    assert "production_safety：安全生产" in flags["description"]
    assert "x-vocabulary" not in json.dumps(schema)
    assert main(["schema", "case", "matter_review"]) == 0
    bundled = json.loads(capsys.readouterr().out)
    assert (
        "production_safety" not in bundled["$defs"]["CertificationMatter"]["properties"]["risk_flags"]["items"]["enum"]
    )


def test_the_reference_shows_the_new_codes(extended: Path) -> None:
    text = render_reference(load_policies(extended))
    assert "| `production_safety` | 直接涉及安全生产 | Directly touches production safety | 一(一) |" in text
    assert "exclusion.direct-risk.production-safety" in text


def test_a_condition_naming_an_unknown_flag_is_refused_with_a_suggestion(extended: Path, tmp_path: Path) -> None:
    folder = tmp_path / "policies"
    shutil.copytree(extended, folder)
    review = folder / "matter_review.yaml"
    review.write_text(
        review.read_text(encoding="utf-8").replace("has_risk('production_safety')", "has_risk('production_safty')"),
        encoding="utf-8",
    )
    with pytest.raises(PolicyValidationError) as caught:
        load_policies(folder)
    first = caught.value.first
    assert first.code == "unknown_enum_literal"
    assert first.suggestion == "production_safety"
    assert "vocabulary.yaml" in first.message


def test_a_rule_naming_an_unknown_reason_is_refused(extended: Path, tmp_path: Path) -> None:
    folder = tmp_path / "policies"
    shutil.copytree(extended, folder)
    review = folder / "matter_review.yaml"
    review.write_text(
        review.read_text(encoding="utf-8").replace("reasons: [production_safety]", "reasons: [production_safty]"),
        encoding="utf-8",
    )
    with pytest.raises(PolicyValidationError) as caught:
        load_policies(folder)
    assert (caught.value.first.code, caught.value.first.suggestion) == ("unknown_code", "production_safety")


def test_a_closed_list_cannot_grow(tmp_path: Path) -> None:
    folder = tmp_path / "policies"
    shutil.copytree(POLICIES, folder)
    path = folder / "vocabulary.yaml"
    text = path.read_text(encoding="utf-8")
    text = _insert_after(
        text,
        "      high_consumption: {zh: 高消费限制, en: Restrictions on high consumption, clause: 二(二)3}\n",
        "      travel: {zh: 出行限制, en: Travel}\n",
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PolicyValidationError) as caught:
        load_policies(folder)
    first = caught.value.first
    assert first.code == "closed_code_list"
    assert (first.span.file.endswith("vocabulary.yaml"), "travel" in first.message) == (True, True)


def test_a_code_citing_an_unknown_clause_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "policies"
    shutil.copytree(POLICIES, folder)
    path = folder / "vocabulary.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("clause: 序}", "clause: 九(九)}", 1), encoding="utf-8")
    with pytest.raises(PolicyValidationError) as caught:
        load_policies(folder)
    assert caught.value.first.code == "unknown_clause"
    assert caught.value.first.span.file.endswith("vocabulary.yaml")


def test_the_bundled_vocabulary_has_every_bundled_code_labelled(pack: PolicyPack) -> None:
    """Every code of the bundled enums has zh and en labels, and the pack's outcomes are all labelled."""
    from commitrules.model import codes

    vocabulary = pack.vocabulary
    assert vocabulary == bundled_vocabulary()
    for list_name, enum in {
        "reasons": codes.Reason,
        "consequences": codes.Consequence,
        "measures": codes.Measure,
        "channels": codes.Channel,
        "tools": codes.Tool,
        "risk_flags": RiskFlag,
        "verification_methods": codes.VerificationMethod,
        "findings": codes.FindingType,
        "roles": codes.Role,
    }.items():
        assert vocabulary.codes(list_name) == tuple(m.value for m in enum), list_name
        assert all(vocabulary.label(list_name, m.value, "zh") == codes.zh_label(m) for m in enum), list_name
    outcomes = {o for policy in pack.policies.values() for o in policy.outcomes}
    assert outcomes <= set(vocabulary.codes("outcomes"))
    assert vocabulary.label("outcomes", "eligible", "en") == "May use notification-and-commitment"


def test_decision_explain_keeps_working_with_the_bundled_labels(pack: PolicyPack) -> None:
    decision = pack.evaluate(_case(["public_safety"]), as_of="2020-06-01")
    assert decision.explain("zh") == pack.explain(decision, "zh")
    assert "直接涉及公共安全（public_safety）" in decision.explain("zh")
    assert commitrules.Evaluator(pack).explain(decision, "en") == decision.explain("en")


def test_check_reports_a_quote_that_is_not_the_clause_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The check that quotes are the founding text is part of `commitrules check`, at the quote's position."""
    folder = tmp_path / "policies"
    shutil.copytree(POLICIES, folder)
    review = folder / "matter_review.yaml"
    text = review.read_text(encoding="utf-8")
    anchor = "  - id: exclusion.direct-risk.public-safety\n    clause: 一(一)\n    quote: 不直接涉及国家安全、公共安全"
    assert anchor in text
    review.write_text(
        text.replace(anchor, anchor.replace("国家安全、公共安全", "国家安全和公共秩序"), 1), encoding="utf-8"
    )
    line = review.read_text(encoding="utf-8").splitlines().index("  - id: exclusion.direct-risk.public-safety") + 3
    assert main(["check", str(folder)]) != 0
    out = capsys.readouterr()
    report = out.out + out.err
    assert f"matter_review.yaml:{line}:12: quote_not_in_clause" in report
    assert "is not the text of clause" in report
    assert main(["check", str(folder), "--lang", "zh"]) != 0
    assert "的引文与条款 一(一) 的原文不符" in capsys.readouterr().err


def test_the_outcome_labels_copy_is_the_bundled_vocabulary(pack: PolicyPack) -> None:
    from commitrules.engine.explain import OUTCOME_LABELS

    words = pack.vocabulary
    assert {code: words.label("outcomes", code, "zh") for code in words.codes("outcomes")} == OUTCOME_LABELS


def test_the_bundled_vocabulary_is_read_once_for_each_version_of_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read once (it took 6 ms, and every explanation without a pack read it); read again once edited."""
    from commitrules.policy.compile import vocabulary as module

    folder = tmp_path / "policies"
    shutil.copytree(POLICIES, folder)
    monkeypatch.setattr(module, "bundled_policies_dir", lambda: folder)
    first = bundled_vocabulary()
    assert first is bundled_vocabulary()
    assert "实施联合惩戒" == first.label("outcomes", "joint_punishment")
    file = folder / "vocabulary.yaml"
    file.write_text(
        file.read_text(encoding="utf-8").replace("{zh: 实施联合惩戒,", "{zh: 依法实施联合惩戒,", 1), encoding="utf-8"
    )
    again = bundled_vocabulary()
    assert "依法实施联合惩戒" == again.label("outcomes", "joint_punishment")
    assert again is bundled_vocabulary()
