"""The language of the command line: which one (``--lang``, the locale), and its help in that language.

Help texts are written in English in each command's ``register`` (so that a command stays one
module); ``en.yaml`` holds each of them under a ``help.`` id, and :func:`localize` puts the parser
into Chinese by looking each English text up there and taking the same id from ``zh.yaml``. A test
keeps every help text of the parser in the catalogue.

argparse's own usage errors ("the following arguments are required", "invalid choice", ...) are
words of its gettext domain, formatted before :meth:`ArgumentParser.error` sees them. Rather than
install a translation for the ``argparse`` domain (process-wide state that would also change the
messages of a host program that embeds commitrules), :class:`Parser` recognises argparse's message
templates (its gettext msgids, stable across Python versions) in the text ``error`` receives and says
them again from our catalogue (``argparse.*``). A message it does not recognise is shown as argparse
wrote it, after the Chinese "error" prefix; the exit code stays 2.
"""

from __future__ import annotations

import argparse
import functools
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import Final, NoReturn

from commitrules.messages import Lang, catalogue, message, resolve_lang, reword

__all__ = [
    "Parser",
    "explicit_lang",
    "help_texts",
    "localize",
    "parser_class",
    "translate_usage_error",
    "ui_lang",
    "walk_parsers",
]


#: ``--lang`` and the abbreviations argparse takes for it (``--la zh``): no other option starts so.
_LANG_SPELLINGS: Final = frozenset({"--l", "--la", "--lan", "--lang"})


def explicit_lang(argv: Sequence[str]) -> str | None:
    """The value of ``--lang`` anywhere in ``argv`` (``--lang zh``, ``--lang=zh``, ``--la zh``), if given.

    The abbreviations are argparse's (``allow_abbrev``): it took ``--la zh`` for ``--lang zh`` while
    the language of messages and reports went by the locale. Where another option shares the prefix
    (``--l`` beside ``log verify --log-url``) argparse refuses it as ambiguous, in this language.
    """
    found: str | None = None
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        if arg in _LANG_SPELLINGS and index + 1 < len(argv):
            found = argv[index + 1]
        elif arg.partition("=")[0] in _LANG_SPELLINGS and "=" in arg:
            found = arg.partition("=")[2]
    return found


def ui_lang(argv: Sequence[str]) -> Lang:
    """The language of messages and help: ``--lang``, else the locale, else English."""
    return resolve_lang(explicit_lang(argv))


@functools.cache
def _ids_by_english() -> dict[str, str]:
    return {text: key for key, text in catalogue("en").items() if key.startswith("help.")}


