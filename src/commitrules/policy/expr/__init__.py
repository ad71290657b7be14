"""Parse and check conditions: policy text in, a typed, checked tree out.

The text is parsed with Python's own parser (``ast.parse``) and then rebuilt, node by node, into the
types of :mod:`commitrules.policy.tree`. Only the constructs listed in ``docs/authoring.md`` are
rebuilt; anything else is an error with its position. Names resolve against the case model of the
policy file's kind, the pack's settings and the facts that rules of the same kind derive. Nothing in a
condition can reach a Python object that the case model does not declare.
"""

from commitrules.policy.expr._checker import check_condition, check_expression, used_names
from commitrules.policy.expr.language import BUILTINS, MAX_DEPTH, MAX_LENGTH, MAX_NODES, Locate, Scope

__all__ = [
    "BUILTINS",
    "MAX_DEPTH",
    "MAX_LENGTH",
    "MAX_NODES",
    "Locate",
    "Scope",
    "check_condition",
    "check_expression",
    "used_names",
]
