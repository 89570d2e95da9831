"""Wording and citation style a page is held to (CONTRIBUTING.md, "Style guide"): no words that blame
a reader or sell a treatment, paragraphs short enough to read on a phone, each source cited once per
paragraph, and not a citation mark after every sentence."""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from salvage_site import figures
from salvage_site.citations import AT_BRACKETS, CITATION_KEY

# (pattern, what to write instead). Matched case-insensitively, line by line.
_RULES = [
    (r"\bafter (a )?failed\b", "write 'when treatment has not worked' or 'after treatment that did not work'"),
    (
        r"\bfail(?:ed|s|ing) (?:treatments?|therapy|therapies|regimens?|medicines?)\b",
        "write 'treatment that has not worked'",
    ),
    (
        r"\b(?:patients?|men|women|people|person|you|they|he|she|who)\s+(?:has |have |had )?failed\b",
        "say what happened to the treatment, not the person: 'the treatment did not work'",
    ),
    (r"\btreatment failures?\b", "write 'treatment that has not worked'"),
    (r"\brefractory (?:patients?|people|men|women)\b", "write 'a cancer that did not respond to treatment'"),
    (r"\bsuffer(?:s|ing|ed)? (?:from|with)\b", "write 'living with' or 'has'"),
    (r"\bvictims?\b", "write 'people with' or 'people who have'"),
    (r"\bmiracle\b", "say what the evidence shows, with numbers"),
    (r"\bbreakthroughs?\b", "say what the evidence shows, with numbers"),
    (r"\bcure rates?\b", "say what the source measured, e.g. 'free of cancer growth after 5 years'"),
    (r"\byou (?:should|must)\b", "give information, not instructions: 'your care team may …' or 'you can ask …'"),
]
WORDING_RULES = [(re.compile(pattern, re.IGNORECASE), advice) for pattern, advice in _RULES]
# Quoted guideline terms a page may use when it explains them.
ALLOWED = re.compile(
    r"virolog(?:ic|ical) failure|biochemical failure|(?:heart|kidney|liver|organ) failure", re.IGNORECASE
)
LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s")
FENCE = re.compile(r"^\s*(```|~~~)")
# The end of a sentence: a full stop, question or exclamation mark before the next sentence's start.
SENTENCE_END = re.compile(r"(?<=[.!?])[\"')]?\s+(?=[A-Z0-9\"'(])")
# Lines that are not prose sentences: headings, admonition and figure openers, tables, HTML, attributes.
NOT_PROSE = re.compile(r"^\s*(?:#|!!!|\?\?\?|\||<|\{:|\*\[)")
# A site whose median page has more citation marks than this per 100 words reads like a log file.


@dataclass(frozen=True)
class Finding:
    line: int
    message: str


def _visible_lines(source: str) -> list[tuple[int, str]]:
    """(line number, text) outside HTML comments and code blocks."""
    without_comments = re.sub(r"<!--.*?-->", lambda m: "\n" * m.group().count("\n"), source, flags=re.S)
    lines, fence = [], None
    for number, line in enumerate(without_comments.splitlines(), start=1):
        match = FENCE.match(line)
        if match and fence is None:
            fence = match.group(1)
        elif match and line.strip().startswith(fence or "\0"):
            fence = None
        elif fence is None:
            lines.append((number, line))
    return lines


def _figure_lines(source: str) -> list[tuple[int, str]]:
    """(line number, text) inside ```figure blocks: their titles and labels are read by readers too."""
    lines = source.splitlines()
    return [
        (number, lines[number - 1])
        for fence in figures.find_fences(source)
        for number in range(fence.start + 1, min(fence.end, len(lines) + 1))
    ]


def wording_findings(source: str) -> list[Finding]:
    found = []
    for number, line in sorted(_visible_lines(source) + _figure_lines(source)):
        text = ALLOWED.sub("", line)
        for pattern, advice in WORDING_RULES:
            match = pattern.search(text)
            if match:
                found.append(Finding(number, f"'{match.group()}' — {advice}"))
                break  # one rewording per line is enough to start with
    return found


def _keys(line: str) -> list[str]:
    return [key for match in AT_BRACKETS.finditer(line) for key in re.findall(CITATION_KEY, match.group(1))]


def repeated_citations(source: str) -> list[Finding]:
    """A key cited twice in one paragraph (a run of lines; each list item and table row is its own)."""
    found = []
    first: dict[str, int] = {}
    previous = 0
    for number, line in _visible_lines(source):
        if not line.strip() or number != previous + 1 or LIST_ITEM.match(line) or line.lstrip().startswith("|"):
            first = {}
        previous = number
        for key in _keys(line):
            if key in first:
                found.append(
                    Finding(
                        number,
                        f"{key}: cited again in this paragraph (first on line "
                        f"{first[key]}) — cite each source once, at the end of "
                        "the sentences it supports",
                    )
                )
            else:
                first[key] = number
    return found


def long_paragraphs(source: str, max_sentences: int) -> list[Finding]:
    """Paragraphs of more than `max_sentences` sentences (each list item is its own paragraph)."""
    found = []
    paragraph: list[tuple[int, str]] = []

    def close() -> None:
        text = AT_BRACKETS.sub("", " ".join(line.strip() for _, line in paragraph))
        sentences = len(SENTENCE_END.split(text)) if text.strip() else 0
        if sentences > max_sentences:
            found.append(
                Finding(
                    paragraph[0][0],
                    f"a paragraph of {sentences} sentences — split it into "
                    f"paragraphs of at most {max_sentences}, each ending "
                    "with the sources of its own sentences",
                )
            )
        paragraph.clear()

    previous = 0
    body = re.sub(r"\A---\n.*?\n---\n", lambda m: "\n" * m.group().count("\n"), source, flags=re.S)
    for number, line in _visible_lines(body):
        if not line.strip() or number != previous + 1 or LIST_ITEM.match(line) or NOT_PROSE.match(line):
            close()
        previous = number
        if line.strip() and not NOT_PROSE.match(line):
            paragraph.append((number, LIST_ITEM.sub("", line)))
    close()
    return found


def citation_density(source: str) -> float:
    """Citation marks (one per key) per 100 words of the page's text."""
    body = re.sub(r"\A---\n.*?\n---\n", "", source, flags=re.S)
    body = re.sub(r"<!--.*?-->", "", body, flags=re.S)
    marks = len(_keys(body))
    words = len(AT_BRACKETS.sub("", body).split())
    return 100 * marks / words if words else 0.0


def median(values: list[float]) -> float:
    return round(statistics.median(values), 2) if values else 0.0
