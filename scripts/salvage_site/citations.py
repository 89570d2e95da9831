"""Finds the citations in a page's Markdown source as mkdocs-bibtex will see them, with line numbers,
and every place where mkdocs-bibtex would silently drop, mangle or ignore one, so that each problem can
be reported as `path:line: key: what is wrong and how to fix it`."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from salvage_site import bibtex_engine, decision_aid, figures
from salvage_site.fenced_blocks import Fence
from salvage_site.front_matter import FRONT_MATTER
from salvage_site.problems import Problem, closest, line_of


@dataclass(frozen=True)
class CitationUse:
    path: str
    line: int
    key: str


# Innermost square brackets holding an '@': what a writer means as a citation (or an e-mail address).
AT_BRACKETS = re.compile(r"\[([^\[\]\n]*@[^\[\]\n]*)\]")
# What mkdocs-bibtex can carry: '[@key]' or '[@a; @b]', keys of word characters and '-' only.
CITATION_KEY = r"@([\w-]+)"
VALID_BLOCK = re.compile(rf"^\s*{CITATION_KEY}\s*(?:;\s*{CITATION_KEY}\s*)*$")
FENCE = re.compile(r"^[ \t]*(?:>[ \t]*)*(`{3,}|~{3,})")
CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")
ATX_HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)")
SETEXT_UNDERLINE = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
ADMONITION_TITLE = re.compile(r'^[ \t]*(?:!!!|\?\?\?\+?)[ \t]*[\w-]+(?:[ \t]+[\w-]+)*[ \t]*"')
# '[@' that no ']' closes on its line: the engine leaves it as raw text on the page.
UNCLOSED = re.compile(r"\[\s*@[\w-]*(?![^\[\]\n]*\])")


def citations_in(path: str, source: str) -> list[CitationUse]:
    """Every `[@key]` the citation engine would turn into a footnote. Use `scan_page` for checks."""
    return scan_page(path, source)[0]


def _code_lines(lines: list[str]) -> set[int]:
    """Indexes of lines inside fenced code blocks (fence lines included)."""
    inside: set[int] = set()
    fence: str | None = None
    for index, line in enumerate(lines):
        match = FENCE.match(line)
        if fence is None and match:
            fence = match.group(1)
            inside.add(index)
        elif fence is not None:
            inside.add(index)
            if (
                match
                and match.group(1)[0] == fence[0]
                and len(match.group(1)) >= len(fence)
                and not line[match.end() :].strip()
            ):
                fence = None
    return inside


def _comment_ranges(source: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"<!--.*?-->", source, re.DOTALL)]


class _BracketDepth:
    """How many '[' are open at a place in a line: one pass over the line, however many citations
    it holds (a page written as one long line stays linear)."""

    def __init__(self, line: str):
        self.places: list[int] = []
        self.depths: list[int] = []
        depth = 0
        for match in re.finditer(r"(?<!\\)[\[\]]", line):
            depth = depth + 1 if match.group() == "[" else max(depth - 1, 0)
            self.places.append(match.start())
            self.depths.append(depth)

    def at(self, end: int) -> int:
        index = bisect.bisect_left(self.places, end)
        return self.depths[index - 1] if index else 0


def _diagnose(block: str) -> list[tuple[str, str]]:
    """(key, message) for a bracketed text holding '@' that is not a plain [@key; @key] citation."""
    found: list[tuple[str, str]] = []
    for part in block.split(";"):
        match = re.match(r"^\s*(?P<prefix>.*?)@(?P<key>[^\s,;]*)(?P<rest>.*)$", part, re.DOTALL)
        if not match:
            if part.strip():
                found.append(
                    (
                        "-",
                        f"text '{part.strip()}' inside citation brackets is dropped by "
                        "the renderer — put it in the sentence and keep only [@key]",
                    )
                )
            continue
        prefix, key, rest = match["prefix"], match["key"], match["rest"].strip()
        if prefix and not prefix[-1].isspace():
            shown = (prefix.split()[-1] if prefix.split() else "") + "@" + key
            found.append(
                (
                    key or "-",
                    f"'[{block}]': square brackets around text with '@' "
                    f"('{shown}', an e-mail address or handle?) are deleted or "
                    "rewritten by the citation engine — remove the brackets",
                )
            )
            continue
        if not key:
            found.append(("-", f"'[{block}]' has an '@' with no key — write [@key]"))
            continue
        bad = sorted(set(re.sub(r"[\w-]", "", key)))
        if bad:
            found.append(
                (
                    key,
                    "key contains " + ", ".join(f"'{c}'" for c in bad) + ", which the "
                    "citation syntax cannot carry (the key is cut short there and the "
                    "citation vanishes) — use a key of lowercase letters and digits only, "
                    "in refs.bib and here",
                )
            )
            continue
        affix = " ".join(filter(None, [prefix.strip(), rest.lstrip(",").strip()]))
        if affix:
            found.append(
                (
                    key,
                    f"'{affix}' inside the citation brackets is dropped by the renderer "
                    f"— write it in the sentence (e.g. 'page 3') and cite as [@{key}]",
                )
            )
    return found or [("-", f"'[{block}]' is not a citation the renderer understands — write [@key]")]


def scan_page(path: str, source: str, *, processed: bool = True) -> tuple[list[CitationUse], list[Problem]]:
    """(citations the engine will render, problems) for one Markdown file's full source.

    Line numbers count from the top of the file, front matter included, so they match the editor.
    `processed=False` is for files the citation engine never sees (snippet-included files): any
    citation there is a problem. Cached by source text: the build scans each page once."""
    uses, problems = _scan(source, processed)
    return (
        [CitationUse(path, line, key) for line, key in uses],
        [Problem(path, line, key, message) for line, key, message in problems],
    )


@dataclass
class _Page:
    """What the scan knows about a page's lines (indexes count from 0)."""

    lines: list[str]
    body_start: int
    code: set[int]
    comments: list[tuple[int, int]]
    figure_lines: set[int]
    processed: bool


