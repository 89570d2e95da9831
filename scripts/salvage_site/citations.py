"""Finds the citations in a page's Markdown source as mkdocs-bibtex will see them, with line numbers,
and every place where mkdocs-bibtex would silently drop, mangle or ignore one, so that each problem can
be reported as `path:line: key: what is wrong and how to fix it`."""

from __future__ import annotations

import bisect
import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from salvage_site import bibtex_engine, decision_aid, figures
from salvage_site.front_matter import FRONT_MATTER
from salvage_site.problems import Problem, line_of


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


@lru_cache(maxsize=4096)
def _scan(source: str, processed: bool) -> tuple[tuple[tuple[int, str], ...], tuple[tuple[int, str, str], ...]]:
    path = ""
    uses: list[tuple[int, str]] = []
    problems: list[Problem] = []
    front = FRONT_MATTER.match(source)
    body_start = line_of(source, front.end()) - 1 if front else 0
    lines = source.split("\n")
    code = _code_lines(lines)
    comments = _comment_ranges(source)
    # Figures (```figure blocks) are drawn by the build and cite their `source:` like any citation.
    fences = figures.find_fences(source)
    figure_lines = {line - 1 for fence in fences for line in range(fence.start, fence.end + 1)}
    if fences and not processed:
        problems += [
            Problem(
                path,
                fence.start,
                "figure",
                "a figure in a file pulled in by the snippets extension is never drawn — move it into the page itself",
            )
            for fence in fences
        ]
    elif fences:
        figure_uses, figure_problems = figures.scan(source)
        uses += figure_uses
        problems += [Problem(path, line, "figure", message) for line, message in figure_problems]
    if "decision-aid" in source:  # ```decision-aid blocks cite each number's and harm's `source:` too
        aid_uses, aid_problems = decision_aid.scan(source)
        uses += aid_uses
        problems += [Problem(path, line, "decision-aid", message) for line, message in aid_problems]
    offset = 0
    for index, line in enumerate(lines):
        line_start, offset = offset, offset + len(line) + 1
        if "@" not in line:
            continue
        number = index + 1
        spans = [(m.start(), m.end()) for m in CODE_SPAN.finditer(line)]
        if index >= body_start and index not in code:
            for unclosed in UNCLOSED.finditer(line):
                if not any(s <= unclosed.start() < e for s, e in spans):
                    key = unclosed.group().lstrip("[ @") or "-"
                    problems.append(
                        Problem(
                            path,
                            number,
                            key,
                            "citation is never closed, so readers would see raw "
                            f"'[@{key}' — add the closing bracket: [@{key}]",
                        )
                    )
        heading = ATX_HEADING.match(line) or (
            index + 1 < len(lines)
            and line.strip()
            and SETEXT_UNDERLINE.match(lines[index + 1])
            and not ATX_HEADING.match(line)
            and index + 1 not in code
        )
        previous_end = -1
        brackets = _BracketDepth(line)
        for match in AT_BRACKETS.finditer(line):
            block, start, end = match.group(1), match.start(), match.end()
            adjacent = line[end : end + 2] == "[@" or start == previous_end
            previous_end = end

            def problem(message: str, key: str | None = None, block: str = block, number: int = number) -> None:
                keys = re.findall(CITATION_KEY, block) or ["-"]
                for one in [key] if key else keys:
                    problems.append(Problem(path, number, one, message))

            where = line_start + start
            if index < body_start:
                problem("citation in the front matter is never processed — move it into the page text")
            elif index in figure_lines:
                problem(
                    "a figure cites its source as 'source: key' (no brackets), not [@key] — the build "
                    "adds the citation to the caption"
                )
            elif index in code:
                problem(
                    "citation inside a code block is shown as raw code, not as a numbered "
                    "reference — move it out of the code block"
                )
            elif any(s <= start < e for s, e in spans):
                problem("citation inside a `code span` is shown as raw text — move it out of the backticks")
            elif any(s <= where < e for s, e in comments):
                problem(
                    "citation inside an HTML comment still adds the reference to the page's "
                    "list — delete it or move it out of the comment"
                )
            elif not processed:
                problem(
                    "citation in a file pulled in by the snippets extension is never turned "
                    "into a reference — move the sentence and its citation into the page itself"
                )
            elif heading:
                problem(
                    "citation in a heading ends up in the table of contents and search results "
                    "— move it into the text under the heading"
                )
            elif adjacent:
                problem(
                    "two citations side by side read as a link to the citation engine — put the "
                    "keys in one pair of brackets: [@first; @second]"
                )
            elif line[end : end + 1] in ("(", "[") or brackets.at(start) > 0:
                problem(
                    "citation inside a link's text breaks the link and the citation — put the "
                    "citation after the link: [text](page.md) [@key]"
                )
            elif ADMONITION_TITLE.match(line) and line.find('"') < start:
                problem("citation in a box title is shown as raw text — move it into the box's text")
            elif not VALID_BLOCK.match(block):
                for key, message in _diagnose(block):
                    problems.append(Problem(path, number, key, message))
            else:
                for key in bibtex_engine.cited_keys(block):
                    uses.append((number, key))
    return tuple(sorted(uses, key=lambda use: use[0])), tuple((p.line, p.key, p.message) for p in problems)


def unknown_keys(uses: list[CitationUse], known_keys: Iterable[str]) -> list[Problem]:
    problems = []
    exact = set(known_keys)
    folded = {key.lower(): key for key in exact}
    for use in uses:
        if use.key in exact:
            continue
        close = difflib.get_close_matches(use.key.lower(), folded, n=1, cutoff=0.8)
        if use.key.lower() in folded:
            message = f"write the key exactly as in refs.bib: [@{folded[use.key.lower()]}]"
        elif close:
            message = (
                f"no entry with this key in refs.bib — did you mean [@{folded[close[0]]}]? "
                "Fix the key, or add the reference to refs.bib"
            )
        else:
            message = "no entry with this key in refs.bib — add the reference there, or fix the key"
        problems.append(Problem(use.path, use.line, use.key, message))
    return problems
