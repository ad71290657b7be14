"""Shared fixtures: the bundled pack (loaded once), paths, and the golden-file switch."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

import commitrules
from commitrules.policy.pack import PolicyPack

# A real PostgreSQL (pgserver) for the tests that need one: see tests/fixtures/postgres.py.
from tests.fixtures.postgres import postgresql_server, postgresql_url  # noqa: F401

ROOT = Path(__file__).resolve().parents[1]

# Every property test draws the same examples on every run, so that CI passes or fails the same way each
# time (a deeper, random search: FUZZ_EXAMPLES, see tests/test_fuzz.py), and none fails for being slow on
# a loaded machine (speed is measured by benchmarks/, never by tests). A test's own @settings still wins.
settings.register_profile(
    "commitrules",
    derandomize="FUZZ_EXAMPLES" not in os.environ,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("commitrules")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files from the current output")


@pytest.fixture(scope="session", autouse=True)
def _pack_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Compiled packs go to a folder of the session (subprocesses inherit it), never to the user's cache."""
    os.environ["COMMITRULES_CACHE_DIR"] = str(tmp_path_factory.mktemp("pack-cache"))


@pytest.fixture(scope="session")
def pack() -> PolicyPack:
    """The bundled pack, compiled once per test session."""
    return commitrules.load_policies()


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))
