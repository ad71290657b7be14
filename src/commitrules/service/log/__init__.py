"""The decision log: every decision recorded, tamper-evident and provable (RFC 9162 Merkle tree).

See ``docs/decision-log.md``. The objects a host uses:

- :class:`DecisionLog`: open, append, read, prove, verify, prune.
- :class:`LogRecord`: one record; :class:`SignedTreeHead`: a signed size and root.
- :class:`LoggedEvaluator`: an evaluator that records every decision it makes.

The names are imported on first use: the command line registers ``commitrules log`` from this package
without importing SQLAlchemy or cryptography (the ``service`` extra) until a log command runs.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from commitrules.service.log.heads import KeyFileError, SignedTreeHead, generate_key, load_public_key
    from commitrules.service.log.logged import LoggedEvaluator
    from commitrules.service.log.proofs import LogError
    from commitrules.service.log.records import LogRecord, StoredValueError, canonical_json
    from commitrules.service.log.store import DecisionLog
    from commitrules.service.log.verify import Problem, VerifyReport

__all__ = [
    "DecisionLog",
    "KeyFileError",
    "LogError",
    "LogRecord",
    "LoggedEvaluator",
    "Problem",
    "SignedTreeHead",
    "StoredValueError",
    "VerifyReport",
    "canonical_json",
    "generate_key",
    "load_public_key",
]

_WHERE = {
    "DecisionLog": "store",
    "LogError": "store",
    "KeyFileError": "heads",
    "SignedTreeHead": "heads",
    "generate_key": "heads",
    "load_public_key": "heads",
    "LoggedEvaluator": "logged",
    "LogRecord": "records",
    "StoredValueError": "records",
    "canonical_json": "records",
    "Problem": "verify",
    "VerifyReport": "verify",
}


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
