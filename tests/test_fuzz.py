"""Fuzzing the three doors hostile input comes through: conditions, policy files and case documents.

Whatever comes in, only commitrules' own errors may come out (CommitRulesError and its subclasses,
or diagnostics), never a KeyError, TypeError, RecursionError or the like. Conditions that pass the
checker must also run: the code generated for them, run on random valid cases, raises nothing.

The example counts are small so that the suite stays fast; ``FUZZ_EXAMPLES=5000 pytest
tests/test_fuzz.py`` runs a deeper search (the counts are scaled by FUZZ_EXAMPLES / 100, and examples are drawn anew).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

import commitrules
from commitrules.engine.compiled import compile_expression
from commitrules.errors import CaseValidationError, PolicyError, PolicySyntaxError, Span
from commitrules.io.case_files import read_cases
from commitrules.model import CASE_MODELS, parse_case
from commitrules.policy import files
from commitrules.policy.expr import BUILTINS, Scope, check_condition
from commitrules.policy.pack import PolicyPack
from commitrules.policy.types import INT, Type, field_names, field_type, helper_names, list_of
from commitrules.policy.yaml import load_yaml
from commitrules.policy.yaml.versions import yaml12_value
from commitrules.service.batch import evaluate_line
from commitrules.testing import case_strategy

ROOT = Path(__file__).resolve().parents[1]
COMPILE = Path(__file__).parent / "compile"
SCALE = int(os.environ.get("FUZZ_EXAMPLES", "100")) / 100


def fuzz(examples: int) -> Callable[[Any], Any]:
    """Hypothesis settings for a fuzz test: ``examples`` runs (scaled by FUZZ_EXAMPLES), no deadline.

    The suite's own runs are derandomized, so that CI passes or fails the same way every time; a deeper
    search (FUZZ_EXAMPLES set) draws new examples on every run.
    """
    return settings(
        max_examples=max(1, int(examples * SCALE)),
        deadline=None,
        database=None,
        derandomize="FUZZ_EXAMPLES" not in os.environ,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
    )


# --- conditions ----------------------------------------------------------------------------------------

FUZZ_KINDS = ("verification", "leniency", "matter_review")


def typed_paths(model: type[BaseModel], prefix: str = "", depth: int = 0) -> Iterator[tuple[str, Type]]:
    """The fields a condition on ``model`` may read, a few levels deep, with their language types."""
    for name in field_names(model):
        kind = field_type(model, name)
        if kind is None:
            continue
        yield f"{prefix}{name}", kind
        if kind.kind == "model" and kind.model is not None and depth < 2:
            yield from typed_paths(kind.model, f"{prefix}{name}.", depth + 1)


def literal(kind: Type) -> st.SearchStrategy[str]:
    """Literals of ``kind`` (for enums: its members, and a misspelt one now and then)."""
    if kind.kind == "enum" and kind.enum is not None:
        return st.sampled_from([*(f"'{m.value}'" for m in kind.enum), "'nope'"])
    if kind.kind == "list" and kind.elem is not None:
        return st.lists(literal(kind.elem), max_size=3).map(lambda items: f"[{', '.join(items)}]")
    return {
        "bool": st.sampled_from(["true", "false"]),
        "int": st.integers(-(2**54), 2**54).map(str),
        "number": st.floats(allow_nan=False).map(repr),
        "str": st.text(max_size=6).map(repr),
        "date": st.dates().map(lambda d: f"date('{d.isoformat()}')") | st.just("as_of"),
    }.get(kind.kind, st.just("null"))


SETTINGS = {"fuzz.limit": (INT, 3), "fuzz.days": (INT, 30), "fuzz.codes": (list_of(INT), (1, 2))}
HOSTILE = [
    "__import__",
    "__class__",
    "__builtins__",
    "__subclasses__",
    "__globals__",
    "_get",
    "_call",
    "c",
    "d",
    "a",
    "K",
    "eval",
    "exec",
    "open",
    "getattr",
    "globals",
    "os",
    "sys",
    "self",
    "x",
    "lambda",
    "print",
    "type",
    "object",
    "settings",
    "settings.fuzz",
    "settings.nope",
    "settings.fuzz.limit",
    "settings.fuzz.codes",
    "as_of",
    "null",
    "None",
    "derived_fact",
    "date('2020-02-30')",
    "1e999",
    "2**53",
]
OPERATORS = [
    "and",
    "or",
    "==",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
    "in",
    "not in",
    "is",
    "is not",
    "+",
    "-",
    "*",
    "/",
    "//",
    "%",
    "**",
    "&",
    "|",
    "^",
    "<<",
    ">>",
    "@",
]
ARITHMETIC = ["+", "-", "*", "/", "//", "%"]


def conditions(kind: str) -> st.SearchStrategy[str]:
    """Leaves that type-check as conditions on ``kind`` (most of the time), so that generated code runs."""
    model = CASE_MODELS[kind]
    paths = list(typed_paths(model))
    by_kind: dict[str, list[str]] = {}
    for path, ptype in paths:
        by_kind.setdefault(ptype.kind, []).append(path)

    @st.composite
    def comparison(draw: st.DrawFn) -> str:
        path, ptype = draw(st.sampled_from(paths))
        op = draw(
            st.sampled_from(
                ["==", "!="] if ptype.kind in {"enum", "bool", "list", "model"} else ["==", "!=", "<", "<=", ">", ">="]
            )
        )
        if ptype.kind == "list":
            return f"{draw(literal(ptype.elem or Type('null')))} {draw(st.sampled_from(['in', 'not in']))} {path}"
        if ptype.kind in {"int", "number"} and draw(st.booleans()):
            other = draw(st.sampled_from(by_kind.get("int", []) + by_kind.get("number", []) + ["settings.fuzz.limit"]))
            return f"{path} {draw(st.sampled_from(ARITHMETIC))} {other} {op} {draw(literal(ptype))}"
        if ptype.kind == "date" and draw(st.booleans()):
            days = draw(st.integers(-(10**7), 10**7))
            function = draw(st.sampled_from(["add_days", "add_years"]))
            return f"{path} {op} {function}(as_of, {days}) or days_between({path}, as_of) > {days}"
        return f"{path} {op} {draw(literal(ptype))}"

    lists = by_kind.get("list", ["x"])
    return st.one_of(
        st.sampled_from(by_kind.get("bool", ["true"])),
        comparison(),
        comparison(),
        st.tuples(st.sampled_from(lists), st.integers(-1, 3)).map(lambda t: f"len({t[0]}) > {t[1]}"),
        st.sampled_from([f"{h}()" for h in helper_names(model)] or ["x"]),
    )


def atoms(kind: str) -> st.SearchStrategy[str]:
    """Leaves of any kind: conditions, hostile names, numbers and texts."""
    return st.one_of(
        conditions(kind),
        st.sampled_from(HOSTILE),
        st.integers(-(2**70), 2**70).map(str),
        st.text(max_size=8).map(repr),
    )


def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Branches: mostly and/or/not, sometimes every construct Python has and the language does not."""
    names = st.sampled_from([*BUILTINS, "any", "all", "count", "__import__", "getattr", "frob"])
    attrs = st.sampled_from(["any", "all", "count", "__class__", "__dict__", "year", "days", "real", "x"])
    logic = st.one_of(
        st.tuples(inner, st.sampled_from(["and", "or"]), inner).map(lambda t: f"({t[0]}) {t[1]} ({t[2]})"),
        inner.map(lambda a: f"not ({a})"),
    )
    other = st.one_of(
        st.tuples(inner, st.sampled_from(OPERATORS), inner).map(lambda t: f"{t[0]} {t[1]} {t[2]}"),
        st.tuples(st.sampled_from(["-", "+", "~"]), inner).map("".join),
        st.tuples(names, st.lists(inner, max_size=3)).map(lambda t: f"{t[0]}({', '.join(t[1])})"),
        st.tuples(inner, attrs).map(lambda t: f"{t[0]}.{t[1]}"),
        st.tuples(inner, st.sampled_from(["any", "all", "count"]), inner).map(lambda t: f"{t[0]}.{t[1]}(x, {t[2]})"),
        st.lists(inner, max_size=3).map(lambda items: f"[{', '.join(items)}]"),
        inner.map(lambda a: f"(lambda: {a})()"),
        st.tuples(inner, inner).map(lambda t: f"[{t[0]} for x in {t[1]}]"),
        st.tuples(inner, inner, inner).map(lambda t: f"{t[0]} if {t[1]} else {t[2]}"),
        st.tuples(inner, inner).map(lambda t: f"{t[0]}[{t[1]}]"),
        inner.map(lambda a: f"(y := {a})"),
        inner.map(lambda a: f"f'{{{a}}}'"),
        inner.map(lambda a: f"len(*{a})"),
    )
    return st.one_of(logic, logic, other)


