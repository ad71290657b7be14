"""``commitrules log``: keys, heads, proofs, verification, export, retention and replay of the decision log.

Exit codes: 0 done (``verify``: the log is intact); 1 ``verify`` found tampering, or a decision or
size asked for is not in the log; 2 the command line is wrong (or a key, head or database cannot be
used); 3 the replay's pack is invalid.

The decision log needs the ``service`` extra (SQLAlchemy, psycopg, cryptography); this module imports
it only when a log command runs, so that the other commands work without it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from typing import IO, TYPE_CHECKING, Any

from commitrules.cli._common import EXIT_OK, EXIT_USAGE, ascii_int, lang_of, policy_exit
from commitrules.errors import PolicyError
from commitrules.io.atomic import same_file, write_whole
from commitrules.io.probe import is_file
from commitrules.messages import Lang, Text, database_said, json_reason, message, os_reason, reword, reworded

if TYPE_CHECKING:
    from commitrules.service.log import DecisionLog, SignedTreeHead

__all__ = ["register", "run"]

#: ``verify`` found tampering, or a decision or tree size asked for is not in the log.
EXIT_FAIL = 1
DEFAULT_LOG = "sqlite:///commitrules-decisions.db"


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add the command's parser (``commitrules log`` and its own commands)."""
    log: argparse.ArgumentParser = subparsers.add_parser(
        "log", help="the decision log: verify, prove, export, prune, replay"
    )
    commands = log.add_subparsers(dest="log_command", required=True, metavar="COMMAND")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--log-url",
        default=os.environ.get("COMMITRULES_LOG_URL", DEFAULT_LOG),
        metavar="URL",
        help=f"the log: sqlite:///FILE or postgresql+psycopg://... (env COMMITRULES_LOG_URL; default {DEFAULT_LOG})",
    )
    common.add_argument(
        "--signing-key",
        default=os.environ.get("COMMITRULES_SIGNING_KEY"),
        metavar="PEM",
        help="the Ed25519 key that signs tree heads (env COMMITRULES_SIGNING_KEY)",
    )
    filters = argparse.ArgumentParser(add_help=False)
    filters.add_argument("--since", default=None, help="records at or after this UTC time (ISO 8601)")
    filters.add_argument("--until", default=None, help="records before this UTC time (ISO 8601)")
    filters.add_argument("--kind", default=None, help="records of this case kind")
    filters.add_argument("--outcome", default=None, help="records with this outcome")
    filters.add_argument("--pack-digest", default=None, help="records decided by the pack with this digest")

    keygen = commands.add_parser("keygen", help="write a new Ed25519 signing key (PATH) and its public key (PATH.pub)")
    keygen.add_argument("path", metavar="PATH")
    head = commands.add_parser("head", parents=[common], help="sign the current tree and print its head (JSON)")
    head.add_argument(
        "--store",
        action="store_true",
        help="also store the head in the log (opens it for writing; without it, the log is only read)",
    )
    verify = commands.add_parser("verify", parents=[common], help="recompute every hash; name the first tampering")
    verify.add_argument(
        "--head", action="append", default=[], metavar="FILE", help="a signed tree head you kept (JSON); repeatable"
    )
    verify.add_argument("--public-key", default=None, metavar="PEM", help="the key heads are signed with")
    verify.add_argument("--format", choices=("text", "json"), default="text")
    verify.add_argument("--lang", choices=("zh", "en"), default=None, help=message("help.report_lang", "en"))
    prove = commands.add_parser(
        "prove", parents=[common], help="an inclusion proof of a decision, or (--consistency) a consistency proof"
    )
    prove.add_argument("decision_id", nargs="?", default=None, metavar="DECISION_ID")
    prove.add_argument(
        "--consistency",
        type=_whole,
        default=None,
        metavar="OLD_SIZE",
        help="prove that the tree extends the tree of OLD_SIZE records",
    )
    prove.add_argument("--tree-size", type=_whole, default=None, metavar="N", help="the tree to prove against")
    export = commands.add_parser("export", parents=[common, filters], help="the records as JSON Lines")
    export.add_argument("--out", default=None, metavar="FILE", help="write here (default: standard output)")
    prune = commands.add_parser(
        "prune", parents=[common], help="delete the case and decision of old records; keep their hashes"
    )
    prune.add_argument("--older-than", type=_days, required=True, metavar="DAYS")
    replay = commands.add_parser(
        "replay",
        parents=[common, filters],
        help="re-decide recorded cases under another pack; list the decisions that change",
    )
    replay.add_argument("--policies", required=True, metavar="DIR", help="the new pack's folder")
    replay.add_argument("--engine", choices=("compiled", "rete"), default="compiled")
    replay.add_argument("--format", choices=("text", "json"), default="text")
    replay.add_argument("--lang", choices=("zh", "en"), default=None, help=message("help.report_lang", "en"))
    return log


