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
from pathlib import Path
from typing import TYPE_CHECKING, Any

from commitrules.cli._common import EXIT_OK, EXIT_POLICY, EXIT_USAGE, lang_of
from commitrules.errors import PolicyError
from commitrules.messages import Lang, Text, json_reason, message, os_reason, reword

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
    commands.add_parser("head", parents=[common], help="sign the current tree and print its head (JSON)")
    verify = commands.add_parser("verify", parents=[common], help="recompute every hash; name the first tampering")
    verify.add_argument(
        "--head", action="append", default=[], metavar="FILE", help="a signed tree head you kept (JSON); repeatable"
    )
    verify.add_argument("--public-key", default=None, metavar="PEM", help="the key heads are signed with")
    verify.add_argument("--format", choices=("text", "json"), default="text")
    verify.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the text report")
    prove = commands.add_parser(
        "prove", parents=[common], help="an inclusion proof of a decision, or (--consistency) a consistency proof"
    )
    prove.add_argument("decision_id", nargs="?", default=None, metavar="DECISION_ID")
    prove.add_argument(
        "--consistency",
        type=int,
        default=None,
        metavar="OLD_SIZE",
        help="prove that the tree extends the tree of OLD_SIZE records",
    )
    prove.add_argument("--tree-size", type=int, default=None, metavar="N", help="the tree to prove against")
    export = commands.add_parser("export", parents=[common, filters], help="the records as JSON Lines")
    export.add_argument("--out", default=None, metavar="FILE", help="write here (default: standard output)")
    prune = commands.add_parser(
        "prune", parents=[common], help="delete the case and decision of old records; keep their hashes"
    )
    prune.add_argument("--older-than", type=int, required=True, metavar="DAYS")
    replay = commands.add_parser(
        "replay",
        parents=[common, filters],
        help="re-decide recorded cases under another pack; list the decisions that change",
    )
    replay.add_argument("--policies", required=True, metavar="DIR", help="the new pack's folder")
    replay.add_argument("--engine", choices=("compiled", "rete"), default="compiled")
    replay.add_argument("--format", choices=("text", "json"), default="text")
    replay.add_argument("--lang", choices=("zh", "en"), default="zh")
    return log


def run(args: argparse.Namespace) -> int:
    """Run ``commitrules log COMMAND``; returns the exit code."""
    try:
        import sqlalchemy  # noqa: F401, PLC0415 - the service extra; imported only when a log command runs
        from cryptography.hazmat.primitives.asymmetric import ed25519  # noqa: F401, PLC0415
    except ImportError as exc:
        missing = (exc.name or "?").split(".")[0]
        return _error(message("log.needs_service", lang_of(args), missing=missing), lang_of(args))
    return _run(args)


