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

from salvage_site import pages

# A patient page above this US school grade fails the check; the site aims at grade 9 or lower.
MAX_GRADE = 10.0
TARGET_GRADE = 9.0
# Pages that are not running prose for patients.
EXCLUDED_PAGES = {"glossary.md"}
# Too few words give a meaningless grade.
MIN_WORDS = 30

EXTENSIONS = ["abbr", "admonition", "attr_list", "def_list", "md_in_html", "tables",
              "pymdownx.details", "pymdownx.superfences", "pymdownx.tabbed"]
CITATION = re.compile(r"\s*\[@[^\]]*\]")
SKIPPED_TAGS = {"table", "pre", "code", "script", "style", "sup", "h1", "h2", "h3", "h4", "h5", "h6"}
BLOCK_TAGS = {"p", "li", "dd", "dt", "blockquote", "summary", "div", "details", "ul", "ol"}
VOID_TAGS = {"br", "hr", "img", "input", "meta", "link", "wbr", "col", "area", "base", "embed",
             "source", "track"}


class _ProseCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.stack: list[tuple[str, bool]] = []   # (tag, skipped)

    def _skipping(self) -> bool:
        return any(skipped for _, skipped in self.stack)

    def _flush(self):
        text = " ".join("".join(self.current).split())
        if text:
            self.blocks.append(text)
        self.current = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID_TAGS:
            return
        classes = dict(attrs).get("class", "") or ""
        skipped = tag in SKIPPED_TAGS or "admonition-title" in classes.split()
        if tag in BLOCK_TAGS:
            self._flush()
        self.stack.append((tag, skipped))

    def handle_endtag(self, tag):
        if tag in VOID_TAGS:
            return
        while self.stack:
            open_tag, _ = self.stack.pop()
            if open_tag == tag:
                break
        if tag in BLOCK_TAGS:
            self._flush()

    def handle_data(self, data):
        if not self._skipping():
            self.current.append(data)

    def close(self):
        super().close()
        self._flush()


def prose_blocks(source: str) -> list[str]:
    """The page's running text, one string per paragraph, list item or definition."""
    body = pages.FRONT_MATTER.sub("", source, count=1)
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
    grade: float | None      # Flesch-Kincaid grade; None when the page has too little prose
    words: int
    sentences: int
    hardest: str = ""        # the block with the highest grade, to show the writer where to start

    @property
    def status(self) -> str:
        if self.grade is None:
            return "skip"
        return "FAIL" if self.grade > MAX_GRADE else ("ok" if self.grade <= TARGET_GRADE else "high")


def score(page: str, source: str) -> Score:
    blocks = prose_blocks(source)
    text = as_sentences(blocks)
    words = textstat.lexicon_count(text)
    if words < MIN_WORDS:
        return Score(page, None, words, 0)
    sentences = textstat.sentence_count(text)
    grade = round(textstat.flesch_kincaid_grade(text), 1)
    long_blocks = [b for b in blocks if textstat.lexicon_count(b) >= 8]
    hardest = max(long_blocks, key=lambda b: textstat.flesch_kincaid_grade(as_sentences([b])),
                  default="")
    return Score(page, grade, words, sentences, hardest)


def median(scores: list[Score]) -> float | None:
    grades = [s.grade for s in scores if s.grade is not None]
    return round(statistics.median(grades), 1) if grades else None
