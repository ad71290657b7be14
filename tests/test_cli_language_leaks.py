"""Every command's error paths speak one language: no English sentence under ``--lang zh``, no Chinese
under ``--lang en`` (codes, paths, identifiers and quoted values excepted; see tests/language_leaks.py).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from commitrules.cli import main
from tests.language_leaks import chinese_characters, english_runs
from tests.pages.test_pages_words import _py_words  # the pages' detector of a private dictionary

ROOT = Path(__file__).resolve().parents[1]
COMPILE = ROOT / "tests" / "compile"


def _broken_pack(tmp_path: Path, case: str) -> str:
    """The files of tests/compile/base with those of the broken case ``case`` over them."""
    target = tmp_path / case
    target.mkdir()
    for source in [*(COMPILE / "base").iterdir(), *(COMPILE / "errors" / case).iterdir()]:
        if source.name != "expected.yaml" and source.suffix == ".yaml":
            shutil.copy(source, target / source.name)
    return str(target)


def _files(tmp_path: Path) -> dict[str, str]:
    """Inputs the error paths need: a bad case file, a JSON Lines file, a key that exists."""
    bad_case = tmp_path / "bad.yaml"
    bad_case.write_text("kind: leniency\nconduct: {context: nowhere, sore: 3, rectified: maybe}\n", encoding="utf-8")
    broken_yaml = {
        "yaml_quote": 'kind: summary\nreport:\n  sections: "progress\n',
        "yaml_indent": "kind: summary\nreport:\n  sections: [progress]\n bad: 1\n",
        "yaml_block": "kind: summary\nreport: |0\n  x\n",
        "yaml_directive": "%YAML 1.1\n%YAML 1.1\n---\nkind: summary\n",
        "yaml_tag": "kind: summary\nreport: !<tag:x {}\n",
    }
    for name, text in broken_yaml.items():
        (tmp_path / f"{name}.yaml").write_text(text, encoding="utf-8")
    bad_json = tmp_path / "bad.json"
    bad_json.write_text('{"kind": "leniency",}', encoding="utf-8")
    lines = tmp_path / "in.jsonl"
    lines.write_text('{"kind": "leniency"}\nnot json\n', encoding="utf-8")
    key = tmp_path / "key.pem"
    key.write_text("x", encoding="utf-8")
    head = tmp_path / "head.json"
    head.write_text("{not json", encoding="utf-8")
    broken_features = tmp_path / "broken-features"
    broken_features.mkdir()
    (broken_features / "bad.feature").write_text(
        "Feature: x\n  Scenario: y\n    Given a\n  this line is no step\n", encoding="utf-8"
    )
    gbk_features = tmp_path / "gbk-features"
    gbk_features.mkdir()
    (gbk_features / "gbk.feature").write_bytes("# language: zh-CN\n功能: 核查\n".encode("gbk"))
    infinite = tmp_path / "infinite.yaml"
    example = (ROOT / "examples" / "cases" / "verification" / "refundable-fees-on-revocation.yaml").read_text("utf-8")
    infinite.write_text(example.replace("fees_paid: 300", "fees_paid: .inf"), encoding="utf-8")
    fullwidth = tmp_path / "fullwidth.yaml"
    fullwidth.write_text(example.replace("fees_paid: 300", "fees_paid: ３００"), encoding="utf-8")
    not_xml = tmp_path / "not.xml"
    not_xml.write_text("<testsuites><testsuite>", encoding="utf-8")
    junk_db = tmp_path / "junk.db"
    junk_db.write_bytes(b"no SQLite database, but a file of text " * 8)
    no_results = tmp_path / "empty.xml"
    no_results.write_text('<testsuites><testsuite tests="0" timestamp="x"/></testsuites>', encoding="utf-8")
    return {
        "bad_json": str(bad_json),
        "bad_case": str(bad_case),
        "jsonl": str(lines),
        "key": str(key),
        "head": str(head),
        "broken_features": str(broken_features),
        "gbk_features": str(gbk_features),
        "not_xml": str(not_xml),
        "infinite": str(infinite),
        "fullwidth": str(fullwidth),
        "no_results": str(no_results),
        "junk_db": str(junk_db),
        "tmp": str(tmp_path),
        **{name: str(tmp_path / f"{name}.yaml") for name in broken_yaml},
    }


#: Each error path: the arguments (``{name}`` filled from ``_files`` and ``pack:<case>``) and its exit code.
ERROR_PATHS: list[tuple[list[str], int]] = [
    (["check", "{pack:unknown_field}"], 3),
    (["check", "{pack:yaml_syntax_tab}"], 3),
    (["check", "{pack:unknown_name}"], 3),
    (["check", "{pack:wrong_type_setting_value}"], 3),
    (["check", "{pack:yaml_syntax_unclosed_bracket}"], 3),
    (["check", "{pack:unknown_enum_literal}"], 3),
    (["check", "{pack:forbidden_syntax}"], 3),
    (["check", "{pack:unknown_condition_operator}"], 3),
    (["check", "{pack:non_specific_tag_setting}"], 3),
    (["check", "{pack:fullwidth_digits_setting}"], 3),
    (["check", "{pack:ideographic_space_setting}"], 3),
    (["check", "{tmp}/nowhere"], 3),
    (["check", "--max-errors", "x"], 2),
    (["check", "--bogus"], 2),
    (["check", "{pack:unknown_field}", "--write-manifest", "--format", "xml"], 2),
    (["evaluate"], 2),
    (["evaluate", "{bad_case}"], 1),
    (["evaluate", "{tmp}/no-such-case.yaml"], 1),
    (["evaluate", "{infinite}"], 1),
    (["evaluate", "{fullwidth}"], 1),
    (["evaluate", "{bad_json}"], 1),
    (["evaluate", "{yaml_quote}"], 1),
    (["evaluate", "{yaml_indent}"], 1),
    (["evaluate", "{yaml_block}"], 1),
    (["evaluate", "{yaml_directive}"], 1),
    (["evaluate", "{yaml_tag}"], 1),
    (["evaluate", "{bad_case}", "--as-of", "2020-13-01"], 2),
    (["evaluate", "--jsonl", "{jsonl}", "{bad_case}"], 2),
    (["evaluate", "--jsonl", "{jsonl}", "--workers", "0"], 2),
    (["evaluate", "--jsonl", "{jsonl}", "--resume"], 2),
    (["evaluate", "--jsonl", "{tmp}/missing.jsonl"], 1),
    (["evaluate", "--jsonl", "{jsonl}", "--out", "{jsonl}"], 2),
    (["evaluate", "--jsonl", "{jsonl}", "--dask", "local:x", "--out", "{tmp}/o.jsonl"], 2),
    (["evaluate", "--engine", "fast", "{bad_case}"], 2),
    (["diff", "{tmp}"], 2),
    (["diff", "--against", "HEAD", "{tmp}"], 2),
    (["schema", "case", "--kind", "nothing"], 2),
    (["reference", "--out", "{tmp}/no/such/folder/ref.md"], 6),
    (["trace", "--features", "{tmp}/no-features"], 2),
    (["specification", "--junit", "{tmp}/none.xml", "--features", "features"], 2),
    (["audit-report", "--features", "{tmp}/no-features"], 2),
    (["trace", "--features", "{broken_features}"], 1),
    (["trace", "--features", "{gbk_features}"], 1),
    (["trace", "--clause", "二(二)9"], 2),
    (["specification", "--junit", "{not_xml}", "--features", "features"], 2),
    (["specification", "--junit", "{tmp}/none.xml", "--features", "{broken_features}"], 2),
    (["audit-report", "--features", "{broken_features}", "--out", "{tmp}/r"], 1),
    (["audit-report", "--junit", "{not_xml}", "--out", "{tmp}/r"], 1),
    (["audit-report", "--junit", "{no_results}", "--out", "{tmp}/r"], 1),
    (["graph", "rules", "--kind", "nothing"], 2),
    (["log", "prove", "--log-url", "sqlite:///{tmp}/none.db"], 2),
    (["log", "keygen", "{key}"], 2),
    (["log", "verify", "--log-url", "sqlite:///:memory:", "--head", "{head}"], 2),
    (["serve", "--host", "192.0.2.1", "--no-log"], 2),  # refused before binding: no tokens
    (["serve", "--port", "-1", "--no-log"], 2),
    (["serve", "--log-url", "bogus://x"], 2),  # refused when the log is opened, before binding
    (["log", "verify", "--log-url", "bogus://x"], 2),
    (["log", "verify", "--log-url", "sqlite:///{junk_db}"], 2),  # the driver's words, quoted after ours
    (["serve", "--log-url", "sqlite:///{junk_db}"], 2),
]


def _exit_code(argv: list[str]) -> int:
    """The exit code of ``commitrules ARGV`` (argparse exits on a usage error)."""
    try:
        return main(argv)
    except SystemExit as exc:
        return int(exc.code or 0)


def _argv(template: list[str], files: dict[str, str], tmp_path: Path) -> list[str]:
    out = []
    for arg in template:
        if arg.startswith("{pack:"):
            out.append(_broken_pack(tmp_path, arg[6:-1]))
        else:
            out.append(arg.format(**files))
    return out


@pytest.mark.parametrize(("template", "code"), ERROR_PATHS, ids=[" ".join(a) for a, _ in ERROR_PATHS])
def test_error_paths_speak_one_language(
    template: list[str], code: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An error path prints no English sentence in Chinese and no Chinese in English, with its exit code."""
    files = _files(tmp_path)
    for lang in ("zh", "en"):
        argv = [
            *_argv(template, files, tmp_path / lang if (tmp_path / lang).mkdir() is None else tmp_path),
            "--lang",
            lang,
        ]
        assert code == _exit_code(argv), argv
        captured = capsys.readouterr()
        printed = captured.err + captured.out
        assert printed.strip(), argv
        if lang == "zh":
            assert [] == english_runs(printed), printed
        else:
            assert [] == chinese_characters(printed), printed


