"""``commitrules reference``: the pack as a readable reference (Markdown, Chinese and English)."""

from __future__ import annotations

import argparse
from typing import Any

from commitrules import load_policies
from commitrules.cli._common import EXIT_OK, lang_of, pack_files, print_policy_error, write_text
from commitrules.errors import PolicyError


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add the command's parser."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "reference", help="write the pack as a readable reference (Markdown, zh and en)"
    )
    parser.add_argument("directory", nargs="?", default=None, help="the pack's folder (default: bundled)")
    parser.add_argument("--out", default=None, help="write to this file instead of standard output")
    parser.add_argument(
        "--lang",
        choices=("zh", "en"),
        default=None,
        help="language of messages, and of the page (default: Chinese beside English)",
    )
    return parser


def run(args: argparse.Namespace) -> int:
    """Write the reference; 3 when the pack does not load."""
    from commitrules.authoring.reference import render_reference  # noqa: PLC0415 - only this command needs it

    try:
        pack = load_policies(args.directory)
    except PolicyError as exc:
        return print_policy_error(exc, lang=lang_of(args))
    # one language when --lang is given; else Chinese beside English, as docs/policy-reference.md
    write_text(render_reference(pack, args.lang), args.out, pack_files(args.directory))
    return EXIT_OK
