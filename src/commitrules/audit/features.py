"""The feature files as the traceability matrix reads them: step patterns, clause tags, scenarios.

The step library of ``features/conftest.py`` matches its Then steps with the patterns defined here
(``规则 "breach.revoke.granted" 生效`` / ``rule "breach.revoke.granted" fires``, optionally followed by
``,引用条款 "二(二)"`` / ``, citing "二(二)"``), and scenarios are tagged with the tags of the clauses
their rules cite, so the matrix of ``audit/trace.py`` reads exactly what the tests assert.

The feature files are read with the official Gherkin parser (``gherkin-official``, which pytest-bdd
brings in the ``dev`` extra); without it the commands say so and exit 4.

Examples:
    >>> clause_tag("一(二)2"), clause_tag("二"), clause_tag("序"), clause_tag("NAT-42")
    ('clause-1-2-2', 'clause-2', 'clause-preface', 'clause-nat-42')
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from commitrules.errors import CommitRulesError
from commitrules.messages import Text

if TYPE_CHECKING:
    from commitrules.policy.pack import PolicyPack

__all__ = [
    "DOES_NOT_FIRE_PATTERNS",
    "FIRES_PATTERNS",
    "FORMAT_TAGS",
    "INTERPRETATION_TAG",
    "NO_CLAUSE",
    "FeatureSyntaxError",
    "FiresAssertion",
    "GherkinUnavailableError",
    "SpecScenario",
    "clause_tag",
    "clause_tags",
    "feature_files",
    "parse_feature",
    "parse_step_assertion",
    "read_features",
    "scenarios_of",
    "split_clauses",
]

#: The Then steps that assert a rule fires, in Chinese and in English. ``clauses`` (optional) lists the
#: clauses the fired rule must cite, comma-separated; ``—`` means none (an interpretation only).
FIRES_PATTERNS = (
    r'规则 "(?P<rule>[^"]+)" 生效(?:[,,]\s*引用条款 "(?P<clauses>[^"]*)")?',
    r'rule "(?P<rule>[^"]+)" fires(?:, citing "(?P<clauses>[^"]*)")?',
)
#: The Then steps that assert a rule does not fire.
DOES_NOT_FIRE_PATTERNS = (
    r'规则 "(?P<rule>[^"]+)" 不生效',
    r'rule "(?P<rule>[^"]+)" does not fire',
)
#: The tag of a scenario that specifies a rule resting on an interpretation alone (citing no clause).
INTERPRETATION_TAG = "interpretation-only"
#: Tags that are not clause tags, with what they mean (registered as pytest markers too).
FORMAT_TAGS: Mapping[str, str] = {
    INTERPRETATION_TAG: "specifies a rule that rests on an interpretation alone and cites no clause",
}
#: The written form of "no clause" in a ``引用条款 "…"`` / ``citing "…"`` step.
NO_CLAUSE = "—"

_SPECIAL_TAGS = {"引言": "clause-intro", "序": "clause-preface"}
_NUMERAL_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_NUMERAL = "[一二三四五六七八九十]+"
_CLAUSE_RE = re.compile(rf"(?P<part>{_NUMERAL})(?:\((?P<section>{_NUMERAL})\)(?P<item>[1-9][0-9]*)?)?")
_EXTERNAL_RE = re.compile(r"[A-Z]+-[0-9]+")
_FIRES = tuple(re.compile(p) for p in FIRES_PATTERNS)
_DOES_NOT_FIRE = tuple(re.compile(p) for p in DOES_NOT_FIRE_PATTERNS)


class GherkinUnavailableError(CommitRulesError):
    """The Gherkin parser (``gherkin-official``) is not installed."""

    def __init__(self) -> None:
        super().__init__(Text("audit.gherkin_missing"))


class FeatureSyntaxError(CommitRulesError):
    """A feature file is not valid Gherkin."""


def _numeral(text: str) -> int:
    """A Chinese numeral from 一 to 九十九 as an int."""
    if "十" not in text:
        return _NUMERAL_DIGITS[text]
    tens, _, units = text.partition("十")
    return (_NUMERAL_DIGITS[tens] if tens else 1) * 10 + (_NUMERAL_DIGITS[units] if units else 0)


def clause_tag(clause_id: str) -> str:
    """The scenario tag of a clause: ``一(二)2`` -> ``clause-1-2-2``, ``NAT-42`` -> ``clause-nat-42``.

    ``引言`` (the opening paragraph) is ``clause-intro``; ``序`` (the paragraph of part 一 naming the
    pilot units, after the list of the seven systems) is ``clause-preface``.

    Raises:
        ValueError: the id has none of the known shapes (a new shape needs a mapping here).
    """
    if clause_id in _SPECIAL_TAGS:
        return _SPECIAL_TAGS[clause_id]
    if match := _CLAUSE_RE.fullmatch(clause_id):
        numbers = [_numeral(match["part"])]
        if match["section"]:
            numbers.append(_numeral(match["section"]))
        if match["item"]:
            numbers.append(int(match["item"]))
        return "clause-" + "-".join(str(n) for n in numbers)
    if _EXTERNAL_RE.fullmatch(clause_id):
        return "clause-" + clause_id.lower()
    msg = (
        f"Clause id '{clause_id}' has no tag: expected a part and section such as '一(二)2', '引言', '序' "
        "or an external source such as 'NAT-42'"
    )
    raise ValueError(msg)


def clause_tags(pack: PolicyPack) -> dict[str, str]:
    """Tag -> clause id for every clause of ``pack``.

    Raises:
        ValueError: two clauses map to the same tag.
    """
    tags: dict[str, str] = {}
    for clause_id in pack.clauses:
        tag = clause_tag(clause_id)
        if tag in tags:
            msg = f"Clauses '{tags[tag]}' and '{clause_id}' both map to the tag '{tag}'"
            raise ValueError(msg)
        tags[tag] = clause_id
    return tags


# -- reading the features ------------------------------------------------------------------------
@dataclass(frozen=True)
class FiresAssertion:
    """A Then step asserting that a rule fires, and the clauses it says the rule cites (None: not said)."""

    rule: str
    clauses: tuple[str, ...] | None
    line: int


@dataclass(frozen=True)
class SpecScenario:
    """One runnable scenario: a plain scenario, or one example row of a scenario outline (a pickle)."""

    path: str
    """The feature file, relative to the features folder (``zh-CN/application.feature``)."""
    line: int
    """The scenario's line, or the example row's line for an outline."""
    scenario_line: int
    name: str
    language: str
    tags: tuple[str, ...]
    steps: tuple[tuple[str, str], ...]
    """(type, text) of every step, background included; type is Context, Action or Outcome."""
    fires: tuple[FiresAssertion, ...] = ()
    does_not_fire: tuple[str, ...] = ()

    @property
    def where(self) -> str:
        """``path:line`` of the scenario or example row."""
        return f"{self.path}:{self.line}"


def parse_step_assertion(text: str) -> tuple[str, str, tuple[str, ...] | None] | None:
    """``("fires", rule, clauses)`` or ``("does_not_fire", rule, None)`` for a rule step, else None."""
    for pattern in _FIRES:
        if match := pattern.fullmatch(text):
            return "fires", match["rule"], split_clauses(match["clauses"])
    for pattern in _DOES_NOT_FIRE:
        if match := pattern.fullmatch(text):
            return "does_not_fire", match["rule"], None
    return None


def split_clauses(text: str | None) -> tuple[str, ...] | None:
    """``"一(一)2, 二(三)"`` -> ``("一(一)2", "二(三)")``; ``"—"`` -> ``()``; None -> None."""
    if text is None:
        return None
    if text.strip() in {NO_CLAUSE, ""}:
        return ()
    return tuple(part.strip() for part in re.split(r"[,,、]", text) if part.strip())


def _gherkin() -> tuple[Any, Any, Any]:
    try:
        from gherkin.errors import CompositeParserException, ParserError  # noqa: PLC0415 - optional dependency
        from gherkin.parser import Parser  # noqa: PLC0415
        from gherkin.pickles.compiler import Compiler  # noqa: PLC0415
    except ImportError:
        raise GherkinUnavailableError from None
    return Parser, Compiler, (CompositeParserException, ParserError)


def parse_feature(text: str, uri: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The Gherkin document and its pickles (one per scenario or example row).

    Raises:
        GherkinUnavailableError: gherkin-official is not installed.
        FeatureSyntaxError: the text is not valid Gherkin.
    """
    parser_class, compiler_class, errors = _gherkin()
    try:
        document: dict[str, Any] = dict(parser_class().parse(text))
    except errors as exc:
        raise FeatureSyntaxError(
            Text("audit.feature_syntax", file=uri, detail=str(exc).removeprefix("Parser errors:\n"))
        ) from None
    document["uri"] = uri
    pickles: list[dict[str, Any]] = list(compiler_class().compile(document))
    return document, pickles


