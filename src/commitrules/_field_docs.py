"""Field descriptions from attribute docstrings, read when a model's schema is first built.

The models document each field with a docstring under it::

    class Unit(Entity):
        name: Text
        \"\"\"The unit's name.\"\"\"

and that text is the field's ``description`` in the JSON Schemas (the published schemas, the OpenAPI
document, the playground's form, editors' completion). pydantic's own ``use_attribute_docstrings``
reads it when each class is *defined*: it finds the class's source through the call stack, tokenizes
it and parses it, for every class, at every start; about 200 million instructions for the case and
file models, the largest single cost of starting the command line, spent for schemas that a start
rarely makes.

The bases of the models (:class:`~commitrules.model.Entity`, ``FileModel``) do it when a model's
core schema is first built instead (its first validation, instance or JSON Schema; the models defer
their build): :func:`remember_line` notes the line of each class statement as the class is made (one
look at the call stack), and :func:`describe` fills in the descriptions from a parse of the class
statement's lines alone (or of the whole module, once, where that is not certain), only for the models
that are built. The result is the one
pydantic gives (``tests/unit/test_field_docs.py`` compares them model by model): a field's
description is the string literal right after its annotated assignment in the class body, cleaned by
:func:`inspect.cleandoc`; a description given with ``Field(description=...)`` wins; an inherited field
keeps the description it has in the base it comes from.

A model whose schema was never built shows ``description=None`` in ``model_fields``; building it (any
validation does) fills them in.
"""

from __future__ import annotations

import ast
import inspect
import linecache
import sys
import threading
import weakref
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler
    from pydantic_core import CoreSchema

__all__ = ["DocumentedFields", "attribute_docstrings", "describe", "remember_line"]

#: Every model class described this way, with the line of its ``class`` statement (None: not found).
_LINES: weakref.WeakKeyDictionary[type, int | None] = weakref.WeakKeyDictionary()
#: Per module: the classes of its source as ``{line: (name, qualified name, {field: docstring})}``.
_MODULES: dict[str, dict[int, tuple[str, str, dict[str, str]]]] = {}
#: Models already described (their descriptions filled in).
_DONE: weakref.WeakSet[type] = weakref.WeakSet()
_LOCK = threading.RLock()


class DocumentedFields:
    """The hooks a pydantic model base needs for this module (put it before ``BaseModel`` in the bases).

    Its subclasses note where their ``class`` statement is as they are made, and fill in their fields'
    descriptions when their core schema is first built.
    """

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        """Note where the class statement is, for :func:`describe`."""
        super().__pydantic_init_subclass__(**kwargs)  # type: ignore[misc]  # BaseModel comes after it in the bases
        remember_line(cls)

    @classmethod
    def __get_pydantic_core_schema__(cls, source: type[Any], handler: GetCoreSchemaHandler, /) -> CoreSchema:
        """The model's core schema, built with the fields' docstrings as their descriptions."""
        describe(cls)
        return handler(source)


def remember_line(cls: type) -> None:
    """Note the line of ``cls``'s ``class`` statement (call from ``__pydantic_init_subclass__``).

    The nearest frame running code of the class's module is the one executing the ``class``
    statement (the module's body, or a function of the module that makes the class); its current line
    is the statement's line. A class made otherwise (``type()``, ``create_model``) is found by its
    qualified name instead, if at all.
    """
    module = sys.modules.get(cls.__module__)
    frame = sys._getframe(1) if module is not None else None  # noqa: SLF001 - the class statement is on the stack
    scope = vars(module) if module is not None else None
    while frame is not None and (frame.f_globals is not scope or frame.f_code.co_name == "__pydantic_init_subclass__"):
        frame = frame.f_back  # past pydantic's frames, and the hooks calling this (in the base's module)
    _LINES[cls] = frame.f_lineno if frame is not None else None


def attribute_docstrings(body: ast.ClassDef) -> dict[str, str]:
    r"""The docstrings of the annotated attributes of a class body, by attribute name.

    A string literal statement that comes right after an annotated assignment documents it. The body is
    walked in order, nested statements (``if`` blocks) included, but not nested classes or functions,
    whose attributes are not the class's own.

    Examples:
        >>> source = ["class A:", "    x: int", "    'The x.'", "    y = 1", "    'Not a field.'"]
        >>> attribute_docstrings(ast.parse("\n".join(source)).body[0])
        {'x': 'The x.'}
    """
    docs: dict[str, str] = {}
    target: str | None = None
    previous: type[ast.AST] | None = None

    def visit(node: ast.AST) -> None:
        nonlocal target, previous
        if isinstance(node, ast.AnnAssign):
            if isinstance(node.target, ast.Name):
                target = node.target.id
        elif isinstance(node, ast.Expr):
            value = node.value
            if isinstance(value, ast.Constant) and isinstance(value.value, str) and previous is ast.AnnAssign:
                if target:
                    docs[target] = inspect.cleandoc(value.value)
                target = None
        elif not isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            for child in ast.iter_child_nodes(node):
                visit(child)
        previous = type(node)

    for child in ast.iter_child_nodes(body):
        visit(child)
    return docs


