"""Two engines, one semantics: the compiled and rete engines make identical decisions.

Every example case, and thousands of random valid cases of every kind (hypothesis, derived from the
case models), go through both engines; the decisions must be equal field for field.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commitrules.model import CASE_MODELS
from commitrules.policy.pack import PolicyPack
from commitrules.testing import case_strategy

#: Every test here runs the rete engine (deselected with -m 'not rete' where durable-rules does not import).
pytestmark = pytest.mark.rete

AS_OF = st.dates(min_value=dt.date(2019, 1, 1), max_value=dt.date(2023, 12, 31))


@pytest.mark.parametrize("kind", list(CASE_MODELS))
def test_engines_agree_on_random_cases(pack: PolicyPack, kind: str) -> None:
    """For random valid cases of each kind on random dates, both engines decide the same."""
    if kind not in pack.policies:
        pytest.fail(f"the bundled pack has no policy for kind '{kind}'")

    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.filter_too_much,
                                                                     HealthCheck.too_slow])
    @given(case=case_strategy(kind), as_of=AS_OF)
    def check(case: dict[str, Any], as_of: dt.date) -> None:
        compiled = pack.evaluate(case, as_of=as_of)
        rete = pack.evaluate(case, as_of=as_of, engine="rete")
        assert compiled == rete

    check()
