"""Publishing a reloaded pack to the other workers: generations, the very pack, and a torn publication refused."""

from __future__ import annotations

import json
import os
import pickle
import shutil
from pathlib import Path

import pytest

from commitrules import PackHolder, _cachedir
from commitrules.service.http import ServiceConfig, create_app
from commitrules.service.http.publication import Publication
from tests.service.server import ROOT
from tests.service.test_reload import write_version


def test_a_follower_installs_the_published_pack_not_the_folder(tmp_path: Path) -> None:
    """Worker B installs the pack worker A compiled, at A's generation, even after the folder changed."""
    folder = tmp_path / "policies"
    shutil.copytree(ROOT / "policies", folder)
    shared = tmp_path / "shared"
    shared.mkdir()
    a, b = PackHolder.load(folder), PackHolder.load(folder)
    publisher, follower = Publication(shared), Publication(shared)
    assert not follower.changed()  # nothing published yet
    assert follower.follow(b) is None

    write_version(folder, "0.2.0")
    pack = a.reload()
    generation = publisher.publish(pack)
    a.install(pack, generation=generation)
    write_version(folder, "0.1.0")  # the folder moves on; the publication does not

    assert 2 == generation
    assert follower.changed()
    installed = follower.follow(b)
    assert installed is not None
    assert (pack.digest, "0.2.0", 2) == (b.pack.digest, b.pack.version, b.generation)
    assert not follower.changed()
    assert follower.follow(b) is None  # followed once
    assert not publisher.changed()  # a publisher does not follow its own publication

    assert 3 == Publication(shared).publish(a.reload())  # generations grow across publishers
    assert follower.follow(b) is not None
    assert (a.pack.digest, 3) == (b.pack.digest, b.generation)


def test_a_publication_that_does_not_match_is_refused(tmp_path: Path) -> None:
    """A pickle whose digest is not the one published is not installed; the follower keeps its pack."""
    holder = PackHolder.load()
    serving = holder.pack
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "pack-2.pickle").write_bytes(pickle.dumps(serving))
    (shared / "current.json").write_text(
        json.dumps({"generation": 2, "digest": "sha256:other", "file": "pack-2.pickle"})
    )
    follower = Publication(shared)
    with pytest.raises(ValueError, match="sha256:other"):
        follower.follow(holder)
    assert (serving, 1) == (holder.pack, holder.generation)
    assert not follower.changed()  # not tried again by every request (after a second it is)
    generation = Publication(shared).publish(serving)  # a later publication is followed at once
    assert follower.changed()
    assert follower.follow(holder) is serving
    assert (serving, generation) == (holder.pack, holder.generation)


def test_the_pages_follow_a_publication_too(tmp_path: Path) -> None:
    """Code that reads the pack without the route dependency (the pages) gets the published pack as well."""
    folder = tmp_path / "policies"
    shutil.copytree(ROOT / "policies", folder)
    shared = tmp_path / "shared"
    shared.mkdir()
    app = create_app(ServiceConfig(no_log=True, policies=folder), shared=shared)
    service = app.state.service
    write_version(folder, "0.2.0")
    other = PackHolder.load(folder)
    generation = Publication(shared).publish(other.pack)
    assert (other.pack.digest, "0.2.0") == (service.current_pack().digest, service.current_pack().version)
    assert generation == service.holder.generation


def test_a_worker_starts_with_the_published_pack_not_the_folder(tmp_path: Path) -> None:
    """A worker's app starts with the pack ``serve``'s parent checked and published, whatever the folder holds.

    Each worker compiled the folder again: a version copied in after the parent's check was served by the
    workers that started later (two packs at once), and a broken one stopped them from starting.
    """
    folder = tmp_path / "policies"
    shutil.copytree(ROOT / "policies", folder)
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o700)
    checked = PackHolder.load(folder).pack
    assert 1 == Publication(shared).publish(checked, generation=1)
    write_version(folder, "0.2.0")
    (folder / "summary.yaml").write_text("rules: [", encoding="utf-8")  # the folder cannot be compiled now
    service = create_app(ServiceConfig(no_log=True, policies=folder), shared=shared).state.service
    assert (checked.digest, 1) == (service.holder.pack.digest, service.holder.generation)
    assert str(folder) == str(service.holder.path)  # a reload still reads the folder
    assert not service.publication.changed()  # nothing newer to follow
    later = PackHolder.load(ROOT / "policies", settings={"verification.default_deadline_days": 30}).pack
    assert 2 == Publication(shared).publish(later)
    assert service.publication.changed()
    assert later.digest == service.current_pack().digest


def _published_elsewhere(tmp_path: Path, file: str) -> tuple[Publication, PackHolder, Path]:
    """A shared folder whose ``current.json`` names ``file``, and a pickle that writes a marker when loaded."""
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o700)
    marker = tmp_path / "marker"
    (tmp_path / "evil.pickle").write_bytes(pickle.dumps(_RunsCode(marker)))
    (shared / "current.json").write_text(json.dumps({"generation": 2, "digest": "sha256:x", "file": file}))
    return Publication(shared), PackHolder.load(), marker