def _run(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import SQLAlchemyError  # noqa: PLC0415

    from commitrules.service.log import KeyFileError, LogError, schema  # noqa: PLC0415

    lang = lang_of(args)
    if args.log_command == "keygen":
        return _keygen(args)
    try:
        opened = _open(args)
        if isinstance(opened, int):
            return opened
        with opened as log:
            return int(_COMMANDS[args.log_command](log, args))
    except (KeyFileError, ValueError) as exc:
        return _error(_log_words(exc, lang), lang)
    except LogError as exc:
        return _error(_log_words(exc, lang), lang, EXIT_FAIL)
    except SQLAlchemyError as exc:
        detail = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        return _error(message("log.unusable", lang, url=schema.safe_url(args.log_url), detail=detail), lang)


class _HeadError(ValueError):
    """A head file that cannot be read, with its message as a catalogue text."""

    def __init__(self, text: Text) -> None:
        super().__init__(str(text))
        self.text = text


def _log_words(exc: Exception, lang: Lang) -> str:
    """The decision log's error in ``lang``.

    service/log words its errors in English, as the HTTP API's problem details show them; the catalogue
    holds those sentences (``logerr.*``) and their translations.
    """
    if isinstance(exc, _HeadError):
        return exc.text.in_(lang)
    return reword(str(exc), "logerr.", lang) or str(exc)


def _error(text: str, lang: Lang = "en", code: int = EXIT_USAGE) -> int:
    sys.stderr.write(message("cli.error", lang, message=text) + "\n")
    return code


def _open(args: argparse.Namespace) -> DecisionLog | int:
    from commitrules.service.log import DecisionLog, schema  # noqa: PLC0415

    url = schema.normalise_url(args.log_url)
    if url.startswith("sqlite"):
        from sqlalchemy.engine import make_url  # noqa: PLC0415

        database = make_url(url).database or ""
        if database != ":memory:" and not Path(database).is_file():
            lang = lang_of(args)
            return _error(message("log.no_log", lang, database=database), lang)
    return DecisionLog.open(url, signing_key=args.signing_key)


def _keygen(args: argparse.Namespace) -> int:
    from commitrules.service.log import generate_key  # noqa: PLC0415

    lang = lang_of(args)
    try:
        private, public = generate_key(args.path)
    except FileExistsError:
        return _error(message("log.key_exists", lang, path=args.path), lang)
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
    from commitrules.service.log import SignedTreeHead  # noqa: PLC0415

    try:
        return SignedTreeHead.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))
    except OSError as exc:
        raise ValueError(message("logerr.head_unreadable", "en", path=path, reason=exc.strerror)) from None
    except json.JSONDecodeError as exc:
        detail: Text | str = json_reason(exc.msg) or exc.msg
        raise _HeadError(Text("logerr.head_not_json", path=path, detail=detail, line=exc.lineno)) from None
    except ValueError as exc:
        raise ValueError(f"'{path}': {exc}") from None


def _verify(log: DecisionLog, args: argparse.Namespace) -> int:
    heads = [_read_head(path) for path in args.head]
    report = log.verify(heads, public_key=args.public_key)
    if args.format == "json":
        sys.stdout.write(json.dumps(report.to_dict(), indent=2) + "\n")
    else:
        (sys.stdout if report.ok else sys.stderr).write(report.render(args.lang) + "\n")
    return EXIT_OK if report.ok else EXIT_FAIL


def _prove(log: DecisionLog, args: argparse.Namespace) -> int:
    if (args.decision_id is None) == (args.consistency is None):
        return _error(message("log.prove_usage", lang_of(args)), lang_of(args))
    if args.decision_id is not None:
        proof = log.inclusion_proof(args.decision_id, args.tree_size)
    else:
        proof = log.consistency_proof(args.consistency, args.tree_size)
    sys.stdout.write(json.dumps(proof, indent=2, ensure_ascii=False) + "\n")
    return EXIT_OK


def _filters(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "since": args.since,
        "until": args.until,
        "kind": args.kind,
        "outcome": args.outcome,
        "pack_digest": args.pack_digest,
    }


def _export(log: DecisionLog, args: argparse.Namespace) -> int:
    filters = _filters(args)
    out = open(args.out, "w", encoding="utf-8") if args.out else sys.stdout  # noqa: SIM115, PTH123
    try:
        count = 0
        for record in log.iter_records(**filters):
            out.write(json.dumps(record.to_export(), ensure_ascii=False, sort_keys=True) + "\n")
            count += 1
    finally:
        if out is not sys.stdout:
            out.close()
    sys.stderr.write(message("log.exported", lang_of(args), count=count) + "\n")
    return EXIT_OK


def _prune(log: DecisionLog, args: argparse.Namespace) -> int:
    lang = lang_of(args)
    if args.older_than < 0:
        return _error(message("log.older_than", lang, days=args.older_than), lang)
    tombstone = log.prune(dt.timedelta(days=args.older_than))
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
        return EXIT_POLICY
    report = replay_records(log.iter_records(**_filters(args)), pack, engine=args.engine)
    if args.format == "json":
        sys.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(report.render(args.lang))
    return EXIT_OK


_COMMANDS = {"head": _head, "verify": _verify, "prove": _prove, "export": _export, "prune": _prune, "replay": _replay}