def logic(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.tuples(inner, st.sampled_from(["and", "or"]), inner).map(lambda t: f"({t[0]}) {t[1]} ({t[2]})"),
        inner.map(lambda a: f"not ({a})"),
        st.tuples(st.sampled_from(["any", "all"]), inner).map(lambda t: f"[1, 2].{t[0]}(x, x > 1 and ({t[1]}))"),
    )


#: Per kind: trees of the language's own grammar (they mostly check, so their code is run) and
#: trees of everything Python has (they mostly do not).
EXPRESSIONS = {
    kind: st.recursive(conditions(kind), logic, max_leaves=8) | st.recursive(atoms(kind), extend, max_leaves=10)
    for kind in FUZZ_KINDS
}
CASE_STRATEGIES = {kind: case_strategy(kind) for kind in FUZZ_KINDS}


def locate(offset: int) -> Span:
    return Span("fuzz.yaml", 3, 9 + offset)


def check(kind: str, text: str) -> Any:
    """Check ``text`` as a condition of ``kind``; the checker reports, it never raises."""
    scope = Scope(CASE_MODELS[kind], SETTINGS, frozenset({"derived_fact"}))
    node, diagnostics = check_condition(text, scope, locate, context="rule 'fuzz'")
    assert (node is None) == bool(diagnostics), text
    for diagnostic in diagnostics:
        assert diagnostic.code.isidentifier()
        assert diagnostic.span.column >= 1
    return node