def feature_files(features: Path) -> list[Path]:
    """The ``*.feature`` files under ``features``: Chinese first, then the others, each sorted.

    None found when the folder cannot be walked (names past what the system takes): the commands then
    say that it holds no feature files.
    """
    try:
        files = sorted(features.rglob("*.feature"))
    except OSError:
        return []
    return sorted(
        files,
        key=lambda p: (not p.relative_to(features).as_posix().startswith("zh-CN/"), p.relative_to(features).as_posix()),
    )


def _ast_lines(node: Any, lines: dict[str, int]) -> None:
    if isinstance(node, dict):
        if "id" in node and isinstance(node.get("location"), dict):
            lines[str(node["id"])] = int(node["location"]["line"])
        for value in node.values():
            _ast_lines(value, lines)
    elif isinstance(node, list):
        for value in node:
            _ast_lines(value, lines)


def scenarios_of(text: str, path: str) -> list[SpecScenario]:
    """Every runnable scenario of one feature file's text (``path`` is how it is named)."""
    document, pickles = parse_feature(text, path)
    lines: dict[str, int] = {}
    _ast_lines(document, lines)
    step_lines: dict[str, int] = {}
    out = []
    for pickle in pickles:
        fires: list[FiresAssertion] = []
        does_not_fire: list[str] = []
        steps = []
        for step in pickle["steps"]:
            steps.append((str(step.get("type", "")), str(step["text"])))
            parsed = parse_step_assertion(step["text"])
            if parsed is None or step.get("type") != "Outcome":
                continue
            kind, rule, clauses = parsed
            line = lines.get(str(step["astNodeIds"][0]), 0)
            step_lines[rule] = line
            if kind == "fires":
                fires.append(FiresAssertion(rule, clauses, line))
            else:
                does_not_fire.append(rule)
        out.append(
            SpecScenario(
                path=path,
                line=int(pickle["location"]["line"]),
                scenario_line=lines.get(str(pickle["astNodeIds"][0]), int(pickle["location"]["line"])),
                name=str(pickle["name"]),
                language=str(pickle.get("language", "en")),
                tags=tuple(tag["name"].lstrip("@") for tag in pickle["tags"]),
                steps=tuple(steps),
                fires=tuple(fires),
                does_not_fire=tuple(does_not_fire),
            )
        )
    return out


def read_features(features: Path) -> list[SpecScenario]:
    """Every runnable scenario of every feature file under ``features``.

    Raises:
        GherkinUnavailableError: gherkin-official is not installed.
        FeatureSyntaxError: a file is not valid Gherkin (or not UTF-8).
    """
    out: list[SpecScenario] = []
    for file in feature_files(features):
        name = file.relative_to(features).as_posix()
        try:
            text = file.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise FeatureSyntaxError(Text("audit.feature_not_utf8", file=name, byte=exc.start)) from None
        out.extend(scenarios_of(text, name))
    return out
