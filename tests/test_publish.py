"""Publishing a pack whole (issue 10, item 12): a reload installs only a pack that was published.

Pack B is copied over pack A file by file, with ``pack.lock`` last, while a service reloads in a loop:
every pack it installs is A or B, never a mixture. A half-copied folder is refused with
``manifest_mismatch`` and the pack in use stays; a symbolic link switched to another version folder
is followed once per load.
"""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pytest

import commitrules
from commitrules.cli import EXIT_OK, EXIT_POLICY, EXIT_USAGE, main
from commitrules.errors import PolicyError
from commitrules.service.manifest import MANIFEST_NAME, policy_files, write_manifest

ROOT = Path(__file__).resolve().parents[1]


def published(folder: Path, marker: str | None = None) -> str:
    """A copy of the bundled pack in ``folder`` (every file marked with ``marker``), with its manifest; its digest."""
    shutil.copytree(ROOT / "policies", folder)
    if marker is not None:
        for path in folder.glob("*.yaml"):
            path.write_bytes(path.read_bytes() + f"# {marker}\n".encode())
    pack = commitrules.load_policies(folder)
    write_manifest(folder, pack)
    return pack.digest


def copy_over(source: Path, target: Path, pause: float) -> None:
    """Publish ``source`` into ``target`` as the docs say: every file in place, one by one, ``pack.lock`` last."""
    for path in sorted(source.glob("*.yaml")):
        (target / path.name).write_bytes(path.read_bytes())
        time.sleep(pause)
    (target / MANIFEST_NAME).write_bytes((source / MANIFEST_NAME).read_bytes())


def test_issue_10_reloads_during_a_file_by_file_copy_install_only_published_packs(tmp_path: Path) -> None:
    """While B and A are copied over each other in a thread, every reload installs A or B or keeps the old."""
    digest_a, digest_b = published(tmp_path / "a"), published(tmp_path / "b", "version B")
    serving = tmp_path / "serving"
    shutil.copytree(tmp_path / "a", serving)
    holder = commitrules.PackHolder.load(serving)
    done = threading.Event()

    def publish() -> None:
        try:
            for _ in range(3):
                copy_over(tmp_path / "b", serving, 0.01)
                copy_over(tmp_path / "a", serving, 0.01)
        finally:
            done.set()

    copier = threading.Thread(target=publish)
    copier.start()
    installed, refused = [holder.pack.digest], 0
    try:
        while not done.is_set():
            try:
                installed.append(holder.reload().digest)
            except PolicyError:  # mostly manifest_mismatch; a file read half-written fails to parse
                refused += 1
    finally:
        copier.join()
    installed.append(holder.reload().digest)
    assert set(installed) <= {digest_a, digest_b}, f"{refused} reloads refused; a mixture was installed"
    assert digest_a == installed[-1]


def test_issue_10_a_half_copied_pack_is_refused_and_the_old_one_serves(tmp_path: Path) -> None:
    """B's files copied over A's but not yet B's manifest: the reload fails with manifest_mismatch, A serves."""
    digest_a = published(tmp_path / "a")
    published(tmp_path / "b", "version B")
    holder = commitrules.PackHolder.load(tmp_path / "a")
    for name in ("leniency.yaml", "settings.yaml"):
        shutil.copyfile(tmp_path / "b" / name, tmp_path / "a" / name)
    with pytest.raises(PolicyError) as caught:
        holder.reload()
    assert "manifest_mismatch" == caught.value.first.code
    assert "'leniency.yaml' differs from the manifest" in caught.value.first.message
    assert digest_a == holder.pack.digest


@pytest.mark.parametrize("change", ["added", "removed"])
def test_issue_10_a_file_not_in_the_manifest_or_missing_is_refused(tmp_path: Path, change: str) -> None:
    """A policy file added after publishing, or one removed, is a mismatch too."""
    published(tmp_path / "a")
    if change == "added":
        shutil.copyfile(tmp_path / "a" / "leniency.yaml", tmp_path / "a" / "extra.yaml")
    else:
        (tmp_path / "a" / "summary.yaml").unlink()
    with pytest.raises(PolicyError) as caught:
        commitrules.load_policies(tmp_path / "a")
    assert "manifest_mismatch" == caught.value.first.code


