"""``commitrules schema --write``: the modeline changes nothing else in a file; a broken pack writes nothing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import commitrules
from commitrules.authoring.file_schemas import kind_of_file
from commitrules.authoring.modeline import SCHEMA_DIR, modeline, with_modeline
from commitrules.cli import EXIT_OK, EXIT_POLICY, EXIT_USAGE, main

POLICIES = Path(__file__).resolve().parents[1] / "policies"
LINE = "# yaml-language-server: $schema=./schemas/policy.schema.json"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def without_modelines(tmp_path: Path) -> Path:
    """A copy of the bundled pack as it was before the modelines, without its schemas."""
    pack = tmp_path / "pk"
    shutil.copytree(POLICIES, pack, ignore=shutil.ignore_patterns(SCHEMA_DIR))
    for path in pack.glob("*.yaml"):
        path.write_bytes(path.read_bytes().split(b"\n", 1)[1])
    return pack


def snapshot(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (b"kind: x\n", (LINE + "\nkind: x\n").encode()),
        (b"# comment\r\nkind: x\r\n", (LINE + "\r\n# comment\r\nkind: x\r\n").encode()),
        (b"\xef\xbb\xbf# c\nkind: x\n", b"\xef\xbb\xbf" + (LINE + "\n# c\nkind: x\n").encode()),
        (b"# c\n#  yaml-language-server: $schema=old.json\nkind: x\n", (f"# c\n{LINE}\nkind: x\n").encode()),
        ((LINE + "\nkind: x").encode(), (LINE + "\nkind: x").encode()),
    ],
    ids=["plain", "crlf-and-comment", "bom", "refreshes-old-line", "current-unchanged"],
)
def test_the_modeline_is_added_or_refreshed_and_nothing_else_changes(before: bytes, after: bytes) -> None:
    """Line endings, a byte-order mark and the other comments stay as they were."""
    assert after == with_modeline(before, LINE)
    assert after == with_modeline(after, LINE)


def test_a_modeline_below_the_leading_comments_is_not_taken_for_the_files() -> None:
    """Text that looks like a modeline inside the document (a quoted text) is left alone."""
    before = b"kind: x\nquote: '# yaml-language-server: $schema=x'\n"
    assert (LINE + "\n").encode() + before == with_modeline(before, LINE)


def test_write_adds_one_line_to_each_file_and_the_digest_changes_only_by_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Each file gains exactly its first line; the pack is the same pack (same rules, titles, settings)."""
    pack_dir = without_modelines(tmp_path)
    before = snapshot(pack_dir)
    old = commitrules.load_policies(pack_dir)
    code, out, _ = run(capsys, "schema", "--write", "--policies", str(pack_dir))
    assert EXIT_OK == code
    assert "6 schema files written" in out
    yaml_files = {name: content for name, content in before.items() if name.endswith(".yaml")}
    assert f"the schema line of {len(yaml_files)} files" in out
    for name, content in before.items():
        if name in yaml_files:
            assert (modeline(kind_of_file(name)) + "\n").encode() + content == (pack_dir / name).read_bytes()
        else:
            assert content == (pack_dir / name).read_bytes()  # policies/source/ is not the pack's YAML
    new = commitrules.load_policies(pack_dir)
    assert old.digest != new.digest  # the digest covers every byte of the files
    assert [(r.id, r.title, r.clauses) for r in old.rules()] == [(r.id, r.title, r.clauses) for r in new.rules()]
    assert old.settings == new.settings
    # Written again: nothing changes, nothing is touched.
    written = snapshot(pack_dir)
    code, out, _ = run(capsys, "--lang", "zh", "schema", "--write", "--policies", str(pack_dir))
    assert EXIT_OK == code
    assert "写入 0 个模式文件" in out
    assert written == snapshot(pack_dir)


def test_write_on_a_broken_pack_reports_where_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The usual positioned error of check, exit 3, and every file as it was (no schemas folder)."""
    pack_dir = without_modelines(tmp_path)
    path = pack_dir / "matter_review.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("reasons: [public_safety]", "reasons: [public_safty]"))
    before = snapshot(pack_dir)
    code, _, err = run(capsys, "--lang", "zh", "schema", "--write", "--policies", str(pack_dir))
    assert EXIT_POLICY == code
    assert "matter_review.yaml:" in err
    assert "unknown_code" in err
    assert "Traceback" not in err
    assert before == snapshot(pack_dir)


def test_write_that_cannot_write_leaves_every_file_whole(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """When the schemas folder cannot be made, no file of the pack changes and no temporary file is left."""
    pack_dir = without_modelines(tmp_path)
    (pack_dir / SCHEMA_DIR).write_text("in the way\n")
    before = snapshot(pack_dir)
    code, _, err = run(capsys, "schema", "--write", "--policies", str(pack_dir))
    assert 6 == code
    assert "cannot write the schemas" in err
    assert before == snapshot(pack_dir)


def test_write_warns_when_the_pack_lock_no_longer_matches(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A published pack (pack.lock) whose files gain the line must be published again; the command says so."""
    pack_dir = without_modelines(tmp_path)
    assert EXIT_OK == run(capsys, "check", str(pack_dir), "--write-manifest")[0]
    code, _, err = run(capsys, "schema", "--write", "--policies", str(pack_dir))
    assert EXIT_OK == code
    assert "--write-manifest" in err


def test_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    """--write with a target, or neither: exit 2 with a message in the reader's language."""
    code, _, err = run(capsys, "schema", "policy", "--write")
    assert EXIT_USAGE == code
    assert "--write" in err
    code, _, err = run(capsys, "--lang", "zh", "schema")
    assert EXIT_USAGE == code
    assert "请指明" in err


def test_schema_of_a_file_kind_with_policies_prints_the_packs_schema(capsys: pytest.CaptureFixture[str]) -> None:
    """`schema settings --policies DIR` prints what --write writes; without --policies, the plain model schema."""
    code, out, _ = run(capsys, "schema", "settings", "--policies", str(POLICIES))
    assert EXIT_OK == code
    assert (POLICIES / SCHEMA_DIR / "settings.schema.json").read_text(encoding="utf-8") == out
    code, out, _ = run(capsys, "schema", "settings")
    assert "https://json-schema.org/draft/2020-12/schema" == json.loads(out)["$schema"]
