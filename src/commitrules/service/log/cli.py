"""``commitrules log``: keys, heads, proofs, verification, export, retention and replay of the decision log.

Exit codes: 0 done (``verify``: the log is intact); 1 ``verify`` found tampering, or a decision or
size asked for is not in the log; 2 the command line is wrong (or a key, head or database cannot be
used); 3 the replay's pack is invalid.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

__all__ = ["register", "run"]

EXIT_OK, EXIT_FAIL, EXIT_USAGE, EXIT_POLICY = 0, 1, 2, 3
DEFAULT_LOG = "sqlite:///commitrules-decisions.db"


def register(sub: Any) -> None:
    """Add ``commitrules log`` and its commands to the command line."""
    log = sub.add_parser("log", help="the decision log: verify, prove, export, prune, replay")
    commands = log.add_subparsers(dest="log_command", required=True, metavar="COMMAND")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--log-url", default=os.environ.get("COMMITRULES_LOG_URL", DEFAULT_LOG), metavar="URL",
                        help="the log: sqlite:///FILE or postgresql+psycopg://... (env COMMITRULES_LOG_URL; "
                             f"default {DEFAULT_LOG})")
    common.add_argument("--signing-key", default=os.environ.get("COMMITRULES_SIGNING_KEY"), metavar="PEM",
                        help="the Ed25519 key that signs tree heads (env COMMITRULES_SIGNING_KEY)")
    filters = argparse.ArgumentParser(add_help=False)
    filters.add_argument("--since", default=None, help="records at or after this UTC time (ISO 8601)")
    filters.add_argument("--until", default=None, help="records before this UTC time (ISO 8601)")
    filters.add_argument("--kind", default=None, help="records of this case kind")
    filters.add_argument("--outcome", default=None, help="records with this outcome")
    filters.add_argument("--pack-digest", default=None, help="records decided by the pack with this digest")

    keygen = commands.add_parser("keygen", help="write a new Ed25519 signing key (PATH) and its public key (PATH.pub)")
    keygen.add_argument("path", metavar="PATH")
    head = commands.add_parser("head", parents=[common], help="sign the current tree and print its head (JSON)")
    verify = commands.add_parser("verify", parents=[common], help="recompute every hash; name the first tampering")
    verify.add_argument("--head", action="append", default=[], metavar="FILE",
                        help="a signed tree head you kept (JSON); repeatable")
    verify.add_argument("--public-key", default=None, metavar="PEM", help="the key heads are signed with")
    verify.add_argument("--format", choices=("text", "json"), default="text")
    prove = commands.add_parser("prove", parents=[common],
                                help="an inclusion proof of a decision, or (--consistency) a consistency proof")
    prove.add_argument("decision_id", nargs="?", default=None, metavar="DECISION_ID")
    prove.add_argument("--consistency", type=int, default=None, metavar="OLD_SIZE",
                       help="prove that the tree extends the tree of OLD_SIZE records")
    prove.add_argument("--tree-size", type=int, default=None, metavar="N", help="the tree to prove against")
    export = commands.add_parser("export", parents=[common, filters], help="the records as JSON Lines")
    export.add_argument("--out", default=None, metavar="FILE", help="write here (default: standard output)")
    prune = commands.add_parser("prune", parents=[common],
                                help="delete the case and decision of old records; keep their hashes")
    prune.add_argument("--older-than", type=int, required=True, metavar="DAYS")
    replay = commands.add_parser("replay", parents=[common, filters],
                                 help="re-decide recorded cases under another pack; list the decisions that change")
    replay.add_argument("--policies", required=True, metavar="DIR", help="the new pack's folder")
    replay.add_argument("--engine", choices=("compiled", "rete"), default="compiled")
    replay.add_argument("--format", choices=("text", "json"), default="text")
    replay.add_argument("--lang", choices=("zh", "en"), default="zh")
    log.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run ``commitrules log COMMAND``; returns the exit code."""
    try:
        from commitrules.service.log import _commands  # noqa: PLC0415 - needs the service extra
    except ImportError as exc:
        sys.stderr.write(f"commitrules: error: the decision log needs the 'service' extra ({exc.name} is not "
                         "installed): pip install 'commitrules[service]'\n")
        return EXIT_USAGE
    return _commands.run(args)
