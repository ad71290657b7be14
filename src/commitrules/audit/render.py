"""The audit report written out: Markdown, an HTML fragment (the ``/audit`` page) and one static HTML file.

Everything a reader needs is in the text: the static file inlines its style sheet and its diagrams (SVG)
and carries no script, so it opens from a USB stick on a machine with no network. Clause bodies expand
with ``<details>``, which browsers open from the keyboard without any script.

Examples:
    >>> import commitrules
    >>> from commitrules.audit.report import build_report
    >>> page = render_html_document(build_report(commitrules.load_policies(), None, None), diagrams={})
    >>> page.startswith("<!DOCTYPE html>") and "<script" not in page
    True
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from importlib.resources import files
from typing import Final

from commitrules.audit.report import AuditReport, ClauseEntry, ScenarioResult
from commitrules.messages import LANGS, Lang, catalogue, message

__all__ = [
    "LABELS",
    "render_clause_markdown",
    "render_html_document",
    "render_html_fragment",
    "render_markdown",
    "style_sheet",
]

#: The words of the report, by key (each is the catalogue message ``report.<key>``).
_WORDS: Final = (
    "title",
    "no_run",
    "no_features",
    "clauses",
    "covered",
    "excused",
    "uncovered",
    "passed",
    "failed",
    "partial",
    "not_run",
    "none",
    "text",
    "rules",
    "rule",
    "kind",
    "quote",
    "scenarios",
    "result",
    "no_rules",
    "diagrams",
    "problems",
    "no_problems",
    "external",
    "engines",
    "coverage",
)
#: Every word of the report the reader sees, in Chinese and English (from the catalogues).
LABELS: Mapping[str, Mapping[str, str]] = {
    lang: {key: catalogue(lang)[f"report.{key}"] for key in _WORDS} for lang in LANGS
}
_ICON = {
    "covered": "✅",
    "passed": "✅",
    "excused": "➖",
    "uncovered": "❌",
    "failed": "❌",
    "partial": "🟡",
    "not_run": "⚪",
    "none": "⚪",
}


def style_sheet() -> str:
    """The report's CSS (shipped in the package)."""
    return files("commitrules.audit").joinpath("report.css").read_text(encoding="utf-8")


def _lang(lang: str) -> Lang:
    """``lang`` as a catalogue language (the report's labels know only zh and en too)."""
    return "en" if lang == "en" else "zh"


def _scenario_name(scenario: ScenarioResult, lang: str) -> str:
    """The scenario's name when it is written in ``lang`` (zh-CN for zh), else "".

    The other language's scenarios (translations of the same specification) are shown by place and
    result only, so that the report speaks one language.
    """
    return scenario.name if scenario.language.split("-")[0] == _lang(lang) else ""


def _html_lang(lang: str) -> str:
    return "en" if lang == "en" else "zh"


def _title(titles: Mapping[str, str] | None, lang: str) -> str:
    return titles.get(lang) or titles.get("zh", "") if titles else ""


# -- Markdown ------------------------------------------------------------------------------------
def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;").replace("\n", " ")


def _line(key: str, lang: str, **params: object) -> str:
    """The sentence ``report.line.<key>`` in ``lang``: a whole sentence of the catalogue, not words glued here.

    Its parameters are put in as given (Markdown or HTML made by the caller): no catalogue text of these
    sentences holds a character HTML would read as markup (tests/audit/test_report.py checks).
    """
    return message(f"report.line.{key}", _lang(lang), **params)


def _head_markdown(report: AuditReport, lang: str) -> list[str]:
    run = (
        _line("run", lang, source=f"`{report.run.source}`", tests=report.run.tests, timestamp=report.run.timestamp)
        if report.run
        else LABELS[lang]["no_run"]
    )
    pack = _line(
        "pack", lang, name=f"`{report.pack_name}`", version=report.pack_version, digest=f"`{report.pack_digest}`"
    )
    return [pack, "", run]


