"""The command line's parser and ``main``; ``COMMAND_MODULES`` is the one list of commands.

A command is a module of this package with two functions:

- ``register(subparsers) -> argparse.ArgumentParser``: add the command's parser and its arguments;
- ``run(args) -> int``: do the command (through the stage packages) and return the exit code.

Adding a command is writing such a module and naming it in ``COMMAND_MODULES`` (the order is the order
of ``commitrules --help``). ``main`` imports and builds the parser of the command named on the command
line only.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import importlib
import os
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import TYPE_CHECKING

from commitrules._bundled import BundledPackMissingError
from commitrules.cli._common import EXIT_INTERNAL, EXIT_IO, EXIT_OK, EXIT_POLICY, EXIT_USAGE, OutputIsInputError
from commitrules.cli._lang import explicit_lang, localize, parser_class, ui_lang, walk_parsers
from commitrules.errors import EvaluationError
from commitrules.messages import Lang, message, os_reason

__all__ = ["COMMANDS", "COMMAND_MODULES", "build_parser", "main", "named_command"]

if TYPE_CHECKING:
    #: Every command's module, in the order of ``commitrules --help`` (see ``__getattr__``).
    COMMANDS: tuple[ModuleType, ...]

#: Every command's name on the command line and its module in this package, in the order of
#: ``commitrules --help``. A command's module is imported when the command is used or listed.
COMMAND_MODULES: dict[str, str] = {
    "check": "check",
    "evaluate": "evaluate",
    "schema": "schema",
    "reference": "reference",
    "trace": "trace",
    "specification": "specification",
    "audit-report": "audit_report",
    "graph": "graph",
    "diff": "diff",
    "log": "log",
    "serve": "serve",
}


def _module(name: str) -> ModuleType:
    return importlib.import_module(f"commitrules.cli.{COMMAND_MODULES[name]}")


def __getattr__(name: str) -> tuple[ModuleType, ...]:
    """``COMMANDS``: every command's module, in the order of ``commitrules --help`` (imported on first use)."""
    if name == "COMMANDS":
        commands = tuple(_module(command) for command in COMMAND_MODULES)
        globals()["COMMANDS"] = commands
        return commands
    msg = f"module '{__name__}' has no attribute '{name}'"
    raise AttributeError(msg)


def build_parser(lang: Lang = "en", command: str | None = None) -> argparse.ArgumentParser:
    """The parser of ``commitrules`` with every command of ``COMMANDS``, its help in ``lang``.

    Every command takes ``--lang zh|en`` (the language of its messages and help); ``evaluate`` and
    ``diff`` had it before, for their explanations, and keep their own help for it.

    Args:
        lang: the language of the help and of usage errors.
        command: the parser of this command only (the one the command line names: what parsing it
            needs), so that a start imports and builds no other command; None: every command.
    """
    parser = parser_class(lang)(
        prog="commitrules",
        description=message("help.description", "en"),
        epilog=message("help.epilog", "en"),
    )
    parser.add_argument("--lang", choices=("zh", "en"), default=None, dest="ui_lang", help=message("help.lang", "en"))
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES if command is None else (command,):
        module = _module(name)
        command_parser = module.register(sub)
        command_parser.set_defaults(func=module.run)
        for each in walk_parsers(command_parser):  # and the commands of a command (log keygen, log verify, ...)
            if "--lang" not in each._option_string_actions:  # noqa: SLF001 - argparse has no public test
                each.add_argument("--lang", choices=("zh", "en"), default=None, help=message("help.lang", "en"))
    localize(parser, lang)
    return parser


def named_command(arguments: Sequence[str]) -> str | None:
    """The command ``arguments`` name, when parsing them needs that command's parser only.

    None, and so the whole parser, for anything else: no command, an unknown one, ``--help`` or any
    other option before it (argparse's abbreviations of ``--lang`` included).

    Examples:
        >>> named_command(["--lang", "zh", "evaluate", "case.yaml"]), named_command(["-h", "evaluate"])
        ('evaluate', None)
    """
    index = 0
    while index < len(arguments):
        argument = arguments[index]
        if argument == "--lang":
            index += 2
        elif argument.startswith("--lang="):
            index += 1
        else:
            return argument if argument in COMMAND_MODULES else None
    return None


