"""``read_cases`` takes one path (``str`` or path-like) or an iterable of paths, and refuses anything else.

A bare ``str`` is a sequence of characters: taken as an iterable it named '/', 'w', 'o', ... as case
files. One path is one path, whatever its type; a wrong type is a TypeError before any file is read.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from commitrules.io.case_files import iter_case_files, read_cases

FOLDER = Path(__file__).resolve().parent.parent / "examples" / "cases" / "summary"
ONE = min(FOLDER.glob("*.yaml"))


@pytest.mark.parametrize("path", [str(ONE), ONE], ids=["str", "Path"])
def test_one_path_is_one_file(path: str | Path) -> None:
    """A single ``str`` or ``Path`` reads that one file, with no error."""
    cases, errors = read_cases(path)
    assert ([], [ONE.name]) == (errors, [Path(c.source).name for c in cases])


def test_one_folder_as_a_str_is_read_recursively() -> None:
    """A folder given as a ``str`` is expanded like a folder in a list."""
    alone, _ = read_cases(str(FOLDER))
    listed, _ = read_cases([FOLDER])
    assert len(alone) >= 2
    assert [c.source for c in listed] == [c.source for c in alone]


def test_an_iterable_of_paths_is_still_several_paths() -> None:
    """A tuple or a generator of ``str`` and ``Path`` names several files, as before."""
    files = sorted(FOLDER.glob("*.yaml"))[:2]
    from_tuple, _ = read_cases((str(files[0]), files[1]))
    from_generator, _ = read_cases(str(f) for f in files)
    assert [f.name for f in files] == [Path(c.source).name for c in from_tuple]
    assert [c.source for c in from_tuple] == [c.source for c in from_generator]


@pytest.mark.parametrize(
    ("paths", "named"),
    [(b"cases.yaml", "bytes"), (42, "int"), (None, "NoneType"), ([ONE, 3], "int"), ([b"x.yaml"], "bytes")],
    ids=["bytes", "int", "None", "int-in-list", "bytes-in-list"],
)
def test_other_types_are_refused_clearly(paths: object, named: str) -> None:
    """Anything but a path or an iterable of paths is a TypeError that names the type it got."""
    with pytest.raises(TypeError, match=rf"case path.* must be a str.*os\.PathLike.*\b{named}\b"):
        read_cases(paths)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=named):
        list(iter_case_files(paths))  # type: ignore[arg-type]


def test_a_path_that_is_no_regular_file_says_so(tmp_path: Path) -> None:
    """A pipe or a device named as a case file: 'Not a regular file', never 'No such file' (it exists)."""
    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)  # read whole, a pipe nobody writes to would never end
    for path in (pipe, Path(os.devnull)):
        _, errors = read_cases([path])
        assert [("$", "Not a regular file (a folder, a device, a pipe or a socket)")] == [
            (e.path, e.message) for e in errors
        ]
        assert ": $: 不是普通文件（而是文件夹、设备、管道或套接字）（应当是" in errors[0].render("zh")
    _, errors = read_cases([tmp_path / "missing.yaml"])
    assert ["No such file"] == [e.message for e in errors]


def test_links_in_a_loop_say_so(tmp_path: Path) -> None:
    """Two links that name each other: the loop, in each language (was 'No such file': the path 'does not exist')."""
    (tmp_path / "a.yaml").symlink_to("b.yaml")
    (tmp_path / "b.yaml").symlink_to("a.yaml")
    _, errors = read_cases([tmp_path / "a.yaml"])
    assert ["Too many levels of symbolic links (the links form a loop)"] == [e.message for e in errors]
    assert "符号链接层数过多（这些链接构成了循环）" in errors[0].render("zh")


@pytest.mark.parametrize(
    ("line", "found"),
    [
        ("entry: {listed_on: 2020-13-01, status: active}", "'2020-13-01'"),
        ("entry: {listed_on: 2020-02-30}", "'2020-02-30'"),
        ("entry: {subject: {name: [yes, x]}}", "'yes'"),
        ("entry: {subject: {name: [x, 0b11]}, status: active}", "'0b11'"),
        ("entry: {score: 1.0e-400, status: active}", "'1.0e-400'"),
        ("entry:\n  listed_on: 2020-13-01  # a comment", "'2020-13-01'"),
    ],
)
def test_a_values_problem_shows_that_value_as_found_not_the_rest_of_its_line(
    tmp_path: Path, line: str, found: str
) -> None:
    """In a flow collection the rest of the line holds the next values and the closing bracket.

    What was found was shown as ``'2020-13-01, status: active}'``; it is the value alone.
    """
    case = tmp_path / "case.yaml"
    case.write_text(f"kind: blacklist\nid: x\n{line}\n", encoding="utf-8")
    _, errors = read_cases([case])
    assert [found] == [e.found for e in errors], [e.render() for e in errors]
    for lang in ("zh", "en"):
        assert f"{found}" in errors[0].render(lang)
