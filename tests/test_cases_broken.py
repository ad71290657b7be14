"""Broken and hostile case documents: each gets exactly the errors (JSON path, expected, found) it must get.

The corpus is ``tests/cases_broken/``: one broken document per file, and ``expected.yaml`` listing every
error each must give. Documents too large or too deep to keep in the repository are generated below.
Messages written by commitrules are compared exactly; those that pydantic words (``Input should ...``)
may change with its version, so for them the path, the expected value and the value found are compared.
"""

from __future__ import annotations

import datetime as dt
import json
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
import yaml

from commitrules.errors import MAX_DIAGNOSTICS, CaseError
from commitrules.io.case_files import MAX_CASE_BYTES, read_cases
from commitrules.model._json import DuplicateKeyError, NotJsonConstantError, load_json
from commitrules.policy.pack import PolicyPack
from commitrules.service.batch import evaluate_line

HERE = Path(__file__).parent / "cases_broken"
EXPECTED: dict[str, list[dict[str, str]]] = yaml.safe_load((HERE / "expected.yaml").read_text(encoding="utf-8"))
FILES = sorted(p.name for p in HERE.iterdir() if p.name != "expected.yaml")


def as_dict(error: CaseError, *, pydantic_words: bool) -> dict[str, str]:
    found = {"path": error.path, "message": error.message, "expected": error.expected, "found": error.found}
    if error.at is not None:  # a file that is not YAML (or JSON): the line and column in it
        found["at"] = f"{error.at[0]}:{error.at[1]}"
    if pydantic_words:
        del found["message"]
    return found


def compare(expected: list[dict[str, str]], errors: list[CaseError] | tuple[CaseError, ...]) -> None:
    assert len(expected) == len(errors), [e.render() for e in errors]
    for want, error in zip(expected, errors, strict=True):
        wording = want["message"].startswith("Input should") or error.message.startswith("Input should")
        want = {k: v for k, v in want.items() if k != "source" and not (wording and k == "message")}  # noqa: PLW2901
        assert want == as_dict(error, pydantic_words=wording)


def test_corpus_is_complete() -> None:
    """Every file has its expected errors, every entry its file, and there are at least 40 broken documents."""
    assert sorted(EXPECTED) == FILES
    assert len(FILES) + len(GENERATED) >= 40


@pytest.mark.parametrize("name", FILES)
def test_broken_case_file(name: str) -> None:
    """Reading the file gives no case and exactly the expected errors, each attributed to the file (or item)."""
    cases, errors = read_cases([HERE / name])
    assert (["list_with_one_bad_case.json[0]"] if name == "list_with_one_bad_case.json" else []) == [
        Path(c.source).name for c in cases
    ]
    compare(EXPECTED[name], errors)
    for want, error in zip(EXPECTED[name], errors, strict=True):
        assert error.source.endswith(want.get("source", name))


JSON_FILES = [name for name in FILES if name.endswith(".json")]


@pytest.mark.parametrize("name", JSON_FILES)
def test_the_same_document_as_a_batch_line(pack: PolicyPack, name: str) -> None:
    """As one line of a batch, a broken JSON document gives an error record: invalid_case with the same
    errors as the file, or invalid_json when the line cannot be read."""
    raw = (HERE / name).read_bytes()
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        document = None
    try:
        load_json(raw.decode("utf-8"))
    except (DuplicateKeyError, NotJsonConstantError):  # kept as written: the line must be refused as the file is
        output, code = evaluate_line(pack, raw.replace(b"\n", b" "), 7, as_of=dt.date(2020, 6, 1), engine="compiled")
        record = json.loads(output)
        assert (7, "invalid_json") == (record["line"], code)
        errors = [
            CaseError(**{**e, "expected": want["expected"]})
            for e, want in zip(record["error"]["errors"], EXPECTED[name], strict=True)  # a line expects a case per line
        ]
        compare(EXPECTED[name], errors)
        return
    except (UnicodeDecodeError, ValueError):
        pass
    line = raw if document is None else json.dumps(document, ensure_ascii=False).encode()
    output, code = evaluate_line(pack, line, 7, as_of=dt.date(2020, 6, 1), engine="compiled")
    record = json.loads(output)
    assert 7 == record["line"]
    if document is None:
        assert "invalid_json" == code == record["error"]["code"]
        return
    if isinstance(document, list):  # a list of cases is not one case: the line is rejected as a whole
        assert ("invalid_case", "$") == (code, record["error"]["errors"][0]["path"])
        return
    assert "invalid_case" == code == record["error"]["code"]
    compare(EXPECTED[name], [CaseError(**e) for e in record["error"]["errors"]])


# --- documents generated here (too large or too deep to keep) --------------------------------------------


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