#: The largest size or index of a tree (the database keeps them as signed 64-bit integers).
MAX_SIZE = 2**63 - 1
#: The largest ``--older-than``: about 2,700 years, before which no time of a log can be.
MAX_DAYS = 1_000_000


def _bounded(text: str, low: int, high: int) -> int:
    """``text`` as a whole number from ``low`` to ``high``, in ASCII digits (``int`` also takes '１２')."""
    value = ascii_int(text)
    if value is None or not low <= value <= high:
        raise argparse.ArgumentTypeError(message("cli.arg.whole_range", "en", low=low, high=high, value=text))
    return value


def _whole(text: str) -> int:
    """A tree size: negative ones pass, for the log to say there is no such tree; at most :data:`MAX_SIZE`."""
    return _bounded(text, -MAX_SIZE, MAX_SIZE)


def _days(text: str) -> int:
    """A number of days: negative ones pass, for ``prune`` to explain; at most :data:`MAX_DAYS`."""
    return _bounded(text, -MAX_DAYS, MAX_DAYS)


def run(args: argparse.Namespace) -> int:
    """Run ``commitrules log COMMAND``; returns the exit code."""
    try:
        import sqlalchemy  # noqa: F401, PLC0415 - the service extra; imported only when a log command runs
        from cryptography.hazmat.primitives.asymmetric import ed25519  # noqa: F401, PLC0415
    except ImportError as exc:
        missing = (exc.name or "?").split(".")[0]
        return _error(message("log.needs_service", lang_of(args), missing=missing), lang_of(args))
    return _run(args)


def _run(args: argparse.Namespace) -> int:  # noqa: PLR0911 - one return per kind of failure
    from sqlalchemy.exc import DBAPIError  # noqa: PLC0415
    from sqlalchemy.exc import TimeoutError as PoolTimeoutError  # noqa: PLC0415

    from commitrules.service.log import LogError, schema  # noqa: PLC0415
    from commitrules.service.log.records import StoredValueError  # noqa: PLC0415

    lang = lang_of(args)
    if args.log_command == "keygen":
        return _keygen(args)
    try:
        opened = _open(args)
        if isinstance(opened, int):
            return opened
        with opened as log:
            return int(_COMMANDS[args.log_command](log, args))
    except StoredValueError as exc:  # a value in the database of another type, or a broken body
        url = schema.safe_url(args.log_url)
        return _error(message("log.unreadable_record", lang, url=url, detail=exc.detail), lang)
    except ValueError as exc:
        # the log's own errors (a key, a head file, a URL, a schema, a filter): each has its catalogue words;
        # any other ValueError (UnicodeEncodeError included: main says standard output cannot show the
        # text) is no error of the input, and keeps its traceback
        words = _log_words(exc, lang)
        if words is None:
            raise
        return _error(words, lang)
    except LogError as exc:
        return _error(_log_words(exc, lang) or str(exc), lang, EXIT_FAIL)
    except (DBAPIError, PoolTimeoutError) as exc:  # what the database said (unreachable, locked, denied, ...)
        return _error(_database_words(exc, args, lang), lang)


