"""The whole pack as a readable reference in Chinese and English, generated so that it never drifts.

``commitrules reference --out docs/policy-reference.md`` writes it; a test fails when the committed
page differs from what the pack generates. With a language (``reference --lang zh``), every word is
in that language only: the pack's titles and interpretations in it, the page's own words from the
catalogues (``reference.*``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping

from commitrules.messages import Lang, message
from commitrules.model import CASE_MODELS
from commitrules.policy import tree as t
from commitrules.policy.pack import CompiledRule, KindPolicy, PolicyPack
from commitrules.policy.types import field_names, field_type, helper_names, helper_signature
from commitrules.policy.vocabulary import Vocabulary

__all__ = ["render_reference"]

_CODE_LISTS = ("reasons", "consequences", "measures", "channels", "tools")
_DOMAIN = re.compile(r"\bdocs/domain\.md\b")


def _link_domain(text: str) -> str:
    """Link the citations of the domain analysis, ``docs/domain.md``, to the page beside the reference.

    Interpretations cite it by its path in the repository; the reference sits beside it in docs/.

    Examples:
        >>> _link_domain("(docs/domain.md 第4节问题4)")
        '([docs/domain.md](domain.md) 第4节问题4)'
    """
    return _DOMAIN.sub("[docs/domain.md](domain.md)", text)


class _Say:
    """The page's words: Chinese beside English without a language (the docs page), else ``lang`` only."""

    def __init__(self, lang: Lang | None) -> None:
        self.lang = lang

    def __call__(self, both: str, key: str, **params: object) -> str:
        return both if self.lang is None else message(f"reference.{key}", self.lang, **params)

    def title(self, titles: Mapping[str, str], sep: str = " · ") -> str:
        """``中文 · English`` of the pack's ``{zh, en}`` texts, or the one of the language."""
        if self.lang is None:
            return f"{titles.get('zh', '')}{sep}{titles.get('en', '')}"
        return titles.get(self.lang) or titles.get("zh", "")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _effect(rule: CompiledRule, say: _Say) -> str:
    effect = rule.effect
    parts = []
    if effect.outcome:
        parts.append(say(f"结论 outcome **{effect.outcome}**", "effect.outcome", outcome=effect.outcome))
    for name in _CODE_LISTS:
        values = getattr(effect, name)
        if values:
            parts.append(f"{name}: {', '.join(f'`{v}`' for v in values)}")
    if effect.derive:
        parts.append(f"derive: {', '.join(f'`{d}`' for d in effect.derive)}")
    if effect.route_to:
        parts.append(say(f"报送至 route to `{effect.route_to}`", "effect.route", role=effect.route_to))
    return "; ".join(parts) or say("（只在 `fired` 中显示）(shown in `fired` only)", "effect.none")


def _fields(kind: str, say: _Say) -> Iterator[str]:
    model = CASE_MODELS[kind]
    seen: set[type] = set()
    stack: list[tuple[str, type]] = [("", model)]
    rows: list[str] = []
    while stack:
        prefix, current = stack.pop(0)
        if current in seen:
            continue
        seen.add(current)
        for name in field_names(current):
            ftype = field_type(current, name)
            if ftype is None:
                continue
            rows.append(f"`{prefix}{name}`: {ftype}")
            target = ftype.model or (ftype.elem.model if ftype.elem is not None else None)
            if target is not None and ftype.kind == "model":
                stack.append((f"{prefix}{name}.", target))
        for name in helper_names(current):
            signature = helper_signature(current, name)
            if signature is not None:
                rows.append(f"`{prefix}{signature.describe()}` {say('(helper)', 'helper')}")
    yield from rows


def _shown(value: object) -> str:
    return ", ".join(str(v) for v in value) if isinstance(value, tuple) else str(value)