GENERATED: dict[str, tuple[bytes, list[dict[str, Any]]]] = {
    "deep_json.json": (
        b'{"kind": "summary", "report": ' + nested(100_000).encode() + b"}",
        [{"path": "$", "message": "The document is nested too deeply", "expected": "", "found": ""}],
    ),
    "deep_but_readable.json": (
        b'{"kind": "summary", "report": ' + nested(500).encode() + b"}",
        [
            {
                "path": "$.report" + "[0]" * 32,
                "message": "The case is nested more than 32 levels deep",
                "expected": "at most 32 levels",
                "found": "more",
            }
        ],
    ),
    "huge_text.json": (
        json.dumps({"kind": "summary", "report": {"sections": ["x" * 100_000]}}).encode(),
        [
            {
                "path": "$.report.sections[0]",
                "message": "The text is 100000 characters long; a case holds at most 10000 in one text",
                "expected": "at most 10000 characters",
                "found": "100000 characters",
            }
        ],
    ),
    "long_text_under_the_limit.json": (
        json.dumps({"kind": "summary", "report": {"sections": ["x" * 10_000]}}).encode(),
        [
            {
                "path": "$.report.sections[0]",
                "message": "Not an allowed value",
                "expected": "one of 'progress', 'norms', 'experience_results', 'problems', 'countermeasures'",
                "found": "'" + "x" * 37 + "..." + "x" * 38 + "'",
            }
        ],
    ),
    "long_list.json": (  # the 14.5 MB case had 270,000 findings
        json.dumps(
            {
                "kind": "verification",
                "result": {
                    "method": "written_check",
                    "findings": [{"type": "false_commitment", "stage": "post_decision"}] * 270_000,
                },
            }
        ).encode(),
        [
            {
                "path": "$.result.findings",
                "message": "The list has 270000 items; a case holds at most 1000 in one list",
                "expected": "at most 1000 items",
                "found": "270000 items",
            }
        ],
    ),
    "too_many_values.json": (
        json.dumps({"kind": "summary", "report": {"sections": [["progress"] * 900] * 30}}).encode(),
        [
            {
                "path": "$.report.sections[22][173]",
                "message": "The case holds more than 20000 values",
                "expected": "at most 20000 values",
                "found": "more",
            }
        ],
    ),
    "too_much_text.json": (
        json.dumps({"kind": "summary", "report": {"sections": ["x" * 9_000] * 200}}).encode(),
        [
            {
                "path": "$.report.sections[111]",
                "message": "The case holds more than 1000000 characters of text",
                "expected": "at most 1000000 characters in all",
                "found": "more",
            }
        ],
    ),
    "object_with_many_fields.json": (
        json.dumps({"kind": "summary", "report": {f"f{i}": 1 for i in range(2000)}}).encode(),
        [
            {
                "path": "$.report",
                "message": "The object has 2000 fields; a case holds at most 1000 in one object",
                "expected": "at most 1000 fields",
                "found": "2000 fields",
            }
        ],
    ),
    "deep_yaml.yaml": (
        b"kind: summary\nreport:\n" + b"".join(b"  " * i + b"- \n" for i in range(1, 80)),
        [{"path": "$.report" + "[0]" * 62, "at": "66:129", "message": None, "expected": "", "found": "'-'"}],
    ),
}


@pytest.mark.parametrize("name", list(GENERATED))
def test_generated_hostile_documents(tmp_path: Path, name: str) -> None:
    """Deep, deeply nested and huge documents are reported with short values, never a RecursionError."""
    data, expected = GENERATED[name]
    path = tmp_path / name
    path.write_bytes(data)
    cases, errors = read_cases([path])
    assert [] == cases
    assert len(expected) == len(errors), [e.render() for e in errors]
    for want, error in zip(expected, errors, strict=True):
        found = as_dict(error, pydantic_words=want["message"] is None)
        assert {k: v for k, v in want.items() if v is not None} == found


def test_many_bad_items_are_capped(tmp_path: Path) -> None:
    """900 bad items give the first errors and a count of the others, not 900 errors."""
    path = tmp_path / "huge_list.json"
    path.write_text(
        json.dumps({"kind": "summary", "report": {"sections": [f"s{i}" for i in range(900)]}}), encoding="utf-8"
    )
    _, errors = read_cases([path])
    assert MAX_DIAGNOSTICS + 1 == len(errors)
    assert "$.report.sections[24]" == errors[MAX_DIAGNOSTICS - 1].path
    assert ("$", f"... and {900 - MAX_DIAGNOSTICS} more problems") == (errors[-1].path, errors[-1].message)


