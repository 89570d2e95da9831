"""What a check found: the file and line a maintainer opens, the key or field it is about, and what to
do. Every check of pages and refs.bib reports in this shape, so the build and the command-line tools
print the same lines."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    key: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.key}: {self.message}"


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1