@dataclass
class _Citation:
    """One bracketed text holding '@', and where it sits on the page."""

    page: _Page
    index: int
    line: str
    start: int
    end: int
    where: int
    spans: list[tuple[int, int]]
    heading: bool
    adjacent: bool
    brackets: _BracketDepth


def _inside(offset: int, ranges: list[tuple[int, int]]) -> bool:
    return any(start <= offset < end for start, end in ranges)


# Where a citation is never rendered as one, and what to do: the first that applies is reported.
_MISPLACED: list[tuple[Callable[[_Citation], bool], str]] = [
    (
        lambda c: c.index < c.page.body_start,
        "citation in the front matter is never processed — move it into the page text",
    ),
    (
        lambda c: c.index in c.page.figure_lines,
        "a figure cites its source as 'source: key' (no brackets), not [@key] — the build "
        "adds the citation to the caption",
    ),
    (
        lambda c: c.index in c.page.code,
        "citation inside a code block is shown as raw code, not as a numbered "
        "reference — move it out of the code block",
    ),
    (
        lambda c: _inside(c.start, c.spans),
        "citation inside a `code span` is shown as raw text — move it out of the backticks",
    ),
    (
        lambda c: _inside(c.where, c.page.comments),
        "citation inside an HTML comment still adds the reference to the page's "
        "list — delete it or move it out of the comment",
    ),
    (
        lambda c: not c.page.processed,
        "citation in a file pulled in by the snippets extension is never turned "
        "into a reference — move the sentence and its citation into the page itself",
    ),
    (
        lambda c: c.heading,
        "citation in a heading ends up in the table of contents and search results "
        "— move it into the text under the heading",
    ),
    (
        lambda c: c.adjacent,
        "two citations side by side read as a link to the citation engine — put the "
        "keys in one pair of brackets: [@first; @second]",
    ),
    (
        lambda c: c.line[c.end : c.end + 1] in ("(", "[") or c.brackets.at(c.start) > 0,
        "citation inside a link's text breaks the link and the citation — put the "
        "citation after the link: [text](page.md) [@key]",
    ),
    (
        lambda c: bool(ADMONITION_TITLE.match(c.line)) and c.line.find('"') < c.start,
        "citation in a box title is shown as raw text — move it into the box's text",
    ),
]

_Uses = list[tuple[int, str]]
_Problems = list[tuple[int, str, str]]


@lru_cache(maxsize=4096)
def _scan(source: str, processed: bool) -> tuple[tuple[tuple[int, str], ...], tuple[tuple[int, str, str], ...]]:
    fences = figures.find_fences(source)
    uses, problems = _block_citations(source, fences, processed)
    page = _read_page(source, fences, processed)
    offset = 0
    for index, line in enumerate(page.lines):
        line_start, offset = offset, offset + len(line) + 1
        if "@" in line:
            _scan_line(page, index, line_start, uses, problems)
    return tuple(sorted(uses, key=lambda use: use[0])), tuple(problems)


