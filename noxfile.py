"""Tasks: ``nox -s fast`` while working, ``nox -s full`` before a commit, ``nox -s tests`` on every Python.

Sessions:
    fast: unit tests, compilation, the examples and the doctests, without subprocess tests (under 30 s).
    full: the README's test command (the whole suite), then lint, format check and types.
    tests-3.11, tests-3.12, tests-3.13: the suite on each supported Python. durable-rules (the rete
        engine) does not import on 3.13, so there the rete extra is not installed and the rete tests are
        deselected with ``-m "not rete"`` (said in the output; never skipped).
    lint: ruff check, ruff format --check, mypy.

A missing interpreter is an error, not a skipped session. nox finds ``python3.12`` on PATH; with pyenv,
select the versions first, e.g. ``PYENV_VERSION=3.11.7:3.12.1:3.13.0 nox -s tests``. ``.ci/run`` runs
the same commands without nox, in a fresh clone.
"""

from __future__ import annotations

import nox

nox.options.sessions = ["fast"]
nox.options.reuse_existing_virtualenvs = True
nox.options.error_on_missing_interpreters = True

PYTHONS = ["3.11", "3.12", "3.13"]
#: Pythons where durable-rules imports; elsewhere the rete extra is left out and its tests deselected.
RETE_PYTHONS = {"3.11", "3.12"}
FAST = ["tests/unit", "tests/test_compile.py", "tests/test_examples.py", "src/commitrules"]
LINTED = ["src", "tests", "examples", "benchmarks", "features", "noxfile.py", "conftest.py"]


def _install(session: nox.Session, *, rete: bool = True) -> None:
    session.install("-e", ".[rete,dev]" if rete else ".[dev]")


@nox.session
def fast(session: nox.Session) -> None:
    """Unit, compile, examples and doctests; no subprocesses."""
    _install(session)
    session.run("python", "-m", "pytest", "-q", "-m", "not slow", *FAST, *session.posargs)


@nox.session
def full(session: nox.Session) -> None:
    """The whole suite, then lint and types."""
    _install(session)
    session.run("python", "-m", "pytest", "-q", *session.posargs)
    _lint(session)


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """The whole suite on one Python; the rete tests only where durable-rules imports."""
    rete = session.python in RETE_PYTHONS
    _install(session, rete=rete)
    marker: list[str] = []
    if not rete:
        session.log(
            f"Python {session.python}: durable-rules does not import here; the rete extra is not "
            "installed and the tests marked 'rete' are deselected; pgserver has no build there either, so the "
            "tests marked 'postgres' are deselected too (-m 'not rete and not browser and not postgres')."
        )
        marker = ["-m", "not rete and not browser and not postgres"]
    session.run("python", "-m", "pytest", "-q", *marker, *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """Lint with ruff (check and format --check) and type-check with mypy."""
    _install(session)
    _lint(session)


def _lint(session: nox.Session) -> None:
    session.run("ruff", "check", *LINTED)
    session.run("ruff", "format", "--check", *LINTED)
    session.run("mypy")
    session.run("mypy", "--strict", "tests/api_typing/api.py")