def _batch_records(tmp_path: Path, name: str, extra: list[str]) -> list[dict[str, object]]:
    """The output records of ``evaluate --jsonl`` over a good line and a bad one (exit 1)."""
    lines = tmp_path / "in.jsonl"
    lines.write_text('{"kind": "credit_site", "content": {"items": []}}\nnot json\n', encoding="utf-8")
    out = tmp_path / f"{name}.jsonl"
    assert 1 == main(["evaluate", "--jsonl", str(lines), "--out", str(out), "--as-of", "2020-05-10", *extra])
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def _machine_fields(record: dict[str, object]) -> object:
    """What a program reads in an error record: its line, code and paths (the same in every language)."""
    error = record["error"]
    assert isinstance(error, dict)
    return record["line"], error["code"], [item["path"] for item in error["errors"]]


def test_a_batch_error_record_speaks_the_commands_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The words of a bad line's error record follow --lang (else the locale), as the rest of the command
    does; its line, code and paths are the same in each language."""
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    records = {lang: _batch_records(tmp_path, lang, ["--lang", lang]) for lang in ("zh", "en")}
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    records["locale"] = _batch_records(tmp_path, "locale", [])
    summary = capsys.readouterr().err
    assert "not json" not in summary
    assert "outcome" in records["zh"][0]
    assert records["zh"][0] == records["en"][0]  # a decision is the same in each language
    assert "invalid_json" == records["en"][1]["error"]["code"]
    assert _machine_fields(records["en"][1]) == _machine_fields(records["zh"][1])
    english, chinese = records["en"][1]["error"]["errors"][0], records["zh"][1]["error"]["errors"][0]
    assert "Invalid JSON at column 1: Expecting value" == english["message"]
    assert "one JSON object (a case) per line" == english["expected"]
    assert [] == chinese_characters(json.dumps(records["en"][1], ensure_ascii=False))
    assert "第 1 列的 JSON 无效：这里应当是一个值" == chinese["message"]
    assert "每行一个 JSON 对象（一个案件）" == chinese["expected"]
    assert english["found"] == chinese["found"]  # the line's own text, quoted
    assert records["zh"] == records["locale"]


@pytest.mark.parametrize(
    "line",
    [
        b"",
        b"not json",
        b"\xff",
        b"NaN",
        b'{"a": 1, "a": 2}',
        b"[" * 3000,
        b"1" * 5000,
        b'{"kind": "leniency", "conduct": {"context": "x"}}',
        b'{"kind": "nothing"}',
    ],
)
def test_every_error_record_has_its_words_in_both_languages(line: bytes) -> None:
    """Each way a line fails words its record in Chinese under 'zh' and in English under 'en', with the
    same code and paths."""
    from commitrules import load_policies
    from commitrules.service.batch import evaluate_line

    pack = load_policies()
    day = dt.date(2020, 5, 10)
    zh, zh_code = evaluate_line(pack, line, 2, as_of=day, engine="compiled", lang="zh")
    en, en_code = evaluate_line(pack, line, 2, as_of=day, engine="compiled", lang="en")
    assert en_code is not None
    assert en_code == zh_code
    assert _machine_fields(json.loads(en)) == _machine_fields(json.loads(zh))
    for item in json.loads(zh)["error"]["errors"]:
        assert [] == english_runs(f"{item['message']} {item['expected']}"), item
    for item in json.loads(en)["error"]["errors"]:
        assert [] == chinese_characters(f"{item['message']} {item['expected']} {item['found']}"), item


SECRET = "s" * 40
#: Refusals of ``serve`` for its tokens and settings: (environment, arguments).
SERVE_REFUSALS: list[tuple[dict[str, str], list[str]]] = [
    ({"COMMITRULES_TOKENS": "a:evaluate"}, []),
    ({"COMMITRULES_TOKENS": f"a b:evaluate:{SECRET}"}, []),
    ({"COMMITRULES_TOKENS": f"a:bogus:{SECRET}"}, []),
    ({"COMMITRULES_TOKENS": f"a::{SECRET}"}, []),
    ({"COMMITRULES_TOKENS": "a:evaluate:short"}, []),
    ({"COMMITRULES_TOKENS": f"a:evaluate:{SECRET};a:admin:{SECRET}"}, []),
    ({}, ["--tokens-file", "{tmp}/no-tokens"]),
    ({}, ["--tokens-file", "{tmp}/tokens"]),
    ({}, ["--tokens-file", "{tmp}/tokens-latin1"]),  # not UTF-8: was Python's "'utf-8' codec can't decode"
    ({"COMMITRULES_MAX_BODY_BYTES": "x"}, []),
    ({"COMMITRULES_NO_LOG": "maybe"}, []),
    ({"COMMITRULES_TIMEOUT": "soon"}, []),
    ({}, ["--port", "eighty"]),
]


@pytest.mark.parametrize(("env", "args"), SERVE_REFUSALS, ids=[f"{e} {a}" for e, a in SERVE_REFUSALS])
def test_serve_refuses_tokens_and_settings_in_one_language(
    env: dict[str, str],
    args: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A bad token entry or setting is refused (exit 2) in the chosen language, its entry named in that language."""
    (tmp_path / "tokens").write_text("a evaluate\n", encoding="utf-8")
    (tmp_path / "tokens-latin1").write_bytes(f"caf\xe9 evaluate {SECRET}\n".encode("latin-1"))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    no_log = [] if "COMMITRULES_NO_LOG" in env else ["--no-log"]  # the flag would win over the variable
    argv = ["serve", *no_log, *(a.format(tmp=tmp_path) for a in args)]
    for lang in ("zh", "en"):
        assert 2 == _exit_code([*argv, "--lang", lang])
        printed = capsys.readouterr().err
        if lang == "zh":
            assert [] == english_runs(printed), printed
            assert "entry" not in printed
            assert "(none)" not in printed
            assert "No such file" not in printed
            assert "int()" not in printed
        else:
            assert [] == chinese_characters(printed), printed


