"""The quick walk of a typed case's open-list codes answers as the careful walk that reports them.

``unknown_codes`` first walks a case without building paths, stopping at the first code the
vocabulary lacks; only then the careful walk lists every unknown code with its JSON path. The two
must agree on whether there is one, for every kind and every list a code may come from.
"""

from __future__ import annotations

import pytest
from benchmarks.generators import KINDS, generate_cases

from commitrules.model import parse_case
from commitrules.model._open_codes import _PLANS, _any_unknown, _walk, unknown_codes
from commitrules.policy.pack import PolicyPack

LISTS = sorted({marker.list_name for plan in _PLANS.values() for _, marker, _ in plan if marker is not None})


class _Denying:
    """The pack's vocabulary, except that it has no codes of ``denied`` (a list name, or every list)."""

    def __init__(self, pack: PolicyPack, denied: str) -> None:
        self.pack = pack
        self.denied = denied

    def has(self, list_name: str, code: str) -> bool:
        return self.denied not in {"*", list_name} and self.pack.vocabulary.has(list_name, code)

    def codes(self, list_name: str) -> tuple[str, ...]:
        return self.pack.vocabulary.codes(list_name)


def test_every_open_list_is_walked() -> None:
    """The lists the case models hold open codes of are all known to the walks."""
    assert {"channels", "risk_flags", "verification_methods"} <= set(LISTS)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("denied", ["", "*", *LISTS])
def test_quick_and_careful_walks_agree(pack: PolicyPack, kind: str, denied: str) -> None:
    """On generated cases of ``kind`` (rare events frequent), with codes of one list or of all denied."""
    vocabulary = _Denying(pack, denied)
    found_any = False
    holds_codes = False
    for data in generate_cases(kind, 60, seed="walks", skew=3.0):
        case = parse_case(data)
        errors: list[object] = []
        _walk(case, "$", vocabulary.has, lambda at, _list, _code: at, errors)  # type: ignore[arg-type,return-value]
        assert bool(errors) == _any_unknown(case, vocabulary.has)
        assert errors == [e.path for e in unknown_codes(case, vocabulary)]
        found_any = found_any or bool(errors)
        holds_codes = holds_codes or type(case) in _PLANS
    assert not (found_any and denied == "")
    assert found_any == (denied == "*" and holds_codes) or denied not in {"", "*"}
