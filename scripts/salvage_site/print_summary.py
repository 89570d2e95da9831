"""A one-page summary to take to an appointment, with no script: a link after a page's Key points
opens the same page as a summary (its address ends in #print-summary), which shows and prints only
the title, the review dates, Key points, "Questions to ask your care team" and the page's address.
The styles that do it are in docs/stylesheets/extra.css ("One-page summary")."""

from __future__ import annotations

import html
import re

TARGET = "print-summary"
# Material's admonition for `!!! abstract "Key points"` as Python-Markdown writes it.
KEY_POINTS = re.compile(r'<div class="admonition abstract">\s*<p class="admonition-title">Key points</p>.*?</div>',
                        re.S)
TITLE = re.compile(r'<h1\b[^>]*?(?:\sid="(?P<id>[^"]+)")?[^>]*>.*?</h1>', re.S)

SUMMARY_NOTE = (f'<p id="{TARGET}" class="print-summary-only print-summary-note" data-search-exclude="">'
                "One-page summary of this page. Print it with your browser’s Print command. "
                '<a href="#{title}">Show the whole page</a></p>')
SUMMARY_LINK = (f'<p class="print-summary-link" data-search-exclude=""><a href="#{TARGET}">'
                "One-page summary to print</a></p>")


def add(page_html: str, address: str) -> str:
    """The page with its summary link, note and address; unchanged if it has no Key points."""
    key_points, title = KEY_POINTS.search(page_html), TITLE.search(page_html)
    if not (key_points and title and title.end() <= key_points.start()):
        return page_html
    shown = (f'<p class="print-summary-only print-address" data-search-exclude="">'
             f"From the Salvage Therapy Guide: {html.escape(address)}</p>")
    end = key_points.end()
    note = SUMMARY_NOTE.replace("{title}", title["id"] or "")
    return (page_html[:title.end()] + note + page_html[title.end():end] + SUMMARY_LINK
            + page_html[end:] + shown)
