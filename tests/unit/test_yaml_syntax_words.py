"""Every syntax problem PyYAML can raise is said from the catalogues: no PyYAML English under ``zh``.

The problems are read from PyYAML's own source (its scanner, parser, composer and constructor raise
``XxxError(context, mark, problem, mark)`` with literal templates), so a PyYAML that adds one fails here
until the catalogue says it.
"""

from __future__ import annotations

import ast
import inspect
import re

import pytest
import yaml
import yaml.composer
import yaml.constructor
import yaml.parser
import yaml.scanner

from commitrules.errors import PolicySyntaxError
from commitrules.policy.yaml import load_yaml
from commitrules.policy.yaml.syntax import syntax_message
from tests.language_leaks import chinese_characters, english_runs

#: What safe loading runs (the Full and Unsafe constructors, which build Python objects, never run here).
_SOURCES = (
    yaml.scanner,
    yaml.parser,
    yaml.composer,
    yaml.constructor.BaseConstructor,
    yaml.constructor.SafeConstructor,
)
_SAMPLE = {"%r": "'x'", "%s": "tag", "%d": "4"}


def _literal(node: ast.expr | None) -> str | None:
    """The text of a literal argument, its %-placeholders filled with sample values."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        node = node.left
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return re.sub(r"%[rsd]", lambda m: _SAMPLE[m.group()], node.value)
    return None


def _raised() -> list[tuple[str | None, str]]:
    """(context, problem) of every error PyYAML's loading stages raise with literal texts."""
    found = []
    for source in _SOURCES:
        for node in ast.walk(ast.parse(inspect.getsource(source))):
            if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
                continue
            name = getattr(node.exc.func, "id", "")
            args = node.exc.args
            if not name.endswith("Error") or len(args) < 3:
                continue
            problem = _literal(args[2])
            if problem is not None:
                found.append((_literal(args[0]), problem))
    return sorted(set(found), key=lambda pair: (pair[1], pair[0] or ""))


RAISED = _raised()


def test_pyyaml_s_problems_were_found() -> None:
    """The source of PyYAML 6 holds some sixty problems (a change in how it raises them fails here)."""
    assert len(RAISED) > 40
    assert ("while scanning a quoted scalar", "found unexpected end of stream") in RAISED
    assert ("while parsing a tag node", "expected the node content, but found 'x'") in RAISED


@pytest.mark.parametrize(("context", "problem"), RAISED, ids=[f"{c}: {p}" for c, p in RAISED])
def test_every_problem_is_said_in_both_languages(context: str | None, problem: str) -> None:
    """Each problem gets a catalogue sentence (not the generic one), Chinese without English and English
    without Chinese, and the context ("while scanning ...") in words too."""
    mark = yaml.Mark("f.yaml", 0, 2, 4, None, None)
    error = yaml.MarkedYAMLError(context, mark if context else None, problem, mark)
    text, _ = syntax_message(error)
    assert "yaml.other" != text.id
    zh, en = text.in_("zh"), text.in_("en")
    assert [] == english_runs(zh), zh
    assert [] == chinese_characters(en), en
    for phrase in ("while scanning", "while parsing", "while composing", "while constructing", "but found"):
        assert phrase not in zh
        assert phrase not in en


def test_an_unknown_problem_keeps_its_english_words_in_english_only() -> None:
    """A problem of a later PyYAML: the English message quotes it, the Chinese one says it generally."""
    mark = yaml.Mark("f.yaml", 0, 2, 4, None, None)
    text, _ = syntax_message(yaml.MarkedYAMLError("while doing something new", mark, "a brand new problem", mark))
    assert "A brand new problem" in text.in_("en")
    assert [] == english_runs(text.in_("zh"))
    assert "第 3 行" in text.in_("zh")


@pytest.mark.parametrize(
    ("source", "zh", "en"),
    [
        (
            "a: |0\n  x\n",
            "这里应当是1 到 9 的缩进数字，却是0（在第 1 行第 4 列开始的文字块",
            "Expected an indentation digit",
        ),
        ("a: !<tag:x 1\n", "这里应当是'>'，却是空格（在第 1 行第 4 列开始的标签", "Expected '>', found a space"),
        ("%YAML 1.1\n%YAML 1.1\n---\na: 1\n", "'%YAML' 指令出现了两次", "The '%YAML' directive appears twice"),
        ('a: "\\x4"\n', "2 位十六进制数字的转义", "an escape of 2 hexadecimal digits"),
        ("a: &\n", "字母或数字", "a letter or a digit"),
    ],
)
def test_rare_problems_of_real_files(source: str, zh: str, en: str) -> None:
    """Rare syntax errors of real files are said in words in both languages (PyYAML's words said them before)."""
    with pytest.raises(PolicySyntaxError) as caught:
        load_yaml(source, "f.yaml")
    first = caught.value.first
    assert "yaml_syntax" == first.code
    assert zh in first.message_in("zh")
    assert en in first.message
    assert [] == english_runs(first.message_in("zh"))
