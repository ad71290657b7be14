"""The bundled pack as auditors see it: every clause covered or excused, every rule grounded and quoted exactly."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from commitrules.model import CASE_MODELS
from commitrules.policy.pack import PolicyPack

#: The founding document, kept in the repository beside the pack it grounds (provenance in its README).
SOURCE = Path(__file__).resolve().parents[1] / "policies" / "source" / "lianyungang-2019-57.txt"
SOURCE_SHA256 = "ce0ba43e87e6126aa810af48d77661736c74da02778b611ff097d89601bb2bde"


def _norm(text: str) -> str:
    return re.sub(r"[\s“”\"「」]", "", text)


def test_every_kind_has_a_policy(pack: PolicyPack) -> None:
    """The bundled pack decides all eleven case kinds."""
    assert set(CASE_MODELS) == set(pack.kinds)


def test_case_model_titles_are_the_packs(pack: PolicyPack) -> None:
    """A kind's title is the one its policy file gives; the case model's copy (read by explain) agrees."""
    assert {kind: dict(policy.title) for kind, policy in pack.policies.items()} == {
        kind: model.TITLE for kind, model in CASE_MODELS.items()
    }


def test_every_clause_is_covered_or_excused(pack: PolicyPack) -> None:
    """Each clause of the founding document is cited by a rule or says why it needs none."""
    cited = {clause for rule in pack.rules() for clause in rule.clauses}
    uncovered = [c.id for c in pack.clauses.values() if c.id not in cited and c.excused is None]
    assert [] == uncovered


def test_every_rule_is_grounded(pack: PolicyPack) -> None:
    """Each rule cites a clause with its source sentence, or states an interpretation (or both)."""
    for rule in pack.rules():
        assert rule.clauses or rule.interpretation, rule.id
        if rule.clauses:
            assert rule.quote, rule.id
        assert rule.title["zh"] and rule.title["en"], rule.id


def test_quotes_are_the_founding_text(pack: PolicyPack) -> None:
    """A rule's quote appears word for word in the text of a clause it cites (elisions marked with …)."""
    wrong = []
    for rule in pack.rules():
        texts = [pack.clauses[c].text for c in rule.clauses if not pack.clauses[c].external]
        if not texts or rule.quote is None:
            continue
        parts = [part for part in re.split(r"…|\.\.\.", rule.quote) if part.strip()]
        if not all(any(_norm(part) in _norm(text) for text in texts) for part in parts):
            wrong.append(rule.id)
    assert [] == wrong


def test_clause_texts_are_the_founding_document(pack: PolicyPack) -> None:
    """Each clause text of clauses.yaml is a paragraph of the founding document as published."""
    source = _norm(SOURCE.read_text(encoding="utf-8"))
    wrong = [c.id for c in pack.clauses.values() if not c.external and _norm(c.text) not in source]
    assert [] == wrong


def test_founding_document_is_the_published_text() -> None:
    """The copy in the repository is byte for byte the one whose digest its README records."""
    assert SOURCE_SHA256 == hashlib.sha256(SOURCE.read_bytes()).hexdigest()
    assert SOURCE_SHA256 in (SOURCE.parent / "README.md").read_text(encoding="utf-8")


def test_interpretation_settings_exist_and_are_read(pack: PolicyPack) -> None:
    """Settings named by an interpretation exist in the pack."""
    for rule in pack.rules():
        for name in rule.interpretation_settings:
            assert name in pack.settings, (rule.id, name)


def test_policy_reference_is_current(pack: PolicyPack) -> None:
    """docs/policy-reference.md is exactly what `commitrules reference` generates from the pack."""
    from commitrules.authoring.reference import render_reference

    page = Path(__file__).resolve().parents[1] / "docs" / "policy-reference.md"
    assert render_reference(pack) == page.read_text(encoding="utf-8"), (
        "regenerate with: commitrules reference --out docs/policy-reference.md"
    )
