"""Tests of commitrules.policy.yaml: safe YAML to plain data, with positions."""

from __future__ import annotations

import datetime as dt
import os
import re
import tracemalloc
from pathlib import Path

import pytest
import yaml

from commitrules.errors import Diagnostic, PolicySyntaxError, Span
from commitrules.policy.yaml import MAX_BYTES, MAX_DEPTH, SourceMap, format_path, load_yaml, loader

ERRORS = Path(__file__).resolve().parent.parent / "errors"
YAML_CODES = {
    "encoding",
    "too_large",
    "yaml_syntax",
    "duplicate_key",
    "yaml_alias",
    "yaml_tag",
    "invalid_key",
    "invalid_scalar",
    "too_deep",
    "multiple_documents",
    "empty_file",
}


def problems(data: bytes | str, file: str = "p.yaml") -> list[Diagnostic]:
    """The diagnostics load_yaml raises for ``data`` (fails the test if it loads)."""
    with pytest.raises(PolicySyntaxError) as caught:
        load_yaml(data, file)
    return list(caught.value.diagnostics)


def where(diagnostics: list[Diagnostic]) -> list[tuple[str, int, int]]:
    return [(d.code, d.span.line, d.span.column) for d in diagnostics]


def expectation(path: Path) -> tuple[str, int, int]:
    """The ``# expect: <code> <line>:<column>`` header of a fixture."""
    found = re.search(rb"# expect: (\w+) (\d+):(\d+)", path.read_bytes())
    assert found is not None, f"{path.name} has no '# expect:' header"
    return found[1].decode(), int(found[2]), int(found[3])


YAML_FIXTURES = sorted(p for p in ERRORS.iterdir() if expectation(p)[0] in YAML_CODES)


@pytest.mark.parametrize("path", YAML_FIXTURES, ids=lambda p: p.name)
def test_error_fixtures(path: Path) -> None:
    """Each broken file of tests/errors/ is rejected with its code at its line and column, caret drawn."""
    diagnostics = problems(path.read_bytes(), path.name)

    assert expectation(path) == where(diagnostics)[0]
    assert all(d.source_line is not None for d in diagnostics)


def test_every_yaml_code_has_a_fixture() -> None:
    """There is one broken file per code (too_large is generated: a 1 MiB fixture is not worth keeping)."""
    assert YAML_CODES - {"too_large"} == {expectation(p)[0] for p in YAML_FIXTURES}


# --- plain data -------------------------------------------------------------------------------------


def test_scalars_are_resolved_as_safe_loader_does() -> None:
    """Ints, floats, booleans, null, dates and timestamps come out as SafeLoader builds them."""
    text = (
        "i: 3\nf: 2.5\nb: true\nn: null\nd: 2019-10-22\nt: 2019-10-22 08:30:00\n"
        "s: '3'\nhex: 0x1F\nempty:\nlist: [a, 1]\n"
    )
    expected = {
        "i": 3,
        "f": 2.5,
        "b": True,
        "n": None,
        "d": dt.date(2019, 10, 22),
        "t": dt.datetime(2019, 10, 22, 8, 30),  # noqa: DTZ001 - YAML timestamps without a zone are naive
        "s": "3",
        "hex": 31,
        "empty": None,
        "list": ["a", 1],
    }
    assert expected == load_yaml(text, "p.yaml").data


def test_same_data_as_safe_load() -> None:
    """On an ordinary policy file the data equals yaml.safe_load's."""
    text = (ERRORS / "missing_clause.yaml").read_text(encoding="utf-8")

    assert yaml.safe_load(text) == load_yaml(text, "p.yaml").data


def test_document_keeps_file_and_lines() -> None:
    """The document keeps its file name and its lines without line breaks (CRLF too)."""
    doc = load_yaml("a: 1\r\nb: 2\r\n", "dir/p.yaml")

    assert ("dir/p.yaml", ("a: 1", "b: 2", "")) == (doc.file, doc.lines)


# --- positions --------------------------------------------------------------------------------------


