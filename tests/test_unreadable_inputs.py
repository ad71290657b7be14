"""An input the system fails to read is exit 6 naming the file; an input path that names no file is exit 1.

README: "1 invalid case ... 6 a file could not be read or written (a full disk, a permission, a device
error; the message names the file)". ``evaluate --jsonl IN`` gave 1 whatever the reason IN could not be
opened, and 1 for a device error while its digest was taken for ``--out``'s record; ``evaluate FILE``
said "cannot write 'standard output'" for a case file it could not read, and decided none of the
others. A missing path or a folder where a file belongs stays a wrong input (exit 1), as ``evaluate
missing.yaml`` is. A folder the walk of ``evaluate DIR`` cannot list is one problem naming it, on every
Python (3.11's ``rglob`` raised, 3.12's skipped the folder without a word), and the other case files of
the walk are decided.

Tests run as root, for whom a mode of 000 denies nothing: a permission refused is the ``PermissionError``
that ``io.open`` (under ``Path.open``) or ``os.scandir`` (under ``os.walk``) raises for one path;
``/proc/self/mem`` fails to read for real (EIO at its first byte).
"""

from __future__ import annotations

import errno
import io
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from commitrules.cli import EXIT_CASE, EXIT_IO, EXIT_OK, EXIT_POLICY, main
from commitrules.io.case_files import iter_case_files, read_cases
from commitrules.io.probe import names_no_file
from commitrules.policy.yaml import load_yaml
from tests.test_batch import AS_OF

ROOT = Path(__file__).resolve().parents[1]
CASE = ROOT / "examples" / "cases" / "credit_site" / "all-five-items.yaml"
MEM = "/proc/self/mem"  # a regular file whose reading fails: EIO


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """``commitrules ARGV`` in this process: exit code, standard output, standard error."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def deny(monkeypatch: pytest.MonkeyPatch, name: str, path: Path) -> None:
    """``io.open`` or ``os.scandir`` (``name``) raises PermissionError for ``path``, as for a user without the right."""
    module = io if name == "open" else os
    real: Callable[..., Any] = getattr(module, name)

    def refusing(file: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(file, str | os.PathLike) and os.path.abspath(file) == str(path):  # noqa: PTH100
            raise PermissionError(13, "Permission denied", os.fspath(file))
        return real(file, *args, **kwargs)

    monkeypatch.setattr(module, name, refusing)


@pytest.fixture
def source(tmp_path: Path) -> Path:
    """A batch input of two cases."""
    line = json.dumps(load_yaml(CASE.read_bytes(), str(CASE)).data, ensure_ascii=False)
    path = tmp_path / "in.jsonl"
    path.write_text(f"{line}\n{line}\n", encoding="utf-8")
    return path


def test_what_names_no_file_and_what_failed_to_read() -> None:
    """The wrong paths (exit 1) and the system's failures to read a file that is there (exit 6)."""
    wrong = [OSError(number, "") for number in (errno.ENOENT, errno.EISDIR, errno.ENOTDIR, errno.ENAMETOOLONG)]
    wrong += [IsADirectoryError(errno.EISDIR, ""), OSError(errno.ELOOP, "")]
    failed = [OSError(number, "") for number in (errno.EACCES, errno.EIO, errno.EMFILE, errno.EPERM)]
    assert ([True] * 6, [False] * 4) == ([names_no_file(e) for e in wrong], [names_no_file(e) for e in failed])


# --- evaluate --jsonl IN ----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("extra", [[], ["--out", "out.jsonl"]], ids=["stdout", "out"])
def test_a_batch_input_refused_by_the_system_exits_6_naming_it(
    source: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, lang: str, extra: list[str]
) -> None:
    """IN that may not be read: "cannot read 'IN': Permission denied", exit 6 (it was "Permission denied: 'IN'", 1)."""
    deny(monkeypatch, "open", source)
    monkeypatch.chdir(source.parent)
    target = source.parent / "out.jsonl"
    code, stdout, err = run(capsys, "--lang", lang, "evaluate", "--jsonl", str(source), *extra, "--as-of", AS_OF)
    said = {"en": f"cannot read '{source}': Permission denied", "zh": f"无法读取「{source}」：没有权限"}[lang]
    assert (EXIT_IO, "", 1, True) == (code, stdout, len(err.strip().splitlines()), said in err), err
    assert not target.exists()


