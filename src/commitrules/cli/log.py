"""``commitrules log``: the decision log's commands (:mod:`commitrules.service.log.cli`)."""

from __future__ import annotations

import argparse
from typing import Any

from commitrules.service.log import cli

__all__ = ["register", "run"]


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add the command's parser (defined with the log, which owns its sub-commands)."""
    cli.register(subparsers)
    parser: argparse.ArgumentParser = subparsers.choices["log"]
    return parser


def run(args: argparse.Namespace) -> int:
    """Run ``commitrules log COMMAND``; the exit code."""
    return int(cli.run(args))
