"""What a user typed or a file held is shown, never obeyed, when a message repeats it (commitrules._printable).

An escape sequence in a decision id, a folder's name or a policy's line would otherwise clear the
terminal or recolour what follows; a direction override would show the text in another order. A value
or a line of a megabyte was repeated whole: the message, and the caret under the line, were lost in it.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from commitrules import load_policies
from commitrules._printable import printable
from commitrules.cli import EXIT_POLICY, main
from commitrules.errors import CaseError, Diagnostic, Span
from commitrules.messages import Text, message
from commitrules.service.log import DecisionLog

HOSTILE = ["\x1b[2J", "\x1b]0;owned\x07", "\r", "\x00", "\x9b31m", "\u202e", "\u2066", "\x7f"]


@pytest.mark.parametrize("bad", HOSTILE)
def test_every_control_or_direction_character_is_written_as_its_escape(bad: str) -> None:
    shown = printable(f"id{bad}x")
    assert shown == "id" + bad.encode("unicode_escape").decode("ascii") + "x"
    assert shown.isprintable()


def test_newlines_tabs_and_chinese_stay_as_they_are() -> None:
    assert "规则\t「a」\n下一行" == printable("规则\t「a」\n下一行")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_messages_parameters_are_shown_in_both_languages(lang: str) -> None:
    said = message("diag.did_you_mean", lang, message=Text("diag.rule", id="a\x1b[31m"), guess="b\u202ec")
    assert "\x1b" not in said and "\u202e" not in said
    assert "a\\x1b[31m" in said and "b\\u202ec" in said


def test_a_source_line_is_shown_with_the_caret_under_the_same_character() -> None:
    line = "when: x\x1b[2J == 'y'\n"
    column = line.index("==") + 1
    found = Diagnostic("invalid_condition", "bad", Span("p\x1b.yaml", 3, column), source_line=line)
    _, shown, caret = found.render("en").splitlines()
    assert shown == "   | when: x\\x1b[2J == 'y'"
    assert caret.index("^") == shown.index("==")
    assert found.render("en").startswith("p\\x1b.yaml:3:")


def test_a_case_errors_source_and_path_are_shown() -> None:
    rendered = CaseError("$['k\x1b[0m']", "Unknown field", source="in\x1b[2J.yaml").render("en")
    assert "\x1b" not in rendered
    assert rendered.startswith("in\\x1b[2J.yaml: $['k\\x1b[0m']: ")


def test_a_hostile_decision_id_reaches_the_terminal_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``log prove`` of an id holding escape sequences: one error that shows them, exit 1, no raw control."""
    path = tmp_path / "decisions.db"
    DecisionLog.open(f"sqlite:///{path}").close()
    code = main(["--lang", "en", "log", "prove", "abc\x1b[2J\x1b[31mRED\u202e", "--log-url", f"sqlite:///{path}"])
    err = capsys.readouterr().err
    assert 1 == code, err
    assert "abc\\x1b[2J\\x1b[31mRED\\u202e" in err
    assert "\x1b" not in err and "\u202e" not in err