def main(argv: Sequence[str] | None = None) -> int:  # noqa: C901, PLR0911 - one return per way a command ends
    """Run the command line; returns the exit code."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    lang = ui_lang(arguments)
    parser = build_parser(lang, named_command(arguments))
    args = parser.parse_args(arguments)
    args.ui_lang = lang
    empty = _empty_path(parser, args)
    if empty is not None:
        print(message("cli.error", lang, message=message("cli.empty_path", lang, flag=empty)), file=sys.stderr)
        return EXIT_USAGE
    args.lang_explicit = explicit_lang(arguments) is not None  # a --resume without it keeps the output's language
    if explicit_lang(arguments) is not None and getattr(args, "lang", None) is not None:
        # '--lang en' before the command is the command's --lang too. Reports follow lang_of(args), as
        # messages do; a command whose own --lang was not given (reference, graph: both languages side
        # by side) keeps None.
        args.lang = lang
    try:
        code = int(args.func(args))
        sys.stdout.flush()  # a full device fails here, not at exit with a traceback
    except EvaluationError as exc:
        print(message("cli.internal_error", lang, message=exc), file=sys.stderr)
        return EXIT_INTERNAL
    except OutputIsInputError as exc:
        print(message("cli.error", lang, message=exc.text.in_(lang)), file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        _drop_stdout()
        return EXIT_OK
    except UnicodeEncodeError as exc:
        if not _is_stdout_encoding(exc.encoding):
            raise  # not the output's: a defect, with its traceback
        # a terminal or PYTHONIOENCODING of an encoding without Chinese (latin-1, ascii): say so, once, in
        # English when standard error has that encoding too (Chinese would come out as \u escapes)
        said = _cannot_encode(exc.encoding, lang)
        if lang == "zh" and not _encodable(said, sys.stderr):
            said = _cannot_encode(exc.encoding, "en")
        print(said, file=sys.stderr)
        _drop_stdout()
        return EXIT_IO
    except BundledPackMissingError:  # an OSError, but not the output's
        print(message("cli.error", lang, message=message("cli.no_bundled_pack", lang)), file=sys.stderr)
        return EXIT_POLICY
    except OSError as exc:
        target = exc.filename if exc.filename is not None else message("cli.stdout", lang)
        reason = message("cli.cannot_write", lang, target=target, reason=os_reason(exc))
        print(message("cli.error", lang, message=reason), file=sys.stderr)
        _drop_stdout()
        return EXIT_IO
    return code


#: The metavars of the options and arguments that name a file, a folder or a log (``--out`` has none).
_PATH_METAVARS = frozenset({"PATH", "DIR", "NEW_DIR", "OLD_DIR", "FILE", "IN", "OUT", "XML", "PEM", "URL"})
#: Those without a metavar: ``--out`` of ``reference`` and ``graph``, the folder ``check`` takes.
_PATH_DESTS = frozenset({"out", "directory"})


def _empty_path(parser: argparse.ArgumentParser, args: argparse.Namespace) -> str | None:
    """The option (or argument) of ``args`` that names a file or a folder by an empty text, if one does.

    ``Path("")`` is the current folder: ``evaluate ''`` decided every YAML file under it (a pack's files
    as cases), ``check ''`` checked it, ``log keygen ''`` was a traceback, and ``reference --out ''``
    wrote to standard output as if no ``--out`` had been given. ``serve`` is left out: an empty value
    there is no value, as for its ``COMMITRULES_*`` variables.
    """
    if getattr(args, "command", None) == "serve":
        return None
    given = vars(args)
    for each in walk_parsers(parser):
        for action in each._actions:  # noqa: SLF001 - argparse has no public list of a parser's arguments
            if action.dest not in given or not (action.metavar in _PATH_METAVARS or action.dest in _PATH_DESTS):
                continue
            value = given[action.dest]
            if value == "" or (isinstance(value, list) and "" in value):
                return action.option_strings[0] if action.option_strings else str(action.metavar or action.dest)
    return None


def _cannot_encode(encoding: str, lang: Lang) -> str:
    reason = message("cli.not_encodable", lang, encoding=encoding)
    return message(
        "cli.error", lang, message=message("cli.cannot_write", lang, target=message("cli.stdout", lang), reason=reason)
    )


def _encodable(text: str, stream: object) -> bool:
    try:
        text.encode(getattr(stream, "encoding", None) or "utf-8")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def _is_stdout_encoding(name: str) -> bool:
    """Whether ``name`` is the encoding of standard output ('latin-1' and 'iso8859-1' are one)."""
    try:
        return codecs.lookup(name).name == codecs.lookup(getattr(sys.stdout, "encoding", None) or "utf-8").name
    except LookupError:
        return False


def _drop_stdout() -> None:
    """Point standard output at the null device, so that the exit does not fail again flushing what is left."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
