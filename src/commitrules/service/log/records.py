"""A record of the decision log: its fields, its canonical JSON, and the leaf it contributes to the tree.

The leaf of a record is the canonical JSON of its *header*: every field except the two bodies (the case
and the decision), which it covers through their SHA-256, plus the record's position (``index``) and the
leaf hash of the record before it (``prev``). Because the bodies enter only by their hashes, retention
can delete an expired body and the tree still verifies; because the header names its position and its
predecessor, :func:`~commitrules.service.log.verify.verify_records` can tell an edited record from a
deleted, inserted or reordered one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import math
import os
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Literal, TypeVar

import orjson
from pydantic_core import to_jsonable_python

from commitrules.service.log.merkle import leaf_hash

__all__ = [
    "GENESIS",
    "LEAF_VERSION",
    "LogRecord",
    "RecordedAt",
    "StoredValueError",
    "Uuid7",
    "canonical_json",
    "format_time",
    "interleaved",
    "joined",
    "sha256_hex",
    "stored_values",
    "time_filter",
    "unreadable",
]

#: The ``prev`` of the first record: there is no record before it.
GENESIS = "0" * 64
#: The version of the leaf format (``"v"`` in every leaf).
LEAF_VERSION = 1

RecordType = Literal["decision", "tombstone"]
#: Text or bytes: the pieces and parts of a decision as stored (text) or as written (UTF-8).
T = TypeVar("T", str, bytes)


class StoredValueError(ValueError):
    """A value stored in the log does not read as what its column holds (the database was altered).

    Raised where the log turns what the database gave into Python values (a number, a hash, a body's
    JSON), so that a caller tells an altered log (this error) from a defect of commitrules (any other).
    ``detail`` is the first line of what failed; the failure itself is the ``__cause__``.
    """

    def __init__(self, detail: str) -> None:
        self.detail = detail
        super().__init__(f"the decision log holds a value that cannot be read ({detail})")


@contextlib.contextmanager
def stored_values() -> Iterator[None]:
    """Within it, a value of the database that does not read raises :class:`StoredValueError`.

    Only around the reading of stored values: there, a ValueError, TypeError, KeyError or OverflowError
    is what a value of another type or a broken body gives, not a defect.
    """
    try:
        yield
    except StoredValueError:
        raise
    except (ValueError, TypeError, LookupError, ArithmeticError) as exc:
        raise unreadable(exc) from exc


def unreadable(exc: Exception) -> StoredValueError:
    """The :class:`StoredValueError` of ``exc``, what reading a stored value gave (its first line)."""
    lines = str(exc).splitlines()
    return StoredValueError(lines[0] if lines else type(exc).__name__)


def _body(text: str) -> dict[str, Any]:
    """A stored body (JSON object text) as data."""
    try:  # not stored_values(): a context manager per body costs about a tenth of reading it
        return dict(json.loads(text))
    except (ValueError, TypeError, RecursionError) as exc:
        raise unreadable(exc) from exc


def canonical_json(value: Any) -> str:
    """JSON with sorted keys, no spaces and UTF-8 text (no escaped non-ASCII characters): one text per value.

    Values that are not JSON data (dates, decimals, sets, models) are converted as pydantic converts
    them for a decision's JSON. The text is ``json.dumps(value, sort_keys=True, separators=(",", ":"),
    ensure_ascii=False, allow_nan=False)``, the log's format; it is written by orjson when the value
    holds only what orjson writes the same way (see :func:`_orjson_writes_it`), else by the standard
    library's encoder.

    Raises:
        ValueError: a float is NaN or infinite.
        TypeError: a value cannot be converted to JSON.
    """
    if _orjson_writes_it(value, _MAX_DEPTH):
        try:
            return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode("utf-8")
        except orjson.JSONEncodeError:
            pass  # an integer past 64 bits or a lone surrogate: the standard library writes (or refuses) it
    return _CANONICAL.encode(value)


# json.dumps with these options builds this very encoder on every call; one, made once, writes the same text
# (an encoder keeps no state between calls, so threads may share it).
_CANONICAL = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False, default=to_jsonable_python
)

#: The exact types orjson writes as json.dumps does: its strings (UTF-8, the same escapes of ``"``, ``\\``
#: and control characters, nothing else escaped), integers (in 64 bits; larger ones raise), booleans, null.
#: Not floats: orjson writes ``1e16`` and ``1e-7`` where json.dumps writes ``1e+16`` and ``1e-07``, and
#: NaN as ``null`` where the log must refuse it. Not subclasses (a StrEnum, an IntEnum): json.dumps and
#: orjson may each write them their own way.
_SCALARS = frozenset({str, int, bool, type(None)})
#: Deeper values are left to the standard library (orjson stops at 255 levels; so does this check's recursion).
_MAX_DEPTH = 200


def _orjson_writes_it(value: Any, depth: int) -> bool:
    """Whether ``value`` is made of dicts with ``str`` keys, lists and :data:`_SCALARS` only, ``depth`` levels at most.

    orjson sorts keys as ``sorted()`` sorts ``str`` (by code point: UTF-8 bytes sort the same way).
    """
    kind = type(value)
    if kind is dict:
        return depth > 0 and _dict_is_plain(value, depth - 1)
    if kind is list:
        return depth > 0 and _list_is_plain(value, depth - 1)
    return kind in _SCALARS


def orjson_writes_it(value: Any) -> bool:
    """Whether :func:`canonical_json` of ``value`` may be written by orjson (the check, for other modules)."""
    return _orjson_writes_it(value, _MAX_DEPTH)


def _dict_is_plain(value: dict[Any, Any], depth: int) -> bool:
    for key, item in value.items():
        if type(key) is not str or (type(item) not in _SCALARS and not _orjson_writes_it(item, depth)):
            return False
    return True


def _list_is_plain(value: list[Any], depth: int) -> bool:
    for item in value:  # noqa: SIM110 - a loop is quicker than all() over a generator
        if type(item) not in _SCALARS and not _orjson_writes_it(item, depth):
            return False
    return True


def joined(pieces: str, parts: str, parsed: dict[str, list[str] | None] | None = None) -> str | None:
    """The decision text of stored ``pieces`` (a JSON array of texts) and ``parts`` (a JSON array of values).

    The text is ``pieces[0] + parts[0] + pieces[1] + ... + parts[-1] + pieces[-1]``, where each part is
    the exact text of an element of ``parts``. None when ``pieces`` is not a JSON array of texts, ``parts``
    not a JSON array written as the log writes it (no spaces), or there is not exactly one piece more
    than there are parts: what the log never writes. ``parsed`` remembers pieces already read (by their
    text), for reading many records.
    """
    if parsed is not None and pieces in parsed:
        fixed = parsed[pieces]
    else:
        fixed = _texts(pieces)
        if parsed is not None:
            if len(parsed) >= _MAX_PARSED:
                parsed.clear()
            parsed[pieces] = fixed
    values = _elements(parts)
    if fixed is None or values is None or len(fixed) != len(values) + 1:
        return None
    return "".join(interleaved(fixed, values))


def interleaved(fixed: Sequence[T], parts: Sequence[T]) -> list[T]:
    """``fixed[0], parts[0], fixed[1], ..., parts[-1], fixed[-1]``: a decision's pieces with its parts between them."""
    woven = [fixed[0]]
    for part, piece in zip(parts, fixed[1:], strict=True):
        woven += (part, piece)
    return woven