class _RunsCode:
    """A pickle that runs code when loaded: it writes ``marker``."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return exec, (f"import pathlib; pathlib.Path({str(self.marker)!r}).write_text('ran')",)


@pytest.mark.parametrize("file", ["../evil.pickle", "{tmp}/evil.pickle", "pack-2.pickle/../../evil.pickle", ""])
def test_a_pointer_to_a_file_outside_the_folder_is_refused(tmp_path: Path, file: str) -> None:
    publication, holder, marker = _published_elsewhere(tmp_path, file.format(tmp=tmp_path))
    serving = holder.pack
    with pytest.raises(ValueError, match="not a pack file of the folder"):
        publication.follow(holder)
    assert not marker.exists()
    assert holder.pack is serving


def test_a_published_pickle_that_is_a_link_is_refused(tmp_path: Path) -> None:
    publication, holder, marker = _published_elsewhere(tmp_path, "pack-2.pickle")
    (publication.folder / "pack-2.pickle").symlink_to(tmp_path / "evil.pickle")
    with pytest.raises(ValueError, match="symbolic link"):
        publication.follow(holder)
    assert not marker.exists()


@pytest.mark.parametrize(("what", "mode"), [("folder", 0o777), ("folder", 0o1733), ("file", 0o646)])
def test_a_publication_others_could_write_is_refused(tmp_path: Path, what: str, mode: int) -> None:
    publication, holder, marker = _published_elsewhere(tmp_path, "pack-2.pickle")
    shutil.copy(tmp_path / "evil.pickle", publication.folder / "pack-2.pickle")
    (publication.folder if what == "folder" else publication.folder / "pack-2.pickle").chmod(mode)
    with pytest.raises(ValueError, match=f"mode {mode:04o}"):
        publication.follow(holder)
    assert not marker.exists()


def test_a_publication_of_another_user_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    publication, holder, marker = _published_elsewhere(tmp_path, "pack-2.pickle")
    shutil.copy(tmp_path / "evil.pickle", publication.folder / "pack-2.pickle")
    if os.geteuid() == 0:
        os.chown(publication.folder / "pack-2.pickle", 4242, -1)
    else:  # cannot chown: this process is told it runs as another user
        monkeypatch.setattr(_cachedir, "_uid", lambda: 4242)
    with pytest.raises(ValueError, match="user id 4242"):
        publication.follow(holder)
    assert not marker.exists()
    shutil.copy(tmp_path / "evil.pickle", publication.folder / "pack-3.pickle")  # the control: a trusted one runs
    pointer = {"generation": 3, "digest": "x", "file": "pack-3.pickle"}
    (publication.folder / "current.json").write_text(json.dumps(pointer))
    monkeypatch.setattr(_cachedir, "_uid", lambda: publication.folder.stat().st_uid)
    with pytest.raises(AttributeError):  # exec's None has no digest: its code ran first
        publication.follow(holder)
    assert marker.is_file()


@pytest.mark.parametrize(
    "text",
    ["{", "[1]", '{"generation": 1}', '{"generation": 1, "words": [1]}', '{"generation": "1", "words": {}}', ""],
    ids=["torn", "a-list", "no-words", "words-a-list", "generation-text", "empty"],
)
def test_a_failure_record_that_is_not_one_shows_nothing(tmp_path: Path, text: str) -> None:
    """``failed.json`` that cannot be read as a failure of this generation is no failure (readiness stays 200)."""
    (tmp_path / "failed.json").write_text(text, encoding="utf-8")
    assert Publication(tmp_path).failure(1) is None


def test_a_failure_is_shown_for_its_generation_until_a_publication(tmp_path: Path) -> None:
    """A failed reload while generation 1 served: shown at generation 1 only, and gone once a pack is published."""
    from commitrules.service.http.reloading import shared_failure

    words = {
        lang: {
            "admin": {"message": f"{lang} why", "errors": [{"path": "a.yaml:1:1", "message": "m"}]},
            "other": {"message": f"{lang} failed", "errors": []},
        }
        for lang in ("zh", "en")
    }
    publication = Publication(tmp_path)
    publication.publish_failure(1, words)
    assert words == publication.failure(1)
    assert publication.failure(2) is None
    shown = shared_failure(publication, 1, "en", details=True)
    assert shown is not None and ("en why", ["a.yaml:1:1"]) == (shown.message, [e["path"] for e in shown.errors])
    hidden = shared_failure(publication, 1, "zh", details=False)
    assert hidden is not None and ("zh failed", []) == (hidden.message, hidden.errors)
    publication.publish(PackHolder.load().pack)
    assert publication.failure(1) is None
    assert not (tmp_path / "failed.json").exists()


def test_a_worker_whose_start_publication_cannot_be_read_compiles_the_folder(tmp_path: Path) -> None:
    """A publication that does not load (a torn pickle) at a worker's start: the folder is compiled, no traceback."""
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o700)
    bundled = PackHolder.load().pack
    assert 1 == Publication(shared).publish(bundled, generation=1)
    (shared / "pack-1.pickle").write_bytes(b"\x80\x05torn")
    service = create_app(ServiceConfig(no_log=True), shared=shared).state.service
    assert (bundled.digest, 1) == (service.holder.pack.digest, service.holder.generation)