# --- normal output ----------------------------------------------------------------------------------

#: Commands whose normal (non-error) output must speak the language of --lang: (arguments, exit code).
#: ``reference`` and ``graph`` without --lang write Chinese beside English (docs/policy-reference.md,
#: docs/diagrams.md); with it, one language.
NORMAL_OUTPUT: list[tuple[list[str], int]] = [
    (["--help"], 0),
    *(([command, "--help"], 0) for command in ("check", "evaluate", "schema", "reference", "trace", "graph", "diff")),
    *(([command, "--help"], 0) for command in ("specification", "audit-report", "serve", "log")),
    *((["log", sub, "--help"], 0) for sub in ("keygen", "head", "verify", "prove", "export", "prune", "replay")),
    (["check"], 0),
    (["evaluate", "examples/cases/verification", "--as-of", "2020-06-01"], 0),
    (["evaluate", "examples/cases/leniency", "--as-of", "2020-06-01"], 0),
    (["reference"], 0),
    (["trace"], 0),
    (["trace", "--clause", "二(二)1"], 0),
    (["trace", "--clause", "二(二)3", "--junit", "{junit}"], 0),  # its last line, the run's, was English
    (["audit-report", "--out", "{tmp}/report"], 0),
    (["graph", "organization"], 0),
    (["graph", "rules", "--kind", "verification"], 0),
    (["graph", "consequences"], 0),
    (["diff", "policies", "{tmp}/changed", "--cases", "examples/cases", "--as-of", "2020-06-01"], 0),
    (["schema", "settings"], 0),
    (["log", "keygen", "{tmp}/new.pem"], 0),
    (["log", "head", "--log-url", "{log}"], 0),
    (["log", "verify", "--log-url", "{log}"], 0),
    (["log", "prove", "--log-url", "{log}", "{decision}"], 0),
    (["log", "replay", "--log-url", "{log}", "--policies", "{tmp}/changed"], 0),
]
#: Mermaid statements (``class x missing``) and argparse's usage lines name things; they are no sentence.
_NOT_PROSE = re.compile(r"^\s*(?:class|classDef) .*$|^(?:用法|usage)[:：].*(?:\n {8,}.*)*", re.MULTILINE)


