"""Where the bundled policy pack is: inside the installed package, or in the source tree."""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

__all__ = ["BundledPackMissingError", "bundled_policies_dir"]


class BundledPackMissingError(FileNotFoundError):
    """This installation of commitrules has no bundled pack (a wheel built without it, a copied ``src``).

    A FileNotFoundError, as it always was; the command line tells it from a file it could not write.
    """


@functools.cache
def bundled_policies_dir() -> Path:
    """The folder of the bundled pack.

    A wheel carries it as ``commitrules/_bundled_policies`` (hatchling's force-include); an editable
    install or a source checkout does not, so the repository's top-level ``policies/`` is the
    fallback. Found once per process (asking importlib's resources took about 30 µs a call, and an
    explanation without a pack asks for the bundled vocabulary); a missing pack is asked again.
    """
    packaged = resources.files("commitrules") / "_bundled_policies"
    if packaged.is_dir():
        return Path(str(packaged))
    source_tree = Path(__file__).resolve().parents[2] / "policies"
    if source_tree.is_dir():
        return source_tree
    msg = "The bundled policy pack is missing from this installation of commitrules"
    raise BundledPackMissingError(msg)
