"""The glossary: one file of definitions (docs/includes/abbreviations.md) that gives every page its
hover definitions and makes the Glossary page."""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable
from pathlib import Path

GLOSSARY_MARKER = "<!-- glossary -->"
ABBREVIATION = re.compile(r"^\*\[(?P<term>[^\]]+)\]:\s*(?P<definition>.+)$")

# Where a page's text has no definitions: code, scripts and drawings; headings; links; the page's
# reference list (from its opening tag to the end of the page); and abbreviations a page defines itself
# (Markdown's `*[TERM]: definition`). A glossary entry's term (<dt>) gets its definition at every use.
# Any other tag is passed over, so that only text is searched.
_NO_TERMS_OR_TAG = re.compile(
    r"<(?P<skip>code|pre|script|style|svg|textarea)\b.*?</(?P=skip)>"
    r'|<h(?P<level>[1-6])\b[^>]*>.*?</h(?P=level)>|<a\b[^>]*>.*?</a>|<div class="footnote">.*'
    r"|<abbr\b[^>]*>.*?</abbr>|(?P<dt><dt\b[^>]*>.*?</dt>)|<[^>]*>",
    re.S,
)
_TAG_OR_TEXT = re.compile(r"<[^>]*>|[^<]+")
# Pages whose definitions are kept between builds of one `mkdocs serve` (a site is a few dozen pages).
PAGES_REMEMBERED = 500
_WORD = re.compile(r"\w+")


def read_glossary(path: Path) -> dict[str, str]:
    terms = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = ABBREVIATION.match(line.strip())
        if match:
            terms[match["term"]] = match["definition"].strip()
    return terms


def glossary_markdown(terms: dict[str, str]) -> str:
    """The glossary as a definition list, sorted the way a reader looks things up."""
    return "\n\n".join(
        f"**{term}**\n:   {definition}" for term, definition in sorted(terms.items(), key=lambda t: t[0].lower())
    )


class Glossary:
    """Puts the glossary's definitions into a page's HTML: each term's first use in each section
    (Material shows them on hover and keyboard focus).

    Not Python-Markdown's `abbr` glossary, which wraps every use of every term while the page renders
    and was a large part of each page's build: a long page would dot every line and make a phone set
    up hundreds of tooltips before it answers a tap. A reader who arrives at a section from search
    still finds each term defined at its first use there. Terms inside links, headings and reference
    lists stay plain: hovering a link should show where it goes, and a dotted line under a word in a
    title is clutter, not help. The first use of each term on the page gets tabindex="0", so focusing
    it with the keyboard shows the definition as hovering does; only the first, so there is one tab
    stop per term.
    """

    def __init__(self, terms: dict[str, str]):
        self.titles = {
            term: html.escape(definition, quote=False).replace('"', "&quot;") for term, definition in terms.items()
        }
        # Whole words, exact case, the longest term first (as Markdown's own abbreviations), looked up
        # by the word they start with: one pattern of every term, tried at every letter, was slow.
        self.starting_with: dict[str, list[re.Pattern[str]]] = {}
        for term in sorted(terms, key=len, reverse=True):
            first = _WORD.match(term)
            self.starting_with.setdefault(first.group() if first else term, []).append(
                re.compile(re.escape(term) + r"\b")
            )
        self.defined: dict[str, str] = {}

    def _replace_terms(self, text: str, replace: Callable[[str], str]) -> str:
        """`text` with each term (whole words, leftmost first, longest first) replaced."""
        parts = []
        last = 0
        for word in _WORD.finditer(text):
            if word.start() < last or (word.start() and text[word.start() - 1] in "&#"):
                continue  # the name of an entity (&amp;, &#160;), not a word
            for pattern in self.starting_with.get(word.group(), ()):
                if found := pattern.match(text, word.start()):
                    parts += [text[last : word.start()], replace(found.group())]
                    last = found.end()
                    break
        return "".join(parts) + text[last:] if parts else text

    def define_terms(self, page_html: str) -> str:
        """The page with its terms defined; a page unchanged since the last build is not read again."""
        if page_html not in self.defined:
            if len(self.defined) > PAGES_REMEMBERED:
                self.defined.clear()
            self.defined[page_html] = self._define_terms(page_html)
        return self.defined[page_html]

    def _define_terms(self, page_html: str) -> str:
        if not self.starting_with:
            return page_html
        titles = self.titles
        on_page: set[str] = set()
        in_section: set[str] = set()

        def define(text: str) -> str:
            if text in in_section:
                return text
            in_section.add(text)
            focus = "" if text in on_page else ' tabindex="0"'
            on_page.add(text)
            return f'<abbr{focus} title="{titles[text]}">{text}</abbr>'

        def every_use(text: str) -> str:
            return f'<abbr title="{titles[text]}">{text}</abbr>'

        parts = []
        last = 0
        for token in _NO_TERMS_OR_TAG.finditer(page_html):
            parts.append(self._replace_terms(page_html[last : token.start()], define))
            if token.group("level") in ("2", "3"):
                in_section.clear()
            if token.group("dt"):
                parts.append(
                    _TAG_OR_TEXT.sub(
                        lambda m: m.group() if m.group().startswith("<") else self._replace_terms(m.group(), every_use),
                        token.group(),
                    )
                )
            else:
                parts.append(token.group())
            last = token.end()
        parts.append(self._replace_terms(page_html[last:], define))
        return "".join(parts)


@functools.lru_cache(maxsize=1)
def _for(terms: tuple[tuple[str, str], ...]) -> Glossary:
    return Glossary(dict(terms))


def for_terms(terms: dict[str, str]) -> Glossary:
    """One Glossary while the terms stay the same: `mkdocs serve` rebuilds every page on each save."""
    return _for(tuple(terms.items()))
