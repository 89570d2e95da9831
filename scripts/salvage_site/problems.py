"""What a check found: the file and line a maintainer opens, the key or field it is about, and what to
do. Every check of pages and refs.bib reports in this shape, so the build and the command-line tools
print the same lines."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
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


def closest(value: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The choice a mistyped value most likely meant, if any is close enough."""
    close = difflib.get_close_matches(value, sorted(choices), n=1, cutoff=cutoff)
    return close[0] if close else None


def did_you_mean(value: str, choices: Iterable[str], cutoff: float = 0.6) -> str:
    """ "did you mean 'x'? " for a message, or nothing when no choice is close."""
    close = closest(value, choices, cutoff)
    return f"did you mean '{close}'? " if close else ""
