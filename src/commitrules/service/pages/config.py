"""What the pages need from the service that mounts them: the served pack, the files, and who may do what."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import Request

from commitrules.messages import Text
from commitrules.policy.pack import PolicyPack
from commitrules.service.http.problems import ProblemError

__all__ = ["PagesConfig", "bundled_examples_dir"]

#: The roles that may run a what-if on a private copy of the pack when the service is exposed.
WHATIF_ROLES = frozenset({"admin", "author"})
#: The role that may read the decision log.
LOG_ROLES = frozenset({"admin", "read-log"})
#: The role that may evaluate a case in the playground (never recorded: a trial is not a decision).
EVALUATE_ROLES = frozenset({"admin", "evaluate", "author"})


def bundled_examples_dir() -> Path | None:
    """The example cases: shipped in the wheel as ``commitrules/_bundled_examples``, else the checkout's."""
    packaged = resources.files("commitrules") / "_bundled_examples"
    if packaged.is_dir():
        return Path(str(packaged))
    source_tree = Path(__file__).resolve().parents[4] / "examples" / "cases"
    return source_tree if source_tree.is_dir() else None


#: Every role: a service without tokens serves loopback only, and everyone there may do everything.
ALL_ROLES = frozenset({"evaluate", "read-log", "author", "admin"})


def _all_roles(_request: Request) -> frozenset[str]:
    return ALL_ROLES


@dataclass
class PagesConfig:
    """How the pages are served.

    Attributes:
        pack: returns the pack being served (called per request, so that a reload is seen).
        policies_dir: the folder of the served pack (what-if copies it); None: the bundled pack.
        examples_dir: example cases the playground starts from and the what-if replays.
        features_dir: the feature files for the audit report (None: the report has no scenarios).
        junit: the JUnit XML of the last specification run (None: scenarios show as not run).
        roles: the roles of a request's caller, from the service's authentication (which answers 401
            itself when the service has tokens and the request carries none that is valid).
        decision_log: the decision log (``DecisionLog``) for ``/log``, or None when none is configured.
        docs_dir: the built documentation site served at ``/docs`` (None: not built).
        whatif_timeout: seconds a what-if may run before it is stopped.
        whatif_max_bytes: the largest policy file a what-if accepts.
        as_of: the date the examples are judged on by default (they are written for it).
    """

    pack: Callable[[], PolicyPack]
    policies_dir: Path | None = None
    examples_dir: Path | None = field(default_factory=bundled_examples_dir)
    features_dir: Path | None = None
    junit: Path | None = None
    roles: Callable[[Request], frozenset[str]] = _all_roles
    decision_log: Any = None
    docs_dir: Path | None = None
    whatif_timeout: float = 20.0
    whatif_max_bytes: int = 256 * 1024
    as_of: str = "2020-06-01"

    def require(self, request: Request, allowed: frozenset[str]) -> None:
        """Refuse the request (403) when the caller has none of the roles ``allowed``.

        Raises:
            ProblemError: 403 ``forbidden`` naming the roles needed.
        """
        if not (self.roles(request) & allowed):
            raise ProblemError(403, "forbidden", Text("problem.roles_needed", roles=", ".join(sorted(allowed))))
