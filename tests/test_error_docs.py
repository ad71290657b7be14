"""Every diagnostic code the library can report is explained in docs/errors.md, and nothing else is."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CODE = re.compile(r"^[a-z]+(_[a-z]+)*$")
# (function name, index of the code argument)
EMITTERS = {"error": 0, "_error": 0, "Diagnostic": 0, "diagnostic": 0, "add": 2}


def _emitted_codes() -> set[str]:
    codes: set[str] = set()
    for path in (ROOT / "src" / "commitrules").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            index = EMITTERS.get(name)
            if index is None or len(node.args) <= index:
                continue
            arg = node.args[index]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and CODE.match(arg.value):
                codes.add(arg.value)
    return codes


def _string_literals() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "src" / "commitrules").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and CODE.match(node.value):
                found.add(node.value)
    return found


def _documented_codes() -> set[str]:
    text = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    return set(re.findall(r"^## ([a-z_]+)$", text, flags=re.MULTILINE))


def test_every_code_is_documented() -> None:
    """A code the library emits without an explanation in docs/errors.md is a gap in a public interface."""
    emitted = _emitted_codes()
    assert len(emitted) > 30
    assert [] == sorted(emitted - _documented_codes())


def test_no_documented_code_is_dead() -> None:
    """A documented code that appears nowhere in the library misleads readers."""
    assert [] == sorted(_documented_codes() - _string_literals())
