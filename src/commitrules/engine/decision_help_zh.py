"""The Chinese help of the decision's models and fields, shown where their English descriptions are.

The English help is the models' docstrings and field descriptions (the JSON Schema's ``description``);
this is its Chinese counterpart, by ``Model.field`` (or ``Model`` for the model itself), as
:mod:`commitrules.model.field_help_zh` is for the cases. ``GET /v1/schemas/decision`` answers with it
for a request in Chinese. A test fails when a model or field reachable from
:class:`~commitrules.engine.decision.Decision` has no Chinese help here, and when a key here names none.
"""

from __future__ import annotations

from typing import Final

__all__ = ["DECISION_FIELD_HELP_ZH"]

DECISION_FIELD_HELP_ZH: Final[dict[str, str]] = {
    "Decision": "判断一个案件的结果。",
    "Decision.kind": "案件类型,与案件的 kind 相同。",
    "Decision.case_id": "案件在业务系统中的编号;案件未给出时不填。",
    "Decision.outcome": "判断结果的代码,取自该案件类型的规则文件所列的结果。",
    "Decision.reasons": "作出该结果的理由代码,按规则的顺序。",
    "Decision.consequences": "该结果带来的后果代码。",
    "Decision.measures": "应当采取的措施代码。",
    "Decision.route": "报送路径:从报送的角色起,依次列出各角色。",
    "Decision.channels": "应当使用的渠道代码。",
    "Decision.tools": "应当使用的工具代码。",
    "Decision.applied_by": "每项措施由哪些部门实施(按配置),以措施代码为键。",
    "Decision.fired": "触发的规则,及其依据的条款和读取的事实。",
    "Decision.policy": "作出判断所用的规则包。",
    "Decision.as_of": "判断所依据的日期(YYYY-MM-DD)。",
    "AppliedSetting": "触发的规则读取的、随时间变化的设置在判断日期所适用的值。",
    "AppliedSetting.value": "判断日期当天有效的值。",
    "AppliedSetting.from": "该值开始生效的日期。",
    "AppliedSetting.source": "该值的出处(设定它的文件和条款)。",
    "FiredRule": "触发的一条规则、其条款,及其条件读取的事实和取值。",
    "FiredRule.rule": "规则的编号。",
    "FiredRule.clause": "规则依据的条款编号。",
    "FiredRule.title": "规则的名称,中英文。",
    "FiredRule.quote": "规则所依据的原文句子(中文)。",
    "FiredRule.interpretation": "为真时,规则依据的是对原文的解释。",
    "FiredRule.facts": "规则的条件读取的事实及其取值,以事实名为键。",
    "FiredRule.settings": "规则读取了随时间变化的设置时才有:每项设置(以名称为键)在判断日期所适用的值。",
    "PolicyRef": "作出判断所用的规则包。",
    "PolicyRef.name": "规则包的名称。",
    "PolicyRef.version": "规则包的版本。",
    "PolicyRef.digest": "规则包内容的摘要(sha256),内容不同则摘要不同。",
    "Title": "中英文名称。",
    "Title.zh": "中文名称。",
    "Title.en": "英文名称。",
}