def test_key_and_value_spans_block_and_flow() -> None:
    """Keys and values of block and flow collections have 1-based line/column spans."""
    doc = load_yaml("rules:\n  - id: a\n    then: {outcome: breach}\n", "p.yaml")
    spans = doc.source_map

    assert Span("p.yaml", 2, 5, 2, 7) == spans.key_span(("rules", 0, "id"))
    assert Span("p.yaml", 2, 9, 2, 10) == spans.value_span(("rules", 0, "id"))
    assert Span("p.yaml", 3, 11, 3, 28) == spans.value_span(("rules", 0, "then"))
    assert (3, 21) == (
        spans.value_span(("rules", 0, "then", "outcome")).line,
        spans.value_span(("rules", 0, "then", "outcome")).column,
    )
    assert (2, 5) == (spans.value_span(("rules", 0)).line, spans.value_span(("rules", 0)).column)


def test_chinese_columns_count_characters() -> None:
    """Columns count characters, not bytes: a value after Chinese text is where an editor puts it."""
    doc = load_yaml("title: {zh: 核查结果处理, en: Handling}\n标题: 核查\n", "p.yaml")

    assert 25 == doc.source_map.value_span(("title", "en")).column
    assert 5 == doc.source_map.value_span(("标题",)).column


def test_unknown_path_falls_back_to_nearest_ancestor() -> None:
    """A path that is not in the document gets its nearest known ancestor's span, else the file start."""
    doc = load_yaml("rules:\n  - id: a\n", "p.yaml")

    assert doc.source_map.value_span(("rules", 0)) == doc.source_map.value_span(("rules", 0, "then", "x"))
    assert doc.source_map.value_span(("rules", 0)) == doc.source_map.key_span(("rules", 0, "when"))
    assert Span("p.yaml", 1, 1, 1, 2) == SourceMap("p.yaml", (), {}).value_span(("a",))


def test_paths_are_in_document_order() -> None:
    """SourceMap.paths() lists every node once, parents before their children, in document order."""
    doc = load_yaml("a: {b: 1}\nc: [2]\n", "p.yaml")

    assert [(), ("a",), ("a", "b"), ("c",), ("c", 0)] == list(doc.source_map.paths())


def test_list_items_have_no_key_span() -> None:
    """The key span of a list item (and of the root) is its value span."""
    doc = load_yaml("a: [x, z]\n", "p.yaml")

    assert doc.source_map.value_span(("a", 1)) == doc.source_map.key_span(("a", 1))


def test_styles_are_recorded() -> None:
    """Each node records how it is written."""
    doc = load_yaml("a: x\nb: 'x'\nc: \"x\"\nd: |\n  x\ne: >\n  x\nf: [x]\ng: {x: 1}\n", "p.yaml")
    styles = {key: doc.source_map.style((key,)) for key in "abcdefg"}

    assert {
        "a": "plain",
        "b": "single",
        "c": "double",
        "d": "literal",
        "e": "folded",
        "f": "sequence",
        "g": "mapping",
    } == styles
    assert doc.source_map.style(("z",)) is None


@pytest.mark.parametrize(
    ("text", "offset", "expected"),
    [
        ("when: a == 'b'\n", 5, (1, 12)),  # plain: equals value_span().shifted(5)
        ("when: 中文 == 1\n", 3, (1, 10)),  # plain with Chinese
        ("when: 'it''s == 1'\n", 3, (1, 12)),  # single-quoted, '' is one quote
        ('when: "a\\"b == 1"\n', 3, (1, 12)),  # double-quoted, \" is one character
        ('when: "\\u4e2d == 1"\n', 2, (1, 15)),  # double-quoted, \u4e2d is one character
        ("when: a and\n  b == 1\n", 6, (2, 3)),  # plain over two lines
        ("when: >-\n  a and\n  b == 1\n", 6, (3, 3)),  # folded block
        ("when: |\n  a and\n  b == 1\n", 6, (3, 3)),  # literal block
        ("when: a == 1\n", 6, (1, 13)),  # just past the end
        ("when: a == 1\n", 7, (1, 7)),  # out of range: the scalar's start
    ],
)
def test_scalar_offset_span(text: str, offset: int, expected: tuple[int, int]) -> None:
    """Character ``offset`` of a condition string maps to where it is written in the file."""
    span = load_yaml(text, "p.yaml").source_map.scalar_offset_span(("when",), offset)

    assert expected == (span.line, span.column)


