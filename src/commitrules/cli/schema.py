"""``commitrules schema``: print a JSON Schema, for editors and other languages."""

from __future__ import annotations

import argparse
import json
from typing import Any

from commitrules.cli._common import EXIT_OK, EXIT_USAGE, error, lang_of, print_policy_error
from commitrules.messages import message

TARGETS = ("policy", "settings", "clauses", "organization", "pack", "vocabulary", "case", "decision")


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add the command's parser."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "schema", help="print a JSON Schema (for editors and other languages)"
    )
    parser.add_argument("target", choices=TARGETS)
    parser.add_argument("kind", nargs="?", default=None, help="for 'case': one case kind (default: all kinds)")
    parser.add_argument(
        "--policies", default=None, metavar="DIR", help="for 'case': the pack whose codes are listed (default: bundled)"
    )
    return parser


def run(args: argparse.Namespace) -> int:
    """Print the schema; 2 for an unknown case kind."""
    from commitrules.model import CASE_MODELS  # noqa: PLC0415 - only this command needs it
    from commitrules.policy.files import json_schema  # noqa: PLC0415

    schema: dict[str, Any]
    if args.target == "case":
        if args.kind is not None and args.kind not in CASE_MODELS:
            lang = lang_of(args)
            error(message("cli.unknown_kind", lang, kind=args.kind, kinds=", ".join(CASE_MODELS)), lang)
            return EXIT_USAGE
        from commitrules import load_policies  # noqa: PLC0415
        from commitrules.authoring.schemas import case_schema  # noqa: PLC0415
        from commitrules.errors import PolicyError  # noqa: PLC0415

        try:
            pack = load_policies(args.policies)
        except PolicyError as exc:
            return print_policy_error(exc, lang=lang_of(args))
        schema = case_schema(args.kind, pack.vocabulary)
    elif args.target == "decision":
        from commitrules.engine.decision import Decision  # noqa: PLC0415

        schema = Decision.model_json_schema()
    else:
        schema = json_schema(args.target)
    print(json.dumps(schema, ensure_ascii=False, indent=2))
    return EXIT_OK
