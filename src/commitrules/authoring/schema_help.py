"""The Chinese help of each file model and field, shown first when an editor hovers over a key.

The English help is the models' docstrings (the schema's ``description``); this is its Chinese
counterpart, by ``Model.field`` (or ``Model`` for the model itself). A test fails when a field of a
file model has no Chinese help here, so that a new field cannot reach the editor in English only.
:func:`help_in_chinese` puts a table like this one into a schema (the case models have theirs in
:mod:`commitrules.model.field_help_zh`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["FIELD_HELP_ZH", "help_in_chinese", "vocabulary_in_chinese"]


def help_in_chinese(schema: dict[str, Any], help_zh: Mapping[str, str], *, english: bool = True) -> None:
    r"""Give each model and field of ``schema`` its Chinese help from ``help_zh`` (in place).

    The models are the schema itself and its ``$defs``, known by their ``title``. With ``english``
    (the schemas for editors), the Chinese help comes first, then the English one, in both
    ``description`` and ``markdownDescription``: the YAML language server shows the latter, except over
    an optional value (an ``anyOf`` with null), where it shows the former. Without it (a page that shows
    one language), ``description`` is the Chinese help alone. What ``help_zh`` does not name is left as
    it is.

    Examples:
        >>> schema = {"title": "Unit", "description": "A unit.", "properties": {"name": {"description": "Its name."}}}
        >>> help_in_chinese(schema, {"Unit": "单位。", "Unit.name": "单位名称。"}, english=False)
        >>> schema["description"], schema["properties"]["name"]["description"]
        ('单位。', '单位名称。')
        >>> help_in_chinese(schema, {"Unit.name": "名称。"})
        >>> schema["properties"]["name"]["markdownDescription"]
        '名称。\n\n单位名称。'
    """
    for model in [schema, *schema.get("$defs", {}).values()]:
        name = model.get("title", "")
        for field, prop in model.get("properties", {}).items():
            _put(prop, help_zh.get(f"{name}.{field}"), english=english)
        _put(model, help_zh.get(name), english=english)


def vocabulary_in_chinese(node: Any) -> None:
    """Say in Chinese alone what a code of an open list (``x-vocabulary``) is, where a model says it in English.

    For a schema that shows one language (a page's form, a service answer in Chinese); the schemas for
    editors get the list's codes and labels instead (``authoring.schemas.with_vocabulary``).

    Examples:
        >>> schema = {"items": {"description": "A code.", "x-vocabulary": "channels"}}
        >>> vocabulary_in_chinese(schema)
        >>> schema["items"]["description"]
        "词汇表 'channels'（vocabulary.yaml）中的代码。"
    """
    if isinstance(node, list):
        for item in node:
            vocabulary_in_chinese(item)
    elif isinstance(node, dict):
        list_name = node.get("x-vocabulary")
        if isinstance(list_name, str) and "description" in node:
            node["description"] = f"词汇表 '{list_name}'（vocabulary.yaml）中的代码。"
        for value in node.values():
            vocabulary_in_chinese(value)


def _put(node: dict[str, Any], zh: str | None, *, english: bool) -> None:
    if zh is None:
        return
    if english:
        node["description"] = node["markdownDescription"] = f"{zh}\n\n{node.get('description', '')}".rstrip()
    else:
        node["description"] = zh


FIELD_HELP_ZH: Final[dict[str, str]] = {
    # --- a kind's policy file ---------------------------------------------------------------------
    "PolicyFile": "某一类案件的规则文件(policies/<类型>.yaml)。",
    "PolicyFile.kind": "本文件判断的案件类型,如 verification。",
    "PolicyFile.title": "本文件判断什么,中英文。",
    "PolicyFile.description": "较长的说明,中英文。",
    "PolicyFile.outcomes": "该类型的全部结论,按优先顺序:多条规则给出结论时,列在前面的优先。",
    "PolicyFile.default": "没有规则给出结论时的结论;须是 outcomes 之一。",
    "PolicyFile.rules": "规则,顺序不限(优先顺序由 outcomes 和 overrides 决定)。",
    "PolicyFile.include": "复用其他类型文件中的规则(一处表述,多处判断)。",
    "Rule": "一条规则:条件成立时执行 then,并优先于其 overrides 所列规则。",
    "Rule.id": "规则编号,在整个政策包内唯一,如 breach.revoke。",
    "Rule.clause": "规则所依据的条款(clauses.yaml 中的编号),一个或一组。",
    "Rule.quote": "规则所表述的条款原文(中文);写了 clause 就必须写。",
    "Rule.interpretation": "规则为何以及如何解释原文;没有 clause 时必须写。",
    "Rule.title": "规则判断什么,中英文。",
    "Rule.when": "规则适用的条件;省略即总是适用。",
    "Rule.then": "规则适用时做什么。",
    "Rule.overrides": "本规则与之同时适用时优先的本文件规则(除外情形)。",
    "Rule.effective": "规则的有效期;省略即一直有效。",
    "Then": "规则适用时的结果;各项均可省略,代码由 check 核对。",
    "Then.outcome": "结论,须是本文件 outcomes 之一。",
    "Then.reasons": "加入决定的理由代码(vocabulary.yaml 的 reasons)。",
    "Then.consequences": "加入决定的后果代码(vocabulary.yaml 的 consequences)。",
    "Then.measures": "加入决定的联合惩戒措施类别(vocabulary.yaml 的 measures)。",
    "Then.channels": "加入决定的公示渠道(vocabulary.yaml 的 channels)。",
    "Then.tools": "加入决定的第一种形态处理方式(vocabulary.yaml 的 tools)。",
    "Then.derive": "本规则确立的事实,本文件其他规则可以引用。",
    "Then.route": "决定附带的请示报告路径。",
    "Then.advisory": "仅记录本规则适用(出现在 fired 中),不改变其他内容。",
    "Route": "请示报告:从表达式给出的角色,报告至某一角色。",
    "Route.from": "给出报告角色的条件表达式,如 request.from_role。",
    "Route.to": "报告至的角色(organization.yaml 中的角色编号)。",
    "Interpretation": "规则为何超出(或填补)原文,以及由哪些设置配置。",
    "Interpretation.note": "解释的内容和理由,中英文。",
    "Interpretation.settings": "控制该解释的设置(settings.yaml 中的名称),可为空。",
    "Include": "复用另一类型文件中的规则,并按本类型的案件模型重新检查。",
    "Include.kind": "表述这些规则的文件的案件类型,如 matter_review。",
    "Include.rules": "要复用的规则编号。",
    "Include.id_prefix": "加在每条复用规则编号前的前缀,使编号在整个政策包内唯一。",
    "Include.outcomes": "把另一类型的结论对应到本类型的结论,如 {ineligible: certificate_required}。",
    "Include.derive": "把另一类型确立的事实改名后用于本类型。",
    "Effective": "规则的有效期:从 from 到 until(含首尾两日),任一端可省略。",
    "Effective.from": "规则开始适用的日期(YYYY-MM-DD);省略即不限。",
    "Effective.until": "规则最后适用的日期,含当日(YYYY-MM-DD);省略即不限。",
    "AllCondition": "列表中的条件全部成立时为真。",
    "AllCondition.all": "必须全部成立的条件(表达式,或 all/any/not)。",
    "AnyCondition": "列表中至少一个条件成立时为真。",
    "AnyCondition.any": "至少一个须成立的条件(表达式,或 all/any/not)。",
    "NotCondition": "条件不成立时为真。",
    "NotCondition.not": "必须不成立的条件(表达式,或 all/any/not)。",
    "TitleText": "中英文文本,如 {zh: 核查结果处理, en: Handling verification results}。",
    "TitleText.zh": "中文(简体)。",
    "TitleText.en": "英文。",
    # --- settings.yaml ----------------------------------------------------------------------------
    "SettingsFile": "settings.yaml:政策包的全部可配置默认值,按名称列出。",
    "SettingsFile.settings": "各项设置,按名称(以点连接的 snake_case,如 leniency.mitigated_min_score)。",
    "SettingEntry": "一项可配置的默认值:值、类型、依据和标题。",
    "SettingEntry.value": "默认值;部署时可不改规则而覆盖。",
    "SettingEntry.type": "值的类型;省略时由值推断。",
    "SettingEntry.source": "所依据的条款编号;原文未作规定时写 interpretation。",
    "SettingEntry.title": "该设置控制什么,中英文。",
    "SettingEntry.min": "允许的最小值(整数或数值设置),如天数至少为 1。",
    "SettingEntry.max": "允许的最大值(整数或数值设置)。",
    # Dated values (issue 11 item 6, branch h11dated): written here so that the merge finds them.
    "SettingEntry.values": "随时间变化的设置,用 values 代替 value:按起始日期排列的各个值,各注明依据。",
    "DatedValue": "随时间变化的设置的一个值:自其日期起适用,至下一个值的日期为止。",
    "DatedValue.from": "该值开始适用的日期(YYYY-MM-DD);评估日期在此日或之后的案件按此值判断。",
    "DatedValue.value": "该值,须符合设置的类型和范围。",
    "DatedValue.source": "该值的来源:规定它的文件和条款(如 连司通〔2019〕57号 二(二)),或文字说明。",
    "SettingEntry.used_by": "host 表示由宿主系统使用、没有规则读取的参数(lint 不报告其未被使用)。",
    # --- vocabulary.yaml --------------------------------------------------------------------------
    "VocabularyFile": "vocabulary.yaml:政策包使用的代码,按列表列出。",
    "VocabularyFile.lists": "各个代码列表,按名称。",
    "CodeListEntry": "一个代码列表。",
    "CodeListEntry.title": "列表的内容,中英文。",
    "CodeListEntry.exclusionary": (
        "每个代码是否都是排除或限制的理由(如 risk_flags):读取该列表的每个案件类型都必须读取其每个代码,"
        "否则 check 报告该代码,带有该代码的案件被拒绝。仅限案件所含代码的开放列表"
        "(risk_flags、verification_methods、channels)。不写:与内置列表相同。"
    ),
    "CodeListEntry.codes": "代码(snake_case),按读者看到的顺序。",
    "CodeEntry": "一个代码:中英文标签及其依据的条款。",
    "CodeEntry.zh": "中文标签,解释和参考文档中显示。",
    "CodeEntry.en": "英文标签。",
    "CodeEntry.clause": "该代码依据的条款(clauses.yaml 中的编号),如有。",
    # --- clauses.yaml, organization.yaml, pack.yaml -----------------------------------------------
    "ClausesFile": "clauses.yaml:规则可以引用的全部条款。",
    "ClausesFile.clauses": "条款,按原文顺序。",
    "ClauseEntry": "依据文件(或标明 external: true 的其他文件)的一个条款。",
    "ClauseEntry.id": "规则引用它的编号,如 一(一)2。",
    "ClauseEntry.text": "条款原文(中文)。",
    "ClauseEntry.title": "简称,中英文。",
    "ClauseEntry.excused": "该条款为何无须规则,中英文。",
    "ClauseEntry.external": "依据文件以外的文件(如 NAT-42)时为 true。",
    "OrganizationFile": "organization.yaml:请示报告链和实施联合惩戒的部门。",
    "OrganizationFile.roles": "角色,各自写明向谁报告。",
    "OrganizationFile.departments": "各部门实施哪些联合惩戒措施类别。",
    "RoleEntry": "请示报告链中的一个角色。",
    "RoleEntry.id": "角色代码,如 division_head。",
    "RoleEntry.title": "角色名称,中英文。",
    "RoleEntry.reports_to": "向其报告的角色;链条顶端为 null(或省略)。",
    "RoleEntry.skips_level": "该角色为何越级报告(一(三)1 要求逐级请示报告);不写则 check 会提示。",
    "Department": "一个部门及其实施的联合惩戒措施类别。",
    "Department.id": "部门代码,如 market_regulation。",
    "Department.title": "部门名称,中英文。",
    "Department.measures": "该部门实施的联合惩戒措施类别(vocabulary.yaml 的 measures)。",
    "PackFile": "pack.yaml:政策包的名称、版本和依据文件。",
    "PackFile.name": "政策包名称,如 lianyungang-2019-57。",
    "PackFile.version": "版本号,主.次.修订(YAML 可能读成数字时请加引号)。",
    "PackFile.title": "政策包标题,中英文。",
    "PackFile.source": "政策包所表述的文件,中英文。",
}
