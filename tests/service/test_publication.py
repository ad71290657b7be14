"""Publishing a reloaded pack to the other workers: generations, the very pack, and a torn publication refused."""

from __future__ import annotations

import json
import pickle
import shutil
from pathlib import Path

import pytest

from commitrules import PackHolder
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
