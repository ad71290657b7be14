"""From a folder of policy files to a :class:`~commitrules.policy.pack.PolicyPack`, in named passes.

``files`` reads and validates the files into their models; ``rules``, ``settings`` and ``conditions``
check and resolve what the models refer to; ``build`` makes the pack; ``pipeline`` lists the passes
in order (:data:`PASSES`) and runs them. Every pass works on the typed file models.
"""

from commitrules.policy.compile.pipeline import PASSES, CompilerPass, compile_pack, compile_pack_with_sources
from commitrules.policy.compile.settings import type_from_setting
from commitrules.policy.compile.state import PackSources, RuleSource

__all__ = [
    "PASSES",
    "CompilerPass",
    "PackSources",
    "RuleSource",
    "compile_pack",
    "compile_pack_with_sources",
    "type_from_setting",
]
