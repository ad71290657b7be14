"""Compiled packs cached on disk (`commitrules._packcache`): used when the sources are the same, never else.

Every test points ``COMMITRULES_CACHE_DIR`` at a fresh folder. That the cache is read is shown by a
planted file (a pack compiled from other files, stored under this folder's key, comes back); that it
is not trusted blindly, by torn, foreign and stale files, which are ignored and replaced.
"""

from __future__ import annotations

import os
import pickle
import shutil
import threading
from collections.abc import Mapping
from pathlib import Path

import pytest

import commitrules
from commitrules import _cachedir, _packcache, messages
from commitrules.errors import PolicyError
from commitrules.policy.compile import compile_pack

AS_OF = "2020-06-01"
CASE = {"kind": "credit_site", "content": {"items": []}}


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(_packcache.ENV, str(folder))
    return folder


@pytest.fixture
def pack_dir(tmp_path: Path) -> Path:
    target = tmp_path / "policies"
    shutil.copytree(commitrules.bundled_policies_dir(), target)
    return target


def _packs(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.pack"))


def test_a_loaded_pack_is_kept_and_the_kept_pack_decides_the_same(cache: Path, pack_dir: Path) -> None:
    first = commitrules.load_policies(pack_dir)
    assert 1 == len(_packs(cache))
    second = commitrules.load_policies(pack_dir)
    assert first.digest == second.digest
    assert first.evaluate(CASE, as_of=AS_OF) == second.evaluate(CASE, as_of=AS_OF)
    assert 1 == len(_packs(cache))


@pytest.mark.usefixtures("cache")
def test_the_kept_file_is_what_a_second_load_returns(pack_dir: Path, tmp_path: Path) -> None:
    """A pack planted under this folder's key comes back: the second load reads the cache, not the files."""
    other = tmp_path / "other"
    shutil.copytree(pack_dir, other)
    settings = other / "settings.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "\n# another pack\n", encoding="utf-8")
    planted = compile_pack(other)
    key = _packcache.source_key(pack_dir, None)
    assert key is not None
    _packcache.store(key, planted)
    loaded = commitrules.load_policies(pack_dir)
    assert planted.digest == loaded.digest != compile_pack(pack_dir).digest


def test_changed_files_settings_or_folders_are_not_served_from_the_cache(cache: Path, pack_dir: Path) -> None:
    base = commitrules.load_policies(pack_dir)
    overridden = commitrules.load_policies(pack_dir, settings={"leniency.mitigated_min_score": 4})
    assert base.digest != overridden.digest
    settings = pack_dir / "settings.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "\n# a comment changes the bytes\n", encoding="utf-8")
    edited = commitrules.load_policies(pack_dir)
    assert edited.digest != base.digest
    assert 3 == len(_packs(cache))


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"commitrules-pack-cache 1\n",
        b"commitrules-pack-cache 1\n\x80\x05garbage",
        b"not a cache file",
        b"commitrules-pack-cache 1\n" + pickle.dumps({"a": "dict, not a pack"}),
        _cachedir.header("0" * 64) + pickle.dumps({"a": "the file of another key, renamed"}),
    ],
)
def test_torn_or_foreign_cache_files_are_ignored_and_replaced(cache: Path, pack_dir: Path, content: bytes) -> None:
    expected = commitrules.load_policies(pack_dir)
    [kept] = _packs(cache)
    kept.write_bytes(content)
    again = commitrules.load_policies(pack_dir)
    assert expected.digest == again.digest
    assert kept.read_bytes().startswith(_cachedir.header(kept.stem))
    assert len(kept.read_bytes()) > 1000


def test_an_invalid_pack_is_never_kept(cache: Path, pack_dir: Path) -> None:
    (pack_dir / "leniency.yaml").write_text("kind: leniency\nrules: [", encoding="utf-8")
    with pytest.raises(PolicyError):
        commitrules.load_policies(pack_dir)
    assert [] == _packs(cache)


