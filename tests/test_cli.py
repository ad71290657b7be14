"""The command line: exit codes, JSON decisions with every field, clear errors and no tracebacks."""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from commitrules.cli import EXIT_CASE, EXIT_OK, EXIT_POLICY, EXIT_USAGE, main
from commitrules.engine.compiled import CompiledKind
from commitrules.policy.pack import KindPolicy

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "cases"
DECISION_FIELDS = {
    "kind",
    "case_id",
    "outcome",
    "reasons",
    "consequences",
    "measures",
    "route",
    "channels",
    "tools",
    "applied_by",
    "fired",
    "policy",
    "as_of",
}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_bundled_pack(capsys: pytest.CaptureFixture[str]) -> None:
    """`check` with no folder checks the bundled pack and says ok."""
    code, out, _ = run(capsys, "check")
    assert EXIT_OK == code
    assert out.startswith("ok: lianyungang-2019-57")


def test_check_broken_pack(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A broken pack exits 3 with the position and a caret, on stderr, and in JSON with --format json."""
    shutil.copytree(ROOT / "policies", tmp_path / "pk")
    target = tmp_path / "pk" / "credit_site.yaml"
    target.write_text(
        target.read_text(encoding="utf-8").replace("content.missing_items()", "content.missng_items()"),
        encoding="utf-8",
    )
    code, _, err = run(capsys, "check", str(tmp_path / "pk"))
    assert EXIT_POLICY == code
    assert "credit_site.yaml:" in err
    assert "unknown_function" in err
    assert "Did you mean 'missing_items'?" in err
    assert "^" in err
    code, out, _ = run(capsys, "check", str(tmp_path / "pk"), "--format", "json")
    assert EXIT_POLICY == code
    report = json.loads(out)
    assert ["unknown_function"] == [d["code"] for d in report["diagnostics"]]


def _pack_with_errors(target: Path, count: int, *, lint: bool = False) -> Path:
    """The test base pack plus ``count`` rules that each fail to compile (or, with ``lint``, never fire)."""
    shutil.copytree(ROOT / "tests" / "compile" / "base", target)
    when = "conduct.subject == 'unit' and conduct.subject == 'public_official'" if lint else "conduct.nope{n}"
    rules = "".join(
        f"  - id: r{n}\n    clause: 一(四)\n    quote: 依法依规依纪\n    title: {{zh: 规则, en: Rule}}\n"
        f"    when: {when.format(n=n)}\n    then: {{outcome: none}}\n"
        for n in range(count)
    )
    (target / "leniency.yaml").write_text(
        "kind: leniency\ntitle: {zh: 容错纠错, en: Leniency}\noutcomes: [none, not_applicable]\n"
        f"default: not_applicable\nrules:\n{rules}",
        encoding="utf-8",
    )
    return target


@pytest.mark.parametrize("lint", [False, True], ids=["compile", "lint"])
def test_issue_10_check_reports_the_count_and_shows_the_rest_on_request(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    lint: bool,  # noqa: FBT001
) -> None:
    """62 problems: JSON says 62 and lists the first 25 (--max-errors N: N, 0: all); text says how many more."""
    pack = str(_pack_with_errors(tmp_path / "pk", 62, lint=lint))
    found = 62 + 2 * lint  # lint also reports the base pack's two unused settings
    code, out, _ = run(capsys, "check", pack, "--format", "json")
    report = json.loads(out)
    assert (EXIT_POLICY, found, 25, 25) == (code, report["total"], report["shown"], len(report["diagnostics"]))
    report = json.loads(run(capsys, "check", pack, "--format", "json", "--max-errors", "0")[1])
    assert (found, found) == (report["shown"], len(report["diagnostics"]))
    assert 40 == len(json.loads(run(capsys, "check", pack, "--format", "json", "--max-errors", "40")[1])["diagnostics"])
    code, _, err = run(capsys, "check", pack)
    assert EXIT_POLICY == code
    assert f"... {found - 25} more not shown (--max-errors 0 shows all {found})" in err
    assert 25 == err.count("^")
    code, _, err = run(capsys, "check", pack, "--max-errors", "0")
    assert "more not shown" not in err
    assert found == err.count("^")


@pytest.mark.rete  # decides on both engines: needs durable-rules
def test_issue_10_derived_facts_durable_cannot_tell_apart_evaluate_on_rete(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A pack whose derived facts f1422789 and f1639192 share durable's hash: check passes, and evaluate
    --engine rete exits 0 with the compiled engine's decision (it exited 5, 'internal error')."""
    pack = tmp_path / "pk"
    shutil.copytree(ROOT / "tests" / "compile" / "base", pack)
    rule = "  - id: {id}\n    clause: 一(四)\n    quote: 依法依规依纪\n    title: {{zh: 规则, en: Rule}}\n{body}"
    rules = [
        rule.format(id="a", body="    when: conduct.rectified\n    then: {derive: [f1422789]}\n"),
        rule.format(id="b", body="    when: not conduct.rectified\n    then: {derive: [f1639192]}\n"),
        rule.format(id="c", body="    when: f1422789 and not f1639192\n    then: {outcome: none}\n"),
    ]
    (pack / "leniency.yaml").write_text(
        "kind: leniency\ntitle: {zh: 容错纠错, en: Leniency}\noutcomes: [none, not_applicable]\n"
        "default: not_applicable\nrules:\n" + "".join(rules),
        encoding="utf-8",
    )
    assert EXIT_OK == run(capsys, "check", str(pack))[0]
    cases = str(EXAMPLES / "leniency")
    outputs = []
    for engine in ("compiled", "rete"):
        code, out, err = run(
            capsys,
            "evaluate",
            cases,
            "--policies",
            str(pack),
            "--engine",
            engine,
            "--format",
            "json",
            "--as-of",
            "2020-06-01",
        )
        assert (EXIT_OK, "") == (code, err)
        outputs.append(json.loads(out))
    assert outputs[0] == outputs[1]
    assert {"none", "not_applicable"} == {d["outcome"] for d in outputs[0]}


def test_max_errors_must_be_a_whole_number(capsys: pytest.CaptureFixture[str]) -> None:
    """--max-errors -1, 'all' or digits that are not ASCII ('１', which int() reads as 1) is a usage error."""
    for value in ("-1", "all", "１", "٣", "+-1"):
        with pytest.raises(SystemExit) as stopped:
            main(["--lang", "en", "check", "--max-errors", value])
        assert EXIT_USAGE == stopped.value.code
        assert f"expected a whole number, 0 or more (0 shows all), found '{value}'" in capsys.readouterr().err


def test_evaluate_json_has_every_field(capsys: pytest.CaptureFixture[str]) -> None:
    """`evaluate --format json` prints one array of decisions, in input order, each with every field."""
    code, out, err = run(capsys, "evaluate", str(EXAMPLES), "--format", "json", "--as-of", "2020-06-01")
    assert EXIT_OK == code, err
    decisions = json.loads(out)
    files = sorted(p for p in EXAMPLES.rglob("*.yaml"))
    assert len(files) == len(decisions)
    assert [p.parent.name for p in files] == [d["kind"] for d in decisions]
    for decision in decisions:
        assert DECISION_FIELDS == set(decision)
        assert "2020-06-01" == decision["as_of"]
        assert {"name", "version", "digest"} == set(decision["policy"])
        for fired in decision["fired"]:
            assert {"rule", "clause", "title", "quote", "interpretation", "facts"} == set(fired)


def test_invalid_case(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """An invalid case exits 1, names the file, the JSON path, expected and found; prints no decision."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("kind: credit_site\ncontent:\n  items: [dishonesty_info, risk_notise]\n", encoding="utf-8")
    code, out, err = run(capsys, "evaluate", str(bad))
    assert EXIT_CASE == code
    assert "" == out
    assert "bad.yaml" in err
    assert "$.content.items[1]" in err
    assert "risk_notise" in err


def test_unknown_kind_and_bad_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A wrong kind lists the known kinds; broken JSON says where."""
    (tmp_path / "a.json").write_text('{"kind": "aplication"}', encoding="utf-8")
    (tmp_path / "b.json").write_text('{"kind": ', encoding="utf-8")
    code, _, err = run(capsys, "evaluate", str(tmp_path))
    assert EXIT_CASE == code
    assert "a.json: $.kind" in err
    assert "application" in err
    assert "b.json" in err


def test_bad_as_of(capsys: pytest.CaptureFixture[str]) -> None:
    """A date that is not a date is a usage error."""
    code, _, err = run(capsys, "evaluate", str(EXAMPLES), "--as-of", "yesterday")
    assert EXIT_USAGE == code
    assert "yesterday" in err


@pytest.mark.parametrize("target", ["policy", "settings", "clauses", "organization", "pack", "decision", "case"])
def test_schema(capsys: pytest.CaptureFixture[str], target: str) -> None:
    """Every schema target prints a JSON Schema object."""
    code, out, _ = run(capsys, "schema", target)
    assert EXIT_OK == code
    schema = json.loads(out)
    assert isinstance(schema, dict)
    assert "properties" in schema or "$defs" in schema or "oneOf" in schema or "anyOf" in schema


def test_schema_of_one_kind(capsys: pytest.CaptureFixture[str]) -> None:
    """`schema case KIND` is that kind's model; an unknown kind is a usage error."""
    code, out, _ = run(capsys, "schema", "case", "verification")
    assert EXIT_OK == code
    assert "result" in json.loads(out)["properties"]
    code, _, err = run(capsys, "schema", "case", "verifcation")
    assert EXIT_USAGE == code
    assert "verification" in err


@pytest.mark.slow
def test_no_traceback_from_a_real_process(tmp_path: Path) -> None:
    """Run as a process, bad input gives a message and a non-zero exit, never a Python traceback."""
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"kind: credit_site\ncontent: {items: [\xff]}\n")
    result = subprocess.run(
        [sys.executable, "-m", "commitrules.cli", "evaluate", str(bad)], capture_output=True, text=True, check=False
    )
    assert EXIT_CASE == result.returncode
    assert "Traceback" not in result.stderr
    assert "bad.yaml" in result.stderr


def test_internal_error_is_reported_not_a_traceback(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A defect inside an engine becomes one clear message and exit code 5, never a traceback."""
    from commitrules.engine import evaluator

    def broken(*_: object) -> None:
        raise ZeroDivisionError("boom")

    real = evaluator.build_kind

    def patched(policy: KindPolicy) -> CompiledKind:
        return dataclasses.replace(real(policy), evaluate=broken)  # type: ignore[arg-type]

    monkeypatch.setattr(evaluator, "build_kind", patched)
    code, out, err = run(capsys, "evaluate", str(EXAMPLES / "credit_site"), "--as-of", "2020-06-01")
    assert 5 == code
    assert "" == out
    assert "internal error" in err
    assert "ZeroDivisionError: boom" in err
    assert "defect of commitrules" in err


@pytest.mark.parametrize("encoding", ["latin-1", "ascii"])
@pytest.mark.parametrize("argv", [["evaluate", str(EXAMPLES / "credit_site")], ["check"]])
def test_an_output_that_cannot_show_chinese_is_one_error(encoding: str, argv: list[str]) -> None:
    """Standard output in an encoding without Chinese (a latin-1 terminal): exit 6 and one line saying how
    to fix it, in English when standard error cannot show Chinese either; print() raised UnicodeEncodeError."""
    import os

    env = {**os.environ, "PYTHONIOENCODING": encoding}
    result = subprocess.run(
        [sys.executable, "-m", "commitrules.cli", "--lang", "zh", *argv], capture_output=True, env=env, check=False
    )
    err = result.stderr.decode(encoding)
    said = f"commitrules: error: cannot write 'standard output': its encoding '{encoding}' cannot show these characters"
    assert (6, True, False) == (result.returncode, err.startswith(said), "Traceback" in err), err
    assert 1 == len(err.strip().splitlines())