TOKENS = st.sampled_from(
    [
        "conduct",
        ".",
        "score",
        "()",
        " ",
        "(",
        ")",
        "[",
        "]",
        ",",
        "'",
        '"',
        "==",
        "<",
        "not",
        "and",
        "or",
        "__",
        "import",
        "lambda",
        ":",
        "1",
        "9" * 30,
        "e",
        "\\",
        "\n",
        "#",
        "{",
        "}",
        "*",
        "**",
        "@",
        "中",
        "\x00",
        "\t",
        "if",
        "for",
        "in",
        "settings",
        "x",
        "any",
    ]
)


@fuzz(300)
@given(text=st.one_of(st.text(max_size=60), st.lists(TOKENS, max_size=30).map("".join)))
def test_random_text_gives_diagnostics_only(text: str) -> None:
    """Any text at all: the checker returns a tree or diagnostics, and never raises."""
    check("leniency", text)


@fuzz(150)
@given(data=st.data(), kind=st.sampled_from(FUZZ_KINDS))
def test_random_expressions_check_and_run(data: st.DataObject, kind: str) -> None:
    """Random expressions of the language's grammar and beyond: diagnostics or a tree; a tree runs on any case."""
    text = data.draw(EXPRESSIONS[kind], label="condition")
    node = check(kind, text)
    if node is None:
        return
    evaluate = compile_expression(node)
    for _ in range(3):
        case = parse_case(data.draw(CASE_STRATEGIES[kind], label="case"))
        as_of = data.draw(st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)), label="as_of")
        result = evaluate(case, frozenset({"derived_fact"}), as_of)
        assert result in (True, False), (text, result)