def _read_page(source: str, fences: list[Fence], processed: bool) -> _Page:
    front = FRONT_MATTER.match(source)
    lines = source.split("\n")
    return _Page(
        lines,
        body_start=line_of(source, front.end()) - 1 if front else 0,
        code=_code_lines(lines),
        comments=_comment_ranges(source),
        figure_lines={line - 1 for fence in fences for line in range(fence.start, fence.end + 1)},
        processed=processed,
    )


def _block_citations(source: str, fences: list[Fence], processed: bool) -> tuple[_Uses, _Problems]:
    """The sources and problems of the blocks the build draws: ```figure and ```decision-aid."""
    uses: _Uses = []
    problems: _Problems = []
    if fences and not processed:
        problems += [
            (
                fence.start,
                "figure",
                "a figure in a file pulled in by the snippets extension is never drawn — move it into the page itself",
            )
            for fence in fences
        ]
    elif fences:
        figure_uses, figure_problems = figures.scan(source)
        uses += figure_uses
        problems += [(line, "figure", message) for line, message in figure_problems]
    if "decision-aid" in source:
        aid_uses, aid_problems = decision_aid.scan(source)
        uses += aid_uses
        problems += [(line, "decision-aid", message) for line, message in aid_problems]
    return uses, problems


def _is_heading(page: _Page, index: int) -> bool:
    line, lines = page.lines[index], page.lines
    return bool(
        ATX_HEADING.match(line)
        or (
            index + 1 < len(lines)
            and line.strip()
            and SETEXT_UNDERLINE.match(lines[index + 1])
            and not ATX_HEADING.match(line)
            and index + 1 not in page.code
        )
    )


def _scan_line(page: _Page, index: int, line_start: int, uses: _Uses, problems: _Problems) -> None:
    line, number = page.lines[index], index + 1
    spans = [(m.start(), m.end()) for m in CODE_SPAN.finditer(line)]
    if index >= page.body_start and index not in page.code:
        problems += _unclosed(line, number, spans)
    heading = _is_heading(page, index)
    brackets = _BracketDepth(line)
    previous_end = -1
    for match in AT_BRACKETS.finditer(line):
        block, start, end = match.group(1), match.start(), match.end()
        adjacent = line[end : end + 2] == "[@" or start == previous_end
        previous_end = end
        citation = _Citation(page, index, line, start, end, line_start + start, spans, heading, adjacent, brackets)
        misplaced = next((message for applies, message in _MISPLACED if applies(citation)), None)
        if misplaced:
            problems += [(number, key, misplaced) for key in re.findall(CITATION_KEY, block) or ["-"]]
        elif not VALID_BLOCK.match(block):
            problems += [(number, key, message) for key, message in _diagnose(block)]
        else:
            uses += [(number, key) for key in bibtex_engine.cited_keys(block)]


def _unclosed(line: str, number: int, spans: list[tuple[int, int]]) -> _Problems:
    """Each '[@' that no ']' closes on its line, outside code spans."""
    problems: _Problems = []
    for unclosed in UNCLOSED.finditer(line):
        if not _inside(unclosed.start(), spans):
            key = unclosed.group().lstrip("[ @") or "-"
            problems.append(
                (
                    number,
                    key,
                    f"citation is never closed, so readers would see raw '[@{key}' — add the closing bracket: [@{key}]",
                )
            )
    return problems


def unknown_keys(uses: list[CitationUse], known_keys: Iterable[str]) -> list[Problem]:
    problems = []
    exact = set(known_keys)
    folded = {key.lower(): key for key in exact}
    for use in uses:
        if use.key in exact:
            continue
        close = closest(use.key.lower(), folded, cutoff=0.8)
        if use.key.lower() in folded:
            message = f"write the key exactly as in refs.bib: [@{folded[use.key.lower()]}]"
        elif close:
            message = (
                f"no entry with this key in refs.bib — did you mean [@{folded[close]}]? "
                "Fix the key, or add the reference to refs.bib"
            )
        else:
            message = "no entry with this key in refs.bib — add the reference there, or fix the key"
        problems.append(Problem(use.path, use.line, use.key, message))
    return problems