def test_a_file_over_the_size_limit_is_not_read(tmp_path: Path) -> None:
    """A case file larger than 16 MiB is refused by its size, before it is read."""
    path = tmp_path / "too_large.json"
    with path.open("wb") as stream:
        stream.truncate(MAX_CASE_BYTES + 1)
    _, errors = read_cases([path])
    assert [("$", "The file is too large", f"at most {MAX_CASE_BYTES} bytes", f"{MAX_CASE_BYTES + 1} bytes")] == [
        (e.path, e.message, e.expected, e.found) for e in errors
    ]


def test_every_problem_of_a_case_is_reported_in_order(tmp_path: Path) -> None:
    """A case with problems at several places reports each of them, in the order of the model's fields."""
    path = tmp_path / "many.json"
    path.write_text(
        json.dumps(
            {
                "kind": "leniency",
                "id": 3,
                "conduct": {
                    "subject": "mayor",
                    "context": "duty_performance",
                    "bars": ["x"],
                    "extra": True,
                    "factors": {"motive_attitude": "good"},
                },
            }
        ),
        encoding="utf-8",
    )
    _, errors = read_cases([path])
    assert [
        "$.conduct.subject",
        "$.conduct.factors.motive_attitude",
        "$.conduct.factors.objective_conditions",
        "$.conduct.factors.procedure_method",
        "$.conduct.factors.nature_degree",
        "$.conduct.factors.consequence_impact",
        "$.conduct.factors.loss_recovery",
        "$.conduct.bars[0]",
        "$.conduct.extra",
        "$.id",
    ] == [e.path for e in errors]


def test_an_alias_bomb_in_a_case_file_is_never_expanded(tmp_path: Path) -> None:
    """A YAML case that would expand to 9**9 values is rejected at its first anchor, in little memory."""
    lines = ["kind: summary", 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tracemalloc.start()
    try:
        cases, errors = read_cases([path])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [] == cases
    assert ((2, 5), "'&a0 [") == (errors[0].at, errors[0].found[:6])
    assert peak < 20 * 1024 * 1024  # expanded: hundreds of millions of strings


YAML_FILES = [name for name in FILES if name.endswith(".yaml")]


@pytest.mark.parametrize("name", YAML_FILES)
def test_a_yaml_case_file_error_says_where_and_what_was_found_in_both_languages(name: str) -> None:
    """A case file the YAML reader refuses: each error is at file:line:column, says in the reader's language
    what is wrong (the catalogue's words, none of PyYAML's under zh), and shows the text found there, never
    an error code."""
    from commitrules.messages import catalogue
    from tests.language_leaks import chinese_characters, english_runs

    codes = {key.removeprefix("code.") for key in catalogue("en") if key.startswith("code.")}

    _, errors = read_cases(HERE / name)
    at_position = [e for e in errors if e.at is not None]
    for error in at_position:
        line, column = error.at  # type: ignore[misc]
        assert error.found not in codes
        zh, en = error.render("zh"), error.render("en")
        for said in (zh, en):
            assert said.startswith(f"{error.source}:{line}:{column}: {error.path}: "), said
        assert [] == english_runs(zh.split(": ", 2)[2]), zh
        assert [] == chinese_characters(en.split(": ", 2)[2]), en
        assert error.found in en
        if error.found:
            assert f"实际是 {error.found}" in zh
    assert name not in {"yaml_syntax.yaml", "yaml_alias.yaml", "boolean_no.yaml"} or at_position


@pytest.mark.parametrize(
    ("text", "at", "found", "zh"),
    [
        ('kind: summary\nreport:\n  sections: "progress\n', (3, 13), "'\"progress'", "这段加引号的文字没有结束"),
        (
            "kind: summary\nreport:\n  sections: [progress]\n bad: 1\n",
            (4, 2),
            "'bad: 1'",
            "请对照上面几行检查这一行的缩进",
        ),
        ("kind: summary\nreport: |0\n  x\n", (2, 10), "'0'", "这里应当是1 到 9 的缩进数字，却是0"),
        ("kind: summary\nreport:\n\tsections: []\n", (3, 1), "'\\tsections: []'", "YAML 用空格缩进"),
        ("kind: summary\nreport: {sections: progress\n", (3, 1), "the end of the line", "闭合"),
    ],
)
def test_yaml_syntax_errors_of_a_case_file(tmp_path: Path, text: str, at: tuple[int, int], found: str, zh: str) -> None:
    """An unclosed quote, a bad indent, a rare problem, a tab, an unclosed brace: where, what, and the text there."""
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    _, errors = read_cases(path)
    first = errors[0]
    assert (at, found) == (first.at, first.found)
    assert zh in first.render("zh")
    assert f"broken.yaml:{at[0]}:{at[1]}: " in first.render("zh")
