"""Markers of the whole suite (tests, features, the doctests of src): the rete engine, a real PostgreSQL.

A test needs the rete engine when it is marked ``rete`` or is parametrized with the engine ``"rete"``
(``features/`` runs every scenario once per engine). durable-rules, the rete engine's library, does not
import on Python 3.13: there the suite runs with ``-m "not rete"`` (see ``noxfile.py``), and running a
rete test without durable is refused with that advice, never skipped. The same holds for the tests that
use the PostgreSQL fixtures (marked ``postgres``): pgserver has no build for Python 3.13.
"""

from __future__ import annotations

import importlib.util
import signal

import pytest

_POSTGRES_FIXTURES = {"postgresql_server", "postgresql_url"}


def pytest_configure(config: pytest.Config) -> None:  # noqa: ARG001 - pytest's hook signature
    """Let the processes the tests start see Ctrl-C, however the suite itself was started.

    A shell without job control (a script's ``cmd &``, many CI runners) starts its background commands
    with SIGINT ignored, and an ignored SIGINT stays ignored in every process started from them, the
    command line's runs that the tests stop with Ctrl-C included: those waited ten minutes for a signal
    they could not see, then failed. A handler of this process's own is reset to the default in a child
    that starts another program, so the children see Ctrl-C again.
    """
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


def _runs_rete(item: pytest.Item) -> bool:
    callspec = getattr(item, "callspec", None)
    return callspec is not None and any(isinstance(v, str) and v == "rete" for v in callspec.params.values())


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the tests parametrized with the rete engine, before ``-m`` selects."""
    for item in items:
        if _runs_rete(item):
            item.add_marker(pytest.mark.rete)
        if _POSTGRES_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.postgres)


@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session: pytest.Session) -> None:
    """Refuse to run rete tests where durable-rules does not import, saying how to deselect them."""
    if session.config.option.collectonly:
        return
    # find_spec, not import: importing pgserver warns about XDG_RUNTIME_DIR, an error under -W error.
    postgres = any(item.get_closest_marker("postgres") for item in session.items)
    if postgres and importlib.util.find_spec("pgserver") is None:
        msg = (
            "the tests' PostgreSQL (pgserver) is not installed here; install commitrules[dev] on "
            "Python 3.11 or 3.12, or deselect its tests with -m 'not postgres'"
        )
        raise pytest.UsageError(msg)
    if not any(item.get_closest_marker("rete") for item in session.items):
        return
    try:
        import durable.engine  # noqa: F401, PLC0415 - only to know whether the rete tests can run
    except Exception as exc:  # durable fails in several ways on unsupported Pythons
        msg = (
            f"the rete engine (durable-rules) does not import here ({type(exc).__name__}: {exc}); "
            "install commitrules[rete] on Python 3.11 or 3.12, or deselect its tests with -m 'not rete'"
        )
        raise pytest.UsageError(msg) from exc
