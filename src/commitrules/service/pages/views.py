"""The pages themselves and the static assets they use.

A shell (navigation, language switch) goes around the playground, the audit report and the log viewer;
the static assets they use, served from the package (no CDN, no network).

The language is the ``lang`` query parameter (``zh``, the default, or ``en``); the switch keeps the
URL fragment (a shared case) so that a colleague sees the same case in the other language.

Every word of the pages is in the message catalogues (:mod:`commitrules.messages`): the shell's and
the pages' under ``pages.*``, the scripts' under ``pages.js.*`` and the case fields' names in the form
under ``pages.field.*``. The scripts get theirs from the page, as JSON in ``<script id="cr-words">``, in
the page's language only; they carry no words of their own.
"""

from __future__ import annotations

import functools
import json
from html import escape
from importlib.resources import files
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from commitrules.audit.render import render_html_document, render_html_fragment, style_sheet
from commitrules.audit.report import AuditReport, ReportError, build_report
from commitrules.audit.svg import pack_diagrams
from commitrules.messages import Lang, catalogue, message
from commitrules.service.pages.config import PagesConfig

__all__ = ["page_routes", "script_json", "static_dir"]

_NAV = (("playground", "/playground"), ("audit", "/audit"), ("log", "/log"), ("docs", "/docs/"))


def static_dir() -> Path:
    """The folder of the pages' scripts and style sheets inside the package."""
    return Path(str(files("commitrules.service.pages") / "static"))


def _root(request: Request) -> str:
    """The path prefix a reverse proxy serves the service under (``--root-path``), for links."""
    return escape(str(request.scope.get("root_path", "")).rstrip("/"))


def _lang(request: Request) -> Lang:
    return "en" if request.query_params.get("lang") == "en" else "zh"


@functools.cache
def _words(lang: Lang) -> dict[str, str]:
    """The shell's and the pages' words in ``lang`` (``pages.<key>`` in the catalogue), HTML-escaped, by key."""
    keys = (key for key in catalogue(lang) if key.startswith("pages.") and key.count(".") == 1)
    return {key.removeprefix("pages."): escape(message(key, lang)) for key in keys}


def script_json(data: object) -> str:
    r"""``data`` as JSON to put inside a ``<script>`` element, which no text in it can end.

    ``<``, ``>`` and ``&`` are written as JSON escapes, so that no text closes the element
    (``</script>``) or opens a comment there; ``JSON.parse`` reads them back as they were.

    Examples:
        >>> script_json({"x": "</script>"})
        '{"x": "\\u003c/script\\u003e"}'
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@functools.cache
def _script_words(lang: Lang, *, fields: bool) -> str:
    """The scripts' words in ``lang`` (``pages.js.<key>``), and the fields' names when ``fields``, for a page.

    As the catalogue writes them: a word with places (``{shown}``) is filled by the script (``CR.tf``).
    """
    prefixes = {"words": "pages.js.", "fields": "pages.field."} if fields else {"words": "pages.js."}
    words = catalogue(lang)
    return script_json(
        {
            name: {key.removeprefix(prefix): text for key, text in words.items() if key.startswith(prefix)}
            for name, prefix in prefixes.items()
        }
    )


def shell(
    request: Request, current: str, body: str, scripts: tuple[str, ...] = (), styles: tuple[str, ...] = ()
) -> HTMLResponse:
    """A page: header with navigation and the language switch, then ``body`` in ``<main>``.

    ``current`` is the page's key in the navigation, whose word is also the page's title.
    """
    lang = _lang(request)
    w = _words(lang)
    root = _root(request)
    suffix = "?lang=en" if lang == "en" else ""
    other = "" if lang == "en" else "?lang=en"
    here = ' aria-current="page"'
    nav = "".join(
        f'<li><a href="{root}{href}{suffix if not href.startswith("/docs") else ""}"'
        f"{here if name == current else ''}>{w[name]}</a></li>"
        for name, href in _NAV
    )
    links = "".join(f'<link rel="stylesheet" href="{root}/static/pages/{name}">' for name in ("pages.css", *styles))
    tags = "".join(f'<script src="{root}/static/pages/{name}" defer></script>' for name in ("i18n.js", *scripts))
    given = _script_words(lang, fields="field-labels.js" in scripts)
    html = (
        f'<!DOCTYPE html><html lang="{"zh-CN" if lang == "zh" else "en"}" data-root="{root}"><head>'
        f'<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>{w[current]} · {w["brand"]}</title><link rel="icon" href="data:,">{links}'
        f'<script id="cr-words" type="application/json">{given}</script>{tags}</head><body>'
        f'<a class="skip" href="#main">{w["skip"]}</a><header class="site"><span class="brand">{w["brand"]}</span>'
        f'<nav aria-label="{w["brand"]}"><ul>{nav}</ul></nav><a class="lang" href="{request.url.path}{other}" '
        f'lang="{"en" if lang == "zh" else "zh-CN"}">{w["switch"]}</a></header>'
        f'<form id="token-form" class="row panel" hidden><label for="token">{w["token"]}'
        f'<input id="token" type="password" autocomplete="off"></label>'
        f'<button type="submit">{w["token_ok"]}</button></form>'
        f'<main id="main">{body}</main></body></html>'
    )
    return HTMLResponse(html)


def _playground_body(w: dict[str, str]) -> str:
    return f"""
<h1>{w["playground"]}</h1><p class="meta">{w["playground_intro"]}</p>
<p id="page-error" class="errors" role="alert" hidden></p>
<div class="row">
  <label for="kind">{w["kind"]}<select id="kind"></select></label>
  <label for="example">{w["example"]}<select id="example"></select></label>
  <label for="as-of">{w["as_of"]}<input id="as-of" type="date"></label>
