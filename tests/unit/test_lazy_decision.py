"""A decision of an engine is lazy, and nothing of that shows: fields, JSON, equality, copies, threads.

The golden decisions (``tests/test_decision_golden.py``) hold the JSON byte for byte; here each way of
reading a lazy decision is checked against an eager one (read back from its JSON), and what laziness
must not change: fresh lists per decision, a field changed in place shows in the JSON, a defect in
building the facts is reported as an evaluation error, a decision inside another model is complete.
"""

from __future__ import annotations

import copy
import datetime as dt
import pickle
import threading
from typing import Any

import pytest
from benchmarks.generators import AS_OF, generate_cases
from pydantic import BaseModel

from commitrules import Decision
from commitrules.engine.build import PendingDecision
from commitrules.engine.decision import LAZY_FIELDS, _private, _raw_dict, json_layout_ok
from commitrules.engine.evaluator import evaluator_for
from commitrules.errors import EvaluationError
from commitrules.model import parse_case
from commitrules.policy.pack import PolicyPack


def _decision(pack: PolicyPack, kind: str = "application", number: int = 0) -> Decision:
    case = parse_case(generate_cases(kind, number + 1, seed="lazy", skew=3.0)[number])
    return pack.evaluate(case, as_of=AS_OF)


def _firing(pack: PolicyPack, kind: str = "blacklist") -> Decision:
    """A decision of ``kind`` where rules fired and read facts."""
    for number in range(50):
        decision = _decision(pack, kind, number)
        if any(f.facts for f in decision.fired):
            return _decision(pack, kind, number)
    raise AssertionError(kind)


def _eager(decision: Decision) -> Decision:
    return Decision.model_validate_json(decision.model_dump_json())


def test_layout_of_the_fragments_is_the_models() -> None:
    """The prepared JSON fragments know the decision's fields as they are: a field added to Decision or
    FiredRule must be added to the fragments (engine/views.py, engine/build.py) too."""
    assert json_layout_ok()


def test_a_fresh_decision_is_lazy_and_its_json_leaves_it_so(pack: PolicyPack) -> None:
    """Made, a decision holds only its eager fields; writing its JSON builds none of the others."""
    decision = _firing(pack)
    assert isinstance(_private(decision), PendingDecision)
    assert {"kind", "case_id", "outcome", "policy", "as_of"} == set(_raw_dict(decision))
    text = decision.model_dump_json()
    assert isinstance(_private(decision), PendingDecision)
    assert text == _eager(decision).model_dump_json()


def test_each_field_read_alone_equals_the_eager_decisions(pack: PolicyPack) -> None:
    """Every lazy field, read first and alone, equals the eager decision's; ``fired_ids`` builds nothing."""
    expected = _eager(_firing(pack))
    for name in LAZY_FIELDS:
        decision = _firing(pack)
        assert getattr(expected, name) == getattr(decision, name), name
        assert {"kind", "case_id", "outcome", "policy", "as_of", name} == set(_raw_dict(decision))
    decision = _firing(pack)
    assert tuple(f.rule for f in expected.fired) == decision.fired_ids
    assert "fired" not in _raw_dict(decision)
    assert expected.fired_ids == decision.fired_ids


def test_lists_are_fresh_and_changes_show_in_the_json(pack: PolicyPack) -> None:
    """Two decisions never share a list; a list changed in place is in the JSON, as for any pydantic model."""
    first, second = _firing(pack), _firing(pack)
    assert first.reasons is not second.reasons
    assert first.fired[0].facts is not second.fired[0].facts
    first.reasons.append("changed_in_place")
    assert '"changed_in_place"' in first.model_dump_json()
    assert '"changed_in_place"' not in second.model_dump_json()


def test_whole_reads_see_every_field_in_order(pack: PolicyPack) -> None:
    """repr, iteration, vars, model_dump and the JSON's key order are those of the eager decision."""
    expected = _eager(_firing(pack))
    assert repr(expected) == repr(_firing(pack))
    assert list(expected) == list(_firing(pack))
    assert vars(expected) == vars(_firing(pack))
    assert list(Decision.model_fields) == list(vars(_firing(pack)))
    assert expected.model_dump() == _firing(pack).model_dump()
    read = _firing(pack)
    assert read.fired  # built first, out of the fields' order
    assert expected.model_dump_json(indent=2) == read.model_dump_json(indent=2)
    assert expected.model_dump_json() == read.model_dump_json()


