"""The ``commitrules`` command: check policies, evaluate cases, print schemas, trace, draw, compare.

Exit codes (stable; scripts rely on them):
  0  done: the policies are valid / every case was evaluated
  1  an input case or case file is invalid: each is named on standard error, and every valid case is
     evaluated and printed all the same; with ``--jsonl``, some lines were invalid: the output is
     still complete, one error record for each of them (but a line past 16 MiB from a pipe or a device
     ends the batch: its record is the last line, and the message says so)
  2  the command line is wrong
  3  the policy pack is invalid
  4  the engine asked for is not installed
  5  an internal error of commitrules (a defect, reported with the case; never caused by bad input), or a
     batch worker process killed from outside (the message says so; --resume goes on)
  6  a file could not be read or written (a full disk, a permission, a device error): the message
     names it; a batch output keeps its complete lines, and ``--resume`` goes on from there; a case
     file or folder that cannot be read is one of the problems, every other case evaluated all the same
     (a path that names no file, missing or a folder where a file belongs, is an invalid input: 1)

``commitrules log`` (the decision log): 0 done, and for ``log verify`` the log is intact; 1 ``log verify``
found tampering, or a decision or tree size asked for is not in the log; 2 the command line, a key, a
head file or the database cannot be used (or the ``service`` extra is missing); 3 the pack of
``log replay --policies`` is invalid.

The package holds one module per command (argparse and printing only; the work is done by the stage
packages) and ``main``, whose ``COMMAND_MODULES`` list is the one place a command is added.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from commitrules.cli._common import (
    EXIT_CASE,
    EXIT_ENGINE,
    EXIT_INTERNAL,
    EXIT_IO,
    EXIT_OK,
    EXIT_POLICY,
    EXIT_USAGE,
)
from commitrules.cli.main import main

if TYPE_CHECKING:
    from types import ModuleType

    COMMANDS: tuple[ModuleType, ...]

__all__ = [
    "COMMANDS",
    "EXIT_CASE",
    "EXIT_ENGINE",
    "EXIT_INTERNAL",
    "EXIT_IO",
    "EXIT_OK",
    "EXIT_POLICY",
    "EXIT_USAGE",
    "main",
]


def __getattr__(name: str) -> Any:
    """``COMMANDS`` (every command's module) from :mod:`commitrules.cli.main`, imported when first used."""
    if name == "COMMANDS":
        import importlib  # noqa: PLC0415 - only for this name

        return importlib.import_module("commitrules.cli.main").COMMANDS  # the module (``main`` here is the function)
    msg = f"module '{__name__}' has no attribute '{name}'"
    raise AttributeError(msg)