def render_clause_markdown(clause: ClauseEntry, lang: str = "zh") -> str:
    """One clause as Markdown: text, status, rules with their quotes and scenarios with results."""
    w = LABELS[lang]
    title = _title(clause.title, lang)
    out = [
        f"## {clause.id} {title}".rstrip(),
        "",
        _line(
            "status",
            lang,
            status=f"{_ICON[clause.status]} {w[clause.status]}",
            result=f"{_ICON[clause.result]} {w[clause.result]}",
        ),
        "",
        f"> {clause.text}",
        "",
    ]
    if clause.excused:
        out += [_line("reason", lang, reason=_title(clause.excused, lang)), ""]
    if not clause.rules:
        return "\n".join([*out, w["no_rules"], ""])
    out += [f"| {w['rule']} | {w['kind']} | {w['scenarios']} | {w['result']} |", "|---|---|---|---|"]
    for rule in clause.rules:
        head = f"`{rule.id}` {_md(_title(rule.title, lang))}"
        if not rule.scenarios:
            out.append(f"| {head} | `{rule.kind}` | — | {_ICON['none']} {w['none']} |")
        for scenario in rule.scenarios:
            engines = f" ({', '.join(scenario.engines)})" if scenario.engines else ""
            out.append(
                f"| {head} | `{rule.kind}` | `{scenario.where}` {_md(_scenario_name(scenario, lang))} | "
                f"{_ICON[scenario.status]} {w[scenario.status]}{engines} |"
            )
    quotes = [(r.id, r.quote) for r in clause.rules if r.quote]
    if quotes:
        out += ["", _line("quotes", lang)] + [f"- `{rule_id}`: 「{_md(quote)}」" for rule_id, quote in quotes]
    return "\n".join(out) + "\n"


def render_markdown(report: AuditReport, lang: str = "zh") -> str:
    """The whole report as Markdown."""
    w = LABELS[lang]
    s = report.summary()
    out = [f"# {w['title']}", "", *_head_markdown(report, lang), ""]
    if not report.features:
        out += [w["no_features"], ""]
    counts = {name: s[name] for name in ("clauses", "covered", "excused", "uncovered", "passed", "failed")}
    out += [_line("coverage", lang, **counts, not_run=s["not_run"] + s["partial"]), ""]
    for clause in report.clauses:
        out.append(render_clause_markdown(clause, lang))
    out += [f"## {w['problems']}", ""] + (
        [f"- {_md(p.in_(_lang(lang)))}" for p in report.problems] or [w["no_problems"]]
    )
    return "\n".join(out) + "\n"


# -- HTML ----------------------------------------------------------------------------------------
def _badge(status: str, lang: str) -> str:
    # No emoji here: a machine without an emoji font (an intranet PC) would draw boxes; colour and word suffice.
    return f'<span class="badge {status}">● {escape(LABELS[lang][status])}</span>'


def _clause_html(clause: ClauseEntry, lang: str) -> str:
    w = LABELS[lang]
    title = escape(_title(clause.title, lang))
    parts = [
        (
            f'<details class="clause" id="{clause.anchor}" data-clause="{escape(clause.id)}"'
            f"{' open' if clause.status == 'uncovered' or clause.result == 'failed' else ''}>"
        ),
        f"<summary>{escape(clause.id)} {title} {_badge(clause.status, lang)} {_badge(clause.result, lang)}</summary>",
        f'<blockquote lang="zh">{escape(clause.text)}</blockquote>',
    ]
    if clause.excused:
        parts.append(f"<p>{_line('reason', lang, reason=escape(_title(clause.excused, lang)))}</p>")
    if not clause.rules:
        parts.append(f"<p>{w['no_rules']}</p>")
    else:
        parts.append(
            f'<table><caption class="meta">{w["rules"]}</caption><thead><tr><th scope="col">{w["rule"]}'
            f'</th><th scope="col">{w["quote"]}</th><th scope="col">{w["scenarios"]}</th>'
            f'<th scope="col">{w["result"]}</th></tr></thead><tbody>'
        )
        for rule in clause.rules:
            rows = max(len(rule.scenarios), 1)
            head = (
                f'<td rowspan="{rows}"><code>{escape(rule.id)}</code><br><span lang="{_html_lang(lang)}">'
                f'{escape(_title(rule.title, lang))}</span><br><span class="meta">{escape(rule.kind)}</span></td>'
                f'<td rowspan="{rows}" lang="zh">{"「" + escape(rule.quote) + "」" if rule.quote else "—"}</td>'
            )
            if not rule.scenarios:
                parts.append(f"<tr>{head}<td>—</td><td>{_badge('none', lang)}</td></tr>")
            for index, scenario in enumerate(rule.scenarios):
                engines = (
                    f' <span class="meta">{escape(", ".join(scenario.engines))}</span>' if scenario.engines else ""
                )
                parts.append(
                    f"<tr>{head if index == 0 else ''}<td><code>{escape(scenario.where)}</code><br>"
                    f'{escape(_scenario_name(scenario, lang))}</td><td class="scenario-result">'
                    f"{_badge(scenario.status, lang)}{engines}</td></tr>"
                )
        parts.append("</tbody></table>")
    parts.append("</details>")
    return "".join(parts)