def test_a_decision_inside_another_model_is_written_whole(pack: PolicyPack) -> None:
    """pydantic's serializer reading a lazy decision as a field of another model gets every field."""

    class Answer(BaseModel):
        decision: Decision
        extra: list[Any]

    expected = _eager(_firing(pack))
    answer = Answer(decision=_firing(pack), extra=[_firing(pack)])
    assert {"decision": expected.model_dump(mode="json"), "extra": [expected.model_dump(mode="json")]} == (
        answer.model_dump(mode="json")
    )
    again = Answer(decision=_firing(pack), extra=[])
    assert f'{{"decision":{expected.model_dump_json()},"extra":[]}}' == again.model_dump_json()


def test_equality_with_eager_and_lazy_decisions(pack: PolicyPack) -> None:
    """A lazy decision equals its eager twin and another lazy one, and differs from another case's."""
    expected = _eager(_firing(pack))
    assert expected == _firing(pack)
    assert _firing(pack) == expected
    assert _firing(pack) == _firing(pack)
    assert _firing(pack) != _decision(pack, "credit_site")
    with pytest.raises(TypeError):
        hash(_firing(pack))


def test_reading_from_many_threads(pack: PolicyPack) -> None:
    """Threads reading one lazy decision's fields and JSON at once all see the eager decision."""
    expected = _eager(_firing(pack))
    for _ in range(20):
        decision = _firing(pack)
        seen: list[Any] = []
        barrier = threading.Barrier(4)

        def read(
            name: str, target: Decision = decision, wait: threading.Barrier = barrier, out: list[Any] = seen
        ) -> None:
            wait.wait()
            out.append(target.model_dump_json() if name == "json" else getattr(target, name))

        threads = [threading.Thread(target=read, args=(n,)) for n in ("json", "fired", "reasons", "route")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert expected == decision
        assert expected.model_dump_json() == decision.model_dump_json()
        assert 4 == len(seen)


def test_a_defect_in_the_facts_is_an_evaluation_error(pack: PolicyPack) -> None:
    """A facts function that fails, when the fired rules are read or written, raises EvaluationError
    naming the case and the engine (as it did when decisions were built at once)."""
    decision = _firing(pack)
    pending = _private(decision)
    assert isinstance(pending, PendingDecision)

    def broken(*_: object) -> dict[str, Any]:
        raise ZeroDivisionError("boom")

    pending.facts = [broken] * len(pending.facts)
    with pytest.raises(EvaluationError, match="failed on the compiled engine: ZeroDivisionError: boom"):
        decision.model_dump_json()
    with pytest.raises(EvaluationError, match="defect of commitrules"):
        _ = decision.fired


def test_a_date_subclass_gives_an_eager_decision(pack: PolicyPack) -> None:
    """A date subclass as the date goes through pydantic's validation, as before: an eager decision."""

    class Day(dt.date):
        pass

    case = parse_case(generate_cases("credit_site", 1, seed="lazy")[0])
    decision = evaluator_for(pack).evaluate(case, as_of=Day(2020, 6, 1))
    assert _private(decision) is None
    assert pack.evaluate(case, as_of="2020-06-01").model_dump_json() == decision.model_dump_json()


def test_copies_and_pickles_are_whole_decisions(pack: PolicyPack) -> None:
    """copy, deepcopy, pickle and model_copy (also with an update) of a fresh lazy decision are complete
    decisions equal to the eager one, with its fields set and nothing pending."""
    expected = _eager(_firing(pack))
    made = {
        "copy": copy.copy(_firing(pack)),
        "deepcopy": copy.deepcopy(_firing(pack)),
        "pickle": pickle.loads(pickle.dumps(_firing(pack))),
        "model_copy": _firing(pack).model_copy(),
        "model_copy deep": _firing(pack).model_copy(deep=True),
        "model_copy update": _firing(pack).model_copy(update={"case_id": expected.case_id}),
    }
    for name, decision in made.items():
        assert _private(decision) is None, name
        assert expected == decision, name
        assert expected.model_dump_json() == decision.model_dump_json(), name
        assert expected.model_fields_set == decision.model_fields_set, name
    changed = _firing(pack).model_copy(update={"outcome": "changed"})
    assert '"outcome":"changed"' in changed.model_dump_json()
    assert expected.fired == changed.fired
