"""The glossary: one file of definitions (docs/includes/abbreviations.md) that gives every page its
hover definitions and makes the Glossary page."""

from __future__ import annotations

import re
from pathlib import Path

GLOSSARY_MARKER = "<!-- glossary -->"
ABBREVIATION = re.compile(r"^\*\[(?P<term>[^\]]+)\]:\s*(?P<definition>.+)$")

# A heading that starts a section, a link, a glossary entry's term (its definition is right beside it)
# or an abbreviation.
_SECTION_LINK_OR_ABBR = re.compile(
    r"<h[23]\b|<a\b[^>]*>.*?</a>|<dt\b[^>]*>.*?</dt>|<abbr\b(?P<attrs>[^>]*)>(?P<text>.*?)</abbr>", re.S)
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


def define_terms(html: str, per_section: bool = True) -> str:
    """Show each glossary term's definition at its first use in each section, not at every use
    (with per_section=False, at its first use on the page).

    Material sets up a hover tooltip for every <abbr>: at every use, a long page would dot every line
    and make a phone set up hundreds of tooltips before it answers a tap. A reader who arrives at a
    section from search still finds each term defined at its first use there. Terms inside links stay
    plain: hovering a link should show where it goes. The first use of each term on the page gets
    tabindex="0", so focusing it with the keyboard shows the definition as hovering does; only the
    first, so there is one tab stop per term.
    """
    on_page: set[str] = set()
    in_section: set[str] = set()

    def visit(match: re.Match[str]) -> str:
        token, text = match.group(0), match.group("text")
        if token.startswith("<h"):
            if per_section:
                in_section.clear()
            return token
        if text is None:
            return _ABBR.sub(r"\1", token) if token.startswith("<a") else token
        if text in in_section:
            return text
        in_section.add(text)
        if text in on_page or "tabindex" in match.group("attrs"):
            return token
        on_page.add(text)
        return f'<abbr tabindex="0"{match.group("attrs")}>{text}</abbr>'

    return _SECTION_LINK_OR_ABBR.sub(visit, html)
