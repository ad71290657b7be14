"""The pages' words come from the message catalogues: the scripts and views.py carry none of their own.

The pages had three private dictionaries (``_WORDS`` in views.py, ``CR.words`` in i18n.js and
``CR.fieldLabels`` in field-labels.js); now the page gives its scripts their words (``pages.js.*``) and
the fields' names (``pages.field.*``) as JSON, in its language, and views.py reads ``pages.*``.
"""

from __future__ import annotations

import ast
import json
import re
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute
from starlette.requests import Request

from commitrules.messages import LANGS, catalogue
from commitrules.service.pages import PagesConfig
from commitrules.service.pages.views import page_routes, script_json
from tests.language_leaks import english_runs
from tests.test_case_field_help import _models

PAGES = Path(__file__).resolve().parents[2] / "src" / "commitrules" / "service" / "pages"
SCRIPTS = sorted((PAGES / "static").glob("*.js"))
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")  # Chinese words (the brackets of a quote, 「」, are none)
#: A literal that reads as words: a capitalised word followed by another ("Case kind"), or three in a row.
_PHRASE = re.compile(r"\b[A-Z][a-z]+ +[A-Za-z]{2,}")
#: Text a script puts into the page: a literal after ``text:``, ``title:`` or ``aria-label:`` starting with a capital.
_SHOWN = re.compile(r"""\b(?:text|title|"aria-label")\s*:\s*["'`][A-Z]""")
_GIVEN = re.compile(r'<script id="cr-words" type="application/json">(.*?)</script>', re.DOTALL)


def _js_code(source: str) -> str:
    """A script without its comments."""
    code = re.sub(r"/\*.*?\*/", " ", source, flags=re.DOTALL)
    return re.sub(r"(?m)(^|[^:\\])//.*$", r"\1", code)


