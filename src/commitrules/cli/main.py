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

from commitrules.cli import check, diff, evaluate, graph, log, reference, schema, serve, specification, trace
from commitrules.cli._common import EXIT_INTERNAL, EXIT_IO, EXIT_OK
from commitrules.errors import EvaluationError

__all__ = ["COMMANDS", "build_parser", "main"]

#: Every command, in the order of ``commitrules --help``.
COMMANDS: tuple[ModuleType, ...] = (
    check,
    evaluate,
    schema,
    reference,
    trace,
    specification,
    graph,
    diff,
    log,
    serve,
)


def build_parser() -> argparse.ArgumentParser:
    """The parser of ``commitrules`` with every command of ``COMMANDS``."""
    parser = argparse.ArgumentParser(
        prog="commitrules",
        description="Rules of the notification-and-commitment system (证明事项告知承诺制), explained.",
        epilog="Exit codes: 0 done, 1 invalid case, 2 usage, 3 invalid policies, 4 engine not installed, "
        "5 internal error, 6 a file could not be read or written.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.register(sub).set_defaults(func=command.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = build_parser().parse_args(argv)
    try:
        code = int(args.func(args))
        sys.stdout.flush()  # a full device fails here, not at exit with a traceback
    except EvaluationError as exc:
        print(f"commitrules: internal error: {exc}", file=sys.stderr)
        return EXIT_INTERNAL
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        _drop_stdout()
        return EXIT_OK
    except OSError as exc:
        target = exc.filename if exc.filename is not None else "standard output"
        print(f"commitrules: error: cannot write '{target}': {exc.strerror or exc}", file=sys.stderr)
        _drop_stdout()
        return EXIT_IO
    return code


def _drop_stdout() -> None:
    """Point standard output at the null device, so that the exit does not fail again flushing what is left."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
