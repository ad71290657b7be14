"""Hot reload: atomic swaps by an admin call or by watching the folder; a failed reload keeps the old pack."""

from __future__ import annotations

import secrets
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.language_leaks import chinese_characters, english_runs
from tests.service.server import ROOT, ServiceProcess

#: Every test here starts `commitrules serve` (or another process): the fast session leaves them out.
pytestmark = pytest.mark.slow

ADMIN = "ad-" + secrets.token_urlsafe(24)
CASE = {"kind": "credit_site", "content": {"items": ["dishonesty_info"]}}
#: What each version of the pack decides for CASE: a decision that mixed two packs would break the pairing.
OUTCOME_OF = {"0.1.0": "noncompliant", "0.2.0": "compliant"}


def write_version(folder: Path, version: str) -> None:
    """Version 0.2.0 lets four missing items pass (outcome 'compliant' for CASE); 0.1.0 is the bundled rule."""
    pack = (ROOT / "policies" / "pack.yaml").read_text(encoding="utf-8")
    (folder / "pack.yaml").write_text(pack.replace("version: 0.1.0", f"version: {version}"), encoding="utf-8")
    rules = (ROOT / "policies" / "credit_site.yaml").read_text(encoding="utf-8")
    if version == "0.2.0":
        rules = rules.replace("len(content.missing_items()) > 0", "len(content.missing_items()) > 4")
    (folder / "credit_site.yaml").write_text(rules, encoding="utf-8")


def serve_copy(tmp_path: Path, *args: str) -> tuple[ServiceProcess, Path]:
    folder = tmp_path / "policies"
    shutil.copytree(ROOT / "policies", folder)
    server = ServiceProcess(
        tmp_path,
        "--no-log",
        "--policies",
        str(folder),
        *args,
        env={"COMMITRULES_TOKENS": f"ops:admin,evaluate:{ADMIN}"},
    )
    return server.start(), folder


@pytest.fixture
def watched(tmp_path: Path) -> Iterator[tuple[ServiceProcess, Path]]:
    """A copy of the bundled pack, served and watched."""
    server, folder = serve_copy(tmp_path, "--watch", "--watch-interval", "0.2")
    yield server, folder
    server.stop()


@pytest.fixture
def unwatched(tmp_path: Path) -> Iterator[tuple[ServiceProcess, Path]]:
    """A copy of the bundled pack, reloaded only by calls (files are written in two steps here)."""
    server, folder = serve_copy(tmp_path)
    yield server, folder
    server.stop()


def auth() -> dict[str, str]:
    return {"Authorization": f"Bearer {ADMIN}"}


def wait_for(server: ServiceProcess, digest: str) -> dict:
    """The pack served once its digest is ``digest`` (within 30 s)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        pack = httpx.get(server.url + "/v1/pack", headers=auth()).json()
        if pack["digest"] == digest:
            return pack
        time.sleep(0.1)
    raise AssertionError(f"the pack {digest} never came")


def test_admin_reload_failure_and_watch(watched: tuple[ServiceProcess, Path]):
    """Reload by call; a broken file keeps the old pack and shows in /readyz and metrics; the fix is watched."""
    server, folder = watched
    url = server.url
    before = httpx.get(url + "/v1/pack", headers=auth()).json()
    write_version(folder, "0.2.0")
    reloaded = httpx.post(url + "/v1/admin/reload", headers=auth(), timeout=60)
    assert 200 == reloaded.status_code
    assert "0.2.0" == reloaded.json()["version"]
    assert before["digest"] != reloaded.json()["digest"]
    assert "compliant" == httpx.post(url + "/v1/decisions", json=CASE, headers=auth()).json()["outcome"]
    # The watcher (polling every 0.2 s) saw the files change too: it may reload them once or twice more,
    # at any time from now (on a loaded machine, after the broken file below is written). Every reload
    # that succeeds reads the same files as the call did, so the pack is identified by its digest here,
    # not by the generation (that a failed reload keeps the generation is tested on PackHolder).
    digest = reloaded.json()["digest"]

    broken = folder / "credit_site.yaml"
    good_text = broken.read_text(encoding="utf-8")
    broken.write_text(
        good_text.replace("outcome: noncompliant", "outcome: noncompliant\n      outcom: x"), encoding="utf-8"
    )
    failed = httpx.post(url + "/v1/admin/reload", headers=auth(), timeout=60)
    assert 422 == failed.status_code
    problem = failed.json()
    assert "reload_failed" == problem["code"]
    assert any("credit_site.yaml:" in e["path"] and "unknown_field" in e["message"] for e in problem["errors"])
    pack = httpx.get(url + "/v1/pack", headers=auth()).json()
    assert ("0.2.0", digest) == (pack["version"], pack["digest"])
    assert "compliant" == httpx.post(url + "/v1/decisions", json=CASE, headers=auth()).json()["outcome"]
    ready = httpx.get(url + "/readyz", headers=auth()).json()
    assert "ready" == ready["status"]
    assert ready["last_reload_error"] is not None
    assert any("unknown_field" in e["message"] for e in ready["last_reload_error"]["errors"])
    metrics = httpx.get(url + "/metrics").text
    failures = next(
        line for line in metrics.splitlines() if line.startswith('commitrules_reloads_total{result="failed"}')
    )
    assert float(failures.rsplit(" ", 1)[1]) >= 1

    write_version(folder, "0.1.0")  # the fix, picked up by the watcher without a call
    pack = wait_for(server, before["digest"])
    assert ("0.1.0", "noncompliant") == (
        pack["version"],
        httpx.post(url + "/v1/decisions", json=CASE, headers=auth()).json()["outcome"],
    )
    assert httpx.get(url + "/readyz").json()["last_reload_error"] is None


def test_readyz_words_the_last_reload_failure_in_the_requests_language(unwatched: tuple[ServiceProcess, Path]):
    """/readyz's last_reload_error is Chinese by default and for zh, English for en; paths and codes stay."""
    server, folder = unwatched
    rules = folder / "credit_site.yaml"
    rules.write_text(
        rules.read_text(encoding="utf-8").replace("outcome: noncompliant", "outcome: noncompliant\n      outcom: x"),
        encoding="utf-8",
    )
    assert 422 == httpx.post(server.url + "/v1/admin/reload", headers=auth(), timeout=60).status_code
    answer = httpx.get(server.url + "/readyz", headers={"Accept-Language": "en", **auth()})
    assert "Accept-Language, Authorization" == answer.headers["vary"]
    english = answer.json()["last_reload_error"]
    assert "Unknown field 'outcom'" in english["message"]
    for headers in (auth(), {"Accept-Language": "zh", **auth()}):
        chinese = httpx.get(server.url + "/readyz", headers=headers).json()["last_reload_error"]
        assert [e["path"] for e in english["errors"]] == [e["path"] for e in chinese["errors"]]
        for words in (chinese["message"], *(e["message"] for e in chinese["errors"])):
            assert "unknown_field" in words
            assert chinese_characters(words), words
            assert [] == english_runs(words), words
    for words in (english["message"], *(e["message"] for e in english["errors"])):
        assert [] == chinese_characters(words), words


