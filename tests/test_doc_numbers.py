"""The limits and sizes the pages state are the code's constants (a constant changed without its page fails)."""

from __future__ import annotations

import inspect
import re

import pytest

from commitrules._cachedir import KEEP
from commitrules.service.batch import CHUNK_LINES
from commitrules.service.distributed import PARTITION_LINES, evaluate_jsonl_dask
from commitrules.service.lines import MAX_LINE_BYTES
from commitrules.service.pages.config import PagesConfig
from commitrules.service.pages.whatif import MEMORY_LIMIT
from tests.doc_blocks import ROOT


def _text(page: str) -> str:
    """The page with its line breaks as spaces (a sentence may be wrapped anywhere)."""
    return re.sub(r"\s+", " ", (ROOT / page).read_text(encoding="utf-8"))


WHATIF = PagesConfig.__dataclass_fields__


STATED = [
    ("docs/embedding.md", "the {} most recent packs are kept", KEEP),
    ("docs/embedding.md", "evaluates chunks of {} lines", CHUNK_LINES),
    ("docs/embedding.md", "longer than {} MiB", MAX_LINE_BYTES // 2**20),
    ("docs/scale.md", "partitions** of {} lines", f"{PARTITION_LINES:,}"),
    (
        "docs/scale.md",
        "cannot be reached within {} seconds",
        int(inspect.signature(evaluate_jsonl_dask).parameters["connect_timeout"].default),
    ),
    ("docs/pages.md", "stopped after {} seconds", int(WHATIF["whatif_timeout"].default)),
    ("docs/pages.md", "limited to {} GiB of memory", MEMORY_LIMIT // 2**30),
    ("docs/pages.md", "a policy file above {} KiB is refused", WHATIF["whatif_max_bytes"].default // 1024),
]


@pytest.mark.parametrize(("page", "sentence", "value"), STATED, ids=[f"{p}:{s[:24]}" for p, s, _ in STATED])
def test_the_page_states_the_constant(page: str, sentence: str, value: object) -> None:
    """The sentence, with the constant's value in it, is on the page."""
    expected = sentence.format(value)
    assert expected in _text(page), f"{page} should say {expected!r}"
