"""``commitrules serve``: the HTTP service and its pages (:mod:`commitrules.service.http.command`)."""

from __future__ import annotations

import argparse
from typing import Any

from commitrules.service.http import command

__all__ = ["register", "run"]


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add the command's parser (defined with the service, which owns its options)."""
    command.register(subparsers)
    parser: argparse.ArgumentParser = subparsers.choices["serve"]
    return parser


def run(args: argparse.Namespace) -> int:
    """Serve until stopped; the exit code."""
    return int(command.run(args))
