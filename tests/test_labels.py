"""Chinese labels for the feature files: unique, complete for what the features assert, and mapped back."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest

import commitrules
from commitrules.audit.labels import labels_of, split_labels

ROOT = Path(__file__).resolve().parents[1]
PACK = commitrules.load_policies()
LABELS = labels_of(PACK)


def test_each_label_names_one_code() -> None:
    """No two codes share a label (among outcomes of a kind, and among the codes and roles), so a label maps back."""
    for kind, policy in PACK.policies.items():
        shown = [LABELS.label(o) for o in policy.outcomes]
        assert len(set(shown)) == len(shown), kind
    codes: dict[str, set[str]] = defaultdict(set)
    for code in LABELS.all_codes:
        codes[LABELS.label(code)].add(code)
    assert {label: c for label, c in codes.items() if len(c) > 1} == {}


def test_every_outcome_has_a_label() -> None:
    """Every outcome of the bundled pack can be written as a label."""
    assert [o for p in PACK.policies.values() for o in p.outcomes if LABELS.label(o) == o] == []


def test_label_and_code_both_name_the_code() -> None:
    """`受理承诺` and `commitment_accepted` name the same outcome; an unknown text lists the choices."""
    outcomes = PACK.policies["application"].outcomes
    assert LABELS.code("受理承诺", outcomes) == "commitment_accepted"
    assert LABELS.code("commitment_accepted", outcomes) == "commitment_accepted"
    with pytest.raises(
        ValueError, match=r"「受理」 is neither a code nor the label .*「受理承诺」\(commitment_accepted\)"
    ):
        LABELS.code("受理", outcomes)


def test_labels_may_hold_the_enumeration_comma() -> None:
    """Labels are split on their brackets, so a label with 、 stays whole; 「」 is the empty list."""
    assert split_labels("「直接关系人身健康、生命财产安全」「记入信用记录」") == [
        "直接关系人身健康、生命财产安全",
        "记入信用记录",
    ]
    assert split_labels("「」") == []


def test_chinese_features_read_labels() -> None:
    """The zh-CN features state outcomes by label; codes remain only where an outline column is also a fact."""
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "features" / "zh-CN").glob("*.feature")))
    assert len(re.findall(r"结论为「[^」<]+」", text)) > 100
    assert re.findall(r'结论为 "', text) == []
    quoted = re.findall(r'(?:原因|后果|惩戒措施|报送路线|公示渠道|第一种形态)为 "([^"]*)"', text)
    assert sorted(set(quoted)) == ["<秘密>", "<风险>"]