def _normal_inputs(tmp_path: Path) -> dict[str, str]:
    """A changed copy of the pack, and a decision log of two example decisions."""
    from commitrules import load_policies
    from commitrules.service.log import DecisionLog

    changed = tmp_path / "changed"
    shutil.copytree(ROOT / "policies", changed)
    settings = changed / "settings.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("value: 30\n", "value: 20\n", 1), encoding="utf-8")
    pack = load_policies()
    url = f"sqlite:///{tmp_path / 'decisions.db'}"
    cases = sorted((ROOT / "examples" / "cases" / "verification").glob("*.yaml"))[:2]
    with DecisionLog.open(url) as log:
        records = []
        for i, path in enumerate(cases):
            case = yaml.safe_load(path.read_text(encoding="utf-8"))
            decision = pack.evaluate(case, as_of=dt.date(2020, 6, 1))
            records += log.append_many(
                [{"case": case, "decision": decision, "engine": "compiled", "caller": "t", "request_id": f"r{i}"}]
            )
    junit = tmp_path / "features.xml"  # one scenario of the bundled pack, passed on the compiled engine
    props = {"feature": "zh-CN/blacklist.feature", "line": "31", "engine": "compiled", "pack_digest": pack.digest}
    shown = "".join(f'<property name="{k}" value="{v}"/>' for k, v in props.items())
    junit.write_text(
        f'<testsuites><testsuite tests="1" timestamp="2026-12-01T10:00:00"><testcase name="s">'
        f"<properties>{shown}</properties></testcase></testsuite></testsuites>",
        encoding="utf-8",
    )
    return {"tmp": str(tmp_path), "log": url, "decision": str(records[0].decision_id), "junit": str(junit)}