def test_readyz_tells_only_the_admin_why_a_reload_failed(unwatched: tuple[ServiceProcess, Path], tmp_path: Path):
    """A link out of the pack is not read; /readyz, open to all, names no file and quotes no text but to an admin.

    It quoted the first line of /etc/passwd through a link 'passwd.yaml', and every path and field name
    of a broken pack to anyone who could reach the port.
    """
    server, folder = unwatched
    secret = tmp_path / "elsewhere" / "secret.yaml"
    secret.parent.mkdir()
    secret.write_text("db_password: hunter2-secret\n", encoding="utf-8")
    (folder / "secret.yaml").symlink_to(secret)
    failed = httpx.post(server.url + "/v1/admin/reload", headers=auth(), timeout=60)
    assert 422 == failed.status_code
    (item,) = failed.json()["errors"]
    assert "unreadable_file" in item["message"]
    assert "link to a file outside the policy folder" in item["message"] or "政策文件夹之外" in item["message"]
    for lang in ("en", "zh"):
        open_to_all = httpx.get(server.url + "/readyz", headers={"Accept-Language": lang})
        assert 200 == open_to_all.status_code
        said = open_to_all.json()["last_reload_error"]
        assert [] == said["errors"]
        assert ("/readyz" in said["message"]) and ("admin" in said["message"])
        for hidden in ("secret", "hunter2", "db_password", str(tmp_path), "policies"):
            assert hidden not in open_to_all.text, open_to_all.text
        wrong = httpx.get(server.url + "/readyz", headers={"Accept-Language": lang, "Authorization": "Bearer x"})
        assert (200, said) == (wrong.status_code, wrong.json()["last_reload_error"])
    admin = httpx.get(server.url + "/readyz", headers={"Accept-Language": "en", **auth()}).json()
    (shown,) = admin["last_reload_error"]["errors"]
    assert shown["path"].endswith("secret.yaml")
    assert "hunter2" not in str(admin)
    assert "hunter2" not in server.stderr()
    assert "secret.yaml" in server.stderr()  # the operator's account, in the server log


def test_each_request_is_decided_by_exactly_one_pack(unwatched: tuple[ServiceProcess, Path]):
    """Decisions made during a stream of reloads each pair their pack's version with that version's outcome."""
    server, folder = unwatched
    stop = threading.Event()
    seen: list[tuple[str, str]] = []
    errors: list[str] = []

    def decide() -> None:
        with httpx.Client(base_url=server.url, headers=auth(), timeout=30) as client:
            while not stop.is_set():
                response = client.post("/v1/decisions:batch", json={"cases": [CASE] * 5})
                if response.status_code != 200:
                    errors.append(response.text)
                    continue
                seen.extend(
                    (item["decision"]["policy"]["version"], item["decision"]["outcome"])
                    for item in response.json()["results"]
                )

    threads = [threading.Thread(target=decide) for _ in range(3)]
    for thread in threads:
        thread.start()
    try:
        for version in ("0.2.0", "0.1.0", "0.2.0", "0.1.0"):
            write_version(folder, version)
            assert 200 == httpx.post(server.url + "/v1/admin/reload", headers=auth(), timeout=60).status_code
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert [] == errors
    assert {"0.1.0", "0.2.0"} == {version for version, _ in seen}
    assert [] == [(v, o) for v, o in seen if OUTCOME_OF[v] != o]