def walk_parsers(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    """``parser`` and every parser of its commands, at any depth."""
    yield parser
    for action in parser._actions:  # noqa: SLF001 - argparse has no public walk of its parsers
        if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001
            for sub in action.choices.values():
                yield from walk_parsers(sub)


def help_texts(parser: argparse.ArgumentParser) -> Iterator[str]:
    """Every English text of ``parser`` and its sub-parsers that a reader sees in ``--help``."""
    for each in walk_parsers(parser):
        for text in (each.description, each.epilog):
            if text:
                yield text
        for group in each._action_groups:  # noqa: SLF001
            if group.description:
                yield group.description
        for action in each._actions:  # noqa: SLF001
            if action.help and action.help is not argparse.SUPPRESS:
                yield action.help
            if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001
                yield from (choice.help for choice in action._choices_actions if choice.help)  # noqa: SLF001


def _tr(text: str | None, lang: Lang) -> str | None:
    if not text or text is argparse.SUPPRESS:
        return text
    key = _ids_by_english().get(text)
    return message(key, lang) if key is not None else text


class _Formatter(argparse.HelpFormatter):
    """Writes ``usage:`` in the parser's language."""

    lang: Lang = "en"

    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        """The usage line, headed ``usage:`` in the parser's language."""
        super().add_usage(usage, actions, groups, prefix if prefix is not None else message("help.usage", self.lang))


def localize(parser: argparse.ArgumentParser, lang: Lang) -> None:
    """Put ``parser`` and its sub-parsers into ``lang`` (English is how they are written)."""
    if lang == "en":
        return
    formatter: type[_Formatter] = type("Formatter", (_Formatter,), {"lang": lang})
    for each in walk_parsers(parser):
        each.formatter_class = formatter
        each.description = _tr(each.description, lang)
        each.epilog = _tr(each.epilog, lang)
        for group in each._action_groups:  # noqa: SLF001
            group.description = _tr(group.description, lang)
            if group.title == "positional arguments":
                group.title = message("help.positionals", lang)
            elif group.title == "options":
                group.title = message("help.options", lang)
        for action in each._actions:  # noqa: SLF001
            action.help = _tr(action.help, lang)
            if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001
                for choice in action._choices_actions:  # noqa: SLF001
                    choice.help = _tr(choice.help, lang)


# -- argparse's own messages ----------------------------------------------------------------------------

#: argparse's message templates (gettext msgids, ``%s`` and ``%(name)s`` as named groups) and our ids.
_ARGPARSE: Final = (
    (r"the following arguments are required: (?P<args>.+)", "argparse.required"),
    (r"unrecognized arguments: (?P<args>.+)", "argparse.unrecognized"),
    (r"invalid choice: (?P<value>.+) \(choose from (?P<choices>.+)\)", "argparse.invalid_choice"),
    (r"expected one argument", "argparse.expected_one"),
    (r"expected at most one argument", "argparse.expected_at_most_one"),
    (r"expected at least one argument", "argparse.expected_at_least_one"),
    (r"expected (?P<count>\d+) arguments?", "argparse.expected_n"),
    (r"invalid (?P<type>\S+) value: (?P<value>.+)", "argparse.invalid_value"),
    (r"not allowed with argument (?P<other>.+)", "argparse.not_allowed_with"),
    (r"ignored explicit argument (?P<value>.+)", "argparse.ignored_explicit"),
    (r"one of the arguments (?P<args>.+) is required", "argparse.one_required"),
    (r"ambiguous option: (?P<option>\S+) could match (?P<matches>.+)", "argparse.ambiguous"),
    (r"unexpected option string: (?P<option>.+)", "argparse.unexpected_option"),
    (r"can't open '(?P<filename>.+)': (?P<error>.+)", "argparse.cannot_open"),
)
_ARGUMENT: Final = re.compile(r"argument (?P<argument>.+?): (?P<message>.+)", re.DOTALL)


@functools.cache
def _templates() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Argparse's templates, compiled."""
    return tuple((re.compile(p, re.DOTALL), key) for p, key in _ARGPARSE)


def translate_usage_error(text: str, lang: Lang) -> str:
    """Argparse's error message ``text`` in ``lang`` (as written when it is no template we know).

    Examples:
        >>> translate_usage_error("the following arguments are required: DIRECTORY", "zh")
        '缺少必需的参数：DIRECTORY'
        >>> translate_usage_error("argument --lang: invalid choice: 'fr' (choose from 'zh', 'en')", "zh")
        "参数 --lang：无效的选择：'fr'（可选：'zh', 'en'）"
    """
    if lang == "en":
        return text
    argument = _ARGUMENT.fullmatch(text)
    if argument is not None:
        inner = translate_usage_error(argument["message"], lang)
        return message("argparse.argument", lang, argument=argument["argument"], message=inner)
    for pattern, key in _templates():
        found = pattern.fullmatch(text)
        if found is not None:
            return message(key, lang, **found.groupdict())
    return reword(text, "cli.arg.", lang) or text  # our own type errors (ArgumentTypeError)


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors are in its language (set per language by :func:`parser_class`)."""

    lang: Lang = "en"

    def error(self, message_text: str) -> NoReturn:
        """Print the usage and the error in the parser's language; exit 2, as argparse does."""
        if self.lang == "en":
            super().error(message_text)
        self.print_usage(sys.stderr)
        self.exit(2, message("cli.error", self.lang, message=translate_usage_error(message_text, self.lang)) + "\n")


@functools.cache
def parser_class(lang: Lang) -> type[Parser]:
    """The parser class that speaks ``lang`` (sub-parsers take the class of their parent)."""
    return type("Parser", (Parser,), {"lang": lang})
