"""Finds the citations in a page's Markdown source exactly as mkdocs-bibtex will see them, with line
numbers, so that every problem can be reported as `path:line: key: what is wrong`."""

from __future__ import annotations

from dataclasses import dataclass

from mkdocs_bibtex.citation import CITATION_BLOCK_REGEX, Citation


@dataclass(frozen=True)
class CitationUse:
    path: str
    line: int
    key: str
    prefix: str = ""
    suffix: str = ""


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


def citations_in(path: str, source: str) -> list[CitationUse]:
    """Every `[@key]` (or `[@a; @b]`) citation in the page's full source, front matter included,
    so line numbers match what the maintainer sees in their editor."""
    uses = []
    for block in CITATION_BLOCK_REGEX.finditer(source):
        for citation in Citation.from_markdown(block.group(1)):
            uses.append(
                CitationUse(path, line_of(source, block.start()), citation.key,
                            citation.prefix, citation.suffix)
            )
    return uses


def unknown_keys(uses: list[CitationUse], known_keys) -> list[Problem]:
    return [
        Problem(use.path, use.line, use.key,
                "no entry with this key in refs.bib — add the reference there, or fix the key")
        for use in uses
        if use.key not in known_keys
    ]
