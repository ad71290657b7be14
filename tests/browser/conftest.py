"""A real ``commitrules serve`` on 127.0.0.1 and Debian's Chromium driven by Playwright.

These tests carry the ``browser`` marker and are deselected by default (``-m "not browser"`` in the
pytest options), so that the README's test command passes where Chromium cannot be installed.
``python -m pytest -m browser`` runs them; selected without a browser they FAIL (never skip).

Every page is watched: a console error, an uncaught exception, a failed request or a request to any
host but the service fails the test. Each test writes screenshots to ``reports/screenshots/``
(``COMMITRULES_SCREENSHOTS`` to change); the current ones are copied to ``docs/images/``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.service.server import printed_urls

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("COMMITRULES_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(os.environ.get("COMMITRULES_SCREENSHOTS", ROOT / "reports" / "screenshots"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.browser)


@dataclass
class Server:
    """The running service."""

    url: str
    process: subprocess.Popen[str]
    junit: Path
    log_db: Path

    def post(self, path: str, data: Any) -> tuple[Any, Any]:
        """POST JSON; the answer's JSON and headers."""
        request = urllib.request.Request(  # noqa: S310 - our own loopback server
            self.url + path, data=json.dumps(data).encode(), headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - our own loopback server
            return json.load(response), response.headers


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The features run once (their JUnit XML feeds /audit), the docs site is built, then ``commitrules serve``."""
    work = tmp_path_factory.mktemp("serve")
    junit = work / "features.xml"
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "features", "-q", "-p", "no:cacheprovider", f"--junitxml={junit}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-3000:]
    site = work / "site"
    built = subprocess.run(
        [str(Path(sys.executable).parent / "mkdocs"), "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr[-3000:]
    log_db = work / "decisions.db"
    command = [
        str(Path(sys.executable).parent / "commitrules"),
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        "0",  # the system's choice, named in the start line
        "--log-url",
        f"sqlite:///{log_db}",
        "--junit",
        str(junit),
        "--features",
        str(ROOT / "features"),
        "--docs-site",
        str(site),
    ]
    output = work / "serve.log"
    with output.open("w", encoding="utf-8") as log:
        process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 30
    try:
        url = printed_urls(output, process, seconds=30)[0]
    except RuntimeError as exc:
        process.kill()
        process.wait(timeout=30)
        pytest.fail(f"commitrules serve did not start: {exc}")
    while True:
        try:
            with urllib.request.urlopen(url + "/readyz", timeout=2):  # noqa: S310
                break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                process.wait(timeout=30)
                pytest.fail(f"commitrules serve did not start:\n{output.read_text(encoding='utf-8')}")
            time.sleep(0.2)
    yield Server(url, process, junit, log_db)
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium; missing, the test fails (the browser tests never skip)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("Playwright for Python is not installed: pip install -e '.[browser]'")
    if not Path(CHROMIUM).is_file() or shutil.which(CHROMIUM) is None:
        pytest.fail(f"no Chromium at {CHROMIUM}: apt-get install -y chromium fonts-noto-cjk")
    from playwright.sync_api import expect

    # A what-if runs check and diff in a child process: seconds on a loaded machine, beyond expect's 5 s.
    expect.set_options(timeout=30_000)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Watch:
    """What a page did that it must not: console errors, exceptions, failed or foreign requests."""

    origin: str
    problems: list[str] = field(default_factory=list)

    def request(self, request: Any) -> None:
        url = str(request.url)
        if not (url.startswith((self.origin + "/", "data:", "blob:")) or url == self.origin):
            self.problems.append(f"request to another host: {url}")


@pytest.fixture
def page(browser: Any, server: Server, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh page on the service, watched; fails the test on any console error or foreign request."""
    context = browser.new_context(viewport={"width": 1360, "height": 900}, locale="zh-CN")
    page = context.new_page()
    watch = Watch(server.url)
    page.on("console", lambda m: watch.problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: watch.problems.append(f"uncaught: {e}"))
    page.on("requestfailed", lambda r: watch.problems.append(f"failed request: {r.url} {r.failure}"))
    page.on("request", watch.request)
    page.on("response", lambda r: watch.problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    page.set_default_timeout(20_000)
    page.watch = watch  # the tests that expect an error status clear it themselves
    yield page
    context.close()
    assert [] == watch.problems, f"{request.node.name}: the page misbehaved"


def shot(page: Any, name: str, *, at: str | None = None, full: bool = False) -> Path:
    """A screenshot of the page from its top, or from the element ``at`` (a CSS selector)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    if at is not None:
        page.locator(at).evaluate("e => e.scrollIntoView()")
    elif not full:
        page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(path), full_page=full)
    return path
