"""The nesting limit's ``depth`` reads common nodes by their shape: it must say what a plain walk says."""

from __future__ import annotations

import ast
import random

import pytest

from commitrules.policy.expr.language import MAX_DEPTH, depth


def _walked(node: ast.AST) -> int:
    """The depth by ast.iter_child_nodes, every node stacked (what ``depth`` did before its shapes)."""
    deepest, stack = 0, [(node, 1)]
    while stack:
        current, level = stack.pop()
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in ast.iter_child_nodes(current))
    return deepest


EXPRESSIONS = [
    "a",
    "1",
    "a.b.c",
    "not a",
    "-a",
    "a and b or c",
    "a + b * c",
    "a < b <= c",
    "x in ['a', 'b']",
    "(1, 2)",
    "{1, 2}",
    "f(a, b)",
    "f(a, k=1)",
    "f(*a, **k)",
    "xs.any(x, x.y == 'z')",
    "len(a) > 2 and days_between(a, b) <= 30",
    "[x for x in y if z]",
    "lambda a, *b, c=1: a",
    'f"{x!r:{y}}"',
    "{1: 2, **d}",
    "a[1:2, ::3]",
    "x if y else z",
    "(x := 1)",
    "not " * 60 + "x",
    "f(" * 40 + "1" + ")" * 40,
    "a" + ".b" * 60,
]


@pytest.mark.parametrize("text", EXPRESSIONS)
def test_depth_is_the_walked_depth(text: str) -> None:
    tree = ast.parse(f"({text}\n)", mode="eval")
    assert depth(tree.body) == _walked(tree.body)
    assert depth(tree) == _walked(tree)


def test_depth_counts_contexts_and_operators() -> None:
    assert depth(ast.parse("a", mode="eval").body) == 2  # Name, Load
    assert depth(ast.parse("a and b", mode="eval").body) == 3  # BoolOp, Name, Load
    assert depth(ast.parse("1", mode="eval").body) == 1  # Constant
    assert depth(ast.parse("not " * MAX_DEPTH + "x", mode="eval").body) > MAX_DEPTH


def test_depth_of_random_expressions() -> None:
    chooser = random.Random(14)  # noqa: S311 - reproducible test input, not a secret
    alphabet = "ab.()[]{}, +-*/<>=!notandorin 1'\"fx:lambda"
    checked = 0
    for _ in range(3000):
        text = "".join(chooser.choice(alphabet) for _ in range(chooser.randint(1, 40)))
        try:
            tree = ast.parse(f"({text}\n)", mode="eval")
        except (SyntaxError, ValueError):
            continue
        assert depth(tree.body) == _walked(tree.body), text
        checked += 1
    assert checked > 100
