"""The whole pack as a readable reference in Chinese and English, generated so that it never drifts.

``commitrules reference --out docs/policy-reference.md`` writes it; a test fails when the committed
page differs from what the pack generates.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from commitrules.model import CASE_MODELS
from commitrules.policy import tree as t
from commitrules.policy.pack import CompiledRule, KindPolicy, PolicyPack
from commitrules.policy.types import field_names, field_type, helper_names, helper_signature
from commitrules.policy.vocabulary import Vocabulary

__all__ = ["render_reference"]

_CODE_LISTS = ("reasons", "consequences", "measures", "channels", "tools")
_DOMAIN = re.compile(r"\bdomain\.md\b")


def _link_domain(text: str) -> str:
    """Interpretations cite the domain analysis as ``domain.md``; the reference sits beside it in docs/.

    Examples:
        >>> _link_domain("(domain.md 第4节问题4)")
        '([domain.md](domain.md) 第4节问题4)'
    """
    return _DOMAIN.sub("[domain.md](domain.md)", text)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _effect(rule: CompiledRule) -> str:
    effect = rule.effect
    parts = []
    if effect.outcome:
        parts.append(f"outcome **{effect.outcome}**")
    for name in _CODE_LISTS:
        values = getattr(effect, name)
        if values:
            parts.append(f"{name}: {', '.join(f'`{v}`' for v in values)}")
    if effect.derive:
        parts.append(f"derive: {', '.join(f'`{d}`' for d in effect.derive)}")
    if effect.route_to:
        parts.append(f"route to `{effect.route_to}`")
    return "; ".join(parts) or "(shown in `fired` only)"


def _fields(kind: str) -> Iterator[str]:
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
                rows.append(f"`{prefix}{signature.describe()}` (helper)")
    yield from rows


def _shown(value: object) -> str:
    return ", ".join(str(v) for v in value) if isinstance(value, tuple) else str(value)


def _dated_section(pack: PolicyPack) -> Iterator[str]:
    """The timeline of every setting that changes with time (nothing when none does)."""
    dated = [s for s in pack.settings.values() if s.history]
    if not dated:
        return
    yield ""
    yield "### 随时间变化的设置 · Settings that change with time"
    yield ""
    yield (
        "A case is judged with the value in force on its evaluation date; the first value also holds before "
        "its date. 案件按判断日期施行的值判断;早于首个起始日期的,按最早的值。"
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
        yield f"#### `{setting.name}` {setting.title.get('zh', '')} · {setting.title.get('en', '')}"
        yield ""
        read_by = ", ".join(f"`{r}`" for r in readers.get(setting.name, [])) or "—"
        yield f"读取它的规则 Read by: {read_by}"
        yield ""
        yield "| 起始 from | 至 until | 值 value | 依据 source |"
        yield "|---|---|---|---|"
        for i, period in enumerate(setting.history):
            following = setting.history[i + 1].since if i + 1 < len(setting.history) else None
            until = (following - dt.timedelta(days=1)).isoformat() if following else "…"
            yield f"| {period.since} | {until} | `{_cell(_shown(period.value))}` | {_cell(period.source)} |"


def _vocabulary_section(vocabulary: Vocabulary) -> Iterator[str]:
    yield '<a id="vocabulary"></a>'
    yield "## 词汇 Vocabulary"
    yield ""
    yield "The codes of `vocabulary.yaml`. Open lists take new codes in YAML; closed lists are fixed by the law."
    for code_list in vocabulary.lists.values():
        kind = "open 开放" if code_list.open else "closed 封闭"
        yield ""
        yield f"### {code_list.title.get('zh', '')} · {code_list.title.get('en', '')} (`{code_list.name}`, {kind})"
        yield ""
        yield "| code | 中文 | English | clause |"
        yield "|---|---|---|---|"
        for entry in code_list.codes.values():
            yield f"| `{entry.code}` | {_cell(entry.zh)} | {_cell(entry.en)} | {entry.clause or '—'} |"


def _kind_section(policy: KindPolicy, vocabulary: Vocabulary) -> Iterator[str]:
    kind = policy.kind
    yield f"## {policy.title['zh']} · {policy.title['en']} (`{kind}`)"
    yield ""
    yield (
        f"File `{policy.file}`. Outcomes, first wins: "
        + " > ".join(f"`{o}` ({vocabulary.label('outcomes', o, 'zh')})" for o in policy.outcomes)
        + f". Default: `{policy.default}`."
    )
    yield ""
    for rule in policy.rules:
        clauses = ", ".join(rule.clauses) or "—"
        yield f"### `{rule.id}` {rule.title['zh']} · {rule.title['en']}"
        yield ""
        yield f"- **条款 Clause**: {clauses}"
        if rule.quote:
            yield f"- **原文 Source**: 「{rule.quote}」"
        if rule.interpretation:
            text = f"{rule.interpretation['zh']} / {rule.interpretation['en']}"
            yield f"- **解释 Interpretation**: {_link_domain(text)}"
            if rule.interpretation_settings:
                yield "- **设置 Settings**: " + ", ".join(f"`{s}`" for s in rule.interpretation_settings)
        yield f"- **条件 When**: `{_cell(rule.condition_text)}`"
        yield f"- **结果 Then**: {_effect(rule)}"
        if rule.overrides:
            yield "- **例外,优先于 Overrides**: " + ", ".join(f"`{r}`" for r in rule.overrides)
        if rule.effective_from or rule.effective_until:
            yield f"- **有效期 Effective**: {rule.effective_from or '…'} – {rule.effective_until or '…'}"
        yield ""
    yield f"<details><summary>案件字段 Case fields of <code>{kind}</code></summary>"
    yield ""
    for row in _fields(kind):
        yield f"- {row}"
    yield ""
    yield "</details>"
    yield ""


def render_reference(pack: PolicyPack) -> str:
    """The reference page of ``pack`` as Markdown."""
    lines = [
        f"# 政策参考 · Policy reference: {pack.title['zh']}",
        "",
        f"{pack.title['en']}. Pack `{pack.name}` version {pack.version}.",
        "",
        "Generated by `commitrules reference --out docs/policy-reference.md` from the YAML files of the pack;",
        "do not edit by hand. Interpretations cite the project's domain analysis, [domain.md](domain.md)",
        "(`docs/domain.md`; its section 4 lists the open questions with the settings that answer them).",
        "",
        "## 目录 Contents",
        "",
    ]
    lines.extend(
        f"- [{p.title['zh']} · {p.title['en']}](#{p.kind}) — `{p.kind}`, {len(p.rules)} rules"
        for p in pack.policies.values()
    )
    lines.append("- [设置 Settings](#settings)")
    lines.append("- [词汇 Vocabulary](#vocabulary)")
    lines.append("- [条款 Clauses](#clauses)")
    lines.append("")
    for policy in pack.policies.values():
        lines.append(f'<a id="{policy.kind}"></a>')
        lines.extend(_kind_section(policy, pack.vocabulary))
    lines += [
        '<a id="settings"></a>',
        "## 设置 Settings",
        "",
        "| setting | value | type | source | 说明 / meaning |",
        "|---|---|---|---|---|",
    ]
    for setting in pack.settings.values():
        shown = f"`{_cell(_shown(setting.value))}`"
        if setting.history:
            shown += f" ([{len(setting.history)} 个日期 dated](#dated-{setting.name.replace('.', '-')}))"
        title = f"{setting.title.get('zh', '')} / {setting.title.get('en', '')}"
        lines.append(f"| `{setting.name}` | {shown} | {setting.type} | {setting.source} | {_cell(title)} |")
    lines.extend(_dated_section(pack))
    lines += ["", *_vocabulary_section(pack.vocabulary)]
    lines += ["", '<a id="clauses"></a>', "## 条款 Clauses", "", "| clause | rules | text |", "|---|---|---|"]
    cited: dict[str, list[str]] = {}
    for rule in pack.rules():
        for clause_id in rule.clauses:
            cited.setdefault(clause_id, []).append(rule.id)
    for clause in pack.clauses.values():
        rules = ", ".join(f"`{r}`" for r in cited.get(clause.id, []))
        if not rules and clause.excused:
            rules = f"excused: {clause.excused['zh']} / {clause.excused['en']}"
        lines.append(f"| {clause.id} | {_cell(rules)} | {_cell(clause.text)} |")
    lines.append("")
    return "\n".join(lines)