def render_html_fragment(report: AuditReport, lang: str = "zh", diagrams: Mapping[str, str] | None = None) -> str:
    """The report as an HTML ``<section class="audit">`` (the body of the page and of the static file).

    Args:
        report: the report.
        lang: ``zh`` or ``en`` for the words of the report (the clauses' text is the law's, in Chinese).
        diagrams: caption -> ``<svg>`` element, shown after the clauses.
    """
    w = LABELS[lang]
    s = report.summary()
    run = (
        _line(
            "run",
            lang,
            source=f"<code>{escape(report.run.source)}</code>",
            tests=report.run.tests,
            timestamp=escape(report.run.timestamp),
        )
        if report.run
        else w["no_run"]
    )
    pack = _line(
        "pack",
        lang,
        name=f"<code>{escape(report.pack_name)}</code>",
        version=escape(report.pack_version),
        digest=f'<code class="pack-digest">{escape(report.pack_digest)}</code>',
    )
    parts = [
        '<section class="audit">',
        f"<h1>{w['title']}</h1>",
        (f'<p class="meta">{pack}<br>{run}<br>{_line("generated", lang, when=escape(report.generated))}</p>'),
    ]
    if not report.features:
        parts.append(f"<p>{w['no_features']}</p>")
    counts = [
        ("clauses", s["clauses"]),
        ("covered", s["covered"]),
        ("excused", s["excused"]),
        ("uncovered", s["uncovered"]),
        ("passed", s["passed"]),
        ("failed", s["failed"]),
        ("not_run", s["not_run"] + s["partial"]),
    ]
    parts.append(
        f'<ul class="summary" aria-label="{w["coverage"]}">'
        + "".join(f'<li class="{name}"><strong>{n}</strong>{w[name]}</li>' for name, n in counts)
        + "</ul>"
    )
    parts.append(f"<h2>{w['clauses']}</h2>")
    parts.extend(_clause_html(clause, lang) for clause in report.clauses)
    if diagrams:
        parts.append(f"<h2>{w['diagrams']}</h2>")
        parts.extend(
            f"<figure><figcaption>{escape(caption)}</figcaption>{svg}</figure>" for caption, svg in diagrams.items()
        )
    parts.append(f"<h2>{w['problems']}</h2>")
    parts.append(
        "<ul>" + "".join(f"<li>{escape(p.in_(_lang(lang)))}</li>" for p in report.problems) + "</ul>"
        if report.problems
        else f"<p>{w['no_problems']}</p>"
    )
    parts.append("</section>")
    return "\n".join(parts)


def render_html_document(report: AuditReport, lang: str = "zh", diagrams: Mapping[str, str] | None = None) -> str:
    """One self-contained HTML file: inline style sheet and SVG, no script, no external resource."""
    html_lang = "zh-CN" if lang == "zh" else "en"
    return (
        f'<!DOCTYPE html>\n<html lang="{html_lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(LABELS[lang]['title'])} · {escape(report.pack_name)} {escape(report.pack_version)}</title>\n"
        f"<style>\nbody {{ margin: 1.5rem; }}\n{style_sheet()}</style>\n</head>\n<body>\n<main>\n"
        f"{render_html_fragment(report, lang, diagrams)}\n</main>\n</body>\n</html>\n"
    )