def test_scalar_offset_of_plain_scalar_is_a_shift() -> None:
    """For a plain single-line scalar, scalar_offset_span equals value_span().shifted()."""
    spans = load_yaml("when: verification.stage == 'post'\n", "p.yaml").source_map

    assert spans.value_span(("when",)).shifted(13) == spans.scalar_offset_span(("when",), 13)


def test_diagnostic_helper_sets_path_span_and_source_line() -> None:
    """YamlDocument.diagnostic builds a Diagnostic with the JSON path, the span and the source line."""
    doc = load_yaml("rules:\n  - id: a\n    when: x ==\n", "p.yaml")
    diagnostic = doc.diagnostic("bad", "Incomplete.", ("rules", 0, "when"), offset=4, suggestion="x")

    assert ("$.rules[0].when", 3, 15, "    when: x ==", "x") == (
        diagnostic.path,
        diagnostic.span.line,
        diagnostic.span.column,
        diagnostic.source_line,
        diagnostic.suggestion,
    )
    assert (3, 5) == (
        doc.diagnostic("c", "m", ("rules", 0, "when"), at_key=True).span.line,
        doc.diagnostic("c", "m", ("rules", 0, "when"), at_key=True).span.column,
    )


def test_format_path() -> None:
    """Paths read as JSON paths; keys that are not identifiers are quoted."""
    assert "$.rules[2].when.all[0]" == format_path(("rules", 2, "when", "all", 0))
    assert "$.settings['fees.non_refund'].value" == format_path(("settings", "fees.non_refund", "value"))
    assert "$" == format_path(())


