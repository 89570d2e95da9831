"""What the build puts under every page's title: the review dates, the last-edited date from git and
the medical disclaimer."""

from __future__ import annotations

import datetime as dt
import html
import os
import posixpath
import re
import urllib.parse
from collections.abc import Mapping
from typing import Any

from salvage_site import citation_marks
from salvage_site.front_matter import reviewer_names

# Set to YYYY-MM-DD to build as if on that day (which pages are due for review); unset: today.
BUILD_DATE_VARIABLE = "SALVAGE_BUILD_DATE"
# Where a page wants the review line and disclaimer, if not right under its title (the home page).
HEADER_MARKER = "<!-- page-header -->"


def long_date(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


def review_line(meta: Mapping[str, Any], last_edited: dt.date | None = None) -> str:
    last, due = meta.get("last_reviewed"), meta.get("next_review")
    if not (isinstance(last, dt.date) and isinstance(due, dt.date)):
        return ""
    edited = (
        f' · Last edited <time datetime="{last_edited.isoformat()}">{long_date(last_edited)}</time>'
        if last_edited
        else ""
    )
    reviewers = reviewer_names(meta)
    by = f" by {html.escape(' and '.join(reviewers), quote=False)}" if reviewers else ""
    return (
        '<p class="page-review" data-search-exclude="">'
        f'Last reviewed{by} <time datetime="{last.isoformat()}">{long_date(last)}</time>'
        f' · Next review due <time datetime="{due.isoformat()}">{long_date(due)}</time>{edited}</p>'
    )


def checked_line(keys: list[str], guidelines: Mapping[str, tuple[str, str]], references: str) -> str:
    """ "Checked against: …" naming each guideline (title, year) the page was checked against, each a
    link to its entry on the References page. `guidelines`: key -> (title, year)."""
    named = [(key, *guidelines[key]) for key in keys if key in guidelines]
    if not named:
        return ""
    links = "; ".join(
        f'<a href="{html.escape(references)}#ref-{key}">{html.escape(title)}</a> ({html.escape(year)})'
        for key, title, year in named
    )
    return f'<p class="page-checked" data-search-exclude="">Checked against: {links}</p>'


def build_date() -> dt.date:
    """The day the site is built: today, or SALVAGE_BUILD_DATE (YYYY-MM-DD) for tests and rebuilds."""
    value = os.environ.get(BUILD_DATE_VARIABLE, "").strip()
    try:
        return dt.date.fromisoformat(value) if value else dt.date.today()
    except ValueError:
        raise ValueError(f"{BUILD_DATE_VARIABLE}={value!r} is not a date (YYYY-MM-DD)") from None


def review_due_note(meta: Mapping[str, Any], today: dt.date) -> str:
    """A visible note when the page's next review date has passed on the day of the build."""
    due = meta.get("next_review")
    if not isinstance(due, dt.date) or due >= today:
        return ""
    return (
        '<p class="page-review-due" role="note" data-search-exclude="">'
        "<strong>This page is due for review.</strong> "
        f'Its review was due on <time datetime="{due.isoformat()}">{long_date(due)}</time>: '
        "some of it may be out of date.</p>"
    )


def disclaimer_for(disclaimer: str, src_uri: str) -> str:
    """The disclaimer with its links (written relative to docs/) made relative to the page."""
    folder = posixpath.dirname(src_uri)
    if not folder:
        return disclaimer
    return re.sub(r"\]\((?![a-z]+:|#|/)([^)#\s]+)", lambda m: "](" + posixpath.relpath(m[1], folder), disclaimer)


def feedback_links(report_address: str, edit_url: str | None, title: str, url: str) -> str:
    """Under the page's text: "Report a problem with this page", prefilled with the page's title and
    address (an e-mail address or mailto:, or an issue form's address given `title` and `body`), and
    "Suggest a change", the page's source for editors (MkDocs' edit_uri). Each only when configured:
    never a link to a placeholder."""
    links = []
    address = (report_address or "").strip()
    if address:
        subject = f"Problem on the page: {title}"
        body = f"Page: {title}\nAddress: {url}\n\nWhat is wrong, and which sentence:\n"
        if address.startswith("mailto:") or ("@" in address and "://" not in address):
            base = address if address.startswith("mailto:") else f"mailto:{address}"
            query = urllib.parse.urlencode({"subject": subject, "body": body}, quote_via=urllib.parse.quote)
        else:
            base = address
            query = urllib.parse.urlencode({"title": subject, "body": body}, quote_via=urllib.parse.quote)
        href = html.escape(f"{base}{'&' if '?' in base else '?'}{query}")
        links.append(f'<a href="{href}">Report a problem with this page</a>')
    if edit_url:
        links.append(f'<a href="{html.escape(edit_url)}" rel="edit">Suggest a change</a>')
    if not links:
        return ""
    return f'<p class="page-report" data-search-exclude="">{" · ".join(links)}</p>'


def before_references(page_html: str, block: str) -> str:
    """`block` after the page's text and before its reference list (or at the end)."""
    if not block:
        return page_html
    at = citation_marks.list_heading_at(page_html)
    at = len(page_html) if at is None else at
    return f"{page_html[:at]}{block}\n{page_html[at:]}"


def insert_after_title(markdown: str, block: str) -> str:
    """Put `block` where the page marks it (HEADER_MARKER), else right under its `# Title` (or at
    the top if the page has none)."""
    if HEADER_MARKER in markdown:
        return markdown.replace(HEADER_MARKER, block, 1)
    match = re.search(r"^# .*$", markdown, re.MULTILINE)
    if not match:
        return f"{block}\n\n{markdown}"
    return f"{markdown[: match.end()]}\n\n{block}\n\n{markdown[match.end() :].lstrip()}"