def test_an_empty_variable_switches_the_cache_off(
    monkeypatch: pytest.MonkeyPatch, pack_dir: Path, tmp_path: Path
) -> None:
    monkeypatch.setenv(_packcache.ENV, "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    commitrules.load_policies(pack_dir)
    assert [] == list(tmp_path.rglob("*.pack"))


def test_the_default_folder_is_the_users_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(_packcache.ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert tmp_path / "xdg" / "commitrules" == _packcache.cache_directory()


def test_an_unwritable_cache_folder_is_left_alone(
    monkeypatch: pytest.MonkeyPatch, pack_dir: Path, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(_packcache.ENV, str(blocker / "cache"))
    assert commitrules.load_policies(pack_dir).evaluate(CASE, as_of=AS_OF).outcome
    assert blocker.is_file()


def test_the_cache_keeps_a_bounded_number_of_packs(
    cache: Path, pack_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_packcache, "KEEP", 2)
    for score in (1, 2, 3, 4):
        commitrules.load_policies(pack_dir, settings={"leniency.mitigated_min_score": score})
    assert 2 == len(_packs(cache))


def _fresh_catalogue(lang: messages.Lang) -> Mapping[str, str]:
    messages.catalogue.cache_clear()
    try:
        return messages.catalogue(lang)
    finally:
        messages.catalogue.cache_clear()


def _catalogue_key(lang: str) -> str:
    raw = (Path(messages.__file__).parent / f"{lang}.yaml").read_bytes()
    return _cachedir.data_key("messages", raw)


def test_the_message_catalogues_are_kept_and_read_back(cache: Path) -> None:
    """A catalogue read from YAML is kept; the next read takes the kept one (a planted one comes back)."""
    parsed = _fresh_catalogue("zh")
    kept = cache / f"{_catalogue_key('zh')}.messages"
    assert kept.is_file()
    assert _fresh_catalogue("zh") == parsed
    _cachedir.store_data(_catalogue_key("zh"), "messages", {**parsed, "cli.error": "planted: {message}"})
    assert _fresh_catalogue("zh")["cli.error"] == "planted: {message}"


@pytest.mark.parametrize("content", [b"", b"garbage", _packcache._MAGIC + b"\xff\x00", _packcache._MAGIC])
def test_a_torn_or_foreign_kept_catalogue_is_read_from_yaml_again(cache: Path, content: bytes) -> None:
    """A kept catalogue that is no catalogue is ignored and replaced."""
    expected = _fresh_catalogue("en")
    kept = cache / f"{_catalogue_key('en')}.messages"
    kept.write_bytes(content)
    assert _fresh_catalogue("en") == expected
    assert kept.read_bytes() != content
    _cachedir.store_data(_catalogue_key("en"), "messages", ["not", "a", "mapping"])
    assert _fresh_catalogue("en") == expected


def test_no_catalogue_is_kept_when_the_cache_is_off(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(_packcache.ENV, "")
    assert _fresh_catalogue("en")["cli.error"]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.usefixtures("cache")
def test_a_kept_pack_reads_back_equal_to_the_compiled_one(pack_dir: Path) -> None:
    """The quicker unpickling of the pack's frozen dataclasses restores every field: the packs are equal."""
    compiled = compile_pack(pack_dir)
    commitrules.load_policies(pack_dir, generate=False)
    read = _packcache.load(_packcache.source_key(pack_dir, None) or "")
    assert read is not None
    assert any(cls.__name__ == "Attr" for cls in _packcache._QUICKER)  # the condition nodes took the quick way
    assert read == compiled
    assert all(read.policies[kind].rules == compiled.policies[kind].rules for kind in compiled.kinds)
    assert read.evaluate(CASE, as_of=AS_OF) == compiled.evaluate(CASE, as_of=AS_OF)


@pytest.mark.usefixtures("cache")
@pytest.mark.parametrize("where", ["in the folder", "linked from outside"])
def test_a_pipe_among_the_files_is_not_opened_for_the_key(pack_dir: Path, tmp_path: Path, where: str) -> None:
    """The key was made of every ``*.yaml``'s bytes before the compiler's checks: a pipe nobody writes to
    hung ``evaluate --policies`` for ever (a link to /dev/zero filled the memory), and a link out of the
    folder was read, where ``check``, ``serve`` and a reload refuse both unread. No key then: the
    compiler says why.
    """
    pipe = pack_dir / "pipe.yaml" if where == "in the folder" else tmp_path / "pipe"
    os.mkfifo(pipe)
    if where != "in the folder":
        (pack_dir / "pipe.yaml").symlink_to(pipe)
    opened = threading.Event()

    def writer() -> None:  # returns once a reader opens the pipe; closing it then gives that reader its end
        descriptor = os.open(pipe, os.O_WRONLY)
        opened.set()
        os.close(descriptor)

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    try:
        with pytest.raises(PolicyError) as caught:
            commitrules.load_policies(pack_dir)
        assert not opened.is_set()
        assert ["unreadable_file"] == [d.code for d in caught.value.diagnostics]
    finally:
        if not opened.is_set():
            os.close(os.open(pipe, os.O_RDONLY))  # meets the writer's open, whenever it comes
        thread.join()
