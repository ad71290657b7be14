"""The decision log: every decision recorded, tamper-evident and provable (RFC 9162 Merkle tree).

See ``docs/decision-log.md``. The objects a host uses:

- :class:`DecisionLog`: open, append, read, prove, verify, prune.
- :class:`LogRecord`: one record; :class:`SignedTreeHead`: a signed size and root.
- :class:`LoggedEvaluator`: an evaluator that records every decision it makes.
"""

from commitrules.service.log.heads import KeyFileError, SignedTreeHead, generate_key, load_public_key
from commitrules.service.log.records import LogRecord, canonical_json
from commitrules.service.log.store import DecisionLog, LogError
from commitrules.service.log.verify import Problem, VerifyReport

__all__ = [
    "DecisionLog",
    "KeyFileError",
    "LogError",
    "LogRecord",
    "Problem",
    "SignedTreeHead",
    "VerifyReport",
    "canonical_json",
    "generate_key",
    "load_public_key",
]
