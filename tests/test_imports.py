"""The shape of the house: no import cycle in ``src/commitrules``, no module-level cache of run-time state.

Both checks read the source with :mod:`ast`, so they see every import, including those inside
functions (an import deferred into a function is still a dependency: it only hides the cycle).
Imports under ``if TYPE_CHECKING:`` are left out: they never run, and annotations may name a type
of a higher layer.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

import commitrules

SRC = Path(commitrules.__file__).resolve().parent
PACKAGE = "commitrules"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(path): path for path in sorted(SRC.rglob("*.py"))}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """Every import statement of ``tree`` outside ``if TYPE_CHECKING:`` blocks."""
    found: list[ast.Import | ast.ImportFrom] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def _targets(module: str, node: ast.Import | ast.ImportFrom) -> set[str]:
    """The modules of the package that ``node`` (in ``module``) imports."""
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names if alias.name in MODULES}
    base = node.module or ""
    if node.level:
        package = module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]
        for _ in range(node.level - 1):
            package = package.rpartition(".")[0]
        base = f"{package}.{base}" if base else package
    if base not in MODULES:
        return set()
    # `from package import submodule` imports the submodule; `from module import name` the module
    return {f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names}


def import_graph() -> nx.DiGraph:
    """The graph module -> modules of ``commitrules`` it imports (module level and inside functions)."""
    graph = nx.DiGraph()
    for module, path in MODULES.items():
        graph.add_node(module)
        for node in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            for target in _targets(module, node):
                if target != module:
                    graph.add_edge(module, target)
    return graph


def test_the_graph_sees_the_imports() -> None:
    """The graph is not empty by mistake: it holds known edges, including a function-level one."""
    graph = import_graph()
    assert graph.has_edge("commitrules", "commitrules.engine.evaluator")
    assert graph.has_edge("commitrules.engine.evaluator", "commitrules.engine.compiled")
    assert len(graph) == len(MODULES) > 40


def test_no_import_cycle() -> None:
    """No module of ``src/commitrules`` reaches itself through imports."""
    graph = import_graph()
    try:
        cycle = nx.find_cycle(graph)
    except nx.NetworkXNoCycle:
        return
    path = " -> ".join([edge[0] for edge in cycle] + [cycle[0][0]])
    raise AssertionError(f"import cycle: {path}")


def test_policy_pack_imports_no_engine() -> None:
    """The pack is data: nothing it imports, directly or not, is a module of the engine."""
    reached = nx.descendants(import_graph(), "commitrules.policy.pack")
    assert not {m for m in reached if m.startswith("commitrules.engine")}
    assert "commitrules" not in reached
