"""The glossary: one file of definitions (docs/includes/abbreviations.md) that gives every page its
hover definitions and makes the Glossary page."""

from __future__ import annotations

import re
from pathlib import Path

GLOSSARY_MARKER = "<!-- glossary -->"
ABBREVIATION = re.compile(r"^\*\[(?P<term>[^\]]+)\]:\s*(?P<definition>.+)$")

# A heading, a link, a glossary entry's term (left as it is: its definition is right beside it), the
# page's reference list (from its opening tag to the end of the page) or an abbreviation.
_SECTION_LINK_OR_ABBR = re.compile(
    r'<h(?P<level>[1-6])\b[^>]*>.*?</h(?P=level)>|<a\b[^>]*>.*?</a>|<dt\b[^>]*>.*?</dt>'
    r'|<div class="footnote">.*|<abbr\b(?P<attrs>[^>]*)>(?P<text>.*?)</abbr>', re.S)
_ABBR = re.compile(r"<abbr\b[^>]*>(.*?)</abbr>", re.S)


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
        f"**{term}**\n:   {definition}" for term, definition in sorted(terms.items(),
                                                                       key=lambda t: t[0].lower())
    )


def define_terms(html: str) -> str:
    """Show each glossary term's definition at its first use in each section, not at every use.

    Material sets up a hover tooltip for every <abbr>: at every use, a long page would dot every line
    and make a phone set up hundreds of tooltips before it answers a tap. A reader who arrives at a
    section from search still finds each term defined at its first use there. Terms inside links stay
    plain: hovering a link should show where it goes; so do terms in headings and in reference lists,
    where a dotted line under a word is clutter, not help. The first use of each term on the page gets
    tabindex="0", so focusing it with the keyboard shows the definition as hovering does; only the
    first, so there is one tab stop per term.
    """
    on_page: set[str] = set()
    in_section: set[str] = set()

    def visit(match: re.Match[str]) -> str:
        token, text = match.group(0), match.group("text")
        if text is None:
            if match.group("level") in ("2", "3"):
                in_section.clear()
            return token if token.startswith("<dt") else _ABBR.sub(r"\1", token)
        if text in in_section:
            return text
        in_section.add(text)
        if text in on_page or "tabindex" in match.group("attrs"):
            return token
        on_page.add(text)
        return f'<abbr tabindex="0"{match.group("attrs")}>{text}</abbr>'

    return _SECTION_LINK_OR_ABBR.sub(visit, html)


def without_terms(html: str) -> str:
    """The HTML with no glossary definitions (the References page: titles of works, not prose)."""
    return _ABBR.sub(r"\1", html)
