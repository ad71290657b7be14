"""The pages written for policy staff and auditors in both languages say everything in Chinese first.

``commitrules reference`` (docs/policy-reference.md), ``commitrules graph docs`` (docs/diagrams.md) and
``commitrules specification`` write Chinese beside English when no ``--lang`` is given; a paragraph of
their own words in English alone is a gap a Chinese reader falls into (tests/language_leaks.py says
what counts as English). The words of the pack and of the feature files are checked where they are
written (tests/test_policy_comments.py, the features' lint).
"""

from __future__ import annotations

from pathlib import Path

from commitrules.audit.diagrams import render_diagrams_page
from commitrules.authoring.reference import render_reference
from commitrules.policy.pack import PolicyPack
from tests.language_leaks import english_only_paragraphs


def test_an_english_paragraph_alone_is_found() -> None:
    """The check finds English prose with no Chinese beside or above it, and passes a translated paragraph."""
    page = "# 标题 · Title\n\n说明。\n\nThe explanation.\n\n```sh\nrun this command now\n```\n\nThis says more.\n"
    assert ["This says more."] == english_only_paragraphs(page)
    assert ["The explanation alone."] == english_only_paragraphs("# 标题 · Title\n\nThe explanation alone.\n")


def test_the_policy_reference_is_chinese_first(pack: PolicyPack) -> None:
    """Every paragraph of the reference page that has English has Chinese in it or just above it."""
    assert [] == english_only_paragraphs(render_reference(pack))


def test_the_diagrams_page_is_chinese_first(pack: PolicyPack) -> None:
    """Every paragraph of the diagrams page that has English has Chinese in it or just above it."""
    assert [] == english_only_paragraphs(render_diagrams_page(pack))


def test_the_specification_is_chinese_first(tmp_path: Path) -> None:
    """The specification's own words (its introduction, the results) are Chinese first; a Chinese feature stays
    Chinese."""
    from commitrules.audit.specification import render_specification

    features = tmp_path / "features"
    (features / "zh-CN").mkdir(parents=True)
    (features / "zh-CN" / "a.feature").write_text(
        "# language: zh-CN\n功能: 核查\n  场景: 一个场景\n    假如 案件\n", encoding="utf-8"
    )
    junit = tmp_path / "junit.xml"
    junit.write_text(
        '<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest" tests="0" '
        'timestamp="2020-06-01T10:00:00"></testsuite></testsuites>',
        encoding="utf-8",
    )
    assert [] == english_only_paragraphs(render_specification(features, junit))
