"""``commitrules check``: check a policy pack, every error and warning with its position."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from commitrules import load_policies
from commitrules.cli._common import (
    EXIT_IO,
    EXIT_OK,
    EXIT_POLICY,
    EXIT_USAGE,
    error,
    lang_of,
    max_errors,
    policy_exit,
    print_not_shown,
    print_policy_error,
    shown_diagnostics,
)
from commitrules.errors import MAX_DIAGNOSTICS, PolicyError, display_path

if TYPE_CHECKING:
    from commitrules.policy.pack import PolicyPack
from commitrules.messages import Lang, message, os_reason


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add the command's parser."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "check", help="check a policy pack: every error and warning, with its position"
    )
    parser.add_argument("directory", nargs="?", default=None, help="the pack's folder (default: the bundled pack)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--strict", action="store_true", help="fail on warnings too (before a change goes live)")
    parser.add_argument(
        "--max-errors",
        type=max_errors,
        default=MAX_DIAGNOSTICS,
        metavar="N",
        help=f"show at most N errors and warnings (default {MAX_DIAGNOSTICS}; 0: all); the total is always given",
    )
    parser.add_argument(
        "--write-manifest",
        action="store_true",
        help="when the check passes, write DIRECTORY/pack.lock (the digest of every file), so that loads and "
        "reloads take the pack only as published: copy the files first, pack.lock last",
    )
    return parser


def run(args: argparse.Namespace) -> int:
    """Check the pack and print the diagnostics; 0 when it passes, 3 when it fails."""
    from commitrules.authoring.check import check_policies  # noqa: PLC0415 - only this command lints
    from commitrules.service.manifest import verify_manifest  # noqa: PLC0415

    lang = lang_of(args)
    try:
        if args.directory is not None and not args.write_manifest:  # what loads would refuse, check refuses
            verify_manifest(Path(args.directory))
        result = check_policies(args.directory)
    except PolicyError as exc:
        return print_policy_error(exc, args.format, args.max_errors, lang)
    pack = result.pack
    errors, warnings = len(result.errors), len(result.warnings)
    failed = errors > 0 or (args.strict and warnings > 0)
    rules = sum(len(p.rules) for p in pack.policies.values())
    shown = shown_diagnostics(result.diagnostics, args.max_errors)
    if args.format == "json":
        print(
            json.dumps(
                {
                    "ok": not failed,
                    "name": pack.name,
                    "version": pack.version,
                    "digest": pack.digest,
                    "kinds": list(pack.kinds),
                    "rules": rules,
                    "errors": errors,
                    "warnings": warnings,
                    "strict": args.strict,
                    "total": len(result.diagnostics),
                    "shown": len(shown),
                    "diagnostics": [d.to_dict() for d in shown],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return EXIT_POLICY if failed else EXIT_OK
    for diagnostic in shown:
        print(diagnostic.render(lang), file=sys.stderr)
    print_not_shown(len(result.diagnostics), len(shown), lang)
    counts = message("cli.check_sep", lang).join(
        message(f"cli.check_{word}.{'one' if n == 1 else 'other'}", lang, count=n)
        for n, word in ((errors, "errors"), (warnings, "warnings"))
        if n
    )
    if failed:
        why = message("cli.check_strict", lang) if errors == 0 else ""
        print("\n" + message("cli.check_failed", lang, counts=counts, why=why), file=sys.stderr)
        return EXIT_POLICY
    tail = message("cli.check_ok_tail", lang, counts=counts) if warnings else ""
    print(
        message(
            "cli.check_ok",
            lang,
            name=pack.name,
            version=pack.version,
            kinds=len(pack.kinds),
            rules=rules,
            settings=len(pack.settings),
            clauses=len(pack.clauses),
            digest=pack.digest[:19],
            tail=tail,
        )
    )
    return _write_manifest(args.directory, pack, lang) if args.write_manifest else EXIT_OK


def _write_manifest(directory: str | None, pack: PolicyPack, lang: Lang) -> int:
    """Write the manifest of the pack just checked, and prove it by loading the pack through it."""
    from commitrules.service.manifest import MANIFEST_NAME, write_manifest  # noqa: PLC0415 - only this option

    if directory is None:
        error(message("cli.manifest_folder", lang), lang)
        return EXIT_USAGE
    path = Path(directory)
    try:
        written = write_manifest(path, pack)
        load_policies(path)  # a file changed since the check would make this manifest a lie
    except PolicyError as exc:
        (path / MANIFEST_NAME).unlink(missing_ok=True)
        print(exc.render(lang), file=sys.stderr)
        print("\n" + message("cli.manifest_changed", lang), file=sys.stderr)
        return policy_exit(exc)
    except OSError as exc:
        target = exc.filename or path / MANIFEST_NAME
        error(message("cli.cannot_write", lang, target=target, reason=os_reason(exc)), lang)
        return EXIT_IO
    print(message("cli.manifest_written", lang, path=display_path(written)))
    return EXIT_OK