def _dated_section(pack: PolicyPack, say: _Say) -> Iterator[str]:
    """The timeline of every setting that changes with time (nothing when none does)."""
    dated = [s for s in pack.settings.values() if s.history]
    if not dated:
        return
    yield ""
    yield say("### 随时间变化的设置 · Settings that change with time", "dated")
    yield ""
    yield say(
        "案件按判断日期施行的值判断;早于首个起始日期的,按最早的值。A case is judged with the value in force on "
        "its evaluation date; the first value also holds before its date.",
        "dated.intro",
    )
    readers: dict[str, list[str]] = {}
    for rule in pack.rules():
        for root in (rule.condition, rule.effect.route_from):
            for node in t.walk(root) if root is not None else ():
                if isinstance(node, t.Setting) and rule.id not in readers.setdefault(node.name, []):
                    readers[node.name].append(rule.id)
    for setting in dated:
        yield ""
        yield f'<a id="dated-{setting.name.replace(".", "-")}"></a>'
        yield f"#### `{setting.name}` {say.title(setting.title)}"
        yield ""
        read_by = ", ".join(f"`{r}`" for r in readers.get(setting.name, [])) or "—"
        yield say(f"读取它的规则 Read by: {read_by}", "dated.read_by", rules=read_by)
        yield ""
        yield say("| 起始 from | 至 until | 值 value | 依据 source |", "dated.columns")
        yield "|---|---|---|---|"
        for i, period in enumerate(setting.history):
            following = setting.history[i + 1].since if i + 1 < len(setting.history) else None
            until = (following - dt.timedelta(days=1)).isoformat() if following else "…"
            yield f"| {period.since} | {until} | `{_cell(_shown(period.value))}` | {_cell(period.source)} |"


def _vocabulary_section(vocabulary: Vocabulary, say: _Say) -> Iterator[str]:
    yield '<a id="vocabulary"></a>'
    yield say("## 词汇 Vocabulary", "vocabulary")
    yield ""
    yield say(
        "`vocabulary.yaml` 中的代码。开放列表可在 YAML 中增加新代码；封闭列表由法律规定。"
        "排除性列表的每个代码都是排除的理由：读取该列表的每个案件类型都读取其每个代码。\n\n"
        "The codes of `vocabulary.yaml`. Open lists take new codes in YAML; closed lists are fixed by the law. "
        "Each code of an exclusionary list excludes: every kind whose rules read the list reads each code.",
        "vocabulary.intro",
    )
    for code_list in vocabulary.lists.values():
        kind = say("open 开放", "vocabulary.open") if code_list.open else say("closed 封闭", "vocabulary.closed")
        if code_list.exclusionary:
            kind += ", " + say("exclusionary 排除性", "vocabulary.exclusionary")
        yield ""
        yield f"### {say.title(code_list.title)} (`{code_list.name}`, {kind})"
        yield ""
        if say.lang is None:
            yield "| code | 中文 | English | clause |"
            yield "|---|---|---|---|"
        else:
            yield say("", "vocabulary.columns")
            yield "|---|---|---|"
        for entry in code_list.codes.values():
            if say.lang is None:
                yield f"| `{entry.code}` | {_cell(entry.zh)} | {_cell(entry.en)} | {entry.clause or '—'} |"
            else:
                label = entry.en if say.lang == "en" else entry.zh
                yield f"| `{entry.code}` | {_cell(label)} | {entry.clause or '—'} |"


def _kind_section(policy: KindPolicy, vocabulary: Vocabulary, say: _Say) -> Iterator[str]:
    kind = policy.kind
    yield f"## {say.title(policy.title)} (`{kind}`)"
    yield ""
    outcomes = " > ".join(f"`{o}` ({vocabulary.label('outcomes', o, say.lang or 'zh')})" for o in policy.outcomes)
    yield say(
        f"File `{policy.file}`. Outcomes, first wins: {outcomes}. Default: `{policy.default}`.",
        "kind",
        file=policy.file,
        outcomes=outcomes,
        default=policy.default,
    )
    yield ""
    for rule in policy.rules:
        clauses = ", ".join(rule.clauses) or "—"
        yield f"### `{rule.id}` {say.title(rule.title)}"
        yield ""
        yield say(f"- **条款 Clause**: {clauses}", "rule.clause", clauses=clauses)
        if rule.quote:
            yield say(f"- **原文 Source**: 「{rule.quote}」", "rule.source", quote=rule.quote)
        if rule.interpretation:
            text = _link_domain(say.title(rule.interpretation, " / "))
            yield say(f"- **解释 Interpretation**: {text}", "rule.interpretation", text=text)
            if rule.interpretation_settings:
                names = ", ".join(f"`{s}`" for s in rule.interpretation_settings)
                yield say(f"- **设置 Settings**: {names}", "rule.settings", names=names)
        condition = _cell(rule.condition_text)
        yield say(f"- **条件 When**: `{condition}`", "rule.when", condition=condition)
        effect = _effect(rule, say)
        yield say(f"- **结果 Then**: {effect}", "rule.then", effect=effect)
        if rule.overrides:
            names = ", ".join(f"`{r}`" for r in rule.overrides)
            yield say(f"- **例外,优先于 Overrides**: {names}", "rule.overrides", names=names)
        if rule.effective_from or rule.effective_until:
            since, until = rule.effective_from or "…", rule.effective_until or "…"
            yield say(f"- **有效期 Effective**: {since} – {until}", "rule.effective", since=since, until=until)
        yield ""
    yield say(f"<details><summary>案件字段 Case fields of <code>{kind}</code></summary>", "case_fields", kind=kind)
    yield ""
    for row in _fields(kind, say):
        yield f"- {row}"
    yield ""
    yield "</details>"
    yield ""


