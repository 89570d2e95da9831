"""Reading grade of a page's own prose, as a reader meets it.

The page is rendered from Markdown with the site's main extensions, then only running text is kept:
paragraphs, list items and definitions. Left out: front matter, headings, tables, code, admonition
titles, citations, the references list, HTML comments and the glossary page. Each kept block counts as
at least one sentence (a list item with no full stop is still a sentence to a reader).
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from html.parser import HTMLParser

import markdown
import textstat

from salvage_site.front_matter import FRONT_MATTER

# The limits (a page, its Key points box, the site's median) are in mkdocs.yml, extra: checks.
KEY_POINTS = re.compile(r'^!!! abstract "Key points"[ \t]*\n((?:[ \t]*\n|(?: {4}|\t).*\n?)+)', re.M)
# Pages that are not running prose for patients.
EXCLUDED_PAGES = {"glossary.md"}
# Too few words give a meaningless grade.
MIN_WORDS = 30

EXTENSIONS = [
    "abbr",
    "admonition",
    "attr_list",
    "def_list",
    "md_in_html",
    "tables",
    "pymdownx.details",
    "pymdownx.superfences",
    "pymdownx.tabbed",
]
CITATION = re.compile(r"\s*\[@[^\]]*\]")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")
SKIPPED_TAGS = {"table", "pre", "code", "script", "style", "sup", "h1", "h2", "h3", "h4", "h5", "h6"}
BLOCK_TAGS = {"p", "li", "dd", "dt", "blockquote", "summary", "div", "details", "ul", "ol"}
VOID_TAGS = {"br", "hr", "img", "input", "meta", "link", "wbr", "col", "area", "base", "embed", "source", "track"}


class _ProseCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped)

    def _skipping(self) -> bool:
        return any(skipped for _, skipped in self.stack)

    def _flush(self) -> None:
        text = " ".join("".join(self.current).split())
        if text:
            self.blocks.append(text)
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID_TAGS:
            return
        classes = dict(attrs).get("class", "") or ""
        skipped = tag in SKIPPED_TAGS or "admonition-title" in classes.split()
        if tag in BLOCK_TAGS:
            self._flush()
        self.stack.append((tag, skipped))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID_TAGS:
            return
        while self.stack:
            open_tag, _ = self.stack.pop()
            if open_tag == tag:
                break
        if tag in BLOCK_TAGS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self._skipping():
            self.current.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def prose_blocks(source: str) -> list[str]:
    """The page's running text, one string per paragraph, list item or definition."""
    body = FRONT_MATTER.sub("", source, count=1)
    body = re.sub(r"<!--.*?-->", "", body, flags=re.DOTALL)
    body = CITATION.sub("", body)
    body = re.split(r"^## References\s*$", body, flags=re.MULTILINE)[0]
    html = markdown.markdown(body, extensions=EXTENSIONS)
    collector = _ProseCollector()
    collector.feed(html)
    collector.close()
    return collector.blocks


def as_sentences(blocks: list[str]) -> str:
    """Join blocks so that each ends a sentence, the way a reader reads a list or a line."""
    return " ".join(block if block[-1] in ".?!:;" else block + "." for block in blocks)


@dataclass
class Score:
    page: str
    grade: float | None  # Flesch-Kincaid grade; None when the page has too little prose
    words: int
    sentences: int
    hardest: str = ""  # the sentence with the highest grade, to show the writer where to start
    hardest_line: int = 0  # its line in the page's source (0: not found)
    key_points: Score | None = None  # the Key points box on its own, if the page has one


def _graded(page: str, blocks: list[str], source: str, min_words: int) -> Score:
    text = as_sentences(blocks)
    words = textstat.lexicon_count(text)
    if words < min_words:
        return Score(page, None, words, 0)
    sentences = textstat.sentence_count(text)
    grade = round(textstat.flesch_kincaid_grade(text), 1)
    long_sentences = [s for block in blocks for s in SENTENCE_END.split(block) if textstat.lexicon_count(s) >= 8]
    hardest = max(long_sentences, key=lambda s: textstat.flesch_kincaid_grade(as_sentences([s])), default="")
    return Score(page, grade, words, sentences, hardest, line_of_sentence(source, hardest))


def score(page: str, source: str) -> Score:
    result = _graded(page, prose_blocks(source), source, MIN_WORDS)
    box = KEY_POINTS.search(FRONT_MATTER.sub("", source, count=1))
    if box:
        points = "\n".join(line[4:] if line.startswith("    ") else line.lstrip("\t") for line in box[1].splitlines())
        result.key_points = _graded(page, prose_blocks(points), source, 1)
    return result


def line_of_sentence(source: str, sentence: str) -> int:
    """Where a sentence of the rendered text starts in the Markdown source: the line holding its
    first words (markup such as ** or links may sit between later words)."""
    words = sentence.split()
    for count in (6, 4, 2):
        start = " ".join(words[:count])
        for number, line in enumerate(source.splitlines(), start=1):
            if start and start in line:
                return number
    return 0


def median(scores: list[Score]) -> float | None:
    grades = [s.grade for s in scores if s.grade is not None]
    return round(statistics.median(grades), 1) if grades else None
