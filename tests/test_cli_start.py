"""The command line builds the parser of the command it runs only, and imports no module only other commands use."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from commitrules.cli.main import build_parser, named_command
from commitrules.messages import Lang

HEAVY = (
    "networkx",
    "commitrules.authoring.diff",
    "commitrules.audit.pack_graphs",
    "fastapi",
    "commitrules.service.http.app",
    "commitrules.policy.compile.pipeline",
    "commitrules.audit.features",
    "commitrules.audit.report",
    "commitrules.audit.render",
    "commitrules.audit.specification",
    "commitrules.audit.trace",
    "commitrules.authoring.revision",
)


def test_building_the_parser_leaves_the_other_commands_modules_unimported() -> None:
    """`commitrules evaluate FILE` starts without what `graph`, `diff` and `serve` use."""
    code = (
        "import sys\n"
        "from commitrules.cli.main import build_parser\n"
        "build_parser().parse_args(['evaluate', 'x.yaml'])\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_a_diagram_still_imports_what_it_draws_with() -> None:
    """The diagrams import networkx themselves when one is drawn."""
    from commitrules import load_policies
    from commitrules.audit.diagrams import render_diagram

    assert render_diagram(load_policies(), "organization").startswith(("flowchart", "graph"))


def test_a_command_imports_no_other_commands_module() -> None:
    """`commitrules evaluate FILE` builds and imports the parser of `evaluate` only, and decides the case."""
    code = (
        "import contextlib, io, sys\n"
        "from commitrules.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        "    code = main(['--lang', 'en', 'evaluate', 'examples/cases/credit_site/all-five-items.yaml',\n"
        "                 '--as-of', '2020-06-01', '--format', 'json'])\n"
        'assert code == 0 and \'"outcome": "compliant"\' in out.getvalue(), out.getvalue()\n'
        "assert 'commitrules.engine.rete' not in sys.modules, 'the compiled engine decided: no rete'\n"
        "print(sorted(m for m in sys.modules if m.startswith('commitrules.cli.')))\n"
    )
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root).stdout
    assert out.strip() == str(
        ["commitrules.cli._common", "commitrules.cli._lang", "commitrules.cli.evaluate", "commitrules.cli.main"]
    )


ARGVS = [
    ["evaluate", "a.yaml", "--format", "json", "--as-of", "2020-06-01"],
    ["--lang", "zh", "evaluate", "--jsonl", "-", "--workers", "2"],
    ["--lang=en", "check", "policies", "--format", "json"],
    ["schema", "case", "credit_site"],
    ["audit-report", "--policies", "policies"],
    ["log", "verify", "--log", "x.db"],
    ["serve", "--port", "0"],
]


@pytest.mark.parametrize("argv", ARGVS, ids=" ".join)
def test_the_parser_of_one_command_reads_its_arguments_as_the_whole_parser(argv: list[str]) -> None:
    command = named_command(argv)
    assert command is not None
    assert vars(build_parser("en", command).parse_args(argv)) == vars(build_parser("en").parse_args(argv))


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    "argv", [["evaluate", "--engine", "nope"], ["check", "--max-errors", "-1"], ["evaluate", "--help"]]
)
def test_the_parser_of_one_command_says_its_usage_errors_and_help_as_the_whole_parser(
    argv: list[str], lang: Lang, capsys: pytest.CaptureFixture[str]
) -> None:
    said = []
    for parser in (build_parser(lang, named_command(argv)), build_parser(lang)):
        with pytest.raises(SystemExit) as exit_:
            parser.parse_args(argv)
        said.append((exit_.value.code, capsys.readouterr()))
    assert said[0] == said[1]
    assert said[0][1].out or said[0][1].err


@pytest.mark.parametrize("argv", [[], ["-h"], ["--help", "evaluate"], ["nope"], ["--la", "zh", "evaluate"], ["--lang"]])
def test_anything_but_a_command_first_gets_the_whole_parser(argv: list[str]) -> None:
    assert named_command(argv) is None