</div>
<div class="grid">
  <section class="panel" aria-labelledby="editor-title">
    <h2 id="editor-title">{w["editor"]}</h2>
    <div class="row" role="group" aria-label="{w["editor"]}">
      <button type="button" id="mode-form" aria-pressed="true">{w["form"]}</button>
      <button type="button" id="mode-yaml" aria-pressed="false">{w["yaml"]}</button>
    </div>
    <div id="form-editor"></div>
    <div id="yaml-panel" hidden>
      <label for="yaml-editor">{w["yaml"]}</label>
      <textarea id="yaml-editor" class="code" spellcheck="false" autocapitalize="off"></textarea>
      <p id="yaml-error" class="errors" role="alert" hidden></p>
    </div>
    <div class="row">
      <button type="button" id="evaluate">{w["evaluate"]}</button>
      <button type="button" id="share" class="secondary">{w["share"]}</button>
    </div>
    <p id="share-status" class="meta" role="status"></p>
  </section>
  <section class="panel sticky" aria-labelledby="result-title">
    <h2 id="result-title">{w["result"]}</h2>
    <div id="result" aria-live="polite"></div>
  </section>
</div>
<section id="whatif" class="panel" aria-labelledby="whatif-title">
  <h2 id="whatif-title">{w["whatif"]}</h2><p class="meta">{w["whatif_intro"]}</p>
  <div class="row">
    <label for="setting-name">{w["setting"]}<select id="setting-name"></select></label>
    <label for="setting-value">{w["value"]}<input id="setting-value" type="text"></label>
    <button type="button" id="run-setting">{w["run_setting"]}</button>
  </div>
  <div class="row"><label for="policy-file">{w["file"]}<select id="policy-file"></select></label>
    <button type="button" id="policy-reset" class="secondary">{w["reset"]}</button></div>
  <label for="policy-editor" class="meta">{w["file_yaml"]}</label>
  <textarea id="policy-editor" class="code" spellcheck="false" autocapitalize="off"></textarea>
  <div class="row"><button type="button" id="run-file">{w["run_file"]}</button></div>
  <div id="whatif-result" aria-live="polite"></div>
</section>"""


class _ReportCache:
    """The audit report, rebuilt when the pack or the results change."""

    def __init__(self) -> None:
        self.key: tuple[Any, ...] | None = None
        self.value: AuditReport | ReportError | None = None
        self.diagrams: dict[str, dict[str, str]] = {}

    def get(self, config: PagesConfig) -> AuditReport | ReportError:
        """The report, or why it cannot be made (kept as the error, to be said in each reader's language)."""
        pack = config.pack()
        junit = config.junit if config.junit is not None and config.junit.is_file() else None
        key = (pack.digest, str(junit), junit.stat().st_mtime if junit else None, str(config.features_dir))
        if key != self.key:
            try:
                self.value = build_report(pack, config.features_dir, junit)
            except ReportError as exc:
                self.value = exc
            self.diagrams = {lang: pack_diagrams(pack, lang) for lang in ("zh", "en")}
            self.key = key
        assert self.value is not None  # noqa: S101 - set just above
        return self.value


def page_routes(config: PagesConfig) -> APIRouter:
    """The HTML pages and the pages' static assets."""
    router = APIRouter()
    cache = _ReportCache()

    @router.get("/", include_in_schema=False)
    def home(request: Request) -> RedirectResponse:
        return RedirectResponse(f"{_root(request)}/playground")

    @router.get("/playground", response_class=HTMLResponse, include_in_schema=False)
    def playground(request: Request) -> HTMLResponse:
        w = _words(_lang(request))
        return shell(
            request,
            "playground",
            _playground_body(w),
            scripts=("field-labels.js", "schema-form.js", "playground.js"),
        )

    @router.get("/audit", response_class=HTMLResponse, include_in_schema=False)
    def audit(request: Request) -> HTMLResponse:
        lang = _lang(request)
        w = _words(lang)
        report = cache.get(config)
        if isinstance(report, ReportError):
            body = f'<h1>{w["audit"]}</h1><p class="errors" role="alert">{escape(report.message_in(lang))}</p>'
        else:
            link = (
                f'<p><a href="{_root(request)}/audit/report.html{"?lang=en" if lang == "en" else ""}" download>'
                f"{w['download']}</a></p>"
            )
            body = render_html_fragment(report, lang, cache.diagrams[lang]) + link
        return shell(request, "audit", body, styles=("report.css",))

    @router.get("/audit/report.html", include_in_schema=False)
    def audit_file(request: Request) -> Response:
        lang = _lang(request)
        report = cache.get(config)
        if isinstance(report, ReportError):
            return Response(report.message_in(lang), status_code=409, media_type="text/plain; charset=utf-8")
        return HTMLResponse(
            render_html_document(report, lang, cache.diagrams[lang]),
            headers={"Content-Disposition": 'attachment; filename="audit-report.html"'},
        )

    @router.get("/static/pages/report.css", include_in_schema=False)
    def report_css() -> Response:
        return Response(style_sheet(), media_type="text/css; charset=utf-8")

    @router.get("/log", response_class=HTMLResponse, include_in_schema=False)
    def log(request: Request) -> HTMLResponse:
        w = _words(_lang(request))
        body = f'<h1>{w["log"]}</h1><div id="log-app"></div>'
        return shell(request, "log", body, scripts=("log.js",))

    return router
