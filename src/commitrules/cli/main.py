"""The command line's parser and ``main``; ``COMMANDS`` is the one list of commands.

A command is a module of this package with two functions:

- ``register(subparsers) -> argparse.ArgumentParser``: add the command's parser and its arguments;
- ``run(args) -> int``: do the command (through the stage packages) and return the exit code.

Adding a command is writing such a module and naming it in ``COMMANDS`` (the order is the order of
``commitrules --help``).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence
from types import ModuleType

from commitrules.cli import (
    audit_report,
    check,
    diff,
    evaluate,
    graph,
    log,
    reference,
    schema,
    serve,
    specification,
    trace,
)
from commitrules.cli._common import EXIT_INTERNAL, EXIT_IO, EXIT_OK
from commitrules.cli._lang import localize, parser_class, ui_lang, walk_parsers
from commitrules.errors import EvaluationError
from commitrules.messages import Lang, message, os_reason

__all__ = ["COMMANDS", "build_parser", "main"]

#: Every command, in the order of ``commitrules --help``.
COMMANDS: tuple[ModuleType, ...] = (
    check,
    evaluate,
    schema,
    reference,
    trace,
    specification,
    audit_report,
    graph,
    diff,
    log,
    serve,
)


def build_parser(lang: Lang = "en") -> argparse.ArgumentParser:
    """The parser of ``commitrules`` with every command of ``COMMANDS``, its help in ``lang``.

    Every command takes ``--lang zh|en`` (the language of its messages and help); ``evaluate`` and
    ``diff`` had it before, for their explanations, and keep their own help for it.
    """
    parser = parser_class(lang)(
        prog="commitrules",
        description=message("help.description", "en"),
        epilog=message("help.epilog", "en"),
    )
    parser.add_argument("--lang", choices=("zh", "en"), default=None, dest="ui_lang", help=message("help.lang", "en"))
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command_parser = command.register(sub)
        command_parser.set_defaults(func=command.run)
        for each in walk_parsers(command_parser):  # and the commands of a command (log keygen, log verify, ...)
            if "--lang" not in each._option_string_actions:  # noqa: SLF001 - argparse has no public test
                each.add_argument("--lang", choices=("zh", "en"), default=None, help=message("help.lang", "en"))
    localize(parser, lang)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    lang = ui_lang(arguments)
    args = build_parser(lang).parse_args(arguments)
    args.ui_lang = lang
    try:
        code = int(args.func(args))
        sys.stdout.flush()  # a full device fails here, not at exit with a traceback
    except EvaluationError as exc:
        print(message("cli.internal_error", lang, message=exc), file=sys.stderr)
        return EXIT_INTERNAL
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        _drop_stdout()
        return EXIT_OK
    except OSError as exc:
        target = exc.filename if exc.filename is not None else message("cli.stdout", lang)
        reason = message("cli.cannot_write", lang, target=target, reason=os_reason(exc))
        print(message("cli.error", lang, message=reason), file=sys.stderr)
        _drop_stdout()
        return EXIT_IO
    return code


def _drop_stdout() -> None:
    """Point standard output at the null device, so that the exit does not fail again flushing what is left."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