ESCAPES = [
    "__import__('os').system('id')",
    "conduct.__class__",
    "conduct.__class__.__mro__[1].__subclasses__()",
    "().__class__.__bases__[0]",
    "getattr(conduct, '__dict__')",
    "(lambda: True)()",
    "[x for x in conduct.bars]",
    "any(x for x in conduct.bars)",
    "{x: 1 for x in conduct.bars}",
    "eval('1') == 1",
    "exec('import os')",
    "open('/etc/passwd')",
    "globals()",
    "system('id')",
    "conduct.score() ** 99999999 > 0",
    "9 ** 9 ** 9 == 0",
    "1 << 100000 > 0",
    "conduct.bars[0]",
    "(y := 1) == 1",
    "f'{conduct}' == ''",
    "conduct.score.__globals__",
    "_get(conduct, '__class__')",
    "c.__class__",
    "K",
    "conduct.bars.any(__x, True)",
    "not " * 200 + "conduct.rectified",
    "(" * 300 + "conduct.rectified" + ")" * 300,
    "conduct.rectified or " * 400 + "conduct.rectified",
    "-" * 5000 + "1 > 0",
    "conduct.score() > " + "9" * 5000,
    "conduct.score() > 99999999999999999999",
    "conduct.score() < 1e999",
    "conduct.score() < 1e999 - 1e999",
]


@pytest.mark.parametrize("text", ESCAPES, ids=range(len(ESCAPES)))
def test_escapes_are_rejected_at_load_time(text: str) -> None:
    """Conditions that try to reach Python (imports, dunders, lambdas, comprehensions, calls of undefined
    functions, huge powers, deep nesting, huge numbers or texts) are rejected by the checker."""
    assert check("leniency", text) is None


# --- policy files ---------------------------------------------------------------------------------------

POLICY_FILES = sorted(
    [*(ROOT / "policies").glob("*.yaml"), *(COMPILE / "basic").glob("*.yaml"), *(COMPILE / "base").glob("*.yaml")]
)
MODELS: dict[str, type[BaseModel]] = {
    "pack": files.PackFile,
    "settings": files.SettingsFile,
    "clauses": files.ClausesFile,
    "organization": files.OrganizationFile,
}
YAMLISH = st.text(alphabet="ab: -[]{},'\"&*!#|>\n\t %@`?09.~<=\\中", max_size=200)


def file_model(path: Path) -> type[BaseModel]:
    return MODELS.get(path.stem) or files.PolicyFile


@st.composite
def mutations(draw: st.DrawFn, paths: list[Path]) -> tuple[Path, bytes]:
    """One of ``paths`` with a few random edits: slices deleted, repeated or moved, bytes inserted."""
    path = draw(st.sampled_from(paths))
    data = bytearray(path.read_bytes())
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        end = min(len(data), at + draw(st.integers(0, 40)))
        action = draw(st.sampled_from(["delete", "repeat", "insert", "replace", "move_line"]))
        if action == "delete":
            del data[at:end]
        elif action == "repeat":
            data[at:at] = data[at:end]
        elif action == "insert":
            data[at:at] = draw(st.one_of(st.binary(max_size=8), YAMLISH.map(lambda t: t.encode())))
        elif action == "replace" and at < len(data):
            data[at] = draw(st.integers(0, 255))
        elif action == "move_line":
            lines = bytes(data).split(b"\n")
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines.insert(j, lines.pop(i))
            data = bytearray(b"\n".join(lines))
    return path, bytes(data)


def load_and_validate(data: bytes, model: type[BaseModel]) -> None:
    """Only PolicySyntaxError from the loader; the file models report diagnostics and never raise."""
    try:
        doc = load_yaml(data, "fuzz.yaml")
    except PolicySyntaxError as exc:
        problems = exc.diagnostics
    else:
        parsed, diagnostics = files.validate_file(doc, model)
        assert (parsed is None) == bool(diagnostics)
        return
    assert problems
    assert all(d.span.line >= 1 and d.span.column >= 1 for d in problems)


@fuzz(200)
@given(
    data=st.one_of(st.binary(max_size=300), YAMLISH.map(str.encode)),
    model=st.sampled_from(
        [files.PolicyFile, files.SettingsFile, files.PackFile, files.OrganizationFile, files.ClausesFile]
    ),
)
def test_random_bytes_give_policy_errors_only(data: bytes, model: type[BaseModel]) -> None:
    """Random bytes and YAML-ish text: a document or PolicySyntaxError; the file models only report."""
    load_and_validate(data, model)


