"""The shell commands the documentation shows are commands: bash reads them, and commitrules knows every flag.

And the examples whose output or exit code a page states give that output and that exit code.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from commitrules.cli import EXIT_CASE, EXIT_OK, main
from commitrules.cli.main import build_parser, named_command
from tests.doc_blocks import ROOT, SHELL, Block, blocks, shell_lines, shell_script

SEPARATORS = {"&&", "||", "|", ";", "&"}
REDIRECTIONS = {">", ">>", "<", "2>"}


def _commitrules_calls(block: Block) -> list[list[str]]:
    """The argument lists of every ``commitrules`` (or ``.venv/bin/commitrules``) call of a shell block."""
    calls = []
    for line in shell_lines(block):
        lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        lexer.commenters = "#"
        command: list[str] = []
        for token in [*lexer, ";"]:
            if token not in SEPARATORS:
                command.append(token)
                continue
            while command and "=" in command[0] and not command[0].startswith("-"):
                command.pop(0)  # VARIABLE=value before the command
            if command and Path(command[0]).name == "commitrules":
                arguments, words = [], iter(command[1:])
                for word in words:
                    if word in REDIRECTIONS:
                        next(words, None)
                    else:
                        arguments.append(word)
                calls.append(arguments)
            command = []
    return calls


SHELL_BLOCKS = blocks(*SHELL)
CALLS = [(block, call) for block in SHELL_BLOCKS for call in _commitrules_calls(block)]


def test_the_pages_show_commands() -> None:
    """The collection finds the blocks (a renamed page or fence would otherwise leave nothing to check)."""
    assert len(SHELL_BLOCKS) >= 30
    assert len(CALLS) >= 40
    assert any(call[:1] == ["serve"] for _, call in CALLS)


@pytest.mark.parametrize("block", SHELL_BLOCKS, ids=str)
def test_every_shell_block_is_valid_bash(block: Block) -> None:
    """``bash -n``: quoting and parentheses (``--clause 二(二)3`` unquoted is a syntax error)."""
    bash = shutil.which("bash")
    assert bash is not None
    checked = subprocess.run(
        [bash, "-n"], input=shell_script(block), capture_output=True, text=True, check=False, timeout=30
    )
    assert 0 == checked.returncode, f"{block}: {checked.stderr}"


@pytest.mark.parametrize(("block", "arguments"), CALLS, ids=[f"{block}:{' '.join(call)[:40]}" for block, call in CALLS])
def test_every_commitrules_call_parses(block: Block, arguments: list[str]) -> None:
    """Each command, subcommand, flag and choice the pages name exists (parsed, not run)."""
    parser = build_parser("en", named_command(arguments))
    code: object = 0
    try:
        parser.parse_args(arguments)
    except SystemExit as exc:
        code = exc.code
    assert code == 0, f"{block}: commitrules {shlex.join(arguments)} is refused by the command line"


def _changed_pack(tmp_path: Path) -> Path:
    """The worked change of docs/authoring.md: the bundled pack and a copy with a mitigated score of 4."""
    shutil.copytree(ROOT / "policies", tmp_path / "policies")
    shutil.copytree(ROOT / "policies", tmp_path / "new-policies")
    settings = tmp_path / "new-policies" / "settings.yaml"
    text = settings.read_text(encoding="utf-8")
    changed = re.sub(r"(  leniency\.mitigated_min_score:\n    value: )3\n", r"\g<1>4\n", text)
    assert changed != text
    settings.write_text(changed, encoding="utf-8")
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    return tmp_path


def _shown_output(page: str, first_line: str) -> str:
    """The plain block of ``page`` that starts with ``first_line``."""
    for block in blocks("", pages=(page,)):
        if block.text.startswith(first_line):
            return block.text
    raise AssertionError(f"{page}: no block starts with {first_line!r}")


def _matches(shown: str, output: str) -> bool:
    """Whether ``output`` is ``shown`` line for line, a line ``...``/``……`` standing for any lines.

    Digests (``sha256:`` and 12 hex digits) are compared by form only, so that a change of the pack
    does not oblige every page to be edited; everything else must be as shown.
    """
    pattern = []
    for line in shown.splitlines():
        if line.strip() in {"...", "……"}:
            pattern.append(r"(?:[^\n]*\n)*?")
        else:
            pattern.append(re.sub(r"sha256:[0-9a-f]{12}", "sha256:[0-9a-f]{12}", re.escape(line)) + r"\n")
    return re.fullmatch("".join(pattern) + r"(?:[^\n]*\n)*", output) is not None


@pytest.mark.parametrize(
    ("page", "first_line"), [("docs/authoring.md", "Policy diff:"), ("docs/zh/authoring.md", "政策差异：")]
)
def test_the_diff_example_prints_what_is_shown(
    page: str, first_line: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``commitrules diff policies/ new-policies/ ...`` of the worked change prints the page's block."""
    calls = [call for block in blocks("sh", pages=(page,)) for call in _commitrules_calls(block)]
    (command,) = [call for call in calls if call[0] == "diff"]
    monkeypatch.chdir(_changed_pack(tmp_path))
    assert EXIT_OK == main(command)
    output = capsys.readouterr().out
    shown = _shown_output(page, first_line)
    assert _matches(shown, output), f"{page} shows:\n{shown}\nthe command prints:\n{output[:3000]}"


def test_the_quick_start_and_the_publication_exit_as_documented(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """README's evaluate of the examples and check --write-manifest (embedding.md): exit 0, a pack.lock."""
    monkeypatch.chdir(ROOT)
    assert EXIT_OK == main(["evaluate", "examples/cases/", "--as-of", "2020-06-01"])
    assert "lianyungang-2019-57" in capsys.readouterr().out
    shutil.copytree(ROOT / "policies", tmp_path / "staging" / "policies")
    monkeypatch.chdir(tmp_path)
    assert EXIT_OK == main(["check", "staging/policies", "--write-manifest"])
    assert (tmp_path / "staging" / "policies" / "pack.lock").is_file()


def test_a_batch_writes_the_records_embedding_md_shows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """One line per input line, an error record naming its line with the documented members; exit 1."""
    good = json.dumps({"kind": "credit_site", "content": {"items": ["dishonesty_info"]}})
    bad = json.dumps({"kind": "credit_site", "content": {"items": ["maybe"]}})
    (tmp_path / "cases.jsonl").write_text(f"{good}\n{good}\n{bad}\nnot json\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    argv = ["evaluate", "--jsonl", "cases.jsonl", "--out", "decisions.jsonl", "--as-of", "2020-06-01", "--lang", "en"]
    assert EXIT_CASE == main(argv)
    summary = capsys.readouterr().err
    assert re.search(r"4 lines: 2 decided, 2 errors \(invalid_case 1, invalid_json 1; first at line 3\)", summary)
    records = [json.loads(line) for line in (tmp_path / "decisions.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [record.get("line") for record in records] == [None, None, 3, 4]
    (error,) = records[2]["error"]["errors"]
    assert (records[2]["error"]["code"], error["path"]) == ("invalid_case", "$.content.items[0]")
    assert set(error) == {"path", "message", "expected", "found"}
    assert (tmp_path / "decisions.jsonl.run.json").is_file()
