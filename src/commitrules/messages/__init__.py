"""Every message people read, in Chinese and English: one catalogue per language, keyed by message id.

The catalogues are ``zh.yaml`` and ``en.yaml`` beside this module (why YAML and not gettext is in
``docs/architecture.md``, "Messages"). Diagnostics stay structured (code, span, params); they are put
into words in a language at the edge, by :func:`render` or :meth:`Diagnostic.message_in`.

The language of a command: ``--lang`` when given, else Chinese when the locale (``LC_ALL``, then
``LC_MESSAGES``, then ``LANG``, as POSIX orders them; ``LANGUAGE`` before them, as gettext reads it)
starts with ``zh``, else English.
"""

from __future__ import annotations

import functools
import locale
import os
import re
import string
import sys
from collections.abc import Iterable, Mapping
from importlib import resources
from typing import TYPE_CHECKING, Final, Literal, TypeGuard

from commitrules import _cachedir
from commitrules._printable import printable

if TYPE_CHECKING:
    from commitrules.errors import Diagnostic

__all__ = [
    "LANGS",
    "Joined",
    "Lang",
    "Said",
    "Text",
    "catalogue",
    "database_said",
    "json_reason",
    "locale_lang",
    "message",
    "os_reason",
    "placeholders",
    "render",
    "resolve_lang",
    "reword",
    "reworded",
    "xml_reason",
]

Lang = Literal["zh", "en"]
LANGS: Final[tuple[Lang, ...]] = ("zh", "en")


