"""A page's citations as readers see them: numbered marks in the text and, at the foot, the list of
the references they point to.

mkdocs-bibtex finds each `[@key]`; it would write it as a Markdown footnote, but here it writes a plain
mark that `write` turns into HTML once the page is rendered: through Python-Markdown's footnotes
extension, citations were about half of the cost of rendering a page. The HTML is the extension's
(Material's citation previews read it), with three changes for readers:

- neighbouring citation numbers are separated by a comma ("2, 4", never "24");
- each reference links to its entry on the References page ("All pages citing this");
- the links back from a reference to the sentences citing it are one "↩" and a short list of letters
  ("↩ a b c", as encyclopaedias do), in reading order, instead of a row of arrows.

Their tap area and look are in docs/stylesheets/extra.css.
"""

from __future__ import annotations

import html
import re
import string
from collections.abc import Callable
from dataclasses import dataclass, field

# Each citation as mkdocs-bibtex writes it for this build (bibtex_engine.write_citations_as): plain text
# to Markdown, nothing in it is syntax, so it reaches the HTML as written.
MARK = "\u27e6cite:{key}\u27e7"
MARKS = re.compile(r"(?:\u27e6cite:[\w-]+\u27e7)+")  # a run of neighbours: [@a; @b]
CITED = re.compile(r"[ \t]*" + MARKS.pattern)  # with the space before it, as the page is written
KEY = re.compile(r"\u27e6cite:([\w-]+)\u27e7")
# Where the page's reference list goes: a paragraph of its own, after the build's "References" heading.
LIST_PLACE = "\u27e6reference list\u27e7"
LIST_PARAGRAPH = f"<p>{LIST_PLACE}</p>"
# Kept out of the search index: each reference is indexed once, on the References page.
LIST_HEADING = '## References {: data-search-exclude="" }'

CITATION = '<sup id="fnref{n}:{key}"><a class="footnote-ref" href="#fn:{key}">{number}</a></sup>'
# A written citation, for the parts of a page that are shown again elsewhere (the print summary).
WRITTEN = re.compile(r'<a class="footnote-ref" href="#fn:(?P<key>[\w-]+)">')
SEPARATOR = '<sup class="citation-separator">,</sup>'
BACK_LINK = (
    '<a class="footnote-backref" href="#fnref:{key}" '
    'aria-label="Jump back to footnote {number} in the text">&#8617;</a>'
)
BACK_LETTER = (
    '<a class="footnote-backref" href="#fnref{n}:{key}" '
    'aria-label="Back to the text, place {place} of {places} citing this">{letter}</a>'
)
ENTRY = (
    '<li id="fn:{key}">\n<p>{reference} · <a href="{everywhere}#ref-{key}">All pages citing this</a>'
    "&#160;{back}</p>\n</li>"
)
LISTING_START = '<div class="footnote">\n<hr />\n<ol>\n'
# Headings, to name the section each citation is in ("Cited on" lines on the References page).
HEADING_OR_MARKS = re.compile(
    r'<h(?P<level>[2-6])[^>]*\sid="(?P<anchor>[^"]+)"[^>]*>(?P<title>.*?)</h(?P=level)>'
    rf"|{MARKS.pattern}",
    re.S,
)
PERMALINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
TAG = re.compile(r"<[^>]+>")
# A place a reference is cited: (the heading's anchor, or None above the first heading; its title).
Section = tuple[str | None, str]


@dataclass
class PageCitations:
    """What `write` numbered on one page: the page's HTML, and each cited key with its number, its
    reference as shown and the sections citing it, in the order the page first cites them."""

    html: str
    numbers: dict[str, int] = field(default_factory=dict)
    references: dict[str, str] = field(default_factory=dict)
    sections: dict[str, list[Section]] = field(default_factory=dict)


def mark(key: str) -> str:
    return MARK.format(key=key)


def list_heading_at(page_html: str) -> int | None:
    """Where the build's own References heading starts: the last heading before the reference list
    (its place, or the list once written), whatever its id (a page may have a "References" of its own)."""
    at = page_html.find(LIST_PARAGRAPH)
    if at < 0:
        at = page_html.find(LISTING_START)
    if at < 0:
        return None
    heading = page_html.rfind("<h2", 0, at)
    return heading if heading >= 0 else at


def for_search(page_html: str) -> str:
    """The page's text as the site's search reads it: no citation numbers (a search for "2" should
    not find every page citing a second source) and no reference list (each reference is found once,
    on the References page). Reading only this is also much of what makes indexing a page quick."""
    page_html = CITED.sub("", page_html)
    start = list_heading_at(page_html)
    if start is None:
        return page_html
    end = page_html.index(LIST_PARAGRAPH, start) + len(LIST_PARAGRAPH)
    return page_html[:start] + page_html[end:]


def _letter(number: int) -> str:
    """a … z, aa … zz, aaa …: as many places as a page cites one source (0 is "a")."""
    letters = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = string.ascii_lowercase[rest] + letters
    return letters


def _title(heading_html: str) -> str:
    return html.unescape(TAG.sub("", PERMALINK.sub("", heading_html))).strip()


def write(page_html: str, reference: Callable[[str], str], everywhere: str) -> PageCitations:
    """The page's HTML with its citations and reference list in place, and what was numbered.
    References are numbered in the order the page first cites them; `reference(key)` gives one's HTML,
    `everywhere` is the References page's address from this page."""
    cited = PageCitations(page_html)
    uses: dict[str, int] = {}
    section: Section = (None, "")

    def citation(key: str) -> str:
        number = cited.numbers.setdefault(key, len(cited.numbers) + 1)
        n = uses[key] = uses.get(key, 0) + 1
        places = cited.sections.setdefault(key, [])
        if section not in places:
            places.append(section)
        return CITATION.format(n=n if n > 1 else "", key=key, number=number)

    def replace(found: re.Match[str]) -> str:
        nonlocal section
        if found["anchor"]:
            section = (found["anchor"], _title(found["title"]))
            return found[0]
        return SEPARATOR.join(citation(key) for key in KEY.findall(found[0]))

    marked = HEADING_OR_MARKS.sub(replace, page_html)
    if not cited.numbers:
        return cited
    entries = []
    for key, number in cited.numbers.items():
        count = uses[key]
        if count > 1:
            letters = " ".join(
                BACK_LETTER.format(n=n if n > 1 else "", key=key, place=n, places=count, letter=_letter(n - 1))
                for n in range(1, count + 1)
            )
            back = f'<span class="footnote-backrefs"><span aria-hidden="true">&#8617;</span> {letters}</span>'
        else:
            back = BACK_LINK.format(key=key, number=number)
        cited.references[key] = reference(key)
        entries.append(ENTRY.format(key=key, reference=cited.references[key], everywhere=everywhere, back=back))
    listing = LISTING_START + "\n".join(entries) + "\n</ol>\n</div>"
    if LIST_PARAGRAPH not in marked:  # never leave a citation pointing nowhere
        cited.html = f"{marked}\n{listing}"
    else:
        cited.html = marked.replace(LIST_PARAGRAPH, listing, 1)
    return cited
