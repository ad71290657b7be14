"""One way to add a command: a module of ``commitrules.cli`` named in ``COMMANDS``, with register and run."""

from __future__ import annotations

import argparse
import pkgutil
from pathlib import Path

import pytest

import commitrules
from commitrules import cli
from commitrules.cli.main import COMMANDS, build_parser

SRC = Path(commitrules.__file__).parent


def test_every_command_module_is_registered() -> None:
    """Each public module of the cli package is a command, listed once in COMMANDS."""
    modules = {m.name for m in pkgutil.iter_modules(cli.__path__) if not m.name.startswith("_") and m.name != "main"}
    assert sorted(modules) == sorted(command.__name__.rsplit(".", 1)[1] for command in COMMANDS)
    assert len(COMMANDS) == len(set(COMMANDS))


@pytest.mark.parametrize("command", COMMANDS, ids=lambda m: m.__name__)
def test_a_command_module_registers_a_parser_and_runs(command: object) -> None:
    """register returns the parser it added, named after the module (audit_report: audit-report); run is what
    main calls."""
    sub = argparse.ArgumentParser().add_subparsers()
    parser = command.register(sub)  # type: ignore[attr-defined]
    assert isinstance(parser, argparse.ArgumentParser)
    assert parser.prog.endswith(" " + command.__name__.rsplit(".", 1)[1].replace("_", "-"))  # type: ignore[attr-defined]
    assert callable(command.run)  # type: ignore[attr-defined]


def test_the_parser_has_the_commands_in_order() -> None:
    """`commitrules --help` lists the commands in the order of COMMANDS, each running its module."""
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert [
        "check",
        "evaluate",
        "schema",
        "reference",
        "trace",
        "specification",
        "audit-report",
        "graph",
        "diff",
        "log",
        "serve",
    ] == list(action.choices)
    for command in COMMANDS:
        name = command.__name__.rsplit(".", 1)[1].replace("_", "-")
        assert command.run is action.choices[name].get_default("func")


def test_only_the_cli_package_builds_argparse_commands() -> None:
    """The stage packages do the work; no module outside cli/ imports argparse or adds a parser."""
    offenders = [
        str(path.relative_to(SRC))
        for path in sorted(SRC.rglob("*.py"))
        if path.parent.name != "cli"
        and ("import argparse" in (text := path.read_text(encoding="utf-8")) or "add_parser(" in text)
    ]
    assert [] == offenders