def _source_lines(name: str) -> list[str]:
    """The source lines of module ``name`` (empty when it has none)."""
    module = sys.modules.get(name)
    filename = getattr(module, "__file__", None)
    if module is None or not filename:
        return []
    return linecache.getlines(filename, vars(module))


def _module_classes(name: str) -> dict[int, tuple[str, str, dict[str, str]]]:
    """The classes of module ``name``'s source, by the line of their ``class`` statement (parsed once)."""
    found = _MODULES.get(name)
    if found is None:
        found = {}
        try:
            tree = ast.parse("".join(_source_lines(name)))
        except (SyntaxError, ValueError):
            tree = None
        if tree is not None:
            _collect(tree, "", found)
        _MODULES[name] = found
    return found


def _collect(node: ast.AST, prefix: str, found: dict[int, tuple[str, str, dict[str, str]]]) -> None:
    """Every class under ``node`` with its qualified name (``f.<locals>.C`` inside a function ``f``)."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.ClassDef):
            qualname = f"{prefix}{child.name}"
            found[child.lineno] = (child.name, qualname, attribute_docstrings(child))
            _collect(child, f"{qualname}.", found)
        elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
            _collect(child, f"{prefix}{child.name}.<locals>.", found)
        else:
            _collect(child, prefix, found)


def _class_alone(cls: type, line: int) -> dict[str, str] | None:
    """The docstrings of the top-level class statement at ``line``, parsed alone; None when not certain.

    The statement ends before the next line that starts in the first column and is neither blank, a
    comment nor a closing bracket (the end of a class header spread over lines). Cut there, a line in
    the first column that still belonged to the class (inside a string, brackets, after a backslash)
    leaves text that does not parse, and the whole module is parsed instead; so does a class that is
    not at the top level.
    """
    lines = _source_lines(cls.__module__)
    if not 0 < line <= len(lines) or not lines[line - 1].startswith("class "):
        return None
    end = line
    while end < len(lines):
        text = lines[end]
        if text[:1] not in ("", " ", "\t", "\n", "\r", "#", ")", "]", "}"):
            break
        end += 1
    try:
        tree = ast.parse("".join(lines[line - 1 : end]))
    except (SyntaxError, ValueError):
        return None
    body = tree.body[0] if len(tree.body) == 1 else None
    if not isinstance(body, ast.ClassDef) or body.name != cls.__name__:
        return None
    return attribute_docstrings(body)


def _own_docstrings(cls: type) -> dict[str, str]:
    """The attribute docstrings of ``cls``'s own body; empty when its source cannot be found."""
    line = _LINES.get(cls)
    if line is not None:
        alone = _class_alone(cls, line) if cls.__module__ not in _MODULES else None
        if alone is not None:
            return alone
        found = _module_classes(cls.__module__).get(line)
        if found is not None and found[0] == cls.__name__:
            return found[2]
    same = [docs for _, qualname, docs in _module_classes(cls.__module__).values() if qualname == cls.__qualname__]
    return same[0] if len(same) == 1 else {}


def describe(cls: type[Any]) -> None:
    """Fill in the descriptions of ``cls``'s fields from the attribute docstrings (once per class).

    As pydantic's ``use_attribute_docstrings`` does at class creation: a field that has no description
    gets, when it is inherited unchanged, the description it has in the base it comes from (the first
    direct base that has it, as pydantic copies it), and otherwise the docstring under it in the class
    body.
    """
    if cls in _DONE:
        return
    with _LOCK:
        if cls in _DONE:
            return
        fields = cls.__dict__.get("__pydantic_fields__") or {}
        own = inspect.get_annotations(cls)
        docs: dict[str, str] | None = None
        for name, info in fields.items():
            if info.description is None and name not in own:
                info.description = _inherited(cls, name)
            if info.description is None:
                if docs is None:
                    docs = _own_docstrings(cls)
                info.description = docs.get(name)
        _DONE.add(cls)


def _inherited(cls: type[Any], name: str) -> str | None:
    """The description of field ``name`` in the direct base of ``cls`` that pydantic copied it from."""
    base = next((b for b in cls.__bases__ if name in (getattr(b, "__pydantic_fields__", None) or {})), None)
    if base is None:
        return None
    if base in _LINES:  # described this way too: its descriptions may not be filled in yet
        describe(base)
    description: str | None = base.__dict__["__pydantic_fields__"][name].description
    return description
