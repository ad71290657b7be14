"""The fenced code blocks of the hand-written documentation, for the tests that run what the pages show."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: The pages people write (README and docs/, English and Chinese); the generated pages (errors,
#: reference, specification, diagrams, audit report) and the performance journal are left out.
PAGES = (
    "README.md",
    "docs/index.md",
    "docs/authoring.md",
    "docs/audit.md",
    "docs/embedding.md",
    "docs/service.md",
    "docs/scale.md",
    "docs/pages.md",
    "docs/decision-log.md",
    "docs/architecture.md",
    "docs/domain.md",
    "docs/zh/index.md",
    "docs/zh/authoring.md",
    "docs/zh/audit.md",
    "docs/zh/pages.md",
)
SHELL = ("sh", "bash", "console")


@dataclass(frozen=True)
class Block:
    """One fenced block: its page, the line of its opening fence, its language tag and its text."""

    page: str
    line: int
    lang: str
    text: str

    def __str__(self) -> str:
        return f"{self.page}:{self.line}"


def blocks(*langs: str, pages: tuple[str, ...] = PAGES) -> list[Block]:
    """Every fenced block of ``pages`` whose language tag is one of ``langs`` (indented fences too)."""
    found = []
    for page in pages:
        lines = (ROOT / page).read_text(encoding="utf-8").splitlines()
        index = 0
        while index < len(lines):
            opening = re.match(r"\s*```(\w*)\s*$", lines[index])
            if opening is None:
                index += 1
                continue
            end = index + 1
            while not lines[end].strip().startswith("```"):
                end += 1
            indent = len(lines[index]) - len(lines[index].lstrip())
            body = "\n".join(line[indent:] for line in lines[index + 1 : end]) + "\n"
            if opening[1] in langs:
                found.append(Block(page, index + 1, opening[1], body))
            index = end + 1
    return found


def shell_lines(block: Block) -> list[str]:
    """The commands of a shell block: continuation lines joined; in a console block, the ``$`` lines only."""
    text = block.text.replace("\\\n", " ")
    lines = text.splitlines()
    if block.lang == "console":
        lines = [line[2:] for line in lines if line.startswith("$ ")]
    return [line for line in lines if line.strip()]


def shell_script(block: Block) -> str:
    """The block as bash would read it (for a syntax check)."""
    return "\n".join(shell_lines(block)) + "\n"