@functools.cache
def catalogue(lang: Lang) -> Mapping[str, str]:
    """The messages of one language, by id (read once from the package's ``<lang>.yaml``).

    What the YAML gave is kept in the cache folder (:mod:`commitrules._cachedir`), under the
    digest of the file's bytes, so that the next start reads it without parsing YAML (about 50
    million instructions a catalogue, the most of building the command line's parser).
    """
    raw = resources.files(__name__).joinpath(f"{lang}.yaml").read_bytes()
    key = _cachedir.data_key("messages", raw)
    kept = _cachedir.load_data(key, "messages")
    if _is_catalogue(kept):
        return kept
    import yaml  # noqa: PLC0415 - only when the catalogue is not kept

    # libyaml when built (about ten times faster); the same safe YAML either way
    data = yaml.load(raw.decode("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - a safe loader
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        msg = f"messages/{lang}.yaml must map message ids to text"
        raise TypeError(msg)
    found = {str(k): v for k, v in data.items()}
    _cachedir.store_data(key, "messages", found)
    return found


def _is_catalogue(value: object) -> TypeGuard[dict[str, str]]:
    """Whether ``value`` maps texts to texts (a kept catalogue that is sound)."""
    return isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())


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


#: The most characters of a text parameter shown: a longer one (a value of a megabyte on one line of a
#: policy file) is cut in its middle at "…", so that the message around it can still be read.
PARAM_SHOWN: Final = 2000


#: The most bits of a whole number a message writes out (about 1,000 digits): a larger one is said by its size.
#: Python refuses to write one of more than 4,300 digits (``sys.get_int_max_str_digits()``) at all.
_INT_SHOWN: Final = 3300


def _word(value: object, lang: Lang) -> object:
    if isinstance(value, Text):
        return _Words(value.in_(lang))
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > _INT_SHOWN:
        return _Words(message("word.many_digits", lang, digits=int(value.bit_length() * 0.30103) + 1))
    if not isinstance(value, str):
        return value
    if len(value) > PARAM_SHOWN:
        tail = PARAM_SHOWN // 5
        value = value[: PARAM_SHOWN - tail - 1] + "…" + value[-tail:]
    # A parameter is often what a user typed or a file held: its control characters are shown, not obeyed.
    return _Words(printable(value))


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


class Joined(Text):
    """Several texts (or plain values) joined by ``sep``, each put into words in the language asked for.

    Examples:
        >>> Joined(" -> ", ["a", Text("diag.rule", id="b")]).in_("zh")
        'a -> 规则「b」'
    """

    __slots__ = ("items", "sep")

    def __init__(self, sep: str, items: Iterable[object]) -> None:
        super().__init__("")
        self.sep = sep
        self.items = tuple(items)

    def in_(self, lang: Lang) -> str:
        """The items in ``lang``, joined."""
        return self.sep.join(str(_word(item, lang)) for item in self.items)

    def __repr__(self) -> str:
        return f"Joined({self.sep!r}, {self.items!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Joined) and (self.sep, self.items) == (other.sep, other.items)

    def __hash__(self) -> int:
        return hash((self.sep, tuple(str(i) for i in self.items)))


class Said(Text):
    """Words already put into each language: a message another part words in both (a library error's).

    Examples:
        >>> said = Said({"zh": "没有这个决定", "en": "no such decision"})
        >>> said.in_("zh"), str(said)
        ('没有这个决定', 'no such decision')
    """

    __slots__ = ("words",)

    def __init__(self, words: Mapping[Lang, str]) -> None:
        super().__init__("")
        self.words = {lang: words[lang] for lang in LANGS}

    def in_(self, lang: Lang) -> str:
        """The words in ``lang``."""
        return self.words[lang]

    def __repr__(self) -> str:
        return f"Said({self.words!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Said) and self.words == other.words

    def __hash__(self) -> int:
        return hash(tuple(self.words.items()))


def locale_lang(environ: Mapping[str, str] | None = None) -> Lang | None:
    """Chinese when the first set of LC_ALL, LC_MESSAGES, LANG starts with ``zh``; None when none is set.

    ``LANGUAGE`` (GNU gettext's list of languages in order, ``zh_CN:en``) comes first when the locale is
    set and is not C: its first entry in Chinese or English decides, as it does for every program
    translated with gettext (a desktop in English with ``LANGUAGE=zh_CN:zh`` reads Chinese). Under the C
    locale gettext ignores it, and so does this.

    On Windows, where none of them is usually set, the process's own environment falls back to the
    user's locale (``locale.getlocale()``: ``Chinese (Simplified)_China`` or ``zh_CN``), so that a
    Chinese Windows gets Chinese as a Chinese Linux locale does.
    """
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            if value not in _C_LOCALES and not value.startswith("C."):
                for entry in env.get("LANGUAGE", "").split(":"):
                    if entry.lower().startswith(("zh", "en")):
                        return "zh" if entry.lower().startswith("zh") else "en"
            return "zh" if value.lower().startswith("zh") else "en"
    if environ is None and sys.platform == "win32":
        name = locale.getlocale()[0] or ""
        if name:
            return "zh" if name.lower().startswith(("zh", "chinese")) else "en"
    return None


#: The locales that name no language, under which gettext ignores ``LANGUAGE``.
_C_LOCALES: Final = frozenset({"C", "POSIX"})


def resolve_lang(explicit: str | None, environ: Mapping[str, str] | None = None, default: Lang = "en") -> Lang:
    """``--lang`` when given, else the locale's language, else ``default`` (English)."""
    if explicit in LANGS:
        return "zh" if explicit == "zh" else "en"
    return locale_lang(environ) or default


def render(diagnostic: Diagnostic, lang: Lang = "en") -> str:
    """A diagnostic as text in ``lang`` (the same as ``diagnostic.render(lang)``)."""
    return diagnostic.render(lang)


#: The reasons a file cannot be read or written that people meet, by errno name (``io.<name>``).
_OS_REASONS: Final = (
    "ENOENT",
    "EACCES",
    "EPERM",
    "EISDIR",
    "ENOTDIR",
    "ENOSPC",
    "EROFS",
    "EEXIST",
    "ENAMETOOLONG",
    "ELOOP",
    "EFBIG",
    "EDQUOT",
    "EIO",
    "EMFILE",
    "ENFILE",
    "EBUSY",
    "ETXTBSY",
    "EADDRINUSE",
    "EADDRNOTAVAIL",
)


def os_reason(error: OSError) -> Text | str:
    """Why an operating-system call failed, in words of each language (the system's own words otherwise).

    Examples:
        >>> os_reason(FileNotFoundError(2, "No such file or directory")).in_("zh")
        '没有这个文件或文件夹'
    """
    import errno  # noqa: PLC0415 - only when something failed

    name = errno.errorcode.get(error.errno or 0, "")
    if name in _OS_REASONS:
        return Text(f"io.{name}")
    if isinstance(error, IsADirectoryError):
        return Text("io.EISDIR")
    return error.strerror or str(error)


@functools.cache
def _patterns(prefix: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    """The English templates of ids starting with ``prefix``, as patterns with a group per placeholder."""
    out = []
    for key, text in catalogue("en").items():
        if key.startswith(prefix):
            pattern = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>.+?)", re.escape(text))
            out.append((re.compile(pattern, re.DOTALL), key))
    return tuple(out)


def reword(text: str, prefix: str, lang: Lang) -> str | None:
    """English ``text`` that is one of the ``prefix*`` messages, said again in ``lang``; None when none fits.

    For messages of parts that word themselves in English (the decision log's errors) and of other
    libraries (argparse): the catalogue holds their English templates and their translations.

    Examples:
        >>> reword("expected a whole number, 0 or more (0 shows all), found 'x'", "cli.arg.", "zh")
        '应当是 0 或更大的整数（0 表示全部显示），却是「x」'
    """
    found = reworded(text, prefix)
    return found.in_(lang) if found is not None else None


def reworded(text: str, prefix: str) -> Text | None:
    """English ``text`` that is one of the ``prefix*`` messages, as that message's Text; None when none fits.

    Examples:
        >>> reworded("there is no tree of 5 records", "logerr.")
        Text('logerr.no_tree', {'size': '5'})
    """
    for pattern, key in _patterns(prefix):
        found = pattern.fullmatch(text)
        if found is not None:
            return Text(key, **found.groupdict())
    return None


#: What database drivers (sqlite3, psycopg, SQLAlchemy's pool) say, by how their first line starts, and
#: the catalogue's explanation of it (``dberr.*``); any other text is ``dberr.other``.
_DATABASE_REASONS: Final = (
    ("database is locked", "dberr.locked"),
    ("database table is locked", "dberr.locked"),
    ("file is not a database", "dberr.not_a_database"),
    ("database disk image is malformed", "dberr.malformed"),
    ("unable to open database file", "dberr.cannot_open"),
    ("disk i/o error", "dberr.io"),
    ("database or disk is full", "dberr.full"),
    ("attempt to write a readonly database", "dberr.read_only"),
    ("connection failed", "dberr.unreachable"),
    ("connection to server", "dberr.unreachable"),
    ("password authentication failed", "dberr.denied"),
    ("permission denied", "dberr.denied"),
    ("queuepool limit", "dberr.busy"),
)


def database_said(detail: str, shown: str | None = None) -> Text:
    """A database driver's (English) words, ``detail``: in Chinese an explanation first, the words quoted.

    English shows ``detail`` as it is (or ``shown``, the words with more around them); other languages
    say what it means (``dberr.*``), then quote them as the driver's own words, as messages quote a
    validator's or a parser's.

    Examples:
        >>> said = database_said("database is locked")
        >>> str(said), said.in_("zh")
        ('database is locked', '数据库被另一个连接锁定，请稍后再试（数据库驱动的原话：「database is locked」）')
    """
    lowered = detail.lower()
    key = next((key for start, key in _DATABASE_REASONS if lowered.startswith(start)), "dberr.other")
    return Text("dberr.said", reason=Text(key), detail=detail if shown is None else shown)


def json_reason(detail: str) -> Text | None:
    """The json module's reason a text is not JSON (``json.*`` in the catalogue), or None when unknown.

    Examples:
        >>> json_reason("Expecting value").in_("zh")
        '这里应当是一个值'
    """
    key = _json_reasons().get(detail)
    return Text(key) if key is not None else None


@functools.cache
def _json_reasons() -> Mapping[str, str]:
    """The json module's reasons the catalogue knows, by their English text (a batch may meet thousands)."""
    return {text: key for key, text in catalogue("en").items() if key.startswith("json.")}


def xml_reason(error: SyntaxError) -> Text:
    """Where an XML text stops being well-formed (``xml.etree``'s ``ParseError`` gives the position).

    Examples:
        >>> import xml.etree.ElementTree as ET
        >>> try:
        ...     ET.fromstring("<a>")
        ... except ET.ParseError as exc:
        ...     xml_reason(exc).in_("zh")
        'XML 格式有误，位于第 1 行第 3 列'
    """
    line, column = getattr(error, "position", (error.lineno or 0, error.offset or 0))
    return Text("xml.not_well_formed", line=line, column=column)
