"""The examples in the decision log's docstrings run and print what they show."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["merkle", "redact", "retention", "store", "logged"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    """Each module's examples pass (and there are some)."""
    module = importlib.import_module(f"commitrules.service.log.{name}")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert (0, True) == (result.failed, result.attempted > 0)
