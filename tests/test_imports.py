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


# -- module-level caches ------------------------------------------------------------------------------------
_CONTAINERS = {
    "dict",
    "list",
    "set",
    "defaultdict",
    "OrderedDict",
    "deque",
    "WeakValueDictionary",
    "WeakKeyDictionary",
    "Counter",
}
_MUTATORS = {
    "append",
    "add",
    "update",
    "setdefault",
    "pop",
    "popitem",
    "clear",
    "extend",
    "insert",
    "remove",
    "discard",
    "appendleft",
    "__setitem__",
}
#: Module-level state that is allowed (by module file name, which survives moves between packages), and
#: why. Nothing derived from a pack may be here.
ALLOWED = {
    # durable's C core allows one Host per process, used under one lock (notes in the module docstring)
    ("durable", "_HOST"),
    # how to turn a fact's Python class into JSON: per class, not per pack; bounded by the classes in use
    ("facts", "_CONVERTERS"),
    # the Chinese labels of the code enums, registered by label_enum as the enums are defined (at import)
    ("codes", "_LABELS"),
    # the evaluator of a batch worker process, set once by the pool's initializer in that process
    ("batch", "_WORKER"),
    # the message catalogues: package data, read once, never written (not per pack, not per case)
    ("messages", "catalogue"),
    # the reverse of the catalogue's English help texts, derived from that same read-only data
    ("_lang", "_ids_by_english"),
    # the catalogue's English templates as patterns (for reword), derived from that same read-only data
    ("messages", "_patterns"),
    # the json module's reasons by their English text, derived from that same read-only data
    ("messages", "_json_reasons"),
    # the pages' words in each language (escaped for HTML, or as the scripts' JSON), derived from that same data
    ("views", "_words"),
    ("views", "_script_words"),
    # argparse's message templates, compiled once; constants of the standard library's wording
    ("_lang", "_templates"),
    # the ArgumentParser class of each language (two at most), so that sub-parsers share their parent's
    ("_lang", "parser_class"),
    # how many loads hold off the garbage collector now: the collector is one per process, like its pauses
    ("_gc", "_state"),
    # the line of each model class's statement and the parsed docstrings of the package's source: per
    # class and module (code, not a pack), for the descriptions filled in when a schema is built
    ("_field_docs", "_LINES"),
    ("_field_docs", "_MODULES"),
    # the pack's dataclasses already given the quicker __setstate__: per class of the package, once
    ("_packcache", "_QUICKER"),
    # the cache folders and files found untrusted, and the ones not yet said: a note is given once per
    # process (as the warnings module's "once"), for a folder of the machine, not of a pack
    ("_cachedir", "_NOTED"),
    ("_cachedir", "_REFUSED"),
    # the bundled pack's vocabulary.yaml as read, kept under the file's time and size: a file of the
    # installation, as the source is (not a pack), read again when it changes; explanations without a
    # pack read it (6 ms each when read every time)
    ("vocabulary", "_BUNDLED"),
    # where the installation keeps the bundled pack: fixed for the life of the process
    ("_bundled", "bundled_policies_dir"),
}


def _is_container(value: ast.expr | None) -> bool:
    if isinstance(value, ast.Dict | ast.List | ast.Set | ast.DictComp | ast.ListComp | ast.SetComp):
        return True
    if isinstance(value, ast.Call):
        func = value.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        return name in _CONTAINERS
    return False


def _decorator_name(node: ast.expr) -> str:
    node = node.func if isinstance(node, ast.Call) else node
    return node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else ""


def _changed(function: ast.FunctionDef | ast.AsyncFunctionDef, containers: set[str]) -> set[str]:
    """The module-level names ``function`` rebinds (``global``) or whose container it mutates."""
    found: set[str] = set()
    for node in ast.walk(function):
        if isinstance(node, ast.Global):
            found |= set(node.names)
        elif isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store | ast.Del):
            if isinstance(node.value, ast.Name) and node.value.id in containers:
                found.add(node.value.id)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in _MUTATORS
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id in containers
        ):
            found.add(node.func.value.id)
    return found


def module_state(module: str, tree: ast.Module) -> set[str]:
    """The names of ``tree``'s module-level state that its code changes after import.

    That is: a module-level name bound to a mutable container (a display, a comprehension or a call
    of a container class) that a function of the module mutates (item assignment or deletion, or a
    call of a mutating method); a name a function declares ``global``; a function memoised with
    ``functools.cache`` or ``lru_cache``. A container that is only filled at import and then read
    (a table of constants) is not state.
    """
    containers = set()
    for node in tree.body:
        targets = (
            node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        )
        if _is_container(getattr(node, "value", None)):
            containers |= {t.id for t in targets if isinstance(t, ast.Name)}
    found = set()
    for function in ast.walk(tree):
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            if function in tree.body and {_decorator_name(d) for d in function.decorator_list} & {"cache", "lru_cache"}:
                found.add(function.name)
            found |= _changed(function, containers)
    return {name for name in found if (module.rpartition(".")[2], name) not in ALLOWED}


def test_the_state_rule_finds_a_cache() -> None:
    """The rule is not vacuous: it finds the kinds of cache the engines used to keep."""
    source = (
        "import functools\n_CACHE: dict[str, int] = {}\n_SINK = []\n_host = None\nTABLE = {'a': 1}\n"
        "def get(key):\n    _CACHE[key] = 1\n    return TABLE[key]\n"
        "def record(i):\n    _SINK.append(i)\n"
        "def host():\n    global _host\n    _host = object()\n"
        "@functools.lru_cache\ndef slow(x):\n    return x\n"
    )
    assert {"_CACHE", "_SINK", "_host", "slow"} == module_state("example", ast.parse(source))


def test_no_module_keeps_state_of_its_own() -> None:
    """No module of ``src/commitrules`` keeps a cache (or other state) in module globals, except
    the ones listed in ``ALLOWED`` with their reasons: run-time state belongs to an Evaluator."""
    found = {
        f"{module}.{name}"
        for module, path in MODULES.items()
        for name in module_state(module, ast.parse(path.read_text(encoding="utf-8")))
    }
    assert set() == found
