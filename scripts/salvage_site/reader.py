"""Small changes to each page's HTML for readers who use a keyboard or a screen reader."""

from __future__ import annotations

import re

# A heading that starts a section, a link, a glossary entry's term (its definition is right beside it)
# or an abbreviation.
_SECTION_LINK_OR_ABBR = re.compile(
    r"<h[23]\b|<a\b[^>]*>.*?</a>|<dt\b[^>]*>.*?</dt>|<abbr\b(?P<attrs>[^>]*)>(?P<text>.*?)</abbr>", re.S)
_ABBR = re.compile(r"<abbr\b[^>]*>(.*?)</abbr>", re.S)
# Permalinks and footnote back-links: named for screen readers by aria-label rather than title, which
# would give each its own hover tooltip.
_TITLED_LINK = re.compile(r'(<a class="(?:headerlink|footnote-backref)"[^>]*?) title=')


def glossary_terms(html: str, per_section: bool = True) -> str:
    """Show each glossary term's definition at its first use in each section, not at every use
    (with per_section=False, at its first use on the page).

    Material sets up a hover tooltip for every <abbr>; a long page had hundreds ("HIV" forty times), which
    cost phones about half a second of scripting before the page answered a tap, and dotted every line.
    A reader who arrives at a section from search still finds each term defined at its first use there.
    Terms inside links stay plain: hovering a link should show where it goes.
    The first use of each term on the page (outside links) gets tabindex="0", so focusing it with the
    keyboard shows the definition as hovering does; only the first, so there is one tab stop per term.
    """
    on_page: set[str] = set()
    in_section: set[str] = set()

    def visit(match: re.Match) -> str:
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

    return _TITLED_LINK.sub(r"\1 aria-label=", _SECTION_LINK_OR_ABBR.sub(visit, html))


_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'


def name_search_dialog(html: str) -> str:
    """Material's search box opens as a dialog with no name; give it one."""
    return html.replace(_SEARCH_DIALOG, _SEARCH_DIALOG[:-1] + ' aria-label="Search">', 1)