@pytest.mark.skipif(loader._CParser is None, reason="PyYAML without libyaml")
@pytest.mark.parametrize("path", sorted(ERRORS.glob("*.yaml")), ids=lambda p: p.name)
def test_libyaml_and_python_parsers_agree(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fast libyaml parser and PyYAML's own give the same data, positions and diagnostics."""

    def outcome() -> object:
        try:
            doc = load_yaml(path.read_bytes(), path.name)
        except PolicySyntaxError as error:
            return [(d.code, d.span, d.message) for d in error.diagnostics]
        spans = doc.source_map
        return doc.data, [(p, spans.key_span(p), spans.value_span(p), spans.style(p)) for p in spans.paths()]

    fast = outcome()
    monkeypatch.setattr(loader, "_CParser", None)

    assert fast == outcome()


# --- rejected input -----------------------------------------------------------------------------------


def test_billion_laughs_is_rejected_without_expanding() -> None:
    """An alias bomb is rejected at its anchors and aliases, and never expanded (memory stays small)."""
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    bomb = "\n".join(lines) + "\n"
    tracemalloc.start()
    try:
        diagnostics = problems(bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert {"yaml_alias"} == {d.code for d in diagnostics}
    assert (1, 5) == (diagnostics[0].span.line, diagnostics[0].span.column)
    assert peak < 20 * 1024 * 1024  # expanded, it would be 9**9 strings: gigabytes


def test_alias_message() -> None:
    """Anchors and aliases are reported with the sentence policy staff can act on."""
    diagnostics = problems("a: &x 1\nb: *x\n")

    assert [("yaml_alias", 1, 4), ("yaml_alias", 2, 4)] == where(diagnostics)
    assert diagnostics[1].message.startswith("Anchors and aliases are not allowed in policy and case files")


@pytest.mark.parametrize("opening", ["[", "{a: "])
def test_ten_thousand_levels_are_rejected_without_recursion_error(opening: str) -> None:
    """10,000 nested brackets give one too_deep at the first level past the limit, not a RecursionError."""
    closing = "]" if opening == "[" else "}"
    text = "x: " + opening * 10_000 + "1" + closing * 10_000 + "\n"

    diagnostics = problems(text)

    assert [("too_deep", 1, 4 + MAX_DEPTH * len(opening) - len(opening))] == where(diagnostics)


def test_block_nesting_at_the_limit_is_accepted() -> None:
    """Exactly MAX_DEPTH levels of block mappings load."""
    text = "".join(" " * i + f"k{i}:\n" for i in range(MAX_DEPTH - 1)) + " " * (MAX_DEPTH - 1) + "k: 1\n"
    data = load_yaml(text, "p.yaml").data
    for i in range(MAX_DEPTH - 1):
        data = data[f"k{i}"]

    assert {"k": 1} == data


def test_python_tags_are_rejected_and_never_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """'!!python/object/apply:os.system' is a yaml_tag error; nothing is called."""
    calls: list[object] = []
    monkeypatch.setattr(os, "system", calls.append)

    diagnostics = problems('a: !!python/object/apply:os.system ["echo pwned"]\n')

    assert ([("yaml_tag", 1, 4)], []) == (where(diagnostics), calls)
    assert "'!!python/object/apply:os.system'" in diagnostics[0].message


@pytest.mark.parametrize(
    ("text", "column"),
    [("a: !!binary aGk=\n", 4), ("a: !!set {x}\n", 4), ("a: !local x\n", 4), ("a: !!str [x]\n", 4)],
)
def test_other_tags_are_rejected(text: str, column: int) -> None:
    """Only the standard str/int/float/bool/null/seq/map tags are accepted, each on its own kind of node."""
    assert [("yaml_tag", 1, column)] == where(problems(text))


def test_standard_tags_are_accepted() -> None:
    """Standard tags act as in SafeLoader."""
    assert {"a": "1", "b": 2, "c": [1]} == load_yaml("a: !!str 1\nb: !!int '2'\nc: !!seq [1]\n", "p.yaml").data


def test_duplicate_keys_at_both_levels() -> None:
    """Duplicate keys are reported at the second occurrence, at the top and nested, naming the first line."""
    text = "kind: a\nrules:\n  - id: x\n    title: t\n    title: u\nkind: b\n"

    diagnostics = problems(text)

    assert [("duplicate_key", 5, 5), ("duplicate_key", 6, 1)] == where(diagnostics)
    assert "the first is at line 4" in diagnostics[0].message
    assert "the first is at line 1" in diagnostics[1].message
    assert ("$.rules[0].title", "$.kind") == (diagnostics[0].path, diagnostics[1].path)


@pytest.mark.parametrize(
    ("text", "column", "words"),
    [
        ("1: a\n", 1, "read as a number"),
        ("null: a\n", 1, "empty or null"),
        ("yes: a\n", 1, "read as true/false"),
        ("2019-10-22: a\n", 1, "read as a date"),
        ("[a, b]: c\n", 1, "this key is a list"),
        ("? {a: 1}\n: c\n", 3, "this key is a mapping"),
        ("<<: {a: 1}\n", 1, "Merge keys"),
    ],
)
def test_keys_must_be_text(text: str, column: int, words: str) -> None:
    """Keys that are not text are invalid_key errors that say why and how to fix them."""
    diagnostics = problems(text)

    assert [("invalid_key", 1, column)] == where(diagnostics)
    assert words in diagnostics[0].message


def test_quoted_keys_are_text() -> None:
    """A quoted number or boolean is a text key."""
    assert {"1": "a", "yes": "b"} == load_yaml("'1': a\n\"yes\": b\n", "p.yaml").data


def test_impossible_date_is_invalid_scalar() -> None:
    """A date that does not exist is reported where it is written."""
    diagnostics = problems("from: 2019-02-30\n")

    assert [("invalid_scalar", 1, 7)] == where(diagnostics)
    assert "day is out of range for month" in diagnostics[0].message


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "~\n", "null\n", "---\n...\n"])
def test_empty_documents(text: str) -> None:
    """A file with no content is an empty_file error at its start."""
    assert [("empty_file", 1, 1)] == where(problems(text))


