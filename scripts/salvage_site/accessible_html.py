"""Small changes to each page's HTML for readers who use a keyboard or a screen reader."""

from __future__ import annotations

import re

# Permalinks and footnote back-links: named for screen readers by aria-label rather than title, which
# would give each its own hover tooltip.
TITLED_LINK = re.compile(r'(<a class="(?:headerlink|footnote-backref)"[^>]*?) title=')
# A title that only repeats the element's aria-label (Material's logo link and search "Clear" button):
# screen readers have the name already, and Material mounts a hover tooltip for each titled header
# element as it starts, each mount laying out the whole page twice.
TITLE_REPEATING_LABEL = re.compile(r' title="([^"]*)"(?=[^<>]*\saria-label="\1")')
SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'


def label_links(html: str) -> str:
    return TITLED_LINK.sub(r"\1 aria-label=", html)


def tidy_header(html: str) -> str:
    """Material's search box opens as a dialog with no name: give it one; and drop titles that only
    repeat an aria-label."""
    html = html.replace(SEARCH_DIALOG, SEARCH_DIALOG[:-1] + ' aria-label="Search">', 1)
    return TITLE_REPEATING_LABEL.sub("", html)
