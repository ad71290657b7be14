"""``commitrules schema``: print a JSON Schema, or write the pack's file schemas for editors.

``commitrules schema TARGET`` prints one schema. ``commitrules schema --write [--policies DIR]`` writes
the schema of every kind of file of the pack into ``DIR/schemas/`` (draft-07, with the pack's codes,
clause ids, kinds and setting names as enums) and puts the line naming its schema at the top of each
YAML file, which VS Code's YAML extension reads (:mod:`commitrules.authoring.modeline`).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from commitrules.cli._common import EXIT_IO, EXIT_OK, EXIT_USAGE, error, lang_of, print_policy_error
from commitrules.errors import PolicyError, display_path
from commitrules.messages import Lang, message

TARGETS = ("policy", "settings", "clauses", "organization", "pack", "vocabulary", "case", "decision")


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add the command's parser."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "schema", help="print a JSON Schema (for editors and other languages)"
    )
    parser.add_argument("target", nargs="?", default=None, choices=TARGETS)
    parser.add_argument("kind", nargs="?", default=None, help="for 'case': one case kind (default: all kinds)")
    parser.add_argument(
        "--policies",
        default=None,
        metavar="DIR",
        help="the pack whose codes, clause ids, kinds and setting names the schemas list (default: bundled)",
    )
    parser.add_argument(
        "--write",
        action="store_true",
        help="write the schema of each kind of file into DIR/schemas/ and the line naming it at the top of "
        "each YAML file of the pack, for VS Code's YAML extension (nothing else in the files changes)",
    )
    return parser


def run(args: argparse.Namespace) -> int:
    """Print the schema, or write them; 2 for a usage error, 3 for a broken pack, 6 when writing fails."""
    lang = lang_of(args)
    if args.write:
        if args.target is not None:
            error(message("cli.schema_write_no_target", lang), lang)
            return EXIT_USAGE
        return _write(args.policies, lang)
    if args.target is None:
        error(message("cli.schema_needs_target", lang, targets=", ".join(TARGETS)), lang)
        return EXIT_USAGE
    from commitrules.model import CASE_MODELS  # noqa: PLC0415 - only this command needs it

    if args.target == "case" and args.kind is not None and args.kind not in CASE_MODELS:
        error(message("cli.unknown_kind", lang, kind=args.kind, kinds=", ".join(CASE_MODELS)), lang)
        return EXIT_USAGE
    try:
        schema = _schema(args)
    except PolicyError as exc:
        return print_policy_error(exc, lang=lang)
    print(json.dumps(schema, ensure_ascii=False, indent=2))
    return EXIT_OK


def _schema(args: argparse.Namespace) -> dict[str, Any]:
    """The schema of ``args.target`` (raises :class:`PolicyError` when the pack does not load)."""
    from commitrules import load_policies  # noqa: PLC0415

    if args.target == "decision":
        from commitrules.engine.decision import Decision  # noqa: PLC0415

        return Decision.model_json_schema()
    if args.target != "case" and args.policies is None:
        from commitrules.policy.files import json_schema  # noqa: PLC0415

        return json_schema(args.target)
    pack = load_policies(args.policies)
    if args.target == "case":
        from commitrules.authoring.schemas import case_schema  # noqa: PLC0415

        return case_schema(args.kind, pack.vocabulary)
    from commitrules.authoring.file_schemas import file_schema  # noqa: PLC0415

    return file_schema(args.target, pack)


def _write(policies: str | None, lang: Lang) -> int:
    """Load the pack (its errors reported as by ``check``), then write its schemas and modelines."""
    from commitrules import load_policies  # noqa: PLC0415
    from commitrules._bundled import bundled_policies_dir  # noqa: PLC0415
    from commitrules.authoring.modeline import SCHEMA_DIR, write_schemas  # noqa: PLC0415

    directory = Path(policies) if policies is not None else bundled_policies_dir()
    try:
        pack = load_policies(directory)
    except PolicyError as exc:
        return print_policy_error(exc, lang=lang)  # nothing is written for a pack that does not load
    try:
        written = write_schemas(directory, pack)
    except OSError as exc:
        error(message("cli.schema_write_failed", lang, directory=display_path(directory), reason=exc), lang)
        return EXIT_IO
    from commitrules.service.manifest import MANIFEST_NAME  # noqa: PLC0415

    manifest = directory / MANIFEST_NAME
    if written.files and manifest.exists():
        # The manifest records the files as published; they changed, so it must be written again.
        path, folder = display_path(manifest), display_path(directory)
        error(message("cli.schema_manifest_stale", lang, manifest=path, directory=folder), lang)
    print(
        message(
            "cli.schema_written",
            lang,
            schemas=len(written.schemas),
            schemas_dir=display_path(directory / SCHEMA_DIR),
            files=len(written.files),
            directory=display_path(directory),
        )
    )
    return EXIT_OK
