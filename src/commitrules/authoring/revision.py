"""A pack folder as it is at a git revision, extracted into a temporary folder for ``diff --against``.

git itself reads the revision (``git archive``), so that what is compared is exactly what is committed;
nothing here parses git's objects. The folder is extracted with the ``data`` filter of :mod:`tarfile`
(no links out of the folder, no absolute paths, no special files).
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tarfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from tempfile import TemporaryDirectory
from typing import TYPE_CHECKING

from commitrules.io.probe import is_dir, resolved

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["RevisionError", "pack_at_revision"]


@dataclass(frozen=True, slots=True)
class RevisionError(Exception):
    """The pack cannot be read at the revision: ``reason`` is a message id of the catalogue."""

    reason: str
    rev: str
    directory: str
    path: str = ""


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    git = shutil.which("git")
    if git is None:
        raise FileNotFoundError("git")
    return subprocess.run([git, *args], cwd=cwd, capture_output=True, check=False)  # noqa: S603 - fixed argv


@contextmanager
def pack_at_revision(directory: str | Path, rev: str) -> Iterator[Path]:
    """The folder ``directory`` (inside a git work tree) as it is at ``rev``, as a temporary folder.

    Raises:
        RevisionError: ``cli.against_not_git`` (not in a repository, or git missing),
            ``cli.against_no_revision`` (git does not know ``rev``), ``cli.against_absent`` (the folder
            does not exist at ``rev``).
    """
    shown = str(directory)
    try:
        folder = resolved(directory)
    except OSError:  # links in a loop, a name too long: no folder git could be asked about
        raise RevisionError("cli.against_cannot_look_up", rev, shown) from None
    try:
        top = _git(["rev-parse", "--show-toplevel"], folder if is_dir(folder) else folder.parent)
    except (FileNotFoundError, NotADirectoryError):
        raise RevisionError("cli.against_not_git", rev, shown) from None
    if top.returncode != 0:
        raise RevisionError("cli.against_not_git", rev, shown)
    root = Path(top.stdout.decode("utf-8", "surrogateescape").strip()).resolve()
    relative = PurePosixPath(folder.relative_to(root).as_posix())
    commit = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"], root)
    if commit.returncode != 0:
        raise RevisionError("cli.against_no_revision", rev, shown)
    sha = commit.stdout.decode("ascii").strip()
    archive = _git(["archive", "--format=tar", sha, "--", str(relative)], root)
    if archive.returncode != 0 or not archive.stdout:
        raise RevisionError("cli.against_absent", rev, shown, str(relative))
    with TemporaryDirectory(prefix="commitrules-against-") as temp:
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(temp, filter="data")
        yield Path(temp) / relative