def test_a_hostile_folder_name_reaches_the_terminal_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--lang", "zh", "check", str(tmp_path / "pol\x1b[31micies")])
    err = capsys.readouterr().err
    assert code != 0
    assert "\x1b" not in err and "pol\\x1b[31micies" in err


def test_a_source_line_of_a_megabyte_is_shown_around_the_caret() -> None:
    """Only the part of the line around the column is shown, cut at '…', the caret under the same character."""
    line = "x: " + "y" * 300_000 + "\x1b : z" + "w" * 300_000 + "\n"
    column = line.index(" : z") + 2
    found = Diagnostic("yaml_syntax", "bad", Span("p.yaml", 18, column), source_line=line)
    _, shown, caret = found.render("en").splitlines()
    assert len(shown) < 200
    assert shown.startswith("   | …") and shown.endswith("…")
    assert ":" == shown[caret.index("^")]
    assert "\\x1b" in shown


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_parameter_of_a_megabyte_is_cut_in_its_middle(lang: str) -> None:
    said = message("diag.did_you_mean", lang, message=Text("diag.rule", id="a" * 300_000 + "z"), guess="b")
    assert len(said) < 2100
    assert "a…" in said and "az" in said


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_value_and_a_line_of_a_megabyte_are_one_short_error_each(
    lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A default of 300,000 characters, and a line of as many, in a policy file: one error each, a few lines long."""
    pack = tmp_path / "policies"
    shutil.copytree(Path(__file__).resolve().parents[1] / "policies", pack)
    path = pack / "escalation.yaml"
    long = "y" * 300_000
    text = path.read_text(encoding="utf-8").replace("default: no_report_required", f"default: {long}", 1)
    path.write_text(text, encoding="utf-8")
    code = main(["--lang", lang, "check", str(pack)])
    err = capsys.readouterr().err
    assert EXIT_POLICY == code
    row = text[: text.index(f"default: {long}")].count("\n") + 1
    assert f"escalation.yaml:{row}:10: invalid_value:" in err
    assert len(err) < 3000
    path.write_text(text.replace(f"default: {long}", f"default: no_report_required\nx: {long} : z: w", 1))
    code = main(["--lang", lang, "check", str(pack)])
    err = capsys.readouterr().err
    assert EXIT_POLICY == code
    assert f"escalation.yaml:{row + 1}:300005: yaml_syntax:" in err
    assert len(err) < 1000


_ESCALATION = """kind: escalation
id: "c\\e[2J\\e]0;owned\\a\\u202e\\n结论：免责"
request:
  unit: {name: 某局, level: municipal, requires_certification: true}
  from_role: division_head
  trigger: major_within_authority
  content: {facts: "F", analysis: A, suggestions: S}
"""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_decision_of_a_hostile_case_reaches_the_terminal_escaped(
    lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``evaluate``'s account of a case whose id holds escape sequences and a newline, in a file so named.

    The account repeated the id as it was: ESC [ 2 J cleared the terminal, ESC ] 0 retitled it, and the
    newline put a line of the case's own under the heading, which looked like the account's.
    """
    case = tmp_path / "case\x1b[31m.yaml"
    case.write_text(_ESCALATION, encoding="utf-8")
    code = main(["evaluate", str(case), "--as-of", "2020-06-01", "--lang", lang])
    out = capsys.readouterr().out
    assert 0 == code
    assert not any(c in out for c in "\x1b\x07\u202e"), out
    assert "c\\x1b[2J\\x1b]0;owned\\x07\\u202e\\n结论：免责" in out.splitlines()[1]
    assert out.splitlines()[0].endswith("case\\x1b[31m.yaml")


def test_a_facts_text_and_the_packs_texts_are_shown_escaped() -> None:
    """A fact's text value stays on its line; a control character of a rule's quote (the pack's) is shown too."""
    pack = load_policies()
    case = {
        "kind": "blacklist",
        "entry": {
            "id": "E-1",
            "subject": {"id": "P", "kind": "natural_person", "name": "李某", "id_no": "320700198805052345"},
            "basis": "false_commitment",
            "determined_by": "某局",
            "listed_on": "2019-09-01",
            "status": "active",
            "published": False,
        },
    }
    decision = pack.evaluate(case, as_of=dt.date(2020, 6, 1))
    first = decision.fired[0].model_copy(update={"quote": "引\x1b[5m文", "facts": {"entry.note": "a\n结论：免责\x9b"}})
    shown = decision.model_copy(update={"fired": [first, *decision.fired[1:]]}).explain("zh")
    assert "\x1b" not in shown and "\x9b" not in shown
    assert "引\\x1b[5m文" in shown
    assert "entry.note = 'a\\n结论：免责\\x9b'" in shown


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_control_character_in_a_policy_text_is_an_error_at_it(
    lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``"\\e[2J"`` in a title, ``"\\u202e"`` in a quote or a key passed ``check``; ``reference`` printed them raw."""
    pack = tmp_path / "policies"
    shutil.copytree(Path(__file__).resolve().parents[1] / "policies", pack)
    path = pack / "escalation.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "title: {zh: 请示报告, en: Reporting upwards}", 'title: {zh: "请示\\e[2J报告", en: "Up\\tward"}', 1
    )
    text = text.replace("kind: escalation\n", 'kind: escalation\n"x\\u202e": 1\n', 1)
    path.write_text(text, encoding="utf-8")
    code = main(["--lang", lang, "check", str(pack)])
    err = capsys.readouterr().err
    assert EXIT_POLICY == code
    assert "\x1b" not in err and "\u202e" not in err
    assert 2 == err.count("invalid_value: "), err
    assert "escalation.yaml:3:1: invalid_value: " in err  # the key
    assert "escalation.yaml:4:13: invalid_value: " in err  # the title
    assert "\\x1b" in err and "\\u202e" in err and "U+202E" in err


INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u180e", "\u3164"]


@pytest.mark.parametrize("bad", INVISIBLE)
def test_every_invisible_character_is_written_as_its_escape(bad: str) -> None:
    """A character that shows nothing: the message would show 'leniency.eligible' for the id it refuses."""
    assert printable(f"id{bad}x") == "id" + bad.encode("unicode_escape").decode("ascii") + "x"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_invisible_character_in_a_rule_id_or_a_key_is_shown(
    lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A zero-width space pasted into a rule's id and into a key: each error shows where it is.

    The id was refused as "expected a rule id ..., found 'leniency.eligible'" and the key as "Unknown field
    'kind' ... Did you mean 'kind'?", the character invisible in the message and under the caret alike.
    """
    pack = tmp_path / "policies"
    shutil.copytree(Path(__file__).resolve().parents[1] / "policies", pack)
    path = pack / "leniency.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("id: leniency.eligible\n", "id: leniency.eli\u200bgible\n", 1)
    text = text.replace("\nkind: leniency\n", "\nki\u2060nd: leniency\n", 1)
    path.write_text(text, encoding="utf-8")
    assert EXIT_POLICY == main(["--lang", lang, "check", str(pack)])
    err = capsys.readouterr().err
    assert "\u200b" not in err and "\u2060" not in err
    assert "'leniency.eli\\u200bgible'" in err or "「leniency.eli\\u200bgible」" in err
    assert "   |   - id: leniency.eli\\u200bgible" in err
    assert "ki\\u2060nd" in err


def test_a_file_name_with_a_newline_keeps_its_position_on_one_line() -> None:
    found = Diagnostic("unknown_field", "bad", Span("pk/a\nb.yaml", 3, 5), source_line="    x: 1\n")
    assert found.render("en").startswith("pk/a\\nb.yaml:3:5: unknown_field: bad\n")