def _js_literals(source: str) -> list[str]:
    """The string literals of a script outside its comments (a template's ``${...}`` parts left out)."""
    code = _js_code(source)
    found = re.findall(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|`(?:[^`\\]|\\.)*`', code)
    return [re.sub(r"\$\{[^}]*\}", " ", literal[1:-1]) for literal in found]


def _js_words(source: str) -> list[str]:
    """The literals of a script that are natural language: Chinese, or English words, or a text it shows."""
    said = [s for s in _js_literals(source) if _CJK.search(s) or _PHRASE.search(s) or english_runs(s)]
    return said + _SHOWN.findall(source)


def _py_words(source: str) -> list[str]:
    """The text a Python module would show that is not from the catalogue: Chinese in any literal, or a
    dictionary of three or more texts that read as words (a private catalogue) - docstrings aside."""
    tree = ast.parse(source)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            text = re.sub(r"<[^>]*>", " ", node.value)  # the markup of a template is no word
            if _CJK.search(text):
                found.append(node.value)
        elif isinstance(node, ast.Dict):
            texts = [v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)]
            said = [t for t in texts if _CJK.search(t) or _PHRASE.search(t) or re.fullmatch(r"[A-Z][a-z]+", t)]
            if len(said) >= 3:
                found.extend(said)
    return found


def test_the_detectors_find_a_private_dictionary() -> None:
    """What the pages had before (a sample of each dictionary) is found; code that is no words is not."""
    assert _js_words('CR.words = { zh: { kind: "案件类型" }, en: { kind: "Case kind", remove: "Remove an item" } };')
    assert _js_words('CR.el("h2", { text: "What-if" })')
    assert not _js_words('"use strict"; el("p", { class: "status bad", title: `${t("x")}` }); // A comment here')
    assert _py_words('_WORDS = {"zh": {"brand": "告知承诺制规则"}}')
    assert _py_words('W = {"playground": "Playground", "audit": "Audit report", "log": "Decision log"}')
    assert not _py_words('"""文档字符串 in a docstring."""\nX = {"a": "pages.a", "b": "text/css", "c": "x"}')


@pytest.mark.parametrize("path", [*SCRIPTS, *sorted(PAGES.glob("*.py"))], ids=lambda p: p.name)
def test_the_pages_code_carries_no_words(path: Path) -> None:
    """Chinese first, from one catalogue per language: a script or a module with its own words (a second,
    private dictionary) fails here; its words belong in messages/zh.yaml and en.yaml."""
    source = path.read_text(encoding="utf-8")
    assert [] == (_js_words(source) if path.suffix == ".js" else _py_words(source))


def _script_keys() -> set[str]:
    """The keys the scripts look up: ``CR.t("key")`` (``t("key")`` where ``const t = CR.t``), ``CR.tf("key", {})``."""
    return {key for path in SCRIPTS for key in re.findall(r'\btf?\("([^"]+)"[),]', path.read_text(encoding="utf-8"))}


def test_every_word_the_scripts_use_is_in_both_catalogues_and_no_other() -> None:
    """A key missing from a catalogue would show as the bare key; a key no script uses is a dead word."""
    used = _script_keys()
    assert {"outcome", "noneFired", "chainOk", "required"} <= used
    for lang in LANGS:
        given = {key.removeprefix("pages.js.") for key in catalogue(lang) if key.startswith("pages.js.")}
        assert (lang, sorted(used - given), sorted(given - used)) == (lang, [], [])


#: A place in a script's word, as ``CR.tf`` reads it (JavaScript's ``\w``: ASCII letters, digits, ``_``).
_PLACE = re.compile(r"\{([A-Za-z0-9_]+)\}")


def test_a_word_with_places_has_the_same_places_in_both_catalogues_and_the_script_fills_them() -> None:
    """``CR.tf("key", {name: ...})`` fills ``{name}``: a place one catalogue lacks, or the script does not give,
    would show as ``{name}`` on that language's page."""
    places = {
        lang: {
            key.removeprefix("pages.js."): set(_PLACE.findall(text))
            for key, text in catalogue(lang).items()
            if key.startswith("pages.js.")
        }
        for lang in LANGS
    }
    with_places = {key for key, names in places["zh"].items() if names}
    assert {"logShown", "logShownMore", "chainCounts"} <= with_places
    assert places["zh"] == places["en"]
    # Every call outside the comments, each on its own: the word's key and the names the script gives.
    calls = [
        (key, set(re.findall(r"(?:^|[{,])\s*(\w+)\s*:", given)))
        for path in SCRIPTS
        for key, given in re.findall(r'\btf\("([^"]+)",\s*\{([^}]*)\}\)', _js_code(path.read_text(encoding="utf-8")))
    ]
    assert {key for key, _ in calls} == with_places
    assert [] == [(key, given) for key, given in calls if not places["zh"][key] <= given]
    # No brace but a place's: what CR.tf would leave on the page, or fill otherwise than str.format.
    assert [] == [
        key
        for lang in LANGS
        for key, text in catalogue(lang).items()
        if key.startswith("pages.js.") and re.search(r"[{}]", _PLACE.sub("", text))
    ]


def test_every_word_the_views_use_is_in_both_catalogues_and_no_other() -> None:
    """views.py reads ``w["key"]`` (and the navigation's names) from ``pages.key``."""
    source = (PAGES / "views.py").read_text(encoding="utf-8")
    used = set(re.findall(r"""\bw\[["'](\w+)["']\]""", source))
    used |= set(re.findall(r'\("(\w+)", "/', source))  # the navigation: ("playground", "/playground"), ...
    assert {"brand", "switch", "playground", "docs", "whatif_intro"} <= used
    for lang in LANGS:
        given = {key.removeprefix("pages.") for key in catalogue(lang) if re.fullmatch(r"pages\.\w+", key)}
        assert (lang, sorted(used - given), sorted(given - used)) == (lang, [], [])


def test_every_case_field_has_its_name_in_both_catalogues() -> None:
    """The form names each field of the case models: in Chinese by its Chinese name, in English by its code."""
    fields = {name for schema in _models().values() for name in schema.get("properties", {})}
    assert len(fields) > 100
    zh, en = catalogue("zh"), catalogue("en")
    for lang in LANGS:
        given = {key.removeprefix("pages.field.") for key in catalogue(lang) if key.startswith("pages.field.")}
        assert (lang, sorted(fields ^ given)) == (lang, [])
    assert [] == sorted(name for name in fields if not _CJK.search(zh[f"pages.field.{name}"]))
    assert [] == sorted(name for name in fields if en[f"pages.field.{name}"] != name)


def _no_pack() -> Any:
    pytest.fail("the playground and the log page do not read the pack")


def _page(path: str, query: str) -> str:
    """The page at ``path`` as its route answers a GET with ``query`` (no server, no HTTP client)."""
    (route,) = [r for r in page_routes(PagesConfig(pack=_no_pack)).routes if isinstance(r, APIRoute) and r.path == path]
    scope = {"type": "http", "method": "GET", "path": path, "query_string": query.encode(), "headers": []}
    answer = route.endpoint(Request({**scope, "scheme": "http", "server": ("test", 80), "root_path": ""}))
    assert 200 == answer.status_code
    return bytes(answer.body).decode("utf-8")


@pytest.mark.parametrize("lang", LANGS)
def test_the_page_gives_its_scripts_the_words_of_its_language(lang: str) -> None:
    """The playground embeds ``pages.js.*`` and ``pages.field.*`` of its language; the log page the words alone."""
    query = "lang=en" if lang == "en" else ""
    given = json.loads(_GIVEN.findall(_page("/playground", query))[0])
    words = catalogue("zh" if lang == "zh" else "en")
    assert given["words"] == {k.removeprefix("pages.js."): v for k, v in words.items() if k.startswith("pages.js.")}
    assert given["fields"]["id_no"] == ("身份证件号码" if lang == "zh" else "id_no")
    log = _page("/log", query)
    assert "fields" not in json.loads(_GIVEN.findall(log)[0])
    assert f"<h1>{unescape(words['pages.log'])}</h1>" in log


def test_the_words_given_to_scripts_cannot_end_their_script_element() -> None:
    """A text with ``</script>``, ``<!--`` or ``&`` is given escaped, and JSON.parse (json.loads) reads it back."""
    data = {"words": {"x": "a</script><script>alert(1)</script><!-- & >"}}
    text = script_json(data)
    assert not set(text) & set("<>&")
    assert data == json.loads(text)