def test_no_document_at_all_is_not_confused_with_syntax() -> None:
    """A broken file is reported as broken, not as empty."""
    assert ["yaml_syntax"] == [d.code for d in problems("'unclosed\n")]


def test_second_document_is_rejected() -> None:
    """A second document is reported at its '---'."""
    assert [("multiple_documents", 2, 1)] == where(problems("a: 1\n---\nb: 2\n"))


def test_explicit_document_start_is_fine() -> None:
    """One document opened with '---' and closed with '...' loads."""
    assert {"a": 1} == load_yaml("---\na: 1\n...\n", "p.yaml").data


# --- encodings and size -----------------------------------------------------------------------------


def test_utf8_bom_is_stripped() -> None:
    """A UTF-8 BOM (bytes or text) is accepted and does not shift columns."""
    for data in (b"\xef\xbb\xbftitle: \xe6\xa0\xb8\n", "\ufefftitle: 核\n"):
        doc = load_yaml(data, "p.yaml")

        assert ({"title": "核"}, 8) == (doc.data, doc.source_map.value_span(("title",)).column)


def test_gbk_bytes_are_an_encoding_error_at_the_first_bad_byte() -> None:
    """Bytes that are not UTF-8 are reported at their line and column, with the advice to save as UTF-8."""
    data = "a: 1\ntitle: 核查\n".encode("gbk")

    diagnostics = problems(data)

    assert [("encoding", 2, 8)] == where(diagnostics)
    assert "Save the file as UTF-8" in diagnostics[0].message
    assert "GBK/GB18030" in diagnostics[0].message
    assert "title: " == diagnostics[0].source_line[:7]  # type: ignore[index]


def test_utf16_is_an_encoding_error() -> None:
    """UTF-16, with or without a BOM, is reported as an encoding problem."""
    for data in ("a: 1\n".encode("utf-16"), "a: 1\n".encode("utf-16-le")):
        diagnostics = problems(data)

        assert ["encoding"] == [d.code for d in diagnostics]
        assert "UTF-16" in diagnostics[0].message


def test_control_characters_are_a_syntax_error() -> None:
    """A control character is reported where it is."""
    assert [("yaml_syntax", 2, 4)] == where(problems("a: 1\nb: \x07\n"))


def test_files_over_one_mebibyte_are_rejected() -> None:
    """A file larger than MAX_BYTES is too_large, before it is parsed."""
    data = b"a: " + b"x" * MAX_BYTES + b"\n"

    diagnostics = problems(data)

    assert [("too_large", 1, 1)] == where(diagnostics)
    assert "more than the 1024 KiB accepted" in diagnostics[0].message


def test_size_limit_can_be_raised() -> None:
    """A caller reading larger files (case lists) passes its own limit."""
    data = b"a: " + b"x" * MAX_BYTES + b"\n"

    assert MAX_BYTES == len(load_yaml(data, "cases.yaml", max_bytes=2 * MAX_BYTES).data["a"])


# --- syntax errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "position", "words"),
    [
        ("a: 'abc\nb: 2\n", (1, 4), "never closed"),
        ("quote: 对: 隐瞒\n", (1, 9), "put the whole value in quotes"),
        ("a:\n\tb: 1\n", (2, 1), "YAML indents with spaces"),
        ("a: [1, 2\nb: 3\n", (2, 2), "The '[' at line 1, column 4 is not closed"),
        ("a: {x: 1\n", (2, 1), "The '{' at line 1, column 4 is not closed before the end of the file"),
        ("rules:\n  - id: a\n   title: x\n", (3, 4), "Check the indentation"),
        ('a: "\\q"\n', (1, 6), "Unknown escape sequence"),
        ("a: @x\n", (1, 4), "Put the whole value in quotes"),
    ],
)
def test_syntax_errors_say_what_to_do(text: str, position: tuple[int, int], words: str) -> None:
    """Syntax errors point at the problem and say how to fix it in plain words."""
    diagnostics = problems(text)

    assert [("yaml_syntax", *position)] == where(diagnostics)
    assert words in diagnostics[0].message


