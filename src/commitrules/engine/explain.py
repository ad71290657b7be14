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

_WORDS = {
    "zh": {
        "decision": "决定",
        "case": "案件",
        "as_of": "判断日期",
        "because": "依据以下规则",
        "none_fired": "没有规则适用,取默认结果。",
        "clause": "条款",
        "interpretation": "(解释性规则)",
        "facts": "所依事实",
        "reasons": "理由",
        "consequences": "后果",
        "measures": "联合惩戒措施",
        "route": "报告路径",
        "channels": "公示渠道",
        "tools": "第一种形态",
        "applied_by": "实施部门",
        "policy": "政策包",
        "sep": ":",
        "list": "、",
    },
    "en": {
        "decision": "Decision",
        "case": "case",
        "as_of": "judged as of",
        "because": "Because of these rules",
        "none_fired": "No rule applied; the default outcome stands.",
        "clause": "clause",
        "interpretation": "(an interpretation)",
        "facts": "facts",
        "reasons": "Reasons",
        "consequences": "Consequences",
        "measures": "Joint-punishment measures",
        "route": "Reporting route",
        "channels": "Publicity channels",
        "tools": "First-form tools",
        "applied_by": "Applied by",
        "policy": "Policy pack",
        "sep": ": ",
        "list": ", ",
    },
}


def label(code: str, lang: str, vocabulary: Vocabulary, list_name: str | None = None) -> str:
    """A code as shown to readers: ``中文(code)`` in Chinese, ``English (code)`` in English.

    The label is the vocabulary's (of ``list_name``, else of the first list that has the code); a code
    without one is shown as it is.
    """
    entry = vocabulary.entry(list_name, code) if list_name is not None else None
    text = entry.label(lang) if entry is not None else vocabulary.label_any(code, lang)
    if not text:
        return code
    return f"{text}({code})" if lang == "zh" else f"{text} ({code})"


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
    if lang not in _WORDS:
        raise UnknownLanguageError(lang, LANGS)
    if vocabulary is None:
        from commitrules.policy.compile.vocabulary import bundled_vocabulary  # noqa: PLC0415 - only without a pack

        vocabulary = bundled_vocabulary()
    w = _WORDS[lang]
    model = CASE_MODELS.get(decision.kind)
    if kind_title is None:
        kind_title = model.TITLE if model else {}
    title = kind_title.get(lang, decision.kind)

    def label_of(code: str, list_name: str) -> str:
        return label(code, lang, vocabulary, _LISTS.get(list_name))

    case = f" {one_line(decision.case_id)}" if decision.case_id else ""
    lines = [
        f"{w['decision']}({title}{case}){w['sep']}{label_of(decision.outcome, 'outcome')}"
        if lang == "zh"
        else f"{w['decision']} ({title}{case}){w['sep']}{label_of(decision.outcome, 'outcome')}",
        f"{w['as_of']}{w['sep']}{decision.as_of.isoformat()}",
    ]
    for name in ("reasons", "consequences", "measures", "channels", "tools"):
        values = getattr(decision, name)
        if values:
            lines.append(f"{w[name]}{w['sep']}{w['list'].join(label_of(v, name) for v in values)}")
    if decision.route:
        lines.append(f"{w['route']}{w['sep']}{' → '.join(label_of(r, 'route') for r in decision.route)}")
    for measure, departments in decision.applied_by.items():
        lines.append(f"{w['applied_by']} {label_of(measure, 'measures')}{w['sep']}{w['list'].join(departments)}")
    if decision.fired:
        lines.append(f"{w['because']}{w['sep']}")
        for number, fired in enumerate(decision.fired, 1):
            title = fired.title.zh if lang == "zh" else fired.title.en
            clause = w["list"].join(fired.clause)
            interp = f" {w['interpretation']}" if fired.interpretation else ""
            cite = f"{w['clause']} {clause}" if clause else ""
            lines.append(f"  {number}. {title} [{fired.rule}] {cite}{interp}".rstrip())
            if fired.quote:
                lines.append(f"     「{fired.quote}」" if lang == "zh" else f'     "{fired.quote}"')
            if fired.facts:
                facts = "; ".join(f"{k} = {_value(v)}" for k, v in fired.facts.items())
                lines.append(f"     {w['facts']}{w['sep']}{facts}")
            lines.extend(_applied_settings(fired, decision, lang))
    else:
        lines.append(w["none_fired"])
    policy = decision.policy
    lines.append(f"{w['policy']}{w['sep']}{policy.name} {policy.version} ({policy.digest[:19]})")
    return printable("\n".join(lines))  # a case's or a policy file's control characters shown, never obeyed