@pytest.fixture(scope="module")
def normal_inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return _normal_inputs(tmp_path_factory.mktemp("normal"))


@pytest.mark.parametrize(("template", "code"), NORMAL_OUTPUT, ids=[" ".join(a) for a, _ in NORMAL_OUTPUT])
def test_normal_output_speaks_one_language(
    template: list[str],
    code: int,
    normal_inputs: dict[str, str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """What a command prints when all goes well (help, tables, summaries, diagrams, reports) has no English
    sentence under --lang zh (scenario names and titles of the pack included)."""
    monkeypatch.chdir(ROOT)
    argv = [a.format(**normal_inputs) for a in template]
    assert code == _exit_code([*argv, "--lang", "zh"]), argv
    captured = capsys.readouterr()
    printed = captured.out + captured.err
    if "--out" in argv:
        folder = Path(argv[argv.index("--out") + 1])
        printed += "".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.md")))
    assert printed.strip(), argv
    # argparse wraps help at 80 columns, also inside a quoted command: join its continuation lines first
    prose = _NOT_PROSE.sub(" ", re.sub(r"\n {20,}", " ", printed))
    assert [] == english_runs(prose), printed[:2000]


#: Commands whose normal output under --lang en has no Chinese at all (clause ids and the law's text aside,
#: which ``trace`` and the reports quote): a summary, a table, a decision's explanation, a log's state.
NORMAL_OUTPUT_EN: list[list[str]] = [
    ["check"],
    ["evaluate", "examples/cases/verification", "--as-of", "2020-06-01"],
    ["graph", "organization"],
    ["schema", "settings"],
    ["diff", "policies", "{tmp}/changed", "--cases", "examples/cases", "--as-of", "2020-06-01"],
    ["log", "head", "--log-url", "{log}"],
    ["log", "verify", "--log-url", "{log}"],
    ["log", "prove", "--log-url", "{log}", "{decision}"],
]


@pytest.mark.parametrize("template", NORMAL_OUTPUT_EN, ids=[" ".join(a) for a in NORMAL_OUTPUT_EN])
def test_normal_output_in_english_has_no_chinese(
    template: list[str],
    normal_inputs: dict[str, str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The same commands under --lang en say nothing in Chinese."""
    monkeypatch.chdir(ROOT)
    argv = [a.format(**normal_inputs) for a in template]
    assert 0 == _exit_code([*argv, "--lang", "en"]), argv
    captured = capsys.readouterr()
    printed = captured.out + captured.err
    assert printed.strip(), argv
    assert [] == chinese_characters(printed), printed[:2000]


#: Modules that say things to policy staff and auditors with the catalogues' words only: a Chinese literal,
#: or a dictionary of texts that read as words, would be a second catalogue beside messages/*.yaml.
WORDLESS = [
    "service/log/verify.py",  # had _KIND_ZH, _ORIGIN_ZH and each finding written in both languages
    "audit/render.py",
    "audit/report.py",
    "audit/specification.py",  # had _STATUS_TEXT and the page's paragraphs in both languages
    "cli/audit_report.py",
    "cli/log.py",
    "cli/diff.py",
    "cli/check.py",
    "cli/evaluate.py",
    "_lookalike.py",
]


@pytest.mark.parametrize("module", WORDLESS)
def test_modules_that_speak_to_staff_carry_no_words_of_their_own(module: str) -> None:
    """Chinese first, from one catalogue per language: their words are in src/commitrules/messages/."""
    source = (ROOT / "src" / "commitrules" / module).read_text(encoding="utf-8")
    assert [] == _py_words(source)
