"""Small changes to each page's HTML for readers who use a keyboard or a screen reader."""

from __future__ import annotations

import re

# A link (left alone: nothing focusable may sit inside a link), a glossary entry's term (its definition
# is right beside it) or an abbreviation.
_LINK_OR_ABBR = re.compile(
    r"<a\b[^>]*>.*?</a>|<dt\b[^>]*>.*?</dt>|<abbr\b(?P<attrs>[^>]*)>(?P<text>.*?)</abbr>", re.S)


def focusable_abbreviations(html: str) -> str:
    """Let keyboard users reach each glossary term once per page: the first <abbr> of each term
    (outside links) gets tabindex="0", so focusing it shows its definition as hovering does.
    Only the first, so that a page that says "HIV" forty times does not get forty tab stops."""
    seen: set[str] = set()

    def visit(match: re.Match) -> str:
        text = match.group("text")
        if text is None or text in seen or "tabindex" in match.group("attrs"):
            return match.group(0)
        seen.add(text)
        return f'<abbr tabindex="0"{match.group("attrs")}>{text}</abbr>'

    return _LINK_OR_ABBR.sub(visit, html)


_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'


def name_search_dialog(html: str) -> str:
    """Material's search box opens as a dialog with no name; give it one."""
    return html.replace(_SEARCH_DIALOG, _SEARCH_DIALOG[:-1] + ' aria-label="Search">', 1)
