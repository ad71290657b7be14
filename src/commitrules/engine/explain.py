"""A decision as a readable account in Chinese or English: what, because of which rules, which clauses, which facts."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Literal, get_args

from commitrules._printable import one_line, printable
from commitrules.errors import UnknownLanguageError
from commitrules.messages import message
from commitrules.model import CASE_MODELS

if TYPE_CHECKING:
    from collections.abc import Mapping

    from commitrules.engine.decision import Decision, FiredRule
    from commitrules.policy.vocabulary import Vocabulary

__all__ = ["LANGS", "OUTCOME_LABELS", "Lang", "explain_decision", "label"]

#: The languages of explanations: Chinese first, English beside it.
Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = get_args(Lang)

#: The Chinese labels of the bundled pack's outcomes, for code without a pack at hand (the pages'
#: module-level helpers). Explanations read the pack's ``vocabulary.yaml``; ``tests/test_vocabulary.py``
#: keeps this copy equal to the bundled vocabulary's ``outcomes``.
OUTCOME_LABELS: dict[str, str] = {
    "eligible": "可以实行告知承诺制",
    "ineligible": "不适用告知承诺制",
    "commitment_accepted": "受理承诺",
    "certificate_required": "须提交证明",
    "notice_incomplete": "告知不完整",
    "fulfilled": "已践诺",
    "breach": "违约",
    "overdue": "核查逾期",
    "joint_punishment": "实施联合惩戒",
    "exited": "已退出失信名单",
    "not_in_force": "名单尚未生效",
    "publish": "公示",
    "withhold": "不予公示",
    "report": "请示报告",
    "report_incomplete": "请示报告内容不完整",
    "no_report_required": "无须请示报告",
    "exempt": "免予责任追究",
    "mitigated": "减轻处理",
    "lighter": "从轻处理",
    "none": "不予容错",
    "not_applicable": "不适用容错",
    "allowed": "准予协助",
    "rejected": "不予协助",
    "commendation": "表彰奖励",
    "accountability": "严格追责",
    "no_action": "无须处理",
    "complete": "总结完整",
    "incomplete": "总结不完整",
    "compliant": "公开内容完整",
    "noncompliant": "公开内容不完整",
}

#: Which vocabulary list holds the codes of each list of a decision.
_LISTS = {
    "reasons": "reasons",
    "consequences": "consequences",
    "measures": "measures",
    "channels": "channels",
    "tools": "tools",
    "route": "roles",
    "outcome": "outcomes",
}


def label(code: str, lang: str, vocabulary: Vocabulary, list_name: str | None = None) -> str:
    """A code as shown to readers: ``中文（code）`` in Chinese, ``English (code)`` in English.

    The label is the vocabulary's (of ``list_name``, else of the first list that has the code); a code
    without one is shown as it is.
    """
    entry = vocabulary.entry(list_name, code) if list_name is not None else None
    text = entry.label(lang) if entry is not None else vocabulary.label_any(code, lang)
    if not text:
        return code
    return message("explain.code", "zh" if lang == "zh" else "en", label=text, code=code)


def _value(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, str):
        return f"'{one_line(value)}'"
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 120 else text[:117] + "..."


def _applied_settings(fired: FiredRule, decision: Decision, lang: Lang) -> list[str]:
    """The lines saying which dated value of each setting that changes with time a fired rule read."""
    lines = []
    for name, applied in (fired.settings or {}).items():
        shown = message(
            "dated.applied", lang, name=name, value=_value(applied.value), since=applied.since, source=applied.source
        )
        if decision.as_of < applied.since:
            shown += " " + message("dated.before_first", lang, since=applied.since)
        lines.append(f"     {shown}")
    return lines


def explain_decision(  # noqa: C901 - one branch per part of the account
    decision: Decision,
    lang: Lang = "zh",
    *,
    vocabulary: Vocabulary | None = None,
    kind_title: Mapping[str, str] | None = None,
) -> str:
    r"""The decision as text in ``lang`` (``zh`` or ``en``).

    The text is made to be printed: a control or direction character of the case (its id, a fact's value)
    or of the pack is written as its escape (``\x1b``), and a case's value is kept on its line.

    Args:
        decision: the decision.
        lang: ``zh`` or ``en``.
        vocabulary: the labels of the codes: the pack's (``Evaluator.explain`` passes it); None for the
            bundled pack's.
        kind_title: the kind's title in both languages (the pack's policy file); None for the case model's.

    Raises:
        UnknownLanguageError: ``lang`` is neither (a ``CommitRulesError`` and a ``ValueError``).
    """
    if lang not in LANGS:
        raise UnknownLanguageError(lang, LANGS)
    if vocabulary is None:
        from commitrules.policy.compile.vocabulary import bundled_vocabulary  # noqa: PLC0415 - only without a pack

        vocabulary = bundled_vocabulary()

    def w(message_id: str, **params: object) -> str:
        return message(f"explain.{message_id}", lang, **params)

    def field(name: str, value: str) -> str:
        return w("field", name=name, value=value)

    def label_of(code: str, list_name: str) -> str:
        return label(code, lang, vocabulary, _LISTS.get(list_name))

    model = CASE_MODELS.get(decision.kind)
    if kind_title is None:
        kind_title = model.TITLE if model else {}
    title = kind_title.get(lang, decision.kind)
    case = f" {one_line(decision.case_id)}" if decision.case_id else ""
    listed = w("list_sep")
    lines = [
        w("decision", title=title, case=case, outcome=label_of(decision.outcome, "outcome")),
        field(w("as_of"), decision.as_of.isoformat()),
    ]
    for name in ("reasons", "consequences", "measures", "channels", "tools"):
        values = getattr(decision, name)
        if values:
            lines.append(field(w(name), listed.join(label_of(v, name) for v in values)))
    if decision.route:
        lines.append(field(w("route"), " → ".join(label_of(r, "route") for r in decision.route)))
    for measure, departments in decision.applied_by.items():
        lines.append(field(w("applied_by", measure=label_of(measure, "measures")), listed.join(departments)))
    if decision.fired:
        lines.append(w("because"))
        for number, fired in enumerate(decision.fired, 1):
            rule_title = fired.title.zh if lang == "zh" else fired.title.en
            cite = f" {w('clause', clauses=listed.join(fired.clause))}" if fired.clause else ""
            line = f"  {number}. {rule_title} [{fired.rule}]{cite}"
            lines.append(w("interpretation", line=line) if fired.interpretation else line)
            if fired.quote:
                lines.append(f"     {w('quote', quote=fired.quote)}")
            if fired.facts:
                facts = w("facts_sep").join(f"{k} = {_value(v)}" for k, v in fired.facts.items())
                lines.append(f"     {field(w('facts'), facts)}")
            lines.extend(_applied_settings(fired, decision, lang))
    else:
        lines.append(w("none_fired"))
    policy = decision.policy
    lines.append(
        field(w("policy"), w("policy_value", name=policy.name, version=policy.version, digest=policy.digest[:19]))
    )
    return printable("\n".join(lines))  # a case's or a policy file's control characters shown, never obeyed
