"""Small changes to each page's HTML for readers who use a keyboard or a screen reader."""

from __future__ import annotations

import re

# Permalinks and footnote back-links: named for screen readers by aria-label rather than title, which
# would give each its own hover tooltip.
_TITLED_LINK = re.compile(r'(<a class="(?:headerlink|footnote-backref)"[^>]*?) title=')
_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'


def label_links(html: str) -> str:
    return _TITLED_LINK.sub(r"\1 aria-label=", html)


def name_search_dialog(html: str) -> str:
    """Material's search box opens as a dialog with no name; give it one."""
    return html.replace(_SEARCH_DIALOG, _SEARCH_DIALOG[:-1] + ' aria-label="Search">', 1)
