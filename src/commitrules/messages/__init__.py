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

__all__ = ["LANGS", "Lang", "catalogue", "locale_lang", "message", "placeholders", "render", "resolve_lang"]

Lang = Literal["zh", "en"]
LANGS: Final[tuple[Lang, ...]] = ("zh", "en")


@functools.cache
def catalogue(lang: Lang) -> Mapping[str, str]:
    """The messages of one language, by id (read once from the package's ``<lang>.yaml``)."""
    text = resources.files(__name__).joinpath(f"{lang}.yaml").read_text(encoding="utf-8")
    # libyaml when built (about ten times faster, at every command's start); the same safe YAML either way
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - a safe loader
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        msg = f"messages/{lang}.yaml must map message ids to text"
        raise TypeError(msg)
    return {str(k): v for k, v in data.items()}


def placeholders(template: str) -> frozenset[str]:
    """The named placeholders of a template (``{count}`` -> ``count``)."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(template) if name)


def message(message_id: str, lang: Lang = "en", /, **params: object) -> str:
    """The message ``message_id`` in ``lang``, its placeholders filled from ``params``.

    Raises:
        KeyError: the catalogue of ``lang`` has no such message (a test keeps both complete).
    """
    return catalogue(lang)[message_id].format(**params)


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