@fuzz(200)
@given(mutated=mutations(POLICY_FILES))
def test_mutated_policy_files_give_policy_errors_only(mutated: tuple[Path, bytes]) -> None:
    """Real policy files, randomly edited: loaded and validated, or rejected with diagnostics."""
    path, data = mutated
    load_and_validate(data, file_model(path))


@pytest.fixture(scope="module")
def pack_folder() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="commitrules-fuzz-"))
    yield folder
    shutil.rmtree(folder)


@fuzz(40)
@given(data=st.data())
def test_mutated_packs_load_or_raise_policy_error(pack_folder: Path, data: st.DataObject) -> None:
    """A small pack with one file randomly edited compiles, or raises PolicyError, and nothing else."""
    for stale in pack_folder.glob("*"):
        stale.unlink()
    sources = [*(COMPILE / "base").glob("*.yaml"), *(COMPILE / "basic").glob("*.yaml")]
    for source in sources:
        shutil.copy(source, pack_folder / source.name)
    target, mutated = data.draw(mutations(sorted(pack_folder.iterdir())), label="mutated")
    target.write_bytes(mutated)
    try:
        pack = commitrules.load_policies(pack_folder)
    except PolicyError as exc:
        assert exc.diagnostics  # noqa: PT017 - the test is that nothing but PolicyError comes out
        return
    for kind in pack.kinds:
        case = data.draw(case_strategy(kind), label=kind)
        pack.evaluate(case, as_of="2020-06-01")


# --- case documents -------------------------------------------------------------------------------------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)
EXAMPLES = [c.case.model_dump(mode="json") for c in read_cases([ROOT / "examples" / "cases"])[0]]


def decide(pack: PolicyPack, document: object) -> None:
    """parse_case and evaluate raise CaseValidationError at most, with errors that name a path."""
    try:
        pack.evaluate(document, as_of="2020-06-01")  # type: ignore[arg-type]
    except CaseValidationError as exc:
        errors = exc.errors
    else:
        errors = ()
    for error in errors:
        assert error.path.startswith("$")
        # The catch-all of parse_case is for hostile Mapping objects, never for plain JSON.
        assert not error.message.startswith("The case could not be read"), error
    line, _ = evaluate_line(pack, json.dumps(document).encode(), 1, as_of=dt.date(2020, 6, 1), engine="compiled")
    assert 1 == len(line.splitlines())


@fuzz(120)
@given(
    document=st.one_of(
        JSON,
        st.dictionaries(st.sampled_from(["kind", "id", "x"]), JSON, max_size=3),
        st.fixed_dictionaries(
            {"kind": st.sampled_from(list(CASE_MODELS))},
            optional={"id": JSON, "matter": JSON, "conduct": JSON, "request": JSON, "report": JSON},
        ),
    )
)
def test_random_json_values_give_case_errors_only(pack: PolicyPack, document: object) -> None:
    """Random JSON values: a decision or a CaseValidationError whose errors name JSON paths."""
    decide(pack, document)


def paths_of(value: object, prefix: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from paths_of(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from paths_of(item, (*prefix, index))


@st.composite
def mutated_cases(draw: st.DrawFn) -> object:
    """An example case with a few values replaced, deleted or added at random paths."""
    document = json.loads(json.dumps(draw(st.sampled_from(EXAMPLES))))
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(list(paths_of(document))))
        if not path:
            continue
        parent: Any = document
        for step in path[:-1]:
            parent = parent[step]
        action = draw(st.sampled_from(["replace", "delete", "add", "enum", "null"]))
        if action == "replace":
            parent[path[-1]] = draw(JSON)
        elif action == "delete":
            del parent[path[-1]]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(st.text(max_size=8))] = draw(JSON)
        elif action == "enum":
            parent[path[-1]] = draw(st.sampled_from(["", "granted", "breach", "2020-02-30", "0", "-1", "中"]))
        else:
            parent[path[-1]] = None
    return document


@fuzz(120)
@given(document=mutated_cases())
def test_mutated_example_cases_give_case_errors_only(pack: PolicyPack, document: object) -> None:
    """Example cases with values replaced or removed: a decision or case errors, never a crash."""
    decide(pack, document)


