"""A one-page summary to take to an appointment: a link after a page's Key points opens the same page
as a summary (its address ends in #print-summary), which shows and prints only the title, the review
dates, Key points, "Questions to ask your care team", the sources those cite, space for notes, a
helpline and the page's full address. It works with no script; with one
(docs/javascripts/print-summary.js), a Print button shows too, since a phone's browser hides its
Print command in a menu, and the address gets the site's domain when the build was not given one
(SITE_URL). The styles are in docs/stylesheets/extra.css ("One-page summary").

Everything here is added after the page's HTML has been sanitised: it is the project's own output."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from salvage_site.citation_marks import WRITTEN, PageCitations
from salvage_site.helplines import Helplines, Organisation

TARGET = "print-summary"
# Material's admonition for `!!! abstract "Key points"` as Python-Markdown writes it.
KEY_POINTS = re.compile(
    r'<div class="admonition abstract">\s*<p class="admonition-title">Key points</p>.*?</div>', re.S
)
TITLE = re.compile(r'<h1\b[^>]*?(?:\sid="(?P<id>[^"]+)")?[^>]*>.*?</h1>', re.S)
# "Questions to ask your care team" and the plain list right after it, as the summary shows them. The
# heading's match stops at its own </h2>: where no plain list follows (the decision aid's questions are
# a list of its own, class and all), nothing matches, rather than a later heading's list with every
# source cited between the two.
QUESTIONS = re.compile(r'<h2 id="questions[^"]*"(?:(?!</h2>).)*</h2>\s*<ul>.*?</ul>', re.S)
KIND = re.compile(r'<span class="source-kind">.*?</span>\s*', re.S)
# On paper a source is its authors, title, publication and year: the first link (DOI, PubMed, web
# address) and what follows it are on the page the printed address leads to.
LINKED = re.compile(r"\s*<a\b.*$", re.S)
# ... and a journal's volume and pages are left out: "<em>Journal of Urology</em>. 2019;202(2):369–378."
# prints as "<em>Journal of Urology</em>. 2019."
VOLUME = re.compile(r"(</em>\.\s*(?:19|20)\d\d)[;:][^<]*$")

SUMMARY_NOTE = (
    f'<p id="{TARGET}" class="print-summary-only print-summary-note" data-search-exclude="">'
    "One-page summary of this page, to take to an appointment. "
    "Print it with your browser’s Print command"
    '<span class="print-summary-button-said" hidden=""> or this button</span>. '
    '<a href="#{title}">Show the whole page</a></p>'
    '<p class="print-summary-only print-summary-actions" data-search-exclude="" hidden="">'
    '<button type="button" class="md-button md-button--primary print-summary-button">'
    "Print this summary</button></p>"
)
SUMMARY_LINK = (
    f'<p class="print-summary-link" data-search-exclude=""><a href="#{TARGET}">One-page summary to print</a></p>'
)
NOTES = (
    '<div class="print-summary-only print-notes" data-search-exclude="">'
    '<p class="print-notes__title">My notes</p>'
    + '<span class="print-notes__line" aria-hidden="true"></span>' * 3
    + "</div>"
)

# ---- Helplines --------------------------------------------------------------------------------
# The summary names one UK and one US line for the page's readers, from the site's table of helplines
# (docs/includes/helplines.yml, read by helplines.py): the `topics` below choose the list, and the
# first UK and first US organisation in it with a phone number are shown.
# The first part of a page's address -> the table's topic; a page in no section here gets none.
TOPICS = {
    "prostate": "prostate",
    "other-cancers/aml": "blood-cancer",
    "other-cancers/hodgkin": "blood-cancer",
    "other-cancers": "cancer",
    "living-with": "cancer",
    "hiv": "hiv",
}
COUNTRIES = ("UK", "US")


def topic_of(address: str) -> str | None:
    """The helpline topic of a page, from its address (relative, or full with the site's domain)."""
    path = re.sub(r"^[a-z]+://[^/]+", "", address).strip("/")
    parts = path.split("/")
    for start in range(len(parts)):
        rest = "/".join(parts[start:])
        for prefix, topic in TOPICS.items():  # longest prefixes first in the table
            if rest == prefix or rest.startswith(prefix + "/"):
                return topic
    return None


def phone_lines(data: Helplines, address: str) -> list[Organisation]:
    """The first organisation with a phone number in each of COUNTRIES, for the page's topic."""
    keys = data.topics.get(topic_of(address) or "", ())
    with_phone = [data.organisations[key] for key in keys if data.organisations[key].phone]
    firsts = (next((line for line in with_phone if line.country == country), None) for country in COUNTRIES)
    return [line for line in firsts if line]


def helpline_block(lines: Sequence[Organisation]) -> str:
    if not lines:
        return ""
    items = "".join(
        f"<li><strong>{html.escape(line.country)}:</strong> {html.escape(line.name)}, "
        f'<a href="tel:{html.escape(line.tel)}">{html.escape(line.phone)}</a>'
        + (f" ({html.escape(line.hours)})" if line.hours else "")
        + "</li>"
        for line in lines
    )
    return (
        f'<div class="print-summary-only print-helplines" data-search-exclude="">'
        f'<p class="print-helplines__title">Helplines</p>'
        f"<ul>{items}</ul></div>"
    )


# A list of people's names as the reference style writes it: "Morgan TM, Boorjian SA, Chen DYT, et al. "
AUTHORS = re.compile(r"^(?P<first>[^,.<]+ [A-Z]{1,3}), (?:[^,.<]+ [A-Z]{1,3}, )+(?:[^,.<]+ [A-Z]{1,3}|et al)\. ")


TITLE_CHARACTERS = 70  # a longer title is cut at a word, with "…": the page has it whole
TAGS_BUT_EM = re.compile(r"<(?!/?em>)[^>]+>")


def first_author(reference: str) -> str:
    """A reference with three or more authors shortened to the first, "et al." (the page has them all)."""
    return AUTHORS.sub(lambda names: f"{names['first']}, et al. ", reference, count=1)


def _cut(text: str, at: int) -> str:
    if len(text) <= at:
        return text
    return text[:at].rsplit(" ", 1)[0].rstrip(" ,;:.") + "…"


def short_reference(reference: str) -> str:
    """A reference as the summary prints it: first author, title (cut if long), journal and year,
    no links. Where the page's entry has no journal (a web page, a guideline), its first words."""
    text = VOLUME.sub(r"\1.", LINKED.sub("", KIND.sub("", reference)).strip())
    text = first_author(TAGS_BUT_EM.sub("", text))
    authors = re.match(r"^(?:[^,.<]+ [A-Z]{1,3}, et al\. |(?:[^,.<]+ [A-Z]{1,3}, )*[^,.<]+ [A-Z]{1,3}\. )", text)
    journal = text.find("<em>")
    if authors and journal > authors.end():
        title = text[authors.end() : journal].strip()
        title = _cut(title.rstrip("."), TITLE_CHARACTERS)
        return f"{text[: authors.end()]}{title}{'' if title.endswith('…') else '.'} {text[journal:]}"
    if "<em>" in text:
        return text
    text = _cut(text.rstrip("."), TITLE_CHARACTERS + 30)
    return text if text.endswith("…") else text + "."


def sources(parts: list[str], citations: PageCitations) -> str:
    """The references cited in the summary's parts, numbered as on the page, as a short list."""
    keys = dict.fromkeys(mark["key"] for part in parts for mark in WRITTEN.finditer(part))
    items = [
        f'<li value="{citations.numbers[key]}">{short_reference(citations.references[key])}</li>'
        for key in sorted(keys, key=lambda key: citations.numbers.get(key, 0))
        if key in citations.numbers
    ]
    if not items:
        return ""
    return (
        '<div class="print-summary-only print-sources" data-search-exclude="">'
        f'<p class="print-sources__title">Sources of the key points</p><ol>{"".join(items)}</ol></div>'
    )


def add(page_html: str, address: str, citations: PageCitations, helplines: Sequence[Organisation]) -> str:
    """The page with its summary link and note, and the summary's sources, notes space, helpline and
    address; unchanged if it has no Key points."""
    key_points, title = KEY_POINTS.search(page_html), TITLE.search(page_html)
    if not (key_points and title and title.end() <= key_points.start()):
        return page_html
    questions = QUESTIONS.search(page_html, key_points.end())
    full = "://" in address
    shown = (
        f'<p class="print-summary-only print-address" data-search-exclude="">'
        f'From the Salvage Therapy Guide: <span class="print-address__url"'
        f"{'' if full else ' data-relative'}>{html.escape(address)}</span></p>"
    )
    end = key_points.end()
    note = SUMMARY_NOTE.replace("{title}", title["id"] or "")
    extra = (
        sources([key_points[0]] + ([questions[0]] if questions else []), citations)
        + NOTES
        + helpline_block(helplines)
        + shown
    )
    return page_html[: title.end()] + note + page_html[title.end() : end] + SUMMARY_LINK + page_html[end:] + extra
