"""The language of the command line: which one (``--lang``, the locale), and its help in that language.

Help texts are written in English in each command's ``register`` (so that a command stays one
module); ``en.yaml`` holds each of them under a ``help.`` id, and :func:`localize` puts the parser
into Chinese by looking each English text up there and taking the same id from ``zh.yaml``. A test
keeps every help text of the parser in the catalogue.
"""

from __future__ import annotations

import argparse
import functools
from collections.abc import Iterable, Iterator, Sequence

from commitrules.messages import Lang, catalogue, message, resolve_lang

__all__ = ["explicit_lang", "help_texts", "localize", "ui_lang"]


def explicit_lang(argv: Sequence[str]) -> str | None:
    """The value of ``--lang`` anywhere in ``argv`` (``--lang zh`` or ``--lang=zh``), if given."""
    found: str | None = None
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(argv):
            found = argv[index + 1]
        elif arg.startswith("--lang="):
            found = arg.partition("=")[2]
    return found


def ui_lang(argv: Sequence[str]) -> Lang:
    """The language of messages and help: ``--lang``, else the locale, else English."""
    return resolve_lang(explicit_lang(argv))


@functools.cache
def _ids_by_english() -> dict[str, str]:
    return {text: key for key, text in catalogue("en").items() if key.startswith("help.")}


def _walk(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    yield parser
    for action in parser._actions:  # noqa: SLF001 - argparse has no public walk of its parsers
        if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001
            for sub in action.choices.values():
                yield from _walk(sub)


def help_texts(parser: argparse.ArgumentParser) -> Iterator[str]:
    """Every English text of ``parser`` and its sub-parsers that a reader sees in ``--help``."""
    for each in _walk(parser):
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
    for each in _walk(parser):
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
