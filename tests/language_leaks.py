"""Finding text of the wrong language in what a command prints (used by the language tests).

A Chinese message may contain codes, identifiers, file paths, values in quotes and the source line it
points at, all of which may be ASCII; what it must not contain is an English sentence. An English
message may quote Chinese (a clause id, a title, a user's value) but must not say anything in Chinese.
"""

from __future__ import annotations

import re

#: Values in quotes of either language, code spans, and the source excerpt under a diagnostic.
_QUOTED = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"|「[^」\n]*」|“[^”\n]*”|`[^`\n]*`|‘[^’\n]*’")
#: Words that are names rather than language: paths, dotted or snake_case or kebab-case ids,
#: options, placeholders and URLs.
_NAME = re.compile(
    r"(?:[\w.+-]+://\S+)"  # URLs
    r"|(?:\S*[/\\]\S*)"  # paths
    r"|(?:--?[\w-]+)"  # options
    r"|(?:\w+(?:[._-]\w+)+)"  # dotted, snake_case, kebab-case names
    r"|(?:[A-Z][a-z]+[A-Z]\w*)"  # CamelCase type names
    r"|(?:\b[A-Z_]{2,}\b)"  # METAVARS, ENV_VARS
)
#: Three words in a row, separated by spaces (a list of codes, "a, b, c", is no sentence).
_ENGLISH_RUN = re.compile(r"\b[A-Za-z]{2,}(?: +[A-Za-z]{2,}){2,}\b")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
#: Clause ids of the founding text (一(三)1, 二(二)) are names in both languages.
_CLAUSE_ID = re.compile(r"[一二三四五六七八九十]+(?:\([一二三四五六七八九十]+\))*\d*")


def _prose(text: str) -> str:
    """``text`` without source excerpts (``   | ...``), quoted values and names."""
    lines = [line for line in text.splitlines() if not line.startswith("   |")]
    out = _QUOTED.sub(" ", "\n".join(lines))
    return _NAME.sub(" ", out)


def english_runs(text: str) -> list[str]:
    """Runs of three or more English words in ``text`` outside quotes, names and source excerpts."""
    return _ENGLISH_RUN.findall(_prose(text))


def chinese_characters(text: str) -> list[str]:
    """Chinese characters (and full-width punctuation) in ``text`` outside quotes, clause ids and excerpts."""
    return _CJK.findall(_CLAUSE_ID.sub(" ", _prose(text)))


def english_only_paragraphs(markdown: str) -> list[str]:
    """The paragraphs of a page meant to be Chinese beside English that say something in English alone.

    A paragraph (lines up to a blank line; a heading is one) may be English when it or the paragraph
    before it has Chinese: the Chinese comes first, in the same line or just above (a heading stands
    for itself, not for the paragraph under it). Code blocks are names, not prose; HTML comments are not shown.
    """
    found, fenced = [], False
    paragraphs: list[str] = []
    current: list[str] = []
    for line in markdown.splitlines():
        if line.startswith(("```", "````")):
            fenced = not fenced
            continue
        if fenced or line.startswith("<!--"):  # code, and comments no reader sees
            continue
        if line.strip():
            current.append(line)
        elif current:
            paragraphs.append("\n".join(current))
            current = []
    if current:
        paragraphs.append("\n".join(current))
    before = ""
    for paragraph in paragraphs:
        if english_runs(paragraph) and not chinese_characters(paragraph) and not chinese_characters(before):
            found.append(paragraph)
        before = "" if paragraph.startswith("#") else paragraph
    return found