def _database_words(exc: Exception, args: argparse.Namespace, lang: Lang) -> str:
    """What to say of a database error: the log cannot be written (by a command that writes), or used."""
    from commitrules.service.log import schema  # noqa: PLC0415

    detail = str(getattr(exc, "orig", None) or exc).splitlines()[0]
    url = schema.safe_url(args.log_url)
    if _writes(args) and _cannot_write(exc):
        command = "head --store" if args.log_command == "head" else args.log_command
        return message("log.read_only", lang, url=url, detail=detail, command=command)
    return message("log.unusable", lang, url=url, detail=database_said(detail))


def _writes(args: argparse.Namespace) -> bool:
    """Whether the command changes the log (``prune``, ``head --store``); the others only read it."""
    return args.log_command == "prune" or (args.log_command == "head" and bool(args.store))


#: SQLite's result codes (low byte) and PostgreSQL's SQLSTATEs of a database that may not be written:
#: SQLITE_READONLY, SQLITE_CANTOPEN (a -wal or -shm file the folder does not let it create);
#: insufficient_privilege, read_only_sql_transaction.
_SQLITE_CANNOT_WRITE = (8, 14)
_POSTGRES_CANNOT_WRITE = ("42501", "25006")


def _cannot_write(exc: Exception) -> bool:
    """Whether the database's error says it may not be written (a read-only file, folder, mount or role)."""
    orig = getattr(exc, "orig", None)
    code = getattr(orig, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF in _SQLITE_CANNOT_WRITE
    return getattr(orig, "sqlstate", None) in _POSTGRES_CANNOT_WRITE


class _WordedError(ValueError):
    """A head file that cannot be read, or filters that cannot match, with the message as a catalogue text."""

    def __init__(self, text: Text) -> None:
        super().__init__(str(text))
        self.text = text


def _log_words(exc: Exception, lang: Lang) -> str | None:
    """The decision log's error in ``lang``; None when it is none of the log's own errors.

    service/log words its errors in English, as the HTTP API's problem details show them; the catalogue
    holds those sentences (``logerr.*``) and their translations.
    """
    text = getattr(exc, "text", None)
    if isinstance(text, Text):  # a head file that does not read, a schema the log cannot use
        return text.in_(lang)
    return reword(str(exc), "logerr.", lang)


def _error(text: str, lang: Lang = "en", code: int = EXIT_USAGE) -> int:
    sys.stderr.write(message("cli.error", lang, message=text) + "\n")
    return code


def _open(args: argparse.Namespace) -> DecisionLog | int:
    from commitrules.service.log import DecisionLog, schema  # noqa: PLC0415

    url = schema.normalise_url(args.log_url)
    if url.startswith("sqlite"):
        from sqlalchemy.engine import make_url  # noqa: PLC0415

        database = make_url(url).database or ""
        if database != ":memory:" and not is_file(database):
            lang = lang_of(args)
            return _error(message("log.no_log", lang, database=database), lang)
    # The reading commands open the log read-only: they work on a copy the auditor cannot write to, and
    # never change it (no WAL switch, no migration, no stored head); the opening refuses a database that
    # holds no log (``log.not_a_log``).
    if not _writes(args):
        return DecisionLog.open(url, signing_key=args.signing_key, read_only=True)
    # A command that writes opens the log for writing, which would create one in an empty file: every
    # command here works on an existing log, so one that is not there is an error, not a log to create.
    reader = schema.read_only_engine(url)
    try:
        with reader.connect() as conn:
            missing = schema.missing_tables(conn)
    finally:
        reader.dispose()
    if len(missing) == len(schema.metadata.tables) and not url.endswith(":memory:"):
        lang = lang_of(args)
        return _error(message("log.not_a_log", lang, url=schema.safe_url(url)), lang)
    return DecisionLog.open(url, signing_key=args.signing_key)


def _keygen(args: argparse.Namespace) -> int:
    from commitrules.service.log import generate_key  # noqa: PLC0415

    lang = lang_of(args)
    try:
        private, public = generate_key(args.path)
    except FileExistsError as exc:
        return _error(message("log.key_exists", lang, path=exc.filename or args.path), lang)
    except OSError as exc:
        return _error(message("cli.cannot_write", lang, target=args.path, reason=os_reason(exc)), lang)
    sys.stdout.write(message("log.keys_written", lang, private=private, public=public) + "\n")
    return EXIT_OK


def _head(log: DecisionLog, args: argparse.Namespace) -> int:
    head = log.signed_head()
    if head.signature is None:
        sys.stderr.write(message("log.unsigned_head", lang_of(args)) + "\n")
    sys.stdout.write(json.dumps(head.to_dict(), indent=2) + "\n")
    return EXIT_OK


def _read_head(path: str) -> SignedTreeHead:
    from commitrules.io.bounded import MAX_SMALL_FILE, read_at_most  # noqa: PLC0415
    from commitrules.service.log import SignedTreeHead  # noqa: PLC0415

    try:
        data = read_at_most(path)  # not /dev/zero read whole
    except OSError as exc:
        raise ValueError(message("logerr.head_unreadable", "en", path=path, reason=exc.strerror)) from None
    if data is None:
        raise _WordedError(Text("logerr.head_too_large", path=path, max=MAX_SMALL_FILE))
    try:
        return SignedTreeHead.from_dict(json.loads(data.decode("utf-8")))
    except json.JSONDecodeError as exc:
        detail: Text | str = json_reason(exc.msg) or exc.msg
        raise _WordedError(Text("logerr.head_not_json", path=path, detail=detail, line=exc.lineno)) from None
    except UnicodeDecodeError as exc:
        found = f"0x{exc.object[exc.start]:02x}"
        raise _WordedError(Text("logerr.head_not_utf8", path=path, byte=found, offset=exc.start)) from None
    except RecursionError:  # [[[[...]]]]: json recurses once per level
        raise _WordedError(Text("logerr.head_too_deep", path=path)) from None
    except ValueError as exc:
        said = reworded(str(exc), "logerr.") or str(exc)
        raise _WordedError(Text("log.head_invalid", path=path, detail=said)) from None


def _verify(log: DecisionLog, args: argparse.Namespace) -> int:
    heads = [_read_head(path) for path in args.head]
    report = log.verify(heads, public_key=args.public_key)
    if args.format == "json":
        sys.stdout.write(json.dumps(report.to_dict(), indent=2) + "\n")
    else:
        (sys.stdout if report.ok else sys.stderr).write(report.render(lang_of(args)) + "\n")
    return EXIT_OK if report.ok else EXIT_FAIL


def _prove(log: DecisionLog, args: argparse.Namespace) -> int:
    if (args.decision_id is None) == (args.consistency is None):
        return _error(message("log.prove_usage", lang_of(args)), lang_of(args))
    if args.decision_id is not None:
        proof = log.inclusion_proof(args.decision_id, args.tree_size)
    else:
        proof = log.consistency_proof(args.consistency, args.tree_size)
    heads = [proof[name] for name in ("head", "first", "second") if isinstance(proof.get(name), dict)]
    if any(head.get("signature") is None for head in heads):  # a proof checks only against a signed head
        sys.stderr.write(message("log.unsigned_proof", lang_of(args)) + "\n")
    sys.stdout.write(json.dumps(proof, indent=2, ensure_ascii=False) + "\n")
    return EXIT_OK


def _filters(args: argparse.Namespace) -> dict[str, Any]:
    since, until = _moment(args.since), _moment(args.until)
    if since is not None and until is not None and since > until:
        raise _WordedError(Text("log.since_after_until", since=args.since, until=args.until))
    return {
        "since": args.since,
        "until": args.until,
        "kind": args.kind,
        "outcome": args.outcome,
        "pack_digest": args.pack_digest,
    }


def _moment(text: str | None) -> dt.datetime | None:
    """``--since`` or ``--until`` as an aware time, to compare them.

    None when absent or not a time (the log's search says what is wrong with it).
    """
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00", 1)) if text else None
    except ValueError:
        return None
    return moment.replace(tzinfo=dt.UTC) if moment is not None and moment.tzinfo is None else moment


def _export(log: DecisionLog, args: argparse.Namespace) -> int:
    filters = _filters(args)
    if args.out is None:
        count = _write_records(log, filters, sys.stdout)
    elif (database := _log_file(args.log_url)) is not None and any(
        same_file(args.out, database + suffix) for suffix in ("", "-wal", "-shm")
    ):  # the export replaced the log it read: every record gone, and the proofs with them
        lang = lang_of(args)
        return _error(message("cli.output_is_input", lang, output=args.out, input=database), lang)
    else:  # written beside --out and renamed when whole: a failed export leaves no part of a file, nor clobbers one
        count = write_whole(args.out, lambda out: _write_records(log, filters, out))
    sys.stderr.write(message("log.exported", lang_of(args), count=count) + "\n")
    return EXIT_OK


def _log_file(log_url: str) -> str | None:
    """The SQLite file of a log (None for PostgreSQL, or a log in memory)."""
    from commitrules.service.log import schema  # noqa: PLC0415

    url = schema.normalise_url(log_url)
    if not url.startswith("sqlite"):
        return None
    from sqlalchemy.engine import make_url  # noqa: PLC0415

    database = make_url(url).database
    return database if database and database != ":memory:" else None


def _write_records(log: DecisionLog, filters: dict[str, Any], out: IO[str]) -> int:
    count = 0
    for record in log.iter_records(**filters):
        out.write(json.dumps(record.to_export(), ensure_ascii=False, sort_keys=True) + "\n")
        count += 1
    return count


def _prune(log: DecisionLog, args: argparse.Namespace) -> int:
    lang = lang_of(args)
    if args.older_than < 0:
        return _error(message("log.older_than", lang, days=args.older_than), lang)
    now = dt.datetime.now(dt.UTC)
    # Up to MAX_DAYS is accepted, but more days than since the year 1 leave no time to cut at: nothing is older.
    before_year_1 = args.older_than > (now - dt.datetime.min.replace(tzinfo=dt.UTC)).days
    tombstone = None if before_year_1 else log.prune(dt.timedelta(days=args.older_than), now=now)
    if tombstone is None:
        sys.stdout.write(message("log.nothing_older", lang, days=args.older_than) + "\n")
    else:
        body = tombstone.decision_data() or {}
        words = {"count": body.get("count"), "older_than": body.get("older_than"), "index": tombstone.index}
        sys.stdout.write(message("log.pruned", lang, decision_id=tombstone.decision_id, **words) + "\n")
    return EXIT_OK


def _replay(log: DecisionLog, args: argparse.Namespace) -> int:
    from commitrules import load_policies  # noqa: PLC0415
    from commitrules.service.log.replay import replay_records  # noqa: PLC0415

    try:
        pack = load_policies(args.policies)
    except PolicyError as exc:
        lang = lang_of(args)
        sys.stderr.write(exc.render(lang) + "\n\n" + message("log.replay_no_pack", lang, policies=args.policies) + "\n")
        return policy_exit(exc)
    report = replay_records(log.iter_records(**_filters(args)), pack, engine=args.engine)
    if args.format == "json":
        sys.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(report.render(lang_of(args)))
    return EXIT_OK


_COMMANDS = {"head": _head, "verify": _verify, "prove": _prove, "export": _export, "prune": _prune, "replay": _replay}