# --- crashes the fuzzers found ----------------------------------------------------------------------------

VERIFICATION = next(parse_case(c) for c in EXAMPLES if c["kind"] == "verification")


@pytest.mark.parametrize(
    "text",
    [
        "started_on + 99999999 > as_of",
        "started_on - 99999999 < as_of",
        "started_on < add_days(as_of, 99999999)",
        "days_between(started_on, add_days(started_on, -99999999)) > 0",
        "add_years(started_on, 9000) == started_on",
    ],
)
def test_days_outside_the_calendar_are_null_not_a_crash(text: str) -> None:
    """A day past 9999-12-31 or before the year 1 is null (add_days always said so; the checker now types it
    so): comparisons with it are false. The generated code used to compare None with a date (TypeError)."""
    node = check("verification", text)
    assert node is not None
    assert node.type.kind == "bool"
    assert False is compile_expression(node)(VERIFICATION, frozenset(), dt.date(2020, 1, 1))


def test_unknown_superior_role_is_reported_not_a_crash(tmp_path: Path) -> None:
    """A role reporting to a role that does not exist is an unknown_role error at its reports_to."""
    for source in [*(COMPILE / "base").glob("*.yaml"), *(COMPILE / "basic").glob("*.yaml")]:
        shutil.copy(source, tmp_path / source.name)
    organization = tmp_path / "organization.yaml"
    organization.write_text(
        organization.read_text(encoding="utf-8").replace("reports_to: division_head}", "reports_to: ivision_head}"),
        encoding="utf-8",
    )
    with pytest.raises(PolicyError) as caught:
        commitrules.load_policies(tmp_path)
    assert ["unknown_role"] == [d.code for d in caught.value.diagnostics]


@pytest.mark.parametrize(
    "text",
    [
        "matter.fees < " + " * ".join(["9e15"] * 21) + " - " + " * ".join(["9e15"] * 21),
        "matter.fees // 0.000000000000000000000000001 > 0",
    ],
)
def test_decimal_arithmetic_never_raises(text: str) -> None:
    """Arithmetic on money (Decimal) that cannot be computed is null, as a division by zero is."""
    node = check("matter_review", text)
    assert node is not None
    document = json.loads(json.dumps(next(c for c in EXAMPLES if c["kind"] == "matter_review")))
    document["matter"]["fees"] = "12.50"
    case = parse_case(document)
    assert compile_expression(node)(case, frozenset(), dt.date(2020, 1, 1)) in (True, False)


# --- YAML 1.1 against 1.2 (issue 10, item 1) ---------------------------------------------------------

SCALAR_TOKENS = st.sampled_from(
    [
        "0",
        "1",
        "7",
        "8",
        "9",
        "0x",
        "0o",
        "0b",
        "_",
        ":",
        ".",
        "e",
        "E",
        "+",
        "-",
        "inf",
        "nan",
        "yes",
        "no",
        "on",
        "off",
        "y",
        "n",
        "true",
        "null",
        "~",
        "-",
        "T",
        "Z",
        " ",
    ]
)


@fuzz(400)
@given(text=st.lists(SCALAR_TOKENS, min_size=1, max_size=6).map("".join).map(str.strip).filter(bool))
def test_a_plain_value_means_what_yaml_1_2_says_or_is_refused(text: str) -> None:
    """Any plain scalar: it loads as its YAML 1.2 core-schema value (dates aside), or ambiguous_scalar refuses it."""
    try:
        value = load_yaml(f"a: {text}\n", "f.yaml").data["a"]
    except PolicySyntaxError as error:
        codes = {d.code for d in error.diagnostics}
    else:
        codes = set()
    if codes:
        assert codes <= {"ambiguous_scalar", "yaml_syntax", "invalid_scalar", "yaml_alias", "yaml_tag"}, text
        return
    if isinstance(value, dt.date):
        return
    expected = yaml12_value(text)
    assert type(expected) is type(value), text
    assert expected == value or (value != value and expected != expected), text  # noqa: PLR0124 - NaN