def render_reference(pack: PolicyPack, lang: Lang | None = None) -> str:
    """The reference page of ``pack`` as Markdown: Chinese beside English, or in ``lang`` only."""
    say = _Say(lang)
    if lang is None:
        head = [
            f"# 政策参考 · Policy reference: {pack.title['zh']}",
            "",
            f"政策包 `{pack.name}`，版本 {pack.version}。",
            f"{pack.title['en']}. Pack `{pack.name}` version {pack.version}.",
            "",
            "由 `commitrules reference --out docs/policy-reference.md` 根据政策包的 YAML 文件生成，请勿手工编辑。",
            "解释部分引用本项目的领域分析 [domain.md](domain.md)（`docs/domain.md`；",
            "其第 4 节列出待定问题及回答它们的设置）。",
            "",
            "Generated by `commitrules reference --out docs/policy-reference.md` from the YAML files of the pack;",
            "do not edit by hand. Interpretations cite the project's domain analysis, [domain.md](domain.md)",
            "(`docs/domain.md`; its section 4 lists the open questions with the settings that answer them).",
        ]
    else:
        head = [
            message("reference.title", lang, title=say.title(pack.title)),
            "",
            message("reference.pack", lang, name=pack.name, version=pack.version),
            "",
            message("reference.generated", lang),
        ]
    lines = [*head, "", say("## 目录 Contents", "contents"), ""]
    lines.extend(
        say(
            f"- [{p.title['zh']} · {p.title['en']}](#{p.kind}) — `{p.kind}`, {len(p.rules)} rules",
            "contents.kind",
            title=say.title(p.title),
            kind=p.kind,
            count=len(p.rules),
        )
        for p in pack.policies.values()
    )
    lines.append(say("- [设置 Settings](#settings)", "contents.settings"))
    lines.append(say("- [词汇 Vocabulary](#vocabulary)", "contents.vocabulary"))
    lines.append(say("- [条款 Clauses](#clauses)", "contents.clauses"))
    lines.append("")
    for policy in pack.policies.values():
        lines.append(f'<a id="{policy.kind}"></a>')
        lines.extend(_kind_section(policy, pack.vocabulary, say))
    lines += [
        '<a id="settings"></a>',
        say("## 设置 Settings", "settings"),
        "",
        say("| setting | value | type | source | 说明 / meaning |", "settings.columns"),
        "|---|---|---|---|---|",
    ]
    for setting in pack.settings.values():
        shown = f"`{_cell(_shown(setting.value))}`"
        if setting.history:
            anchor = f"#dated-{setting.name.replace('.', '-')}"
            count = len(setting.history)
            shown += say(f" ([{count} 个日期 dated]({anchor}))", "settings.dated", count=count, anchor=anchor)
        title = say.title(setting.title, " / ")
        lines.append(f"| `{setting.name}` | {shown} | {setting.type} | {setting.source} | {_cell(title)} |")
    lines.extend(_dated_section(pack, say))
    lines += ["", *_vocabulary_section(pack.vocabulary, say)]
    lines += ["", '<a id="clauses"></a>', say("## 条款 Clauses", "clauses"), ""]
    lines += [say("| clause | rules | text |", "clauses.columns"), "|---|---|---|"]
    cited: dict[str, list[str]] = {}
    for rule in pack.rules():
        for clause_id in rule.clauses:
            cited.setdefault(clause_id, []).append(rule.id)
    for clause in pack.clauses.values():
        rules = ", ".join(f"`{r}`" for r in cited.get(clause.id, []))
        if not rules and clause.excused:
            reason = say.title(clause.excused, " / ")
            rules = say(f"excused: {reason}", "clauses.excused", reason=reason)
        lines.append(f"| {clause.id} | {_cell(rules)} | {_cell(clause.text)} |")
    lines.append("")
    return "\n".join(lines)