def test_problems_before_a_syntax_error_are_kept() -> None:
    """Duplicate keys found before a syntax error are reported with it."""
    assert ["duplicate_key", "yaml_syntax"] == [d.code for d in problems("a: 1\na: 2\nb: [\n")]


def test_rendered_diagnostic_has_caret() -> None:
    """A diagnostic renders as file:line:col: code: message with the source line and a caret."""
    rendered = problems("a: 1\na: 2\n", "x.yaml")[0].render()

    assert rendered.startswith("x.yaml:2:1: duplicate_key: The key 'a' appears twice")
    assert rendered.endswith("\n   | a: 2\n   | ^")


def test_caret_lines_up_under_chinese_text() -> None:
    """The column counts characters, and the printed caret sits under the character on a terminal."""
    diagnostic = problems("标题: 核查: 结果\n")[0]

    assert (1, 7) == (diagnostic.span.line, diagnostic.span.column)
    assert diagnostic.render().endswith("\n   | 标题: 核查: 结果\n   |           ^")


# --- YAML 1.1 against YAML 1.2 (issue 10, item 1) -------------------------------------------------

ACCEPTED_ALIKE = {
    "30": 30,
    "-3": -3,
    "+12": 12,
    "00": 0,
    "0x1F": 31,
    "1.5": 1.5,
    "1.": 1.0,
    ".5": 0.5,
    "1.5e+3": 1500.0,
    "true": True,
    "False": False,
    "null": None,
    "~": None,
    "text": "text",
    "=": "=",
    "2019-10-22": dt.date(2019, 10, 22),
}
REFUSED = {
    "030": "Write 30 for the number, or '030' in quotes",
    "1:30": "Write 90 for the number, or '1:30' in quotes",
    "1_000": "Write 1000 for the number",
    "0b101": "Write 5 for the number",
    "0o17": "Write 15 for the number",
    "-0x1F": "Write -31 for the number",
    "1e3": "Write 1000.0 for the number",
    "+.5": "Write 0.5 for the number",
    "yes": "Write true for yes/no, or 'yes' in quotes",
    "No": "Write false for yes/no",
    "ON": "Write true for yes/no",
    "off": "Write false for yes/no",
    "y": "Write true for yes/no",
    "n": "Write false for yes/no",
    "!!int 030": "Write 30 for the number",
    "!!bool yes": "Write true for yes/no",
}


@pytest.mark.parametrize("text", sorted(ACCEPTED_ALIKE))
def test_forms_yaml_1_1_and_1_2_read_alike_are_accepted(text: str) -> None:
    """A plain scalar that both YAML versions read as the same value loads as that value."""
    assert ACCEPTED_ALIKE[text] == load_yaml(f"a: {text}\n", "p.yaml").data["a"]


@pytest.mark.parametrize("text", sorted(REFUSED))
def test_forms_yaml_1_1_and_1_2_read_differently_are_refused(text: str) -> None:
    """030, 1:30, 1_000, yes/no/on/off/y/n and the rest are refused at the value, saying what to write."""
    found = problems(f"kind: x\nrules:\n  - a: {text}\n")

    assert [("ambiguous_scalar", 3, 8)] == where(found)
    assert REFUSED[text] in found[0].message
    assert "$.rules[0].a" == found[0].path


@pytest.mark.parametrize("text", ["'030'", '"yes"', "|\n  1:30"])
def test_quoted_forms_are_text(text: str) -> None:
    """Quotes (or a block) make any of the ambiguous forms plain text, as the message says."""
    assert load_yaml(f"a: {text}\n", "p.yaml").data["a"].strip() in {"030", "yes", "1:30"}


