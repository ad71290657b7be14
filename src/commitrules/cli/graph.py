"""``commitrules graph``: draw the organisation, the rules or the chain of consequences."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from commitrules import load_policies
from commitrules.audit.diagrams import DIAGRAMS, render_diagram, render_diagrams_page
from commitrules.cli._common import (
    EXIT_OK,
    EXIT_USAGE,
    error,
    lang_of,
    pack_files,
    policy_exit,
    write_text,
)
from commitrules.errors import PolicyError
from commitrules.messages import message


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add the command's parser."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "graph", help="draw the organisation, the rules or the chain of consequences"
    )
    parser.add_argument(
        "what", choices=(*DIAGRAMS, "docs"), help="which diagram; 'docs' writes the Markdown page of all of them"
    )
    parser.add_argument(
        "--format",
        choices=("mermaid", "dot", "svg"),
        default="mermaid",
        help="mermaid or dot text, or a drawn SVG image (default: mermaid)",
    )
    parser.add_argument("--kind", default=None, help="for 'rules': one case kind (default: every kind)")
    parser.add_argument("--policies", default=None, metavar="DIR", help="the pack's folder (default: bundled)")
    parser.add_argument("--out", default=None, help="write to this file instead of standard output")
    parser.add_argument(
        "--lang",
        choices=("zh", "en"),
        default=None,
        help="language of messages, and of the diagram's labels (default: Chinese beside English)",
    )
    return parser


def run(args: argparse.Namespace) -> int:
    """Draw the diagram; 2 for an unknown kind, 3 when the pack does not load."""
    try:
        pack = load_policies(args.policies)
    except PolicyError as exc:
        sys.stderr.write(exc.render(lang_of(args)) + "\n")
        return policy_exit(exc)
    if args.kind is not None and args.kind not in pack.policies:
        error(message("cli.unknown_kind", lang_of(args), kind=args.kind, kinds=", ".join(pack.kinds)), lang_of(args))
        return EXIT_USAGE
    if args.what == "docs":
        text = render_diagrams_page(pack)
    else:
        # labels in one language when --lang is given; else Chinese beside English, as docs/diagrams.md shows
        text = render_diagram(pack, args.what, args.format, args.kind, args.lang)
    write_text(text, args.out, pack_files(args.policies))
    return EXIT_OK
