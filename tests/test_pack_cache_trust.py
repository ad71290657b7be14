"""The pack cache holds pickles: what others could have written is never read (`commitrules._cachedir`).

Each test plants a pickle that, when loaded, writes a marker file (what an attacker's would do: run
code). Root ignores modes and owners when it opens files, so what is shown is what commitrules decides
from them: the folder or file is made another user's (chown as root; else this process is told it
runs as another user), group or world writable, or a symbolic link; the marker never appears, the pack
is compiled, and one note says why, in the locale's language.
"""

from __future__ import annotations

import logging
import os
import pickle
import shutil
from pathlib import Path

import pytest

import commitrules
from commitrules import _cachedir, _packcache

OTHER_UID = 4242


class _Planted:
    """A pickle that runs code when loaded: it writes ``marker``."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return exec, (f"import pathlib; pathlib.Path({str(self.marker)!r}).write_text('ran')",)


@pytest.fixture
def pack_dir(tmp_path: Path) -> Path:
    target = tmp_path / "policies"
    shutil.copytree(commitrules.bundled_policies_dir(), target)
    return target


def _plant(folder: Path, pack_dir: Path, marker: Path) -> Path:
    """The attacker's pickle, under the key the next load of ``pack_dir`` reads."""
    key = _packcache.source_key(pack_dir, None)
    assert key is not None
    folder.mkdir(mode=0o700, exist_ok=True)
    planted = folder / f"{key}.pack"
    planted.write_bytes(_cachedir.header(key) + pickle.dumps(_Planted(marker)))
    planted.chmod(0o600)
    return planted


def _give_away(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``path`` another user's, as commitrules sees it."""
    if os.geteuid() == 0:
        os.chown(path, OTHER_UID, -1, follow_symlinks=False)
    else:
        monkeypatch.setattr(_cachedir, "_uid", lambda: OTHER_UID)


def _load(pack_dir: Path, caplog: pytest.LogCaptureFixture) -> list[str]:
    """Load the pack (it must decide); the notes given meanwhile."""
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="commitrules"):
        pack = commitrules.load_policies(pack_dir, generate=False)
    assert pack.evaluate({"kind": "credit_site", "content": {"items": []}}, as_of="2020-06-01").outcome
    return [record.getMessage() for record in caplog.records if record.name == "commitrules"]