@pytest.mark.parametrize("extra", [[], ["--out", "out.jsonl"]], ids=["stdout", "out"])
def test_a_batch_input_that_fails_to_read_exits_6(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, extra: list[str]
) -> None:
    """/proc/self/mem (EIO): exit 6 with --out too, where its digest for the run's record read it first (was 1)."""
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "evaluate", "--jsonl", MEM, *extra, "--as-of", AS_OF)
    assert (EXIT_IO, True) == (code, f"cannot read '{MEM}': Input/output error" in err), err


def test_a_resumed_batch_whose_input_is_refused_exits_6_and_keeps_the_output(
    source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """--resume reads IN for its digest first: refused, exit 6; the output is kept for a later --resume."""
    target = tmp_path / "out.jsonl"
    assert EXIT_OK == run(capsys, "evaluate", "--jsonl", str(source), "--out", str(target), "--as-of", AS_OF)[0]
    kept = target.read_bytes()
    deny(monkeypatch, "open", source)
    code, _, err = run(capsys, "evaluate", "--jsonl", str(source), "--out", str(target), "--resume")
    assert (EXIT_IO, True, True) == (code, "Permission denied" in err, "--resume" in err), err
    assert kept == target.read_bytes()


@pytest.mark.parametrize("how", ["refused", "failed"])
def test_a_resumed_batch_whose_run_record_cannot_be_read_exits_6_naming_it(
    source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    """The record refused (a permission) or failing (EIO): exit 6 naming it; it was 2, "not a sound record"."""
    from commitrules.service.batch_run import record_path

    target = tmp_path / "out.jsonl"
    assert EXIT_OK == run(capsys, "evaluate", "--jsonl", str(source), "--out", str(target), "--as-of", AS_OF)[0]
    kept, record = target.read_bytes(), record_path(str(target))
    if how == "refused":
        deny(monkeypatch, "open", record)
    else:
        record.unlink()
        record.symlink_to(MEM)
    code, _, err = run(capsys, "evaluate", "--jsonl", str(source), "--out", str(target), "--resume")
    reason = {"refused": "Permission denied", "failed": "Input/output error"}[how]
    assert (EXIT_IO, True) == (code, f"'{record}': {reason}" in err), err
    assert kept == target.read_bytes()


WRONG_INPUTS = {"missing.jsonl": "No such file or directory: '", "folder": "Is a directory: '", "a" * 5000: "too long"}


@pytest.mark.parametrize("name", WRONG_INPUTS, ids=["missing", "folder", "long"])
@pytest.mark.parametrize("extra", [[], ["--out", "out.jsonl"]], ids=["stdout", "out"])
def test_a_batch_input_that_names_no_file_is_a_wrong_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, name: str, extra: list[str]
) -> None:
    """A missing IN, a folder or a name too long stay exit 1, as ``evaluate missing.yaml``."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "folder").mkdir()
    said = WRONG_INPUTS[name]
    code, _, err = run(capsys, "evaluate", "--jsonl", name, *extra, "--as-of", AS_OF)
    assert (EXIT_CASE, 1, True, False) == (code, len(err.strip().splitlines()), said in err, "Traceback" in err)


def test_an_output_the_system_cannot_look_up_exits_6(source: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--out of a name too long: "cannot write" its record, exit 6 (it was "File name too long: 'OUT'", exit 1)."""
    code, _, err = run(capsys, "evaluate", "--jsonl", str(source), "--out", "a" * 5000, "--as-of", AS_OF)
    assert (EXIT_IO, True) == (code, "cannot write 'aaaa" in err and "File name too long" in err), err


# --- evaluate FILE... -------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_case_file_refused_by_the_system_is_its_problem_and_exit_6(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """The good case is decided, the refused file is one problem naming it (it was "cannot write 'x'" alone)."""
    refused = tmp_path / "refused.yaml"
    shutil.copy(CASE, refused)
    deny(monkeypatch, "open", refused)
    code, out, err = run(capsys, "--lang", lang, "evaluate", str(CASE), str(refused), "--as-of", AS_OF)
    said = {"en": "The file cannot be read: Permission denied", "zh": "无法读取这个文件：没有权限"}[lang]
    tail = {"en": "1 problem in 1 input; 1 case evaluated.", "zh": "已判定 1 个案件"}[lang]
    assert (EXIT_IO, True, True) == (code, f"{refused}: $: {said}" in err, tail in err), err
    assert [CASE.name] == [Path(line[2:]).name for line in out.splitlines() if line.startswith("# ")]
    assert "cannot write" not in err and "无法写入" not in err


def test_a_case_file_that_fails_to_read_is_exit_6(capsys: pytest.CaptureFixture[str]) -> None:
    """/proc/self/mem said "cannot write 'standard output': Input/output error" (the read had no file name)."""
    code, _, err = run(capsys, "evaluate", MEM, "--as-of", AS_OF)
    assert (EXIT_IO, True) == (code, f"{MEM}: $: The file cannot be read: Input/output error" in err), err
    assert "standard output" not in err


def test_an_io_failure_outranks_an_invalid_case_and_a_missing_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Exit 6 when one input could not be read, whatever else was wrong; 1 for a missing file alone."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("kind: credit_site\n", encoding="utf-8")
    missing = str(tmp_path / "missing.yaml")
    assert EXIT_CASE == run(capsys, "evaluate", str(bad), missing, "--as-of", AS_OF)[0]
    code, _, err = run(capsys, "evaluate", str(bad), missing, MEM, "--as-of", AS_OF)
    assert (EXIT_IO, True) == (code, "problems in 3 inputs" in err), err


def test_diff_cases_that_fail_to_read_exit_6(capsys: pytest.CaptureFixture[str]) -> None:
    """``diff --cases`` reads case files as ``evaluate`` does, and exits the same way."""
    policies = str(ROOT / "policies")
    code, _, err = run(capsys, "diff", policies, policies, "--cases", str(CASE), MEM, "--as-of", AS_OF)
    assert (EXIT_IO, True) == (code, "The file cannot be read: Input/output error" in err), err


# --- evaluate DIR: a folder the walk cannot list -----------------------------------------------------------


def _tree(tmp_path: Path) -> Path:
    """cases/{a,b,c}/case.yaml and cases/a/inner/case.yaml, cases/z.yaml."""
    cases = tmp_path / "cases"
    for folder in ("a", "a/inner", "b", "c"):
        (cases / folder).mkdir(parents=True)
        shutil.copy(CASE, cases / folder / "case.yaml")
    shutil.copy(CASE, cases / "z.yaml")
    return cases


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_folder_the_walk_cannot_list_is_one_problem_and_the_rest_is_decided(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """cases/b refused: one problem naming it, the four other cases decided in their order, exit 6."""
    cases = _tree(tmp_path)
    deny(monkeypatch, "scandir", cases / "b")
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "--lang", lang, "evaluate", "cases", "--as-of", AS_OF)
    said = {"en": "The folder cannot be listed: Permission denied", "zh": "无法列出这个文件夹里的文件：没有权限"}
    heads = [line for line in out.splitlines() if line.startswith("# ")]
    expected = ["# cases/a/case.yaml", "# cases/a/inner/case.yaml", "# cases/c/case.yaml", "# cases/z.yaml"]
    assert (EXIT_IO, expected, 1) == (code, heads, err.count(f"cases/b: $: {said[lang]}")), err
    assert ("1 problem in 1 input; 4 cases evaluated." in err) == (lang == "en")


def test_read_cases_says_each_folder_it_cannot_list(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two folders refused (one the folder named): a problem each, an io_failure, before the cases found."""
    cases = _tree(tmp_path)
    deny(monkeypatch, "scandir", cases / "a" / "inner")
    deny(monkeypatch, "scandir", cases / "c")
    found, errors = read_cases([cases, tmp_path / "nowhere"])
    assert [str(cases / "a" / "inner"), str(cases / "c"), str(tmp_path / "nowhere")] == [e.source for e in errors]
    assert [True, True, False] == [e.io_failure for e in errors]
    assert ["a/case.yaml", "b/case.yaml", "z.yaml"] == [Path(c.source).relative_to(cases).as_posix() for c in found]
    deny(monkeypatch, "scandir", cases)
    assert ([], [str(cases)]) == ([c.source for c in read_cases(cases)[0]], [e.source for e in read_cases(cases)[1]])


def test_iter_case_files_raises_without_onerror(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing is skipped without a word: without ``onerror`` the folder's error is raised."""
    cases = _tree(tmp_path)
    deny(monkeypatch, "scandir", cases / "b")
    with pytest.raises(PermissionError) as raised:
        list(iter_case_files(cases))
    assert str(cases / "b") == raised.value.filename
    seen: list[OSError] = []
    assert 4 == len(list(iter_case_files(cases, onerror=seen.append)))
    assert [str(cases / "b")] == [e.filename for e in seen]


def test_the_walk_keeps_the_order_rglob_gave(tmp_path: Path) -> None:
    """Sorted by path, links to folders not followed, other suffixes and non-files left out."""
    cases = _tree(tmp_path)
    (cases / "a.json").write_text("{}", encoding="utf-8")
    (cases / "b" / "notes.txt").write_text("", encoding="utf-8")
    (cases / "link").symlink_to(cases / "a")
    (cases / "dir.yaml").mkdir()
    found = list(iter_case_files(cases))
    rglob = sorted(p for p in cases.rglob("*") if p.suffix in (".yaml", ".yml", ".json") and p.is_file())
    assert rglob == found
    shown = [p.relative_to(cases).as_posix() for p in found]
    assert ["a/case.yaml", "a/inner/case.yaml", "a.json", "b/case.yaml", "c/case.yaml", "z.yaml"] == shown


# --- a pack's files ----------------------------------------------------------------------------------------


@pytest.fixture
def pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the bundled pack in ``pack/`` of the current folder."""
    shutil.copytree(ROOT / "policies", tmp_path / "pack")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "pack"


PACK_COMMANDS = {
    "check": ["check", "pack"],
    "evaluate": ["evaluate", str(CASE), "--policies", "pack", "--as-of", AS_OF],
    "evaluate-jsonl": ["evaluate", "--jsonl", str(CASE), "--policies", "pack"],
    "diff": ["diff", str(ROOT / "policies"), "pack"],
    "graph": ["graph", "rules", "--policies", "pack"],
    "reference": ["reference", "pack"],
    "serve": ["serve", "--no-log", "--policies", "pack", "--port", "0"],
}


@pytest.mark.parametrize("command", PACK_COMMANDS)
def test_a_policy_file_refused_by_the_system_exits_6_naming_it(
    pack: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    """README's exit 6 for "a permission": a policy file the user may not read is no invalid pack (it was 3)."""
    deny(monkeypatch, "open", pack / "application.yaml")
    code, _, err = run(capsys, *PACK_COMMANDS[command])
    assert (EXIT_IO, True, False) == (
        code,
        "Cannot read 'pack/application.yaml': Permission denied" in err,
        "Traceback" in err,
    ), err


def test_a_policy_file_refused_is_said_in_chinese_and_in_the_json_as_before(
    pack: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The message in Chinese; ``check --format json`` keeps its fields (the exit code says the rest)."""
    deny(monkeypatch, "open", pack / "settings.yaml")
    code, _, err = run(capsys, "--lang", "zh", "check", "pack")
    assert (EXIT_IO, True) == (code, "无法读取「pack/settings.yaml」：没有权限" in err), err
    code, out, _ = run(capsys, "check", "pack", "--format", "json")
    found = json.loads(out)["diagnostics"]
    assert (EXIT_IO, ["unreadable_file"]) == (code, [d["code"] for d in found])
    assert "io_failure" not in found[0]


def test_a_policy_file_that_names_no_file_stays_an_invalid_pack(pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Links in a loop, a link to nothing, a folder named ``*.yaml``: the pack is wrong, exit 3 as before."""
    (pack / "loop.yaml").symlink_to(pack / "loop2.yaml")
    (pack / "loop2.yaml").symlink_to(pack / "loop.yaml")
    (pack / "gone.yaml").symlink_to(pack / "nowhere.yaml")
    (pack / "folder.yaml").mkdir()
    code, _, err = run(capsys, "check", "pack")
    assert (EXIT_POLICY, 4) == (code, err.count("Cannot read 'pack/")), err


def test_a_read_failure_outranks_the_other_errors_of_the_pack(
    pack: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file whose YAML is broken beside one that failed to read (EIO): exit 6, both said."""
    (pack / "leniency.yaml").write_text("kind: leniency\nrules: [3\n", encoding="utf-8")
    real = Path.read_bytes

    def failing(path: Path) -> bytes:
        if path.name == "blacklist.yaml":
            raise OSError(errno.EIO, "Input/output error", str(path))
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", failing)
    code, _, err = run(capsys, "check", "pack")
    assert (EXIT_IO, True, True) == (
        code,
        "blacklist.yaml': Input/output error" in err,
        "pack/leniency.yaml:" in err,
    ), err


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_pack_folder_the_user_may_not_list_is_one_error_not_missing_files(
    pack: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """It said "no pack.yaml", "no settings.yaml", ... for a folder full of them, exit 3; now one error, exit 6."""
    deny(monkeypatch, "listdir", pack)
    deny(monkeypatch, "scandir", pack)
    code, _, err = run(capsys, "--lang", lang, "check", "pack")
    said = {
        "en": "Policy folder 'pack' cannot be read: Permission denied",
        "zh": "无法读取政策包文件夹「pack」：没有权限",
    }
    assert (EXIT_IO, True) == (code, said[lang] in err), err
    assert ("1 error" in err, "pack.yaml" in err) == (lang == "en", False), err


def test_the_library_says_which_failures_are_the_systems(pack: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``PolicyError.io_failure``, for hosts that map it as the commands do."""
    from commitrules import load_policies
    from commitrules.errors import PolicyError

    (pack / "pack.yaml").unlink()
    with pytest.raises(PolicyError) as wrong:
        load_policies(pack)
    deny(monkeypatch, "open", pack / "escalation.yaml")
    with pytest.raises(PolicyError) as refused:
        load_policies(pack)
    assert (False, True) == (wrong.value.io_failure, refused.value.io_failure)
    assert [True] == [d.io_failure for d in refused.value.all_diagnostics if d.code == "unreadable_file"]


def test_a_published_pack_whose_manifest_is_refused_exits_6(
    pack: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A manifest (docs/publishing) the system refuses, or a folder it may not list when checking one: exit 6."""
    from commitrules.service.manifest import MANIFEST_NAME

    assert EXIT_OK == run(capsys, "check", "pack", "--write-manifest")[0]
    deny(monkeypatch, "open", pack / MANIFEST_NAME)
    code, _, err = run(capsys, "check", "pack")
    assert (EXIT_IO, True) == (code, "The manifest cannot be read: Permission denied" in err), err
    monkeypatch.undo()
    monkeypatch.chdir(pack.parent)
    deny(monkeypatch, "listdir", pack)
    deny(monkeypatch, "scandir", pack)
    code, _, err = run(capsys, "check", "pack")
    assert (EXIT_IO, True) == (code, "Permission denied" in err), err
