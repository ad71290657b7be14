"""Full-width characters that a Chinese input method types where YAML or a condition expects ASCII.

With a Chinese input method on, ``:`` becomes ``：``, ``,`` becomes ``，``, ``(`` becomes ``（``, quotes
become ``‘’“”`` and a space may become the ideographic space U+3000. YAML and the condition language
then read something else than what was meant, and the error surfaces later, elsewhere (the next line,
a clause that does not exist). These scans find such characters at their own position, before the
YAML parser or the condition parser runs, and say which ASCII character to type instead.

Text is left alone: a character inside quotes, in a comment, in a block scalar (``|``, ``>``) or in
the value after ``key: `` is content, where full-width punctuation is ordinary Chinese.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Final

__all__ = ["ASCII_FOR", "Found", "scan_condition", "scan_yaml_lines"]

#: Each full-width character and the ASCII character meant.
ASCII_FOR: Final[dict[str, str]] = {
    "：": "':'",
    "，": "','",
    "（": "'('",
    "）": "')'",
    "‘": '"\'"',
    "’": '"\'"',
    "“": "'\"'",
    "”": "'\"'",
    "\u3000": "' '",
}
# Any of them: text without one has nothing to find.
_SUSPECT: Final = re.compile("[" + "".join(ASCII_FOR) + "]")


@dataclass(frozen=True, slots=True)
class Found:
    """One full-width character: 0-based line and column (in characters), the character."""

    line: int
    column: int
    char: str

    @property
    def params(self) -> dict[str, str]:
        """The message parameters: the character, its Unicode name and its replacement."""
        name = unicodedata.name(self.char, f"U+{ord(self.char):04X}")
        return {"char": self.char, "name": name, "ascii": ASCII_FOR[self.char]}


def scan_condition(text: str) -> list[Found]:
    """Every full-width character of ``text`` outside ASCII-quoted strings (line 0, column = offset)."""
    found: list[Found] = []
    if _SUSPECT.search(text) is None:
        return found  # none at all, in quotes or not
    quote: str | None = None
    for offset, char in enumerate(text):
        if quote is not None:
            quote = None if char == quote and text[offset - 1] != "\\" else quote
        elif char in "'\"":
            quote = char
        elif char in ASCII_FOR:
            found.append(Found(0, offset, char))
    return found


# A key typed with a full-width colon: an ASCII name at the start of a line (after "- " items).
_KEY_COLON: Final = re.compile(r"^(?P<lead>[ \u3000]*(?:-[ \u3000]+)*)[A-Za-z_][\w.\-]*[ \u3000]*：")
_BLOCK_SCALAR: Final = re.compile(r"(?:^|[:\-][ \u3000]+)[|>][-+0-9]*[ \u3000]*(?:#.*)?$")


def scan_yaml_lines(lines: Sequence[str]) -> list[Found]:
    """Every full-width character that stands where YAML's structure expects an ASCII one."""
    found: dict[tuple[int, int], Found] = {}
    block_indent: int | None = None
    for number, line in enumerate(lines):
        # Most lines hold neither a character of ASCII_FOR (nothing to find) nor '|' or '>' (no block
        # scalar starts): they are passed over by two searches in C, without the scan in Python.
        suspect = _SUSPECT.search(line) is not None
        if not suspect and block_indent is None and "|" not in line and ">" not in line:
            continue
        indent = len(line) - len(line.lstrip(" "))
        if block_indent is not None:
            if not line.strip() or indent > block_indent:
                continue
            block_indent = None
        if suspect:
            found.update(((f.line, f.column), f) for f in _scan_line(number, line))
        if ("|" in line or ">" in line) and _BLOCK_SCALAR.search(_strip_comment(line)):
            block_indent = indent
    return sorted(found.values(), key=lambda f: (f.line, f.column))


def _strip_comment(line: str) -> str:
    for column, char, quoted in _chars(line):
        if char == "#" and not quoted and (column == 0 or line[column - 1] in " \t\u3000"):
            return line[:column].rstrip()
    return line.rstrip()


def _scan_line(number: int, line: str) -> Iterator[Found]:
    text = _strip_comment(line)
    # Indentation: an ideographic space at the start of a line (YAML indents with ASCII spaces only).
    lead = len(text) - len(text.lstrip(" \u3000-"))
    for column, char in enumerate(text[:lead]):
        if char == "\u3000":
            yield Found(number, column, char)
    colon = _KEY_COLON.match(text)
    if colon is not None and ":" not in text[: colon.end()]:
        yield Found(number, colon.end() - 1, "：")
    yield from _scan_separators(number, text)


def _scan_separators(number: int, text: str) -> Iterator[Found]:
    """Full-width characters in flow collections, and ideographic spaces after a key's ':'.

    In a flow list (``[...]``) every item is a code, a clause id or a name, so any of the characters is
    a typo; in a flow mapping (``{zh: ..., en: ...}``) values are often Chinese text, so only a colon
    after an ASCII key and a comma before the next ``key:`` are.
    """
    stack: list[str] = []
    item_start = 0
    for column, char, quoted in _chars(text):
        if quoted:
            continue
        previous = text[column - 1] if column else ""
        if char in "[{":
            stack.append(char)
            item_start = column + 1
        elif char in "]}" and stack:
            stack.pop()
        elif char == ",":
            item_start = column + 1
        elif stack and (
            (stack[-1] == "[" and char in ASCII_FOR) or (char == "：" and _FLOW_KEY.fullmatch(text[item_start:column]))
        ):
            yield Found(number, column, char)
        elif stack and char == "，" and _NEXT_KEY.match(text, column + 1):
            yield Found(number, column, char)
            item_start = column + 1
        elif char == "\u3000" and ((previous and previous in ":,{") or (stack and _NEXT_KEY.match(text, column + 1))):
            yield Found(number, column, char)


_FLOW_KEY: Final = re.compile(r"[ \u3000]*[A-Za-z_][\w.\-]*[ \u3000]*")
_NEXT_KEY: Final = re.compile(r"[ \u3000]*[A-Za-z_][\w.\-]*[ \u3000]*[:：]")


def _chars(text: str) -> Iterator[tuple[int, str, bool]]:
    """Each character with whether it is inside an ASCII-quoted scalar (the quotes themselves are)."""
    quote: str | None = None
    for column, char in enumerate(text):
        if quote is not None:
            yield column, char, True
            if char == quote:
                quote = None
        elif char in "'\"" and (column == 0 or text[column - 1] in " \t[{,:-\u3000"):
            quote = char
            yield column, char, True
        else:
            yield column, char, False