@pytest.mark.parametrize(
    "text",
    ['{"format": "commitrules-pack-manifest/1", "files"', "[" * 100_000, '{"files": {}, "pack": [1]}', "[1]"],
    ids=["truncated", "nested", "pack-a-list", "a-list"],
)
def test_issue_10_a_broken_manifest_is_refused(tmp_path: Path, text: str) -> None:
    """A manifest that is not one (truncated, nested deeper than Python's stack, another shape) is
    invalid_manifest, not a traceback (the nesting was a RecursionError)."""
    published(tmp_path / "a")
    (tmp_path / "a" / MANIFEST_NAME).write_text(text, encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        commitrules.load_policies(tmp_path / "a")
    assert "invalid_manifest" == caught.value.first.code


def test_issue_10_a_link_switched_to_another_version_is_followed(tmp_path: Path) -> None:
    """``policies -> v1``, then the link is replaced by one to ``v2`` (a rename: atomic): the reload takes v2."""
    digest_1, digest_2 = published(tmp_path / "v1"), published(tmp_path / "v2", "version 2")
    link = tmp_path / "policies"
    link.symlink_to("v1")
    holder = commitrules.PackHolder.load(link)
    assert digest_1 == holder.pack.digest
    (tmp_path / "policies.new").symlink_to("v2")
    (tmp_path / "policies.new").replace(link)
    assert digest_2 == holder.reload().digest


def test_issue_10_check_writes_the_manifest(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``check DIR --write-manifest`` writes pack.lock for a valid pack; not for the bundled pack (exit 2)
    nor for an invalid one (exit 3)."""
    folder = tmp_path / "p"
    shutil.copytree(ROOT / "policies", folder)
    assert EXIT_OK == main(["check", str(folder), "--write-manifest"])
    assert "pack.lock: publish it after the files it lists" in capsys.readouterr().out
    assert commitrules.load_policies(folder).digest == commitrules.load_policies().digest
    assert EXIT_USAGE == main(["check", "--write-manifest"])
    (folder / MANIFEST_NAME).unlink()
    (folder / "leniency.yaml").write_text("kind: leniency\nrules: [\n", encoding="utf-8")
    assert EXIT_POLICY == main(["check", str(folder), "--write-manifest"])
    assert not (folder / MANIFEST_NAME).exists()


def test_issue_10_check_refuses_a_folder_its_manifest_does_not_match(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A published folder edited afterwards passes no check that a load would then refuse: check exits 3 with
    manifest_mismatch, and --write-manifest publishes the edit."""
    published(tmp_path / "a")
    leniency = tmp_path / "a" / "leniency.yaml"
    leniency.write_text(leniency.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    assert EXIT_POLICY == main(["check", str(tmp_path / "a")])
    assert "manifest_mismatch: 'leniency.yaml' differs from the manifest" in capsys.readouterr().err
    assert EXIT_OK == main(["check", str(tmp_path / "a"), "--write-manifest"])
    assert EXIT_OK == main(["check", str(tmp_path / "a")])


def test_a_link_out_of_a_published_folder_is_not_read_for_the_manifest_either(tmp_path: Path) -> None:
    """The manifest's digests read the files the compiler reads: a link leaving the folder is neither.

    It was hashed (read whole) before the compiler refused it; now the load says why it is refused.
    """
    published(tmp_path / "a")
    secret = tmp_path / "secret.yaml"
    secret.write_text("db_password: hunter2-secret\n", encoding="utf-8")
    (tmp_path / "a" / "notes.yaml").symlink_to(secret)
    assert "notes.yaml" not in policy_files(tmp_path / "a")
    assert "leniency.yaml" in policy_files(tmp_path / "a")
    with pytest.raises(PolicyError) as caught:
        commitrules.load_policies(tmp_path / "a")
    assert ["unreadable_file"] == [d.code for d in caught.value.diagnostics]
    assert "outside the policy folder" in caught.value.render("en")