def test_ambiguous_key_stays_an_invalid_key() -> None:
    """A key is text in any case: 'yes:' is an invalid_key (read as true), as before."""
    assert ["invalid_key"] == [d.code for d in problems("yes: 1\n")]


@pytest.mark.parametrize(
    ("data", "position"),
    [
        (b"\xef\xbb\xbf\xef\xbb\xbfa: 1\n", (1, 1)),
        ("\ufeff\ufeffa: 1\n", (1, 1)),
        (b"a: 1\n\xef\xbb\xbfb: 2\n", (2, 1)),
        (b"a: x\xef\xbb\xbfy\n", (1, 5)),
    ],
)
def test_a_second_or_inner_byte_order_mark_is_refused(data: bytes | str, position: tuple[int, int]) -> None:
    """One BOM at the start is allowed; another one anywhere would become part of a key or value."""
    found = problems(data)

    assert [("encoding", *position)] == where(found)
    assert "byte order mark" in found[0].message


def test_one_byte_order_mark_is_allowed() -> None:
    """A UTF-8 file that starts with a BOM (as some Windows editors save) reads normally."""
    assert {"a": 1} == load_yaml(b"\xef\xbb\xbfa: 1\n", "p.yaml").data


ODD_TAGGED = [
    ("a: !!float\n", "invalid_scalar"),  # PyYAML's constructor: IndexError
    ("a: !!int ''\n", "invalid_scalar"),
    ("a: !!int _\n", "invalid_scalar"),
    ("a: !!int +\n", "invalid_scalar"),
    ("a: !!timestamp\n", "yaml_tag"),  # AttributeError: 'NoneType' object has no attribute 'groupdict'
    ("a: !!timestamp 2020-02-30\n", "yaml_tag"),  # was two errors: the tag and the date
    ("a: !!python/name:os.system\n", "yaml_tag"),  # was two: the tag, and '' "is null in YAML 1.2"
    ("a: !!null " + "9" * 5000 + "\n", "invalid_scalar"),  # ValueError: more than 4300 digits
    ("a: " + "1:" * 3000 + "1\n", "invalid_scalar"),  # base 60 in YAML 1.1: a number too long to print
]


@pytest.mark.parametrize(("text", "code"), ODD_TAGGED, ids=lambda v: repr(v)[:30])
def test_an_odd_tagged_scalar_is_one_error_in_words(text: str, code: str) -> None:
    """PyYAML's constructors fail in many ways (IndexError, AttributeError) on tagged text: one error, at the value.

    Each was a traceback in `check`, `evaluate` and the service, or a second error about a value already refused.
    """
    diagnostics = problems(text)
    assert [(code, 1, 4)] == where(diagnostics)
    for lang in ("zh", "en"):
        said = diagnostics[0].message_in(lang)
        assert not any(word in said for word in ("NoneType", "index out of range", "Exceeds the limit")), said


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: ! 12\n", {"a": "12"}),  # PyYAML read the number 12
        ("a: ! 1.5\n", {"a": "1.5"}),
        ("a: ! true\n", {"a": "true"}),
        ("a: ! ~\n", {"a": "~"}),
        ("a: ! 2020-01-01\n", {"a": "2020-01-01"}),
        ("a: ! 010\n", {"a": "010"}),  # text, so no YAML 1.1/1.2 ambiguity to report
        ("a: !\n", {"a": ""}),
        ("! 12: x\n", {"12": "x"}),  # a key: text, not refused as a number
        ("a: ! [1, ! 2]\n", {"a": [1, "2"]}),  # a collection keeps its kind; its items are read as they are
        ("a: ! {b: 1}\n", {"a": {"b": 1}}),
    ],
)
def test_the_non_specific_tag_makes_a_scalar_text(text: str, expected: object) -> None:
    """YAML 1.1 and 1.2 resolve a node tagged '!' by its kind alone: a scalar is text (str), a sequence a
    list, a mapping a mapping; its plain value is not read as a number, boolean, null or date."""
    assert expected == load_yaml(text, "p.yaml").data
