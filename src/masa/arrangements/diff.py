"""What changed between two versions, section by section, line by line and word by word.

Each section is compared as lines of text (a paragraph is a line, a list item is a line, a
table row is a line). A changed line is shown word by word where one line replaced one line.
The page marks removed words with <del> and added ones with <ins>, each announced as such to
screen readers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from masa.arrangements.sections import block_lines

_WORDS = re.compile(r"\S+\s*")


@dataclass(frozen=True)
class Piece:
    kind: str  # "same", "added" or "removed"
    text: str


@dataclass(frozen=True)
class Line:
    kind: str  # "same", "added", "removed" or "changed"
    pieces: list[Piece]


@dataclass(frozen=True)
class SectionChange:
    number: int
    title: str
    status: str  # "unchanged", "changed", "added" or "removed"
    lines: list[Line] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.status != "unchanged"


def _section_lines(section: dict[str, Any]) -> list[str]:
    return [line for block in section["blocks"] for line in block_lines(block)]


def word_diff(before: str, after: str) -> list[Piece]:
    old, new = _WORDS.findall(before), _WORDS.findall(after)
    pieces: list[Piece] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            pieces.append(Piece("same", "".join(old[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(Piece("removed", "".join(old[i1:i2])))
        if j2 > j1:
            pieces.append(Piece("added", "".join(new[j1:j2])))
    return pieces


def line_diff(old: list[str], new: list[str]) -> list[Line]:
    lines: list[Line] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            lines += [Line("same", [Piece("same", text)]) for text in old[i1:i2]]
        elif tag == "replace" and i2 - i1 == j2 - j1:
            lines += [
                Line("changed", word_diff(before, after))
                for before, after in zip(old[i1:i2], new[j1:j2], strict=True)
            ]
        else:
            lines += [Line("removed", [Piece("removed", text)]) for text in old[i1:i2]]
            lines += [Line("added", [Piece("added", text)]) for text in new[j1:j2]]
    return lines


def compare(before: dict[str, Any] | None, after: dict[str, Any]) -> list[SectionChange]:
    """Every section of `after` (and any `before` had that `after` lacks), with its changes.
    With no `before` (the first version), every section is added."""
    old = {s["key"]: s for s in (before or {}).get("sections", [])}
    changes = []
    for section in after["sections"]:
        new_lines = _section_lines(section)
        previous = old.pop(section["key"], None)
        if previous is None:
            changes.append(
                SectionChange(
                    section["number"],
                    section["title"],
                    "added",
                    [Line("added", [Piece("added", text)]) for text in new_lines],
                )
            )
            continue
        old_lines = _section_lines(previous)
        if old_lines == new_lines:
            changes.append(SectionChange(section["number"], section["title"], "unchanged"))
        else:
            changes.append(
                SectionChange(
                    section["number"], section["title"], "changed", line_diff(old_lines, new_lines)
                )
            )
    for section in old.values():
        changes.append(
            SectionChange(
                section["number"],
                section["title"],
                "removed",
                [Line("removed", [Piece("removed", t)]) for t in _section_lines(section)],
            )
        )
    return changes


def title_changed(before: dict[str, Any] | None, after: dict[str, Any]) -> bool:
    return before is not None and before.get("title") != after.get("title")