#: Pieces remembered at most by one reading of records (:func:`joined`).
_MAX_PARSED = 4096
_SCAN = json.JSONDecoder().raw_decode


def _texts(text: str) -> list[str] | None:
    """``text`` read as a JSON array of texts, or None."""
    try:
        values = json.loads(text)
    except (ValueError, TypeError, RecursionError):
        return None
    if type(values) is not list or not all(type(value) is str for value in values):
        return None
    return values


def _elements(text: str) -> list[str] | None:
    """The exact texts of the elements of the JSON array ``text`` written without spaces; None for anything else."""
    if not text.startswith("[") or not text.endswith("]"):
        return None
    if text == "[]":
        return []
    found, start, end = [], 1, len(text) - 1
    try:
        while True:
            _, stop = _SCAN(text, start)
            found.append(text[start:stop])
            if stop == end:
                return found
            if text[stop] != ",":
                return None
            start = stop + 1
    except (ValueError, IndexError, RecursionError):  # not JSON, a space, or a comma before the end
        return None


def sha256_hex(text: str) -> str:
    """The SHA-256 of ``text`` encoded as UTF-8, in hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def format_time(moment: dt.datetime) -> str:
    """A UTC time as the log writes it: ``2026-12-05T21:10:00.123456Z`` (sorts as text)."""
    utc = moment.astimezone(dt.UTC)
    # strftime's %Y has no leading zeros before the year 1000 (glibc): '931-…' would sort after '2026-…'
    return f"{utc.year:04d}" + utc.strftime("-%m-%dT%H:%M:%S.%fZ")


def time_filter(value: dt.datetime | str) -> str:
    """A time given to filter the log by (a datetime, or ISO 8601 text; naive: UTC) as the log writes times.

    Raises:
        ValueError: the text is not a time, or the time is outside the years 1 to 9999 in UTC.
    """
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.replace("Z", "+00:00", 1))
        except ValueError:
            raise ValueError(f"'{value}' is not a time (ISO 8601, e.g. 2026-12-05T08:00:00Z)") from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)  # a naive time is read as UTC
    try:
        return format_time(value)
    except OverflowError:  # 0001-01-01T00:00+05:00 is before the year 1 in UTC
        raise ValueError(f"'{value.isoformat()}' is outside the years 1 to 9999 in UTC") from None


#: Bytes of randomness read per id (74 of their bits are used), and the masks of the id's parts.
_RANDOM_BYTES = 10
_MS_MASK = (1 << 48) - 1
_RAND_MASK = (1 << 74) - 1
_RAND_B_MASK = (1 << 62) - 1


class Uuid7:
    """Makes UUIDs version 7 (RFC 9562): 48 bits of Unix milliseconds, then random bits.

    The ids one generator makes strictly increase, even within a millisecond (the random part of a
    repeated millisecond is the previous one plus one), so they sort in the order they were made.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last = 0

    def __call__(self, now_ns: int | None = None) -> uuid.UUID:
        """The next id, for the time ``now_ns`` (default: now)."""
        return uuid.UUID(int=self._next(now_ns if now_ns is not None else time.time_ns()))

    def text(self, now_ns: int) -> str:
        """The next id as ``str(self(now_ns))`` writes it (without making a :class:`uuid.UUID`)."""
        return _uuid_text(self._next(now_ns))

    def texts(self, times_ns: list[int]) -> list[str]:
        """The next ids, one for each time of ``times_ns``, as :meth:`text` writes them: a group's, made at once.

        The same ids as one call of :meth:`text` per time would make, in one hold of the lock.
        """
        return [_uuid_text(_layout(candidate)) for candidate in self._candidates(times_ns)]

    def _next(self, now_ns: int) -> int:
        (candidate,) = self._candidates([now_ns])
        return _layout(candidate)

    def _candidates(self, times_ns: list[int]) -> list[int]:
        """``ms << 74 | random`` for each time, each greater than the one before (and than any made before)."""
        made: list[int] = []
        randomness = os.urandom(_RANDOM_BYTES * len(times_ns))  # one call for a group: each is a system call
        with self._lock:
            last = self._last
            for start, now_ns in zip(range(0, len(randomness), _RANDOM_BYTES), times_ns, strict=True):
                rand = int.from_bytes(randomness[start : start + _RANDOM_BYTES]) & _RAND_MASK
                candidate = ((now_ns // 1_000_000) & _MS_MASK) << 74 | rand
                if candidate <= last:
                    candidate = last + 1
                last = candidate
                made.append(candidate)
            self._last = last
        return made


def _layout(candidate: int) -> int:
    """The UUID of 48 bits of milliseconds and 74 random bits (``ms << 74 | random``): version and variant put in."""
    rand_part = candidate & _RAND_MASK
    return (candidate >> 74) << 80 | 0x7 << 76 | (rand_part >> 62) << 64 | 0b10 << 62 | rand_part & _RAND_B_MASK


def _uuid_text(value: int) -> str:
    """``str(uuid.UUID(int=value))``."""
    digits = f"{value:032x}"
    return f"{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-{digits[20:]}"


class RecordedAt:
    """Writes times given in nanoseconds as the log does: ``format_time(datetime.fromtimestamp(ns / 1e9, UTC))``.

    The same text, to the microsecond and its rounding (half to even, of the same float), without making
    a datetime per record: the part up to the seconds is kept for the second it was last written for.
    """

    __slots__ = ("_second",)

    def __init__(self) -> None:
        self._second: tuple[int, str] = (-1, "")

    def __call__(self, now_ns: int) -> str:
        """The text of the time ``now_ns`` (nanoseconds since the epoch, not before it)."""
        fraction, whole = math.modf(now_ns / 1e9)
        micro = round(fraction * 1e6)
        second = int(whole)
        if micro >= 1_000_000:
            second, micro = second + 1, micro - 1_000_000
        cached, prefix = self._second
        if cached != second:
            prefix = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(second))
            self._second = (second, prefix)
        return f"{prefix}.{micro:06d}Z"


@dataclass(frozen=True, slots=True)
class LogRecord:
    """One record of the decision log, as stored.

    Attributes:
        decision_id: the decision's id, a UUIDv7 (time-ordered).
        index: the record's position in the log: its leaf index in the Merkle tree.
        recorded_at: when it was appended (UTC).
        kind: the case kind (``tombstone`` for a retention record).
        outcome: the decision's outcome (``pruned`` for a retention record).
        case_json: the case as given, canonical JSON, personal fields redacted when configured;
            None once retention removed it.
        case_sha256: the SHA-256 of ``case_json``.
        decision_json: the decision, canonical JSON (for a tombstone: what was pruned); None once removed.
        decision_sha256: the SHA-256 of ``decision_json``.
        pack_name: the name of the pack that decided.
        pack_version: its version.
        pack_digest: its content digest.
        engine: the engine that decided (``compiled`` or ``rete``).
        as_of: the date the case was judged as of.
        caller: who asked (the service's token name), if known.
        request_id: the request's id, if known.
        prev_hash: the leaf hash of the record before (hex; :data:`GENESIS` for the first).
        leaf_hash: this record's leaf hash (hex).
        type: ``decision`` or ``tombstone``.
    """

    decision_id: str
    index: int
    recorded_at: str
    kind: str
    outcome: str
    case_json: str | None
    case_sha256: str | None
    decision_json: str | None
    decision_sha256: str
    pack_name: str | None
    pack_version: str | None
    pack_digest: str | None
    engine: str | None
    as_of: str | None
    caller: str | None
    request_id: str | None
    prev_hash: str
    leaf_hash: str
    type: RecordType = "decision"

    def leaf(self, index: int | None = None) -> str:
        """The leaf's data: the canonical JSON of the header (at ``index``, default its own)."""
        fields = {name: getattr(self, name) for name in (*HEADER_FIELDS, "prev_hash")}
        return leaf_text(fields, self.index if index is None else index)

    def computed_leaf_hash(self, index: int | None = None) -> str:
        """The leaf hash its header gives (at ``index``, default its own), in hex."""
        return leaf_hash(self.leaf(index).encode("utf-8")).hex()

    @property
    def pruned(self) -> bool:
        """Whether retention removed its bodies."""
        return self.decision_json is None

    def case(self) -> dict[str, Any] | None:
        """The recorded case as data (None once pruned)."""
        return None if self.case_json is None else _body(self.case_json)

    def decision_data(self) -> dict[str, Any] | None:
        """The recorded decision (or tombstone) as data (None once pruned)."""
        return None if self.decision_json is None else _body(self.decision_json)

    def to_dict(self) -> dict[str, Any]:
        """Every field as JSON data (the bodies as text)."""
        return asdict(self)

    def to_export(self) -> dict[str, Any]:
        """The record as one line of ``log export``: the bodies as JSON values, not text."""
        data = self.to_dict()
        data["case"] = self.case()
        data["decision"] = self.decision_data()
        del data["case_json"], data["decision_json"]
        return data


#: The header fields in a leaf, besides ``v``, ``index`` and ``prev``.
HEADER_FIELDS = (
    "type",
    "decision_id",
    "recorded_at",
    "kind",
    "outcome",
    "case_sha256",
    "decision_sha256",
    "pack_name",
    "pack_version",
    "pack_digest",
    "engine",
    "as_of",
    "caller",
    "request_id",
)


def leaf_text(fields: dict[str, Any], index: int) -> str:
    """The leaf of a record given its fields (a :class:`LogRecord`'s or a row's) at position ``index``."""
    header = {name: fields[name] for name in HEADER_FIELDS}
    header.update(v=LEAF_VERSION, index=index, prev=fields["prev_hash"])
    return canonical_json(header)


def _leaf_header(fields: dict[str, Any], index: int) -> dict[str, Any]:
    """The leaf's header (:data:`HEADER_FIELDS`, ``index``, ``prev``, ``v``) in sorted key order, written out.

    ``tests/service/log/test_log_canonical.py`` holds :func:`leaf_bytes` to :func:`leaf_text` (which sorts).
    """
    return {
        "as_of": fields["as_of"],
        "caller": fields["caller"],
        "case_sha256": fields["case_sha256"],
        "decision_id": fields["decision_id"],
        "decision_sha256": fields["decision_sha256"],
        "engine": fields["engine"],
        "index": index,
        "kind": fields["kind"],
        "outcome": fields["outcome"],
        "pack_digest": fields["pack_digest"],
        "pack_name": fields["pack_name"],
        "pack_version": fields["pack_version"],
        "prev": fields["prev_hash"],
        "recorded_at": fields["recorded_at"],
        "request_id": fields["request_id"],
        "type": fields["type"],
        "v": LEAF_VERSION,
    }


def leaf_bytes(fields: dict[str, Any], index: int) -> bytes:
    """``leaf_text(fields, index)`` as UTF-8, written by orjson straight from the fields when it can.

    The header is built in sorted key order, so orjson need not sort it; when its values are all text,
    integers, booleans or null (the log's own are text and null), orjson writes exactly the canonical text.
    """
    header = _leaf_header(fields, index)
    if _SCALARS.issuperset(map(type, header.values())):
        try:
            return orjson.dumps(header)
        except orjson.JSONEncodeError:
            pass  # an integer past 64 bits or a lone surrogate
    return leaf_text(fields, index).encode("utf-8")
