"""Every message people read, in Chinese and English: one catalogue per language, keyed by message id.

The catalogues are ``zh.yaml`` and ``en.yaml`` beside this module (why YAML and not gettext is in
``docs/architecture.md``, "Messages"). Diagnostics stay structured (code, span, params); they are put
into words in a language at the edge, by :func:`render` or :meth:`Diagnostic.message_in`.

The language of a command: ``--lang`` when given, else Chinese when the locale (``LC_ALL``, then
``LC_MESSAGES``, then ``LANG``, as POSIX orders them) starts with ``zh``, else English.
"""

from __future__ import annotations

import functools
import os
import string
from collections.abc import Mapping
from importlib import resources
from typing import TYPE_CHECKING, Final, Literal

import yaml

if TYPE_CHECKING:
    from commitrules.errors import Diagnostic

__all__ = [
    "LANGS",
    "Lang",
    "Text",
    "catalogue",
    "locale_lang",
    "message",
    "placeholders",
    "render",
    "resolve_lang",
]

Lang = Literal["zh", "en"]
LANGS: Final[tuple[Lang, ...]] = ("zh", "en")


@functools.cache
def catalogue(lang: Lang) -> Mapping[str, str]:
    """The messages of one language, by id (read once from the package's ``<lang>.yaml``)."""
    text = resources.files(__name__).joinpath(f"{lang}.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        msg = f"messages/{lang}.yaml must map message ids to text"
        raise TypeError(msg)
    return {str(k): v for k, v in data.items()}


def placeholders(template: str) -> frozenset[str]:
    """The named placeholders of a template (``{count}`` -> ``count``)."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(template) if name)


def message(message_id: str, lang: Lang = "en", /, **params: object) -> str:
    """The message ``message_id`` in ``lang``, its placeholders filled from ``params``.

    A parameter that is a :class:`Text` is put into words in ``lang`` first (so a message can name
    "rule 'x'" as 「规则 x」). Text parameters take two format specs: ``{message:nodot}`` drops a
    final full stop (to go on with the sentence), ``{subject:cap}`` capitalises the first letter.

    Raises:
        KeyError: the catalogue of ``lang`` has no such message (a test keeps both complete).

    Examples:
        >>> message("diag.did_you_mean", "en", message=Text("diag.rule", id="x"), guess="y")
        "rule 'x'. Did you mean 'y'?"
    """
    return catalogue(lang)[message_id].format(**{name: _word(value, lang) for name, value in params.items()})


def _word(value: object, lang: Lang) -> object:
    if isinstance(value, Text):
        return _Words(value.in_(lang))
    return _Words(value) if isinstance(value, str) else value


class _Words(str):
    """A parameter's text, which a template may end without its full stop or start with a capital."""

    __slots__ = ()

    def __format__(self, spec: str) -> str:
        if spec == "nodot":
            return self.rstrip(".。")
        if spec == "cap":
            return self[:1].upper() + self[1:]
        return format(str(self), spec)


class Text:
    """A catalogue message not yet put into words: its id and its parameters (which may be Texts).

    Code that finds a problem says what it is with a Text; the language is chosen where it is shown
    (``str(text)`` is English, :meth:`in_` any language).

    Examples:
        >>> text = Text("diag.rule", id="breach.revoke")
        >>> str(text), text.in_("zh")
        ("rule 'breach.revoke'", '规则「breach.revoke」')
    """

    __slots__ = ("id", "params")

    def __init__(self, message_id: str, /, **params: object) -> None:
        self.id = message_id
        self.params: dict[str, object] = params

    def in_(self, lang: Lang) -> str:
        """The text in ``lang``."""
        return message(self.id, lang, **self.params)

    def __str__(self) -> str:
        return self.in_("en")

    def __repr__(self) -> str:
        return f"Text({self.id!r}, {self.params!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Text) and (self.id, self.params) == (other.id, other.params)

    def __hash__(self) -> int:
        return hash((self.id, tuple(sorted((k, str(v)) for k, v in self.params.items()))))


def locale_lang(environ: Mapping[str, str] | None = None) -> Lang | None:
    """Chinese when the first set of LC_ALL, LC_MESSAGES, LANG starts with ``zh``; None when none is set."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return None


def resolve_lang(explicit: str | None, environ: Mapping[str, str] | None = None, default: Lang = "en") -> Lang:
    """``--lang`` when given, else the locale's language, else ``default`` (English)."""
    if explicit in LANGS:
        return "zh" if explicit == "zh" else "en"
    return locale_lang(environ) or default


def render(diagnostic: Diagnostic, lang: Lang = "en") -> str:
    """A diagnostic as text in ``lang`` (the same as ``diagnostic.render(lang)``)."""
    return diagnostic.render(lang)
