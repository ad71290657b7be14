"""Bearer tokens with roles: loaded from a file or the environment, kept only as hashes, checked in constant time.

A token has a name (recorded as the caller of each decision) and roles:

- ``evaluate``: decide cases, read the pack and the schemas;
- ``read-log``: read the decision log (cases hold personal data);
- ``admin``: reload the pack;
- ``author``: try changed rules on cases (the playground's what-if).

The secret itself is never stored or logged: only its SHA-256 is kept, and a presented token is hashed
and compared with every stored hash by :func:`hmac.compare_digest`.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from commitrules.io.bounded import MAX_SMALL_FILE, read_at_most
from commitrules.messages import Lang, Text, os_reason

__all__ = ["ROLES", "Principal", "TokenError", "TokenTable", "hash_token", "load_tokens"]

ROLES: Final = frozenset({"evaluate", "read-log", "admin", "author"})
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
_HASHED = re.compile(r"^sha256:([0-9a-f]{64})$")
#: Shortest secret accepted: a guessable token is worse than none, because it looks like protection.
MIN_SECRET_LENGTH: Final = 16


class TokenError(ValueError):
    """A token entry is malformed; the message names the entry (never its secret).

    ``str(error)`` is English (the service's log shows it); :meth:`message_in` says it in another language.
    """

    def __init__(self, text: Text) -> None:
        self.text = text
        super().__init__(str(text))

    def message_in(self, lang: Lang = "en") -> str:
        """The message in ``lang``."""
        return self.text.in_(lang)


def hash_token(secret: str) -> str:
    """The stored form of a secret: ``sha256:`` and the hex digest."""
    return "sha256:" + hashlib.sha256(secret.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Principal:
    """Who made a request: the token's name (None when authentication is off) and its roles."""

    name: str | None
    roles: frozenset[str]


@dataclass(frozen=True, slots=True)
class _Entry:
    name: str
    roles: frozenset[str]
    digest: bytes


@dataclass(frozen=True)
class TokenTable:
    """The configured tokens (hashes only); empty when authentication is off."""

    entries: tuple[_Entry, ...] = field(default=())

    def __bool__(self) -> bool:
        return bool(self.entries)

    def __iter__(self) -> Iterator[_Entry]:
        return iter(self.entries)

    def authenticate(self, secret: str) -> Principal | None:
        """The principal whose token is ``secret``, or None; every entry is compared, in constant time."""
        presented = hashlib.sha256(secret.encode("utf-8", "surrogateescape")).digest()
        found: _Entry | None = None
        for entry in self.entries:
            if hmac.compare_digest(presented, entry.digest):
                found = entry
        return None if found is None else Principal(found.name, found.roles)

    def to_data(self) -> list[list[str]]:
        """The table as JSON-ready data (hashes, never secrets)."""
        return [[e.name, ",".join(sorted(e.roles)), "sha256:" + e.digest.hex()] for e in self.entries]

    @classmethod
    def from_data(cls, data: Iterable[list[str]]) -> TokenTable:
        """The inverse of :meth:`to_data`."""
        return cls(tuple(_entry(name, roles, secret, Text("serveerr.token_config")) for name, roles, secret in data))


def _entry(name: str, roles: str, secret: str, where: Text | str) -> _Entry:
    if not _NAME.match(name):
        raise TokenError(Text("serveerr.token_name", where=where, name=name))
    role_set = frozenset(r.strip() for r in roles.split(",") if r.strip())
    unknown = sorted(role_set - ROLES)
    if not role_set or unknown:
        raise TokenError(
            Text(
                "serveerr.token_roles",
                where=where,
                name=name,
                unknown=str(unknown) if unknown else Text("serveerr.no_roles"),
                roles=", ".join(sorted(ROLES)),
            )
        )
    hashed = _HASHED.match(secret)
    if hashed:
        return _Entry(name, role_set, bytes.fromhex(hashed.group(1)))
    if len(secret) < MIN_SECRET_LENGTH:
        raise TokenError(Text("serveerr.token_short", where=where, name=name, count=MIN_SECRET_LENGTH))
    return _Entry(name, role_set, hashlib.sha256(secret.encode("utf-8")).digest())


def _parse_env(text: str) -> list[_Entry]:
    entries = []
    for number, item in enumerate((i.strip() for i in text.split(";")), start=1):
        if not item:
            continue
        parts = item.split(":", 2)
        if len(parts) != 3:
            raise TokenError(Text("serveerr.token_entry", number=number))
        entries.append(_entry(parts[0], parts[1], parts[2], Text("serveerr.token_where", number=number)))
    return entries


#: The most read of a tokens file (a token is a line of about 60 bytes).
MAX_TOKENS_FILE: Final = MAX_SMALL_FILE


def _parse_file(path: Path) -> list[_Entry]:
    try:
        data = read_at_most(path, MAX_TOKENS_FILE)  # /dev/zero named by mistake is not read without end
        if data is None:
            raise TokenError(Text("serveerr.tokens_too_large", path=str(path), max=MAX_TOKENS_FILE))
        text = data.decode("utf-8")
    except OSError as exc:
        raise TokenError(Text("serveerr.tokens_file", path=str(path), reason=os_reason(exc))) from None
    except UnicodeDecodeError as exc:
        found = f"0x{exc.object[exc.start]:02x}"
        raise TokenError(Text("serveerr.tokens_not_utf8", path=str(path), byte=found, offset=exc.start)) from None
    entries = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        parts = stripped.split(None, 2)
        if len(parts) != 3:
            raise TokenError(Text("serveerr.tokens_line", where=f"{path}:{number}"))
        entries.append(_entry(parts[0], parts[1], parts[2], f"{path}:{number}"))
    if not entries:  # a file named for tokens that holds none would turn authentication off without a word
        raise TokenError(Text("serveerr.tokens_none", path=str(path)))
    return entries


def load_tokens(env_text: str | None, path: Path | None) -> TokenTable:
    """The tokens of the environment's list and of the file, hashed.

    Raises:
        TokenError: an entry is malformed, a name is used twice, or the file cannot be read.
    """
    entries = (_parse_env(env_text) if env_text else []) + (_parse_file(path) if path is not None else [])
    names = [e.name for e in entries]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise TokenError(Text("serveerr.tokens_unique", names=", ".join(twice)))
    return TokenTable(tuple(entries))
