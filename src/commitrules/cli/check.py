"""``commitrules check``: check a policy pack, every error and warning with its position."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from commitrules.cli._common import EXIT_OK, EXIT_POLICY, print_policy_error
from commitrules.errors import PolicyError


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add the command's parser."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "check", help="check a policy pack: every error and warning, with its position"
    )
    parser.add_argument("directory", nargs="?", default=None, help="the pack's folder (default: the bundled pack)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--strict", action="store_true", help="fail on warnings too (before a change goes live)")
    return parser


def run(args: argparse.Namespace) -> int:
    """Check the pack and print the diagnostics; 0 when it passes, 3 when it fails."""
    from commitrules.authoring.check import check_policies  # noqa: PLC0415 - only this command lints

    try:
        result = check_policies(args.directory)
    except PolicyError as exc:
        return print_policy_error(exc, args.format)
    pack = result.pack
    errors, warnings = len(result.errors), len(result.warnings)
    failed = errors > 0 or (args.strict and warnings > 0)
    rules = sum(len(p.rules) for p in pack.policies.values())
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
                    "diagnostics": [d.to_dict() for d in result.diagnostics],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return EXIT_POLICY if failed else EXIT_OK
    for diagnostic in result.diagnostics:
        print(diagnostic.render(), file=sys.stderr)
    counts = ", ".join(
        f"{n} {word}{'s' if n != 1 else ''}" for n, word in ((errors, "error"), (warnings, "warning")) if n
    )
    if failed:
        why = " (--strict: warnings fail the check)" if errors == 0 else ""
        print(f"\n{counts} in the policy pack{why}.", file=sys.stderr)
        return EXIT_POLICY
    tail = f"; {counts} (above)" if warnings else ""
    print(
        f"ok: {pack.name} {pack.version}: {len(pack.kinds)} kinds, {rules} rules, "
        f"{len(pack.settings)} settings, {len(pack.clauses)} clauses ({pack.digest[:19]}){tail}"
    )
    return EXIT_OK
