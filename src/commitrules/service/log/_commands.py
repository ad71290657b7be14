"""The commands of ``commitrules log`` (see :mod:`commitrules.service.log.cli`), imported when one runs."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from commitrules.errors import PolicyError
from commitrules.service.log.cli import EXIT_FAIL, EXIT_OK, EXIT_POLICY, EXIT_USAGE
from commitrules.service.log.heads import KeyFileError, SignedTreeHead, generate_key
from commitrules.service.log.store import DecisionLog, LogError

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    """Run ``commitrules log COMMAND``; returns the exit code."""
    if args.log_command == "keygen":
        return _keygen(args)
    try:
        opened = _open(args)
        if isinstance(opened, int):
            return opened
        with opened as log:
            return int(_COMMANDS[args.log_command](log, args))
    except (KeyFileError, ValueError) as exc:
        return _error(str(exc))
    except LogError as exc:
        return _error(str(exc), EXIT_FAIL)
    except SQLAlchemyError as exc:
        return _error(f"the decision log at '{_safe_url(args.log_url)}' cannot be used: "
                      f"{str(exc.orig if getattr(exc, 'orig', None) else exc).splitlines()[0]}")


def _error(message: str, code: int = EXIT_USAGE) -> int:
    sys.stderr.write(f"commitrules: error: {message}\n")
    return code


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url  # noqa: PLC0415

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - a URL that does not parse is shown as given
        return url


def _open(args: argparse.Namespace) -> DecisionLog | int:
    from commitrules.service.log.schema import normalise_url  # noqa: PLC0415

    url = normalise_url(args.log_url)
    if url.startswith("sqlite"):
        from sqlalchemy.engine import make_url  # noqa: PLC0415

        database = make_url(url).database or ""
        if database != ":memory:" and not Path(database).is_file():
            return _error(f"there is no decision log at '{database}' (name it with --log-url)")
    return DecisionLog.open(url, signing_key=args.signing_key)


def _keygen(args: argparse.Namespace) -> int:
    try:
        private, public = generate_key(args.path)
    except FileExistsError:
        return _error(f"'{args.path}' exists; a signing key is never overwritten")
    except OSError as exc:
        return _error(f"cannot write '{args.path}': {exc.strerror}")
    sys.stdout.write(f"private key: {private} (keep it secret)\npublic key: {public} (give it to auditors)\n")
    return EXIT_OK


def _head(log: DecisionLog, _args: argparse.Namespace) -> int:
    sys.stdout.write(json.dumps(log.signed_head().to_dict(), indent=2) + "\n")
    return EXIT_OK


def _read_head(path: str) -> SignedTreeHead:
    try:
        return SignedTreeHead.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))
    except OSError as exc:
        raise ValueError(f"cannot read the head '{path}': {exc.strerror}") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"'{path}' is not JSON: {exc.msg} (line {exc.lineno})") from None
    except ValueError as exc:
        raise ValueError(f"'{path}': {exc}") from None


def _verify(log: DecisionLog, args: argparse.Namespace) -> int:
    heads = [_read_head(path) for path in args.head]
    report = log.verify(heads, public_key=args.public_key)
    if args.format == "json":
        sys.stdout.write(json.dumps(report.to_dict(), indent=2) + "\n")
    else:
        (sys.stdout if report.ok else sys.stderr).write(report.render() + "\n")
    return EXIT_OK if report.ok else EXIT_FAIL


def _prove(log: DecisionLog, args: argparse.Namespace) -> int:
    if (args.decision_id is None) == (args.consistency is None):
        return _error("name a DECISION_ID (inclusion proof) or --consistency OLD_SIZE, one of them")
    if args.decision_id is not None:
        proof = log.inclusion_proof(args.decision_id, args.tree_size)
    else:
        proof = log.consistency_proof(args.consistency, args.tree_size)
    sys.stdout.write(json.dumps(proof, indent=2, ensure_ascii=False) + "\n")
    return EXIT_OK


def _filters(args: argparse.Namespace) -> dict[str, Any]:
    return {"since": args.since, "until": args.until, "kind": args.kind, "outcome": args.outcome,
            "pack_digest": args.pack_digest}


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
    sys.stderr.write(f"commitrules: {count} records exported\n")
    return EXIT_OK


def _prune(log: DecisionLog, args: argparse.Namespace) -> int:
    if args.older_than < 0:
        return _error(f"--older-than must be 0 or more days, not {args.older_than}")
    tombstone = log.prune(dt.timedelta(days=args.older_than))
    if tombstone is None:
        sys.stdout.write(f"nothing older than {args.older_than} days\n")
    else:
        body = tombstone.decision_data() or {}
        sys.stdout.write(f"pruned {body.get('count')} records older than {body.get('older_than')}; "
                         f"tombstone record {tombstone.index} ({tombstone.decision_id})\n")
    return EXIT_OK


def _replay(log: DecisionLog, args: argparse.Namespace) -> int:
    from commitrules import load_policies  # noqa: PLC0415
    from commitrules.service.log.replay import replay_records  # noqa: PLC0415

    try:
        pack = load_policies(args.policies)
    except PolicyError as exc:
        sys.stderr.write(exc.render() + f"\n\nThe pack in '{args.policies}' does not load; nothing was replayed.\n")
        return EXIT_POLICY
    report = replay_records(log.iter_records(**_filters(args)), pack, engine=args.engine)
    if args.format == "json":
        sys.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(report.render(args.lang))
    return EXIT_OK


_COMMANDS = {"head": _head, "verify": _verify, "prove": _prove, "export": _export, "prune": _prune,
             "replay": _replay}