def test_a_pickle_in_a_trusted_folder_is_loaded(
    tmp_path: Path, pack_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The control: the planted pickle runs when the folder and file are the user's, 0700 and 0600."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(_packcache.ENV, str(folder))
    marker = tmp_path / "marker"
    _plant(folder, pack_dir, marker)
    assert _packcache.load(_packcache.source_key(pack_dir, None) or "") is None  # exec's None: no pack
    assert marker.is_file()  # but its code ran


@pytest.mark.parametrize("mode", [0o777, 0o1777, 0o770, 0o702])
def test_a_folder_others_can_write_is_not_read(
    tmp_path: Path,
    pack_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    mode: int,
) -> None:
    folder = tmp_path / "shared"
    monkeypatch.setenv(_packcache.ENV, str(folder))
    marker = tmp_path / "marker"
    planted = _plant(folder, pack_dir, marker)
    folder.chmod(mode)
    notes = _load(pack_dir, caplog)
    assert not marker.exists()
    assert [f"{folder}"] == [note.split("'")[1] for note in notes]
    assert f"mode {mode:04o}" in notes[0]
    assert planted.read_bytes().endswith(pickle.dumps(_Planted(marker)))  # not replaced either


def test_a_folder_of_another_user_is_not_read(
    tmp_path: Path, pack_dir: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "theirs"
    monkeypatch.setenv(_packcache.ENV, str(folder))
    marker = tmp_path / "marker"
    _plant(folder, pack_dir, marker)
    _give_away(folder, monkeypatch)
    notes = _load(pack_dir, caplog)
    assert not marker.exists()
    assert 1 == len(notes)
    assert f"user id {OTHER_UID}" in notes[0]


def test_a_file_of_another_user_is_not_read(
    tmp_path: Path, pack_dir: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A file planted in the user's own folder (made before the folder was locked down) is not read."""
    if os.geteuid() != 0:  # the folder must stay this user's while the file is another's
        monkeypatch.setattr(_cachedir, "untrusted", _file_of_another_user(_cachedir.untrusted))
    folder = tmp_path / "cache"
    monkeypatch.setenv(_packcache.ENV, str(folder))
    marker = tmp_path / "marker"
    planted = _plant(folder, pack_dir, marker)
    if os.geteuid() == 0:
        os.chown(planted, OTHER_UID, -1)
    notes = _load(pack_dir, caplog)
    assert not marker.exists()
    assert [str(planted)] == [note.split("'")[1] for note in notes]


def _file_of_another_user(untrusted):  # type: ignore[no-untyped-def]
    """``untrusted`` seeing every file as another user's (for a run that is not root and cannot chown)."""

    def seen(status: os.stat_result, *, folder: bool):  # type: ignore[no-untyped-def]
        if folder:
            return untrusted(status, folder=True)
        fields = list(status)
        fields[4] = OTHER_UID
        return untrusted(os.stat_result(fields), folder=False)

    return seen


def test_a_file_others_can_write_is_not_read(
    tmp_path: Path, pack_dir: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "cache"
    monkeypatch.setenv(_packcache.ENV, str(folder))
    marker = tmp_path / "marker"
    planted = _plant(folder, pack_dir, marker)
    planted.chmod(0o666)
    notes = _load(pack_dir, caplog)
    assert not marker.exists()
    assert "mode 0666" in notes[0]
    assert 0o600 == planted.stat().st_mode & 0o777  # replaced by the compiled pack, the user's only


def test_a_symbolic_link_is_not_followed(
    tmp_path: Path, pack_dir: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "cache"
    monkeypatch.setenv(_packcache.ENV, str(folder))
    marker = tmp_path / "marker"
    planted = _plant(tmp_path / "elsewhere", pack_dir, marker)
    folder.mkdir(mode=0o700)
    (folder / planted.name).symlink_to(planted)
    notes = _load(pack_dir, caplog)
    assert not marker.exists()
    assert "symbolic link" in notes[0]


def test_a_folder_named_through_a_link_is_the_folder_it_names(
    tmp_path: Path, pack_dir: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """``~/.cache`` linked to another disk is common: the folder linked to is what is checked and used."""
    real = tmp_path / "disk" / "cache"
    real.mkdir(parents=True, mode=0o700)
    (tmp_path / "link").symlink_to(real)
    monkeypatch.setenv(_packcache.ENV, str(tmp_path / "link"))
    assert [] == _load(pack_dir, caplog)
    assert 1 == len(list(real.glob("*.pack")))


def test_the_folder_and_files_made_are_the_users_only(
    tmp_path: Path, pack_dir: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "made" / "cache"
    monkeypatch.setenv(_packcache.ENV, str(folder))
    old = os.umask(0o002)  # a user-private-group umask would make them group writable
    try:
        assert [] == _load(pack_dir, caplog)
    finally:
        os.umask(old)
    assert 0o700 == folder.stat().st_mode & 0o777
    kept = list(folder.iterdir())
    assert kept
    assert all(0o600 == path.stat().st_mode & 0o777 for path in kept)
    assert [] == _load(pack_dir, caplog)  # and they are read back without a note


def test_the_note_is_in_the_locales_language(
    tmp_path: Path, pack_dir: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    folder.chmod(0o777)
    monkeypatch.setenv(_packcache.ENV, str(folder))
    monkeypatch.setenv("LC_ALL", "zh_CN.UTF-8")
    [note] = _load(pack_dir, caplog)
    assert note.startswith("commitrules：注意：未使用缓存「")
    assert "权限 0777" in note
    assert [] == list(folder.iterdir())  # nothing written to it either
